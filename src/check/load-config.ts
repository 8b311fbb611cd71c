// Text of a rules, signature or baseline file -> validated rules, signature or baseline. Any problem is one line naming the file, the
// line where YAML knows it, the field and what is wrong.

import type { Baseline } from './baseline.js';
import { readBaseline } from './baseline.js';
import type { ParsedDocument } from './parse-document.js';
import { parseDocumentText, parseJsonDocument } from './parse-document.js';
import { RuleError, formatPath } from './rule-error.js';
import type { Rules } from './rules.js';
import type { Signature } from './signature.js';
import { validateSignature } from './signature.js';
import { validateRules } from './validate-rules.js';

function validated<T>(doc: ParsedDocument, file: string, validate: (data: unknown) => T): T {
  try {
    return validate(doc.data);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const line = doc.lineOf(error.path);
    throw new Error(`${file}${line === null ? '' : `:${line}`}: ${formatPath(error.path)}: ${error.reason}`);
  }
}

export function loadRules(text: string, file: string): Rules {
  return validated(parseDocumentText(text, file), file, validateRules);
}

export function loadSignature(text: string, file: string): Signature {
  return validated(parseDocumentText(text, file), file, (data) => validateSignature(data, file));
}

/** A baseline is always JSON, whatever its name. */
export function loadBaseline(text: string, file: string): Baseline {
  return validated(parseJsonDocument(text, file), file, readBaseline);
}
