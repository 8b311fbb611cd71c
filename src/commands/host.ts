// `novatrace host <host>`: that compute host's failures as incidents (src/hosts/): its silence, what Nova said and
// did about it, each instance's evacuation, its return and clean-up, and what the logs cannot tell.

import { keepingWarnings } from '../io/errors.js';
import type { Output } from '../io/output.js';
import { shortHost } from '../model/entry.js';
import { NovatraceError } from '../model/errors.js';
import { safeJson } from '../format/escape.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { hostIncidentRecord } from '../report/host-json.js';
import { formatHostIncident } from '../report/host-text.js';
import { cachedAnswer } from './analysis.js';

export interface HostOptions {
  readonly parse: ParseOptions;
  readonly json: boolean;
}

export async function runHost(host: string, paths: readonly string[], given: HostOptions, out: Output, warnOnly: (m: string) => void): Promise<number> {
  const { warn, warnings } = keepingWarnings(warnOnly);
  const wanted = shortHost(host).toLowerCase();
  await cachedAnswer(paths, given.parse, warn, JSON.stringify({ command: 'host', host, json: given.json }), (analysis) => {
    const incidents = analysis.hostIncidents.filter((i) => shortHost(i.host).toLowerCase() === wanted);
    const known = new Set(analysis.operations.flatMap((op) => [...op.hosts, op.source, op.destination]).filter((h): h is string => h !== null).map((h) => shortHost(h).toLowerCase()));
    for (const h of analysis.computeHosts) known.add(shortHost(h).toLowerCase());
    if (incidents.length === 0 && !known.has(wanted)) {
      const names = [...known].sort();
      throw new NovatraceError(`host ${host} is named by no line of these logs (hosts: ${names.length === 0 ? 'none' : names.join(', ')})`);
    }
    if (given.json) return safeJson({ host, incidents: incidents.map(hostIncidentRecord), warnings });
    if (incidents.length === 0) return `${host}: no host failure in these logs (no evacuation from it while it was silent)`;
    return incidents.map(formatHostIncident).join('\n\n');
  }, (part) => out.part(part));
  await out.line('');
  await out.flush();
  return 0;
}
