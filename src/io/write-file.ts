// A whole document written to a file the user named (`export -o FILE`); a path that cannot be written is a
// usage error (exit 2) in the user's words.

import { writeFile } from 'node:fs/promises';
import { NovatraceError } from '../model/errors.js';
import { describeFsError } from './errors.js';

export async function writeTextFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new NovatraceError(`cannot write ${describeFsError(path, error)}`);
  }
}
