// The part of an oslo.log line after timestamp and pid, shared by every text dialect:
// `LEVEL logger [context] [instance: uuid] message <DEBUG suffix>`.

import type { CodeLocation, Level } from '../model/entry.js';
import { isLevel } from '../model/entry.js';

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function identity(token: string | undefined): string | null {
  if (token === undefined || token === '' || token === '-' || token === 'None') return null;
  return token;
}

interface Context {
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
  const tokens = inner.split(' ');
  let i = 0;
  let globalRequestId: string | null = null;
  if (tokens[0] === 'None' || tokens[0] === '-') {
    i = 1;
  } else if (tokens[0]?.startsWith('req-') && tokens[1]?.startsWith('req-')) {
    globalRequestId = tokens[0];
    i = 1;
  }
  const requestId = tokens[i]?.startsWith('req-') ? (tokens[i] as string) : null;
  if (requestId === null) return NO_CONTEXT;
  return { globalRequestId, requestId, user: identity(tokens[i + 1]), project: identity(tokens[i + 2]) };
}

/** A context bracket holds a request ID, `-`, or starts with None: never `instance:`. */
function looksLikeContext(inner: string): boolean {
  return inner === '-' || inner.startsWith('req-') || inner.startsWith('None') || inner.includes(' req-');
}

// DEBUG suffixes: devstack `{{(pid=N) func /p.py:NN}}` (pid part absent under journald), devstack's older
// `from (pid=N) func /p.py:NN`, and oslo's default ` func /p.py:NN`.
const SUFFIX_WINDOW = 2000;
const SUFFIX_BRACES = /\s*\{\{(?:\(pid=\d+\) )?(\S+) (\S+):(\d+)\}\}$/;
const SUFFIX_FROM = / from \(pid=\d+\) (\S+) (\S+):(\d+)$/;
const SUFFIX_PLAIN = / (\S+) (\/\S+\.py|\S+\/\S+\.py):(\d+)$/;

/** Splits a DEBUG suffix off a message: [message, location] ([text, null] when there is none). */
export function splitDebugSuffix(text: string): [string, CodeLocation | null] {
  const last = text.charCodeAt(text.length - 1);
  // The suffix is short: match only the tail, so a 10 MB message costs no more than a short one.
  if (text.length > SUFFIX_WINDOW) {
    const cut = text.length - SUFFIX_WINDOW;
    const [head, location] = splitDebugSuffix(text.slice(cut));
    return location ? [text.slice(0, cut) + head, location] : [text, null];
  }
  if (last === 125 /* } */) {
    const m = SUFFIX_BRACES.exec(text);
    if (m) return [text.slice(0, m.index), { func: m[1] as string, file: m[2] as string, line: Number(m[3]) }];
    return [text, null];
  }
  if (last < 48 || last > 57) return [text, null];
  const m = SUFFIX_FROM.exec(text) ?? SUFFIX_PLAIN.exec(text);
  if (m) return [text.slice(0, m.index), { func: m[1] as string, file: m[2] as string, line: Number(m[3]) }];
  return [text, null];
}

/** Parses `LEVEL logger ...` starting at `at`; null when the text is not an oslo body. */
export function parseBody(line: string, at: number): Body | null {
  const sp1 = line.indexOf(' ', at);
  if (sp1 < 0) return null;
  const levelText = line.slice(at, sp1);
  if (!isLevel(levelText)) return null;
  let sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) sp2 = line.length;
  const logger = line.slice(sp1 + 1, sp2);
  if (!LOGGER.test(logger)) return null;
  let pos = sp2 + 1;
  let context = NO_CONTEXT;
  let hasContext = false;
  if (line.charCodeAt(pos) === 91 /* [ */) {
    const close = line.indexOf(']', pos);
    if (close > 0) {
      const inner = line.slice(pos + 1, close).trim();
      if (looksLikeContext(inner)) {
        context = parseContext(inner);
        hasContext = true;
        pos = close + 1;
        if (line.charCodeAt(pos) === 32) pos++;
      }
    }
  }
  let instance: string | null = null;
  if (line.startsWith('[instance: ', pos)) {
    const close = line.indexOf(']', pos);
    const uuid = close > 0 ? line.slice(pos + 11, close) : '';
    if (UUID.test(uuid)) {
      instance = uuid.toLowerCase();
      pos = close + 1;
      if (line.charCodeAt(pos) === 32) pos++;
    }
  }
  let message = pos <= line.length ? line.slice(pos) : '';
  let location: CodeLocation | null = null;
  if (levelText === 'DEBUG') [message, location] = splitDebugSuffix(message);
  return { level: levelText, logger, hasContext, ...context, instance, message, location };
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** devstack colors its lines; the codes are stripped before parsing and kept nowhere. */
export function stripAnsi(line: string): string {
  return line.includes('\u001b') ? line.replace(ANSI, '') : line;
}
