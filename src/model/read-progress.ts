// How far reading the inputs has got: what the terminal UI's first frames show while analyze reads.

export interface ReadProgress {
  /** Bytes read from files (gzip: compressed bytes), and their total size (0: unknown, stdin). */
  readonly bytes: number;
  readonly total: number;
  /** Files read to their end, of all the inputs. */
  readonly filesRead: number;
  readonly files: number;
  readonly entries: number;
}
