// Folders with symlink cycles (`ln -s .. a/up`, `ln -s ../L L/self`) are searched once each: the links back are
// skipped and said. Before, the search followed them without end (stats, analyze and follow never returned).

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInputs } from '../../src/io/inputs.js';

const root = mkdtempSync(join(tmpdir(), 'novatrace-cycles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a folder with symlink cycles', () => {
  it('gives each log file once and says which links it skipped', async () => {
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'L'));
    copyFileSync('fixtures/zed-boot/n-api.log', join(root, 'a', 'n-api.log'));
    symlinkSync('..', join(root, 'a', 'up'));
    symlinkSync('../a', join(root, 'a', 'again'));
    symlinkSync('../L', join(root, 'L', 'self'));
    symlinkSync('..', join(root, 'L', 'up'));
    const { sources, warnings } = await resolveInputs([root]);
    expect(sources.map((s) => s.path)).toEqual([join(root, 'a', 'n-api.log')]);
    expect([...warnings].sort()).toEqual([
      `${join(root, 'L', 'self')}: a link back to ${join(root, 'L')}, which is searched already: skipped`,
      `${join(root, 'L', 'up')}: a link back to ${root}, which is searched already: skipped`,
      `${join(root, 'a', 'again')}: a link back to ${join(root, 'a')}, which is searched already: skipped`,
      `${join(root, 'a', 'up')}: a link back to ${root}, which is searched already: skipped`,
    ]);
  }, 10_000);
});
