// The UI while analyze reads: the progress frame, then the app once the model is there. q and Ctrl-C quit meanwhile.

import { useApp, useInput } from 'ink';
import { useSyncExternalStore } from 'react';
import { keyPresses } from '../keys.js';
import type { Size } from '../layout.js';
import { loadingScreen } from '../screens/loading-screen.js';
import type { StartupStore } from '../startup-store.js';
import { App } from './app.js';
import { Frame } from './frame.js';

export interface StartingProps {
  readonly store: StartupStore;
  readonly size: Size;
  readonly colors: boolean;
}

function Loading({ store, size, colors }: StartingProps) {
  const { progress } = useSyncExternalStore(store.subscribe, store.get);
  return <Frame lines={loadingScreen(progress, size)} colors={colors} />;
}

export function Starting(props: StartingProps) {
  const { store } = props;
  const { exit } = useApp();
  const { model } = useSyncExternalStore(store.subscribe, store.get);
  // One key handler from the progress frame until the list hears keys itself. The list is drawn in the commit that
  // replaces the frame but hears keys only once React runs its effects: a key pressed in between is kept for it
  // (StartupStore.typeAhead). And a handler that lived only as long as the frame would let ink turn the terminal's raw
  // mode off between the two, so that an Enter pressed then reached the list as a line feed (1 run in 8 of bench:ui).
  useInput((input, key) => {
    const presses = keyPresses(input, key);
    if (store.get().model !== null) store.typeAhead(presses);
    else if (presses.some((p) => p.name === 'q')) exit();
  });
  return model === null ? <Loading {...props} /> : <App model={model} size={props.size} colors={props.colors} typedAhead={store.takeTyped} />;
}
