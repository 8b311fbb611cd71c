// An ERROR entry that belongs to no operation (a periodic task's, a service's start-up), counted with its repeats:
// analyze's table, JSON and the terminal UI list them apart from the operations.

import type { Service } from './entry.js';

export interface UnattachedError {
  readonly time: number | null;
  readonly service: Service;
  readonly host: string | null;
  /** For `other`, the service its file names (`nova-novncproxy`, `c-vol`); null otherwise. */
  readonly component: string | null;
  readonly message: string;
  count: number;
}
