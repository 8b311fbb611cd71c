// ReadingTurns: which followed files one turn of follow's loop steps, and how much each read takes. Files with
// bytes waiting are read at every turn, the others only on a full turn (a poll interval since the last); a turn's
// reads share TURN_BUDGET; while readFirst chooses, only its files are read and full turns come once a second.

import { describe, expect, it } from 'vitest';
import { CHOOSING_POLL_MS, MIN_READ, READ_BUDGET, ReadingTurns, TURN_BUDGET } from '../../../src/io/follow/reading-turn.js';
import type { ReadFirst } from '../../../src/io/follow/reading-turn.js';

interface Fake {
  readonly path: string;
  waiting: boolean;
  asked: number;
  bytesWaiting(): boolean;
}

function files(...spec: (readonly [string, boolean])[]): Fake[] {
  return spec.map(([path, waiting]) => {
    const f: Fake = { path, waiting, asked: 0, bytesWaiting: () => (f.asked++, f.waiting) };
    return f;
  });
}

const names = (step: readonly Fake[]): string[] => step.map((f) => f.path);
const POLL = 250;

describe('ReadingTurns', () => {
  it('reads the files with bytes waiting at every turn, and steps every file on a full turn only', () => {
    const fs = files(['a', true], ['b', false], ['c', true]);
    const turns = new ReadingTurns<Fake>(undefined, POLL);
    expect(names(turns.next(fs, 0).step)).toEqual(['a', 'b', 'c']);
    expect(names(turns.next(fs, 10).step)).toEqual(['a', 'c']);
    (fs[0] as Fake).waiting = false;
    (fs[2] as Fake).waiting = false;
    // Nothing waits and no poll interval has passed: nothing to step (the loop sleeps).
    expect(names(turns.next(fs, 20).step)).toEqual([]);
    expect(names(turns.next(fs, POLL).step)).toEqual(['a', 'b', 'c']);
    (fs[1] as Fake).waiting = true;
    // Bytes appended between two polls are read at once, not at the next full turn.
    expect(names(turns.next(fs, POLL + 1).step)).toEqual(['b']);
  });

  it('shares a turn\'s budget among the files it reads, between MIN_READ and READ_BUDGET each', () => {
    const turns = new ReadingTurns<Fake>(undefined, POLL);
    const few = files(...Array.from({ length: 4 }, (_, i) => [`f${i}`, true] as const));
    expect(turns.next(few, 0).budget).toBe(READ_BUDGET);
    const twenty = files(...Array.from({ length: 20 }, (_, i) => [`f${i}`, true] as const));
    expect(turns.next(twenty, 1).budget).toBe(Math.floor(TURN_BUDGET / 20));
    const many = files(...Array.from({ length: 248 }, (_, i) => [`f${i}`, true] as const));
    expect(turns.next(many, 2).budget).toBe(MIN_READ);
  });

  it('reads only the files readFirst names, and full turns step the files with nothing to read once a second', () => {
    const fs = files(['a', true], ['b', true], ['c', false], ['d', true]);
    const asked: string[][] = [];
    const readFirst: ReadFirst = (waiting) => {
      asked.push([...waiting]);
      return new Set(['b']);
    };
    const turns = new ReadingTurns<Fake>(readFirst, POLL);
    // The first turn is full: b, and c (nothing to read: its name is looked at); a and d wait their turn.
    const first = turns.next(fs, 0);
    expect(names(first.step)).toEqual(['b', 'c']);
    expect(first.budget).toBe(READ_BUDGET);
    expect(asked).toEqual([['a', 'b', 'd']]);
    // A poll interval later, still choosing: no full turn before a second has passed.
    expect(names(turns.next(fs, POLL).step)).toEqual(['b']);
    const cAsked = (fs[2] as Fake).asked;
    expect(names(turns.next(fs, CHOOSING_POLL_MS - 1).step)).toEqual(['b']);
    // Between full turns, only the files that had bytes waiting are asked.
    expect((fs[2] as Fake).asked).toBe(cAsked);
    expect(names(turns.next(fs, CHOOSING_POLL_MS).step)).toEqual(['b', 'c']);
  });

  it('reads every waiting file when readFirst declines or names none of them', () => {
    const fs = files(['a', true], ['b', true]);
    const declines = new ReadingTurns<Fake>(() => null, POLL);
    expect(names(declines.next(fs, 0).step)).toEqual(['a', 'b']);
    const elsewhere = new ReadingTurns<Fake>(() => new Set(['gone']), POLL);
    expect(names(elsewhere.next(fs, 0).step)).toEqual(['a', 'b']);
    expect(names(elsewhere.next(fs, 1).step)).toEqual(['a', 'b']);
  });

  it('does not ask readFirst about a single waiting file', () => {
    let calls = 0;
    const turns = new ReadingTurns<Fake>(() => (calls++, new Set(['a'])), POLL);
    expect(names(turns.next(files(['a', true], ['b', false]), 0).step)).toEqual(['a', 'b']);
    expect(calls).toBe(0);
  });
});
