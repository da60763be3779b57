import { screenModelFeatures, type ScreenFeature, type ScreenValues } from './ScreenModel.ts';

const logged = new Set<ScreenFeature>(['cv', 'spd', 'diffp']);

/** A feature's raw value as the model sees it: dispersion ratios on a log scale (they are skewed). */
export function featureValue(row: ScreenValues, feature: ScreenFeature): number | null {
  const value = row[feature];
  if (value === null || !Number.isFinite(value)) return null;
  return logged.has(feature) ? Math.log(value + 1e-12) : value;
}

export interface Standardisation {
  features: ScreenFeature[];
  lower: number[];
  upper: number[];
  median: number[];
  mean: number[];
  sd: number[];
}

const quantile = (sorted: number[], q: number) => {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
};

/**
 * Learns the winsorising bounds (1st/99th percentile), the median for missing values and the mean/sd
 * from training rows only, keeping the features that have at least one value (a market without
 * ceilings has no b1c).
 */
export function learnStandardisation(rows: readonly ScreenValues[]): Standardisation {
  const result: Standardisation = { features: [], lower: [], upper: [], median: [], mean: [], sd: [] };
  for (const feature of screenModelFeatures) {
    const values = rows.map((row) => featureValue(row, feature)).filter((v): v is number => v !== null).sort((a, b) => a - b);
    if (values.length === 0) continue;
    const lower = quantile(values, 0.01);
    const upper = quantile(values, 0.99);
    const clipped = values.map((v) => Math.min(Math.max(v, lower), upper));
    const mean = clipped.reduce((sum, v) => sum + v, 0) / clipped.length;
    const sd = Math.sqrt(clipped.reduce((sum, v) => sum + (v - mean) ** 2, 0) / clipped.length);
    result.features.push(feature);
    result.lower.push(lower);
    result.upper.push(upper);
    result.median.push(quantile(clipped, 0.5));
    result.mean.push(mean);
    result.sd.push(sd > 0 ? sd : 1);
  }
  return result;
}

/** One row as the standardised feature vector the model multiplies. */
export function standardise(row: ScreenValues, s: Standardisation): number[] {
  return s.features.map((feature, j) => {
    const value = featureValue(row, feature);
    const filled = value === null ? s.median[j]! : Math.min(Math.max(value, s.lower[j]!), s.upper[j]!);
    return (filled - s.mean[j]!) / s.sd[j]!;
  });
}
