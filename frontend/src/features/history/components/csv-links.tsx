import type { SeriesInfo } from '../../../lib/api/get-series';
import { historyCsvUrl } from '../api/get-history';
import type { RangeQuery } from '../api/get-stats';

function fileName(id: string, from: number, to: number): string {
  return `${id.replace(/[^a-z0-9_-]+/gi, '_')}_${from}_${to}.csv`;
}

export function CsvLinks({ query, series }: { query: RangeQuery; series: readonly SeriesInfo[] }) {
  return (
    <section className="panel" aria-labelledby="csv-title">
      <h2 id="csv-title">Download CSV</h2>
      <ul className="csv-links">
        {query.series.map((id) => {
          const info = series.find((s) => s.id === id);
          return (
            <li key={id}>
              <a
                href={historyCsvUrl(id, query.from, query.to)}
                download={fileName(id, query.from, query.to)}
                data-testid={`csv-${id}`}
              >
                {info?.name ?? id} (CSV)
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
