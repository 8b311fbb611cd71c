// Two projects, both run by `npm test`: `unit` tests the pure stages in process (parsing, the analysis engine and
// its stores, recognizers, the outcome table, timelines, checks, renderers, the UI's reducer and frames) and takes
// seconds; `system` runs what a user runs: the built CLI in child processes, files being followed, the terminal UI
// in tmux, and the corpus tests over ../shared/realdata. The unit files share one set of worker threads and their
// modules (no isolation): they hold no state between tests, and so they run in about 9 s instead of 19.

import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// One folder for everything a run writes in temporary folders (the tests' own, and those of the CLI runs they start,
// which inherit TMPDIR), removed when the run ends (test/global-teardown.ts): tests that make a folder per case no
// longer leave hundreds behind in /tmp, run after run.
// (vitest reads this file more than once in its process: the first reading makes the folder.)
const RUN_TMP = process.env['NOVATRACE_TEST_TMP'] ??= mkdtempSync(join(tmpdir(), 'novatrace-test-'));
// As /tmp is to others: a test run as root follows a file as nobody (test/io/follow/follow-discovery.test.ts).
chmodSync(RUN_TMP, 0o755);
const CACHE_HOME = join(RUN_TMP, 'xdg-cache');
mkdirSync(CACHE_HOME, { recursive: true });

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
    env: { XDG_CACHE_HOME: CACHE_HOME, TMPDIR: RUN_TMP },
    globalSetup: ['test/global-teardown.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: SYSTEM, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'system', include: SYSTEM } },
    ],
  },
});
