// Types of bench/bench-lib.mjs for its unit test (test/bench/bench-lib.test.ts).

export function median(xs: readonly number[]): number;
export function offersCache(helpText: string): boolean;
export function verdict(value: number | null | undefined, limit: number, options?: { atLeast?: boolean; strict?: boolean }): boolean | null;
export function verdictWord(pass: boolean | null, skipped?: string | null): string;
export function growthTargets(
  corpus: { readonly copies: number; readonly sources: Readonly<Record<string, { readonly bytes: number }>> },
  services: readonly string[],
  fraction: number,
): Record<string, number>;

export interface ScalingPoint {
  readonly mb: number;
  readonly seconds: number;
  readonly rssMb: number;
}
export interface ScalingVerdict {
  secondsPerMb: number[];
  timeSpread: number;
  marginalSecondsPerMb: number[];
  marginalQuartiles: [number, number][] | null;
  slopeSpread: number;
  slopeRatioIntervals: { steps: [number, number]; interval: [number, number] }[] | null;
  linear: boolean | null;
  undecided: boolean;
  rssSpread: number;
  rssFlat: boolean | null;
}
export function scalingVerdict(
  points: readonly ScalingPoint[],
  tolerance?: number,
  options?: { rounds?: readonly (readonly number[])[] | null; level?: number; resamples?: number },
): ScalingVerdict;
export function rssSpreadOf(points: readonly { readonly mb: number; readonly rssMb: number }[]): number;
export function quantile(xs: readonly number[], q: number): number;
export function linearWord(v: ScalingVerdict): string;
export function fourFilesToCopies(
  fourDir: string,
  corpusDir: string,
  linesPerCopy: Readonly<Record<string, number>>,
  copyName: (k: number) => string,
): (key: string, value: unknown) => unknown;
