import { describe, expect, it } from 'vitest';
import { mockFetch } from '../test/mock-fetch';
import { apiGet, ApiError, buildUrl } from './api-client';

describe('buildUrl', () => {
  it('repeats array keys and skips empty values', () => {
    expect(buildUrl('/api/stats', { series: ['a/b', 'c/d'], from: 1, to: undefined, x: '' })).toBe(
      '/api/stats?series=a%2Fb&series=c%2Fd&from=1',
    );
    expect(buildUrl('/api/series')).toBe('/api/series');
  });
});

describe('apiGet', () => {
  it('returns the JSON body of a 2xx answer', async () => {
    mockFetch({ '/api/series': [{ id: 'a/b' }] });
    await expect(apiGet('/api/series')).resolves.toEqual([{ id: 'a/b' }]);
  });

  it('turns an error body into an ApiError with its message and code', async () => {
    mockFetch({
      '/api/stats': () => ({ status: 400, body: { error: { code: 'bad_request', message: 'from is after to' } } }),
    });
    const error = await apiGet('/api/stats').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('from is after to');
    expect((error as ApiError).code).toBe('bad_request');
    expect((error as ApiError).status).toBe(400);
  });

  it('falls back to the status when the body is not the error format', async () => {
    mockFetch({ '/api/x': () => ({ status: 502, body: 'oops' }) });
    await expect(apiGet('/api/x')).rejects.toThrow('HTTP 502');
  });
});
