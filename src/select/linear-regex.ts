// A user's regular expression (a rules file's allow list, a known-bug signature), compiled so that no log line can
// make it run for long: `check` gates CI, and `^(a+)+$` against thirty `a`s and a `!` takes a minute on a
// backtracking engine, four times more for every two characters.
//
// Where V8's linear-time engine can run the pattern, V8 runs it, with that engine as its fallback once a match
// backtracks too much: as fast as any RegExp on ordinary lines, linear on hostile ones. Where it cannot (V8's
// linear engine refuses some counted repeats), re2js does: a port of RE2, linear by construction, about a hundred
// times slower per line, on patterns that are rare. A pattern no linear engine can run (a backreference,
// lookahead, lookbehind) is refused when the file is read.

import { setFlagsFromString } from 'node:v8';
import { RE2JS } from 're2js';

// Both flags only widen what V8 may do: `l` regexps compile, and a regexp that backtracks past
// --regexp-backtracks-before-fallback (50,000) is run again on the linear engine, with the same result.
setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export interface LinearRegex {
  /** The pattern as written. */
  readonly source: string;
  test(text: string): boolean;
}

export type Compiled = { readonly ok: true; readonly regex: LinearRegex } | { readonly ok: false; readonly reason: string };

function linearOnV8(source: string): boolean {
  try {
    new RegExp(source, 'l');
    return true;
  } catch {
    return false;
  }
}

const BACKTRACKING_ONLY: readonly (readonly [RegExp, string])[] = [
  [/\(\?<?[=!]/, 'lookaround'],
  [/\\[1-9]|\\k</, 'a backreference'],
];

/** The construct that keeps a valid pattern off every linear engine, named as a reader would, with where it is. */
function backtrackingOnly(source: string): string | null {
  // An escaped backslash is no escape: drop the pairs before looking.
  const plain = source.replace(/\\\\/g, '__');
  for (const [construct, name] of BACKTRACKING_ONLY) {
    const m = construct.exec(plain);
    if (m) return `${name} at ${JSON.stringify(source.slice(m.index, m.index + 12))}`;
  }
  return null;
}

export function compileLinear(source: string): Compiled {
  let native: RegExp;
  try {
    native = new RegExp(source);
  } catch (error) {
    return { ok: false, reason: `invalid regular expression: ${(error as Error).message}` };
  }
  if (linearOnV8(source)) return { ok: true, regex: native };
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(source);
  } catch (error) {
    const why = backtrackingOnly(source) ?? (error as Error).message.replace(/^error parsing regexp: /, '');
    return {
      ok: false,
      reason: `${why}: backreferences and lookaround need a backtracking engine, which one log line can keep busy for `
        + 'hours; patterns run in linear time, so write it without them',
    };
  }
  return { ok: true, regex: { source, test: (text) => re2.matcher(text).find() } };
}
