// Rules and signature files as data: YAML (eemeli/yaml) or, for `.json` files, JSON.parse. A syntax error is one
// line naming the file and the line; YAML documents also map a field's path back to its line, so that a rule
// error can point at it.

import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { FieldPath } from './rule-error.js';

export interface ParsedDocument {
  readonly data: unknown;
  /** 1-based line of the value at that path, when the format keeps positions (YAML). */
  lineOf(path: FieldPath): number | null;
}

export function isJsonPath(file: string): boolean {
  return /\.json$/i.test(file);
}

export function parseDocumentText(text: string, file: string): ParsedDocument {
  return isJsonPath(file) ? parseJsonDocument(text, file) : parseYaml(text, file);
}

export function parseJsonDocument(text: string, file: string): ParsedDocument {
  try {
    return { data: JSON.parse(text) as unknown, lineOf: () => null };
  } catch (error) {
    const message = (error as Error).message;
    // V8 names a position ("at position 12"); newer versions also say "(line 2 column 3)".
    const position = /at position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    const what = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    throw new Error(`${file}${line === null ? '' : `:${line}`}: invalid JSON: ${what}`);
  }
}

function parseYaml(text: string, file: string): ParsedDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lines.linePos(first.pos[0]).line;
    // A plain `count: >= 3` reads as a folded block scalar: say how to write it.
    const hint = first.message.startsWith('Block scalar header') ? ' (quote values that start with > or |, e.g. count: ">= 3")' : '';
    throw new Error(`${file}:${line}: invalid YAML: ${first.message}${hint}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`${file}: invalid YAML: ${(error as Error).message}`);
  }
  return {
    data,
    lineOf(path) {
      const offset = startOf(doc.getIn(path.slice(0, -1), true) ?? (path.length <= 1 ? doc.contents : undefined), path);
      return offset === null ? null : lines.linePos(offset).line;
    },
  };
}

/** Where the field at `path` starts: its key in a mapping (an unknown key is reported where it is written), its item in a list. */
function startOf(parent: unknown, path: FieldPath): number | null {
  if (path.length === 0) return isNode(parent) ? parent.range?.[0] ?? null : null;
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
    return isNode(pair?.key) ? pair.key.range?.[0] ?? null : null;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return isNode(item) ? item.range?.[0] ?? null : null;
  }
  return null;
}
