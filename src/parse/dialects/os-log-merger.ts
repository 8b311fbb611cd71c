// os-log-merger's own output: `2015-10-29 10:51:23.829000 [ALIAS] 3667 INFO logger [ctx] msg`, and for
// non-oslo inputs `2015-10-29 10:52:20.953000 [PING29] pinger DEBUG <text>`.

import type { DialectModule } from '../dialect.js';
import { isLevel } from '../../model/entry.js';
import { parseBody } from '../oslo-body.js';
import { readOsloHead } from './oslo.js';

const HEAD = /^\[([^\]\s]+)\] (\S+) /;

export const osLogMerger: DialectModule = {
  name: 'os-log-merger',
  parse(line, ctx) {
    const c = line.charCodeAt(0);
    if (c < 48 || c > 57) return null;
    const head = readOsloHead(line, 0, ctx);
    if (!head || head.pid !== null || line.charCodeAt(head.bodyAt) !== 91 /* [ */) return null;
    const m = HEAD.exec(line.slice(head.bodyAt, head.bodyAt + 200));
    if (!m) return null;
    const alias = m[1] as string;
    const second = m[2] as string;
    const rest = head.bodyAt + m[0].length;
    const base = { dialect: 'os-log-merger' as const, time: head.time, precision: head.precision, host: null, ident: alias, fileHint: null };
    if (/^\d+$/.test(second)) {
      const body = parseBody(line, rest, ctx.scratch.body, ctx.lite);
      return body && { ...base, pid: Number(second), body, text: body.message };
    }
    // `[PING29] pinger DEBUG text`: a program name in the pid column, then a level and free text.
    const sp = line.indexOf(' ', rest);
    const level = sp > 0 ? line.slice(rest, sp) : '';
    if (!isLevel(level)) return null;
    return { ...base, pid: null, body: null, text: line.slice(sp + 1) };
  },
};
