// Worker thread of `stats`: counts one file, or one part of a large one, at a time for the main thread (stats-pool.ts).

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { parseOptionsFrom } from '../parse/options.js';
import type { ParseOptionTexts } from '../parse/options.js';
import { countJob } from './count-job.js';
import type { CountJob } from './count-job.js';

// The main thread checked these texts: they make the same options here.
const options = { ...parseOptionsFrom(workerData as ParseOptionTexts), countOnly: true };
const port = parentPort;
if (!port) throw new Error('stats-worker runs only as a worker thread');

const queue: (CountJob | null)[] = [];
let running = false;

async function drain(channel: MessagePort): Promise<void> {
  running = true;
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    if (job === null) {
      channel.close();
      break;
    }
    channel.postMessage(await countJob(job, options));
  }
  running = false;
}

// A job may come ahead of the one running: they queue here and run one at a time.
port.on('message', (job: CountJob | null) => {
  queue.push(job);
  if (!running) void drain(port);
});
