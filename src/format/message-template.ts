// A log message with its variable parts replaced, so that messages of one kind read as one: 25,000 errors of three
// kinds are three templates. Pure; the errors view groups by it.

const RULES: readonly (readonly [RegExp, string])[] = [
  [/\breq-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}\b/gi, '<req>'],
  [/\b[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}\b/gi, '<uuid>'],
  // IPv4 with its port, then IPv6 (at least three groups, so that a time 12:34:56 is left to the numbers rule).
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  [/(?<![\w:.])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){3})[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Bare hex of 8 or more with a digit in it (project and user IDs, hashes): words of letters alone are words.
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/** The message's template: UUIDs, request IDs, IPs, hex and numbers replaced by `<uuid>`, `<req>`, `<ip>`, `<hex>`, `<n>`. */
export function messageTemplate(message: string): string {
  let out = message;
  for (const [re, by] of RULES) out = out.replace(re, by);
  return out;
}
