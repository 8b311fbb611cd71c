// The final operations an offline analysis keeps to the end of its input, kept compact: as their JSON text, deflated
// a few hundred at a time. They grow with the input (11,000 operations, 36 MB of objects at 1.2 GB of logs) while
// everything else the engine holds follows what is open; as objects they were most of what the heap held late in a
// long run, and V8 sizes the heap to twice that.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { LogEntry } from '../model/entry.js';
import type { Operation } from '../model/operation.js';

/** JSON text gathered before it is deflated: about a hundred operations. */
const BLOCK_CHARS = 256 * 1024;

export class KeptOperations {
  private readonly blocks: Buffer[] = [];
  /** Each block's JSON, in bytes, before it was deflated: inflated into one buffer of that size. */
  private readonly textBytes: number[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  /** The entries kept with an operation (trace, the UI), by its place: they stay objects, shared with the caller. */
  private readonly entries = new Map<number, readonly LogEntry[]>();
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Bytes held for the operations' data (their entries aside): deflated blocks, and the text not yet deflated. */
  get heldBytes(): number {
    return this.blocks.reduce((sum, b) => sum + b.length, 0) + this.pendingChars;
  }

  /**
   * Keeps an operation: its data as a copy (a JSON round trip, so that no string of it pins the chunk it was read
   * in), its entries, when it has them, as they are.
   */
  add(op: Operation): void {
    if (op.entries !== null) this.entries.set(this.count, op.entries);
    const text = JSON.stringify(op.entries === null ? op : { ...op, entries: null });
    this.pending.push(text);
    this.pendingChars += text.length;
    this.count++;
    if (this.pendingChars >= BLOCK_CHARS) this.seal();
  }

  /**
   * The deflated blocks, for a checkpoint to write as they are (they are most of its bytes, and grow with the input):
   * its data is this object's fields with `blocks` as their lengths, and restoring it puts the blocks back.
   */
  get sealed(): readonly Buffer[] {
    return this.blocks;
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    const text = Buffer.from(`[${this.pending.join(',')}]`, 'utf8');
    this.blocks.push(deflateRawSync(text, { level: 1 }));
    this.textBytes.push(text.length);
    this.pending = [];
    this.pendingChars = 0;
  }

  /** Every operation kept, in the order added (each block let go as it is read: this is the end of the analysis). */
  take(): Operation[] {
    this.seal();
    const out: Operation[] = [];
    for (let b = 0; b < this.blocks.length; b++) {
      // Into one buffer a byte longer than the text (zlib's sync call makes another one when the last is filled): in
      // its 16 KB chunks and their concatenation, a block's text was twice its size in ArrayBuffers, 48 MB at 1.2 GB of
      // logs (93 blocks) waiting for a collection at the end of the run.
      const chunkSize = Math.max(64, (this.textBytes[b] ?? 0) + 1);
      const ops = JSON.parse(inflateRawSync(this.blocks[b] as Buffer, { chunkSize }).toString('utf8')) as Operation[];
      this.blocks[b] = EMPTY;
      for (const op of ops) {
        const entries = this.entries.get(out.length);
        out.push(entries === undefined ? op : { ...op, entries });
      }
    }
    this.blocks.length = 0;
    this.textBytes.length = 0;
    this.entries.clear();
    this.count = 0;
    return out;
  }
}

const EMPTY = Buffer.alloc(0);
