// Reading check's own inputs: a rules file, a baseline report, the files of a signatures folder. A file that
// cannot be read is a one-line error naming it (exit 2).

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError } from './errors.js';
import { NovatraceError } from '../model/errors.js';

export async function readConfigFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new NovatraceError(describeFsError(path, error));
  }
}

const CONFIG_FILE = /\.(ya?ml|json)$/i;

/** The YAML and JSON files directly in a folder, sorted: one known bug each. Other files (a README) are not read. */
export async function listConfigFiles(dir: string): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new NovatraceError(`${dir}: not a directory (--signatures takes a folder of signature files)`);
    const names = await readdir(dir);
    return names.filter((n) => CONFIG_FILE.test(n)).sort().map((n) => join(dir, n));
  } catch (error) {
    if (error instanceof NovatraceError) throw error;
    throw new NovatraceError(describeFsError(dir, error));
  }
}
