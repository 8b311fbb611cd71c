// The part of an oslo.log line after timestamp and pid, shared by every text dialect:
// `LEVEL logger [context] [instance: uuid] message <DEBUG suffix>`. What the last lines said is remembered in a
// scratch object of the caller's parser, never in this module: two files parsed in turns keep their own.

import type { CodeLocation, Level } from '../model/entry.js';
import { LEVELS } from '../model/entry.js';
import type { CodeLocations } from './code-locations.js';
import { ownCopy } from './own-copy.js';
import { textAt } from './text-at.js';

const LEVEL_SET: ReadonlySet<string> = new Set(LEVELS);

/** The level word between `at` and `end`, as the shared constant string: no slice for the common ones. */
function levelAt(line: string, at: number, end: number): Level | null {
  const length = end - at;
  // Compared by character codes: a slice this short is a copy in V8, allocated on every line.
  if (length === 5 && line.charCodeAt(at) === 68 && line.charCodeAt(at + 1) === 69 && line.charCodeAt(at + 2) === 66
    && line.charCodeAt(at + 3) === 85 && line.charCodeAt(at + 4) === 71) return 'DEBUG';
  if (length === 4 && line.charCodeAt(at) === 73 && line.charCodeAt(at + 1) === 78 && line.charCodeAt(at + 2) === 70
    && line.charCodeAt(at + 3) === 79) return 'INFO';
  const text = line.slice(at, end);
  return LEVEL_SET.has(text) ? (text as Level) : null;
}

export interface Body {
  readonly level: Level;
  readonly logger: string;
  /** False on the exception-prefix lines of a traceback (`ERROR logger [instance: x] Traceback ...`). */
  readonly hasContext: boolean;
  readonly globalRequestId: string | null;
  readonly requestId: string | null;
  readonly user: string | null;
  readonly project: string | null;
  readonly instance: string | null;
  readonly message: string;
  readonly location: CodeLocation | null;
}

const LOGGER = /^\w[\w.-]*$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function identity(token: string | undefined): string | null {
  if (token === undefined || token === '' || token === '-' || token === 'None') return null;
  return token;
}

export interface Context {
  readonly globalRequestId: string | null;
  readonly requestId: string | null;
  readonly user: string | null;
  readonly project: string | null;
}

const NO_CONTEXT: Context = { globalRequestId: null, requestId: null, user: null, project: null };


/**
 * Every bracket shape of log-formats.md: `-`, `req-X user tenant`, `req-X None`, `req-X `, `req-X u p - d d`,
 * `None req-X u p ...`, `req-G req-X u p` (global then local).
 */
export function parseContext(inner: string): Context {
  if (inner === '-' || inner === '') return NO_CONTEXT;
  // Hand-scanned tokens: this runs on every line with a request.
  let start = 0;
  const next = (): string | undefined => {
    if (start > inner.length) return undefined;
    let end = inner.indexOf(' ', start);
    if (end < 0) end = inner.length;
    const token = inner.slice(start, end);
    start = end + 1;
    return token;
  };
  let first = next();
  let globalRequestId: string | null = null;
  if (first === 'None' || first === '-') {
    first = next();
  } else if (first?.startsWith('req-') && inner.startsWith('req-', start)) {
    globalRequestId = first;
    first = next();
  }
  if (first === undefined || !first.startsWith('req-')) return NO_CONTEXT;
  const user = identity(next());
  const project = identity(next());
  return { globalRequestId, requestId: first, user, project };
}

/** A context bracket holds a request ID, `-`, or starts with None: never `instance:`. */
function looksLikeContext(inner: string): boolean {
  return inner === '-' || inner.startsWith('req-') || inner.startsWith('None') || inner.includes(' req-');
}

// DEBUG suffixes: devstack `{{(pid=N) func /p.py:NN}}` (pid part absent under journald), devstack's older
// `from (pid=N) func /p.py:NN`, and oslo's default ` func /p.py:NN`.
const SUFFIX_WINDOW = 2000;
const SUFFIX_BRACES = /\s*\{\{(?:\(pid=\d+\) )?(\S+) (\S+):(\d+)\}\}$/;
const FROM_PID = / from \(pid=\d+\)$/;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number written from `from` to the end of `text`, or -1 when that is not all digits (or nothing). */
function trailingNumber(text: string, from: number): number {
  if (from >= text.length || text.length - from > 9) return -1;
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}


