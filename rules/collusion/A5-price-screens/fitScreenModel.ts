import type { ScreenModel, ScreenValues } from './ScreenModel.ts';
import { learnStandardisation, standardise } from './standardiseScreens.ts';

/** Solves A x = b by Gaussian elimination with partial pivoting (A is a small (p+1)² Newton matrix). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const diagonal = m[col]![col]!;
    if (Math.abs(diagonal) < 1e-300) throw new Error('singular Newton matrix: a feature is constant or duplicated');
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const factor = m[r]![col]! / diagonal;
      for (let c = col; c <= n; c += 1) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Ridge logistic regression by iteratively reweighted least squares (Newton): maximises the
 * log-likelihood minus λ/2·‖β‖² (intercept not penalised) on the standardised screens. The ridge keeps
 * the fit finite on small markets (Brazil trains on ~50 tenders) and separable data.
 * Reference: scratch/screens/supervised.py `irls`, which matches scikit-learn (C = 1/λ).
 */
export function fitLogistic(x: readonly number[][], y: readonly number[], lambda: number, maxIterations = 50): number[] {
  const p = (x[0]?.length ?? 0) + 1;
  const beta = new Array<number>(p).fill(0);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradient = beta.map((b, j) => (j === 0 ? 0 : -lambda * b));
    const hessian = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j && i > 0 ? lambda : 0)));
    x.forEach((features, i) => {
      const row = [1, ...features];
      const mu = 1 / (1 + Math.exp(-row.reduce((sum, v, j) => sum + v * beta[j]!, 0)));
      const weight = Math.max(mu * (1 - mu), 1e-9);
      for (let j = 0; j < p; j += 1) {
        gradient[j]! += row[j]! * (y[i]! - mu);
        for (let k = 0; k < p; k += 1) hessian[j]![k]! += weight * row[j]! * row[k]!;
      }
    });
    const step = solve(hessian, gradient);
    step.forEach((s, j) => { beta[j]! += s; });
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return beta;
}

/** Fits the supervised screen model on labelled tenders (`bidwatch screens train`). */
export function fitScreenModel(rows: readonly ScreenValues[], labels: readonly boolean[], lambda: number, trained: ScreenModel['trained']): ScreenModel {
  const standardisation = learnStandardisation(rows);
  const beta = fitLogistic(rows.map((row) => standardise(row, standardisation)), labels.map(Number), lambda);
  return { kind: 'bidwatch-a5-screen-model', version: 1, ...standardisation, intercept: beta[0]!, coefficients: beta.slice(1), lambda, trained };
}
