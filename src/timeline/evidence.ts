// Which of an operation's lines say it failed, and which are only errors and warnings logged while it ran. An
// operation fails on evidence that *it* failed: a line that names a failure (catalog 5.2, 8), or an ERROR its own
// request logged in its own code path. An ERROR in its context (another request's line, or one under no request,
// about its instance) is shown with it but decides nothing; so is an ERROR Nova logs and goes on from (HARMLESS).
// Pure.

import type { LogEntry } from '../model/entry.js';
import { levelRank } from '../model/entry.js';
import type { LineRef } from '../model/operation.js';
import type { MessageGate } from '../correlate/message-gate.js';
import { messageGate } from '../correlate/message-gate.js';

const WARNING_RANK = levelRank('WARNING');
const ERROR_RANK = levelRank('ERROR');

// Failure lines any operation can show (catalog 5.2, 8), besides its own recognizer's.
export const GENERIC_FAILED: readonly RegExp[] = [
  /^Setting instance (?:vm_state )?to ERROR/,
  /^Failed to compute_task_/,
  /No valid host was found/,
  /^Exception during message handling/,
  // reverts_task_state (catalog 8.2): the decorated compute method raised, whether the revert worked or not.
  /^Successfully reverted task state from \S+ on failure for instance/,
  /^Failed to revert task state for instance/,
];

/** An ERROR line that says nothing of the operation it was logged under, by the code that logs it. */
export interface HarmlessError {
  readonly name: string;
  /** Why it is harmless, in Nova's terms. */
  readonly why: string;
  readonly logger?: RegExp;
  readonly message?: RegExp;
}

// Found in ../shared/realdata (Queens' fault-injection runs, Mitaka's CI job) and read in Nova's source.
export const HARMLESS: readonly HarmlessError[] = [
  {
    name: 'notification not sent',
    why: "nova/notifications/base.py send_update catches any error sending an instance's state notification, logs it and goes on",
    logger: /^nova\.notifications\b/,
    message: /^Failed to send state update notification/,
  },
  {
    name: 'resource audit',
    why: "the resource tracker's periodic audit (update_available_resource) failed; it runs again in a minute, whatever request ID it logged under",
    message: /^Error updating resources for node /,
  },
  {
    name: 'metadata service',
    why: "nova-api's metadata service answering the guest: the guest's request, not the operation's",
    logger: /^nova\.api\.metadata\b/,
  },
  {
    name: 'message bus',
    why: 'oslo.messaging lost or refused its connection to the message bus and retries',
    logger: /^oslo[._]messaging\._drivers\b/,
  },
  {
    name: 'exception dropped',
    why: "oslo.utils notes that a second exception replaced the first while it was handled: the first says what failed",
    message: /^Original exception being dropped/,
  },
];

/** The harmless kind an ERROR line is, or null. */
export function harmlessKind(e: LogEntry): HarmlessError | null {
  for (const h of HARMLESS) {
    if (h.logger !== undefined && (e.logger === null || !h.logger.test(e.logger))) continue;
    if (h.message !== undefined && !h.message.test(e.message)) continue;
    return h;
  }
  return null;
}

export interface Judged {
  /** Lines that show this operation failed, in time order. */
  readonly evidence: readonly LogEntry[];
  /** The other ERROR and WARNING lines among its lines. */
  readonly during: readonly LogEntry[];
}

const GENERIC_GATE = messageGate(GENERIC_FAILED);
/** Per recognizer's failure lines: the gate of those and the generic ones (every operation's lines are read here). */
const failureGates = new WeakMap<readonly RegExp[], MessageGate>();

function failureGate(failed: readonly RegExp[] | undefined): MessageGate {
  if (failed === undefined) return GENERIC_GATE;
  let gate = failureGates.get(failed);
  if (gate === undefined) failureGates.set(failed, gate = messageGate([...GENERIC_FAILED, ...failed]));
  return gate;
}

/**
 * Sorts an operation's lines: failure evidence (a failure line, own or context; an ERROR under its own request IDs
 * that is not harmless), and the other ERROR and WARNING lines. nova-api's lines are never failure evidence here:
 * the API's answer (rejected) says what the API thought. `gated` false runs every failure pattern on every line: the
 * reference the gate is tested against.
 */
export function judgeLines(all: readonly LogEntry[], own: ReadonlySet<LogEntry>, failed: readonly RegExp[] | undefined, gated = true): Judged {
  const evidence: LogEntry[] = [];
  const during: LogEntry[] = [];
  const gate = gated ? failureGate(failed) : null;
  for (const e of all) {
    const rank = levelRank(e.level);
    const failureLine = e.service !== 'api' && (gate === null || gate.mayMatch(e.message))
      && (GENERIC_FAILED.some((re) => re.test(e.message)) || (failed?.some((re) => re.test(e.message)) ?? false));
    if (failureLine || (e.service !== 'api' && rank >= ERROR_RANK && own.has(e) && harmlessKind(e) === null)) evidence.push(e);
    else if (rank >= WARNING_RANK) during.push(e);
  }
  return { evidence, during };
}

export function lineRef(e: LogEntry): LineRef {
  return { time: e.time, service: e.service, host: e.host, level: e.level, message: e.message, location: e.location, file: e.file, line: e.line };
}
