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

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x1b) return '\\e';
  if (code === 0x0d) return '\\r';
  if (code === 0x0a) return '\\n';
  if (code > 0xff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * JSON.stringify escapes C0 but passes DEL, C1 and the invisible format characters through: escape those too (the
 * value is the same; a terminal showing the document cannot be turned by it).
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_UNESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
