// Followed lines -> entries: one parser per followed file (a file's half-built entry waits for that file's next
// line), a new one when the file is rotated or truncated, and the half-built entry let go once its file has been
// quiet for a moment (the last line of a burst must not wait for the next burst). Pure: the caller passes time.

import type { LogEntry } from '../model/entry.js';
import type { CutSample } from '../model/file-stats.js';
import { CodeLocations } from '../parse/code-locations.js';
import { EntryParser } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';

/** A file quiet this long has its pending entry emitted. */
export const IDLE_FLUSH_MS = 200;

interface Fed {
  parser: EntryParser;
  lastLineAt: number;
  flushed: boolean;
}

export interface FeedTotals {
  readonly files: number;
  readonly lines: number;
  readonly entries: number;
  readonly unparsed: number;
  /** Lines longer than --max-line, cut there. */
  readonly cut: number;
}

export class LineFeed {
  private readonly files = new Map<string, Fed>();
  /** Counts of parsers already replaced (rotations, truncations, removed files). */
  private retired = { lines: 0, entries: 0, unparsed: 0, cut: 0 };
  /** One code location table for every followed file (see parse/code-locations.ts). */
  private readonly locations = new CodeLocations();

  constructor(private readonly options: ParseOptions, private readonly emit: (path: string, entry: LogEntry) => void) {}

  /**
   * `firstLine`: the file's line number of lines[0], so that entries point at the right line. `cut`: the lines
   * among these that were cut at --max-line (a `lines` event's `cut`), counted in the file's stats.
   */
  push(path: string, firstLine: number, lines: readonly string[], now: number, cut: readonly CutSample[] = []): void {
    let fed = this.files.get(path);
    if (!fed) {
      fed = { parser: new EntryParser(path, new Date(now), this.options, (e) => this.emit(path, e), false, this.locations), lastLineAt: now, flushed: true };
      fed.parser.continueAt(firstLine);
      this.files.set(path, fed);
    }
    if (cut.length === 0) {
      for (const line of lines) fed.parser.push(line);
    } else {
      const bytes = new Map(cut.map((c) => [c.line - firstLine, c.bytes]));
      lines.forEach((line, i) => fed.parser.push(line, bytes.get(i) ?? 0));
    }
    fed.lastLineAt = now;
    fed.flushed = false;
  }

  /** The file starts over (rotated, truncated) or is gone: its pending entry is emitted and its parser retired. */
  restart(path: string): void {
    const fed = this.files.get(path);
    if (!fed) return;
    fed.parser.flush();
    const s = fed.parser.stats;
    const r = this.retired;
    this.retired = { lines: r.lines + s.lines, entries: r.entries + s.entries, unparsed: r.unparsed + s.unparsed, cut: r.cut + s.cut };
    this.files.delete(path);
  }

  /**
   * Whether the file's parser holds an entry not emitted yet (its next line may continue it), and the oldest time
   * among those it holds: -Infinity when none holds a time, null when it holds none.
   */
  holding(path: string): number | null {
    const parser = this.files.get(path)?.parser;
    if (parser === undefined || !parser.holding) return null;
    return parser.holdingSince ?? -Infinity;
  }

  /** Emits the pending entry of every file quiet for IDLE_FLUSH_MS. */
  flushIdle(now: number): void {
    for (const fed of this.files.values()) {
      if (!fed.flushed && now - fed.lastLineAt >= IDLE_FLUSH_MS) {
        fed.parser.flush();
        fed.flushed = true;
      }
    }
  }

  flushAll(): void {
    for (const fed of this.files.values()) fed.parser.flush();
  }

  totals(): FeedTotals {
    let { lines, entries, unparsed, cut } = this.retired;
    for (const fed of this.files.values()) {
      lines += fed.parser.stats.lines;
      entries += fed.parser.stats.entries;
      unparsed += fed.parser.stats.unparsed;
      cut += fed.parser.stats.cut;
    }
    return { files: this.files.size, lines, entries, unparsed, cut };
  }

  /** First unparsed lines of each file, for warnings. */
  unparsedSamples(): { path: string; line: number; text: string }[] {
    return [...this.files.entries()].flatMap(([path, fed]) => fed.parser.stats.unparsedSamples.map((s) => ({ path, ...s })));
  }

  /** First lines of each file cut at --max-line, for warnings. */
  cutSamples(): { path: string; line: number; bytes: number }[] {
    return [...this.files.entries()].flatMap(([path, fed]) => fed.parser.stats.cutSamples.map((s) => ({ path, ...s })));
  }
}
