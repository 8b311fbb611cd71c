// Helpers for the two JSON dialects: read typed fields off a parsed record without trusting its shape.

import type { CodeLocation, Level } from '../../model/entry.js';
import { isLevel } from '../../model/entry.js';

export type Json = Readonly<Record<string, unknown>>;

export function parseObject(line: string): Json | null {
  if (line.charCodeAt(0) !== 123 /* { */) return null;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

export function str(record: Json, key: string): string | null {
  const v = record[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

export function num(record: Json, key: string): number | null {
  const v = record[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function obj(record: Json, key: string): Json | null {
  const v = record[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

export function level(text: string | null): Level | null {
  if (text === null) return null;
  const upper = text.toUpperCase();
  if (upper === 'WARN') return 'WARNING';
  if (upper === 'FATAL') return 'CRITICAL';
  return isLevel(upper) ? upper : null;
}

export function location(func: string | null, file: string | null, line: number | null): CodeLocation | null {
  return func !== null && file !== null && line !== null ? { func, file, line } : null;
}

export function nonEmpty(v: string | null): string | null {
  return v === null || v === '' || v === '-' || v === 'None' ? null : v;
}

/** Text lines of a traceback given as a list, or as one string with newlines. */
export function lines(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').flatMap((v) => v.replace(/\n$/, '').split('\n'));
  if (typeof value === 'string' && value !== '') return value.replace(/\n$/, '').split('\n');
  return [];
}
