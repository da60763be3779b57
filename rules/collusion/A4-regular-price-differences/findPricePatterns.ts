/** One bid as the pattern search sees it. */
export interface PricedBid {
  bidId: string;
  bidderId: string;
  price: number;
}

export type PatternKind = 'identical' | 'arithmetic' | 'geometric' | 'ceiling_ratio';

/** A regular price pattern among some bids of one tender. */
export interface PricePattern {
  kind: PatternKind;
  /** The bids in the pattern, by ascending price. */
  bids: PricedBid[];
  /** Arithmetic: the step in yuan; geometric: the ratio between neighbours; ceiling_ratio: the grid; identical: the price. */
  step: number;
  /** Largest distance (yuan) between a member's price and the exact pattern: the rounding the pattern tolerated. */
  maxDeviation: number;
  /**
   * Expected number of patterns at least this regular that independent bids would show by chance in this
   * tender (a multiplicity-corrected tail bound; small = unlikely to be chance).
   */
  chance: number;
  /** The coarsest rounding unit the members share (1 = whole yuan, 0.01 = cents). */
  unit: number;
  /** How often the market's bids are that round (1 when unknown): part of `chance`. */
  roundShare: number;
  /** Arithmetic: the round unit the step is a multiple of (1 万元, 0.5 % of the ceiling) and how likely by chance; null = none. */
  roundStep: { label: string; probability: number } | null;
  /** Set when the pattern shows only in the prices rounded to this unit (yuan). */
  roundedTo?: number;
}

export interface PatternOptions {
  /** Prices within this many yuan are identical (cents, rounding of the tender platform). */
  identicalToleranceYuan: number;
  /** Minimum number of bids in a progression. */
  minLength: number;
  /** A progression's exact prices may be off by this share of its step (rounding, cents). */
  stepTolerance: number;
  /** Smallest deviation (yuan) assumed when estimating chance: prices are not more precise than this. */
  resolutionYuan: number;
  /** Extra search window (yuan) around each term: prices rounded to the hundred sit up to half of it off. */
  roundingToleranceYuan: number;
  /** Also search the prices rounded to this unit (yuan; 0 = not): progressions touched up after rounding. */
  roundedViewYuan: number;
  /** Round step sizes in yuan (10,000 = "each 1 万元 more") a colluder's arithmetic produces. */
  roundStepsYuan: number[];
  /** Round step sizes as shares of the ceiling (0.005 = "each 0.5 % of the ceiling more"). */
  roundStepsOfCeiling: number[];
  /** A step below this share of the price is a near-identical cluster, not a progression. */
  minStepShare: number;
  /** Grid of discounts from the ceiling (0.005 = every half percentage point). */
  ceilingRatioGrid: number;
  /** Distance from the grid (share of the ceiling) still on the grid. */
  ceilingRatioTolerance: number;
  /** Share of bids on the grid in this tender's market: the base rate a round discount has by chance. */
  marketOnGridShare: number;
  /**
   * P(a bid is a multiple of `unit` | every competitor's price shares only `othersUnit`) in this tender's
   * market, or null when the market is too small to say: the base rate for members as round as they are.
   */
  roundness: ((unit: number, othersUnit: number) => number) | null;
}

/** The coarsest rounding unit all these prices share (1,000 when every price is a multiple of a thousand). */
export function latticeUnit(prices: number[]): number {
  for (const unit of [100000, 10000, 1000, 100, 10, 1, 0.1]) {
    if (prices.every((p) => Math.abs(p / unit - Math.round(p / unit)) < 1e-6)) return unit;
  }
  return 0.01;
}

/**
 * Probability that the k members are all as round as they are (multiples of `unit`) given how round the
 * tender's other bids are: a staircase of whole-yuan prices among competitors quoting to the cent is rare;
 * among competitors who all quote whole yuan it is not (then members only count if rounder still). The rate
 * comes from the market (`options.roundness`), and never falls below the share of the tender's other bids that
 * are as round. 1 when the market is unknown or the members are no rounder.
 */
