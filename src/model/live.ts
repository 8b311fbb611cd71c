// What live following says: the state of each operation as its lines come, and what happened to a followed file.

/** While logs are followed: an operation still going on, gone quiet (no entry for the idle timeout), or done. */
export type LiveState = 'in-progress' | 'stalled' | 'finished';

/** What happened to a followed file: it appeared, was rotated or truncated, went away, or cannot be read. */
export type FileChange = 'added' | 'rotated' | 'truncated' | 'removed' | 'unreadable';
