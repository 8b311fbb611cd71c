// analyze's JSON written an operation at a time: the parts, joined, are the bytes of the whole record's JSON, and no
// part holds more than one operation's record.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { safeJson } from '../../src/format/escape.js';
import { hostIncidentRecord } from '../../src/report/host-json.js';
import { analyzeJsonParts, analyzeRecord, operationRecord } from '../../src/report/operation-json.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { ROOT } from '../helpers.js';

const FIXTURES = join(ROOT, 'fixtures', 'operations');
const WARNINGS = ['a warning with a \u0085 next-line and a \u200b zero-width space'];

describe('analyzeJsonParts', () => {
  it.each(['boot-zed', 'evacuate-zed', 'boot-failed-juno', 'resize-zed'])('%s: the parts joined are the whole record\'s JSON', async (name) => {
    const a = await analyzeInputs([join(FIXTURES, name)], parseOptionsFrom({}), () => undefined);
    const incidents = a.hostIncidents.map(hostIncidentRecord);
    const parts = [...analyzeJsonParts(a.operations, a.unattached, a.parse, WARNINGS, incidents)];
    expect(parts.join('')).toBe(safeJson(analyzeRecord(a.operations, a.unattached, a.parse, WARNINGS, incidents)));
    // One part per operation, each no longer than its record's text and a separator, and the rest.
    expect(parts).toHaveLength(a.operations.length + 1);
    a.operations.forEach((op, i) => expect((parts[i] as string).length).toBeLessThanOrEqual(safeJson(operationRecord(op)).length + '{"operations":['.length));
  });

  it('every fixture at once, and none at all', async () => {
    const a = await analyzeInputs(readdirSync(FIXTURES).map((f) => join(FIXTURES, f)), parseOptionsFrom({}), () => undefined);
    expect(a.operations.length).toBeGreaterThan(50);
    expect([...analyzeJsonParts(a.operations, a.unattached, a.parse)].join('')).toBe(safeJson(analyzeRecord(a.operations, a.unattached, a.parse)));
    expect([...analyzeJsonParts([], a.unattached, a.parse, WARNINGS)].join('')).toBe(safeJson(analyzeRecord([], a.unattached, a.parse, WARNINGS)));
  });
});
