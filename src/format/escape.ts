// Log text reaches a terminal only through here: control characters (ESC, C1 CSI, BEL, CR, ...) become
// visible escapes, so a log line can neither color, move the cursor nor retitle the user's terminal; and the
// invisible format characters (bidirectional overrides and isolates, zero-width characters, line and paragraph
// separators, the BOM) become visible too, so that a log line cannot reorder or hide what the operator reads.

/**
 * The invisible format characters, as the inside of a character class: U+061C (Arabic letter mark), U+200B-U+200F
 * (zero-width space, joiners, LRM, RLM), U+2028-U+202E (separators, embeddings, overrides), U+2060-U+2064,
 * U+2066-U+2069 (isolates), U+FEFF. Every output escapes them (the JSON and XML writers too).
 */
export const INVISIBLE = '\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

// C0 except tab, DEL, C1 and the invisible characters. Tab is left as it is: it moves the cursor only forward.
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f${INVISIBLE}]`, 'g');
const JSON_UNESCAPED = new RegExp(`[\\u007f-\\u009f${INVISIBLE}]`, 'g');
// What JSON.stringify escapes in a string (quote, backslash, C0, surrogates when lone) or safeJson after it; paired
// surrogates match too, and take the slow path that leaves them as they are.
const JSON_NEEDS = new RegExp(`["\\\\\\u0000-\\u001f\\u007f-\\u009f${INVISIBLE}\\ud800-\\udfff]`);

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x1b) return '\\e';
  if (code === 0x0d) return '\\r';
  if (code === 0x0a) return '\\n';
  if (code > 0xff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

/** One scan, no replacement: most log text has nothing to escape. */
const HAS_CONTROL = new RegExp(CONTROL.source);

export function escapeControl(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}

/**
 * JSON.stringify escapes C0 but passes DEL, C1 and the invisible format characters through: escape those too (the
 * value is the same; a terminal showing the document cannot be turned by it).
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** safeJson of a string: most log text has nothing to escape and is only quoted (one scan, no second pass). */
export function jsonString(text: string): string {
  return JSON_NEEDS.test(text) ? safeJson(text) : `"${text}"`;
}
