// How many files following these arguments starts with, for the live status line: what the arguments name now,
// existing, less rotated copies (they are read through their live name). The follower reports only what changes
// after that (`added`, `removed`).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { listTarget, resolveTargets } from './follow-targets.js';
import { rotatedFrom } from './rotated-name.js';

/** Compressed logs are never written to again: the follower reports them and follows nothing there. */
const COMPRESSED = /\.(?:gz|bz2|xz|zst)$/;

export async function countFollowed(args: readonly string[]): Promise<number> {
  try {
    const { targets } = await resolveTargets(args);
    const paths = new Set<string>();
    for (const t of targets) for (const p of await listTarget(t)) if (existsSync(p)) paths.add(resolve(p));
    return [...paths].filter((p) => rotatedFrom(p, paths) === null && !COMPRESSED.test(p)).length;
  } catch {
    // Bad arguments are the follower's to report.
    return 0;
  }
}
