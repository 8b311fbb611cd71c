// `10m`, `30s`, `250ms`, `1.5h`, `2d` -> milliseconds: durations users type (idle timeouts, budgets).

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Throws with a message naming the text when it is not a duration. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration (examples: 250ms, 30s, 10m, 1.5h, 2d)`);
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}
