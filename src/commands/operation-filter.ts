// analyze's operation filters (--type, --outcome, --instance, --request, --host, --since, --until) as one
// predicate over operations, and one over host incidents. Apart from the analysis so that analyze checks them, and
// draws the terminal UI's first frame, before the analysis modules are loaded.

import { shortHost } from '../model/entry.js';
import type { HostIncident } from '../model/host-incident.js';
import type { Operation, Outcome } from '../model/operation.js';
import { usage } from '../model/errors.js';
import { parseUserTime } from '../parse/time.js';
import type { Zone } from '../parse/time.js';
import type { InstanceSelector } from '../select/entry-filter.js';

/** analyze's filters, as the option parsers made them; the times as typed (read in the --tz zone). */
export interface OperationFilterOptions {
  readonly types?: ReadonlySet<string>;
  readonly outcomes?: ReadonlySet<Outcome>;
  readonly instance?: InstanceSelector;
  /** Normalized (`req-` and lower case): the whole ID or its first characters. */
  readonly request?: string;
  readonly host?: string;
  readonly since?: string;
  readonly until?: string;
}

/** --since, --until (read in the --tz zone; a bad one is a usage error) and --host, as both filters compare them. */
function window(given: OperationFilterOptions, zone: Zone): { since?: number; until?: number; host: string | null } {
  const { since, until } = given;
  return {
    ...(since === undefined ? {} : { since: usage(() => parseUserTime(since, zone)) }),
    ...(until === undefined ? {} : { until: usage(() => parseUserTime(until, zone)) }),
    // By its short name, so that `--host compute1` finds it where Nova wrote compute1.example.org, and back.
    host: given.host === undefined ? null : shortHost(given.host),
  };
}

/** Applied after analysis; the times are read here (a bad one is a usage error, before any log is read). */
export function operationFilter(given: OperationFilterOptions, zone: Zone): (op: Operation) => boolean {
  const { types, outcomes, instance, request } = given;
  const { since, until, host } = window(given, zone);
  return (op) =>
    (types === undefined || types.has(op.type))
    && (outcomes === undefined || outcomes.has(op.outcome))
    && (instance === undefined || instance.test(op.instance))
    && (request === undefined || op.requestIds.some((id) => id.toLowerCase().startsWith(request)))
    && (host === null || [...op.hosts, op.source, op.destination].some((h) => h !== null && shortHost(h) === host))
    && (since === undefined || op.end >= since)
    && (until === undefined || op.start <= until);
}

/**
 * Which host incidents analyze lists beside the operations it keeps: by --host, --instance (one of its instances),
 * --since and --until; none when --type, --outcome or --request select operations only.
 */
export function incidentFilter(given: OperationFilterOptions, zone: Zone): (incident: HostIncident) => boolean {
  if (given.types !== undefined || given.outcomes !== undefined || given.request !== undefined) return () => false;
  const { since, until, host } = window(given, zone);
  const { instance } = given;
  return (i) =>
    (host === null || shortHost(i.host) === host)
    && (instance === undefined || i.instances.some((x) => instance.test(x.instance)))
    && (since === undefined || i.end >= since)
    && (until === undefined || i.start <= until);
}
