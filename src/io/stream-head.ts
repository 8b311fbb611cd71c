// The first bytes of a stream that can be read only once (stdin, a FIFO, `<(cmd)`), looked at and then given on
// with the rest: gzip and the refused formats are told by their magic bytes without a second open or a seek.

import type { Readable } from 'node:stream';

/** Magic bytes of the formats compressionOf() tells apart (read-source.ts). */
const MAGICS: readonly Buffer[] = [
  Buffer.from([0x1f, 0x8b]),
  Buffer.from('BZh', 'latin1'),
  Buffer.from('\u00fd7zXZ\u0000', 'latin1'),
  Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
];

/** Whether more bytes could still make `head` one of the magics: only then is a further read waited for. */
function mayBeMagic(head: Buffer): boolean {
  return MAGICS.some((m) => head.length < m.length && head.equals(m.subarray(0, head.length)));
}

export interface StreamHead {
  /** The first bytes read: the first chunk, or more while they could still be a magic's start. */
  readonly head: Buffer;
  /** Every byte of the stream, the head's first, read on demand (back-pressure holds). */
  readonly bytes: AsyncIterable<Buffer>;
}

/** Reads the head of `input`; what it read is given again by `bytes`. An error reading it is thrown. */
export async function streamHead(input: Readable): Promise<StreamHead> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  // One chunk nearly always tells: waiting for more than a line's worth would stall a live stdin.
  while (head.length === 0 || mayBeMagic(head)) {
    const next = await it.next();
    if (next.done === true) {
      done = true;
      break;
    }
    chunks.push(next.value);
    head = chunks.length === 1 ? next.value : Buffer.concat(chunks);
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      // Let the head go once given: the closure would keep it for the whole read.
      for (const chunk of chunks.splice(0)) yield chunk;
      if (done) return;
      for (let next = await it.next(); next.done !== true; next = await it.next()) yield next.value;
    } finally {
      await it.return?.();
    }
  }
  return { head, bytes: bytes() };
}
