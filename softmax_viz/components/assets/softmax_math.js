// softmax in the browser, as softmax_viz.core computes it. No DOM: Node imports this module for
// tests against Python (tests/js), and the live charts import it for their previews.
//
// Each step follows the core's arithmetic, so the browser's numbers agree with Python's to an
// ulp or two, which the sampling chart needs where a cut depends on a sum reaching p: the same
// shift, the subtraction's rounding error folded back in, numpy's pairwise summation with the
// largest term added last.

const LN_MAX = Math.log(Number.MAX_VALUE); // exp overflows above this
const PAIRWISE_BLOCK = 128; // numpy's PW_BLOCKSIZE

// numpy's pairwise summation of a float64 array (what np.sum does over a contiguous row).
function pairwiseSum(values, start, count) {
  if (count < 8) {
    let total = 0;
    for (let k = start; k < start + count; k++) total += values[k];
    return total;
  }
  if (count <= PAIRWISE_BLOCK) {
    const partial = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]);
    let k = 8;
    for (; k < count - (count % 8); k += 8) for (let j = 0; j < 8; j++) partial[j] += values[start + k + j];
    let total = partial[0] + partial[1] + (partial[2] + partial[3]) + (partial[4] + partial[5] + (partial[6] + partial[7]));
    for (; k < count; k++) total += values[start + k];
    return total;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/**
 * softmax(logits) as softmax_viz.core.softmax computes it: no shift where exp cannot overflow
 * (0 <= max < limit), else the max-shift with its rounding error folded back in; the largest
 * term added last. −inf (a removed token) gets exactly 0.
 *
 * @param {ArrayLike<number>} logits  finite numbers or -Infinity, at least one finite
 * @returns {Float64Array}
 */
export function softmax(logits) {
  const count = logits.length;
  let top = 0;
  for (let k = 1; k < count; k++) if (logits[k] > logits[top]) top = k;
  const peak = logits[top];
  const limit = LN_MAX - Math.log(count) - 1;
  const e = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const x = logits[k];
    if (x === -Infinity) continue;
    if (peak >= 0 && peak < limit) {
      e[k] = Math.exp(x);
    } else {
      const shift = peak < limit ? Math.min(peak, 0) : peak;
      const hi = x - shift;
      // TwoSum's error term of x − shift (exact for any magnitudes).
      const fromShift = hi - x;
      const fromX = hi - fromShift;
      const lo = x - fromX - (fromShift + shift);
      const exp = Math.exp(hi);
      e[k] = exp + exp * lo;
    }
  }
  const largest = e[top];
  e[top] = 0;
  const total = pairwiseSum(e, 0, count) + largest;
  e[top] = largest;
  for (let k = 0; k < count; k++) e[k] /= total;
  return e;
}

/**
 * x / T, shifted by the maximum first where the plain quotient would overflow
 * (softmax_viz.core.temperature_scaled).
 */
export function temperatureScaled(logits, temperature) {
  const scaled = Float64Array.from(logits, (x) => x / temperature);
  if (scaled.every((z, k) => Number.isFinite(z) || !Number.isFinite(logits[k]))) return scaled;
  let peak = -Infinity;
  for (const x of logits) if (x > peak) peak = x;
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
