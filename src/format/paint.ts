// Colour in text output on a terminal: levels, outcomes and hosts, in the terminal UI's colours. Whether to paint
// is decided once per run (--color, FORCE_COLOR, NO_COLOR, whether stdout is a terminal); renderers pad before they
// paint, so columns line up either way, and unpainted output is what it always was, byte for byte.

import type { Level } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

const SGR: Readonly<Record<Color | 'bold' | 'dim', readonly [number, number]>> = {
  red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], gray: [90, 39],
  bold: [1, 22], dim: [2, 22],
};

export interface Paint {
  readonly on: boolean;
  color(color: Color | undefined, text: string): string;
  bold(text: string): string;
}

export const NO_PAINT: Paint = Object.freeze({ on: false, color: (_c: Color | undefined, text: string) => text, bold: (text: string) => text });

function sgr(code: keyof typeof SGR, text: string): string {
  const [open, close] = SGR[code];
  return text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`;
}

export const ANSI_PAINT: Paint = Object.freeze({
  on: true,
  color: (c: Color | undefined, text: string) => (c === undefined ? text : sgr(c, text)),
  bold: (text: string) => sgr('bold', text),
});

/**
 * As the Node ecosystem reads it: `--color always|never` first; then FORCE_COLOR (any value but `0` or `false`
 * paints, as Node's own util.styleText does, even over NO_COLOR); then NO_COLOR (any non-empty value:
 * no-color.org); then a terminal that is not `dumb`.
 */
export function paintFor(mode: ColorMode, env: NodeJS.ProcessEnv, stdoutIsTty: boolean): Paint {
  if (mode !== 'auto') return mode === 'always' ? ANSI_PAINT : NO_PAINT;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force === '0' || force === 'false' ? NO_PAINT : ANSI_PAINT;
  if ((env['NO_COLOR'] ?? '') !== '') return NO_PAINT;
  return stdoutIsTty && env['TERM'] !== 'dumb' ? ANSI_PAINT : NO_PAINT;
}

export function levelColor(level: Level | null): Color | undefined {
  switch (level) {
    case 'ERROR':
    case 'TRACE':
    case 'CRITICAL':
      return 'red';
    case 'WARNING':
      return 'yellow';
    case 'DEBUG':
      return 'gray';
    default:
      return undefined;
  }
}

export const OUTCOME_COLOR: Readonly<Record<Outcome, Color>> = {
  succeeded: 'green', failed: 'red', rejected: 'magenta', incomplete: 'yellow',
};

const HOST_COLORS: readonly Color[] = ['cyan', 'blue', 'magenta', 'green'];

/** One colour per host name, the same in every run, so that one host's lines stand out from another's in merge. */
export function hostColor(host: string): Color {
  let h = 0;
  for (let i = 0; i < host.length; i++) h = (h * 31 + host.charCodeAt(i)) >>> 0;
  return HOST_COLORS[h % HOST_COLORS.length] as Color;
}
