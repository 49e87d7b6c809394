// softmax in the browser, as softmax_viz.core computes it. No DOM: Node imports this module for
// tests against Python (tests/js), and the live charts import it for their previews.

/**
 * softmax(x / T) with the max-shift, as softmax_viz.core.softmax_temperature computes it.
 *
 * exp(z − max z) never sees a positive argument, so it cannot overflow; the largest term is
 * exactly 1, so the sum cannot underflow to 0. Masked classes (−Infinity) get exactly 0.
 * Where x / T itself would overflow (|x| near 1e308, small T), x is shifted by its maximum
 * before dividing, as core.temperature_scaled does.
 *
 * @param {ArrayLike<number>} logits  finite numbers or -Infinity, not all -Infinity
 * @param {number} [temperature]  T > 0
 * @returns {Float64Array} probabilities, summing to 1 up to rounding
 */
export function softmaxTemperature(logits, temperature = 1) {
  const count = logits.length;
  let scaled = Float64Array.from(logits, (x) => x / temperature);
  if (scaled.some((z, k) => !Number.isFinite(z) && Number.isFinite(logits[k]))) {
    let peak = -Infinity;
    for (let k = 0; k < count; k++) if (logits[k] > peak) peak = logits[k];
    scaled = Float64Array.from(logits, (x) => (x - peak) / temperature);
  }
  let peak = -Infinity;
  for (let k = 0; k < count; k++) if (scaled[k] > peak) peak = scaled[k];
  const result = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    result[k] = Math.exp(scaled[k] - peak);
    total += result[k];
  }
  for (let k = 0; k < count; k++) result[k] /= total;
  return result;
}
