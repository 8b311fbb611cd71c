// Operations for the export tests, from the fixtures' real lines (analyze's own pipeline, in process).

import { resolve } from 'node:path';
import { analyzeInputs } from '../../src/commands/analysis.js';
import type { Analysis } from '../../src/commands/analysis.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { ROOT } from '../helpers.js';

/** Every operation of these paths (from the project's root), with its entries (where a global request ID is). */
export function analyzed(...paths: string[]): Promise<Analysis> {
  return analyzeInputs(paths.map((p) => resolve(ROOT, p)), parseOptionsFrom({}), () => {}, () => true);
}

/** Fixtures with a success, a failure with a traceback, a rejection, moves between hosts, and Juno's format. */
export const FIXTURES = [
  'fixtures/zed-boot',
  'fixtures/operations/boot-failed-zed',
  'fixtures/operations/boot-failed-juno',
  'fixtures/operations/stop-rejected-zed',
  'fixtures/operations/evacuate-zed',
  'fixtures/operations/live-migrate-juno',
  'fixtures/operations/boot-multi-zed',
  'fixtures/operations/resize-zed',
] as const;
