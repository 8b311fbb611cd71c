// Two projects, both run by `npm test`: `unit` tests the pure stages in process (parsing, the analysis engine and
// its stores, recognizers, the outcome table, timelines, checks, renderers, the UI's reducer and frames) and takes
// seconds; `system` runs what a user runs: the built CLI in child processes, files being followed, the terminal UI
// in tmux, and the corpus tests over ../shared/realdata. The unit files share one set of worker threads and their
// modules (no isolation): they hold no state between tests, and so they run in about 9 s instead of 19.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const SYSTEM = [
  'test/cli/**/*.test.ts',
  'test/corpus/**/*.test.ts',
  'test/ui/tmux.test.ts',
  'test/check/check-cli.test.ts',
  'test/io/follow/follow-*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // Hooks do a test's real work too (beforeAll runs the CLI, starts a browser): the same backstop, not vitest's
    // 10 s, which a busy 2-core machine overran (the HTML export's browser test, beside a CPU-bound process).
    hookTimeout: 120_000,
    // The persistent cache of the commands the tests run (their default, $XDG_CACHE_HOME/novatrace) goes to a folder
    // of this run, never the user's: a run starts with it empty, and its repeated runs over one fixture answer from it.
    env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'novatrace-test-cache-')) },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: SYSTEM, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'system', include: SYSTEM } },
    ],
  },
});
