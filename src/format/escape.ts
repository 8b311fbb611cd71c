// Log text reaches a terminal only through here: control characters (ESC, C1 CSI, BEL, CR, ...) become
// visible escapes, so a log line can neither color, move the cursor nor retitle the user's terminal.

// C0 except tab, DEL, and C1. Tab is left as it is: it moves the cursor only forward.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

function escapeOne(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x1b) return '\\e';
  if (code === 0x0d) return '\\r';
  if (code === 0x0a) return '\\n';
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** JSON.stringify escapes C0 but passes DEL and C1 through: escape those too. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
