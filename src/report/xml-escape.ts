// Text from logs inside XML (JUnit reports): markup characters escaped, and characters XML 1.0 forbids never
// written. C0 and C1 controls (ESC of a colored log, BEL, ...) become visible escapes like the terminal output's,
// so a report that is later printed cannot drive a terminal either; lone surrogates and U+FFFE/U+FFFF are dropped.

import { INVISIBLE, escapeControl } from '../format/escape.js';

// C0 except tab, LF and CR, DEL, C1 and the invisible format characters (as escapeControl); then what XML 1.0's
// Char production excludes among the rest.
const CONTROLS = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${INVISIBLE}]`, 'g');
const NOT_XML_CHAR = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

function clean(text: string): string {
  return text.replace(CONTROLS, escapeControl).replace(NOT_XML_CHAR, '');
}

/** A CR is written as a reference: a parser would turn it into a line feed, and a terminal showing the report would move its cursor. */
export function xmlText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** For a double-quoted attribute: line breaks and tabs as references, since parsers turn them into spaces. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
