import { esc } from '../markup.ts';

const WIDTH = 720;
const HEIGHT = 150;
const LEFT = 40;
const RIGHT = 20;
const TOP = 24;
const BOTTOM = 28;
const BINS = 20;

/**
 * Where one tender's price-screen score (tender_screens.score, 0..1) sits in its market: a
 * histogram of every screened tender of the market, the tender marked in red with its rank.
 */
export function renderScreenSvg(marketScores: readonly number[], score: number, title: string): string {
  if (marketScores.length === 0) return '';
  const counts = new Array<number>(BINS).fill(0);
  for (const s of marketScores) counts[Math.min(BINS - 1, Math.max(0, Math.floor(s * BINS)))]! += 1;
  const peak = Math.max(...counts, 1);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const bar = plotWidth / BINS;
  const parts = counts.map((n, i) => {
    const h = (n / peak) * plotHeight;
    return `<rect x="${(LEFT + i * bar + 1).toFixed(1)}" y="${(TOP + plotHeight - h).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#8c959f"><title>${(i / BINS).toFixed(2)}–${((i + 1) / BINS).toFixed(2)}：${n} 个标段</title></rect>`;
  });
  for (let k = 0; k <= 4; k += 1) {
    parts.push(`<text x="${(LEFT + (plotWidth * k) / 4).toFixed(1)}" y="${HEIGHT - 10}" font-size="10" text-anchor="middle" fill="#59636e">${(k / 4).toFixed(2)}</text>`);
  }
  const below = marketScores.filter((s) => s < score).length;
  const percentile = Math.round((below / marketScores.length) * 100);
  const x = (LEFT + Math.min(1, Math.max(0, score)) * plotWidth).toFixed(1);
  parts.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${TOP + plotHeight}" stroke="#b42318" stroke-width="2"/>`);
  parts.push(`<text x="${x}" y="${TOP - 10}" font-size="11" text-anchor="${Number(x) > WIDTH - 160 ? 'end' : 'middle'}" fill="#b42318">本标段 ${score.toFixed(2)}（高于本市场 ${percentile}% 的标段）</text>`);
  parts.push(`<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}" stroke="#8c959f"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="screens" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
