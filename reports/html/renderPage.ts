import { reportCss } from './reportCss.ts';
import { bi, esc } from './markup.ts';

/**
 * The language switch: Chinese by default, English on request, remembered in localStorage
 * (which a file:// page may be refused: then the choice lasts for the page only).
 */
const languageScript = `
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem('bidwatch-lang'); } catch (e) { saved = null; }
  if (saved === 'en') root.setAttribute('data-lang', 'en');
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest('[data-action="lang"]')) return;
    var next = root.getAttribute('data-lang') === 'en' ? 'zh' : 'en';
    root.setAttribute('data-lang', next);
    root.setAttribute('lang', next === 'en' ? 'en' : 'zh-CN');
    try { localStorage.setItem('bidwatch-lang', next); } catch (e) { /* file:// storage refused */ }
  });
  // A printed or saved page carries every hit's evidence: unfold them first.
  function unfold() { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); }
  window.addEventListener('beforeprint', unfold);
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest('[data-action="print"]')) { unfold(); window.print(); }
  });
})();
`;

export interface PageOptions {
  title: string;
  /** Relative link to the index (lead pages), or null on the index itself. */
  indexHref: string | null;
  body: string;
  /** Extra inline script (the index's filters). */
  script?: string;
  /**
   * Script files next to the page, loaded before `script` (the index's shared data). The page's
   * content security policy then allows scripts from its own folder ('self'); without them it
   * allows inline scripts only.
   */
  scriptFiles?: string[];
  /** Extra header content before the buttons (the review desk: who is signed in, sign out). */
  headerExtra?: string;
  /** The header's title when there is no index link (the review desk names itself). */
  brand?: string;
}

/** One complete, self-contained HTML page: inline CSS and JS, no external resource. */
export function renderPage({ title, indexHref, body, script, scriptFiles = [], headerExtra, brand }: PageOptions): string {
  const nav = indexHref
    ? `<a href="${esc(indexHref)}">${bi('← 返回线索列表', '← All leads')}</a>`
    : brand ?? `<strong>bidwatch</strong> ${bi('问题线索报告', 'case-lead report')}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'${scriptFiles.length > 0 ? " 'self'" : ''}; img-src data:">
<title>${esc(title)}</title>
<style>${reportCss}</style>
</head>
<body>
<header class="bar">${nav}<span class="spacer"></span>${headerExtra ?? ''}
<button type="button" data-action="print" class="no-print">${bi('打印 / PDF', 'Print / PDF')}</button>
<button type="button" data-action="lang" class="no-print" title="中文 / English">${bi('English', '中文')}</button>
</header>
<main>
${body}
</main>
<script>${languageScript}</script>
${scriptFiles.map((file) => `<script src="${esc(file)}"></script>\n`).join('')}${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}
