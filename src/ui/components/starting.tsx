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
  const { exit } = useApp();
  const { progress } = useSyncExternalStore(store.subscribe, store.get);
  useInput((input, key) => {
    if (keyPresses(input, key).some((p) => p.name === 'q')) exit();
  });
  return <Frame lines={loadingScreen(progress, size)} colors={colors} />;
}

export function Starting(props: StartingProps) {
  const { model } = useSyncExternalStore(props.store.subscribe, props.store.get);
  return model === null ? <Loading {...props} /> : <App model={model} size={props.size} colors={props.colors} />;
}
