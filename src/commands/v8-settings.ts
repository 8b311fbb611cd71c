// What novatrace sets of V8 for itself: the bound on heap growth that analyze, trace, the terminal UI and follow set
// before they read, and how much the optimizing compiler inlines, set before any command runs.

import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what its last full collection found alive before the next one: 50%
 * (one and a half times the live size) instead of its default of up to 300% (four times). Nearly every entry lives
 * a while (minutes of log time in its request's group in an analysis, seconds in follow) and then dies, so far more
 * is promoted out of the young generation than is ever alive at once (about 470 MB promoted on the 291 MB bench
 * corpus while 20 to 30 MB are alive); no retention to remove explains the heap's swings, V8's factor does.
 * - analyze: at fourfold the heap swung to 160 MB (peak RSS 230-270 MB), and when a full collection ran long on a busy
 *   machine it counted its floating garbage as alive (90 MB instead of 20) and let the heap reach 390 MB (peak RSS
 *   515-566 MB). At twice, once the merge no longer waited for the parsing thread, 1.2 GB of logs still peaked at
 *   214-288 MB (the heap 157 MB with 47 MB in use, the main thread allocating without a pause); at one and a half,
 *   187-192 MB, in the same time.
 * - follow holds little (its bound on entries) but makes much that dies within seconds: 414 MB peak at 110,000 lines
 *   a second at fourfold, 237 MB at one and a half (npm run bench:follow), the same lag.
 * Read by V8 at each full collection, so setting it before reading takes effect.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Sets that bound for this process (`set`: V8's own setter, given by a test). */
export function boundHeapGrowth(set: (flags: string) => void = setFlagsFromString): void {
  set(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * Bytecode inlined into one optimized function at most: 300 bytes instead of V8's 920. A run of a few seconds
 * spends a good part of its CPU time compiling (on the bench corpus, analyze compiled for about 0.58 s of its 3.3 s
 * of CPU: `--no-concurrent-recompilation` moved that onto its two threads), and the largest compilations are the
 * functions the most is inlined into (the timeline builder's took 137 ms alone). Measured in alternating pairs (5
 * each, 2 cores): analyze --json --no-cache 0.96 times the wall time on 248 files, 0.97 on 4 files, 0.93 on the
 * fault-injection set; merge --json 0.96; on 1.2 GB, where compiling is a smaller share, 1.00. 150 gave the same as
 * 300; no inlining at all, 1.00 (slower code ate what compiling saved). Read by V8 at each compilation, so setting
 * it at start-up reaches every one, on the parsing threads too (a flag is the process's).
 */
export const INLINED_BYTECODE_CUMULATIVE = 300;

/** Sets that budget for this process (`set`: V8's own setter, given by a test). */
export function boundInlining(set: (flags: string) => void = setFlagsFromString): void {
  set(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
}
