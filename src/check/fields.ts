// Reading plain data (parsed YAML or JSON) field by field: each reader checks one value's shape and throws a
// RuleError naming the field's path, so every rules and signature file error says where and what.

import type { Level, Service } from '../model/entry.js';
import { LEVELS, SERVICES, isLevel } from '../model/entry.js';
import type { Outcome } from '../model/operation.js';
import type { OperationType } from '../operations/registry.js';
import { OUTCOMES } from '../model/operation.js';
import { OPERATION_TYPES } from '../operations/registry.js';
import { DURATION_HINT, parseDuration } from '../parse/duration.js';
import type { FieldPath } from './rule-error.js';
import { RuleError } from './rule-error.js';
import type { LinearRegex } from '../select/linear-regex.js';
import { compileLinear } from '../select/linear-regex.js';

export type Fields = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** A mapping whose keys are all in `allowed` (when given): an unknown key is a typo, never ignored. */
export function readObject(value: unknown, path: FieldPath, allowed?: readonly string[]): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RuleError(path, `expected a mapping, got ${describe(value)}`);
  }
  if (allowed !== undefined) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) throw new RuleError([...path, key], `unknown key (expected one of: ${allowed.join(', ')})`);
    }
  }
  return value as Fields;
}

export function readList(value: unknown, path: FieldPath): readonly unknown[] {
  if (!Array.isArray(value)) throw new RuleError(path, `expected a list, got ${describe(value)}`);
  return value;
}

/** One value or a list of them. */
export function readOneOrMany<T>(value: unknown, path: FieldPath, read: (v: unknown, p: FieldPath) => T): T[] {
  return Array.isArray(value) ? value.map((v, i) => read(v, [...path, i])) : [read(value, path)];
}

export function readString(value: unknown, path: FieldPath): string {
  if (typeof value !== 'string' || value.trim() === '') throw new RuleError(path, `expected a non-empty string, got ${describe(value)}`);
  return value;
}

export function readBoolean(value: unknown, path: FieldPath): boolean {
  if (typeof value !== 'boolean') throw new RuleError(path, `expected true or false, got ${describe(value)}`);
  return value;
}

/** A regular expression that runs in linear time on any line (see linear-regex.ts), or the reason it cannot. */
export function readRegex(value: unknown, path: FieldPath): LinearRegex {
  const compiled = compileLinear(readString(value, path));
  if (!compiled.ok) throw new RuleError(path, compiled.reason);
  return compiled.regex;
}

function readChoice<T extends string>(value: unknown, path: FieldPath, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RuleError(path, `unknown ${what} ${describe(value)} (expected one of: ${allowed.join(', ')})`);
  }
  return value as T;
}

export const readService = (v: unknown, p: FieldPath): Service => readChoice(v, p, SERVICES, 'service');
export const readOutcome = (v: unknown, p: FieldPath): Outcome => readChoice(v, p, OUTCOMES, 'outcome');
export const readOperationType = (v: unknown, p: FieldPath): OperationType => readChoice(v, p, OPERATION_TYPES, 'operation type');

export function readLevel(value: unknown, path: FieldPath): Level {
  const upper = typeof value === 'string' ? value.trim().toUpperCase() : value;
  if (typeof upper !== 'string' || !isLevel(upper)) throw new RuleError(path, `unknown level ${describe(value)} (expected one of: ${LEVELS.join(', ')})`);
  return upper;
}

export function readDuration(value: unknown, path: FieldPath): number {
  const ms = parseDuration(value);
  if (ms === null) throw new RuleError(path, `${describe(value)} is not ${DURATION_HINT}`);
  return ms;
}

export function readPercent(value: unknown, path: FieldPath): number {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim()) : null;
  if (!m) throw new RuleError(path, `${describe(value)} is not a percentage such as "20%"`);
  return Number(m[1]);
}
