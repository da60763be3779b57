import { esc, num } from '../markup.ts';

export interface BidPoint {
  bid_id: string;
  label: string;
  price: number;
  valid: boolean;
  winner: boolean;
  /** A company the lead names: drawn in red, others grey. */
  member: boolean;
}

const WIDTH = 720;
const LEFT = 190;
const RIGHT = 110;
const ROW = 22;
const TOP = 30;

/**
 * One tender's bids against its ceiling price (最高投标限价), one row per bid from lowest to
 * highest, on an axis zoomed to the bids (a staircase of 50,000 yuan on 5 million must show).
 * Winner marked ★, invalid bids hollow, the lead's companies in red.
 */
export function renderBidsSvg(bids: readonly BidPoint[], ceiling: number | null, title: string): string {
  if (bids.length === 0) return '';
  const sorted = [...bids].sort((a, b) => a.price - b.price || a.bid_id.localeCompare(b.bid_id));
  const values = sorted.map((b) => b.price).concat(ceiling ? [ceiling] : []);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || high * 0.05 || 1;
  const min = low - span * 0.08;
  const max = high + span * 0.08;
  const x = (v: number) => LEFT + ((v - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + sorted.length * ROW + 40;
  const parts: string[] = [];
  sorted.forEach((bid, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const color = bid.member ? '#b42318' : '#57606a';
    const name = bid.label.length > 13 ? `${bid.label.slice(0, 12)}…` : bid.label;
    parts.push(`<g class="bid"><text x="${LEFT - 10}" y="${y + 4}" font-size="11" text-anchor="end" fill="${color}">${bid.winner ? '★ ' : ''}${esc(name)}</text>`
      + `<line x1="${LEFT}" y1="${y}" x2="${x(bid.price).toFixed(1)}" y2="${y}" stroke="${color}" stroke-opacity="0.25" stroke-width="6"/>`
      + `<circle cx="${x(bid.price).toFixed(1)}" cy="${y}" r="5" fill="${bid.valid ? color : '#fff'}" stroke="${color}" stroke-width="1.5"><title>${esc(`${bid.bid_id} ${bid.label}：${num(bid.price)} 元${bid.valid ? '' : '（无效）'}${bid.winner ? '，中标' : ''}`)}</title></circle>`
      + `<text x="${(x(bid.price) + 9).toFixed(1)}" y="${y + 4}" font-size="10" fill="#59636e">${num(bid.price)}</text></g>`);
  });
  const axisY = TOP + sorted.length * ROW + 6;
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="#8c959f"/>`);
  for (let k = 0; k <= 4; k += 1) {
    const v = min + ((max - min) * k) / 4;
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" font-size="10" text-anchor="middle" fill="#59636e">${num(Math.round(v))}</text>`);
  }
  if (ceiling) {
    const cx = x(ceiling).toFixed(1);
    parts.push(`<line x1="${cx}" y1="${TOP - 8}" x2="${cx}" y2="${axisY}" stroke="#b42318" stroke-dasharray="5 3" stroke-width="1.5"/>`);
    parts.push(`<text x="${cx}" y="${TOP - 12}" font-size="11" text-anchor="middle" fill="#b42318">最高限价 ${num(ceiling)}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bids" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
