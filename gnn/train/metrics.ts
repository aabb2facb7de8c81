/**
 * Classification metrics on plain arrays (computed after one device→host copy per evaluation).
 * ROC-AUC and average precision follow scikit-learn's definitions (ties averaged for AUC,
 * step-wise precision·Δrecall for AP), so numbers compare with PyG/OGB reference results.
 */

/** Fraction of rows whose arg-max column equals the label; `probs` is [n, c] row-major. */
export function accuracyFromScores(scores: Float32Array, numClasses: number, labels: ArrayLike<number>): number {
  const n = labels.length;
  if (n === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (scores[i * numClasses + c] > scores[i * numClasses + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

/** Fraction of binary labels matched by `score > threshold`. */
export function binaryAccuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0): number {
  const n = labels.length;
  if (n === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < n; i++) if ((scores[i] > threshold ? 1 : 0) === (labels[i] > 0.5 ? 1 : 0)) correct++;
  return correct / n;
}

function order(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => scores[a] - scores[b]);
}

/** Area under the ROC curve (Mann–Whitney U with averaged ranks for ties); NaN when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = order(scores);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]] > 0.5) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k over distinct score thresholds, descending. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = order(scores).reverse();
  let totalPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0.5) totalPos++;
  if (totalPos === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    for (let k = i; k <= j; k++) if (labels[idx[k]] > 0.5) tp++;
    seen = j + 1;
    const recall = tp / totalPos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}
