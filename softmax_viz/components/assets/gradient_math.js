// The numbers the live gradient chart computes in the browser while a logit moves: softmax, its
// Jacobian, the log-sum-exp c of the other logits (y_i = σ(x_i − c)), and cross-entropy with its
// gradient. No DOM: Node imports this module too.
//
// Each function follows softmax_viz.core step by step, so that the preview and Python's numbers
// agree to about an ulp: x − max is split exactly into hi + lo (TwoSum) and the exponential is
// taken as exp(hi)·(1 + lo); the largest term is added last; sums are taken in numpy's order.
// Logits are finite numbers.

const LN_MAX_DOUBLE = Math.log(Number.MAX_VALUE); // exp overflows above this

/**
 * Σ values in numpy's order for up to 128 terms (numpy splits longer sums in halves first; the
 * chart has at most 12): one by one below 8 terms, else 8 running sums combined in pairs.
 */
function numpySum(values) {
  const count = values.length;
  if (count < 8) {
    let total = -0;
    for (let k = 0; k < count; k++) total += values[k];
    return total;
  }
  const partial = Array.from(values.slice(0, 8));
  let k = 8;
  for (; k < count - (count % 8); k += 8) for (let j = 0; j < 8; j++) partial[j] += values[k + j];
  // prettier-ignore
  let total = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
    + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
  for (; k < count; k++) total += values[k];
  return total;
}

/** The first index of the largest value. */
function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** lo = (x − shift) − hi exactly, for hi = fl(x − shift): Knuth's TwoSum. */
function subtractionError(x, shift, hi) {
  const fromShift = hi - x;
  const fromX = x - (hi - fromShift);
  return fromX - (fromShift + shift);
}

/** exp(hi)·(1 + lo): exp(hi + lo) to within lo²/2. */
function expFolded(hi, lo) {
  const e = Math.exp(hi);
  return e + e * lo;
}

/**
 * softmax(x), as softmax_viz.core.softmax computes it.
 *
 * The shift is the maximum m, or 0 where exp(x) can neither overflow nor sum below 1
 * (0 <= m < ln(max double) − ln K − 1), which leaves x exact.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @returns {Float64Array} the probabilities
 */
export function softmax(logits) {
  const count = logits.length;
  const top = argmax(logits);
  const peak = logits[top];
  const limit = LN_MAX_DOUBLE - Math.log(count) - 1;
  const e = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const x = logits[k];
    if (peak >= 0 && peak < limit) {
      e[k] = Math.exp(x);
    } else if (peak < limit) {
      // x <= m < 0: Fast2Sum's error term is exact.
      const hi = x - peak;
      e[k] = expFolded(hi, x - hi - peak);
    } else {
      const hi = x - peak;
      e[k] = expFolded(hi, subtractionError(x, peak, hi));
    }
  }
  const largest = e[top];
  e[top] = 0;
  const total = numpySum(e) + largest;
  e[top] = largest;
  for (let k = 0; k < count; k++) e[k] /= total;
  return e;
}

/** x − m split exactly into hi + lo, and log Σ exp(x − m) as log1p of the terms besides one maximum. */
function shiftedAndLogSum(logits) {
  const count = logits.length;
  const peak = logits[argmax(logits)];
  const hi = new Float64Array(count);
  const lo = new Float64Array(count);
  const rest = new Float64Array(count);
  let maxima = 0;
  for (let k = 0; k < count; k++) {
    hi[k] = logits[k] - peak;
    lo[k] = subtractionError(logits[k], peak, hi[k]);
    if (hi[k] === 0) maxima += 1;
    else rest[k] = expFolded(hi[k], lo[k]);
  }
  // Each maximum's term is exactly 1: ties add 1 each beyond the first.
  const others = 0 + numpySum(rest) + (maxima - 1);
  return { peak, hi, lo, logSum: Math.log1p(others) };
}

/**
 * log softmax(x), without the log of a probability, as softmax_viz.core.log_softmax.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @returns {Float64Array}
 */
export function logSoftmax(logits) {
  const { hi, lo, logSum } = shiftedAndLogSum(logits);
  return Float64Array.from(hi, (value, k) => value - logSum + lo[k]);
}

/**
 * log Σ exp(x), as softmax_viz.core.logsumexp.
 *
 * @param {ArrayLike<number>} logits  finite numbers
 * @returns {number}
 */
export function logSumExp(logits) {
  if (logits.length === 0) return -Infinity; // the log of an empty sum, as in the core
  const { peak, logSum } = shiftedAndLogSum(logits);
  return peak + logSum;
}

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
