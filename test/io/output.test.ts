// Output's parts: text written as it is made goes out in order, in blocks, with a line's newline only where a line ends;
// lines that write their own bytes go out among text lines, through a stream or a file descriptor.

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/io/output.js';
import { withNewFile } from '../helpers.js';
import type { LineBytes } from '../../src/io/output.js';

function sink(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

describe('Output.part', () => {
  it('parts go on one line, which a line ends; lines before and after keep their own', async () => {
    const { stream, writes } = sink();
    const out = new Output(stream, null);
    await out.line('first');
    await out.part('{"a":');
    await out.part('1}');
    await out.line('');
    await out.line('last');
    await out.flush();
    expect(writes.join('')).toBe('first\n{"a":1}\nlast\n');
  });

  it('a long text in parts is written in blocks as it comes, never whole at the end', async () => {
    const { stream, writes } = sink();
    const out = new Output(stream, null);
    const parts = Array.from({ length: 3000 }, (_, i) => `,{"operation":${i},"pad":"${'x'.repeat(100)}"}`);
    for (const p of parts) await out.part(p);
    // Blocks went out before the last part was given.
    expect(writes.length).toBeGreaterThan(3);
    await out.line('');
    await out.flush();
    expect(writes.join('')).toBe(`${parts.join('')}\n`);
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(70_000);
  });
});

/** A line that writes the UTF-8 bytes of a text, measured as queueBytes is told: at most 3 bytes a UTF-16 unit. */
function bytesOf(text: string): { most: number; line: LineBytes } {
  return { most: 3 * text.length, line: { write: (into, at) => at + into.write(text, at) } };
}

describe('Output.queueBytes', () => {
  const texts = ['first', '{"a":"è 実 😀"}', '', 'z'.repeat(3 << 20), 'last'];

  it('writes each line\'s bytes and a newline, in order among text lines, and says when a block is full', async () => {
    const { stream, writes } = sink();
    const out = new Output(stream, null);
    const full: boolean[] = [];
    for (const [i, text] of texts.entries()) {
      const { most, line } = bytesOf(text);
      full.push(i % 2 === 0 ? out.queueBytes(most, line) : out.queue(text));
    }
    // The long line (3 MB, more than the block held) filled a block; the lines before it did not.
    expect(full).toEqual([false, false, false, true, true]);
    await out.flush();
    expect(writes.join('')).toBe(`${texts.join('\n')}\n`);
  });

  it('writes to a file descriptor the same bytes', async () => {
    await withNewFile(async (fd, path) => {
      const { stream, writes } = sink();
      const out = new Output(stream, fd);
      for (let round = 0; round < 3; round++) {
        for (const text of texts) {
          const { most, line } = bytesOf(text);
          if (out.queueBytes(most, line)) await out.flush();
        }
      }
      await out.end();
      expect(writes).toEqual([]);
      expect(readFileSync(path, 'utf8')).toBe(`${[...texts, ...texts, ...texts].join('\n')}\n`);
    });
  });
});