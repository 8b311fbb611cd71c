// The HTML report's one stylesheet and one script, inline: the page loads nothing. Its Content-Security-Policy
// allows exactly these two by their hashes, so that a log line that got past the escaping still could not run.

export const STYLE = `
:root { --ok: #2e7d32; --bad: #c62828; --rej: #ef6c00; --inc: #6d6d6d; --line: #d0d4da; --muted: #5f6670; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1280px; color: #1d2127; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
code, pre, .mono, td.mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eceef1; vertical-align: top; }
thead th { background: #f4f5f7; position: sticky; top: 0; }
#ops thead th { cursor: pointer; user-select: none; white-space: nowrap; }
#ops thead th:hover, #ops thead th:focus-visible { background: #e7e9ee; }
th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 10px; }
th[aria-sort=descending]::after { content: " \\25BC"; font-size: 10px; }
#ops tbody tr:hover { background: #f7f9fc; }
td.num, th.num { text-align: right; }
table.events td:nth-child(-n+3) { white-space: nowrap; }
.muted { color: var(--muted); }
.outcome { font-weight: 600; }
span.o-succeeded { color: var(--ok); } span.o-failed { color: var(--bad); } span.o-rejected { color: var(--rej); } span.o-incomplete { color: var(--inc); }
.controls { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.controls input { width: 360px; padding: 4px 8px; font: inherit; }
.controls select { padding: 3px 6px; font: inherit; }
.summary span { margin-right: 14px; }
article.op { border: 1px solid var(--line); border-left: 5px solid var(--inc); border-radius: 4px; padding: 10px 14px; margin: 14px 0; }
article.op.o-succeeded { border-left-color: var(--ok); } article.op.o-failed { border-left-color: var(--bad); } article.op.o-rejected { border-left-color: var(--rej); }
article.op dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 4px 0 8px; }
article.op dt { color: var(--muted); } article.op dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #f6f7f9; border: 1px solid #e3e6ea; padding: 8px; overflow-x: auto; white-space: pre; margin: 4px 0; }
pre.traceback { background: #fff5f5; border-color: #f3c7c7; max-height: 420px; overflow: auto; }
ul.lines { margin: 4px 0; padding-left: 18px; } ul.lines li { overflow-wrap: anywhere; }
svg.waterfall { width: 100%; height: auto; display: block; margin: 6px 0; }
svg.waterfall text { font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; fill: #333; }
svg.waterfall .axis { stroke: #c9cdd3; stroke-width: 1; }
svg.waterfall .end { stroke: #555; stroke-width: 1; stroke-dasharray: 3 3; }
svg.waterfall .extent { fill: #dde3ea; }
svg.waterfall .span { fill: #5b8def; }
svg.waterfall .s-api .span { fill: #7e57c2; } svg.waterfall .s-conductor .span { fill: #00897b; }
svg.waterfall .s-scheduler .span { fill: #f9a825; } svg.waterfall .s-compute .span { fill: #1e88e5; } svg.waterfall .s-other .span { fill: #8d6e63; }
svg.waterfall .event { stroke: #222; stroke-width: 1.5; }
svg.waterfall .error { fill: var(--bad); }
.warnings li { color: #7a4b00; }
[hidden] { display: none !important; }
`;

export const SCRIPT = `
(() => {
  const table = document.getElementById('ops');
  if (!table) return;
  const body = table.tBodies[0];
  const filter = document.getElementById('filter');
  const outcome = document.getElementById('outcome');
  const shown = document.getElementById('shown');
  let sortColumn = -1;
  let direction = 1;
  const value = (row, i, numeric) => {
    const cell = row.cells[i];
    const v = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent;
    if (!numeric) return v.toLowerCase();
    return v === '' ? -Infinity : Number(v);
  };
  const sort = (th) => {
    const i = th.cellIndex;
    const numeric = th.dataset.type === 'num';
    direction = sortColumn === i ? -direction : 1;
    sortColumn = i;
    for (const h of table.tHead.rows[0].cells) h.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', direction > 0 ? 'ascending' : 'descending');
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = value(a, i, numeric);
      const y = value(b, i, numeric);
      return (x < y ? -1 : x > y ? 1 : 0) * direction || Number(a.dataset.i) - Number(b.dataset.i);
    });
    body.append(...rows);
  };
  table.tHead.addEventListener('click', (event) => {
    const th = event.target.closest('th');
    if (th) sort(th);
  });
  // The headers are focusable: Enter or Space sorts, as a click does.
  table.tHead.addEventListener('keydown', (event) => {
    const th = event.target.closest('th');
    if (th && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      sort(th);
    }
  });
  const apply = () => {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    const want = outcome.value;
    let n = 0;
    for (const row of body.rows) {
      const text = row.textContent.toLowerCase() + ' ' + (row.dataset.search || '');
      const keep = (want === '' || row.dataset.outcome === want) && words.every((w) => text.includes(w));
      row.hidden = !keep;
      const detail = document.getElementById(row.dataset.op);
      if (detail) detail.hidden = !keep;
      if (keep) n++;
    }
    shown.textContent = n + ' of ' + body.rows.length + ' shown';
  };
  filter.addEventListener('input', apply);
  outcome.addEventListener('change', apply);
  apply();
})();
`;
