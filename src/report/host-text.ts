// `novatrace host` as text: per incident, the host's silence, what Nova said and did about it, each instance's
// fate, the host's return and what the logs cannot tell (the lines are src/format/host-incident.ts's, which the
// terminal UI's host view shows too).

import { incidentLines } from '../format/host-incident.js';
import type { HostIncident } from '../model/host-incident.js';

export { incidentSummary } from '../format/host-incident.js';

export function formatHostIncident(i: HostIncident): string {
  return incidentLines(i).map((l) => l.text).join('\n');
}
