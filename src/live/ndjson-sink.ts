// Live events as NDJSON on stdout, flushed every tick so that a reader sees each event at once.

import type { Output } from '../io/output.js';
import { liveEventJson, readyJson, statusJson, stoppedJson, warningJson } from '../report/live-json.js';
import type { LiveSink } from './live-sink.js';

export function ndjsonSink(out: Output): LiveSink {
  return {
    async ready(files, now) {
      await out.line(readyJson(now, files));
      await out.flush();
    },
    async events(events) {
      for (const e of events) await out.line(liveEventJson(e));
      await out.flush();
    },
    async warning(path, change, message, now) {
      await out.line(warningJson(now, path, change, message));
      await out.flush();
    },
    async status(status, now) {
      await out.line(statusJson(now, status.totals));
      await out.flush();
    },
    async stopped(status, now) {
      await out.line(stoppedJson(now, status.totals));
      await out.flush();
    },
    quit: new Promise<void>(() => undefined),
  };
}
