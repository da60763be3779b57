/**
 * A7's regime test: did a group's tenders price like a cartel in one period and like a competitive market in the
 * other, more so than the rest of the market did at the same date?
 *
 * A cartel's collapse (or its formation) is the clearest footprint it leaves in prices: bids that sat close together
 * spread out once the firms compete (Abrantes-Metz, Froeb, Geweke & Taylor 2006, the variance screen; Imhof 2017 and
 * Imhof, Karagök & Rutz 2018 on the Swiss cartels, whose coefficient of variation jumped after the cartel ended;
 * Harrington 2008, "Detecting cartels": a structural break in the suspects' behaviour). The break date is not known,
 * so every date is tried (Andrews 1993, a test for a structural change at an unknown date: the largest statistic over
 * the candidate dates, judged against a critical value larger than the fixed-date one). A market-wide reform moves
 * every group at once, so the group's change is measured against the change of all other tenders at the same date.
 */

/** A tender of the group or of the market, with its dispersion suspicion (1 − market percentile of its bids' CV). */
export interface ScreenedTender {
  tender_id: string;
  /** ISO date or timestamp: the split runs in this order. */
  date: string;
  suspicion: number;
}

export interface RegimeChange {
  /** The first date of the later regime. */
  split_date: string;
  /** Which side priced like a cartel: before the split (collapse) or from it on (formation). */
  collusive_side: 'before' | 'after';
  collusive_tenders: ScreenedTender[];
  competitive_tenders: ScreenedTender[];
  collusive_mean: number;
  competitive_mean: number;
  /** The rest of the market at the same date, on the same sides. */
  market_collusive_side_mean: number;
  market_competitive_side_mean: number;
  market_tenders: number;
  /** (group's change) − (market's change) in the same direction. */
  excess_change: number;
  /** excess_change / its standard error (Welch, the group's two regimes; the market's means are taken as known). */
  t_statistic: number;
  /** The smallest share of the group's tenders a regime could hold (the trimming the search ran with). */
  effective_trim: number;
  /** Asymptotic p-value of t² as the largest of the searched statistics (supWaldPValue, one break). */
  p_value: number;
}

export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

const mean = (m: Moments) => m.sum / m.n;
/** Sample variance; 0 with fewer than two values. */
const variance = (m: Moments) => (m.n > 1 ? Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1)) : 0);

const add = (m: Moments, value: number): Moments => ({ n: m.n + 1, sum: m.sum + value, sumSquares: m.sumSquares + value * value });

/** Running moments of `values` (index i: the first i); a null counts as nothing. */
function prefixMoments(values: (number | null)[]): Moments[] {
  const prefix: Moments[] = [{ n: 0, sum: 0, sumSquares: 0 }];
  for (const v of values) prefix.push(v === null ? prefix[prefix.length - 1]! : add(prefix[prefix.length - 1]!, v));
  return prefix;
}

const minus = (a: Moments, b: Moments): Moments => ({ n: a.n - b.n, sum: a.sum - b.sum, sumSquares: a.sumSquares - b.sumSquares });

/**
 * The market in date order with its running sums, computed once for the many groups tested against it. Each group
 * used to sort and sum the market without its own tenders, which grew with groups × market (1M bids: 400 groups ×
 * 107,000 tenders, 7 CPU s; ten times both at 10M): now the rest of the market before a date is the market's
 * running sum there minus the group's own tenders before it.
 */
export interface MarketByDate {
  readonly dates: readonly string[];
  /** Running n, Σ suspicion, Σ suspicion² of the first i tenders by date (index 0: none). */
  readonly prefix: readonly Moments[];
  readonly ids: ReadonlySet<string>;
}

/** `market` sorted by date, with its running sums. */
export function marketByDate(market: readonly ScreenedTender[]): MarketByDate {
  const byDate = [...market].sort((a, b) => a.date.localeCompare(b.date));
  return { dates: byDate.map((t) => t.date), prefix: prefixMoments(byDate.map((t) => t.suspicion)), ids: new Set(byDate.map((t) => t.tender_id)) };
}

/** Index of the first date ≥ `date` in an ascending list of dates. */
function lowerBound(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The split of the group's tenders (at least `minRegimeTenders` and the share `trim` of them on each side, split only
 * between different dates; trimming as in Andrews 1993, whose critical values assume it: a few tenders at either end
 * of the sample always differ by chance)
 * with the largest t statistic of the excess change; null when the group has too few tenders, or the market has no
 * tender on one side of every admissible date. `market` may include the group's tenders: they are left out of it.
 */
