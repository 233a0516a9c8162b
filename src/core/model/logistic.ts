/**
 * A small logistic-regression model on standardised features: `p = σ(b + Σ wᵢ·(xᵢ − μᵢ)/σᵢ)`.
 * Used by the reranker (weights shipped in reranker.json) and fitted by scripts/train-reranker.ts.
 */
export interface LogisticModel {
  features: readonly string[];
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probability of the positive class for one feature vector. */
export function predict(model: LogisticModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) {
    const std = model.std[i] || 1;
    z += model.weights[i]! * (((x[i] ?? 0) - (model.mean[i] ?? 0)) / std);
  }
  return sigmoid(z);
}

/** Options of {@link fitLogistic}. */
export interface FitOptions {
  /** L2 penalty on the weights (not the bias). */
  l2?: number;
  /** Newton iterations at most. */
  epochs?: number;
  /** Weight of positive examples (they are rare among candidates). */
  positiveWeight?: number;
}

/** Solves `A x = b` by Gaussian elimination with partial pivoting (A is small and symmetric positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Fits by Newton's method (iteratively reweighted least squares) with an L2 penalty on the weights: the features
 * are few, so each step is a small linear solve; converges in a handful of iterations.
 */
export function fitLogistic(
  features: readonly string[],
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  options: FitOptions = {},
): LogisticModel {
  const { l2 = 1e-3, epochs = 30, positiveWeight = 1 } = options;
  const d = features.length;
  const n = xs.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const x of xs) for (let i = 0; i < d; i++) mean[i]! += (x[i] ?? 0) / Math.max(1, n);
  for (const x of xs) for (let i = 0; i < d; i++) std[i]! += ((x[i] ?? 0) - mean[i]!) ** 2 / Math.max(1, n);
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]!) || 1;
  // Column d is the bias (constant 1).
  const zs = xs.map((x) => [...x.map((v, i) => (v - mean[i]!) / std[i]!), 1]);
  const beta = new Array<number>(d + 1).fill(0);
  let totalWeight = 0;
  for (const y of ys) totalWeight += y > 0.5 ? positiveWeight : 1;
  for (let iter = 0; iter < epochs; iter++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let k = 0; k < n; k++) {
      const z = zs[k]!;
      let s = 0;
      for (let i = 0; i <= d; i++) s += beta[i]! * z[i]!;
      const p = sigmoid(s);
      const y = ys[k]!;
      const w = (y > 0.5 ? positiveWeight : 1) / totalWeight;
      const err = (p - y) * w;
      const curv = p * (1 - p) * w;
      for (let i = 0; i <= d; i++) {
        grad[i]! += err * z[i]!;
        const ci = curv * z[i]!;
        for (let j = i; j <= d; j++) hess[i]![j]! += ci * z[j]!;
      }
    }
    for (let i = 0; i <= d; i++) for (let j = 0; j < i; j++) hess[i]![j] = hess[j]![i]!;
    for (let i = 0; i < d; i++) {
      grad[i]! += l2 * beta[i]!;
      hess[i]![i]! += l2;
    }
    hess[d]![d]! += 1e-9;
    const step = solve(hess, grad);
    let change = 0;
    for (let i = 0; i <= d; i++) {
      beta[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-6) break;
  }
  return { features: [...features], mean, std, weights: beta.slice(0, d), bias: beta[d]! };
}
