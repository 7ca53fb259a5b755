import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseLiveView, useLiveView } from './use-live-view';

describe('parseLiveView', () => {
  it('reads hidden series, zoom and pause', () => {
    const view = parseLiveView(new URLSearchParams('hide=a%2Fb&hide=c%2Fd&from=10&to=20&paused=30'));
    expect([...view.hidden]).toEqual(['a/b', 'c/d']);
    expect(view.zoom).toEqual({ from: 10, to: 20 });
    expect(view.pausedAt).toBe(30);
  });

  it('ignores an inverted zoom', () => {
    expect(parseLiveView(new URLSearchParams('from=20&to=10')).zoom).toBeNull();
  });
});

describe('useLiveView', () => {
  it('writes the view to the query string without adding history entries', () => {
    const before = window.history.length;
    const { result } = renderHook(() => useLiveView());
    act(() => result.current.toggle('a/b'));
    act(() => result.current.zoomTo(1000.4, 2000.6));
    expect(window.location.search).toBe('?hide=a%2Fb&from=1000&to=2001');
    expect(result.current.hidden.has('a/b')).toBe(true);
    expect(result.current.zoom).toEqual({ from: 1000, to: 2001 });

    act(() => result.current.toggle('a/b'));
    act(() => result.current.backToLive());
    expect(window.location.search).toBe('');
    expect(result.current.zoom).toBeNull();
    expect(window.history.length).toBe(before);
  });
});
