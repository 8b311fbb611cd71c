// The one line splitter alone, cut deterministically: where a read ends must never change the lines, their
// numbers or which were cut; a line longer than the maximum is cut there and never held whole.

import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/io/line-splitter.js';
import type { SplitterOptions } from '../../src/io/line-splitter.js';
import type { CutSample } from '../../src/model/file-stats.js';
import { novaLines, text } from './follow/follow-harness.js';

interface Split {
  readonly lines: string[];
  readonly numbers: number[];
  readonly cut: CutSample[];
}

const MB = 1024 * 1024;

/** Every line of `chunks` as the readers take them: next() after each push, then end(). */
function split(chunks: readonly Buffer[], options: Partial<SplitterOptions> = {}): Split {
  const splitter = new LineSplitter({ maxLine: MB, ...options });
  const out: Split = { lines: [], numbers: [], cut: [] };
  const take = (): void => {
    for (let n = splitter.nextLine, line = splitter.next(); line !== null; n = splitter.nextLine, line = splitter.next()) {
      out.lines.push(line);
      out.numbers.push(n);
      if (splitter.cutBytes > 0) out.cut.push({ line: n, bytes: splitter.cutBytes });
    }
  };
  for (const chunk of chunks) {
    splitter.push(chunk);
    take();
  }
  splitter.end();
  take();
  expect(splitter.holding).toBe(false);
  return out;
}

/** `bytes` cut at every offset in `cuts`. */
function cutAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

/** `bytes` in pieces of `size`. */
function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('LineSplitter', () => {
  const lines = [...novaLines('s', 0, 3), 'instance → café ünïcode', ...novaLines('s', 3, 2)];
  const bytes = Buffer.from(text(lines));

  it.each([
    ['windows of lines', {}],
    ['each line decoded on its own (a follower)', { ownStrings: true }],
  ])('gives the same lines and numbers whatever the cut, even inside a multi-byte character: %s', (_, options) => {
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      expect(split(cutAt(bytes, [cut]), options)).toEqual({ lines, numbers: [1, 2, 3, 4, 5, 6], cut: [] });
    }
    const e = bytes.indexOf(Buffer.from('é'));
    expect(split(cutAt(bytes, [e + 1, e + 2]), options).lines).toEqual(lines);
    expect(split([...bytes].map((b) => Buffer.from([b])), options).lines).toEqual(lines);
  });

  it.each([
    ['CRLF', 'a\r\nb\r\n', ['a', 'b']],
    ['CRLF cut between \\r and \\n', ['a\r', '\nb\r', '\n'], ['a', 'b']],
    ['a lone \\r inside a line is kept', 'a\rb\n', ['a\rb']],
    ['an empty line', 'a\n\nb\n', ['a', '', 'b']],
    ['empty CRLF lines', '\r\n\r\n', ['', '']],
    ['a last line with no newline', 'a\nb', ['a', 'b']],
    ['a last line ending in \\r', 'a\nb\r', ['a', 'b']],
    ['a last line cut by a read', ['a\nb', 'c'], ['a', 'bc']],
    ['only a newline', '\n', ['']],
    ['nothing', '', []],
  ])('%s', (_, input, expected) => {
    const chunks = (typeof input === 'string' ? [input] : input).map((c) => Buffer.from(c));
    expect(split(chunks).lines).toEqual(expected);
  });

  it('numbers from where it starts', () => {
    expect(split([Buffer.from('a\nb\n')], { firstLine: 41 }).numbers).toEqual([41, 42]);
  });

  it('reads a 10 MB line split across 64 KB reads as one line when the maximum allows it', () => {
    const big = `${lines[0]} ${'x'.repeat(10 * MB)} end`;
    const out = split(pieces(Buffer.from(`${big}\n${lines[1]}\r\n`), 1 << 16), { maxLine: 16 * MB });
    expect(out.lines.map((l) => l.length)).toEqual([big.length, (lines[1] as string).length]);
    expect(out.lines[0]).toBe(big);
    expect(out.cut).toEqual([]);
  });

  it('gives the same lines whether a long line comes in one read or many', () => {
    const input = Buffer.from(text([lines[0] as string, 'y'.repeat(100_000), lines[1] as string, 'z'.repeat(40_000)]));
    const whole = split([input]);
    for (const size of [7, 4096, 1 << 15, (1 << 15) + 1, 1 << 16, 1 << 20]) expect(split(pieces(input, size))).toEqual(whole);
    expect(whole.lines.map((l) => l.length)).toEqual([(lines[0] as string).length, 100_000, (lines[1] as string).length, 40_000]);
  });
});

