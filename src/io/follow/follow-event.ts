// What following hands on: complete lines of a file, something that happened to a file, and once, that following
// has started. The modules that make events and the loop that yields them all import the types from here, not from
// one another.

import type { CutSample } from '../../model/file-stats.js';
import type { FileChange } from '../../model/live.js';

export interface LinesEvent {
  readonly type: 'lines';
  /** As the user named it, or as a folder or glob listed it. */
  readonly path: string;
  /** The file's own number of `lines[0]`, counted from 1 again after each rotation or truncation. */
  readonly firstLine: number;
  readonly lines: readonly string[];
  /** Lines among these that were longer than `maxLine` and cut; absent when none was. */
  readonly cut?: readonly CutSample[];
}

export interface FileEvent {
  readonly type: 'file';
  readonly path: string;
  readonly change: FileChange;
  readonly message: string;
}

/** A file followed from the start, and where its reading starts. */
export interface StartedFile {
  /** As events about it carry it. */
  readonly path: string;
  /**
   * Byte offset reading starts at: 0 with `fromStart`, else the file's end (the start of an unfinished last line,
   * which is shown once it is finished).
   */
  readonly offset: number;
}

/**
 * Following has started: every file there when it started, and followable, is open at its start offset (a line
 * appended to one from now on is read), and the folders are watched (a file made in one from now on is read from
 * its start). Yielded once, after the `file` events of the first look and before any `lines` event of these files.
 */
export interface ReadyEvent {
  readonly type: 'ready';
  /** In the order they are read; files that cannot be followed are not here (a `file` event said why). */
  readonly files: readonly StartedFile[];
}

export type FollowEvent = LinesEvent | FileEvent | ReadyEvent;
