// The entry codec on every real log set: each file's entries, encoded in chunks, written to bytes and read back,
// decode to entries equal to the parsed ones field by field, and its FileStats survive JSON.
// Skipped, with the reason printed, only where ../shared/realdata is absent (a user's clone); CI has it.

import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInputs } from '../../src/io/inputs.js';
import type { Source } from '../../src/io/inputs.js';
import { openSource } from '../../src/io/read-source.js';
import type { LogEntry } from '../../src/model/entry.js';
import { CodeLocations } from '../../src/parse/code-locations.js';
import { chunkFromBytes, chunkToBytes, decodeEntries, encodeEntries } from '../../src/parse/entry-codec.js';
import { fileStatsFromJson, fileStatsToJson } from '../../src/parse/file-stats-json.js';
import { expectSameEntries } from '../parse/same-entries.js';
import { HAS_REALDATA, OPTIONS, REALDATA } from '../helpers.js';

if (!HAS_REALDATA) {
  console.warn(`entry codec corpus tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
}
if (!HAS_REALDATA && process.env['CI']) {
  throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
}

const SETS = ['devstack-ci-mitaka', 'devstack-journal-2023', 'fault-injection-queens', 'fault-injection-queens-dev', 'live-migration-juno', 'zed-rig/full', 'zed-rig-hostevac/full'];

describe.skipIf(!HAS_REALDATA)('entry codec on real log sets', () => {
  it.each(SETS)('%s', async (set) => {
    const { sources } = await resolveInputs([join(REALDATA, set)]);
    let checked = 0;
    for (const source of sources as Source[]) {
      const locations = new CodeLocations();
      const opened = openSource(source, OPTIONS, { live: false, blocking: true, batch: 1000, locations });
      const parsed: LogEntry[] = [];
      const decoded: LogEntry[] = [];
      try {
        for await (const batch of opened.batches) {
          parsed.push(...batch);
          decoded.push(...decodeEntries(chunkFromBytes(chunkToBytes(encodeEntries(batch))), locations));
        }
      } catch (error) {
        // bzip2 research files are refused by the reader itself, before any entry.
        expect(String(error), relative(REALDATA, source.path)).toMatch(/compressed; decompress it first/);
        continue;
      }
      expectSameEntries(decoded, parsed);
      for (const s of opened.stats()) expect(fileStatsFromJson(JSON.parse(JSON.stringify(fileStatsToJson(s))))).toStrictEqual(s);
      checked += parsed.length;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
