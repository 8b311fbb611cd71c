// `hosts: {evacuated: all}`: every instance of a compute host that failed was evacuated (`any`: at least one of each
// host's). One finding per instance left behind (`all`) or per host none of whose instances was (`any`).

import type { Finding } from '../../model/finding.js';
import type { HostIncident, IncidentInstance } from '../../model/host-incident.js';
import { failureLocation } from '../operation-location.js';
import type { CheckContext, RuleDraft } from './context.js';

const FATE_WORDS: Readonly<Record<IncidentInstance['fate'], string>> = {
  evacuated: 'evacuated',
  failed: 'evacuation failed',
  incomplete: 'evacuation not finished when the logs end',
  refused: 'evacuation refused',
  'not-evacuated': 'never evacuated',
  deleted: 'deleted meanwhile',
};

function finding(ctx: CheckContext, incident: HostIncident, i: IncidentInstance): Finding {
  const op = i.operations.find((o) => o.requestIds[0] === i.requestId) ?? i.operations[i.operations.length - 1] ?? null;
  return {
    message: `host ${incident.host} failed; instance ${i.instance}: ${FATE_WORDS[i.fate]}${i.destination === null ? '' : ` (to ${i.destination})`}`,
    operation: op, location: op === null ? null : failureLocation(op), known: op === null ? [] : ctx.knownForOperation(op),
  };
}

export function hosts(ctx: CheckContext): RuleDraft[] {
  const rule = ctx.rules.hosts;
  if (rule === null) return [];
  const incidents = ctx.hostIncidents;
  // An instance deleted while its host was down had nothing left to evacuate.
  const instances = incidents.flatMap((inc) => inc.instances.filter((i) => i.fate !== 'deleted').map((i) => ({ inc, i })));
  const evacuated = instances.filter(({ i }) => i.fate === 'evacuated').length;
  const findings: Finding[] = rule.evacuated === 'all'
    ? instances.filter(({ i }) => i.fate !== 'evacuated').map(({ inc, i }) => finding(ctx, inc, i))
    : incidents.filter((inc) => inc.outcome === 'none').map((inc) => ({
      message: `host ${inc.host} failed; none of its ${inc.instances.length} instance${inc.instances.length === 1 ? '' : 's'} evacuated`,
      operation: null, location: null, known: [],
    }));
  const n = incidents.length;
  return [{
    id: 'hosts', kind: 'hosts',
    title: rule.evacuated === 'all' ? 'every instance of a failed host evacuated' : 'some instance of each failed host evacuated',
    detail: `${n} failed host${n === 1 ? '' : 's'}: ${evacuated} of ${instances.length} instance${instances.length === 1 ? '' : 's'} evacuated`,
    findings,
  }];
}
