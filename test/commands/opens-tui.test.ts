// When analyze opens the terminal UI: only with a terminal on both sides, never for CI, --json or --no-tui.

import { describe, expect, it } from 'vitest';
import { opensTui } from '../../src/commands/analyze.js';

describe('analyze opens the terminal UI', () => {
  it.each<[string, Parameters<typeof opensTui>[0], NodeJS.ProcessEnv, boolean, boolean, boolean]>([
    ['a terminal on both sides', { tui: true }, {}, true, true, true],
    ['--no-tui', { tui: false }, {}, true, true, false],
    ['--json', { tui: true, json: true }, {}, true, true, false],
    ['CI set', { tui: true }, { CI: 'true' }, true, true, false],
    ['CI set but empty', { tui: true }, { CI: '' }, true, true, true],
    ['stdout piped', { tui: true }, {}, true, false, false],
    ['stdin piped (logs on stdin)', { tui: true }, {}, false, true, false],
  ])('%s', (_name, options, env, stdinTty, stdoutTty, expected) => {
    expect(opensTui(options, env, stdinTty, stdoutTty)).toBe(expected);
  });
});
