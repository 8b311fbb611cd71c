// Whether V8 collects the young generation with helper threads while parsing threads run (parse-pool.ts).
//
// A scavenge is split over helper threads, one per core, besides the thread whose heap it is. When the JavaScript
// threads already keep every core busy (the main thread and a parsing thread on two cores), the helpers only take
// turns with them: measured on the bench corpus (analyze --json --no-cache, 2 cores, alternating pairs), scavenging
// in the thread alone took 0.94 to 0.96 times the wall time with the parse pool, and 1.04 times without it (one
// JavaScript thread, the second core free for the helpers). So it is switched off only while the pool's threads and
// this one are at least as many as the cores, and back on when the pool closes.

import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** Pools open that switched the helpers off: the last one to close switches them on again. */
let holders = 0;

/**
 * For a pool of `workers` parsing threads about to start: scavenges run in each thread alone if the threads fill
 * the cores. Returns what to call when the pool closes (once; nothing when nothing was switched).
 */
export function scavengeAloneWhileBusy(
  workers: number,
  cores: number = availableParallelism(),
  set: (flags: string) => void = setFlagsFromString,
): () => void {
  if (workers <= 0 || workers + 1 < cores) return () => undefined;
  if (holders++ === 0) set('--no-parallel-scavenge');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) set('--parallel-scavenge');
  };
}
