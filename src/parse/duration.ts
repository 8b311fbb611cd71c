// Durations users write (rules budgets, --idle-timeout): `250ms`, `30s`, `1.5m`, `2h` -> milliseconds. A bare number is refused: `30`
// could mean seconds or milliseconds, and a budget read the wrong way passes everything.

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const DURATION_HINT = 'a duration such as 250ms, 30s, 1.5m or 2h';

/** Milliseconds, or null when the value is not a duration. */
export function parseDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = DURATION.exec(value.trim());
  if (!m) return null;
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}
