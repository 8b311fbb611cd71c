// A progress line on a terminal's stderr while analyze, trace or check read a large input: how much of it has been
// read. It appears only once reading has taken a second, is redrawn at most every quarter second, and is erased
// when reading ends (before the terminal UI opens or the report is printed).

import type { Source } from './inputs.js';
import { sizesOf } from './inputs.js';
import { bytesRead } from './bytes-read.js';

export { bytesRead };

const FIRST_AFTER_MS = 1000;
const EVERY_MS = 250;
/** `1`: draw it even when stderr is no terminal; `0`: never. */
export const PROGRESS_VARIABLE = 'NOVATRACE_PROGRESS';

/**
 * The progress line of reading `sources` on this process's stderr, or null when it is not to be drawn (then the
 * files are not even looked at for their sizes).
 */
export async function progressOnStderr(sources: readonly Source[]): Promise<Progress | null> {
  if (!showsProgress(process.env, process.stderr.isTTY === true)) return null;
  const total = (await sizesOf(sources)).reduce((a, b) => a + b, 0);
  return new Progress(total, (text) => process.stderr.write(text));
}

export function showsProgress(env: NodeJS.ProcessEnv, stderrIsTty: boolean): boolean {
  const setting = env[PROGRESS_VARIABLE];
  if (setting === '1') return true;
  if (setting === '0') return false;
  return stderrIsTty;
}

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

export class Progress {
  private readonly from: number;
  private next: number;
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.next = now() + FIRST_AFTER_MS;
    this.from = bytesRead.count;
  }

  /** Redraws the line if it is due: cheap enough to call once per batch of entries. */
  tick(entries: number): void {
    const t = this.now();
    if (t < this.next) return;
    this.next = t + EVERY_MS;
    const read = Math.min(this.total, bytesRead.count - this.from);
    const share = this.total > 0 ? ` (${Math.floor((read / this.total) * 100)}%)` : '';
    this.write(`\rnovatrace: read ${size(read)} of ${size(this.total)}${share}, ${entries.toLocaleString('en-US')} entries\u001b[K`);
    this.shown = true;
  }

  /** Erases the line, if it was drawn. */
  done(): void {
    if (this.shown) this.write('\r\u001b[K');
    this.shown = false;
  }
}
