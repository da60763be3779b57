import { z } from 'zod';

/** The screens a model may use, as `tender_screens` holds them; cv, spd and diffp enter as logs. */
export const screenModelFeatures = ['cv', 'spd', 'diffp', 'rd', 'kurtosis', 'skewness', 'b1c'] as const;
export type ScreenFeature = (typeof screenModelFeatures)[number];

/** One screened tender's screens (null when a screen does not exist for it). */
export type ScreenValues = Record<ScreenFeature, number | null>;

const perFeature = z.array(z.number());

/**
 * A fitted ridge logistic regression on the screens (`bidwatch screens train`), as a JSON file.
 * Each feature is winsorised to [lower, upper], a missing value imputed with the training median,
 * then standardised with the training mean and sd (all from the training tenders only).
 */
export const ScreenModel = z.object({
  kind: z.literal('bidwatch-a5-screen-model'),
  version: z.literal(1),
  features: z.array(z.enum(screenModelFeatures)).min(1),
  lower: perFeature,
  upper: perFeature,
  median: perFeature,
  mean: perFeature,
  sd: perFeature,
  intercept: z.number(),
  coefficients: perFeature,
  lambda: z.number().nonnegative(),
  trained: z.object({ tenders: z.number(), positives: z.number(), labels: z.string(), cross_validated_auc: z.number().nullable() }).loose(),
}).refine((m) => [m.lower, m.upper, m.median, m.mean, m.sd, m.coefficients].every((a) => a.length === m.features.length), 'one value per feature');
export type ScreenModel = z.infer<typeof ScreenModel>;
