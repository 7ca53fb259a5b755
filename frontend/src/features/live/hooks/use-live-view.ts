/**
 * The live page's view state, kept in the query string so a view can be shared:
 * `hide` (series ids), `from`/`to` (zoomed range), `paused` (time the view froze).
 */
import { useMemo } from 'react';
import { useQueryParams } from '../../../lib/use-location';

export interface LiveView {
  hidden: ReadonlySet<string>;
  zoom: { from: number; to: number } | null;
  pausedAt: number | null;
}

export interface LiveViewActions {
  toggle: (id: string) => void;
  zoomTo: (from: number, to: number) => void;
  pause: (at: number) => void;
  backToLive: () => void;
}

function readNumber(params: URLSearchParams, name: string): number | null {
  const raw = params.get(name);
  if (raw === null || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

export function parseLiveView(params: URLSearchParams): LiveView {
  const hidden = new Set(params.getAll('hide').filter(Boolean));
  const from = readNumber(params, 'from');
  const to = readNumber(params, 'to');
  return {
    hidden,
    zoom: from !== null && to !== null && from < to ? { from, to } : null,
    pausedAt: readNumber(params, 'paused'),
  };
}

export function useLiveView(): LiveView & LiveViewActions {
  const [params, update] = useQueryParams();
  const search = params.toString();
  const view = useMemo(() => parseLiveView(new URLSearchParams(search)), [search]);

  const actions = useMemo<LiveViewActions>(
    () => ({
      toggle: (id) =>
        update((p) => {
          const hidden = p.getAll('hide');
          p.delete('hide');
          const next = hidden.includes(id) ? hidden.filter((h) => h !== id) : [...hidden, id];
          for (const h of next) p.append('hide', h);
        }),
      zoomTo: (from, to) =>
        update((p) => {
          p.set('from', String(Math.round(from)));
          p.set('to', String(Math.round(to)));
        }),
      pause: (at) => update((p) => p.set('paused', String(Math.round(at)))),
      backToLive: () =>
        update((p) => {
          p.delete('from');
          p.delete('to');
          p.delete('paused');
        }),
    }),
    [update],
  );

  return { ...view, ...actions };
}
