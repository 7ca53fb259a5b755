import { useState } from 'react';
import { visibleRows } from '../../../components/virtual-rows';
import { formatFullTime } from '../../../lib/format';
import type { Point } from '../../../lib/m4';

const ROW_HEIGHT = 28;
const VIEWPORT_HEIGHT = 420;

/** Raw points in a virtualized table: only the rows in view are in the DOM. */
export function PointsTable({ points, unit }: { points: readonly Point[]; unit: string }) {
  const [scrollTop, setScrollTop] = useState(0);
  const rows = visibleRows(points.length, scrollTop, VIEWPORT_HEIGHT, ROW_HEIGHT);
  return (
    <div
      className="points-scroll"
      style={{ height: VIEWPORT_HEIGHT }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label="Raw points table"
    >
      <table className="data-table" data-testid="points-table" aria-rowcount={points.length + 1}>
        <thead>
          <tr style={{ height: ROW_HEIGHT }}>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Epoch ms</th>
            <th scope="col">Value{unit ? ` (${unit})` : ''}</th>
          </tr>
        </thead>
        <tbody>
          {rows.padTop > 0 ? <tr aria-hidden="true" style={{ height: rows.padTop }} /> : null}
          {points.slice(rows.start, rows.end).map(([ts, value], i) => {
            const index = rows.start + i;
            return (
              <tr key={index} style={{ height: ROW_HEIGHT }} aria-rowindex={index + 2}>
                <td>{index + 1}</td>
                <td>{formatFullTime(ts)}</td>
                <td>{ts}</td>
                <td>{value}</td>
              </tr>
            );
          })}
          {rows.padBottom > 0 ? <tr aria-hidden="true" style={{ height: rows.padBottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
