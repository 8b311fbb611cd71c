// What one parser remembers from line to line to read the next one faster (the last logger, context bracket,
// instance tag and minute) and the objects it overwrites on each line. Each EntryParser makes its own and passes it
// down to the dialects in its LineContext: files parsed in turns (a merge, a follow, `tail -f a b` on stdin) never
// read each other's, and no module variable holds anything a parse depends on. Only the code location table may be
// shared, deliberately, by the parsers of one reading (see code-locations.ts).

import { CodeLocations } from './code-locations.js';
import type { BodyScratch } from './oslo-body.js';
import { newBodyScratch } from './oslo-body.js';
import type { OsloScratch } from './dialects/oslo.js';
import { newOsloScratch } from './dialects/oslo.js';
import type { Fraction, MinuteCache } from './time.js';
import { newMinuteCache } from './time.js';

export interface ParseScratch {
  readonly body: BodyScratch;
  readonly minute: MinuteCache;
  readonly fraction: Fraction;
  readonly oslo: OsloScratch;
}

/** `locations`: the table shared by the parsers of one reading; a parser alone gets its own. */
export function newParseScratch(locations = new CodeLocations()): ParseScratch {
  return { body: newBodyScratch(locations), minute: newMinuteCache(), fraction: { ms: 0, digits: 0 }, oslo: newOsloScratch() };
}
