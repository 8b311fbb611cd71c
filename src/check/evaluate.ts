// The check itself: (operations, kept error entries, rules, signatures, baseline) -> per-rule results and the
// exit code. Pure: the command reads the files and the logs, the renderers print the result.

import type { CheckResult, DurationStats, KnownBug } from '../model/finding.js';
import { failsRun, statusOf } from '../model/finding.js';
import type { HostIncident } from '../model/host-incident.js';
import type { Operation } from '../model/operation.js';
import { attachEntries } from './attach-entries.js';
import type { Baseline } from './baseline.js';
import { succeededDurations } from './baseline.js';
import type { Evidence } from './entry-pattern.js';
import type { ErrorEntry } from './error-entries.js';
import { groupBy } from './group-by.js';
import { percentile } from './percentile.js';
import type { Rules } from './rules.js';
import type { Signature } from './signature.js';
import { knownBugs } from './signature.js';
import type { CheckContext } from './rules/context.js';
import { EVALUATORS } from './rules/index.js';

export interface CheckInput {
  readonly operations: readonly Operation[];
  /** Log entries parsed from the inputs. */
  readonly entriesRead: number;
  /** Compute hosts that failed (the `hosts` rule); none when not given. */
  readonly hostIncidents?: readonly HostIncident[];
  readonly errors: readonly ErrorEntry[];
  readonly dropped: number;
  readonly rules: Rules;
  readonly signatures: readonly Signature[];
  readonly baseline: Baseline | null;
  readonly allowKnown: boolean;
  readonly logStart: number | null;
}

/** An operation's first error as evidence: its level and logger are not kept, so signatures naming them need an entry. */
function errorEvidence(op: Operation): Evidence[] {
  return op.error === null ? [] : [{ service: op.error.service, level: null, logger: null, message: op.error.message, traceback: op.error.traceback }];
}

function stats(durations: ReadonlyMap<string, readonly number[]>): Map<string, DurationStats> {
  const out = new Map<string, DurationStats>();
  for (const [type, list] of [...durations].sort(([a], [b]) => a.localeCompare(b))) {
    out.set(type, { count: list.length, medianMs: percentile(list, 50) ?? 0, p95Ms: percentile(list, 95) ?? 0, maxMs: percentile(list, 100) ?? 0 });
  }
  return out;
}

export function evaluateCheck(input: CheckInput): CheckResult {
  const entries = attachEntries(input.errors, input.operations);
  const entriesOf = groupBy(entries, (a) => a.operation);
  const opBugs = new Map<Operation, readonly KnownBug[]>();
  const durations = succeededDurations(input.operations);
  const ctx: CheckContext = {
    operations: input.operations, entriesRead: input.entriesRead, hostIncidents: input.hostIncidents ?? [], entries, dropped: input.dropped, rules: input.rules, baseline: input.baseline, durations,
    knownForOperation(op) {
      let bugs = opBugs.get(op);
      if (bugs === undefined) {
        const evidence = [...(entriesOf.get(op) ?? []).map((a) => a.entry), ...errorEvidence(op)];
        bugs = knownBugs(input.signatures, evidence, op.type);
        opBugs.set(op, bugs);
      }
      return bugs;
    },
    knownForEntry: (a) => knownBugs(input.signatures, [a.entry], a.operation?.type ?? null),
  };
  const rules = EVALUATORS.flatMap((evaluate) => evaluate(ctx)).map((draft) => ({ ...draft, status: statusOf(draft.findings) }));
  const failing = rules.some((r) => failsRun(r, input.allowKnown));
  return {
    rules, operations: input.operations, durations: stats(durations), allowKnown: input.allowKnown,
    exitCode: failing ? 1 : 0, logStart: input.logStart,
  };
}
