import { esc } from '../markup.ts';

const WIDTH = 720;
const HEIGHT = 150;
const LEFT = 40;
const RIGHT = 20;
const TOP = 24;
const BOTTOM = 28;

/**
 * Where one tender's price-screen score (tender_screens.score, 0..1) sits in its market: a
 * histogram of every screened tender of the market (`counts`, equal bins over 0..1, counted in
 * SQL by loadLeadContext.ts), the tender marked in red with its rank (`below`: how many of the
 * market's scores are lower).
 */
export function renderScreenSvg(counts: readonly number[], below: number, score: number, title: string): string {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return '';
  const bins = counts.length;
  const peak = Math.max(...counts, 1);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const bar = plotWidth / bins;
  const parts = counts.map((n, i) => {
    const h = (n / peak) * plotHeight;
    return `<rect x="${(LEFT + i * bar + 1).toFixed(1)}" y="${(TOP + plotHeight - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#8c959f"><title>${(i / bins).toFixed(2)}–${((i + 1) / bins).toFixed(2)}：${n} 个标段</title></rect>`;
  });
  for (let k = 0; k <= 4; k += 1) {
    parts.push(`<text x="${(LEFT + (plotWidth * k) / 4).toFixed(1)}" y="${HEIGHT - 10}" font-size="10" text-anchor="middle" fill="#59636e">${(k / 4).toFixed(2)}</text>`);
  }
  const percentile = Math.round((below / total) * 100);
  const x = (LEFT + Math.min(1, Math.max(0, score)) * plotWidth).toFixed(1);
  parts.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${TOP + plotHeight}" stroke="#b42318" stroke-width="2"/>`);
  parts.push(`<text x="${x}" y="${TOP - 10}" font-size="11" text-anchor="${Number(x) > WIDTH - 160 ? 'end' : 'middle'}" fill="#b42318">本标段 ${score.toFixed(2)}（高于本市场 ${percentile}% 的标段）</text>`);
  parts.push(`<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}" stroke="#8c959f"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="screens" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
