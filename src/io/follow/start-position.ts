// Where following starts when it starts at a file's end, and the number of the first line it will see there.
// Numbers are the file's real line numbers (what an editor or `sed -n` shows), so they are counted: one pass
// over what the file holds, 1 MiB at a time, in the buffer the follower reads with.

import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;

export interface StartPosition {
  /** Byte offset to read from: the end, or the start of an unfinished last line (it is not old yet). */
  readonly pos: number;
  /** 1-based number of the line that starts at `pos`. */
  readonly line: number;
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at >= 0) {
    count++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

export async function startAtEnd(handle: FileHandle, size: number, buffer: Buffer): Promise<StartPosition> {
  let newlines = 0;
  let lastNewline = -1;
  for (let offset = 0; offset < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - offset), offset);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    newlines += countNewlines(chunk);
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= 0) lastNewline = offset + last;
    offset += bytesRead;
  }
  return { pos: lastNewline + 1, line: newlines + 1 };
}
