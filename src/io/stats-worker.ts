// Worker thread of `stats`: counts one file at a time for the main thread (stats-pool.ts).

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';
import type { Source } from './inputs.js';
import { openSource } from './read-source.js';
import { parseOptionsFrom } from '../parse/options.js';
import type { ParseOptionTexts } from '../parse/options.js';

interface Job {
  readonly index: number;
  readonly source: Source;
}

// The main thread checked these texts: they make the same options here.
const options = { ...parseOptionsFrom(workerData as ParseOptionTexts), countOnly: true };
const port = parentPort;
if (!port) throw new Error('stats-worker runs only as a worker thread');

const queue: (Job | null)[] = [];
let running = false;

async function drain(channel: MessagePort): Promise<void> {
  running = true;
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    if (job === null) {
      channel.close();
      break;
    }
    const opened = openSource(job.source, options, { live: false, blocking: true });
    try {
      for await (const batch of opened.batches) void batch;
      const broken = opened.broken();
      channel.postMessage({ index: job.index, stats: opened.stats(), ...(broken === null ? {} : { error: broken }) });
    } catch (error) {
      const message = error instanceof NovatraceError ? error.message : describeFsError(job.source.path, error);
      channel.postMessage({ index: job.index, error: message });
    }
  }
  running = false;
}

// Jobs come two ahead: they queue here and run one at a time.
port.on('message', (job: Job | null) => {
  queue.push(job);
  if (!running) void drain(port);
});
