// Sizes users write (--max-line): `1MB`, `512KB`, `1048576` -> bytes, and back for messages. Binary units, as a
// buffer's size is counted: 1 KB = 1024 bytes, 1 MB = 1024 KB (KiB and MiB are read alike).

const KB = 1024;
const MB = 1024 * KB;
const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:(b)|([kmg])(?:i?b)?)?$/i;
const UNIT: Readonly<Record<string, number>> = { k: KB, m: MB, g: 1024 * MB };

export const SIZE_HINT = 'a size in bytes such as 1MB, 512KB or 1048576';

/** Whole bytes, or null when the value is not a size. */
export function parseByteSize(value: string): number | null {
  const m = SIZE.exec(value.trim());
  if (!m) return null;
  const scale = m[3] === undefined ? 1 : (UNIT[m[3].toLowerCase()] as number);
  return Math.floor(Number(m[1]) * scale);
}

/** `1 MB`, `512 KB` when the size is a whole number of them, else `1,500,000 bytes`. */
export function formatByteSize(bytes: number): string {
  // Not toLocaleString: its first call loads ICU's number formats (20 ms), and every command's help text calls this.
  const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (bytes >= MB && bytes % MB === 0) return `${count(bytes / MB)} MB`;
  if (bytes >= KB && bytes % KB === 0) return `${count(bytes / KB)} KB`;
  return bytes === 1 ? '1 byte' : `${count(bytes)} bytes`;
}
