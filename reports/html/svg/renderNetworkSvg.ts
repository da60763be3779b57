import { UndirectedGraph } from 'graphology';
import { circular } from 'graphology-layout';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { esc } from '../markup.ts';

export interface NetworkNode {
  id: string;
  label: string;
  /** Tenders this company won among those drawn: the node's size. */
  wins: number;
  /** A company the lead names (others are drawn grey). */
  member: boolean;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** Tenders both bid on: the edge's width. */
  tenders: string[];
}

// A CommonJS package whose types declare an ES default: Node hands over `module.exports` itself.
type ForceAtlas2 = typeof forceAtlas2Module.default;
const forceAtlas2: ForceAtlas2 = (forceAtlas2Module as unknown as { default?: ForceAtlas2 }).default ?? (forceAtlas2Module as unknown as ForceAtlas2);

const WIDTH = 720;
const HEIGHT = 440;
const PAD = 70;

/**
 * The co-bidding network of a ring as an SVG: companies as nodes (sized by wins), an edge
 * between two companies for every tender both bid on. Laid out with graphology: a circle,
 * then ForceAtlas2 for a fixed number of iterations — no randomness, so the same lead draws
 * the same picture every night.
 */
export function renderNetworkSvg(nodes: readonly NetworkNode[], edges: readonly NetworkEdge[], title: string): string {
  const graph = new UndirectedGraph();
  for (const node of [...nodes].sort((a, b) => a.id.localeCompare(b.id))) graph.addNode(node.id, { size: 6 + 4 * Math.sqrt(node.wins) });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && !graph.hasEdge(edge.source, edge.target)) {
      graph.addEdge(edge.source, edge.target, { weight: edge.tenders.length });
    }
  }
  circular.assign(graph);
  if (graph.order > 2) forceAtlas2.assign(graph, { iterations: graph.order <= 20 ? 120 : 250, getEdgeWeight: 'weight', settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: false } });
  const xs = graph.mapNodes((_node: string, a: Record<string, unknown>) => a.x as number);
  const ys = graph.mapNodes((_node: string, a: Record<string, unknown>) => a.y as number);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((WIDTH - 2 * PAD) / (maxX - minX || 1), (HEIGHT - 2 * PAD) / (maxY - minY || 1));
  const offsetX = (WIDTH - (maxX - minX) * scale) / 2;
  const offsetY = (HEIGHT - (maxY - minY) * scale) / 2;
  const at = (id: string) => {
    const a = graph.getNodeAttributes(id);
    return { x: offsetX + ((a.x as number) - minX) * scale, y: offsetY + ((a.y as number) - minY) * scale };
  };
  const maxWeight = Math.max(1, ...edges.map((e) => e.tenders.length));
  const edgeSvg = edges.filter((e) => graph.hasNode(e.source) && graph.hasNode(e.target)).map((edge) => {
    const a = at(edge.source);
    const b = at(edge.target);
    const width = 1 + 5 * (edge.tenders.length / maxWeight);
    return `<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="#8c959f" stroke-opacity="0.7" stroke-width="${width.toFixed(1)}"><title>${esc(`${edge.source} — ${edge.target}：共同投标 ${edge.tenders.length} 次（${edge.tenders.join('、')}）`)}</title></line>`;
  });
  const nodeSvg = nodes.map((node) => {
    const p = at(node.id);
    const r = graph.getNodeAttribute(node.id, 'size') as number;
    const fill = node.member ? '#b42318' : '#afb8c1';
    const name = node.label.length > 12 ? `${node.label.slice(0, 11)}…` : node.label;
    return `<g class="node" data-id="${esc(node.id)}"><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}" stroke="#fff" stroke-width="1.5"><title>${esc(`${node.label}（${node.id}）中标 ${node.wins} 次`)}</title></circle>`
      + `<text x="${p.x.toFixed(1)}" y="${(p.y + r + 13).toFixed(1)}" text-anchor="middle" font-size="12" fill="#1f2328" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(name)}</text>`
      + (node.wins > 0 ? `<text x="${p.x.toFixed(1)}" y="${(p.y + 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#fff">${node.wins}</text>` : '')
      + '</g>';
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${esc(title)}">`
    + `<title>${esc(title)}</title>`
    + `<g>${edgeSvg.join('')}</g><g>${nodeSvg.join('')}</g>`
    + `<g font-size="11" fill="#59636e"><circle cx="16" cy="${HEIGHT - 30}" r="6" fill="#b42318"/><text x="28" y="${HEIGHT - 26}">线索涉及企业（圆内数字 = 中标次数）</text>`
    + `<circle cx="16" cy="${HEIGHT - 12}" r="6" fill="#afb8c1"/><text x="28" y="${HEIGHT - 8}">其他投标人；连线 = 共同投标（越粗次数越多）</text></g>`
    + '</svg>';
}
