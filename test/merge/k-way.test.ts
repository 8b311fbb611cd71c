// The k-way merge and the per-file reorder window, on hand-made entry streams.

import { describe, expect, it } from 'vitest';
import { mergeByTime, OPEN_AHEAD } from '../../src/merge/k-way.js';
import { reorderWithin } from '../../src/merge/reorder.js';
import type { LogEntry } from '../../src/model/entry.js';

function entry(file: string, line: number, time: number | null): LogEntry {
  return {
    time, precision: 3, service: 'compute', host: null, pid: 1, level: 'INFO', logger: 'nova.compute.manager',
    globalRequestId: null, requestId: null, user: null, project: null, instance: null, message: `${file}:${line}`,
    location: null, continuation: [], file, line, dialect: 'oslo',
  };
}

async function* stream(batches: LogEntry[][]): AsyncGenerator<LogEntry[]> {
  for (const b of batches) yield b;
}

async function collect(source: AsyncIterable<LogEntry[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of source) out.push(...batch.map((e) => e.message));
  return out;
}

describe('mergeByTime', () => {
  it('interleaves files by time across batch boundaries', async () => {
    const a = stream([[entry('a', 1, 10), entry('a', 2, 30)], [entry('a', 3, 50)]]);
    const b = stream([[entry('b', 1, 20)], [entry('b', 2, 40), entry('b', 3, 60)]]);
    expect(await collect(mergeByTime([a, b]))).toEqual(['a:1', 'b:1', 'a:2', 'b:2', 'a:3', 'b:3']);
  });

  it('puts equal times in the order the files were given', async () => {
    const a = stream([[entry('a', 1, 10), entry('a', 2, 20)]]);
    const b = stream([[entry('b', 1, 10), entry('b', 2, 20)]]);
    expect(await collect(mergeByTime([b, a]))).toEqual(['b:1', 'a:1', 'b:2', 'a:2']);
  });

  it('keeps an entry with no time right after its file\'s previous entry', async () => {
    const a = stream([[entry('a', 1, 10), entry('a', 2, null), entry('a', 3, 40)]]);
    const b = stream([[entry('b', 1, 20), entry('b', 2, 30)]]);
    expect(await collect(mergeByTime([a, b]))).toEqual(['a:1', 'a:2', 'b:1', 'b:2', 'a:3']);
  });

  it('opens a file whose first time is known a few files before the merge reaches it, never sooner', async () => {
    // Ten files one after another in time, given out of order, 512 entries each: the merge gives each file's entries
    // as one batch of its own, and goes on only when asked for the next, so the log shows what it opened when.
    const order = [3, 0, 7, 1, 9, 4, 2, 8, 6, 5];
    const log: string[] = [];
    async function* file(k: number): AsyncGenerator<LogEntry[]> {
      log.push(`open ${k}`);
      yield Array.from({ length: 512 }, (_, i) => entry(`f${k}`, i + 1, k * 1000 + i));
    }
    for await (const batch of mergeByTime(order.map(file), order.map((k) => k * 1000))) {
      const files = new Set(batch.map((e) => e.file));
      expect(files.size).toBe(1);
      log.push(`got ${[...files][0]?.slice(1)}`);
    }
    const at = (event: string): number => log.indexOf(event);
    for (let k = 0; k < 10; k++) expect(at(`got ${k}`), `file ${k}`).toBeGreaterThan(-1);
    for (let k = 1; k < 10; k++) {
      // Asked ahead: opened before the merge gave the file before it.
      expect(at(`open ${k}`), `file ${k}`).toBeLessThan(at(`got ${k - 1}`));
      // Not sooner than OPEN_AHEAD files ahead of the one the merge is on.
      if (k > OPEN_AHEAD) expect(at(`open ${k}`), `file ${k}`).toBeGreaterThan(at(`got ${k - OPEN_AHEAD - 1}`));
    }
  });

  it('gives the failure of a file opened ahead when the merge reaches it, after the entries before it', async () => {
    const seen: string[] = [];
    async function* failing(): AsyncGenerator<LogEntry[]> {
      throw new Error('unreadable');
    }
    // 512 entries before the failing file's first time: the merge gives them as a batch before it reaches that file.
    const before = Array.from({ length: 512 }, (_, i) => entry('a', i + 1, i));
    const streams = [stream([before]), failing(), stream([[entry('c', 1, 4000)]])];
    await expect((async () => {
      for await (const batch of mergeByTime(streams, [0, 3000, 4000])) seen.push(...batch.map((e) => e.message));
    })()).rejects.toThrow('unreadable');
    expect(seen).toEqual(before.map((e) => e.message));
  });

  it('handles empty streams', async () => {
    expect(await collect(mergeByTime([stream([]), stream([[entry('b', 1, 5)]])]))).toEqual(['b:1']);
    expect(await collect(mergeByTime([]))).toEqual([]);
  });
});

