import { esc } from '../markup.ts';

export type TimelineLane = 'approval' | 'tender' | 'award' | 'contract' | 'construction';

export interface TimelineEvent {
  /** `YYYY-MM-DD` (a longer timestamp is cut to its day). */
  on: string;
  lane: TimelineLane;
  label: string;
  /** The record id, shown in the tooltip so it can be checked at the source. */
  id: string;
  /** A decision the others must not precede (立项/核准/备案): drawn as a line across all lanes. */
  gate?: boolean;
}

const lanes: { lane: TimelineLane; zh: string; color: string }[] = [
  { lane: 'approval', zh: '审批', color: '#1a7f37' },
  { lane: 'tender', zh: '招标', color: '#1f6feb' },
  { lane: 'award', zh: '定标', color: '#bc4c00' },
  { lane: 'contract', zh: '合同', color: '#8250df' },
  { lane: 'construction', zh: '施工', color: '#b42318' },
];

const WIDTH = 760;
const LEFT = 64;
const RIGHT = 40;
const LANE = 66;
const TOP = 26;
const DAY = 86_400_000;

/**
 * A project's timeline as an SVG: approvals, tender announced and closed, award, contract and
 * construction on one date axis, one lane each, so "tendered before approval" or "built before
 * the contract" can be seen at a glance. Gate decisions draw a dashed line across every lane.
 */
export function renderTimelineSvg(events: readonly TimelineEvent[], title: string): string {
  const dated = events.map((e) => ({ ...e, day: e.on.slice(0, 10), t: Date.parse(`${e.on.slice(0, 10)}T00:00:00Z`) })).filter((e) => Number.isFinite(e.t));
  if (dated.length === 0) return '';
  dated.sort((a, b) => a.t - b.t || a.id.localeCompare(b.id));
  const min = dated[0]!.t - 10 * DAY;
  const max = dated[dated.length - 1]!.t + 10 * DAY;
  const x = (t: number) => LEFT + ((t - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const height = TOP + lanes.length * LANE + 34;
  const laneY = (lane: TimelineLane) => TOP + lanes.findIndex((l) => l.lane === lane) * LANE + LANE / 2;
  const parts: string[] = [];
  lanes.forEach((l, i) => {
    const y = TOP + i * LANE;
    parts.push(`<rect x="0" y="${y}" width="${WIDTH}" height="${LANE}" fill="${i % 2 ? '#ffffff' : '#f6f8fa'}"/>`);
    parts.push(`<text x="10" y="${y + LANE / 2 + 4}" font-size="13" font-weight="600" fill="${l.color}">${l.zh}</text>`);
  });
  for (const gate of dated.filter((e) => e.gate)) {
    parts.push(`<line x1="${x(gate.t).toFixed(1)}" y1="${TOP}" x2="${x(gate.t).toFixed(1)}" y2="${TOP + lanes.length * LANE}" stroke="#1a7f37" stroke-dasharray="5 4" stroke-width="1.5"/>`);
  }
  // Month ticks along the bottom.
  const axisY = TOP + lanes.length * LANE;
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${WIDTH - RIGHT}" y2="${axisY}" stroke="#8c959f"/>`);
  const start = new Date(min);
  const months = Math.max(1, Math.round((max - min) / (30 * DAY)));
  const every = Math.max(1, Math.ceil(months / 10));
  for (let m = 0; ; m += every) {
    const tick = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1 + m, 1);
    if (tick > max) break;
    const d = new Date(tick);
    parts.push(`<line x1="${x(tick).toFixed(1)}" y1="${axisY}" x2="${x(tick).toFixed(1)}" y2="${axisY + 5}" stroke="#8c959f"/>`);
    parts.push(`<text x="${x(tick).toFixed(1)}" y="${axisY + 18}" font-size="10" text-anchor="middle" fill="#59636e">${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}</text>`);
  }
  // Each label takes the first of four text rows of its lane (above, below, further above,
  // further below the markers) where it does not run into the previous label: approvals issued
  // days apart no longer print over each other.
  const rows = [-11, 20, -24, 33];
  const rightEdge = new Map<TimelineLane, number[]>();
  for (const event of dated) {
    const l = lanes.find((lane) => lane.lane === event.lane)!;
    const cx = x(event.t);
    const cy = laneY(event.lane);
    const text = `${event.label} ${event.day.slice(2)}`;
    const width = textWidth(text);
    const anchor = cx > WIDTH - width / 2 - 4 ? 'end' : cx < width / 2 + 4 ? 'start' : 'middle';
    const left = anchor === 'start' ? cx : anchor === 'end' ? cx - width : cx - width / 2;
    const edges = rightEdge.get(event.lane) ?? rows.map(() => -Infinity);
    const row = edges.findIndex((edge) => left > edge + 6);
    // No free row: the marker stays, its label lives in the tooltip rather than over another.
    if (row >= 0) edges[row] = left + width;
    rightEdge.set(event.lane, edges);
    parts.push(`<g class="event"><circle cx="${cx.toFixed(1)}" cy="${cy}" r="6" fill="${l.color}"><title>${esc(`${event.day} ${event.label}（${event.id}）`)}</title></circle>`
      + (row >= 0 ? `<text x="${cx.toFixed(1)}" y="${cy + rows[row]!}" font-size="11" text-anchor="${anchor}" fill="#1f2328" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(text)}</text>` : '')
      + '</g>');
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

/** Rendered width of an 11 px label: a Han character is about a full em, Latin about 0.56 em. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\uffff]/.test(char) ? 11 : 6.2;
  return width;
}
