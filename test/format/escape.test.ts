// What a log line may not do to the terminal that shows it: control characters and the invisible format
// characters (bidirectional overrides and isolates, zero-width characters) are shown as escapes.

import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/format/escape.js';
import { safe } from '../../src/ui/line.js';

// "Trojan source": an RLO makes the terminal show the rest of the line reversed.
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2028', '\u2029'];

describe('escaping of log text for a terminal', () => {
  it.each([...BIDI, ...INVISIBLE].map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))('%s is shown as an escape', (name, c) => {
    const shown = escapeControl(`user=admin${c}evil`);
    expect(shown).toBe(`user=admin\\u${name.slice(2).toLowerCase()}evil`);
    expect(safe(`a${c}b`)).not.toContain(c);
  });

  it('leaves text that is only text alone, accents and CJK included', () => {
    const text = "Impossibile 'attach_volume' l'istanza è già in uso; 実行中 — ok\tend";
    expect(escapeControl(text)).toBe(text);
  });
});
