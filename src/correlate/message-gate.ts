// A cheap check in front of a list of regular expressions run on many lines: most markers the recognizers and the
// timeline declare are anchored literals (`^Rebooting instance`, `^(?:Lock "|Acquiring lock "|...)`) or plain ones
// (`No valid host was found`), and a line that starts with none of their literal prefixes and holds none of their
// literals cannot match them. The regexes stay the reference: the gate only says
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

/** Where the pattern has a `|` outside every group: its alternatives end there. */
function topLevelBars(source: string): number[] {
  const bars: number[] = [];
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) bars.push(i);
  }
  return bars;
}

/** The literal prefixes of one alternative anchored at the start (`^...`), or null when it is not read so. */
function prefixesOf(alternative: string): string[] | null {
  if (alternative.startsWith('^(?:')) {
    const bars: number[] = [];
    const close = closeOf(alternative, 1, bars);
    if (close < 0 || optional(alternative[close + 1])) return null;
    const prefixes: string[] = [];
    let from = 4;
    for (const end of [...bars, close]) {
      const { text } = literalRun(alternative, from);
      if (text === '') return null;
      prefixes.push(text);
      from = end + 1;
    }
    return prefixes;
  }
  const { text } = literalRun(alternative, 1);
  return text === '' ? null : [text];
}

/**
 * What every match of `re` holds, alternative by alternative (`a|^b`): the literal prefixes the text starts with (an
 * alternative anchored at the start, `^`, followed by a literal or a non-capturing group of literal alternatives),
 * and the literals it contains (an alternative that is a literal and nothing else). Null when one alternative is
 * neither, or the pattern is case-insensitive, multi-line, global or sticky.
 */
export function literalAlternatives(re: RegExp): { readonly prefixes: string[]; readonly substrings: string[] } | null {
  if (/[imgy]/.test(re.flags)) return null;
  const source = re.source;
  const prefixes: string[] = [];
  const substrings: string[] = [];
  let from = 0;
  for (const end of [...topLevelBars(source), source.length]) {
    const alternative = source.slice(from, end);
    from = end + 1;
    if (alternative.startsWith('^')) {
      const some = prefixesOf(alternative);
      if (some === null) return null;
      prefixes.push(...some);
    } else {
      const { text, end: stop } = literalRun(alternative, 0);
      if (text === '' || stop !== alternative.length) return null;
      substrings.push(text);
    }
  }
  return { prefixes, substrings };
}

/**
 * The literal prefixes one of which every match of `re` starts the text with, or null when the pattern is not read
 * so (see literalAlternatives; an alternative not anchored at the start makes it null).
 */
export function anchoredPrefixes(re: RegExp): string[] | null {
  const read = literalAlternatives(re);
  return read === null || read.substrings.length > 0 ? null : read.prefixes;
}

const ALWAYS: MessageGate = { mayMatch: () => true };

/**
 * A gate for a list of regexes: their literal prefixes by first character, the literals some must contain, and the
 * others run as they are.
 */
export function messageGate(regexes: readonly RegExp[]): MessageGate {
  const byFirst = new Map<number, string[]>();
  const substrings: string[] = [];
  const others: RegExp[] = [];
  for (const re of regexes) {
    const read = literalAlternatives(re);
    if (read === null) {
      others.push(re);
      continue;
    }
    for (const prefix of read.prefixes) {
      const code = prefix.charCodeAt(0);
      const list = byFirst.get(code);
      if (list === undefined) byFirst.set(code, [prefix]);
      else if (!list.includes(prefix)) list.push(prefix);
    }
    for (const text of read.substrings) if (!substrings.includes(text)) substrings.push(text);
  }
  if (others.length === regexes.length && regexes.length > 0) return ALWAYS;
  // ASCII first characters in an array (most lines start with one): no map lookup per line.
  const ascii = new Array<string[] | undefined>(128).fill(undefined);
  for (const [code, prefixes] of byFirst) if (code < 128) ascii[code] = prefixes;
  return {
    mayMatch(text: string): boolean {
      const code = text.charCodeAt(0);
      const prefixes = code < 128 ? ascii[code] : byFirst.get(code);
      if (prefixes !== undefined) for (const prefix of prefixes) if (text.startsWith(prefix)) return true;
      for (const literal of substrings) if (text.includes(literal)) return true;
      for (const re of others) if (re.test(text)) return true;
      return false;
    },
  };
}

/** Gates made for lists declared once (a recognizer's done lines): each list's gate is made the first time it is asked. */
const GATES = new WeakMap<readonly RegExp[], MessageGate>();

/** The gate of a list that lives as long as the program (the same array each time): made once, then remembered. */
export function gateOf(regexes: readonly RegExp[]): MessageGate {
  let gate = GATES.get(regexes);
  if (gate === undefined) GATES.set(regexes, gate = messageGate(regexes));
  return gate;
}