describe('reorderWithin', () => {
  it('puts back in order lines that step back in time within the window', async () => {
    // Several workers writing one file: 401 is written before 400.
    const s = stream([[entry('f', 1, 1000.401), entry('f', 2, 1000.401), entry('f', 3, 1000.4), entry('f', 4, 5000)]]);
    expect(await collect(reorderWithin(s, 1000))).toEqual(['f:3', 'f:1', 'f:2', 'f:4']);
  });

  it('lets an entry older than the window leave at once, ahead of what is still held', async () => {
    // f:1 leaves when f:2 (10 s later) arrives; f:3 is 15 s late: it cannot be placed, so it is not held.
    const s = stream([[entry('f', 1, 10_000), entry('f', 2, 20_000), entry('f', 3, 5_000)]]);
    expect(await collect(reorderWithin(s, 1000))).toEqual(['f:1', 'f:3', 'f:2']);
  });

  it('holds no more entries than its cap', async () => {
    const many = Array.from({ length: 100 }, (_, i) => entry('f', i + 1, 1000));
    const reordered = reorderWithin(stream([many.slice(0, 50), many.slice(50)]), 1000, 10);
    const first = await reordered[Symbol.asyncIterator]().next();
    // 50 entries in the first batch, at most 10 held back.
    expect((first.value as LogEntry[]).length).toBe(40);
  });
});

describe('reorderWithin against a plain heap', () => {
  // What the window must give: every entry through one heap by (time, arrival), released under the same rules.
  function reference(entries: LogEntry[], windowMs: number, maxHeld: number): string[] {
    const held: { e: LogEntry; t: number; seq: number }[] = [];
    const out: string[] = [];
    const first = () => held.reduce((a, b) => (b.t < a.t || (b.t === a.t && b.seq < a.seq) ? b : a));
    let newest = -Infinity;
    let last = -Infinity;
    entries.forEach((e, seq) => {
      const t = e.time ?? last;
      last = t;
      newest = Math.max(newest, t);
      held.push({ e, t, seq });
      while (held.length > 0 && (first().t <= newest - windowMs || held.length > maxHeld)) {
        const f = first();
        held.splice(held.indexOf(f), 1);
        out.push(f.e.message);
      }
    });
    while (held.length > 0) {
      const f = first();
      held.splice(held.indexOf(f), 1);
      out.push(f.e.message);
    }
    return out;
  }

  it('gives the same order on interleaved writers, late lines, ties and untimed lines', async () => {
    // A fixed pseudo-random walk: mostly in order, some lines up to 1.5 s early or late, equal stamps, nulls.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const entries: LogEntry[] = [];
    let clock = 0;
    for (let i = 0; i < 5000; i++) {
      clock += Math.floor(random() * 40);
      const r = random();
      const time = r < 0.03 ? null : r < 0.15 ? clock - Math.floor(random() * 1500) : r < 0.2 ? clock + Math.floor(random() * 1500) : clock;
      entries.push(entry('f', i + 1, time));
    }
    for (const [windowMs, maxHeld] of [[1000, 4096], [1000, 16], [200, 64]] as const) {
      const got = await collect(reorderWithin(stream([entries.slice(0, 1234), entries.slice(1234)]), windowMs, maxHeld));
      expect(got).toEqual(reference(entries, windowMs, maxHeld));
    }
  });
});
