// Opens the terminal UI on the alternate screen (as less, htop and lnav do: the shell's screen comes back
// untouched on exit). The only place a terminal is taken over.

import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { App } from './components/app.js';
import { Starting } from './components/starting.js';
import type { UiModel } from './model.js';
import type { StartupStore } from './startup-store.js';
import { ALT_SCREEN_OFF, ALT_SCREEN_ON } from './first-frame.js';
import { colorsEnabled } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';

function Root({ model, colors }: { readonly model: UiModel; readonly colors: boolean }) {
  return <App model={model} size={useTerminalSize()} colors={colors} />;
}

function StartingRoot({ store, colors }: { readonly store: StartupStore; readonly colors: boolean }) {
  return <Starting store={store} size={useTerminalSize()} colors={colors} />;
}


export interface Mounted {
  /** Resolves when the user quits (q on the list, Ctrl-C). */
  readonly done: Promise<void>;
  close(): void;
}

/**
 * Keys come from stdin, or from the terminal itself when stdin carries the logs (`journalctl -f | novatrace
 * follow -`). Null when there is no terminal to read keys from.
 */
export function keyboard(stdinHasLogs: boolean): NodeJS.ReadStream | null {
  if (!stdinHasLogs) return process.stdin;
  try {
    return new ReadStream(openSync('/dev/tty', 'r')) as unknown as NodeJS.ReadStream;
  } catch {
    return null;
  }
}

export function mount(element: ReactElement, stdin: NodeJS.ReadStream = process.stdin): Mounted {
  const stdout = process.stdout;
  stdout.write(ALT_SCREEN_ON);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(ALT_SCREEN_OFF);
  };
  process.once('exit', restore);
  const app = render(element, { stdin, exitOnCtrlC: true, patchConsole: false });
  const done = app.waitUntilExit().then(() => undefined, () => undefined).finally(() => {
    app.cleanup();
    process.off('exit', restore);
    restore();
    if (stdin !== process.stdin) stdin.destroy();
  });
  return { done, close: () => app.unmount() };
}

export async function runTui(model: UiModel): Promise<void> {
  await mount(<Root model={model} colors={colorsEnabled(process.env)} />).done;
}

/**
 * Opens the UI before there is anything to list: the first frame is the progress of reading (analyze reports it to
 * `store`), then the list once `store.ready(model)`. Quitting before then aborts `store.quit`.
 */
export function mountStarting(store: StartupStore): Mounted {
  const mounted = mount(<StartingRoot store={store} colors={colorsEnabled(process.env)} />);
  void mounted.done.then(() => store.quit.abort());
  return mounted;
}
