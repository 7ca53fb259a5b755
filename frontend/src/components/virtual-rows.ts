/**
 * Which rows of a fixed-row-height list to render for a scroll position, so a
 * table of tens of thousands of rows keeps only a screenful in the DOM.
 */
export interface RowWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

export function visibleRows(
  total: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  overscan = 10,
): RowWindow {
  // A stale scroll position (the list just shrank) must not point past the end.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), Math.max(0, total - 1));
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + Math.ceil(viewportHeight / rowHeight) + overscan);
  return {
    start,
    end: Math.max(start, end),
    padTop: start * rowHeight,
    padBottom: Math.max(0, (total - Math.max(start, end)) * rowHeight),
  };
}
