// What `/` looks for in the list, a timeline and an entry: a plain string by default (any case), a regular
// expression only when written `/re/`. A user's regex runs in the UI's thread on every entry, so it is bounded:
// a short pattern, no nested quantifier or back-reference (the shapes that backtrack without end), and only the
// first MAX_FIELD characters of each field are tried. One that fails the guard or does not compile is searched as
// the plain text typed, and the search says so.

import type { LogEntry } from '../model/entry.js';

/** What can be typed at all. */
export const MAX_QUERY = 200;
/** A regex's pattern, between its slashes. */
export const MAX_PATTERN = 100;
/** Characters of each field a regex is tried on (a 10 MB line must not stall the screen). */
export const MAX_FIELD = 4096;

export interface Search {
  /** As typed. */
  readonly text: string;
  readonly regex: boolean;
  /** Why a `/re/` is searched as plain text, or null. */
  readonly note: string | null;
  test(haystack: string): boolean;
  /** The matched ranges of `haystack`, [start, end), in order, not overlapping. */
  ranges(haystack: string): readonly (readonly [number, number])[];
}

// A group holding a quantifier, itself quantified: (a+)+, (.*)*; a quantified group of alternatives, which can
// overlap: (a|a)*, (a|ab)+; and back-references.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)\s*(?:[*+?]|\{\d)/;
const QUANTIFIED_ALTERNATION = /\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)\s*(?:[*+]|\{\d)/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** The search typed, or null for none (empty or blanks). */
export function compileSearch(typed: string): Search | null {
  const text = typed.slice(0, MAX_QUERY);
  if (text.trim() === '') return null;
  const wrapped = /^\/(.+)\/$/s.exec(text);
  if (wrapped !== null) {
    const pattern = wrapped[1] as string;
    const refused = pattern.length > MAX_PATTERN ? `longer than ${MAX_PATTERN} characters`
      : NESTED_QUANTIFIER.test(pattern) ? 'a nested quantifier'
        : QUANTIFIED_ALTERNATION.test(pattern) ? 'a repeated alternation'
        : BACKREFERENCE.test(pattern) ? 'a back-reference' : null;
    if (refused === null) {
      try {
        return regexSearch(text, new RegExp(pattern, 'gi'));
      } catch (e) {
        return plainSearch(text, `not a regex (${(e as Error).message.replace(/^Invalid regular expression: /, '')}): searched as text`);
      }
    }
    return plainSearch(text, `regex refused (${refused}): searched as text`);
  }
  return plainSearch(text, null);
}

function plainSearch(text: string, note: string | null): Search {
  const needle = text.trim().toLowerCase();
  return {
    text, regex: false, note,
    test: (h) => h.toLowerCase().includes(needle),
    ranges: (h) => {
      const out: [number, number][] = [];
      const lower = h.toLowerCase();
      for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
      return out;
    },
  };
}

function regexSearch(text: string, re: RegExp): Search {
  return {
    text, regex: true, note: null,
    test: (h) => {
      re.lastIndex = 0;
      return re.test(h.length > MAX_FIELD ? h.slice(0, MAX_FIELD) : h);
    },
    ranges: (h) => {
      const out: [number, number][] = [];
      re.lastIndex = 0;
      const hay = h.length > MAX_FIELD ? h.slice(0, MAX_FIELD) : h;
      for (let m = re.exec(hay); m !== null; m = re.exec(hay)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
  };
}

/** The whole entry, as search sees it: message, logger, request ID, instance, the continuation and traceback. */
export function entryMatches(search: Search, e: LogEntry): boolean {
  if (search.test(e.message)) return true;
  if (e.logger !== null && search.test(e.logger)) return true;
  if (e.requestId !== null && search.test(e.requestId)) return true;
  if (e.instance !== null && search.test(e.instance)) return true;
  for (const c of e.continuation) if (search.test(c)) return true;
  return false;
}

const compiled = new Map<string, Search | null>();

/** compileSearch, remembered: screens and the reducer ask for the same text on every frame. */
export function searchFor(text: string): Search | null {
  let s = compiled.get(text);
  if (s === undefined && !compiled.has(text)) {
    s = compileSearch(text);
    if (compiled.size > 32) compiled.clear();
    compiled.set(text, s);
  }
  return s ?? null;
}
