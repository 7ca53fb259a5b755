/**
 * `GET /api/stream`: the SSE endpoint. URL builder and the typed payloads of its
 * events (`samples`, `series`, `reset`); the hook that uses it is
 * `hooks/use-telemetry-stream.ts`.
 */
import { buildUrl } from '../../../lib/api-client';
import type { SeriesInfo } from '../../../lib/api/get-series';
import type { SeriesSample } from '../lib/series-window';

export interface SamplesEvent {
  seq: number;
  samples: SeriesSample[];
}

/** `since` resumes after that batch; the browser's own retries send Last-Event-ID. */
export function streamUrl(since: number | null): string {
  return buildUrl('/api/stream', { since: since ?? undefined });
}

export function parseSamplesEvent(data: string): SamplesEvent | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { seq, samples } = parsed as { seq?: unknown; samples?: unknown };
    if (typeof seq !== 'number' || !Array.isArray(samples)) return null;
    const valid = samples.filter(
      (s): s is SeriesSample =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as SeriesSample).series === 'string' &&
        typeof (s as SeriesSample).ts === 'number' &&
        typeof (s as SeriesSample).value === 'number',
    );
    return { seq, samples: valid };
  } catch {
    return null;
  }
}

export function parseSeriesEvent(data: string): SeriesInfo | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const s = parsed as Partial<SeriesInfo>;
    if (typeof s.id !== 'string') return null;
    const slash = s.id.indexOf('/');
    return {
      ...s,
      id: s.id,
      source: s.source ?? (slash > 0 ? s.id.slice(0, slash) : s.id),
      signal: s.signal ?? s.id.slice(slash + 1),
      name: s.name ?? s.signal ?? s.id,
      unit: s.unit ?? '',
    };
  } catch {
    return null;
  }
}
