// The first frame, while analyze reads: a progress bar of the bytes read, the files read to their end, the entries.

import type { ReadProgress } from '../../model/read-progress.js';
import type { Size } from '../layout.js';
import { frameColumns, frameRows } from '../layout.js';
import type { Line } from '../line.js';
import { cut } from '../line.js';
import { padTo } from './common.js';

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

export function loadingScreen(progress: ReadProgress | null, termSize: Size): Line[] {
  const columns = frameColumns(termSize);
  const lines: Line[] = [[{ text: 'novatrace', bold: true }, { text: cut('  reading the logs…', columns - 9) }]];
  if (progress === null) {
    lines.push([{ text: 'finding the inputs', dim: true }]);
  } else {
    const share = progress.total > 0 ? Math.min(1, progress.bytes / progress.total) : 0;
    const width = Math.max(10, Math.min(60, columns - 8));
    const done = Math.round(share * width);
    lines.push([
      { text: '[' },
      { text: '#'.repeat(done), color: 'cyan' },
      { text: '-'.repeat(width - done), dim: true },
      { text: `] ${String(Math.floor(share * 100)).padStart(3)}%` },
    ]);
    const n = (x: number): string => x.toLocaleString('en-US');
    const of = progress.total > 0 ? ` of ${size(progress.total)}` : '';
    lines.push([{ text: cut(`${size(progress.bytes)}${of} read · ${n(progress.filesRead)} of ${n(progress.files)} files · ${n(progress.entries)} entries`, columns) }]);
  }
  return [...padTo(lines, frameRows(termSize) - 1), [{ text: 'q quit', dim: true }]];
}
