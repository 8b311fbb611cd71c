// Text of a rules or signature file -> validated rules or signature. Any problem is one line naming the file, the
// line where YAML knows it, the field and what is wrong.

import type { ParsedDocument } from './parse-document.js';
import { parseDocumentText } from './parse-document.js';
import { RuleError, formatPath } from './rule-error.js';
import type { Rules } from './rules.js';
import type { Signature } from './signature.js';
import { validateSignature } from './signature.js';
import { validateRules } from './validate-rules.js';

function validated<T>(text: string, file: string, validate: (data: unknown) => T): T {
  const doc: ParsedDocument = parseDocumentText(text, file);
  try {
    return validate(doc.data);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const line = doc.lineOf(error.path);
    throw new Error(`${file}${line === null ? '' : `:${line}`}: ${formatPath(error.path)}: ${error.reason}`);
  }
}

export function loadRules(text: string, file: string): Rules {
  return validated(text, file, validateRules);
}

export function loadSignature(text: string, file: string): Signature {
  return validated(text, file, (data) => validateSignature(data, file));
}
