// An operation's facts -> its outcome, by an ordered table: the first row whose condition holds decides. Each row
// says whether the lines themselves settle the verdict (a live view may call the operation finished at once) or
// whether it rests on where the logs end (more lines may change it). Pure; one test per row
// (test/timeline/outcome.test.ts).

import type { Outcome } from '../model/operation.js';

/** An operation whose last line is this close to the end of the logs, with no sign it finished, is incomplete. */
export const INCOMPLETE_WITHIN_MS = 60_000;

/** What the outcome rows read, computed from the operation's lines by the timeline builder. */
export interface OutcomeFacts {
  /** nova-api's answer (null: no access line among the inputs). */
  readonly httpStatus: number | null;
  /** A line that says it failed: an ERROR entry of a service other than the API, or a failure line of its own or all operations'. */
  readonly failed: boolean;
  /** nova-api answered, and its work is all in the API this time (lock, a local delete). */
  readonly doneByApi: boolean;
  /** A line that says it finished (one of its recognizer's done signs). */
  readonly doneLine: boolean;
  /** nova-api dispatched it (a DEBUG dispatch line) and no access line follows. */
  readonly unanswered: boolean;
  /** Compute took its instance lock and the lines never show it let go. */
  readonly lockHeld: boolean;
  /** A compute log is among the inputs and it ends within INCOMPLETE_WITHIN_MS of the operation's last step. */
  readonly logsEndSoon: boolean;
  /**
   * A done sign compute is sure to log on these hosts (its `missing` text), absent: with the logs ending soon,
   * the operation has not finished. Null when no such sign is promised here.
   */
  readonly missingDone: string | null;
  /** No compute line of it at all. */
  readonly computeSilent: boolean;
  /**
   * Compute should have done its part (it is not the API's alone), the log of the host it would run on is among the
   * inputs and goes on for INCOMPLETE_WITHIN_MS past it, and compute logged nothing of it.
   */
  readonly computeNeverLogged: boolean;
  /**
   * The line compute logs at INFO in every release as it begins the work (its recognizer's `begin`), absent while the
   * log of the host it runs on goes on past the operation; null otherwise.
   */
  readonly missingBegin: string | null;
}

export interface OutcomeRule {
  readonly name: string;
  readonly when: (f: OutcomeFacts) => boolean;
  readonly outcome: Outcome;
  /** The lines say how it ended: nothing later undoes it (a live view finishes it at once). */
  readonly settled: boolean;
  /** The verdict rests on the logs ending soon after the operation: as they go on, it may change. */
  readonly untilLogsGoOn: boolean;
  /** Why, for an incomplete verdict. */
  readonly reason: (f: OutcomeFacts) => string | null;
}

const none = (): null => null;

export const OUTCOME_RULES: readonly OutcomeRule[] = [
  {
    // A 5xx is the server failing, not a refusal: when another service logged the failure, the operation failed.
    name: 'failed behind the API', when: (f) => f.httpStatus !== null && f.httpStatus >= 500 && f.failed,
    outcome: 'failed', settled: true, untilLogsGoOn: false, reason: none,
  },
  {
    name: 'refused by the API', when: (f) => f.httpStatus !== null && f.httpStatus >= 400,
    outcome: 'rejected', settled: true, untilLogsGoOn: false, reason: none,
  },
  {
    name: 'a line says it failed', when: (f) => f.failed,
    outcome: 'failed', settled: true, untilLogsGoOn: false, reason: none,
  },
  {
    name: 'done when the API answered', when: (f) => f.httpStatus !== null && f.doneByApi,
    outcome: 'succeeded', settled: true, untilLogsGoOn: false, reason: none,
  },
  {
    name: 'a line says it finished', when: (f) => f.doneLine,
    outcome: 'succeeded', settled: true, untilLogsGoOn: false, reason: none,
  },
  {
    name: 'nova-api never answered', when: (f) => f.unanswered,
    outcome: 'incomplete', settled: false, untilLogsGoOn: false,
    reason: () => 'nova-api took the request and the logs end before it answered',
  },
  {
    name: 'compute holds the instance lock', when: (f) => f.lockHeld,
    outcome: 'incomplete', settled: false, untilLogsGoOn: false,
    reason: () => 'compute took the instance lock and the logs end before it let go',
  },
  {
    name: 'the logs end before a line compute always logs', when: (f) => f.logsEndSoon && f.missingDone !== null,
    outcome: 'incomplete', settled: false, untilLogsGoOn: true,
    reason: (f) => `the logs end before ${f.missingDone ?? ''}`,
  },
  {
    name: 'the logs end before compute logged anything', when: (f) => f.logsEndSoon && f.computeSilent,
    outcome: 'incomplete', settled: false, untilLogsGoOn: true,
    // With no compute log among the inputs, compute's silence says nothing (logsEndSoon is false): a warning says
    // the outcome rests on the API's lines.
    reason: () => 'accepted, and the logs end before compute logged anything of it',
  },
  {
    name: 'compute never logged it', when: (f) => f.computeNeverLogged,
    outcome: 'incomplete', settled: false, untilLogsGoOn: false,
    reason: () => 'accepted, and compute never logged anything of it',
  },
  {
    name: 'compute never began it', when: (f) => f.missingBegin !== null,
    outcome: 'incomplete', settled: false, untilLogsGoOn: false,
    reason: (f) => `accepted, and compute never logged ${f.missingBegin ?? ''}`,
  },
  {
    // Compute did its part (or these logs have no compute side) and nothing failed.
    name: 'nothing says otherwise', when: () => true,
    outcome: 'succeeded', settled: false, untilLogsGoOn: false, reason: none,
  },
];

export interface Verdict {
  readonly outcome: Outcome;
  readonly reason: string | null;
  readonly settled: boolean;
  readonly untilLogsGoOn: boolean;
  /** The row that decided. */
  readonly rule: string;
}

export function decideOutcome(facts: OutcomeFacts, rules: readonly OutcomeRule[] = OUTCOME_RULES): Verdict {
  for (const row of rules) {
    if (row.when(facts)) {
      return { outcome: row.outcome, reason: row.reason(facts), settled: row.settled, untilLogsGoOn: row.untilLogsGoOn, rule: row.name };
    }
  }
  throw new Error('the outcome table has no row for these facts');
}
