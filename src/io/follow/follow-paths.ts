// Placeholder until the file-following layer lands (branch follow-io): the types it exports.

export interface FollowOptions {
  readonly fromStart: boolean;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}
export type FileChange = 'added' | 'rotated' | 'truncated' | 'removed' | 'unreadable';
export type FollowEvent =
  | { readonly type: 'lines'; readonly path: string; readonly firstLine: number; readonly lines: readonly string[] }
  | { readonly type: 'file'; readonly path: string; readonly change: FileChange; readonly message: string };

export function followPaths(_args: readonly string[], _options: FollowOptions): AsyncIterable<FollowEvent> {
  throw new Error('following files is not built yet');
}
