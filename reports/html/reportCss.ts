/**
 * The report's one stylesheet, inlined into every page (file:// pages may not load anything).
 * Chinese system fonts first; the print part lays a lead page out on A4 without the controls.
 */
export const reportCss = `
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --accent:#b42318; --accent-bg:#fef3f2; --blue:#1f6feb; --mark:#ffe08a; }
* { box-sizing: border-box; }
html { font-family: "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif; color: var(--ink); font-size: 15px; line-height: 1.55; }
body { margin: 0; background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
header.bar { position: sticky; top: 0; z-index: 2; background: #24292f; color: #fff; padding: 8px 24px; display: flex; gap: 16px; align-items: center; }
header.bar a { color: #fff; }
header.bar .spacer { flex: 1; }
button, select, input { font: inherit; }
button { cursor: pointer; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: 3px 10px; }
header.bar button { background: #32383f; color: #fff; border-color: #57606a; }
h1 { font-size: 1.45rem; margin: 12px 0 6px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.02rem; margin: 20px 0 6px; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
.notice { background: var(--bg); border-left: 4px solid var(--muted); padding: 6px 12px; margin: 10px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: .8rem; border: 1px solid var(--line); background: var(--bg); white-space: nowrap; margin-right: 4px; }
.badge.new { background: #dafbe1; border-color: #4ac26b; }
.badge.status-confirmed { background: var(--accent-bg); border-color: var(--accent); color: var(--accent); }
.badge.status-reviewing { background: #fff8c5; border-color: #d4a72c; }
.badge.status-dismissed { background: #eaeef2; color: var(--muted); }
.score { font-variant-numeric: tabular-nums; font-weight: 600; }
.scorebar { display: inline-block; width: 60px; height: 8px; background: #eaeef2; border-radius: 4px; vertical-align: middle; margin-left: 6px; }
.scorebar i { display: block; height: 100%; background: var(--accent); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .88rem; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.records { width: auto; min-width: 60%; }
table.records th { white-space: nowrap; }
table.records td.short { white-space: nowrap; }
table.records td { padding: 3px 6px; }
table.records td.code { word-break: break-all; min-width: 7em; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .78rem; }
table.records td.text { min-width: 14em; }
.hit > details > summary { cursor: pointer; }
.hit > details > summary h3 { display: inline; }
.case-summary { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 6px 14px 10px; margin: 10px 0; }
.case-summary h3 { margin-top: 8px; }
.table-wrap { overflow-x: auto; }
mark { background: var(--mark); padding: 0 2px; border-radius: 2px; }
tr.hl td { background: #fffbe6; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; margin: 12px 0; }
.filters label { display: flex; gap: 4px; align-items: center; }
.filters input[type=search] { min-width: 260px; padding: 3px 8px; border: 1px solid var(--line); border-radius: 6px; }
#leads td.title a { font-weight: 600; }
.hit { border: 1px solid var(--line); border-radius: 8px; padding: 4px 14px 10px; margin: 14px 0; break-inside: auto; }
.hit h3 { margin-top: 10px; }
.facts { width: auto; min-width: 40%; }
.legal { background: var(--accent-bg); border-left: 4px solid var(--accent); padding: 4px 10px; margin: 8px 0; font-size: .9rem; }
.ids { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; word-break: break-all; }
figure { margin: 10px 0 16px; }
figure svg { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figcaption { font-size: .85rem; color: var(--muted); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 24px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
html[data-lang="en"] .zh { display: none; }
html:not([data-lang="en"]) .en { display: none; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10.5pt; }
  header.bar, .no-print, .filters { display: none !important; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  table, figure, .legal { break-inside: avoid; }
  table.records td.short { white-space: normal; }
  tr { break-inside: avoid; }
  .hit { border: none; padding: 0; }
  .table-wrap { overflow: visible; }
  figure svg { border: none; }
  mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
