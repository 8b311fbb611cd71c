// Lines with no timestamp or pid: `INFO nova.compute.manager [req-...] [instance: ...] msg`. Kept, with no time.

import type { DialectModule } from '../dialect.js';
import { parseBody } from '../oslo-body.js';

export const messageOnly: DialectModule = {
  name: 'message-only',
  parse(line, ctx) {
    const c = line.charCodeAt(0);
    if (c < 65 || c > 90) return null;
    const body = parseBody(line, 0, ctx.scratch.body, ctx.lite);
    // A bare `ERROR foo` could be any text: ask for a dotted logger or a context bracket.
    if (!body || (!body.logger.includes('.') && !body.hasContext)) return null;
    return { dialect: 'message-only', time: null, precision: 0, pid: null, host: null, ident: null, fileHint: null, body, text: body.message };
  },
};
