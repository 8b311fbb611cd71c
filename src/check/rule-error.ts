// A problem in a rules or signature file: where (the path of keys, e.g. budgets.boot.p95) and what is wrong.
// The loader adds the file name and, for YAML, the line.

export type FieldPath = readonly (string | number)[];

export class RuleError extends Error {
  constructor(
    readonly path: FieldPath,
    readonly reason: string,
  ) {
    super(`${formatPath(path)}: ${reason}`);
    this.name = 'RuleError';
  }
}

export function formatPath(path: FieldPath): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
