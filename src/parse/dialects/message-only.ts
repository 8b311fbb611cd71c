// Lines with no timestamp or pid: `INFO nova.compute.manager [req-...] [instance: ...] msg`, however the writer
// indented them (`  INFO nova.compute.manager [req-...] ...`: a tool that strips the prefix and indents). Kept, with
// no time. A traceback's own lines (`  File "...", line N, in f`) name no level and logger, so they stay
// continuation lines.

import type { DialectModule } from '../dialect.js';
import { parseBody } from '../oslo-body.js';

export const messageOnly: DialectModule = {
  name: 'message-only',
  parse(line, ctx) {
    let start = 0;
    while (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9) start++;
    const c = line.charCodeAt(start);
    if (c < 65 || c > 90) return null;
    const body = parseBody(line, start, ctx.scratch.body, ctx.lite);
    // A bare `ERROR foo` could be any text: ask for a dotted logger or a context bracket.
    if (!body || (!body.logger.includes('.') && !body.hasContext)) return null;
    return { dialect: 'message-only', time: null, precision: 0, pid: null, host: null, ident: null, fileHint: null, body, text: body.message };
  },
};
