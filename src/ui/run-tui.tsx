// Opens the terminal UI on the alternate screen (as less, htop and lnav do: the shell's screen comes back
// untouched on exit) and resolves when the user quits. The only place a terminal is taken over.

import { render } from 'ink';
import { App } from './components/app.js';
import type { UiModel } from './model.js';
import { colorsEnabled } from './theme.js';
import { useTerminalSize } from './use-terminal-size.js';

function Root({ model, colors }: { readonly model: UiModel; readonly colors: boolean }) {
  return <App model={model} size={useTerminalSize()} colors={colors} />;
}

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H';
const ALT_SCREEN_OFF = '\u001b[?1049l';

export async function runTui(model: UiModel): Promise<void> {
  const stdout = process.stdout;
  stdout.write(ALT_SCREEN_ON);
  const restore = (): void => {
    stdout.write(ALT_SCREEN_OFF);
  };
  process.once('exit', restore);
  const app = render(<Root model={model} colors={colorsEnabled(process.env)} />, { exitOnCtrlC: true, patchConsole: false });
  try {
    await app.waitUntilExit();
  } finally {
    app.cleanup();
    process.off('exit', restore);
    restore();
  }
}
