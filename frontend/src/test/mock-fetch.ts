import { vi } from 'vitest';

export type Route = (url: URL) => { status?: number; body: unknown } | undefined;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/**
 * Replaces fetch with a router over path names. Returns the mock so tests can
 * inspect the requested URLs; an unrouted path answers 404 in the API's format.
 */
export function mockFetch(routes: Record<string, Route | unknown>) {
  const mock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input.toString(), 'http://localhost');
    const route = routes[url.pathname];
    if (route === undefined) {
      return jsonResponse({ error: { code: 'not_found', message: `no route ${url.pathname}` } }, 404);
    }
    if (typeof route === 'function') {
      const answer = (route as Route)(url);
      if (!answer) return jsonResponse({ error: { code: 'not_found', message: 'no answer' } }, 404);
      return jsonResponse(answer.body, answer.status ?? 200);
    }
    return jsonResponse(route);
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

/** URLs requested so far whose path is `path`. */
export function requested(mock: ReturnType<typeof mockFetch>, path: string): URL[] {
  return mock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === path);
}
