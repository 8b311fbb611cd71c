// vitest's global setup: nothing to set up; at the end of the run, the run's temporary folder goes (vitest.config.ts
// makes it and points TMPDIR at it), with what the tests and the CLI runs they started left in it.

import { rmSync } from 'node:fs';
import { basename } from 'node:path';

export default function setup(): () => void {
  return () => {
    const dir = process.env['NOVATRACE_TEST_TMP'];
    // (Only the folder vitest.config.ts made: never a path that came from elsewhere.)
    if (dir !== undefined && basename(dir).startsWith('novatrace-test-')) rmSync(dir, { recursive: true, force: true });
  };
}
