// Live events as NDJSON on stdout, flushed every tick so that a reader sees each event at once.

import { PipeClosed } from '../io/output.js';
import type { Output } from '../io/output.js';
import { liveEventJson, readyJson, statusJson, stoppedJson, warningJson } from '../report/live-json.js';
import type { LiveSink } from './live-sink.js';

export function ndjsonSink(out: Output): LiveSink {
  // Once the reader went away (`| head -1`), nothing more is written: follow stops on `quit`.
  const write = async (lines: readonly string[]): Promise<void> => {
    if (out.isClosed) return;
    try {
      for (const l of lines) await out.line(l);
      await out.flush();
    } catch (error) {
      if (!(error instanceof PipeClosed)) throw error;
    }
  };
  return {
    async ready(files, now) {
      await write([readyJson(now, files)]);
    },
    async events(events) {
      await write(events.map(liveEventJson));
    },
    async warning(path, change, message, now) {
      await write([warningJson(now, path, change, message)]);
    },
    async status(status, now) {
      await write([statusJson(now, status.totals)]);
    },
    async stopped(status, now) {
      await write([stoppedJson(now, status.totals)]);
    },
    quit: out.whenClosed,
  };
}