function roundnessOf(unit: number, members: PricedBid[], all: PricedBid[], options: PatternOptions): number {
  if (!options.roundness || unit < 1) return 1;
  const memberIds = new Set(members.map((b) => b.bidId));
  const others = all.filter((b) => !memberIds.has(b.bidId));
  if (others.length === 0) return 1;
  const othersUnit = latticeUnit(others.map((b) => b.price));
  if (unit <= othersUnit) return 1;
  // The tender's own bidders say how common that roundness is here (quoting habits are per bidder, so a tender
  // can mix whole-yuan and cent quotes): the share of its other bids as round, shrunk toward the market's rate
  // with the weight of four bids, and never below the market's rate.
  const market = Math.min(1, options.roundness(unit, othersUnit));
  const asRound = others.filter((b) => latticeUnit([b.price]) >= unit).length;
  const inTender = (asRound + 4 * market) / (others.length + 4);
  return Math.min(1, Math.max(market, inTender)) ** members.length;
}

const choose = (n: number, k: number): number => {
  let result = 1;
  for (let i = 1; i <= k; i += 1) result = (result * (n - k + i)) / i;
  return result;
};

/**
 * Finds identical prices, arithmetic and geometric progressions and round discounts from the ceiling
 * among the bids of one tender (Reg 40(4) "投标报价呈规律性差异"), each with a chance estimate.
 *
 * Progressions may skip bids (an honest outsider bidding inside the ring's range does not hide it).
 * Chance: with n bids spread over a range R, a progression of k bids whose further members sit within δ of
 * the terms the first two fix arises by chance about 2 · C(n,2) · (2·n·δ / R)^(k−2) times (two kinds searched; the first two
 * members fix the pattern; each further member must land in a window of width 2δ, at least one rounding unit),
 * times the chance that k bids of the market are all as round as the members are. Round discounts: C(n,k) · q^k with q the
 * larger of the market's on-grid share and the window's share of the grid.
 *
 * @example
 * findPricePatterns([{ bidId: 'b1', bidderId: 'C1', price: 100 }, …], 120, options)
 */
export function findPricePatterns(bids: PricedBid[], ceiling: number | null, options: PatternOptions): PricePattern[] {
  const sorted = [...bids].filter((b) => Number.isFinite(b.price) && b.price > 0).sort((a, b) => a.price - b.price);
  const n = sorted.length;
  if (n < 2) return [];
  const range = sorted[n - 1]!.price - sorted[0]!.price;
  const patterns: PricePattern[] = [];
  // The tender's price granularity beyond its rounding: bids quoted as discount rates (费率, 下浮率 to 0.01 %) sit
  // on a lattice of ceiling × 0.01 % whatever their cents say, and collide and line up that much more often.
  const granularity = ceiling !== null && ceiling > 0 && n >= 3 ? ratioLattice(sorted, ceiling) : 0;

  // Identical prices: clusters within the tolerance from at least two bidders.
  let start = 0;
  for (let i = 1; i <= n; i += 1) {
    if (i < n && sorted[i]!.price - sorted[i - 1]!.price <= options.identicalToleranceYuan) continue;
    const cluster = sorted.slice(start, i);
    if (new Set(cluster.map((b) => b.bidderId)).size >= 2) {
      const atCeiling = ceiling !== null && Math.abs(cluster[0]!.price - ceiling) <= options.identicalToleranceYuan;
      if (!atCeiling) {
        const spread = cluster[cluster.length - 1]!.price - cluster[0]!.price;
        // Prices rounded to a coarse unit collide more often: the window is at least one unit.
        const unit = latticeUnit(cluster.map((b) => b.price));
        const window = Math.max(spread, options.resolutionYuan, unit, granularity);
        const roundShare = roundnessOf(unit, cluster, sorted, options);
        // When every bid is (nearly) the same the tender's own range says nothing: judge against a 2 % spread.
        const reference = Math.max(range, 0.02 * cluster[0]!.price);
        patterns.push({
          kind: 'identical',
          bids: cluster,
          step: cluster[0]!.price,
          maxDeviation: spread,
          chance: choose(n, 2) * Math.min(1, (2 * window) / reference) ** (cluster.length - 1) * roundShare,
          unit,
          roundShare,
          roundStep: null,
        });
      }
    }
    start = i;
  }

  if (n >= options.minLength && range > 0) {
    patterns.push(...progressions(sorted, range, 'arithmetic', ceiling, options, granularity));
    patterns.push(...progressions(sorted, range, 'geometric', ceiling, options, granularity));
    // A staircase drawn in round hundreds and then touched up by a few dozen yuan per bid shows exactly once the
    // prices are rounded back to the hundred: search that view too, charging each member the full rounding cell.
    const unit = options.roundedViewYuan;
    if (unit > 0 && latticeUnit(sorted.map((b) => b.price)) < unit) {
      const rounded = sorted.map((b) => ({ ...b, price: Math.round(b.price / unit) * unit }));
      const original = new Map(sorted.map((b) => [b.bidId, b]));
      const exactOnly = { ...options, stepTolerance: 0, roundingToleranceYuan: 0, identicalToleranceYuan: 0, roundness: null };
      for (const pattern of progressions(rounded, range, 'arithmetic', ceiling, exactOnly, granularity)) {
        const bids = pattern.bids.map((b) => original.get(b.bidId)!);
        const fit = fitPattern(bids, 'arithmetic');
        // A third view searched: the multiplicity of the bound grows from two kinds to three.
        patterns.push({ ...pattern, bids, maxDeviation: fit.maxDeviation, unit: latticeUnit(bids.map((b) => b.price)), roundedTo: unit, chance: pattern.chance * 1.5 });
      }
    }
  }
  dropDuplicates(patterns);
  if (ceiling !== null && ceiling > 0) {
    const ratioPattern = ceilingRatioPattern(sorted, ceiling, options);
    if (ratioPattern) patterns.push(ratioPattern);
  }
  return patterns;
}

