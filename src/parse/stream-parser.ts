// One input stream -> entries, where the stream may carry several files: `tail -f a b` prints `==> path <==`
// headers, and each header switches the current source file. Each file keeps its own parser, so a file's
// half-built entry waits for that file's next line, not another file's.

import type { LogEntry } from '../model/entry.js';
import { CodeLocations } from './code-locations.js';
import { EntryParser } from './entry-parser.js';
import type { ParseOptions } from './entry-parser.js';
import type { FileStats } from '../model/file-stats.js';
import type { ResumeMark } from './resume-mark.js';

const TAIL_HEADER = /^==> (.+) <==$/;

export class StreamParser {
  private readonly parsers = new Map<string, EntryParser>();
  private current: EntryParser;
  private heldBlanks = 0;

  constructor(
    private readonly path: string,
    private readonly modified: Date,
    private readonly options: ParseOptions,
    private readonly emit: (entry: LogEntry) => void,
    /** Only stdin honours `==>` headers; a file that contains one is just a file. */
    private readonly followHeaders: boolean,
    /** Shared by this stream's files, and by the other streams of the reading when given (see code-locations.ts). */
    private readonly locations = new CodeLocations(),
  ) {
    this.current = this.parserFor(path);
  }

  /** `cutBytes`: see EntryParser.push. */
  push(line: string, cutBytes = 0): void {
    if (this.followHeaders) {
      // tail prints a blank line before each header: hold blank lines until we know whether a header follows.
      if (line === '' || line === '\r') {
        this.heldBlanks++;
        return;
      }
      if (line.charCodeAt(0) === 61 /* = */) {
        const m = TAIL_HEADER.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
        if (m) {
          // tail's separator and its header are noise of the stream, not lines of either file.
          this.current.stats.lines += this.heldBlanks;
          this.current.stats.noise += this.heldBlanks;
          this.heldBlanks = 0;
          this.current = this.parserFor(m[1] as string);
          this.current.stats.noise++;
          this.current.stats.lines++;
          return;
        }
      }
      for (; this.heldBlanks > 0; this.heldBlanks--) this.current.push('');
    }
    this.current.push(line, cutBytes);
  }

  /**
   * A file (no `==>` headers) whose parsing keeps where it may resume (EntryParser.keepMarks), going on from `from`
   * when given (EntryParser.restore).
   */
  resumable(from: ResumeMark | null): void {
    this.current.keepMarks();
    if (from !== null) this.current.restore(from);
  }

  /** See EntryParser.resumeMark; null for a stream of several files. */
  resumeMark(): ResumeMark | null {
    return this.parsers.size === 1 ? this.current.resumeMark() : null;
  }

  flush(): void {
    for (; this.heldBlanks > 0; this.heldBlanks--) this.current.push('');
    for (const parser of this.parsers.values()) parser.flush();
  }

  /** Per-file counts; the initial source is left out when headers named every line's file. */
  get stats(): FileStats[] {
    return [...this.parsers.values()]
      .filter((p) => p.path !== this.path || p.stats.lines > 0 || this.parsers.size === 1)
      .map((p) => p.stats);
  }

  private parserFor(path: string): EntryParser {
    let parser = this.parsers.get(path);
    if (!parser) {
      parser = new EntryParser(path, this.modified, this.options, this.emit, this.followHeaders, this.locations);
      this.parsers.set(path, parser);
    }
    return parser;
  }
}
