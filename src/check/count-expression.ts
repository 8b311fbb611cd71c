// How many operations of a type a run must have: `3`, `== 12`, `>= 3`, `< 2`, `!= 0`, compiled into a test.

export const COMPARATORS = ['==', '!=', '>=', '<=', '>', '<'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface CountExpression {
  readonly op: Comparator;
  readonly n: number;
}

const EXPRESSION = /^(==|!=|>=|<=|>|<)?\s*(\d+)$/;

export const COUNT_HINT = 'a count such as 3, "== 12", ">= 3" or "< 2"';

/** A YAML number is `== n`; null when the value is not a count expression. */
export function parseCount(value: unknown): CountExpression | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? { op: '==', n: value } : null;
  if (typeof value !== 'string') return null;
  const m = EXPRESSION.exec(value.trim());
  if (!m) return null;
  return { op: (m[1] ?? '==') as Comparator, n: Number(m[2]) };
}

export function countHolds(expression: CountExpression, count: number): boolean {
  const { op, n } = expression;
  switch (op) {
    case '==': return count === n;
    case '!=': return count !== n;
    case '>=': return count >= n;
    case '<=': return count <= n;
    case '>': return count > n;
    case '<': return count < n;
  }
}

export function formatCount(expression: CountExpression): string {
  return `${expression.op} ${expression.n}`;
}
