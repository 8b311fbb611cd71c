// How much code V8's optimizing compiler may inline into one function, set before any command runs.

import { setFlagsFromString } from 'node:v8';

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
