// A glob -> the folders to watch for it. chokidar 4+ takes no globs: it watches each static base folder (the part
// before the first segment with glob characters), as deep as the pattern can reach; what is accepted is decided
// by running the glob again (fast-glob), so following and reading agree on what a pattern means.

import fg from 'fast-glob';

export interface GlobBase {
  readonly dir: string;
  /** Folder levels below `dir` the pattern can reach (chokidar's `depth`); undefined for `**`. */
  readonly depth: number | undefined;
}

function deepest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.max(a, b);
}

function depthBelow(base: string, pattern: string): number | undefined {
  const rest = base === '.' && !pattern.startsWith('./') ? pattern : pattern.slice(base.length + 1);
  const segments = rest.split('/');
  if (segments.some((s) => s.includes('**'))) return undefined;
  return segments.length - 1;
}

/** One base per brace alternative that has its own folder (`{a,b}/*.log` watches `a` and `b`). */
export function globBases(pattern: string): GlobBase[] {
  const bases = new Map<string, number | undefined>();
  for (const task of fg.generateTasks(pattern)) {
    for (const positive of task.positive) {
      const depth = depthBelow(task.base, positive);
      if (!bases.has(task.base)) bases.set(task.base, depth);
      else bases.set(task.base, deepest(bases.get(task.base), depth));
    }
  }
  return [...bases].map(([dir, depth]) => ({ dir, depth }));
}
