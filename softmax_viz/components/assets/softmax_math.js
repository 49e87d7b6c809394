// softmax in the browser, as softmax_viz.core computes it. No DOM: Node imports this module for
// tests against Python (tests/js), and the live charts import it for their previews.
//
// Each function follows the core step by step, so that a preview and Python's numbers agree to
// about an ulp: x − max is split exactly into hi + lo (TwoSum) and the exponential is taken as
// exp(hi)·(1 + lo); the largest term is added last; sums are taken in numpy's order. (Only
// Math.exp and numpy's exp may round differently, by an ulp at most.)

const LN_MAX_DOUBLE = Math.log(Number.MAX_VALUE); // exp overflows above this

/**
 * Σ values in numpy's order: one by one below 8 terms, 8 running sums combined in pairs up to
 * 128, and longer sums split in halves first.
 *
 * @param {Float64Array} values
 * @returns {number}
 */
export function numpySum(values) {
  const count = values.length;
  if (count < 8) {
    let total = -0;
    for (let k = 0; k < count; k++) total += values[k];
    return total;
  }
  if (count > 128) {
    const half = Math.floor(count / 16) * 8;
    return numpySum(values.subarray(0, half)) + numpySum(values.subarray(half));
  }
  const partial = Array.from(values.subarray(0, 8));
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
 * (0 <= m < ln(max double) − ln K − 1), which leaves x exact. Masked classes (−Infinity) get
 * exactly 0.
 *
 * @param {ArrayLike<number>} logits  finite numbers or -Infinity, not all -Infinity
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
    if (x === -Infinity) {
      e[k] = 0;
    } else if (peak >= 0 && peak < limit) {
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

/**
 * x / T, shifted by the maximum first where the plain quotient would overflow (|x| near 1e308,
 * small T), as softmax_viz.core.temperature_scaled computes it.
 *
 * @param {ArrayLike<number>} logits  finite numbers or -Infinity
 * @param {number} temperature  T > 0
 * @returns {Float64Array}
 */
export function temperatureScaled(logits, temperature) {
  const scaled = Float64Array.from(logits, (x) => x / temperature);
  if (scaled.every((z, k) => Number.isFinite(z) || !Number.isFinite(logits[k]))) return scaled;
  const peak = logits[argmax(logits)];
  return Float64Array.from(logits, (x) => (x - peak) / temperature);
}

/**
 * softmax(x / T), as softmax_viz.core.softmax_temperature computes it.
 *
 * @param {ArrayLike<number>} logits  finite numbers or -Infinity, not all -Infinity
 * @param {number} [temperature]  T > 0
 * @returns {Float64Array} probabilities, summing to 1 up to rounding
 */
export function softmaxTemperature(logits, temperature = 1) {
  return softmax(temperatureScaled(logits, temperature));
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