describe('a line longer than the maximum', () => {
  const before = 'before';
  const after = '2026-11-22 02:40:05.456 20764 INFO nova.compute.manager [-] after';

  it.each([
    ['in one read', [1 << 30]],
    ['across reads of 1000 bytes', [1000]],
    ['across reads of 7 bytes', [7]],
    ['a read ending exactly at the maximum', [6 + 1 + 100]],
    ['a read ending one byte past it', [6 + 1 + 101]],
  ])('is cut to its first bytes, counted with its number and length, and the next line is whole: %s', (_, [size]) => {
    const input = Buffer.from(`${before}\n${'L'.repeat(100)}${'x'.repeat(5000)}\r\n${after}\n`);
    const out = split(pieces(input, size as number), { maxLine: 100 });
    expect(out.lines).toEqual([before, 'L'.repeat(100), after]);
    expect(out.cut).toEqual([{ line: 2, bytes: 5100 }]);
  });

  it.each([
    ['one byte over', 'x'.repeat(101), [{ line: 1, bytes: 101 }]],
    ['exactly the maximum', 'x'.repeat(100), []],
    ['exactly the maximum, then \\r', `${'x'.repeat(100)}\r`, []],
    ['one over, then \\r', `${'x'.repeat(101)}\r`, [{ line: 1, bytes: 101 }]],
  ])('%s', (_, line, cut) => {
    for (const size of [1, 3, 100, 101, 1000]) {
      const out = split(pieces(Buffer.from(`${line}\n${after}\n`), size), { maxLine: 100 });
      expect(out.lines).toEqual([line.replace('\r', '').slice(0, 100), after]);
      expect(out.cut).toEqual(cut);
    }
  });

  it('that is the last line and has no newline is cut too', () => {
    const out = split(pieces(Buffer.from(`${before}\n${'x'.repeat(300)}`), 64), { maxLine: 100 });
    expect(out.lines).toEqual([before, 'x'.repeat(100)]);
    expect(out.cut).toEqual([{ line: 2, bytes: 300 }]);
  });

  it('is cut before a multi-byte character the maximum would split, not inside it', () => {
    // "é" is 2 bytes and "€" 3: the 100th byte is inside one of them.
    for (const [char, pad] of [['é', 99], ['€', 98], ['€', 99]] as const) {
      const line = `${'a'.repeat(pad)}${char.repeat(50)}`;
      for (const size of [1, 50, 1 << 16]) {
        const out = split(pieces(Buffer.from(`${line}\n${after}\n`), size), { maxLine: 100 });
        const kept = out.lines[0] as string;
        expect(kept.startsWith('a'.repeat(pad))).toBe(true);
        expect(kept).not.toContain('\uFFFD');
        expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(100);
        expect(Buffer.byteLength(kept)).toBeGreaterThan(100 - Buffer.byteLength(char));
        expect(out.lines[1]).toBe(after);
        expect(out.cut).toEqual([{ line: 1, bytes: Buffer.byteLength(line) }]);
      }
    }
  });

  it('inside lines decoded one by one (a follower) is cut alike', () => {
    const input = Buffer.from(`${before}\n${'x'.repeat(5000)}\n${after}\n`);
    expect(split([input], { maxLine: 100, ownStrings: true })).toEqual(split(pieces(input, 13), { maxLine: 100 }));
  });

  it('is never held whole: 64 MB with no newline leave the splitter holding at most the maximum', () => {
    const splitter = new LineSplitter({ maxLine: 1000 });
    const chunk = Buffer.alloc(MB, 'x');
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 64; i++) {
      splitter.push(chunk);
      expect(splitter.next()).toBeNull();
    }
    // What it holds besides the caller's chunk: the cut line's first 1000 bytes.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MB);
    splitter.push(Buffer.from('\nnext\n'));
    expect(splitter.next()).toBe('x'.repeat(1000));
    expect(splitter.cutBytes).toBe(64 * MB);
    expect(splitter.next()).toBe('next');
    expect(splitter.cutBytes).toBe(0);
    expect(splitter.nextLine).toBe(3);
  });
});

describe('held bytes', () => {
  it('a held piece survives the caller reusing its buffer', () => {
    const splitter = new LineSplitter({ maxLine: MB });
    const read = Buffer.from('first half, ');
    splitter.push(read);
    read.fill(0x21);
    splitter.push(Buffer.from('second half\n'));
    expect(splitter.next()).toBe('first half, second half');
  });

  it('lines are decoded before push returns: the caller may read into the same buffer before taking them', () => {
    const splitter = new LineSplitter({ maxLine: MB });
    const read = Buffer.from('one\ntwo\nthr');
    splitter.push(read);
    read.fill(0x21);
    expect([splitter.next(), splitter.next(), splitter.next()]).toEqual(['one', 'two', null]);
  });

  it('take() hands every complete line on with the first one\'s number and the cut ones', () => {
    const splitter = new LineSplitter({ maxLine: 4, firstLine: 10 });
    splitter.push(Buffer.from('a\nbbbbbb\nc\nd'));
    expect(splitter.take()).toEqual({ firstLine: 10, lines: ['a', 'bbbb', 'c'], cut: [{ line: 11, bytes: 6 }] });
    splitter.end();
    expect(splitter.take()).toEqual({ firstLine: 13, lines: ['d'], cut: [] });
    expect(splitter.take()).toEqual({ firstLine: 14, lines: [], cut: [] });
  });
});