/** Greedy extension from every pair: the pair fixes the step, each next member is the bid closest to the next term. */
function progressions(sorted: PricedBid[], range: number, kind: 'arithmetic' | 'geometric', ceiling: number | null, options: PatternOptions, granularity: number): PricePattern[] {
  const n = sorted.length;
  const found = new Map<string, PricePattern>();
  // Member indices of the progression being grown and each further member's offset, in arrays reused across pairs
  // with a count (this loop runs for every pair of every tender: resizing plain arrays was a tenth of A4's time).
  const chosen = new Int32Array(n);
  const offsets = new Float64Array(n);
  let count = 0;
  const usedBidder = (bidderId: string) => {
    for (let c = 0; c < count; c += 1) if (sorted[chosen[c]!]!.bidderId === bidderId) return true;
    return false;
  };
  for (let i = 0; i < n - 1; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const first = sorted[i]!;
      const second = sorted[j]!;
      if (first.bidderId === second.bidderId) continue;
      const step = second.price - first.price;
      if (step < options.minStepShare * first.price) continue;
      const ratio = second.price / first.price;
      chosen[0] = i;
      chosen[1] = j;
      count = 2;
      let last = second.price;
      // How far each further member sits from the term the first two fix: the window it had to land in.
      for (let k = j + 1; k < n; k += 1) {
        const target = kind === 'arithmetic' ? last + step : last * ratio;
        const tolerance = options.stepTolerance * (target - last) + Math.max(options.identicalToleranceYuan, options.roundingToleranceYuan);
        const candidate = sorted[k]!;
        if (candidate.price > target + tolerance) break;
        if (candidate.price < target - tolerance || usedBidder(candidate.bidderId)) continue;
        // Prefer the closest of several bids in the window.
        let best = k;
        for (let m = k + 1; m < n && sorted[m]!.price <= target + tolerance; m += 1) {
          if (!usedBidder(sorted[m]!.bidderId) && Math.abs(sorted[m]!.price - target) < Math.abs(sorted[best]!.price - target)) best = m;
        }
        offsets[count - 2] = Math.abs(sorted[best]!.price - target);
        chosen[count] = best;
        count += 1;
        // Continue from the exact term, so rounding errors do not accumulate.
        last = target;
        k = best;
      }
      if (count < options.minLength) continue;
      // Every prefix is a candidate: an exact staircase of three must not hide behind a loose fourth member. A
      // shorter prefix is charged for being one of the lengths tried (the longest keeps the plain bound).
      const lengths = count - options.minLength + 1;
      for (let length = options.minLength; length <= count; length += 1) {
        const members: PricedBid[] = [];
        for (let c = 0; c < length; c += 1) members.push(sorted[chosen[c]!]!);
        let maxOff = 0;
        for (let c = 0; c < length - 2; c += 1) maxOff = Math.max(maxOff, offsets[c]!);
        const pattern = progressionPattern(members, kind, maxOff, n, range, sorted, ceiling, options, granularity);
        if (length < count) pattern.chance *= lengths;
        const key = members.map((b) => b.bidId).join('|');
        const previous = found.get(key);
        if (!previous || previous.chance > pattern.chance) found.set(key, pattern);
      }
    }
  }
  // Keep the patterns no other explains better: drop one whose members all sit in another pattern of the same kind
  // that is at least as long and at least as unlikely by chance.
  const all = [...found.values()].sort((a, b) => b.bids.length - a.bids.length || a.chance - b.chance);
  const kept: PricePattern[] = [];
  for (const pattern of all) {
    const ids = new Set(pattern.bids.map((b) => b.bidId));
    if (kept.some((k) => pattern.bids.length <= k.bids.length && k.chance <= pattern.chance && [...ids].every((id) => k.bids.some((b) => b.bidId === id)))) continue;
    kept.push(pattern);
  }
  return kept;
}

