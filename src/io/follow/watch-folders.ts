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
  close(): Promise<void>;
}

function watchRoot(root: WatchRoot, hints: WatchHints): FSWatcher {
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
  watcher.on('add', appeared).on('addDir', appeared).on('ready', () => appeared(root.dir));
  watcher.on('change', changed).on('unlink', changed).on('unlinkDir', changed);
  // Raw events are not throttled (chokidar holds 'change' back 50 ms): they keep the lag of a line low.
  watcher.on('raw', changed);
  // A watch that failed (inotify limit, folder gone) is made up for by polling and a fresh look for files.
  watcher.on('error', () => appeared(root.dir));
  return watcher;
}

export function watchFolders(roots: readonly WatchRoot[], hints: WatchHints): FolderWatch {
  const watchers = roots.map((root) => watchRoot(root, hints));
  return {
    async close() {
      await Promise.all(watchers.map((w) => w.close()));
    },
  };
}
