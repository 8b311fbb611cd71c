// Edge cases of reading: bytes -> lines -> entries through the real pipeline.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { openSource } from '../../src/io/read-source.js';
import { readLines } from '../../src/io/raw-lines.js';
import { describeFsError } from '../../src/io/errors.js';
import { LineFeed } from '../../src/live/line-feed.js';
import type { LogEntry } from '../../src/model/entry.js';
import { NovatraceError } from '../../src/model/errors.js';
import type { FileStats } from '../../src/model/file-stats.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import fg from 'fast-glob';
import { HAS_REALDATA, OPTIONS, REALDATA, parseChunks } from '../helpers.js';
import { Follow, stopAll } from './follow/follow-harness.js';

const L1 = '2026-11-22 02:40:05.123 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Took 0.01 seconds to spawn the instance on the hypervisor.';
const L2 = '2026-11-22 02:40:05.456 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Took 0.55 seconds to build instance.';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-read-'));

async function readFile(path: string, blocking = false, options: ParseOptions = OPTIONS) {
  const opened = openSource({ path, stdin: false, modified: new Date(0) }, options, { live: false, blocking });
  const entries = [];
  for await (const batch of opened.batches) entries.push(...batch);
  return { entries, stats: opened.stats() };
}

describe('reading bytes into entries', () => {
  it('strips CRLF line endings', async () => {
    const { entries, stats } = await parseChunks([`${L1}\r\n${L2}\r\n`]);
    expect(entries.map((e) => e.message)).toEqual([
      'Took 0.01 seconds to spawn the instance on the hypervisor.',
      'Took 0.55 seconds to build instance.',
    ]);
    expect(stats[0]?.lines).toBe(2);
  });

  it('joins a line split across chunks, even inside a multi-byte character', async () => {
    const withUtf8 = `${L1} café`;
    const bytes = Buffer.from(`${withUtf8}\n${L2}\n`);
    const cut = Buffer.from(L1).length + 4; // inside "é" (2 bytes)
    const { entries } = await parseChunks([bytes.subarray(0, 50), bytes.subarray(50, cut), bytes.subarray(cut)]);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.message.endsWith('café')).toBe(true);
    expect(entries[0]?.requestId).toBe('req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11');
  });

  it('keeps a final line with no newline', async () => {
    const { entries, stats } = await parseChunks([`${L1}\n${L2}`]);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.message).toBe('Took 0.55 seconds to build instance.');
    expect(stats[0]?.lines).toBe(2);
  });

  describe('a 10 MB line, in 64 KB chunks', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const line = `2026-11-22 02:40:05.123 20764 DEBUG nova.compute.manager [-] ${big} {{(pid=20764) _heal /usr/lib/python3/dist-packages/nova/compute/manager.py:9682}}`;
    const bytes = Buffer.from(`${L1}\n${line}\n${L2}\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, k) => bytes.subarray(k * 65536, (k + 1) * 65536));

    it('is one entry when --max-line allows it', async () => {
      const { entries, stats } = await parseChunks(chunks, { ...OPTIONS, maxLine: 16 * 1024 * 1024 });
      expect(entries).toHaveLength(3);
      expect(entries[1]?.message.length).toBe(big.length);
      expect(entries[1]?.location).toEqual({ func: '_heal', file: '/usr/lib/python3/dist-packages/nova/compute/manager.py', line: 9682 });
      expect(stats[0]).toMatchObject({ lines: 3, cut: 0, cutSamples: [] });
    });

    it('is cut at the default --max-line (1 MB), counted with its number and length; the next line reads whole', async () => {
      const { entries, stats } = await parseChunks(chunks);
      expect(entries.map((e) => e.line)).toEqual([1, 2, 3]);
      expect(entries[1]?.message).toBe('x'.repeat(1024 * 1024 - '2026-11-22 02:40:05.123 20764 DEBUG nova.compute.manager [-] '.length));
      expect(entries[2]?.message).toBe('Took 0.55 seconds to build instance.');
      expect(stats[0]).toMatchObject({ lines: 3, entries: 3, cut: 1, cutSamples: [{ line: 2, bytes: Buffer.byteLength(line) }], maxLine: 1024 * 1024 });
    });
  });

  it('replaces invalid UTF-8 with U+FFFD instead of failing', async () => {
    const bad = Buffer.concat([Buffer.from(`${L1} `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`\n${L2}\n`)]);
    const { entries } = await parseChunks([bad]);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.message).toContain('\uFFFD');
  });

  it('reads an empty file as zero lines', async () => {
    const path = join(tmp, 'empty.log');
    writeFileSync(path, '');
    const { entries, stats } = await readFile(path);
    expect(entries).toHaveLength(0);
    expect(stats[0]).toMatchObject({ lines: 0, entries: 0, noise: 0, unparsed: 0 });
  });

  it('counts a file of only noise as noise', async () => {
    const path = join(tmp, 'noise.txt');
    writeFileSync(path, "+ functions-common:_run_process:1440       :   [[ -n '' ]]\n\n+ functions-common:_run_process:1447       :   exit 0\n   \n");
    const { entries, stats } = await readFile(path);
    expect(entries).toHaveLength(0);
    expect(stats[0]).toMatchObject({ lines: 4, entries: 0, noise: 4, unparsed: 0 });
  });

  it('decompresses .gz as a stream, whatever the file is called', async () => {
    const path = join(tmp, 'screen-n-cpu.txt.gz');
    writeFileSync(path, gzipSync(`${L1}\n${L2}\n`));
    const { entries, stats } = await readFile(path);
    expect(entries).toHaveLength(2);
    expect(entries[0]?.service).toBe('compute');
    expect(stats[0]?.lines).toBe(2);
  });

  it('names the path of a corrupt .gz', async () => {
    const path = join(tmp, 'corrupt.log.gz');
    const good = gzipSync(`${L1}\n`.repeat(2000));
    writeFileSync(path, Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 0x41)]));
    await expect(readFile(path)).rejects.toThrow(new RegExp(`${path.replace(/[.]/g, '\\.')}: .*`));
    await expect(readFile(path)).rejects.toBeInstanceOf(NovatraceError);
  });

  it('refuses bzip2 data with a clear message', async () => {
    const path = join(tmp, 'nova-api.log.bz2');
    writeFileSync(path, Buffer.from('BZh91AY&SY'));
    await expect(readFile(path)).rejects.toThrow(/bzip2-compressed; decompress it first/);
  });

  it('words a permission error with the path (root reads everything, so the mapping is tested directly)', () => {
    expect(describeFsError('/var/log/nova/nova-api.log', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })))
      .toBe('/var/log/nova/nova-api.log: permission denied');
    expect(describeFsError('x.log', Object.assign(new Error('nope'), { code: 'ENOENT' }))).toBe('x.log: no such file or directory');
  });
});

// Blocking reads of plain files feed the line splitter themselves instead of through stream stages: they must give exactly
// what the stream path gives.
describe('blocking reads of plain files', () => {
  it('give the stream path\'s entries across 256 KB reads, with a character cut by a read, CRLF and no final newline', async () => {
    const path = join(tmp, 'blocking.log');
    const line = (i: number, tail: string) => `2026-11-22 02:40:05.${String(i % 1000).padStart(3, '0')} 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] line ${i}${tail}`;
    let text = '';
    let i = 0;
    while (Buffer.byteLength(text) < (1 << 18) - 300) text += `${line(i++, '')}\r\n`;
    // Pad so that the 2-byte "é" of the next line straddles the first read's end (byte 262144).
    const before = Buffer.byteLength(text);
    const head = `${line(i++, ' ')}`;
    const pad = (1 << 18) - before - Buffer.byteLength(head) - 1;
    text += `${head}${'x'.repeat(pad)}é tail\r\n`;
    expect(Buffer.from(text).subarray((1 << 18) - 1, (1 << 18) + 1).toString('utf8')).toBe('é');
    for (let k = 0; k < 2000; k++) text += `${line(i++, ' café')}\n`;
    text += line(i++, ' last, no newline');
    writeFileSync(path, text);
    const streamed = await readFile(path, false);
    const blocking = await readFile(path, true);
    expect(blocking.entries).toEqual(streamed.entries);
    expect(blocking.stats).toEqual(streamed.stats);
    expect(blocking.entries).toHaveLength(i);
    expect(blocking.entries.some((e) => e.message.endsWith('xé tail'))).toBe(true);
    expect(blocking.entries.at(-1)?.message).toBe(`line ${i - 1} last, no newline`);
  });

  it('give the stream path\'s entries for a line over several reads and a character cut before ASCII-only reads', async () => {
    const path = join(tmp, 'blocking-mixed.log');
    const head = '2026-11-22 02:40:05.123 20764 INFO nova.compute.manager [-] ';
    const lines: Buffer[] = [Buffer.from(`${head}${'y'.repeat(3 * 65536)} end of long line\n`)];
    // An invalid lead byte ends a read (reads are 32 KB or 256 KB: 256 KB is a multiple of either); the read after
    // it is pure ASCII.
    const filler = Buffer.from(`${head}${'z'.repeat(65536 * 4 - 1 - lines[0]!.length - head.length)}`);
    lines.push(filler, Buffer.from([0xc3]), Buffer.from(`\n${head}ascii after a cut character\n`));
    for (let k = 0; k < 3000; k++) lines.push(Buffer.from(`${head}line ${k}${k % 1000 === 999 ? ' ñ' : ''}\n`));
    const bytes = Buffer.concat(lines);
    expect(bytes[65536 * 4 - 1]).toBe(0xc3);
    writeFileSync(path, bytes);
    const streamed = await readFile(path, false);
    const blocking = await readFile(path, true);
    expect(blocking.entries).toEqual(streamed.entries);
    expect(blocking.entries[0]?.message.endsWith('y end of long line')).toBe(true);
    expect(blocking.entries[1]?.message.endsWith('z\uFFFD')).toBe(true);
    expect(blocking.entries[2]?.message).toBe('ascii after a cut character');
    expect(blocking.entries.filter((e) => e.message.endsWith(' ñ'))).toHaveLength(3);
  });

  it('give each file its own lines when reads of several files interleave (they share one read buffer)', async () => {
    const files = ['a', 'b', 'c'].map((name, f) => {
      const path = join(tmp, `interleaved-${name}.log`);
      let text = '';
      for (let i = 0; i < 4000; i++) text += `2026-11-22 02:40:05.${String(i % 1000).padStart(3, '0')} 2076${f} INFO nova.compute.manager [-] file ${name} line ${i}\n`;
      writeFileSync(path, text);
      return path;
    });
    const alone = await Promise.all(files.map(async (path) => (await readFile(path, true)).entries.map((e) => e.message)));
    const iterators = files.map((path) => openSource({ path, stdin: false, modified: new Date(0) }, OPTIONS, { live: false, blocking: true, batch: 16 }).batches[Symbol.asyncIterator]());
    const together: string[][] = files.map(() => []);
    for (let open = files.length; open > 0;) {
      open = 0;
      for (const [f, iterator] of iterators.entries()) {
        const next = await iterator.next();
        if (next.done) continue;
        open++;
        together[f]?.push(...next.value.map((e) => e.message));
      }
    }
    expect(together).toEqual(alone);
    expect(together[1]?.[3999]).toBe('file b line 3999');
  });

  it('name the path of a file that cannot be read', async () => {
    await expect(readFile(join(tmp, 'absent.log'), true)).rejects.toThrow(NovatraceError);
    await expect(readFile(tmp, true)).rejects.toThrow(tmp);
  });

  it.skipIf(!HAS_REALDATA)('give the stream path\'s entries on every plain file of ../shared/realdata', async () => {
    const files = fg.sync(['**/*.log', '**/*.txt'], { cwd: REALDATA, absolute: true }).sort();
    expect(files.length).toBeGreaterThan(5);
    for (const path of files) {
      const streamed = await readFile(path, false);
      const blocking = await readFile(path, true);
      expect(blocking.entries, path).toEqual(streamed.entries);
      expect(blocking.stats, path).toEqual(streamed.stats);
    }
  });
});

// Files, .gz, stdin and followed files all go through the one line splitter: a line longer than --max-line is cut
// alike whichever way it comes in.
describe('a line longer than --max-line, each way in', () => {
  afterEach(stopAll);
  const MAX = 1000;
  const options: ParseOptions = Object.freeze({ ...OPTIONS, maxLine: MAX });
  const head = '2026-11-22 02:40:05.200 20764 WARNING nova.compute.manager [-] ';
  const long = `${head}${'é'.repeat(20_000)} end`;
  // CRLF, and no newline after the last line.
  const bytes = Buffer.from(`${L1}\r\n${long}\r\n${L2}`);
  const cutSample = { line: 2, bytes: Buffer.byteLength(long) };

  function expectCut(entries: readonly LogEntry[], stats?: FileStats): void {
    expect(entries.map((e) => [e.line, e.level])).toEqual([[1, 'INFO'], [2, 'WARNING'], [3, 'INFO']]);
    const kept = entries[1]?.message ?? '';
    // The first 1000 bytes, less the half of an "é" the cut would split.
    expect(Buffer.byteLength(head) + Buffer.byteLength(kept)).toBe(MAX - ((MAX - Buffer.byteLength(head)) % 2));
    expect(kept).toMatch(/^é+$/);
    expect(entries[2]?.message).toBe('Took 0.55 seconds to build instance.');
    if (stats !== undefined) expect(stats).toMatchObject({ lines: 3, entries: 3, unparsed: 0, cut: 1, cutSamples: [cutSample], maxLine: MAX });
  }

  it('a plain file read with blocking reads', async () => {
    const path = join(tmp, 'long-line.log');
    writeFileSync(path, bytes);
    const { entries, stats } = await readFile(path, true, options);
    expectCut(entries, stats[0]);
  });

  it('a plain file read as a stream', async () => {
    const path = join(tmp, 'long-line-stream.log');
    writeFileSync(path, bytes);
    const { entries, stats } = await readFile(path, false, options);
    expectCut(entries, stats[0]);
  });

  it('a .gz file', async () => {
    const path = join(tmp, 'long-line.log.gz');
    writeFileSync(path, gzipSync(bytes));
    const { entries, stats } = await readFile(path, true, options);
    expectCut(entries, stats[0]);
  });

  it('stdin, in chunks of 7 bytes', async () => {
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, k) => bytes.subarray(k * 7, (k + 1) * 7));
    const { entries, stats } = await parseChunks(chunks, options);
    expectCut(entries, stats[0]);
  });

  it('stdin with `==>` headers: the line is numbered in its own file (from the line after its header)', async () => {
    const { entries, stats } = await parseChunks([`==> a.log <==\n${L1}\n\n==> b.log <==\n`, bytes], options);
    expect(stats.map((s) => [s.path, s.cut, s.cutSamples])).toEqual([['a.log', 0, []], ['b.log', 1, [cutSample]]]);
    expect(entries.filter((e) => e.file === 'b.log').map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('a followed file: the lines event names the cut line, and the feed counts it', async () => {
    const path = join(tmp, 'followed-long-line.log');
    writeFileSync(path, bytes.subarray(0, 500));
    const follow = new Follow([path], { fromStart: true, maxLine: MAX });
    await follow.waitForLines(1, path);
    writeFileSync(path, bytes.subarray(500, 3000), { flag: 'a' });
    writeFileSync(path, Buffer.concat([bytes.subarray(3000), Buffer.from('\n')]), { flag: 'a' });
    await follow.waitForLines(3, path);
    expect(follow.error).toBeNull();
    const events = follow.events.flatMap((e) => (e.type === 'lines' && e.path === path ? [e] : []));
    expect(events.flatMap((e) => e.cut ?? [])).toEqual([cutSample]);
    const entries: LogEntry[] = [];
    const feed = new LineFeed(options, (_path, e) => entries.push(e));
    for (const e of events) feed.push(e.path, e.firstLine, e.lines, 0, e.cut);
    feed.flushAll();
    expect(feed.totals()).toMatchObject({ lines: 3, entries: 3, cut: 1 });
    expect(feed.cutSamples()).toEqual([{ path, ...cutSample }]);
    expectCut(entries);
  });
});

describe('a line longer than --max-line, on the new ways in', () => {
  const options: ParseOptions = Object.freeze({ ...OPTIONS, maxLine: 1000 });
  const bytes = Buffer.from(`${L1}\n2026-11-22 02:40:05.200 20764 WARNING nova.compute.manager [-] ${'y'.repeat(50_000)}\n${L2}\n`);

  it('gzip on stdin, in chunks of 7 bytes: decompressed, the long line cut and counted, the others whole', async () => {
    const gz = gzipSync(bytes);
    const { entries, stats } = await parseChunks(Array.from({ length: Math.ceil(gz.length / 7) }, (_, k) => gz.subarray(k * 7, (k + 1) * 7)), options);
    expect(entries.map((e) => [e.line, e.level])).toEqual([[1, 'INFO'], [2, 'WARNING'], [3, 'INFO']]);
    expect(stats[0]).toMatchObject({ lines: 3, entries: 3, unparsed: 0, cut: 1, cutSamples: [{ line: 2, bytes: bytes.length - L1.length - L2.length - 3 }] });
  });
});

// Issue 19: gzip bytes on stdin (or a FIFO) are told by their magic bytes, however the first read splits them.
describe('gzip on stdin', () => {
  it.each([
    ['one chunk', 0],
    ['the magic split across one-byte chunks', 1],
  ])('is decompressed: %s', async (_, size) => {
    const gz = gzipSync(`${L1}\n${L2}\n`);
    const chunks = size === 0 ? [gz] : [...Array.from(gz.subarray(0, 4), (b) => Buffer.from([b])), gz.subarray(4)];
    const { entries, stats } = await parseChunks(chunks);
    expect(entries.map((e) => e.message)).toEqual(['Took 0.01 seconds to spawn the instance on the hypervisor.', 'Took 0.55 seconds to build instance.']);
    expect(stats[0]).toMatchObject({ lines: 2, entries: 2, unparsed: 0 });
  });

  it.each([
    ['a first byte that is gzip\'s and nothing after', [Buffer.from([0x1f])], 1],
    ['a single byte', ['x'], 1],
    ['nothing', [], 0],
  ])('text shorter than any magic is text: %s', async (_, chunks, lines) => {
    const { stats } = await parseChunks(chunks);
    expect(stats[0]?.lines).toBe(lines);
  });

  it('refuses bzip2 whose magic comes a byte at a time', async () => {
    await expect(parseChunks(['B', 'Z', 'h91AY&SY'])).rejects.toThrow(/^stdin: bzip2-compressed; decompress it first/);
  });
});

// Issue 19: a .gz cut short is read up to the break; the break is said once, with its compressed offset.
describe('a .gz that breaks off', () => {
  const text = Array.from({ length: 3000 }, (_, k) => `${L1} ${k}\n`).join('');
  const whole = gzipSync(text, { level: 0 });
  const cutAt = Math.floor(whole.length / 2);
  const path = join(tmp, 'broken.log.gz');
  writeFileSync(path, whole.subarray(0, cutAt));
  // Stored blocks: what precedes the break is the text's first (cutAt - header and block headers) bytes.
  const readable = gunzipSync(whole.subarray(0, cutAt), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('latin1');
  const lines = readable.split('\n').length - (readable.endsWith('\n') ? 1 : 0);

  it.each([
    ['blocking reads', true],
    ['a stream', false],
  ])('gives its lines before the break (%s)', async (_, blocking) => {
    const opened = openSource({ path, stdin: false, modified: new Date(0) }, OPTIONS, { live: false, blocking });
    let entries = 0;
    for await (const batch of opened.batches) entries += batch.length;
    expect(lines).toBeGreaterThan(1000);
    expect(opened.stats()[0]?.lines).toBe(lines);
    expect(entries).toBe(lines);
    expect(opened.broken()).toBe(`${path}: the gzip data breaks off at compressed byte ${cutAt.toLocaleString('en-US')} (unexpected end of file): `
      + `read the ${lines.toLocaleString('en-US')} lines before it`);
  });

  it('a whole .gz has no break', async () => {
    const good = join(tmp, 'whole.log.gz');
    writeFileSync(good, whole);
    const opened = openSource({ path: good, stdin: false, modified: new Date(0) }, OPTIONS, { live: false, blocking: true });
    for await (const batch of opened.batches) void batch;
    expect(opened.stats()[0]?.lines).toBe(3000);
    expect(opened.broken()).toBeNull();
  });

  it('its lines are read again for the entry detail, up to the break (the last one as far as it goes)', async () => {
    expect(await readLines(path, lines - 1, 5)).toEqual([
      { line: lines - 1, text: `${L1} ${lines - 2}` },
      { line: lines, text: readable.slice(readable.lastIndexOf('\n') + 1) },
    ]);
  });
});
