// Code locations written as a plain DEBUG suffix (` func /path/x.py:NN`) -> one shared record per distinct one.
// A deployment's logs name a few hundred; every entry logged at one shares its record, so the entries a correlator
// holds carry no strings of their own for it (devstack's `{{...}}` suffix, read by a regular expression, still
// makes a record per entry).
//
// The table holds values, never a parser's position in its file: what it answers does not depend on who asked
// before. So the parsers of one reading (a merge's hundreds of files) share one, passed to each explicitly: a
// table per file cost analyze 30 MB more on the bench corpus's 248 files. A parser made alone gets its own.

import type { CodeLocation } from '../model/entry.js';
import { ownCopy } from './own-copy.js';
import { textAt } from './text-at.js';

interface KnownLocation {
  /** The suffix as written: `func /path/x.py:NN`. */
  readonly text: string;
  /** Null: it is not a code location. */
  readonly location: CodeLocation | null;
}

/** Distinct line numbers kept at most: a file of random suffixes must not grow the table without bound. */
const MAX_LINES = 8192;

/** Copies, not slices: the table keeps these for as long as the reading lasts (see own-copy.ts). */
function readLocation(text: string, sp1: number, sp2: number, colon: number, line: number): CodeLocation | null {
  const file = text.slice(sp2 + 1, colon);
  if (!file.endsWith('.py') || !file.includes('/')) return null;
  return { func: ownCopy(text.slice(sp1 + 1, sp2)), file: ownCopy(file), line };
}

export class CodeLocations {
  /** Found by line number first (a small-integer key hashes for free, a string key costs its length), then by text. */
  private readonly byLine = new Map<number, KnownLocation[]>();

  /**
   * The location written from `sp1 + 1` to the end of `text`: `func` up to `sp2`, the file up to `colon`, then
   * `line`. Null when the file is not a Python path (the suffix is not a code location).
   */
  find(text: string, sp1: number, sp2: number, colon: number, line: number): CodeLocation | null {
    let known = this.byLine.get(line);
    if (known !== undefined) {
      const length = text.length - sp1 - 1;
      for (const k of known) if (k.text.length === length && textAt(text, k.text, sp1 + 1)) return k.location;
    } else {
      if (this.byLine.size >= MAX_LINES) this.byLine.clear();
      known = [];
      this.byLine.set(line, known);
    }
    const location = readLocation(text, sp1, sp2, colon, line);
    known.push({ text: ownCopy(text.slice(sp1 + 1)), location });
    return location;
  }

  /**
   * The suffix ending `text` (` func /path/x.py:NN`, NN being `line`) when the table knows it: where it starts (after
   * its space) and what find() gave for it. Null when none is known: find() then reads it. The same answer as find()
   * without looking for the spaces first: a known suffix holds one space, so ending `text` after a space it is
   * what follows the text's last space but one.
   */
  known(text: string, line: number): { readonly at: number; readonly location: CodeLocation | null } | null {
    const known = this.byLine.get(line);
    if (known === undefined) return null;
    for (const k of known) {
      const at = text.length - k.text.length;
      if (at > 0 && text.charCodeAt(at - 1) === 32 && textAt(text, k.text, at)) {
        this.found.at = at;
        this.found.location = k.location;
        return this.found;
      }
    }
    return null;
  }

  /** known()'s answer, rewritten on each call: read before the next. */
  private readonly found: { at: number; location: CodeLocation | null } = { at: 0, location: null };

  /**
   * The shared record of a location known by its parts (entries decoded from another thread's table, entry-codec.ts):
   * the one find() gave for the same suffix, else a new one that find() gives from then on.
   */
  intern(func: string, file: string, line: number): CodeLocation {
    let known = this.byLine.get(line);
    if (known !== undefined) {
      for (const k of known) if (k.location !== null && k.location.func === func && k.location.file === file && Object.is(k.location.line, line)) return k.location;
    } else {
      if (this.byLine.size >= MAX_LINES) this.byLine.clear();
      known = [];
      this.byLine.set(line, known);
    }
    const location = { func: ownCopy(func), file: ownCopy(file), line };
    known.push({ text: `${location.func} ${location.file}:${line}`, location });
    return location;
  }
}
