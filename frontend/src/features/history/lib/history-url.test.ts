import { describe, expect, it } from 'vitest';
import { readQuery, writeQuery } from './history-url';

describe('history query in the URL', () => {
  it('round-trips', () => {
    const params = new URLSearchParams('keep=1');
    writeQuery(params, { series: ['a/b', 'c/d'], from: 10, to: 20 });
    expect(readQuery(new URLSearchParams(params.toString()))).toEqual({ series: ['a/b', 'c/d'], from: 10, to: 20 });
    expect(params.get('keep')).toBe('1');
  });

  it('ignores incomplete or inverted ranges', () => {
    expect(readQuery(new URLSearchParams('series=a/b&from=10'))).toBeNull();
    expect(readQuery(new URLSearchParams('series=a/b&from=30&to=20'))).toBeNull();
    expect(readQuery(new URLSearchParams('from=10&to=20'))).toBeNull();
  });
});
