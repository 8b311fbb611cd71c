// The HTML page as text: every operation a row and a section, log text escaped (a `<script>` in a message is text),
// and nothing it could load: its one script and stylesheet are inline and allowed by their hashes, nothing else.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { html, renderHtml } from '../../src/export/html.js';
import type { Operation } from '../../src/model/operation.js';
import { T0, operation } from '../ui/sample-model.js';
import { analyzed } from './operations.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & \u202e';

function hostileOp(): Operation {
  const op = operation({
    type: 'boot', instance: '4f1713a9-2ad0-4dce-8b3d-30dea178e0a5', request: 'req-c354514b-0c97-415e-ba7f-18750569f103', outcome: 'failed', start: 0, end: 2_000,
    hosts: ['cmp1'],
    phases: [{ service: 'compute', host: 'cmp1', component: null, start: T0, end: T0 + 2_000, waitMs: null, entries: 3, spans: [{ start: T0, end: T0 + 2_000 }] }],
    events: [{ time: T0 + 1_000, service: 'compute', host: 'cmp1', name: 'spawn-failed', message: HOSTILE }],
    error: { time: T0 + 1_500, service: 'compute', host: 'cmp1', message: HOSTILE, traceback: ['Traceback (most recent call last):', `  ${HOSTILE}`], location: null, file: '/logs/n-cpu.log', line: 7 },
  });
  return { ...op, failureEvidence: [{ time: T0 + 1_500, service: 'compute', host: 'cmp1', level: 'ERROR', message: HOSTILE, location: null, file: '/logs/n-cpu.log', line: 7 }] };
}

const TOTALS = { files: 1, lines: 10, entries: 10, continuations: 0, noise: 0, unparsed: 0 };

describe('renderHtml', () => {
  it('shows hostile log text as text: no markup of its own, control and invisible characters visible', () => {
    const page = renderHtml({ operations: [hostileOp()], unattached: [], files: [], totals: TOTALS, warnings: [HOSTILE], generated: T0 });
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('\u202e');
    const shown = html(HOSTILE);
    expect(shown).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; \\u202e');
    // In the key events, the failure evidence, the first error, its traceback and the warnings.
    expect(page.split(shown).length - 1).toBeGreaterThanOrEqual(5);
  });

  it('begins no line with `::` that GitHub Actions would read as a workflow command, whatever a traceback holds', () => {
    const op = hostileOp();
    const error = { ...(op.error as NonNullable<Operation['error']>), traceback: ['::add-mask::secret', '  ::error file=x::boom', 'x'] };
    const page = renderHtml({ operations: [{ ...op, error }], unattached: [], files: [], totals: TOTALS, warnings: ['::warning::w'], generated: T0 });
    expect(page).toContain('<pre class="traceback">&#58;:add-mask::secret\n  &#58;:error file=x::boom\nx</pre>');
    expect(page).not.toMatch(/^\s*::/m);
  });

  it('loads nothing: a Content-Security-Policy of none but its own script and style, by their hashes', () => {
    const page = renderHtml({ operations: [hostileOp()], unattached: [], files: [], totals: TOTALS, warnings: [], generated: T0 });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    const hash = (tag: string): string => {
      const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(page)?.[1] ?? '';
      return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    };
    expect(csp.split('; ').sort()).toEqual([
      "base-uri 'none'", "default-src 'none'", "form-action 'none'", `script-src ${hash('script')}`, `style-src ${hash('style')}`,
    ].sort());
    // No tag with a source, a link out of the page or a style attribute (the hashes do not allow those); no CSS fetch.
    // (Attribute values emptied first: the filter's data-search holds escaped log text, ` src=x` among it.)
    const tags = page.replace(/="[^"]*"/g, (v) => (v.startsWith('="#') ? v : '=""'));
    expect(tags).not.toMatch(/<[^>]*\s(?:src|style|srcset|action)=|<[^>]*\shref=""|url\(|@import/);
  });

  it('has a row and a section per operation of the fixtures, each failed one with its traceback', async () => {
    const analysis = await analyzed('fixtures/zed-boot', 'fixtures/operations/boot-failed-zed', 'fixtures/operations/stop-rejected-zed');
    const ops = analysis.operations;
    const page = renderHtml({ operations: ops, unattached: analysis.unattached, files: analysis.fileStats, totals: analysis.parse, warnings: [], generated: T0 });
    const rows = [...page.matchAll(/<tr data-i="(\d+)" data-op="([\w-]+)" data-outcome="(\w+)"/g)];
    expect(rows.map((m) => m[3])).toEqual(ops.map((op) => op.outcome));
    for (const m of rows) expect(page).toContain(`<article class="op o-${m[3] as string}" id="${m[2] as string}"`);
    const failed = ops.filter((op) => op.error !== null && op.error.traceback.length > 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const op of failed) expect(page).toContain(html(op.error?.traceback.at(-1) ?? ''));
    for (const f of analysis.fileStats) expect(page).toContain(`<td class="mono">${html(f.path)}</td>`);
    // A waterfall per timed operation, a bar per span of each phase.
    expect(page.match(/<svg class="waterfall"/g)).toHaveLength(ops.filter((op) => op.timed).length);
    expect(page.match(/<rect class="span"/g)).toHaveLength(ops.reduce((n, op) => n + op.phases.reduce((k, p) => k + p.spans.length, 0), 0));
  });
});
