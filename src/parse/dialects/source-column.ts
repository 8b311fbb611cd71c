// Research data sets put the source file first:
// `nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [...] ...`.
// The first token names the service's file; the rest is oslo text.

import type { DialectModule } from '../dialect.js';
import { parseOsloAt } from './oslo.js';

export const sourceColumn: DialectModule = {
  name: 'oslo-source-column',
  parse(line, ctx) {
    const sp = line.indexOf(' ');
    if (sp < 4 || sp > 200) return null;
    const token = line.slice(0, sp);
    if (!/\.(?:log|txt)\b/.test(token)) return null;
    const parsed = parseOsloAt(line, sp + 1, ctx);
    return parsed && { ...parsed, dialect: 'oslo-source-column', fileHint: token };
  },
};
