// The progress line of long reads: when it is drawn and erased (a fake clock), and that every reader counts the
// bytes it reads.

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/io/read-source.js';
import { Progress, bytesRead, showsProgress } from '../../src/io/progress.js';
import { OPTIONS } from '../helpers.js';

describe('Progress', () => {
  function run(total: number) {
    let now = 10_000;
    const written: string[] = [];
    const progress = new Progress(total, (t) => written.push(t), () => now);
    return { progress, written, advance: (ms: number) => { now += ms; } };
  }

  it('stays silent for the first second, then redraws at most every quarter second, and erases itself', () => {
    const { progress, written, advance } = run(300e6);
    bytesRead.count += 150e6;
    progress.tick(10);
    advance(999);
    progress.tick(20);
    expect(written).toEqual([]);
    advance(1);
    progress.tick(450_000);
    expect(written).toEqual(['\rnovatrace: read 150 MB of 300 MB (50%), 450,000 entries\u001b[K']);
    advance(249);
    progress.tick(460_000);
    expect(written).toHaveLength(1);
    advance(1);
    bytesRead.count += 150e6;
    progress.tick(900_000);
    expect(written[1]).toBe('\rnovatrace: read 300 MB of 300 MB (100%), 900,000 entries\u001b[K');
    progress.done();
    expect(written[2]).toBe('\r\u001b[K');
    progress.done();
    expect(written).toHaveLength(3);
  });

  it('writes nothing at the end of a read that was never shown', () => {
    const { progress, written } = run(1e9);
    progress.tick(1);
    progress.done();
    expect(written).toEqual([]);
  });

  it('is drawn on a terminal, or when NOVATRACE_PROGRESS says so', () => {
    expect(showsProgress({}, true)).toBe(true);
    expect(showsProgress({}, false)).toBe(false);
    expect(showsProgress({ NOVATRACE_PROGRESS: '1' }, false)).toBe(true);
    expect(showsProgress({ NOVATRACE_PROGRESS: '0' }, true)).toBe(false);
  });
});

describe('bytes read', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'novatrace-progress-'));
  const plain = 'fixtures/zed-boot/n-cpu-compute2.log';
  const gz = join(tmp, 'n-cpu.log.gz');
  writeFileSync(gz, gzipSync(readFileSync(plain)));

  it.each([
    ['a plain file, blocking reads', plain, true],
    ['a plain file, streamed', plain, false],
    ['a gzip file: its compressed bytes', gz, true],
  ])('%s', async (_name, path, blocking) => {
    const before = bytesRead.count;
    const opened = openSource({ path, stdin: false, modified: new Date(0) }, OPTIONS, { live: false, blocking });
    let entries = 0;
    for await (const batch of opened.batches) entries += batch.length;
    expect(entries).toBeGreaterThan(0);
    expect(bytesRead.count - before).toBe(statSync(path).size);
  });
});
