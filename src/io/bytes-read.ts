// The count of bytes read by this thread's readers, on its own: the parse worker imports it without progress.ts,
// whose import of inputs.ts (fast-glob, crypto) would load on every worker's start.

/** Bytes read from files so far, by every reader of this thread (gzip files: their compressed bytes). */
export const bytesRead = { count: 0 };
