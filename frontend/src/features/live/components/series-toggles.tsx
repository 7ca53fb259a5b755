import type { SeriesInfo } from '../../../lib/api/get-series';

export function SeriesToggles({
  series,
  hidden,
  onToggle,
}: {
  series: readonly SeriesInfo[];
  hidden: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  if (series.length === 0) return null;
  return (
    <fieldset className="toggles">
      <legend>Visible series</legend>
      {series.map((s) => (
        <label key={s.id} className="toggle">
          <input type="checkbox" checked={!hidden.has(s.id)} onChange={() => onToggle(s.id)} />
          {s.name}
        </label>
      ))}
    </fieldset>
  );
}
