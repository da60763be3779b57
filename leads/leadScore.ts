/** How much a case's breadth (its number of tenders) adds to its evidence strength, per doubling. */
export const BREADTH_WEIGHT_PER_DOUBLING = 0.25;

export interface LeadScore {
  /** In [0, 1): strength / (strength + 1). */
  score: number;
  /** Σ of each detection's strongest hit score + breadth. */
  strength: number;
  /** The detections' part of the strength: one term per independent statutory signal. */
  signals: number;
  /** The breadth part: BREADTH_WEIGHT_PER_DOUBLING × log2(tenders). */
  breadth: number;
}

/**
 * A lead's score, ordered by the strength of its evidence (leads/README.md "Score").
 *
 * Each detection code counts once, by its strongest hit, and the detections add up: two
 * independent statutory signals (a shared bid-file machine, A1, and a shared deposit account,
 * A3) outweigh one, while twenty hits of one code count as one. A case spanning more tenders
 * weighs a little more (a quarter point per doubling). The strength maps to [0, 1) as
 * s / (s + 1), which keeps separating strong cases: the noisy-or used before put a third of the
 * demo's leads at 0.95–0.999, where the ranking could not tell them apart.
 *
 * @example leadScore([0.95, 0.9], 4) // strength 0.95 + 0.9 + 0.5 = 2.35 → score 0.701
 */
export function leadScore(bestScoreByDetection: readonly number[], tenders: number): LeadScore {
  const signals = bestScoreByDetection.reduce((sum, score) => sum + score, 0);
  const breadth = tenders > 1 ? BREADTH_WEIGHT_PER_DOUBLING * Math.log2(tenders) : 0;
  const strength = signals + breadth;
  return { score: Math.round((strength / (strength + 1)) * 1000) / 1000, strength, signals, breadth };
}
