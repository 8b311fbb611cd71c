// The one key table of the terminal UI: command -> keys. The input handler and the help overlay both read it,
// so a key cannot work without being listed, nor be listed without working.

export type ViewKind = 'list' | 'timeline' | 'detail' | 'errors' | 'members' | 'host';

export type Command =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'open' | 'back' | 'quit' | 'help'
  | 'search' | 'next' | 'previous' | 'cycleOutcome' | 'cycleType' | 'cycleSort' | 'errors'
  | 'firstError' | 'cycleLevel' | 'cycleService' | 'cycleHost' | 'jump' | 'hostIncident';

export interface KeyBinding {
  readonly command: Command;
  /** Canonical key names (see keyName): printable characters as themselves, others by name. */
  readonly keys: readonly string[];
  /** How the help overlay shows the keys. */
  readonly label: string;
  readonly description: string;
  readonly views: readonly ViewKind[];
  /** What the footer shows for it (absent: only in the help). */
  readonly footer?: string;
}

const ALL: readonly ViewKind[] = ['list', 'timeline', 'detail', 'errors', 'members', 'host'];

export const KEY_TABLE: readonly KeyBinding[] = [
  { command: 'up', keys: ['up', 'k'], label: '↑ k', description: 'move up', views: ALL, footer: '↑↓ move' },
  { command: 'down', keys: ['down', 'j'], label: '↓ j', description: 'move down', views: ALL },
  { command: 'pageUp', keys: ['pageUp'], label: 'PgUp', description: 'page up', views: ALL },
  { command: 'pageDown', keys: ['pageDown'], label: 'PgDn', description: 'page down', views: ALL },
  { command: 'top', keys: ['g', 'home'], label: 'g', description: 'first row', views: ALL },
  { command: 'bottom', keys: ['G', 'end'], label: 'G', description: 'last row', views: ALL },
  { command: 'open', keys: ['return'], label: 'Enter', description: "open the operation, entry, error group, error or instance's evacuation", views: ['list', 'timeline', 'errors', 'members', 'host'], footer: 'Enter open' },
  { command: 'jump', keys: ['o'], label: 'o', description: "the error's operation, on its line", views: ['errors', 'members', 'detail'], footer: 'o operation' },
  { command: 'search', keys: ['/'], label: '/', description: 'search: text (any case) or /regex/; the list narrows', views: ['list', 'timeline', 'detail'], footer: '/ search' },
  { command: 'next', keys: ['n'], label: 'n', description: 'next match (no search: next warning or error)', views: ['list', 'timeline', 'detail'], footer: 'n/N next' },
  { command: 'previous', keys: ['N'], label: 'N', description: 'previous match (or warning or error)', views: ['list', 'timeline', 'detail'] },
  { command: 'cycleOutcome', keys: ['f'], label: 'f', description: 'outcomes: all, failed + rejected, incomplete', views: ['list'], footer: 'f outcome' },
  { command: 'cycleType', keys: ['t'], label: 't', description: 'operation types: all, then each type', views: ['list'], footer: 't type' },
  { command: 'cycleSort', keys: ['s'], label: 's', description: 'sort by time, duration, type', views: ['list'], footer: 's sort' },
  { command: 'errors', keys: ['E'], label: 'E', description: 'errors, grouped by message', views: ['list', 'timeline', 'detail'], footer: 'E errors' },
  { command: 'hostIncident', keys: ['H'], label: 'H', description: "the failure of the operation's host (an evacuation's source)", views: ['list', 'timeline'], footer: 'H host failure' },
  { command: 'firstError', keys: ['e'], label: 'e', description: 'jump to the first error', views: ['timeline'], footer: 'e first error' },
  { command: 'cycleLevel', keys: ['l'], label: 'l', description: 'levels: INFO+, WARNING+, all', views: ['timeline'], footer: 'l level' },
  { command: 'cycleService', keys: ['s'], label: 's', description: 'services: each present, then all', views: ['timeline'], footer: 's service' },
  { command: 'cycleHost', keys: ['h'], label: 'h', description: 'hosts: each present, then all', views: ['timeline'], footer: 'h host' },
  { command: 'help', keys: ['?'], label: '?', description: 'this help', views: ALL, footer: '? help' },
  { command: 'back', keys: ['escape'], label: 'Esc', description: 'clear the filter or search, else back', views: ALL, footer: 'Esc back' },
  { command: 'quit', keys: ['q'], label: 'q', description: 'quit from the list; back elsewhere', views: ALL, footer: 'q quit' },
];

/** The subset of ink's Key this module reads. */
export interface KeyFlags {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

/** ink's (input, key) -> one canonical name. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  // A line feed is Enter from a terminal not in raw mode (and from a run typed together: NAMED_CHARACTERS).
  if (key.return || input === '\n') return 'return';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl+${input}`;
  return input;
}

const NAMED_CHARACTERS: Readonly<Record<string, string>> = { '\r': 'return', '\n': 'return', '\u007f': 'backspace', '\b': 'backspace', '\u001b': 'escape' };

/** One key as the reducer hears it: its name, and the text it types. */
export interface KeyPress {
  readonly name: string;
  readonly text: string;
}

/**
 * ink hands a run of characters typed or pasted together (`jjj`, `e\r`) over as one input: split it into one
 * key press each, so that no key is lost and each sees the state the previous one left.
 */
export function keyPresses(input: string, key: KeyFlags): KeyPress[] {
  const name = keyName(input, key);
  if (name !== input || [...input].length <= 1) return [{ name, text: input }];
  return [...input].map((c) => ({ name: NAMED_CHARACTERS[c] ?? c, text: c }));
}

export function commandFor(name: string, view: ViewKind): Command | null {
  for (const binding of KEY_TABLE) {
    if (binding.views.includes(view) && binding.keys.includes(name)) return binding.command;
  }
  return null;
}

export function bindingsFor(view: ViewKind): KeyBinding[] {
  return KEY_TABLE.filter((b) => b.views.includes(view));
}
