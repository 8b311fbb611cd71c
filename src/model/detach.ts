// Strings cut out of a log line share the memory of the whole chunk the line was read in (V8 makes substrings
// "sliced strings" of their parent): a request ID kept for the rest of a run would hold a whole read (32 to
// 256 KB) of log with it.
// What outlives the entries it came from is copied out first.

/** The same text in memory of its own. */
export function detach(text: string): string;
export function detach(text: string | null): string | null;
export function detach(text: string | null): string | null {
  // V8 copies substrings shorter than 13 characters anyway. Concatenating makes a cons string; slicing it
  // flattens the cons into a fresh string first, so the result no longer points into the chunk.
  return text === null || text.length < 13 ? text : (` ${text}`).slice(1);
}

/** A plain-data value (no Maps, Sets, undefined or non-finite numbers) rebuilt with every string its own. */
export function detachData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
