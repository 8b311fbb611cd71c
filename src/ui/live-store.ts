// Live data reaches React through this store, outside React: the follow loop publishes snapshots as often as it
// likes, subscribers hear of them at most every 50 ms (20 redraws a second), and read them with useSyncExternalStore.

import type { UnattachedError } from '../model/unattached-error.js';
import type { Operation } from '../model/operation.js';
import type { LiveState } from '../model/live.js';
import type { Totals } from '../model/file-stats.js';

export interface LiveSnapshot {
  readonly operations: readonly Operation[];
  readonly states: ReadonlyMap<string, LiveState>;
  readonly unattached: readonly UnattachedError[];
  readonly parse: Totals;
  readonly status: string;
}

export const REDRAW_MS = 50;

export class LiveStore {
  private current: LiveSnapshot;
  private pending: LiveSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(initial: LiveSnapshot) {
    this.current = initial;
  }

  publish(next: LiveSnapshot): void {
    this.pending = next;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending === null) return;
      this.current = this.pending;
      this.pending = null;
      for (const listener of this.listeners) listener();
    }, REDRAW_MS);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly get = (): LiveSnapshot => this.current;

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
