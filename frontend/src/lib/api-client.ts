/**
 * Thin fetch wrapper for the backend API. A non-2xx answer with the body
 * `{"error":{"code","message"}}` becomes an ApiError carrying that message, so
 * screens can show what the server said instead of a bare status code.
 */

export type QueryValue = string | number | readonly (string | number)[] | null | undefined;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Builds `path?k=v&k=v2`; arrays repeat the key, empty values are left out. */
export function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as readonly (string | number)[]) params.append(key, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `Request failed: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error = (body as { error: unknown }).error;
      if (typeof error === 'object' && error !== null) {
        const { code, message } = error as { code?: unknown; message?: unknown };
        return new ApiError(
          typeof message === 'string' && message ? message : fallback,
          response.status,
          typeof code === 'string' ? code : 'unknown',
        );
      }
    }
  } catch {
    // Not JSON (a proxy error page, for instance): keep the status line.
  }
  return new ApiError(fallback, response.status, 'unknown');
}

export async function apiGet<T>(
  path: string,
  query: Record<string, QueryValue> = {},
  signal?: AbortSignal,
): Promise<T> {
  const response = await fetch(buildUrl(path, query), {
    headers: { Accept: 'application/json' },
    signal,
  });
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