/** One progression's fit and chance (see findPricePatterns for the bound). */
function progressionPattern(
  members: PricedBid[],
  kind: 'arithmetic' | 'geometric',
  maxOff: number,
  n: number,
  range: number,
  sorted: PricedBid[],
  ceiling: number | null,
  options: PatternOptions,
  granularity: number,
): PricePattern {
  const fit = fitPattern(members, kind);
  // A term lands in a window of 2δ; on prices rounded to a unit u that window is at least one unit wide.
  const unit = latticeUnit(members.map((b) => b.price));
  // The cell a price can take: its rounding, or the tender's discount-rate lattice when coarser.
  const cell = Math.max(unit, granularity);
  // The chance window is the distance from the terms the first two members fix (not the smaller residual
  // of the fitted line, which would understate how lucky a chance member had to be).
  const delta = Math.max(maxOff, options.resolutionYuan, cell / 2);
  const roundShare = roundnessOf(unit, members, sorted, options);
  // Two kinds of progression are searched, so the bound counts both. A staircase of round discounts from
  // the ceiling (96 %, 96.5 %, 97 %) is rarer still: its first step and its start both sit on the grid.
  const gridFactor = ceiling !== null && ceiling > 0 && members.every((b) => onCeilingGrid(b.price, ceiling, options)) ? gridShare(options) ** 2 : 1;
  // A step that is a round sum or a round share of the ceiling (each 1 万元, each 0.5 % of the ceiling more) is
  // the colluders' arithmetic; among independent prices the step is as likely to fall anywhere. Counted only
  // when the grid factor has not already charged for it.
  const roundStep = kind === 'arithmetic' && gridFactor === 1 ? roundStepOf(fit.step, (2 * fit.maxDeviation) / (members.length - 1), cell, ceiling, options) : null;
  const chance = 2 * choose(n, 2) * Math.min(1, (2 * n * delta) / range) ** (members.length - 2) * roundShare * gridFactor * (roundStep?.probability ?? 1);
  return { kind, bids: members, step: fit.step, maxDeviation: fit.maxDeviation, chance, unit, roundShare, roundStep };
}

/** Least-squares fit of price (arithmetic) or log price (geometric) on the member index. */
function fitPattern(members: PricedBid[], kind: 'arithmetic' | 'geometric'): { step: number; maxDeviation: number } {
  const k = members.length;
  const ys = members.map((b) => (kind === 'arithmetic' ? b.price : Math.log(b.price)));
  const meanX = (k - 1) / 2;
  const meanY = ys.reduce((s, y) => s + y, 0) / k;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let maxDeviation = 0;
  members.forEach((b, x) => {
    const fitted = kind === 'arithmetic' ? intercept + slope * x : Math.exp(intercept + slope * x);
    maxDeviation = Math.max(maxDeviation, Math.abs(b.price - fitted));
  });
  return { step: kind === 'arithmetic' ? slope : Math.exp(slope), maxDeviation };
}

/** True when the price is a round discount from the ceiling (on the grid, below the ceiling). */
function onCeilingGrid(price: number, ceiling: number, options: PatternOptions): boolean {
  const ratio = price / ceiling;
  const nearest = Math.round(ratio / options.ceilingRatioGrid) * options.ceilingRatioGrid;
  return Math.abs(ratio - nearest) <= options.ceilingRatioTolerance && ratio < 1 - options.ceilingRatioTolerance;
}

/** How often a bid sits on the grid by chance: the market's share, never below the window's share of the grid. */
const gridShare = (options: PatternOptions) =>
  Math.min(1, Math.max((2 * options.ceilingRatioTolerance) / options.ceilingRatioGrid, options.marketOnGridShare));

