// The numbers the live gradient chart computes in the browser while a logit moves: the Jacobian
// of softmax, the log-sum-exp c of the other logits (y_i = σ(x_i − c)), cross-entropy with its
// gradient, the sigmoid. No DOM: Node imports this module too. Built on softmax_math.js, and
// like it computed as softmax_viz.core computes. Logits are finite numbers.

import { logSoftmax, logSumExp, numpySum, softmax } from "./softmax_math.js";

/**
 * c = log Σ_{j≠i} exp(x_j): with the other logits fixed, y_i = σ(x_i − c). A single class has
 * no others: c = −∞, and y_i = 1 wherever x_i is.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @param {number} index  the swept class i (0-based)
 * @returns {number}
 */
export function sweepShift(logits, index) {
  return logSumExp(Array.prototype.filter.call(logits, (_, k) => k !== index));
}

/**
 * J = diag(y) − y yᵀ, row by row, as softmax_viz.core.softmax_jacobian.
 *
 * @param {ArrayLike<number>} probabilities
 * @returns {Float64Array[]} J[i][j] = ∂y_i/∂x_j
 */
export function jacobian(probabilities) {
  return Array.from(probabilities, (yi, i) =>
    Float64Array.from(probabilities, (yj, j) => (i === j ? -yi * yj + yi : -yi * yj)),
  );
}

/**
 * Cross-entropy −log softmax(x)_t and its gradient softmax(x) − onehot(t), as
 * softmax_viz.core.cross_entropy.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @param {number} target  the true class t (0-based)
 * @returns {{loss: number, gradient: Float64Array}}
 */
export function crossEntropy(logits, target) {
  const gradient = softmax(logits);
  gradient[target] -= 1;
  return { loss: -logSoftmax(logits)[target], gradient };
}

/**
 * The logistic sigmoid 1 / (1 + e^{−z}) without overflow, as softmax_viz.core.sigmoid.
 *
 * @param {number} z
 * @returns {number}
 */
export function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/**
 * Everything the chart draws for logits x, swept class i and true class t.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @param {number} swept  i (0-based)
 * @param {number} target  t (0-based)
 */
export function gradientView(logits, swept, target) {
  const probabilities = softmax(logits);
  const matrix = jacobian(probabilities);
  const { loss, gradient } = crossEntropy(logits, target);
  return {
    probabilities,
    jacobian: matrix,
    rowSums: matrix.map(numpySum),
    shift: sweepShift(logits, swept),
    loss,
    gradient,
  };
}
