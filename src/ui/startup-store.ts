// What the terminal UI shows before its model exists: analyze opens the UI first, reports reading's progress here,
// then hands over the model. An external store, as the live one: React reads it with useSyncExternalStore, and
// hears of progress at most every 50 ms.

import type { ReadProgress } from '../model/read-progress.js';
import type { KeyPress } from './keys.js';
import type { UiModel } from './model.js';
import { REDRAW_MS } from './live-store.js';

export interface Startup {
  readonly progress: ReadProgress | null;
  /** Set once: the list replaces the progress. */
  readonly model: UiModel | null;
}

export class StartupStore {
  private current: Startup = { progress: null, model: null };
  private timer: NodeJS.Timeout | null = null;
  private pending: ReadProgress | null = null;
  private readonly listeners = new Set<() => void>();
  /** Aborted when the user quits before the list is shown: reading stops. */
  readonly quit = new AbortController();
  /** Keys pressed once the list was drawn, before the list itself heard keys (typeAhead). */
  private typed: KeyPress[] = [];
  /** The list hears keys itself: the start-up's handler keeps none. */
  private heard = false;

  progress(progress: ReadProgress): void {
    this.pending = progress;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending === null || this.current.model !== null) return;
      this.current = { ...this.current, progress: this.pending };
      this.pending = null;
      this.emit();
    }, this.current.progress === null ? 0 : REDRAW_MS);
  }

  ready(model: UiModel): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.current = { ...this.current, model };
    this.emit();
  }

  /**
   * A key the start-up's handler heard once the list was drawn: kept for the list until it hears keys itself (it is
   * drawn in the commit that replaces the progress frame, but hears keys only once React has run its effects).
   */
  typeAhead(presses: readonly KeyPress[]): void {
    if (!this.heard) this.typed.push(...presses);
  }

  /** The list hears keys from now on: the ones kept for it, once. */
  readonly takeTyped = (): KeyPress[] => {
    this.heard = true;
    return this.typed.splice(0);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly get = (): Startup => this.current;
}