/** Bids of distinct bidders whose discounts from the ceiling are all round (on the grid), at least minLength of them, not all equal. */
function ceilingRatioPattern(sorted: PricedBid[], ceiling: number, options: PatternOptions): PricePattern | null {
  const onGrid: PricedBid[] = [];
  const bidders = new Set<string>();
  const discounts = new Set<number>();
  let maxDeviation = 0;
  for (const bid of sorted) {
    const ratio = bid.price / ceiling;
    const nearest = Math.round(ratio / options.ceilingRatioGrid) * options.ceilingRatioGrid;
    const off = Math.abs(ratio - nearest);
    if (off > options.ceilingRatioTolerance || ratio >= 1 - options.ceilingRatioTolerance || bidders.has(bid.bidderId)) continue;
    onGrid.push(bid);
    bidders.add(bid.bidderId);
    discounts.add(Math.round(nearest / options.ceilingRatioGrid));
    maxDeviation = Math.max(maxDeviation, off * ceiling);
  }
  if (onGrid.length < options.minLength || discounts.size < 2) return null;
  const q = gridShare(options);
  return {
    kind: 'ceiling_ratio',
    bids: onGrid,
    step: options.ceilingRatioGrid,
    maxDeviation,
    chance: choose(sorted.length, onGrid.length) * q ** onGrid.length,
    unit: latticeUnit(onGrid.map((b) => b.price)),
    roundShare: 1,
    roundStep: null,
  };
}

/**
 * Whether a progression's step is a multiple of a round unit, and the chance of that for an arbitrary step:
 * (window / unit) for the roundest unit it matches, times the number of unit families tried (round sums, shares
 * of the ceiling; each family's units are nested). The window is the step's own uncertainty (twice the members' largest deviation over the steps),
 * never below the members' rounding unit: steps between prices that are all multiples of 1,000 are multiples
 * of 1,000 anyway, so only rounder units count as evidence.
 */
function roundStepOf(step: number, stepDeviation: number, unit: number, ceiling: number | null, options: PatternOptions): { label: string; probability: number } | null {
  const window = Math.max(2 * stepDeviation, unit, options.resolutionYuan);
  const candidates: { size: number; label: string }[] = [
    ...options.roundStepsYuan.filter((size) => size > unit).map((size) => ({ size, label: `${size.toLocaleString('en-US')} 元的整数倍` })),
    ...(ceiling !== null && ceiling > 0
      ? options.roundStepsOfCeiling.map((share) => ({ size: share * ceiling, label: `最高投标限价 ${Number((share * 100).toPrecision(3))}% 的整数倍` }))
      : []),
  ];
  let best: { label: string; probability: number } | null = null;
  for (const { size, label } of candidates) {
    const multiple = Math.round(step / size);
    if (multiple < 1 || Math.abs(step - multiple * size) > window / 2) continue;
    const probability = Math.min(1, window / size);
    if (!best || probability < best.probability) best = { label, probability };
  }
  // The sizes of each family are nested (a multiple of 10,000 is one of 1,000), so matching at least this coarse a
  // size has about this probability in each family searched: the correction is the number of families, not sizes.
  const families = (options.roundStepsYuan.some((size) => size > unit) ? 1 : 0) + (ceiling !== null && ceiling > 0 && options.roundStepsOfCeiling.length > 0 ? 1 : 0);
  return best ? { label: best.label, probability: Math.min(1, best.probability * Math.max(1, families)) } : null;
}

/** The same members found in the raw and the rounded view: keep the less likely reading. */
function dropDuplicates(patterns: PricePattern[]): void {
  const best = new Map<string, PricePattern>();
  for (const pattern of patterns) {
    const key = `${pattern.kind}|${pattern.bids.map((b) => b.bidId).sort().join('|')}`;
    const previous = best.get(key);
    if (!previous || pattern.chance < previous.chance) best.set(key, pattern);
  }
  const kept = new Set(best.values());
  for (let i = patterns.length - 1; i >= 0; i -= 1) if (!kept.has(patterns[i]!)) patterns.splice(i, 1);
}

/**
 * The coarsest discount-rate lattice every bid of the tender sits on (ceiling × 1 %, 0.1 % or 0.01 %, within the
 * bids' own rounding), or 0: independent prices quoted to the cent or the yuan never all land on one by chance.
 */
function ratioLattice(sorted: PricedBid[], ceiling: number): number {
  const tolerance = Math.max(0.006, latticeUnit(sorted.map((b) => b.price)) / 2 + 1e-6);
  for (const share of [0.01, 0.001, 0.0001]) {
    const size = ceiling * share;
    if (size <= 2 * tolerance) break;
    if (sorted.every((b) => Math.abs(b.price - Math.round(b.price / size) * size) <= tolerance)) return size;
  }
  return 0;
}
