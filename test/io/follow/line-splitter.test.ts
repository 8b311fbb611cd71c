// The splitter alone, cut deterministically: where a read ends must never change the lines or their numbers.

import { describe, expect, it } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES } from '../../../src/io/follow/line-splitter.js';
import { novaLines, text } from './follow-harness.js';

function split(chunks: readonly Buffer[], firstLine = 1): { lines: string[]; numbers: number[]; rest: string[] } {
  const splitter = new LineSplitter(firstLine);
  const lines: string[] = [];
  const numbers: number[] = [];
  for (const chunk of chunks) {
    const out = splitter.push(chunk);
    out.lines.forEach((l, k) => {
      lines.push(l);
      numbers.push(out.firstLine + k);
    });
  }
  return { lines, numbers, rest: [...splitter.end().lines] };
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

describe('LineSplitter', () => {
  const lines = [...novaLines('s', 0, 3), 'instance → café ünïcode', ...novaLines('s', 3, 2)];
  const bytes = Buffer.from(text(lines));

  it('gives the same lines and numbers whatever the cut, even inside a multi-byte character', () => {
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      expect(split(cutAt(bytes, [cut]))).toEqual({ lines, numbers: [1, 2, 3, 4, 5, 6], rest: [] });
    }
    const e = bytes.indexOf(Buffer.from('é'));
    expect(split(cutAt(bytes, [e + 1, e + 2])).lines).toEqual(lines);
    expect(split([...bytes].map((b) => Buffer.from([b]))).lines).toEqual(lines);
  });

  it.each([
    ['CRLF', 'a\r\nb\r\n', ['a', 'b'], []],
    ['a lone \\r inside a line is kept', 'a\rb\n', ['a\rb'], []],
    ['an empty line', 'a\n\nb\n', ['a', '', 'b'], []],
    ['an unfinished last line is held, then given by end()', 'a\nb', ['a'], ['b']],
    ['an unfinished line ending in \\r', 'a\nb\r', ['a'], ['b']],
    ['nothing', '', [], []],
  ])('%s', (_, input, expected, rest) => {
    expect(split([Buffer.from(input)])).toMatchObject({ lines: expected, rest });
  });

  it('numbers from where it starts', () => {
    expect(split([Buffer.from('a\nb\n')], 41).numbers).toEqual([41, 42]);
  });

  it('cuts a line that never ends at MAX_LINE_BYTES', () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.alloc(8 * 1024 * 1024, 'x');
    const out = [];
    for (let i = 0; i < 4; i++) out.push(...splitter.push(chunk).lines);
    expect(out.map((l) => l.length)).toEqual([MAX_LINE_BYTES]);
    expect(splitter.holding).toBe(false);
  });
});

describe('held bytes', () => {
  it('a held piece survives the caller reusing its buffer', () => {
    const splitter = new LineSplitter();
    const read = Buffer.from('first half, ');
    splitter.push(read);
    read.fill(0x21);
    expect(splitter.push(Buffer.from('second half\n')).lines).toEqual(['first half, second half']);
  });
});
