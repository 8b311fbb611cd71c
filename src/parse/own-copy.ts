// A copy of a string that keeps nothing else alive. A slice of a line is, in V8, a view into the string it was cut
// from: the text the reader decoded at once, kilobytes of other lines. A string kept for long (a code location
// remembered by a parser) would keep all of it alive; once per parser, over a merge's hundreds of open files, that
// is tens of megabytes.

/**
 * Joining a character makes a new string of two parts, and slicing that one makes V8 flatten it into a string of
 * its own first: what the result keeps alive is that, one character longer than itself. About 60 ns.
 */
export function ownCopy(text: string): string {
  return `${text} `.slice(0, -1);
}
