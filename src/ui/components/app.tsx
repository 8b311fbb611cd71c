// The terminal UI: keys become actions of the pure view reducer; the current view's screen is drawn by Frame.
// Holds no state of its own besides the raw lines being read for the entry detail.

import { useApp, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { keyPresses } from '../keys.js';
import type { KeyPress } from '../keys.js';
import type { Size } from '../layout.js';
import { frameColumns } from '../layout.js';
import type { Line } from '../line.js';
import type { UiModel } from '../model.js';
import { detailLines, detailScreen } from '../screens/detail-screen.js';
import type { RawState } from '../screens/detail-screen.js';
import { errorsScreen, membersScreen } from '../screens/errors-screen.js';
import { helpScreen } from '../screens/help-screen.js';
import { hostScreen } from '../screens/host-screen.js';
import { listScreen } from '../screens/list-screen.js';
import { timelineScreen } from '../screens/timeline-screen.js';
import type { Action, ViewState } from '../view-state.js';
import { currentView, detailTarget, initialState, reduce } from '../view-state.js';
import { Frame } from './frame.js';
import { searchFor } from '../search.js';

export interface AppProps {
  readonly model: UiModel;
  readonly size: Size;
  readonly colors: boolean;
  /** Keys pressed before it heard keys itself (the start-up's progress frame kept them): heard first. */
  readonly typedAhead?: () => readonly KeyPress[];
}

function screen(model: UiModel, state: ViewState, detail: readonly Line[]): Line[] {
  if (state.help) return helpScreen(state);
  const view = currentView(state);
  switch (view.kind) {
    case 'list':
      return listScreen(model, state);
    case 'timeline':
      return timelineScreen(model, view, state);
    case 'detail':
      return detailScreen(model, view, detail, state);
    case 'errors':
      return errorsScreen(model, view, state);
    case 'members':
      return membersScreen(model, view, state);
    case 'host':
      return hostScreen(model, view, state);
  }
}

export function App({ model, size, colors, typedAhead }: AppProps) {
  const { exit } = useApp();
  const [state, dispatch] = useReducer((s: ViewState, a: Action) => reduce(model, s, a), size, initialState);
  const view = currentView(state);
  const target = view.kind === 'detail' ? detailTarget(model, view) : null;
  const entry = target?.entry ?? null;
  const [raw, setRaw] = useState<{ readonly entry: unknown; readonly lines: RawState }>({ entry: null, lines: null });
  const rawLines = raw.entry === entry ? raw.lines : null;

  useEffect(() => {
    dispatch({ type: 'resize', size });
  }, [size.columns, size.rows]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  // A kept analysis listed before its lines: a timeline opened meanwhile asks for its operation's lines first, and
  // when they come (alone, or with every other operation's) it goes where it would have opened.
  const opened = view.kind === 'timeline' ? model.byId.get(view.op) ?? null : null;
  const shown = useRef<{ readonly id: string | null; readonly entries: boolean }>({ id: null, entries: false });
  useEffect(() => {
    const id = opened?.id ?? null;
    const entries = opened !== null && opened.entries !== null;
    if (id !== null && shown.current.id === id && !shown.current.entries && entries) dispatch({ type: 'linesArrived' });
    shown.current = { id, entries };
    if (opened !== null && !entries && model.linesPending) model.wantLines(opened);
  }, [opened, model]);

  useEffect(() => {
    if (entry === null) return undefined;
    let live = true;
    model.readRaw(entry).then(
      (lines) => live && setRaw({ entry, lines: lines ?? 'none' }),
      () => live && setRaw({ entry, lines: 'none' }),
    );
    return () => {
      live = false;
    };
  }, [entry, model]);

  // Built once per entry, size and raw lines: drawn by the detail screen, and their count scrolled over by the reducer.
  const op = target?.op ?? null;
  const detail = useMemo(
    () => (entry === null ? [] : detailLines(op, entry, rawLines, frameColumns(state.size))),
    [op, entry, rawLines, state.size],
  );
  // Which of them the search matches, for n and N (the reducer knows only lines by number).
  const searchText = state.editing !== null && view.kind === 'detail' ? state.editing : state.search;
  const matches = useMemo(() => {
    const search = searchFor(searchText);
    if (search === null) return [];
    return detail.flatMap((line, i) => (search.test(line.map((s) => s.text).join('')) ? [i] : []));
  }, [detail, searchText]);
  useEffect(() => {
    dispatch({ type: 'detailLines', count: detail.length, matches });
  }, [detail.length, matches]);

  useEffect(() => {
    for (const press of typedAhead?.() ?? []) dispatch({ type: 'key', ...press });
  }, []);

  useInput((input, key) => {
    for (const press of keyPresses(input, key)) dispatch({ type: 'key', ...press });
  });

  return <Frame lines={screen(model, state, detail)} colors={colors} />;
}
