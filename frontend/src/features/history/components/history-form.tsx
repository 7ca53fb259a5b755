import { useId, useState, type FormEvent } from 'react';
import type { SeriesInfo } from '../../../lib/api/get-series';
import {
  QUICK_RANGES,
  rangeEndingAt,
  validate,
  type FormErrors,
  type FormValues,
  type ValidQuery,
} from '../lib/history-form';

export interface HistoryFormProps {
  series: readonly SeriesInfo[];
  initial: FormValues;
  onSubmit: (query: ValidQuery) => void;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  ) : null;
}

export function HistoryForm({ series, initial, onSubmit }: HistoryFormProps) {
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const id = useId();

  // After the first submit, errors follow the edits so they clear as soon as fixed.
  const change = (patch: Partial<FormValues>): void => {
    const next = { ...values, ...patch };
    setValues(next);
    if (submitted) setErrors(validate(next).errors);
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    setSubmitted(true);
    const result = validate(values);
    setErrors(result.errors);
    if (result.query) onSubmit(result.query);
  };

  const toggle = (seriesId: string): void =>
    change({
      series: values.series.includes(seriesId)
        ? values.series.filter((s) => s !== seriesId)
        : [...values.series, seriesId],
    });

  const err = (name: keyof FormValues) => `${id}-${name}-error`;

  return (
    <form className="history-form" onSubmit={submit} noValidate aria-label="History query">
      <fieldset
        className="series-picker"
        aria-describedby={errors.series ? err('series') : undefined}
        aria-invalid={errors.series ? true : undefined}
      >
        <legend>Series</legend>
        {series.map((s) => (
          <label key={s.id} className="toggle">
            <input
              type="checkbox"
              name="series"
              value={s.id}
              checked={values.series.includes(s.id)}
              onChange={() => toggle(s.id)}
            />
            {s.name}
            {s.unit ? <span className="muted"> ({s.unit})</span> : null}
          </label>
        ))}
        <button type="button" className="link-button" onClick={() => change({ series: series.map((s) => s.id) })}>
          All
        </button>
        <button type="button" className="link-button" onClick={() => change({ series: [] })}>
          None
        </button>
        <FieldError id={err('series')} message={errors.series} />
      </fieldset>

      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            name="from"
            type="datetime-local"
            step={1}
            value={values.from}
            aria-invalid={errors.from ? true : undefined}
            aria-describedby={errors.from ? err('from') : undefined}
            onChange={(e) => change({ from: e.target.value })}
          />
          <FieldError id={err('from')} message={errors.from} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            name="to"
            type="datetime-local"
            step={1}
            value={values.to}
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={errors.to ? err('to') : undefined}
            onChange={(e) => change({ to: e.target.value })}
          />
          <FieldError id={err('to')} message={errors.to} />
        </div>
        <div className="field">
          <span id={`${id}-quick`}>Quick range</span>
          <div className="quick-ranges" role="group" aria-labelledby={`${id}-quick`}>
            {QUICK_RANGES.map((r) => (
              <button key={r.label} type="button" onClick={() => change(rangeEndingAt(Date.now(), r.ms))}>
                {r.label}
              </button>
            ))}
          </div>
        </div>
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" className="primary">
            Show
          </button>
        </div>
      </div>
    </form>
  );
}
