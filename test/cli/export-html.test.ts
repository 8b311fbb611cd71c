// The HTML export opened in headless Chromium (driven over the DevTools protocol, test/browser.ts) and checked
// through its DOM: a row per operation, a failed one's traceback, sorting by a click on a header, filtering by
// typing and by outcome, a `<script>` in a log line shown as text and never run, and no request but the page's own.
// CI must run it (.ci/run installs chromium); elsewhere it is skipped, with the reason printed, when there is none.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeRecord, OperationRecord } from '../../src/model/records.js';
import { ROOT, runCli } from '../helpers.js';
import { Browser, findChromium } from '../browser.js';
import type { Page } from '../browser.js';

const CHROMIUM = findChromium();
if (CHROMIUM === null && process.env['CI']) throw new Error('CI must run the HTML export\'s browser test, but no chromium is on PATH (.ci/run installs it)');
if (CHROMIUM === null) console.warn('HTML export browser test skipped: no chromium on PATH (apt-get install chromium; CI installs it)');

const HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';

describe.skipIf(CHROMIUM === null)('the HTML export in a browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'novatrace-html-'));
  let browser: Browser;
  let page: Page;
  let ops: readonly OperationRecord[];
  let url: string;

  beforeAll(async () => {
    // A failed boot whose compute ERROR line (its first failure) ends with markup, beside other real operations.
    const failed = join(dir, 'boot-failed-zed');
    cpSync(join(ROOT, 'fixtures/operations/boot-failed-zed'), failed, { recursive: true });
    const cpu = join(failed, 'n-cpu-node1.log');
    const lines = readFileSync(cpu, 'utf8').split('\n');
    const at = lines.findIndex((l) => / ERROR nova\.compute\.manager \[None req-/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    lines[at] = `${lines[at] as string} ${HOSTILE}`;
    writeFileSync(cpu, lines.join('\n'));
    const paths = ['fixtures/zed-boot', failed, 'fixtures/operations/stop-rejected-zed', 'fixtures/operations/evacuate-zed'];
    const analyzed = await runCli(['analyze', '--json', ...paths]);
    ops = (JSON.parse(analyzed.stdout) as AnalyzeRecord).operations;
    const file = join(dir, 'report.html');
    const exported = await runCli(['export', '--format', 'html', '-o', file, ...paths]);
    expect(exported.code).toBe(0);
    url = pathToFileURL(file).href;
    browser = Browser.launch(CHROMIUM as string);
    page = await browser.page();
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const column = (i: number, attribute = false): Promise<string[]> =>
    page.eval(`[...document.querySelectorAll('#ops tbody tr')].filter((r) => !r.hidden).map((r) => ${attribute ? `r.cells[${i}].dataset.v` : `r.cells[${i}].textContent`})`);

  it('lists every operation analyze finds, in start order', async () => {
    expect(ops.length).toBe(5);
    expect(await column(7)).toEqual(ops.map((op) => op.requestIds[0]));
    expect(await page.eval('[...document.querySelectorAll("#ops tbody tr")].map((r) => r.dataset.outcome)')).toEqual(ops.map((op) => op.outcome));
  });

  it('shows a failed operation\'s traceback, and the markup in its log line as text that never ran', async () => {
    const failed = ops.find((op) => op.outcome === 'failed');
    const traceback = failed?.error?.traceback ?? [];
    expect(traceback.length).toBeGreaterThan(0);
    expect(await page.eval('document.querySelector("article.o-failed pre.traceback").textContent')).toBe(traceback.join('\n'));
    expect(failed?.error?.message).toContain(HOSTILE);
    expect(await page.eval('document.querySelector("article.o-failed").textContent')).toContain(HOSTILE);
    expect(await page.eval('window.pwned === undefined && document.querySelectorAll("img").length === 0 && document.scripts.length === 1')).toBe(true);
  });

  it('sorts by a click on a header, and back by a second', async () => {
    const byDuration = [...ops].sort((a, b) => (a.durationMs ?? 0) - (b.durationMs ?? 0)).map((op) => op.requestIds[0]);
    await page.click('#ops thead th:nth-child(6)');
    await page.until('document.querySelector("#ops thead th:nth-child(6)").getAttribute("aria-sort") === "ascending"');
    expect(await column(7)).toEqual(byDuration);
    await page.click('#ops thead th:nth-child(6)');
    await page.until('document.querySelector("#ops thead th:nth-child(6)").getAttribute("aria-sort") === "descending"');
    expect(await column(7)).toEqual([...byDuration].reverse());
    await page.click('#ops thead th:nth-child(1)');
    await page.until('document.querySelector("#ops thead th:nth-child(1)").getAttribute("aria-sort") === "ascending"');
    expect(await column(7)).toEqual(ops.map((op) => op.requestIds[0]));
  });

  it('sorts from the keyboard too: Enter on a focused header', async () => {
    const byType = ops.map((op, i) => ({ op, i })).sort((a, b) => (a.op.type < b.op.type ? -1 : a.op.type > b.op.type ? 1 : a.i - b.i)).map(({ op }) => op.requestIds[0]);
    await page.eval('(() => { document.querySelector("#ops thead th:nth-child(2)").focus(); return true; })()');
    for (const type of ['keyDown', 'keyUp']) await page.send('Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    await page.until('document.querySelector("#ops thead th:nth-child(2)").getAttribute("aria-sort") === "ascending"');
    expect(await column(7)).toEqual(byType);
    await page.click('#ops thead th:nth-child(1)');
    await page.until('document.querySelector("#ops thead th:nth-child(1)").getAttribute("aria-sort") === "ascending"');
  });

  it('filters by what is typed in the box, and by outcome', async () => {
    const evacuate = ops.find((op) => op.type === 'evacuate');
    const request = evacuate?.requestIds[0] as string;
    await page.click('#filter');
    await page.type(request.slice(4, 16));
    await page.until('document.querySelectorAll("#ops tbody tr:not([hidden])").length === 1');
    expect(await column(7)).toEqual([request]);
    expect(await page.eval('[...document.querySelectorAll("article.op")].filter((a) => !a.hidden).map((a) => a.dataset.outcome)')).toEqual([evacuate?.outcome]);
    expect(await page.eval('document.getElementById("shown").textContent')).toBe(`1 of ${ops.length} shown`);
    // Cleared, then every rejected or failed one by the outcome list.
    await page.eval('(() => { const f = document.getElementById("filter"); f.select(); return true; })()');
    await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 });
    await page.until(`document.querySelectorAll("#ops tbody tr:not([hidden])").length === ${ops.length}`);
    await page.eval('(() => { const s = document.getElementById("outcome"); s.value = "rejected"; s.dispatchEvent(new Event("change")); return true; })()');
    await page.until('document.querySelectorAll("#ops tbody tr:not([hidden])").length !== ' + ops.length);
    expect(await column(7)).toEqual(ops.filter((op) => op.outcome === 'rejected').map((op) => op.requestIds[0]));
    await page.eval('(() => { const s = document.getElementById("outcome"); s.value = ""; s.dispatchEvent(new Event("change")); return true; })()');
  });

  it('requests nothing but itself, and breaks none of its own policy', async () => {
    const requests = page.events('Network.requestWillBeSent').map((p) => (p['request'] as { url: string }).url);
    expect(requests).toEqual([url]);
    const refused = page.events('Log.entryAdded').map((p) => (p['entry'] as { text: string }).text).filter((t) => /Content Security Policy|Refused/i.test(t));
    expect(refused).toEqual([]);
    expect(page.events('Runtime.exceptionThrown')).toEqual([]);
    const shot = await page.screenshot();
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    // For a person to look at: NOVATRACE_SCREENSHOT=path keeps it.
    if (process.env['NOVATRACE_SCREENSHOT']) writeFileSync(process.env['NOVATRACE_SCREENSHOT'], shot);
  });
});
