// Following one file while it is appended to: batches of lines, lines written in pieces, UTF-8 cut between
// writes, CRLF, where following starts (fromStart) and the line numbers it gives.

import { appendFileSync, closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import { Follow, expectExactly, followLog, novaLine, novaLines, stopAll, tempDir, text } from './follow-harness.js';

afterEach(stopAll);

describe('following appends', () => {
  it('sees several writes of several lines, each line once, in order, numbered', async () => {
    const { path, follow } = await followLog('n-cpu.log');
    const expected: string[] = [];
    for (let write = 0; write < 5; write++) {
      const lines = novaLines('a', write * 7, 7);
      expected.push(...lines);
      appendFileSync(path, text(lines));
      await follow.waitForLines(expected.length, path);
    }
    expectExactly(follow, path, expected);
    expect(follow.lines(path).map((l) => l.line)).toEqual(expected.map((_, k) => k + 1));
  });

  it('joins a line written in two pieces, and a multi-byte character cut between writes', async () => {
    const { path, follow } = await followLog('n-cpu.log');
    const first = novaLine('p', 0);
    const second = `${novaLine('p', 1)} → instance café`;
    appendFileSync(path, `${first}\n${second.slice(0, 40)}`);
    await follow.waitForLines(1, path);
    const rest = Buffer.from(`${second.slice(40)}\n`);
    const cut = rest.indexOf(Buffer.from('é')) + 1; // inside the 2 bytes of "é"
    appendFileSync(path, rest.subarray(0, cut));
    // Not a synchronisation (nothing is asserted about timing): a pause makes the follower most likely read the
    // half character on its own. The splitter's own tests cut it deterministically.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(follow.lines(path)).toHaveLength(1);
    appendFileSync(path, rest.subarray(cut));
    await follow.waitForLines(2, path);
    expectExactly(follow, path, [first, second]);
  });

  it('drops the \\r of CRLF line ends', async () => {
    const { path, follow } = await followLog('n-api.log');
    appendFileSync(path, novaLines('c', 0, 3).map((l) => `${l}\r\n`).join(''));
    await follow.waitForLines(3, path);
    expectExactly(follow, path, novaLines('c', 0, 3));
  });

  it('fromStart: true reads what is there first, then what is appended', async () => {
    const { path, follow } = await followLog('n-cpu.log', { fromStart: true, content: text(novaLines('s', 0, 100)) });
    appendFileSync(path, text(novaLines('s', 100, 5)));
    await follow.waitForLines(105, path);
    expectExactly(follow, path, novaLines('s', 0, 105));
    expect(follow.lines(path)[100]?.line).toBe(101);
  });

  it('fromStart: false shows no old line, numbers new ones after the old, and waits for an unfinished last line', async () => {
    const unfinished = novaLine('e', 100);
    const { path, follow } = await followLog('n-cpu.log', { content: `${text(novaLines('e', 0, 100))}${unfinished.slice(0, 30)}` });
    appendFileSync(path, `${unfinished.slice(30)}\n${text(novaLines('e', 101, 4))}`);
    await follow.waitForLines(5, path);
    expectExactly(follow, path, novaLines('e', 100, 5));
    expect(follow.lines(path).map((l) => l.line)).toEqual([101, 102, 103, 104, 105]);
  });

  it('streams a file larger than a read in batches of about 1 MiB, every line once', async () => {
    const path = join(tempDir('big'), 'n-cpu.log');
    const lines = novaLines('b', 0, 40_000); // about 12 MB of real lines (9 MB of the two fallback lines in a user's clone)
    writeFileSync(path, text(lines));
    const bytes = Buffer.byteLength(text(lines));
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
    const follow = new Follow([path], { fromStart: true });
    await follow.waitForLines(lines.length, path);
    expectExactly(follow, path, lines);
    const batches = follow.events.filter((e) => e.type === 'lines' && e.path === path);
    // No read larger than about 1 MiB: at least one batch per whole MiB of the file.
    expect(batches.length).toBeGreaterThanOrEqual(Math.floor(bytes / (1024 * 1024)));
    // One read's bytes, plus the line the previous read had begun.
    const longest = Math.max(...lines.map((l) => Buffer.byteLength(l) + 1));
    for (const batch of batches) {
      if (batch.type === 'lines') expect(Buffer.byteLength(text(batch.lines))).toBeLessThanOrEqual(1024 * 1024 + longest);
    }
  });

  it('reads no further than the consumer pulls (back-pressure)', async () => {
    const path = join(tempDir('pull'), 'n-cpu.log');
    const lines = novaLines('bp', 0, 40_000);
    writeFileSync(path, text(lines));
    const controller = new AbortController();
    const iterator = followPaths([path], { fromStart: true, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'ready' });
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'lines', firstLine: 1 });
    // Rewritten in place (same length) after the first batch was taken: a follower that had read ahead would
    // hand on the old text of the last line.
    const last = lines.length - 1;
    const changed = (lines[last] ?? '').replace('#bp-', '#BP-');
    const fd = openSync(path, 'r+');
    writeSync(fd, changed, Buffer.byteLength(text(lines.slice(0, last))));
    closeSync(fd);
    const seen = first.value?.type === 'lines' ? [...first.value.lines] : [];
    while (seen.length < lines.length) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.type === 'lines') seen.push(...next.value.lines);
    }
    controller.abort();
    await iterator.return?.();
    expect(seen.at(-1)).toBe(changed);
    expect(seen.slice(0, -1)).toEqual(lines.slice(0, -1));
  });

  it('keeps a 10 MB line whole when maxLine allows it', async () => {
    const { path, follow } = await followLog('n-cpu.log', { maxLine: 16 * 1024 * 1024 });
    const long = `${novaLine('l', 0)} ${'x'.repeat(10 * 1024 * 1024)}`;
    appendFileSync(path, text([long, novaLine('l', 1)]));
    await follow.waitForLines(2, path);
    expect(follow.texts(path).map((t) => t.length)).toEqual([long.length, novaLine('l', 1).length]);
    expect(follow.texts(path)[0] === long).toBe(true);
    expect(follow.events.some((e) => e.type === 'lines' && e.cut !== undefined)).toBe(false);
  });

  it('cuts a 10 MB line at the default maxLine (1 MB) and names it; the next line is whole', async () => {
    const { path, follow } = await followLog('n-cpu.log');
    const long = `${novaLine('l', 0)} ${'x'.repeat(10 * 1024 * 1024)}`;
    appendFileSync(path, text([novaLine('l', 1), long, novaLine('l', 2)]));
    await follow.waitForLines(3, path);
    expectExactly(follow, path, [novaLine('l', 1), long.slice(0, 1024 * 1024), novaLine('l', 2)]);
    expect(follow.events.flatMap((e) => (e.type === 'lines' ? e.cut ?? [] : []))).toEqual([{ line: 2, bytes: long.length }]);
  });
});
