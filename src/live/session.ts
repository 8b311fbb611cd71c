// One `follow` session, between the follower and a sink: lines of followed files become entries (one parser per
// file), meet in time order (LiveMerge), and go through the analysis engine; stdin's entries go straight in. Each
// tick says what to report; the end says every operation's last word. Pure: the command's loop owns the timers,
// the readers and the sink, and passes the wall clock.

import { Analyzer } from '../analysis/analyzer.js';
import type { AnalyzerOptions } from '../analysis/analyzer.js';
import type { LogEntry } from '../model/entry.js';
import type { FileChange, OperationEvent } from '../model/live.js';
import type { FollowTotals } from '../model/records.js';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { formatByteSize } from '../parse/byte-size.js';
import { formatDuration } from '../format/duration.js';
import { formatIso } from '../format/time.js';
import type { CutSample } from '../model/file-stats.js';
import { LineFeed } from './line-feed.js';
import { LiveMerge } from './live-merge.js';
import type { LiveStatus } from './live-sink.js';

/** Lines per second is measured over this window. */
const RATE_WINDOW_MS = 3000;

/** What stdin's reader has counted (it parses in its own stream). */
export interface StdinCounts {
  readonly files: number;
  readonly lines: number;
  readonly entries: number;
  readonly unparsed: number;
  readonly cut: number;
  readonly sample?: { readonly path: string; readonly line: number; readonly text: string };
  readonly cutSample?: { readonly path: string; readonly line: number; readonly bytes: number };
}

const NO_PATHS: ReadonlySet<string> = new Set();

const NO_COUNTS: StdinCounts = { files: 0, lines: 0, entries: 0, unparsed: 0, cut: 0 };

export class FollowSession {
  readonly analyzer: Analyzer;
  private readonly feed: LineFeed;
  private readonly merge: LiveMerge;
  private files = 0;
  private stdin: StdinCounts = NO_COUNTS;
  private newest: number | null = null;
  private readonly rate: { at: number; lines: number }[] = [];
  private unparsedReported = 0;
  private cutReported = 0;

  constructor(private readonly parse: ParseOptions, analysis: AnalyzerOptions) {
    this.analyzer = new Analyzer(analysis);
    this.merge = new LiveMerge((e) => this.add(e));
    this.feed = new LineFeed(parse, (path, e) => this.merge.push(path, e));
  }

  /** Following has started: these files are open where their reading starts. */
  ready(files: number): void {
    this.files = files;
    this.merge.filesFollowed(files);
  }

  /** `cut`: the lines among these that were cut at --max-line. */
  lines(path: string, firstLine: number, lines: readonly string[], now: number, cut: readonly CutSample[] = []): void {
    this.feed.push(path, firstLine, lines, now, cut);
    this.merge.know(path);
  }

  /** A followed file appeared, was rotated, truncated or removed (its half-built entry goes out first). */
  fileChanged(path: string, change: FileChange): void {
    if (change === 'added') {
      this.merge.filesFollowed(++this.files);
      return;
    }
    if (change === 'removed') this.files = Math.max(0, this.files - 1);
    this.feed.restart(path);
  }

  /** Of the followed files with bytes waiting, those to read first (LiveMerge.readFirst); null: all in turn. */
  readFirst(waiting: readonly string[]): ReadonlySet<string> | null {
    return this.merge.readFirst(waiting);
  }

  /** An entry from stdin: one stream, already in its order. */
  stdinEntry(entry: LogEntry): void {
    this.add(entry);
  }

  stdinCounted(counts: StdinCounts): void {
    this.stdin = counts;
  }

  /**
   * What to report now. `waiting`: the followed files whose size says bytes wait in them that no read has
   * reached yet (a read that filled its budget, or bytes written while another file was read): they hold the
   * others back.
   */
  tick(now: number, waiting: ReadonlySet<string> = NO_PATHS): OperationEvent[] {
    this.feed.flushIdle(now);
    for (const path of waiting) this.merge.know(path);
    // A held entry bounds its file lower than its newest (or as low); bytes waiting, at its newest.
    this.merge.release((path) => this.feed.holding(path) ?? waiting.has(path));
    return this.analyzer.tick(now);
  }

  /** The input ended, or following stops: every operation's last word, as analyze of the same lines gives it. */
  finish(now: number): OperationEvent[] {
    this.feed.flushAll();
    this.merge.releaseAll();
    return this.analyzer.finish(now).events;
  }

  totals(): FollowTotals {
    const f = this.feed.totals();
    return {
      files: this.files + this.stdin.files, lines: f.lines + this.stdin.lines, entries: f.entries + this.stdin.entries,
      unparsed: f.unparsed + this.stdin.unparsed, ...this.analyzer.counts, evicted: this.analyzer.notes.evicted,
    };
  }

  status(now: number): LiveStatus {
    const totals = this.totals();
    this.rate.push({ at: now, lines: totals.lines });
    while (this.rate.length > 1 && now - (this.rate[0] as { at: number }).at > RATE_WINDOW_MS) this.rate.shift();
    const first = this.rate[0] as { at: number; lines: number };
    return {
      totals,
      linesPerSecond: now > first.at ? ((totals.lines - first.lines) * 1000) / (now - first.at) : 0,
      behindMs: this.newest === null ? null : Math.max(0, now - this.newest),
    };
  }

  /** Unparsed lines since the last report, with the first one, as a warning (null: none new). */
  unparsedWarning(): { readonly path: string; readonly message: string } | null {
    const { unparsed } = this.totals();
    if (unparsed <= this.unparsedReported) return null;
    const sample = this.feed.unparsedSamples()[0] ?? this.stdin.sample;
    const where = sample ? `; first: ${sample.path}:${sample.line}: ${sample.text}` : '';
    const warning = { path: sample?.path ?? '-', message: `${unparsed - this.unparsedReported} lines matched no log format${where}` };
    this.unparsedReported = unparsed;
    return warning;
  }

  /** Lines cut at --max-line since the last report, with the first one, as a warning (null: none new). */
  cutWarning(): { readonly path: string; readonly message: string } | null {
    const cut = this.feed.totals().cut + this.stdin.cut;
    if (cut <= this.cutReported) return null;
    const sample = this.feed.cutSamples()[0] ?? this.stdin.cutSample;
    const where = sample ? `; first: ${sample.path}:${sample.line} (${sample.bytes.toLocaleString('en-US')} bytes)` : '';
    const warning = {
      path: sample?.path ?? '-',
      message: `${cut - this.cutReported} lines longer than --max-line (${formatByteSize(this.parse.maxLine ?? DEFAULT_MAX_LINE)}) were cut there${where}`,
    };
    this.cutReported = cut;
    return warning;
  }

  /**
   * Entries that came older than ones already analyzed (their file was read behind the others) since the last
   * report, with the first one, as a warning (null: none new): the operations they belong to may differ from what
   * analyze says of the same files.
   */
  lateWarning(): { readonly path: string; readonly message: string } | null {
    const { count, first } = this.merge.takeLate();
    if (first === null) return null;
    const message = `${count} entries came after newer ones from other files had been analyzed` +
      ` (first: ${first.path}:${first.line} at ${formatIso(first.time)}, ${formatDuration(first.released - first.time)} older than the newest analyzed):` +
      ' the file was written or read behind the others, so the operations these lines belong to may differ from what analyze says of the same files';
    return { path: first.path, message };
  }

  private add(entry: LogEntry): void {
    if (entry.time !== null && (this.newest === null || entry.time > this.newest)) this.newest = entry.time;
    this.analyzer.add(entry);
  }
}
