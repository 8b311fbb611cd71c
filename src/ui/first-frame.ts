// The UI's first frames, drawn before ink is loaded: loading ink and React takes longer (up to a second on a busy
// machine) than a person should wait to see that something is happening. Written as plain text on the alternate
// screen, from the same loading screen ink then draws; ink takes the screen over once it is mounted. No ink here.

import type { ReadProgress } from '../model/read-progress.js';
import type { Size } from './layout.js';
import { frameColumns } from './layout.js';
import { loadingScreen } from './screens/loading-screen.js';

export const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H';
export const ALT_SCREEN_OFF = '\u001b[?1049l';
const CLEAR = '\u001b[H\u001b[2J';
const EVERY_MS = 100;

/** The loading screen as the terminal's text: one line each, no styles (its bar is made of characters). */
export function firstFrameText(progress: ReadProgress | null, size: Size): string {
  const columns = frameColumns(size);
  return loadingScreen(progress, size).map((line) => line.map((s) => s.text).join('').slice(0, columns).trimEnd()).join('\r\n');
}

export class FirstFrame {
  private shownAt = 0;
  private stopped = false;
  private readonly out: NodeJS.WriteStream;

  constructor(out: NodeJS.WriteStream) {
    this.out = out;
    this.out.write(ALT_SCREEN_ON);
    // Keys are not echoed over the frame; ink reads them once it is mounted (q quits there).
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.once('exit', this.restore);
  }

  private readonly restore = (): void => {
    this.out.write(ALT_SCREEN_OFF);
  };

  show(progress: ReadProgress | null): void {
    const now = Date.now();
    if (this.stopped || (progress !== null && now - this.shownAt < EVERY_MS)) return;
    this.shownAt = now;
    this.out.write(CLEAR + firstFrameText(progress, { columns: this.out.columns || 80, rows: this.out.rows || 24 }));
  }

  /** ink takes over the screen (and restores it on exit). */
  stop(): void {
    this.stopped = true;
    process.off('exit', this.restore);
    this.out.write(CLEAR);
  }
}
