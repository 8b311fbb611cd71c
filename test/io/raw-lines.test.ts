// The entry view's raw lines are numbered as the parser numbers them: a bare CR inside a line (a console progress
// bar, a message pasted from Windows) is part of that line, not the start of another.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../src/io/raw-lines.js';
import { detailLines } from '../../src/ui/screens/detail-screen.js';
import { parseLines } from '../helpers.js';
import { BOOT } from '../ui/sample-model.js';

const LINES = [
  '2024-03-01 10:00:00.000 7 INFO nova.compute.manager [req-1 - - - - -] [instance: 6f3c2b1e-8f7a-4f55-9d0a-1c2b3d4e5f60] Starting instance...',
  '2024-03-01 10:00:01.000 7 WARNING nova.compute.manager [req-1 - - - - -] progress 10%\rprogress 50%\rprogress 100%',
  '2024-03-01 10:00:02.000 7 INFO nova.compute.manager [req-1 - - - - -] [instance: 6f3c2b1e-8f7a-4f55-9d0a-1c2b3d4e5f60] Took 2.00 seconds to build instance.',
];

describe('raw lines of an entry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-raw-'));
  const plain = join(dir, 'n-cpu.log');
  writeFileSync(plain, `${LINES.join('\n')}\n`);
  const gz = join(dir, 'n-cpu.log.gz');
  writeFileSync(gz, gzipSync(`${LINES.join('\r\n')}\r\n`));

  it.each([['a plain file', plain], ['a .gz with CRLF endings', gz]])('%s: a bare CR stays inside its line', async (_name, path) => {
    const { entries } = parseLines(LINES, path);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3]);
    const raw = await readLines(path, 2, 2);
    expect(raw).toEqual([{ line: 2, text: LINES[1] }, { line: 3, text: LINES[2] }]);
  });

  it('the entry view shows the CR escaped, on the line the parser gave it', async () => {
    const { entries } = parseLines(LINES, plain);
    const entry = entries[1];
    if (entry === undefined) throw new Error('no entry');
    const raw = await readLines(plain, entry.line, 1);
    const text = detailLines(BOOT, entry, raw, 200).map((l) => l.map((s) => s.text).join(''));
    const shown = text.slice(text.findIndex((l) => l.startsWith('raw lines: ')) + 1);
    expect(shown).toEqual([`  2: ${LINES[1]?.replaceAll('\r', '\\r')}`]);
    expect(text.join('\n')).not.toContain('\r');
  });
});
