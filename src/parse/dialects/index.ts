// The dialect table: detection tries the file's last matching dialect first, then these in order.
// Adding a dialect is adding a module here, a fixture and a test.

import type { DialectModule } from '../dialect.js';
import { journaldIso, journaldShort } from './journald-text.js';
import { journaldJson } from './journald-json.js';
import { messageOnly } from './message-only.js';
import { osLogMerger } from './os-log-merger.js';
import { oslo } from './oslo.js';
import { osloJson } from './oslo-json.js';
import { sourceColumn } from './source-column.js';

export const DIALECT_TABLE: readonly DialectModule[] = [
  oslo,
  journaldShort,
  journaldIso,
  osLogMerger,
  sourceColumn,
  journaldJson,
  osloJson,
  messageOnly,
];
