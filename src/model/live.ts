// What live following says: the state of each operation as its lines come, the events that report it, and what
// happened to a followed file.

import type { Operation } from './operation.js';

/** While logs are followed: an operation still going on, gone quiet (no entry for the idle timeout), or done. */
export type LiveState = 'in-progress' | 'stalled' | 'finished';

/** What happened to a followed file: it appeared, was rotated or truncated, went away, or cannot be read. */
export type FileChange = 'added' | 'rotated' | 'truncated' | 'removed' | 'unreadable';

/**
 * Why a live operation was reported finished: its lines say how it ended (`outcome`), it was quiet for the settle
 * window with nothing saying it is still going (`quiet`), or its request closed: quiet for the close window of log
 * time (`idle`), over the memory bound (`memory`), or at the input's end (`end`).
 */
export type FinishedBy = 'outcome' | 'quiet' | 'idle' | 'memory' | 'end';

/** Why a finished operation was revised: more of its lines came (`lines`), or its request closed (as FinishedBy). */
export type RevisedBy = 'lines' | 'idle' | 'memory' | 'end';

export type OperationEventName = 'operation.started' | 'operation.updated' | 'operation.finished' | 'operation.revised';

export interface OperationEvent {
  readonly event: OperationEventName;
  /** On operation.finished and operation.revised: why. */
  readonly by?: FinishedBy | RevisedBy;
  /** Wall clock (epoch ms). */
  readonly time: number;
  readonly state: LiveState;
  readonly operation: Operation;
  /**
   * On an operation.finished by its lines or by quiet: the log time of its newest line (its own or about its
   * instance, a late lifecycle event among them), from which the quiet was counted.
   */
  readonly lastLine?: number;
}
