import { describe, expect, it } from 'vitest';
import { ANSI_PAINT, NO_PAINT, hostColor, paintFor } from '../../src/format/paint.js';

describe('paintFor: --color, FORCE_COLOR, NO_COLOR and the terminal', () => {
  it.each([
    ['always, piped', 'always', {}, false, true],
    ['never, on a terminal with FORCE_COLOR', 'never', { FORCE_COLOR: '1' }, true, false],
    ['auto on a terminal', 'auto', {}, true, true],
    ['auto piped', 'auto', {}, false, false],
    ['auto on a dumb terminal', 'auto', { TERM: 'dumb' }, true, false],
    ['auto on a terminal with NO_COLOR', 'auto', { NO_COLOR: '1' }, true, false],
    ['auto on a terminal with an empty NO_COLOR (no-color.org: not set)', 'auto', { NO_COLOR: '' }, true, true],
    ['auto piped with FORCE_COLOR=1', 'auto', { FORCE_COLOR: '1' }, false, true],
    ['auto piped with an empty FORCE_COLOR (Node: colour)', 'auto', { FORCE_COLOR: '' }, false, true],
    ['auto with FORCE_COLOR over NO_COLOR', 'auto', { FORCE_COLOR: '3', NO_COLOR: '1' }, false, true],
    ['auto on a terminal with FORCE_COLOR=0', 'auto', { FORCE_COLOR: '0' }, true, false],
    ['auto on a terminal with FORCE_COLOR=false', 'auto', { FORCE_COLOR: 'false' }, true, false],
  ] as const)('%s', (_name, mode, env, tty, painted) => {
    expect(paintFor(mode, env, tty).on).toBe(painted);
  });

  it('paints with SGR codes that reset only what they set, and leaves empty text alone', () => {
    expect(ANSI_PAINT.color('red', 'ERROR')).toBe('\u001b[31mERROR\u001b[39m');
    expect(ANSI_PAINT.bold('START')).toBe('\u001b[1mSTART\u001b[22m');
    expect(ANSI_PAINT.color(undefined, 'INFO')).toBe('INFO');
    expect(ANSI_PAINT.color('red', '')).toBe('');
    expect(NO_PAINT.color('red', 'ERROR')).toBe('ERROR');
  });

  it('gives a host the same colour every time, and spreads hosts over colours', () => {
    expect(hostColor('compute1')).toBe(hostColor('compute1'));
    const colours = new Set(['compute1', 'compute2', 'compute3', 'node1', 'node2', 'controller'].map(hostColor));
    expect(colours.size).toBeGreaterThan(1);
  });
});