export function strongestRegimeChange(
  group: ScreenedTender[], market: readonly ScreenedTender[] | MarketByDate, minRegimeTenders: number, trim = 0,
): RegimeChange | null {
  const own = [...group].sort((a, b) => a.date.localeCompare(b.date) || a.tender_id.localeCompare(b.tender_id));
  const minSide = Math.max(minRegimeTenders, Math.ceil(trim * own.length));
  if (own.length < 2 * minSide) return null;
  const sorted = 'prefix' in market ? market : marketByDate(market);
  const ownPrefix = prefixMoments(own.map((t) => t.suspicion));
  const ownTotal = ownPrefix[own.length]!;
  // The group's own tenders that are in the market, summed in the same order: what the rest leaves out.
  const ownInMarketPrefix = prefixMoments(own.map((t) => (sorted.ids.has(t.tender_id) ? t.suspicion : null)));
  const restTotal = minus(sorted.prefix[sorted.dates.length]!, ownInMarketPrefix[own.length]!);

  let best: { index: number; t: number; excess: number; side: 'before' | 'after'; marketBefore: number; marketAfter: number } | null = null;
  for (let index = minSide; index <= own.length - minSide; index += 1) {
    if (own[index]!.date === own[index - 1]!.date) continue;
    const before = ownPrefix[index]!;
    const after = minus(ownTotal, before);
    // The group's tenders before this split are own[0..index): own is in date order and own[index - 1] is earlier.
    const restBefore = minus(sorted.prefix[lowerBound(sorted.dates, own[index]!.date)]!, ownInMarketPrefix[index]!);
    const restAfter = minus(restTotal, restBefore);
    if (restBefore.n === 0 || restAfter.n === 0) continue;
    const groupChange = mean(after) - mean(before);
    const marketChange = mean(restAfter) - mean(restBefore);
    // The collusive side is the one where the group priced more like a cartel (higher suspicion).
    const side = groupChange < 0 ? 'before' : 'after';
    const excess = side === 'before' ? marketChange - groupChange : groupChange - marketChange;
    const standardError = Math.sqrt(variance(before) / before.n + variance(after) / after.n);
    const t = standardError > 0 ? excess / standardError : excess > 0 ? Number.POSITIVE_INFINITY : 0;
    if (best === null || t > best.t) best = { index, t, excess, side, marketBefore: mean(restBefore), marketAfter: mean(restAfter) };
  }
  if (best === null) return null;
  const beforeTenders = own.slice(0, best.index);
  const afterTenders = own.slice(best.index);
  const collusive = best.side === 'before' ? beforeTenders : afterTenders;
  const competitive = best.side === 'before' ? afterTenders : beforeTenders;
  const avg = (ts: ScreenedTender[]) => ts.reduce((s, t) => s + t.suspicion, 0) / ts.length;
  return {
    split_date: own[best.index]!.date,
    collusive_side: best.side,
    collusive_tenders: collusive,
    competitive_tenders: competitive,
    collusive_mean: avg(collusive),
    competitive_mean: avg(competitive),
    market_collusive_side_mean: best.side === 'before' ? best.marketBefore : best.marketAfter,
    market_competitive_side_mean: best.side === 'before' ? best.marketAfter : best.marketBefore,
    market_tenders: restTotal.n,
    excess_change: best.excess,
    t_statistic: best.t,
    effective_trim: minSide / own.length,
    p_value: best.t > 0 ? supWaldPValue(best.t * best.t, minSide / own.length) : 1,
  };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7): enough digits for a p-value. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i += 1) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Asymptotic p-value of the largest Wald statistic `wald` (= t²) over break dates in the middle of the sample,
 * each regime holding at least the share `trim` (Andrews 1993's sup-Wald test, `restrictions` parameters that
 * break), by the tail approximation of Estrella (2003):
 *   p ≈ c^(q/2) e^(−c/2) / (2^(q/2) Γ(q/2)) · [(1 − q/c) ln λ + 4/c],  λ = ((1 − trim) / trim)².
 * It reproduces Andrews' 10 / 5 / 1 % critical values 7.17 / 8.85 / 12.16 (q = 1, 15 % trimming) as
 * 0.105 / 0.050 / 0.011. Clamped to [0, 1].
 */
export function supWaldPValue(wald: number, trim: number, restrictions = 1): number {
  if (!(wald > 0)) return 1;
  const q = restrictions;
  const lambda = ((1 - trim) / trim) ** 2;
  const logLead = (q / 2) * Math.log(wald) - wald / 2 - (q / 2) * Math.log(2) - logGamma(q / 2);
  const p = Math.exp(logLead) * ((1 - q / wald) * Math.log(lambda) + 4 / wald);
  return Math.min(1, Math.max(0, p));
}
