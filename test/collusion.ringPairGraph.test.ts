import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { describe, expect, it } from 'vitest';
import { PairGraph } from '../rules/collusion/A7-bidding-rings/PairGraph.ts';
import { seededRandom } from '../rules/collusion/A7-bidding-rings/rule.ts';

type Louvain = typeof louvainModule.default;
const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

/** A7's own seeded generator (mulberry32), so Louvain's choices repeat as in the rule. */
const seeded = seededRandom;

/**
 * Pairs like A7's: groups of firms that meet often (heavy links inside a group) and some links between groups,
 * each pair once, firm ids that do not sort as they were numbered.
 */
function pairs(groups: number, groupSize: number, crossLinks: number, seed: number): [string, string, number][] {
  const random = seeded(seed);
  const firm = (n: number) => `91${String((n * 7919) % 100_003).padStart(6, '0')}`;
  const seen = new Set<string>();
  const result: [string, string, number][] = [];
  const link = (x: number, y: number, weight: number) => {
    const [a, b] = [firm(x), firm(y)].sort() as [string, string];
    if (a === b || seen.has(`${a}|${b}`)) return;
    seen.add(`${a}|${b}`);
    result.push([a, b, weight]);
  };
  for (let g = 0; g < groups; g += 1) {
    for (let i = 0; i < groupSize; i += 1) {
      for (let j = i + 1; j < groupSize; j += 1) if (random() < 0.6) link(g * groupSize + i, g * groupSize + j, 0.3 + random() * 0.6);
    }
  }
  for (let k = 0; k < crossLinks; k += 1) link(Math.floor(random() * groups * groupSize), Math.floor(random() * groups * groupSize), 0.2 + random() * 0.1);
  return result.sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
}

function communitiesByGraphology(edges: [string, string, number][], resolution: number, seed: number): Record<string, number> {
  const graph = new UndirectedGraph();
  for (const [a, b, weight] of edges) {
    if (!graph.hasNode(a)) graph.addNode(a);
    if (!graph.hasNode(b)) graph.addNode(b);
    graph.addEdge(a, b, { weight });
  }
  return louvain(graph, { getEdgeWeight: 'weight', resolution, rng: seeded(seed) });
}

function communitiesByPairGraph(edges: [string, string, number][], resolution: number, seed: number): Record<string, number> {
  const graph = new PairGraph();
  for (const [a, b, weight] of edges) graph.addPair(a, b, weight);
  return louvain(graph as unknown as UndirectedGraph, { getEdgeWeight: 'weight', resolution, rng: seeded(seed) });
}

describe('A7 PairGraph', () => {
  it.each([
    { groups: 40, groupSize: 6, crossLinks: 300, resolution: 0.5, seed: 20240601 },
    { groups: 200, groupSize: 9, crossLinks: 4000, resolution: 1, seed: 7 },
  ])('gives Louvain the communities a graphology graph of the same pairs gives ($groups groups)', ({ groups, groupSize, crossLinks, resolution, seed }) => {
    const edges = pairs(groups, groupSize, crossLinks, seed);
    const expected = communitiesByGraphology(edges, resolution, seed);
    const communities = communitiesByPairGraph(edges, resolution, seed);
    expect(Object.keys(communities)).toEqual(Object.keys(expected));
    expect(communities).toEqual(expected);
    // Not a trivial partition: groups are found, not one community nor one per firm.
    const count = new Set(Object.values(expected)).size;
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(Object.keys(expected).length / 2);
  });

  it('counts firms, pairs and degrees, and refuses a firm paired with itself', () => {
    const graph = new PairGraph();
    graph.addPair('a', 'b', 0.5);
    graph.addPair('a', 'c', 0.25);
    expect([graph.order, graph.size]).toEqual([3, 2]);
    expect(['a', 'b', 'c'].map((firm) => graph.undirectedDegreeWithoutSelfLoops(firm))).toEqual([2, 1, 1]);
    const visited: [string, string, number][] = [];
    graph.forEachEdge((_edge, attributes, source, target) => visited.push([source, target, attributes.weight]));
    expect(visited).toEqual([['a', 'b', 0.5], ['a', 'c', 0.25]]);
    expect(() => graph.addPair('d', 'd', 1)).toThrow('paired with itself');
  });
});