type MutableBody = { -readonly [K in keyof Body]: Body[K] };

/** What one parser remembers of the lines it read last: a line that repeats it reuses the result. */
export interface BodyScratch {
  /** Most lines repeat the logger of the line before: that string is reused rather than a new one cut. */
  logger: string;
  /**
   * The last context bracket (`[req-... user project]`, brackets included) and instance tag read, with what they
   * said. A bracket is only remembered once it was read as a context. Lines of one request follow each other:
   * they then share the ID strings too, which hash once as map keys downstream.
   */
  bracket: string;
  context: Context;
  /** The bracket remembered before `bracket`, and its context ('': none). */
  bracketBefore: string;
  contextBefore: Context;
  instanceTag: string;
  instance: string | null;
  /** Shared with the other parsers of one reading (see code-locations.ts). */
  readonly locations: CodeLocations;
  /** Counting mode's one body (see parseBody). */
  readonly lite: MutableBody;
}

export function newBodyScratch(locations: CodeLocations): BodyScratch {
  return {
    logger: '', bracket: '', context: NO_CONTEXT, bracketBefore: '', contextBefore: NO_CONTEXT, instanceTag: '', instance: null, locations,
    lite: {
      level: 'INFO', logger: '', hasContext: false, globalRequestId: null, requestId: null, user: null, project: null,
      instance: null, message: '', location: null,
    },
  };
}

/**
 * ` func /path/x.py:NN` (and devstack's older ` from (pid=N) func /path/x.py:NN`), read from the end by hand: the
 * hot path. The line number is the 1 to 9 digits ending the text, right after a colon. A suffix the table knows is
 * found by its end alone (the spaces before it are not looked for: lastIndexOf is a call into V8's runtime).
 */
function splitPlainSuffix(text: string, scratch: BodyScratch): [string, CodeLocation | null] {
  let colon = text.length - 1;
  while (colon >= 0 && isDigitCode(text.charCodeAt(colon))) colon--;
  if (colon < 0 || text.charCodeAt(colon) !== 58 /* : */) return [text, null];
  const line = trailingNumber(text, colon + 1);
  if (line < 0) return [text, null];
  const known = scratch.locations.known(text, line);
  let sp1: number;
  let location: CodeLocation | null;
  if (known !== null) {
    sp1 = known.at - 1;
    location = known.location;
  } else {
    const sp2 = text.lastIndexOf(' ', colon - 1);
    if (sp2 <= 0) return [text, null];
    sp1 = text.lastIndexOf(' ', sp2 - 1);
    if (sp1 < 0 || sp1 + 1 === sp2) return [text, null];
    location = scratch.locations.find(text, sp1, sp2, colon, line);
  }
  if (location === null) return [text, null];
  let cut = sp1;
  if (text.charCodeAt(sp1 - 1) === 41 /* ) */) {
    const m = FROM_PID.exec(text.slice(Math.max(0, sp1 - 24), sp1));
    if (m) cut = sp1 - m[0].length;
  }
  return [text.slice(0, cut), location];
}

/** Splits a DEBUG suffix off a message: [message, location] ([text, null] when there is none). */
export function splitDebugSuffix(text: string, scratch: BodyScratch): [string, CodeLocation | null] {
  const last = text.charCodeAt(text.length - 1);
  // The suffix is short: match only the tail, so a 10 MB message costs no more than a short one.
  if (text.length > SUFFIX_WINDOW) {
    const cut = text.length - SUFFIX_WINDOW;
    const [head, location] = splitDebugSuffix(text.slice(cut), scratch);
    return location ? [text.slice(0, cut) + head, location] : [text, null];
  }
  if (last === 125 /* } */) {
    const m = SUFFIX_BRACES.exec(text);
    if (m) return [text.slice(0, m.index), { func: m[1] as string, file: m[2] as string, line: Number(m[3]) }];
    return [text, null];
  }
  if (last < 48 || last > 57) return [text, null];
  return splitPlainSuffix(text, scratch);
}

/** Whether the bracket from `open` to `close` is a context bracket, as full parsing decides it (its inner text trimmed). */
function contextAt(line: string, open: number, close: number): boolean {
  return looksLikeContext(line.slice(open + 1, close).trim());
}

