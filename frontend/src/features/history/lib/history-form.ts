/**
 * The history form's values and their validation, pure so the rules are tested
 * without rendering. Times are `datetime-local` strings in local time.
 */
import { fromDateTimeLocal, toDateTimeLocal } from '../../../lib/format';

export interface FormValues {
  series: string[];
  from: string;
  to: string;
}

export type FormErrors = Partial<Record<keyof FormValues, string>>;

export interface ValidQuery {
  series: string[];
  from: number;
  to: number;
}

export const QUICK_RANGES = [
  { label: 'Last 5 min', ms: 5 * 60_000 },
  { label: 'Last 15 min', ms: 15 * 60_000 },
  { label: 'Last 1 h', ms: 60 * 60_000 },
] as const;

export function rangeEndingAt(now: number, spanMs: number): Pick<FormValues, 'from' | 'to'> {
  return { from: toDateTimeLocal(now - spanMs), to: toDateTimeLocal(now) };
}

export function validate(values: FormValues): { errors: FormErrors; query: ValidQuery | null } {
  const errors: FormErrors = {};
  if (values.series.length === 0) errors.series = 'Choose at least one series.';
  const from = fromDateTimeLocal(values.from);
  const to = fromDateTimeLocal(values.to);
  if (from === null) errors.from = values.from ? 'Enter a valid start date and time.' : 'Enter a start date and time.';
  if (to === null) errors.to = values.to ? 'Enter a valid end date and time.' : 'Enter an end date and time.';
  if (from !== null && to !== null && from >= to) errors.to = 'End must be later than start.';
  const ok = Object.keys(errors).length === 0;
  return { errors, query: ok ? { series: values.series, from: from as number, to: to as number } : null };
}
