// What makes "the same file" across renames: device, inode and birth time. The birth time tells a new file that
// got a deleted file's inode number back from the old one (ext4 and xfs reuse inode numbers at once).

import type { BigIntStats } from 'node:fs';

export type FileIdentity = string;

export function identityOf(stats: BigIntStats): FileIdentity {
  return `${stats.dev}:${stats.ino}:${stats.birthtimeNs}`;
}