/**
 * Parses `LEVEL logger ...` starting at `at`; null when the text is not an oslo body. With `lite` (counting mode),
 * only level, logger and hasContext are read, into the scratch's one body, valid until the next call.
 */
export function parseBody(line: string, at: number, scratch: BodyScratch, lite = false): Body | null {
  const sp1 = line.indexOf(' ', at);
  if (sp1 < 0) return null;
  const levelText = levelAt(line, at, sp1);
  if (levelText === null) return null;
  let sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) sp2 = line.length;
  let logger = scratch.logger;
  if (sp2 - sp1 - 1 !== logger.length || !textAt(line, logger, sp1 + 1)) {
    logger = line.slice(sp1 + 1, sp2);
    if (!LOGGER.test(logger)) return null;
    scratch.logger = logger;
  }
  let pos = sp2 + 1;
  if (lite) {
    const body = scratch.lite;
    body.level = levelText;
    body.logger = logger;
    const close = line.charCodeAt(pos) === 91 /* [ */ ? line.indexOf(']', pos) : -1;
    body.hasContext = close > 0 && contextAt(line, pos, close);
    return body;
  }
  let context = NO_CONTEXT;
  let hasContext = false;
  if (line.charCodeAt(pos) === 91 /* [ */) {
    const bracket = scratch.bracket;
    const before = scratch.bracketBefore;
    if (bracket !== '' && textAt(line, bracket, pos)) {
      context = scratch.context;
      hasContext = true;
      pos += bracket.length;
      if (line.charCodeAt(pos) === 32) pos++;
    } else if (before !== '' && line.length >= pos + before.length && textAt(line, before, pos)) {
      // The bracket before the last one: a request's lines interleaved with `[-]` lines (RPC replies, periodic tasks).
      context = scratch.contextBefore;
      hasContext = true;
      scratch.bracketBefore = bracket;
      scratch.contextBefore = scratch.context;
      scratch.bracket = before;
      scratch.context = context;
      pos += before.length;
      if (line.charCodeAt(pos) === 32) pos++;
    } else {
      const close = line.indexOf(']', pos);
      if (close > 0) {
        const inner = line.slice(pos + 1, close).trim();
        if (looksLikeContext(inner)) {
          context = parseContext(inner);
          hasContext = true;
          scratch.bracketBefore = scratch.bracket;
          scratch.contextBefore = scratch.context;
          scratch.bracket = line.slice(pos, close + 1);
          scratch.context = context;
          pos = close + 1;
          if (line.charCodeAt(pos) === 32) pos++;
        }
      }
    }
  }
  let instance: string | null = null;
  if (line.charCodeAt(pos) === 91 /* [ */ && textAt(line, '[instance: ', pos)) {
    const tag = scratch.instanceTag;
    if (tag !== '' && textAt(line, tag, pos)) {
      instance = scratch.instance;
      pos += tag.length;
      if (line.charCodeAt(pos) === 32) pos++;
    } else {
      const close = line.indexOf(']', pos);
      const uuid = close > 0 ? line.slice(pos + 11, close) : '';
      if (UUID.test(uuid)) {
        // Copies: the tag may be remembered for long (an instance's lines keep coming), and a slice would keep the
        // lines it was read from alive with it (see own-copy.ts). Instance tags change rarely: copying costs nothing.
        instance = ownCopy(uuid.toLowerCase());
        scratch.instanceTag = ownCopy(line.slice(pos, close + 1));
        scratch.instance = instance;
        pos = close + 1;
        if (line.charCodeAt(pos) === 32) pos++;
      }
    }
  }
  let message = pos <= line.length ? line.slice(pos) : '';
  let location: CodeLocation | null = null;
  if (levelText === 'DEBUG') [message, location] = splitDebugSuffix(message, scratch);
  // The context's fields written out, not spread: a spread copies them by a slower generic path on every line.
  return {
    level: levelText, logger, hasContext, globalRequestId: context.globalRequestId, requestId: context.requestId,
    user: context.user, project: context.project, instance, message, location,
  };
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** devstack colors its lines; the codes are stripped before parsing and kept nowhere. */
export function stripAnsi(line: string): string {
  return line.includes('\u001b') ? line.replace(ANSI, '') : line;
}
