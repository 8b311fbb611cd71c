// `novatrace follow` on a terminal: the analyze UI, live. Operations appear when first recognized and change in
// place; a status line says what is followed, how fast lines come and how far behind the reader is.

import { useMemo, useSyncExternalStore } from 'react';
import type { LiveSink, LiveStatus, LiveView } from '../live/live-sink.js';
import { App } from './components/app.js';
import { LiveStore } from './live-store.js';
import type { LiveSnapshot } from './live-store.js';
import { buildModel } from './model.js';
import { keyboard, mount } from './run-tui.js';
import { colorsEnabled } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';

function LiveRoot({ store, colors }: { readonly store: LiveStore; readonly colors: boolean }) {
  const snap = useSyncExternalStore(store.subscribe, store.get);
  const model = useMemo(
    () => buildModel(snap.operations, snap.unattached, snap.parse, undefined, { states: snap.states, status: snap.status }),
    [snap],
  );
  return <App model={model} size={useTerminalSize()} colors={colors} />;
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function statusText(s: LiveStatus, note: string | null): string {
  const t = s.totals;
  const behind = s.behindMs === null ? '-'
    : s.behindMs < 60_000 ? `${(s.behindMs / 1000).toFixed(1)} s`
      : s.behindMs < 2 * 86_400_000 ? `${Math.round(s.behindMs / 60_000)} min` : `${Math.round(s.behindMs / 86_400_000)} days`;
  const parts = [
    `following ${t.files} ${t.files === 1 ? 'file' : 'files'}`, `${NUMBER.format(s.linesPerSecond)} lines/s`, `behind ${behind}`,
    `${t.open} open`, `${t.finished} finished`,
  ];
  if (t.dropped > 0) parts.push(`${t.dropped} dropped (--keep)`);
  if (t.evicted > 0) parts.push(`${t.evicted} finished early (memory bound)`);
  if (t.unparsed > 0) parts.push(`${t.unparsed} unparsed lines`);
  if (note !== null) parts.push(note);
  return parts.join(' · ');
}

/** Until following has started, the status line says so: a line written before then may not be read. */
const STARTING = 'starting: opening the files';

function snapshotOf(view: LiveView, status: LiveStatus, note: string | null, ready: boolean): LiveSnapshot {
  const { operations, states } = view.snapshot();
  const t = status.totals;
  return {
    operations, states, unattached: [], status: ready ? statusText(status, note) : STARTING,
    parse: { files: t.files, lines: t.lines, entries: t.entries, continuations: 0, noise: 0, unparsed: t.unparsed },
  };
}

/** Null when no terminal can give keys (stdin carries the logs and /dev/tty cannot be opened). */
export async function uiSink(stdinHasLogs: boolean): Promise<LiveSink | null> {
  const keys = keyboard(stdinHasLogs);
  if (keys === null) return null;
  const store = new LiveStore({
    operations: [], states: new Map(), unattached: [], status: STARTING,
    parse: { files: 0, lines: 0, entries: 0, continuations: 0, noise: 0, unparsed: 0 },
  });
  const ui = mount(<LiveRoot store={store} colors={colorsEnabled(process.env)} />, keys);
  let note: string | null = null;
  let started = false;
  let last: { view: LiveView; status: LiveStatus } | null = null;
  const quit = ui.done.then(() => store.close());
  return {
    async ready() {
      started = true;
      if (last) store.publish(snapshotOf(last.view, last.status, note, started));
    },
    async events(_events, _now, view, status) {
      last = { view, status };
      store.publish(snapshotOf(view, status, note, started));
    },
    async warning(path, change, message) {
      note = `${change}: ${path}${change === 'unparsed' ? '' : ` (${message})`}`;
      if (last) store.publish(snapshotOf(last.view, last.status, note, started));
    },
    async status() {
      // The status line shows it already, redrawn with every batch of events.
    },
    async stopped(status) {
      // The input ended: the operations stay on screen until the user quits.
      if (last) store.publish(snapshotOf(last.view, status, 'input ended; q quits', true));
      await quit;
    },
    quit,
  };
}
