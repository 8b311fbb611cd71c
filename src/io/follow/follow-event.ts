// What following hands on: complete lines of a file, something that happened to a file. The modules that make
// events and the loop that yields them all import the types from here, not from one another.

import type { FileChange } from '../../model/live.js';

export interface LinesEvent {
  readonly type: 'lines';
  /** As the user named it, or as a folder or glob listed it. */
  readonly path: string;
  /** The file's own number of `lines[0]`, counted from 1 again after each rotation or truncation. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

export interface FileEvent {
  readonly type: 'file';
  readonly path: string;
  readonly change: FileChange;
  readonly message: string;
}

export type FollowEvent = LinesEvent | FileEvent;
