// merge's writing loop: the filter, the format, blocks of output, and a live input's lines going out batch by batch.

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeMerged } from '../../src/commands/merge.js';
import { Output } from '../../src/io/output.js';
import type { LogEntry } from '../../src/model/entry.js';
import { NO_PAINT } from '../../src/format/paint.js';
import { entryRecord } from '../../src/report/entry-json.js';
import { safeJson } from '../../src/format/escape.js';
import { entryTextFormatter } from '../../src/report/entry-text.js';
import { withNewFile } from '../helpers.js';

function entry(line: number, level: 'INFO' | 'ERROR' = 'INFO'): LogEntry {
  return {
    time: Date.UTC(2016, 5, 28, 13, 56, 12) + line, precision: 3, service: 'compute', host: null, pid: 1, level, logger: 'nova.compute.manager',
    globalRequestId: null, requestId: null, user: null, project: null, instance: null, message: `line ${line}`,
    location: null, continuation: [], file: 'n-cpu.log', line, dialect: 'oslo',
  };
}

/** A stream that keeps what it is given, and each write apart. */
function sink(): { stream: Writable; writes: string[]; text: () => string } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes, text: () => writes.join('') };
}

async function* batches(...list: LogEntry[][]): AsyncGenerator<LogEntry[]> {
  yield* list;
}

describe('writeMerged', () => {
  it('writes every entry that passes the filter, one line each, and counts them', async () => {
    const { stream, text } = sink();
    const entries = [entry(1), entry(2, 'ERROR'), entry(3), entry(4, 'ERROR')];
    const written = await writeMerged(batches(entries.slice(0, 3), entries.slice(3)), { json: false, paint: NO_PAINT, filter: (e) => e.level === 'ERROR', live: false }, new Output(stream));
    const format = entryTextFormatter(NO_PAINT);
    expect(written).toBe(2);
    expect(text()).toBe(`${format(entries[1] as LogEntry)}\n${format(entries[3] as LogEntry)}\n`);
  });

  it('writes NDJSON with --json', async () => {
    const { stream, text } = sink();
    const entries = [entry(1), entry(2)];
    await writeMerged(batches(entries), { json: true, paint: NO_PAINT, filter: null, live: false }, new Output(stream));
    // The record's own text (docs/json.md's schema), not EntryJson's bytes again.
    const format = (e: LogEntry): string => safeJson(entryRecord(e));
    expect(text()).toBe(`${format(entries[0] as LogEntry)}\n${format(entries[1] as LogEntry)}\n`);
    expect(text().trim().split('\n').map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([1, 2]);
  });

  it('writes a live input\'s batch before it asks for the next one', async () => {
    const { stream, text } = sink();
    const format = entryTextFormatter(NO_PAINT);
    const seenBeforeSecond: string[] = [];
    async function* live(): AsyncGenerator<LogEntry[]> {
      yield [entry(1)];
      seenBeforeSecond.push(text());
      yield [entry(2)];
    }
    await writeMerged(live(), { json: false, paint: NO_PAINT, filter: null, live: true }, new Output(stream));
    expect(seenBeforeSecond).toEqual([`${format(entry(1))}\n`]);
    expect(text()).toBe(`${format(entry(1))}\n${format(entry(2))}\n`);
  });

  it('holds an offline input\'s lines for a block of about 64 KB', async () => {
    const { stream, writes, text } = sink();
    const entries = Array.from({ length: 2000 }, (_, i) => entry(i));
    await writeMerged(batches(entries), { json: false, paint: NO_PAINT, filter: null, live: false }, new Output(stream));
    const size = text().length;
    expect(size).toBeGreaterThan(2 * 65536);
    expect(writes.length).toBe(Math.ceil(size / 65536));
  });
});

describe('Output.queue', () => {
  it('says when a block is full, and flush writes the queued lines', async () => {
    const { stream, writes } = sink();
    const out = new Output(stream);
    const line = 'x'.repeat(1023);
    const full: boolean[] = [];
    for (let i = 0; i < 64; i++) full.push(out.queue(line));
    expect(full.indexOf(true)).toBe(63);
    expect(writes).toEqual([]);
    await out.flush();
    expect(writes).toEqual([`${Array.from({ length: 64 }, () => line).join('\n')}\n`]);
  });
});

describe('Output to a file descriptor (stdout redirected to a file or /dev/null)', () => {
  it('writes the blocks to the descriptor, not through the stream, in order, multi-byte text included', async () => {
    await withNewFile(async (fd, path) => {
      const { stream, writes } = sink();
      const out = new Output(stream, fd);
      const lines = Array.from({ length: 3000 }, (_, i) => `${i} è 実 ${'x'.repeat(i % 97)}`);
      for (const line of lines) await out.line(line);
      await out.line('y'.repeat(2 << 20));
      await out.end();
      expect(writes).toEqual([]);
      expect(readFileSync(path, 'utf8')).toBe(`${[...lines, 'y'.repeat(2 << 20)].join('\n')}\n`);
    });
  });
});
