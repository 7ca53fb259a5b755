import { describe, expect, it } from 'vitest';
import { fromDateTimeLocal } from '../../../lib/format';
import { rangeEndingAt, validate } from './history-form';

describe('validate', () => {
  const ok = { series: ['a/b'], from: '2026-12-04T13:00:00', to: '2026-12-04T14:00:00' };

  it('accepts a proper range and converts it to epoch milliseconds', () => {
    const { errors, query } = validate(ok);
    expect(errors).toEqual({});
    expect(query).toEqual({
      series: ['a/b'],
      from: new Date(2026, 11, 4, 13, 0, 0).getTime(),
      to: new Date(2026, 11, 4, 14, 0, 0).getTime(),
    });
  });

  it('rejects from >= to on the end field', () => {
    expect(validate({ ...ok, to: ok.from }).errors).toEqual({ to: 'End must be later than start.' });
    expect(validate({ ...ok, from: '2026-12-04T15:00' }).query).toBeNull();
  });

  it('requires series and both times', () => {
    const { errors } = validate({ series: [], from: '', to: 'garbage' });
    expect(errors.series).toMatch(/at least one series/);
    expect(errors.from).toMatch(/start/);
    expect(errors.to).toMatch(/valid end/);
  });
});

describe('rangeEndingAt', () => {
  it('gives local datetime strings spanning the range', () => {
    const now = new Date(2026, 11, 4, 14, 0, 0).getTime();
    const { from, to } = rangeEndingAt(now, 15 * 60_000);
    expect(fromDateTimeLocal(to)).toBe(now);
    expect(fromDateTimeLocal(from)).toBe(now - 15 * 60_000);
  });
});
