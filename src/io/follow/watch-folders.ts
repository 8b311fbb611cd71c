// chokidar over the folders a follow needs: its events only say when to look (a file appeared: look for new
// files; anything else: look at the followed ones). What happened is then read from the file system itself.

import { resolve } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { WatchRoot } from './follow-targets.js';

export interface WatchHints {
  /** A file or folder appeared under a watched folder (or chokidar lost track of one): look for new files. */
  appeared(path: string): void;
  /** Something changed: look at the followed files now rather than at the next poll. */
  changed(): void;
}

export interface FolderWatch {
  /** Every folder's first scan is done: from now on, a file made in one raises `appeared`. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

function watchRoot(root: WatchRoot, hints: WatchHints): { readonly watcher: FSWatcher; readonly ready: Promise<void> } {
  const only = root.only;
  const watcher = watch(root.dir, {
    // The first discovery pass lists what exists; 'ready' asks for one more, for files made in between.
    ignoreInitial: true,
    // Merging an unlink and an add into one change would hide a rotation from the discovery of new files.
    atomic: false,
    followSymlinks: true,
    depth: root.depth,
    ignored: only ? (path, stats) => stats?.isFile() === true && !only.has(resolve(path)) : undefined,
  });
  const appeared = (path: string): void => hints.appeared(path);
  const changed = (): void => hints.changed();
  const ready = new Promise<void>((resolve) => {
    watcher.once('ready', () => {
      appeared(root.dir);
      resolve();
    });
  });
  watcher.on('add', appeared).on('addDir', appeared);
  watcher.on('change', changed).on('unlink', changed).on('unlinkDir', changed);
  // Raw events are not throttled (chokidar holds 'change' back 50 ms): they keep the lag of a line low.
  watcher.on('raw', changed);
  // A watch that failed (inotify limit, folder gone) is made up for by polling and a fresh look for files.
  watcher.on('error', () => appeared(root.dir));
  return { watcher, ready };
}

/** Longest a close waits for a watcher's first scan to finish. */
const SCAN_WAIT_MS = 2000;

/**
 * Closed during its first scan, chokidar 5 can leave an fs.watch open: `_addToNodeFs` drops, unclosed, a folder
 * watcher `_handleDir` made just before `close` ran (seen once under load: three watchers open 10 s after close).
 * So a close waits for the first scan to end, bounded.
 */
async function closeAfterScan(watched: { readonly watcher: FSWatcher; readonly ready: Promise<void> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SCAN_WAIT_MS);
  });
  await Promise.race([watched.ready, late]);
  clearTimeout(timer);
  await watched.watcher.close();
}

export function watchFolders(roots: readonly WatchRoot[], hints: WatchHints): FolderWatch {
  const watched = roots.map((root) => watchRoot(root, hints));
  return {
    ready: Promise.all(watched.map((w) => w.ready)).then(() => undefined),
    async close() {
      await Promise.all(watched.map(closeAfterScan));
    },
  };
}
