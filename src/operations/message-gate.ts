// A cheap check in front of a list of regular expressions run on many lines: most markers the recognizers and the
// timeline declare are anchored literals (`^Rebooting instance`, `^(?:Lock "|Acquiring lock "|...)`), and a line that
// starts with none of their literal prefixes cannot match them. The regexes stay the reference: the gate only says
// when running them cannot find anything, and a regex it cannot read that way is run on every line as before.

export interface MessageGate {
  /** False only when no regex of the list can match `text`. */
  mayMatch(text: string): boolean;
}

/** Characters that end a literal run in a pattern's source. */
const SPECIAL = '^$.|?*+()[]{}\\';
/** Whether `c` is a quantifier that makes what is before it optional. */
const optional = (c: string | undefined): boolean => c === '?' || c === '*' || c === '{';

/** The pattern's literal characters from `at` on (escaped punctuation included), up to the first that is not one. */
function literalRun(source: string, at: number): { readonly text: string; readonly end: number } {
  let text = '';
  let i = at;
  for (;;) {
    const c = source[i];
    if (c === undefined) break;
    if (c === '\\') {
      const next = source[i + 1];
      // `\.`, `\/`, `\(`: a literal; `\d`, `\s`, `\b`, `\u0041`: not one to read here.
      if (next === undefined || /[\w]/.test(next)) break;
      if (optional(source[i + 2])) break;
      text += next;
      i += 2;
      continue;
    }
    if (SPECIAL.includes(c)) break;
    if (optional(source[i + 1])) break;
    text += c;
    i++;
  }
  return { text, end: i };
}

/** Where the group opened at `open` closes, or -1; `|` at its top level are collected. */
function closeOf(source: string, open: number, bars: number[]): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '|' && depth === 1) {
      bars.push(i);
    }
  }
  return -1;
}

/** Whether the pattern has a `|` outside every group (then `^` does not anchor all of it). */
function topLevelBar(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The literal prefixes one of which every match of `re` starts the text with (a match is at the start: `^`), or
 * null when the pattern is not read so: unanchored, case-insensitive, multi-line, global or sticky, or not starting
 * with a literal or a non-capturing group of literal alternatives.
 */
export function anchoredPrefixes(re: RegExp): string[] | null {
  if (/[imgy]/.test(re.flags)) return null;
  const source = re.source;
  if (!source.startsWith('^') || topLevelBar(source)) return null;
  if (source.startsWith('^(?:')) {
    const bars: number[] = [];
    const close = closeOf(source, 1, bars);
    if (close < 0 || optional(source[close + 1])) return null;
    const prefixes: string[] = [];
    let from = 4;
    for (const end of [...bars, close]) {
      const { text } = literalRun(source, from);
      if (text === '') return null;
      prefixes.push(text);
      from = end + 1;
    }
    return prefixes;
  }
  const { text } = literalRun(source, 1);
  return text === '' ? null : [text];
}

const ALWAYS: MessageGate = { mayMatch: () => true };

/** A gate for a list of regexes: their literal prefixes by first character, the others run as they are. */
export function messageGate(regexes: readonly RegExp[]): MessageGate {
  const byFirst = new Map<number, string[]>();
  const others: RegExp[] = [];
  for (const re of regexes) {
    const prefixes = anchoredPrefixes(re);
    if (prefixes === null) {
      others.push(re);
      continue;
    }
    for (const prefix of prefixes) {
      const code = prefix.charCodeAt(0);
      const list = byFirst.get(code);
      if (list === undefined) byFirst.set(code, [prefix]);
      else if (!list.includes(prefix)) list.push(prefix);
    }
  }
  if (others.length === regexes.length && regexes.length > 0) return ALWAYS;
  return {
    mayMatch(text: string): boolean {
      const prefixes = byFirst.get(text.charCodeAt(0));
      if (prefixes !== undefined) for (const prefix of prefixes) if (text.startsWith(prefix)) return true;
      for (const re of others) if (re.test(text)) return true;
      return false;
    },
  };
}
