// A whole document written to a file the user named (`export -o FILE`); a path that cannot be written is a
// usage error (exit 2) in the user's words, found before the logs are read when it can be.

import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NovatraceError } from '../model/errors.js';
import { describeFsError } from './errors.js';

/** Refuses, before any work, a path whose folder is missing or not writable, or that is a folder. */
export async function checkWritable(path: string): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
    if ((await stat(path).catch(() => null))?.isDirectory() === true) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    throw new NovatraceError(`cannot write ${describeFsError(path, error)}`);
  }
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new NovatraceError(`cannot write ${describeFsError(path, error)}`);
  }
}
