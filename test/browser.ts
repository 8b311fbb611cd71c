// Headless Chromium driven through the Chrome DevTools Protocol over --remote-debugging-pipe (fd 3 in, fd 4 out,
// NUL-terminated JSON): no WebSocket, no puppeteer, no browser download. Used by the HTML export's system test.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The Chromium binary on PATH (Debian's `chromium`), or $CHROMIUM; null when there is none. */
export function findChromium(): string | null {
  const given = process.env['CHROMIUM'];
  if (given !== undefined && given !== '') return given;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

type Params = Record<string, unknown>;
interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Params;
  readonly result?: Params;
  readonly error?: { message: string };
  readonly sessionId?: string;
}

export class Browser {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  /** Every event the browser sent, in order. */
  readonly events: Message[] = [];
  private buffer = '';

  private constructor(private readonly child: ChildProcess, private readonly profile: string) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined) {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiting?.reject(new Error(message.error.message));
          else waiting?.resolve(message.result ?? {});
        } else {
          this.events.push(message);
          for (const l of [...this.listeners]) l(message);
        }
      }
    });
  }

  static launch(binary: string, width = 1300, height = 1800): Browser {
    const profile = mkdtempSync(join(tmpdir(), 'novatrace-chromium-'));
    const child = spawn(binary, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--mute-audio',
      `--window-size=${width},${height}`, `--user-data-dir=${profile}`, '--remote-debugging-pipe',
    ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    return new Browser(child, profile);
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });
  }

  /** The first event (already sent or to come) that `test` accepts; rejects after `ms`. */
  waitFor(test: (m: Message) => boolean, ms = 30_000): Promise<Message> {
    const seen = this.events.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such DevTools event within ${ms} ms`)), ms);
      const listener = (m: Message): void => {
        if (!test(m)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }

  /** A new page, attached (flat session), with the Page, Runtime, Network and Log domains on. */
  async page(): Promise<Page> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
    const page = new Page(this, sessionId);
    await Promise.all(['Page.enable', 'Runtime.enable', 'Network.enable', 'Log.enable'].map((m) => page.send(m)));
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(private readonly browser: Browser, readonly sessionId: string) {}

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** This page's events so far. */
  events(method: string): Params[] {
    return this.browser.events.filter((m) => m.sessionId === this.sessionId && m.method === method).map((m) => m.params ?? {});
  }

  async goto(url: string): Promise<void> {
    const loaded = this.browser.waitFor((m) => m.sessionId === this.sessionId && m.method === 'Page.loadEventFired');
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** The value of a JavaScript expression in the page (JSON-serializable). */
  async eval<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.text}: ${expression}`);
    return r.result.value;
  }

  /** Waits until the expression is true in the page (polled), or fails after `ms`. */
  async until(expression: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await this.eval<boolean>(expression))) {
      if (Date.now() > deadline) throw new Error(`still false after ${ms} ms: ${expression}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** A real mouse click at the middle of the first element `selector` finds (scrolled into view first). */
  async click(selector: string): Promise<void> {
    const box = await this.eval<{ x: number; y: number } | null>(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null;
      e.scrollIntoView({ block: 'center' }); const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`);
    if (box === null) throw new Error(`no element ${selector}`);
    for (const type of ['mousePressed', 'mouseReleased']) await this.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
  }

  /** Types text into the focused element as a keyboard would (input events fire). */
  async type(text: string): Promise<void> {
    await this.send('Input.insertText', { text });
  }

  /** A PNG of the whole page. */
  async screenshot(): Promise<Buffer> {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }) as { data: string };
    return Buffer.from(data, 'base64');
  }
}
