// Logs that grow, as logs being written do, made from a real folder: for the tests of what an analysis of grown
// files gives (the checkpoint, commands/analysis-resume.ts), through the CLI and in the terminal UI.

import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;

/** Where each line of a log starts, and the stamp of those that have one. */
export function stampedLines(bytes: Buffer): { at: number; stamp: string | null }[] {
  const out: { at: number; stamp: string | null }[] = [];
  for (let at = 0; at < bytes.length;) {
    const nl = bytes.indexOf(0x0a, at);
    const end = nl < 0 ? bytes.length : nl + 1;
    const head = bytes.toString('latin1', at, Math.min(end, at + 23));
    out.push({ at, stamp: STAMP.test(head) ? head : null });
    at = end;
  }
  return out;
}

/**
 * A copy of a folder of oslo logs cut in time, as logs being written are: each file holds its lines stamped before
 * each cut (and the unstamped lines after them); `parts[k]` is what each file gets between cut k-1 and cut k.
 */
export function cutInTime(folder: string, cuts: readonly string[]): { logs: string; parts: Map<string, Buffer>[] } {
  const logs = join(mkdtempSync(join(tmpdir(), 'novatrace-grown-')), 'logs');
  cpSync(folder, logs, { recursive: true });
  const parts: Map<string, Buffer>[] = cuts.map(() => new Map());
  for (const name of readdirSync(logs)) {
    const bytes = readFileSync(join(logs, name));
    const lines = stampedLines(bytes);
    const offsets = cuts.map((cut) => lines.find((l) => l.stamp !== null && l.stamp >= cut)?.at ?? bytes.length);
    writeFileSync(join(logs, name), bytes.subarray(0, offsets[0]));
    for (let k = 1; k <= cuts.length; k++) {
      (parts[k - 1] as Map<string, Buffer>).set(name, bytes.subarray(offsets[k - 1], k < cuts.length ? offsets[k] : bytes.length));
    }
  }
  return { logs, parts };
}

/**
 * Where to cut a folder in time, sorted: the stamps of the user's requests that change something (nova-api's POST,
 * PUT and DELETE lines) where there are several (a real run, whose first minutes are start-up lines), else of every
 * line (a fixture of one or two operations).
 */
export function stamps(folder: string): string[] {
  const api = readdirSync(folder).find((f) => /api/.test(f)) as string;
  const requests = readFileSync(join(folder, api), 'latin1').split('\n').filter((l) => STAMP.test(l) && /"(?:POST|PUT|DELETE) \//.test(l));
  if (requests.length >= 4) return requests.map((l) => l.slice(0, 23)).sort();
  return readdirSync(folder).flatMap((f) => stampedLines(readFileSync(join(folder, f))).flatMap((l) => (l.stamp === null ? [] : [l.stamp]))).sort();
}

export const appendAll = (logs: string, part: Map<string, Buffer>): void => {
  for (const [name, bytes] of part) if (bytes.length > 0) appendFileSync(join(logs, name), bytes);
};

