import type { ScreenModel, ScreenValues } from './ScreenModel.ts';
import { standardise } from './standardiseScreens.ts';

/** The model's probability that a tender is collusive, from its screens. */
export function predictCollusion(model: ScreenModel, row: ScreenValues): number {
  const x = standardise(row, model);
  const eta = model.intercept + x.reduce((sum, v, j) => sum + v * model.coefficients[j]!, 0);
  return 1 / (1 + Math.exp(-eta));
}
