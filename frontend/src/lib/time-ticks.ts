/**
 * Tick positions for a time axis on round wall-clock boundaries (every 10 min,
 * 30 s, ...), so ticks stay put while the window slides instead of jittering.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
];

export function tickStep(spanMs: number, maxTicks: number): number {
  const wanted = spanMs / Math.max(1, maxTicks);
  return STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

/**
 * Ticks within [from, to]. Steps of an hour or less are aligned in local time
 * (minus the zone offset) so labels read 14:10, 14:20 in every time zone.
 */
export function timeTicks(from: number, to: number, maxTicks = 6): number[] {
  if (!(to > from)) return [];
  const step = tickStep(to - from, maxTicks);
  const offset = step <= HOUR ? new Date(from).getTimezoneOffset() * MINUTE : 0;
  const ticks: number[] = [];
  let t = Math.ceil((from - offset) / step) * step + offset;
  for (; t <= to; t += step) ticks.push(t);
  return ticks;
}
