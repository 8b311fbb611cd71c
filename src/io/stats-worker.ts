// Worker thread of `stats`: counts one file, or one part of a large one, at a time for the main thread (stats-pool.ts).

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';
import { openSource, sniffSync } from './read-source.js';
import { parseOptionsFrom } from '../parse/options.js';
import type { ParseOptionTexts } from '../parse/options.js';
import { countPart } from './part-stats.js';
import type { CountJob, CountResult } from './stats-pool.js';
import type { FilePart } from './file-parts.js';

const WHOLE_FILE: FilePart = { start: 0, end: null, head: null };

// The main thread checked these texts: they make the same options here.
const options = { ...parseOptionsFrom(workerData as ParseOptionTexts), countOnly: true };
const port = parentPort;
if (!port) throw new Error('stats-worker runs only as a worker thread');

const queue: (CountJob | null)[] = [];
let running = false;

async function count(job: CountJob): Promise<CountResult> {
  try {
    if (job.part !== undefined) {
      const { stats, edge } = countPart(job.source.path, job.source.modified, job.part, options);
      return { job: job.job, stats: [stats], edge };
    }
    // A plain file is counted from its bytes, as a part that is all of it; gzip through the reader of every input.
    if (sniffSync(job.source.path) === 'none') return { job: job.job, stats: [countPart(job.source.path, job.source.modified, WHOLE_FILE, options).stats] };
    const opened = openSource(job.source, options, { live: false, blocking: true });
    for await (const batch of opened.batches) void batch;
    const broken = opened.broken();
    return { job: job.job, stats: opened.stats(), ...(broken === null ? {} : { error: broken }) };
  } catch (error) {
    return { job: job.job, error: error instanceof NovatraceError ? error.message : describeFsError(job.source.path, error) };
  }
}

async function drain(channel: MessagePort): Promise<void> {
  running = true;
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    if (job === null) {
      channel.close();
      break;
    }
    channel.postMessage(await count(job));
  }
  running = false;
}

// A job may come ahead of the one running: they queue here and run one at a time.
port.on('message', (job: CountJob | null) => {
  queue.push(job);
  if (!running) void drain(port);
});
