// Whether a file's name says it is a rotated copy of a followed log: `a.log.1`, `a.log.1.gz`, `a.log-20260101`,
// `a.log.2026-01-01` beside a followed `a.log`. Such a copy holds lines already read through `a.log` (logrotate
// renames or copies it from there), so following it too would show them twice.

import { basename, dirname, join } from 'node:path';

/** After the live name: a separator, then something with a digit (a count or a date). */
const ROTATION_SUFFIX = /^[.\-_].*\d/;

/** The followed path `path` is a rotation of, or null. Paths are absolute. */
export function rotatedFrom(path: string, live: ReadonlySet<string>): string | null {
  const dir = dirname(path);
  const name = basename(path);
  for (let i = name.length - 1; i > 0; i--) {
    const c = name[i];
    if (c !== '.' && c !== '-' && c !== '_') continue;
    if (!ROTATION_SUFFIX.test(name.slice(i))) continue;
    const base = join(dir, name.slice(0, i));
    if (live.has(base)) return base;
  }
  return null;
}
