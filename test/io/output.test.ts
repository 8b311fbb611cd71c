// Output's parts: text written as it is made goes out in order, in blocks, with a line's newline only where a line ends.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/io/output.js';

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
