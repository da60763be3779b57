/**
 * A7's co-bidding graph in typed arrays: firms numbered in the order they first appear, each pair three array
 * entries (the two firms' numbers and the weight). Held as a graphology graph, every firm was an object with a map of
 * its neighbours and every pair an edge object, an attribute object and a generated key: with the rows read as objects
 * first, A7 raised the 10M-bid scan's peak RSS from 3.42 to 4.16 GB (docs/scale.md); here a pair takes 16 bytes.
 *
 * graphology-communities-louvain reads a graph only to build its own index (graphology-indices/louvain.js:
 * `forEachNode`, `undirectedDegreeWithoutSelfLoops`, `forEachEdge`, `order`, `size`, `selfLoopCount`; the checks of
 * graphology-utils look at `type`, `multi` and two methods). This class answers exactly those, visiting nodes and
 * edges in the order a graphology graph built from the same pairs would (insertion order), so Louvain makes the same
 * moves with the same random numbers and finds the same communities (test/rules.A7PairGraph.test.ts checks this
 * against graphology).
 *
 * @example
 * const graph = new PairGraph();
 * graph.addPair('firm-a', 'firm-b', 0.4);
 * const communities = louvain(graph as unknown as Graph, { getEdgeWeight: 'weight', rng });
 */
export class PairGraph {
  readonly type = 'undirected';
  readonly multi = false;
  readonly selfLoopCount = 0;
  readonly directedSize = 0;
  private readonly keys: string[] = [];
  private readonly numbers = new Map<string, number>();
  private sources = new Int32Array(1024);
  private targets = new Int32Array(1024);
  private weights = new Float64Array(1024);
  private degrees = new Int32Array(1024);
  private pairs = 0;

  /** Firms (nodes). */
  get order(): number {
    return this.keys.length;
  }

  /** Pairs (edges). */
  get size(): number {
    return this.pairs;
  }

  get undirectedSize(): number {
    return this.pairs;
  }

  /** Links two different firms; each pair once (the pair queries group by pair), as graphology's simple graph requires. */
  addPair(firmA: string, firmB: string, weight: number): void {
    if (firmA === firmB) throw new Error(`A7 pair graph: a firm paired with itself (${firmA})`);
    const a = this.numberOf(firmA);
    const b = this.numberOf(firmB);
    if (this.pairs === this.sources.length) {
      this.sources = grown(this.sources);
      this.targets = grown(this.targets);
      this.weights = grown(this.weights);
    }
    this.sources[this.pairs] = a;
    this.targets[this.pairs] = b;
    this.weights[this.pairs] = weight;
    this.pairs += 1;
    this.degrees[a] = this.degrees[a]! + 1;
    this.degrees[b] = this.degrees[b]! + 1;
  }

  forEachNode(callback: (node: string) => void): void {
    for (const key of this.keys) callback(key);
  }

  undirectedDegreeWithoutSelfLoops(node: string): number {
    const number = this.numbers.get(node);
    if (number === undefined) throw new Error(`A7 pair graph: no firm ${node}`);
    return this.degrees[number]!;
  }

  /** Edges in insertion order; the attributes object is reused from call to call (Louvain reads its weight at once). */
  forEachEdge(callback: (edge: string, attributes: { weight: number }, source: string, target: string, sourceAttributes: object, targetAttributes: object, undirected: boolean) => void): void {
    const attributes = { weight: 0 };
    const none = {};
    for (let pair = 0; pair < this.pairs; pair += 1) {
      attributes.weight = this.weights[pair]!;
      callback(String(pair), attributes, this.keys[this.sources[pair]!]!, this.keys[this.targets[pair]!]!, none, none, true);
    }
  }

  // graphology-utils' isGraph looks for these two methods; Louvain never changes the graph it reads.
  addUndirectedEdgeWithKey(): never {
    throw new Error('A7 pair graph: read-only for Louvain; use addPair');
  }

  dropNode(): never {
    throw new Error('A7 pair graph: read-only for Louvain');
  }

  private numberOf(firm: string): number {
    let number = this.numbers.get(firm);
    if (number === undefined) {
      number = this.keys.length;
      this.keys.push(firm);
      this.numbers.set(firm, number);
      if (number === this.degrees.length) this.degrees = grown(this.degrees);
    }
    return number;
  }
}

function grown<T extends Int32Array | Float64Array>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
  larger.set(array);
  return larger;
}
