// JUnit reports are validated against test/check/junit.xsd with xmllint (Debian's libxml2-utils; .ci/run
// installs it). Missing in CI is a failure; missing on a developer's machine skips, saying why.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JUNIT_XSD = join(dirname(fileURLToPath(import.meta.url)), 'junit.xsd');
export const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

if (!HAS_XMLLINT && process.env['CI']) {
  throw new Error('CI must validate JUnit output, but xmllint is missing (apt-get install libxml2-utils)');
}
if (!HAS_XMLLINT) console.warn('JUnit schema validation skipped: xmllint is not installed (apt-get install libxml2-utils)');

const dir = mkdtempSync(join(tmpdir(), 'novatrace-junit-'));
let n = 0;

/** xmllint's verdict on the document: status 0 and "validates", or its errors. */
export function validateJunit(xml: string): { status: number | null; output: string } {
  const path = join(dir, `report-${n++}.xml`);
  writeFileSync(path, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
