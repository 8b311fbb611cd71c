// A file's first entry time, read from its first 256 KB: plain files with blocking reads, gzip as a stream.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { peekFirstTime, peekFirstTimes } from '../../src/io/peek.js';
import { OPTIONS } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-peek-'));
const LINE = '2026-11-22 02:40:05.123 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] Took 0.01 seconds to build instance.';
const FIRST = Date.UTC(2026, 10, 22, 2, 40, 5, 123);

function source(name: string, bytes: string | Buffer) {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return { path, stdin: false, modified: new Date(0) };
}

describe('peekFirstTime', () => {
  it('reads the first entry time of a plain file and of the same file gzipped, after preamble lines', async () => {
    const text = `devstack says hello\n\n${LINE}\n${LINE.replace('02:40:05', '02:41:00')}\n`;
    expect(await peekFirstTime(source('plain.log', text), OPTIONS)).toBe(FIRST);
    expect(await peekFirstTime(source('zipped.log.gz', gzipSync(text)), OPTIONS)).toBe(FIRST);
  });

  it('finds an entry whose line is cut by a 16 KB read', async () => {
    const pad = 'x'.repeat(16 * 1024 - 10);
    expect(await peekFirstTime(source('cut.log', `${pad}\n${LINE}\n`), OPTIONS)).toBe(FIRST);
  });

  it('gives up (null) when the first 256 KB hold no entry, and on what cannot be read', async () => {
    const noise = `${'not a log line\n'.repeat(20_000)}${LINE}\n`;
    expect(await peekFirstTime(source('late.log', noise), OPTIONS)).toBeNull();
    expect(await peekFirstTime({ path: join(tmp, 'absent.log'), stdin: false, modified: new Date(0) }, OPTIONS)).toBeNull();
    expect(await peekFirstTime({ path: '-', stdin: true, modified: new Date(0) }, OPTIONS)).toBeNull();
  });

  it('peeks at many files in input order', async () => {
    const a = source('a.log', `${LINE.replace('02:40:05', '03:00:00')}\n`);
    const b = source('b.log', `${LINE}\n`);
    expect(await peekFirstTimes([a, b], OPTIONS)).toEqual([FIRST + 19 * 60_000 + 55_000, FIRST]);
  });
});
