// The sampling pipeline in the browser: temperature, top-k, top-p, min-p and min_tokens_to_keep
// in the three libraries' orders, exactly as softmax_viz.sampling.pipeline computes them.
//
// No DOM: Node imports this module to check it against Python's fixtures, and the live sampling
// chart imports it for its preview. Every number it computes is replaced by Python's once the
// learner lets go; until then it must agree with Python (identical kept sets, probabilities and
// thresholds within 1e-12 relative), so each step follows the Python code's arithmetic:
// the same shift in softmax, numpy's pairwise summation, np.cumsum's running sums, and the same
// order of operations in the boundary rules of top-p and min-p.

import { softmax, temperatureScaled } from "./softmax_math.js";

export const ORDERS = {
  transformers: ["temperature", "top_k", "top_p", "min_p"],
  vllm: ["temperature", "min_p", "top_k", "top_p"],
  "llama.cpp": ["top_k", "top_p", "min_p", "temperature"],
};
// llama.cpp truncates to exactly k; the others keep every token tied with the k-th.
const TOP_K_KEEPS_TIES = { transformers: true, vllm: true, "llama.cpp": false };
const EPS = 2 ** -52;

/**
 * Token indices from the largest logit down, the lower index first among equals; −inf last.
 * This is the one sort per vector; every stage's ranking is derived from it.
 *
 * @param {ArrayLike<number>} logits
 * @returns {Int32Array}
 */
export function ranked(logits) {
  const order = Int32Array.from(logits, (_, k) => k);
  return order.sort((a, b) => (logits[a] === logits[b] ? a - b : logits[a] > logits[b] ? -1 : 1));
}

// The tokens still in the race (finite logits), best first, lower index first among equals,
// from `inputOrder` (ranked input logits). Every step maps logits monotonically (x / T, or a
// removal to −inf), so the input's order stays sorted; only values that became equal (x / T
// rounding two logits together) need their tie broken by index again.
function aliveRanking(current, inputOrder) {
  const order = [];
  for (const k of inputOrder) if (current[k] > -Infinity) order.push(k);
  let start = 0;
  for (let end = 1; end <= order.length; end++) {
    if (end === order.length || current[order[end]] !== current[order[start]]) {
      if (end - start > 1) {
        const run = order.slice(start, end).sort((a, b) => a - b);
        order.splice(start, run.length, ...run);
      }
      start = end;
    }
  }
  return order;
}

function topKCut(current, order, k, keepTies, minTokensToKeep) {
  const count = Math.min(Math.max(k, minTokensToKeep), order.length);
  const threshold = current[order[count - 1]];
  const kept = new Uint8Array(current.length);
  if (keepTies) {
    for (let i = 0; i < current.length; i++) kept[i] = current[i] >= threshold ? 1 : 0;
  } else {
    for (let r = 0; r < count; r++) kept[order[r]] = 1;
  }
  return { kept, threshold, rounding: new Uint8Array(current.length) };
}

// The running sums of the tokens still in the race, best first (np.cumsum's order).
function cumulativeByRank(current, order) {
  const probabilities = softmax(current);
  const sums = new Float64Array(order.length);
  let sum = 0;
  order.forEach((k, r) => {
    sum += probabilities[k];
    sums[r] = sum;
  });
  return sums;
}

// The shortest prefix whose sum reaches p up to the rounding of the sums (the boundary rule of
// softmax_viz.sampling.top_p_cut), raised to min_tokens_to_keep; the tokens a strict ≥ p would
// have kept and this rule removed are marked `rounding`.
function topPCut(current, order, topP, minTokensToKeep, rule) {
  const sums = cumulativeByRank(current, order);
  const reaches = (j) => sums[j - 1] >= topP - (j + rule.topPSlack) * EPS * topP;
  let count = 1;
  while (count < order.length && !reaches(count)) count++;
  let strict = 1;
  while (strict < order.length && !(sums[strict - 1] >= topP)) strict++;
  const floor = Math.min(minTokensToKeep, order.length);
  count = Math.max(count, floor);
  strict = Math.max(strict, floor);
  const kept = new Uint8Array(current.length);
  const rounding = new Uint8Array(current.length);
  for (let r = 0; r < count; r++) kept[order[r]] = 1;
  for (let r = count; r < strict; r++) rounding[order[r]] = 1;
  return { kept, threshold: sums[count - 1], rounding };
}

// p_i ≥ min_p · max p up to the rounding of that product (softmax_viz.sampling.min_p_cut); the
// tokens kept only by the tolerance are marked `rounding`.
function minPCut(current, order, minP, minTokensToKeep, rule) {
  const probabilities = softmax(current);
  let largest = 0;
  for (const p of probabilities) if (p > largest) largest = p;
  const threshold = minP * largest;
  const lowest = threshold - rule.minPSlack * EPS * threshold;
  const kept = new Uint8Array(current.length);
  const rounding = new Uint8Array(current.length);
  const protectedCount = Math.min(minTokensToKeep, order.length);
  const isProtected = new Uint8Array(current.length);
  for (let r = 0; r < protectedCount; r++) isProtected[order[r]] = 1;
  for (let i = 0; i < current.length; i++) {
    const alive = current[i] > -Infinity;
    const byRule = alive && probabilities[i] >= lowest;
    kept[i] = byRule || isProtected[i] ? 1 : 0;
    rounding[i] = byRule && !isProtected[i] && !(probabilities[i] >= threshold) ? 1 : 0;
  }
  return { kept, threshold, rounding };
}

/**
 * Every stage of the pipeline: the input, then the four steps in `settings.order`, as
 * softmax_viz.sampling.pipeline returns them. A filter set to null (or top-p 1) is off.
 *
 * @param {ArrayLike<number>} logits  finite or -Infinity, at least one finite
 * @param {{temperature: number, topK: number|null, topP: number|null, minP: number|null,
 *          order: string, minTokensToKeep: number}} settings
 * @param {{topPSlack: number, minPSlack: number}} rule  the boundary rule's constants, from Python
 * @param {Int32Array} [inputOrder]  ranked(logits), computed once per vector
 * @returns {{name: string, setting: number|null, logits: Float64Array,
 *            probabilities: Float64Array, removed: Uint8Array, threshold: number,
 *            rounding: Uint8Array, kept: Uint8Array}[]}
 */
export function pipeline(logits, settings, rule, inputOrder = ranked(logits)) {
  let current = Float64Array.from(logits);
  const size = current.length;
  const keptOf = (values) => Uint8Array.from(values, (x) => (x > -Infinity ? 1 : 0));
  const stages = [
    {
      name: "input",
      setting: null,
      logits: current,
      probabilities: softmax(current),
      removed: new Uint8Array(size),
      threshold: NaN,
      rounding: new Uint8Array(size),
      kept: keptOf(current),
    },
  ];
  const values = { temperature: settings.temperature, top_k: settings.topK, top_p: settings.topP, min_p: settings.minP };
  for (const name of ORDERS[settings.order]) {
    let setting = values[name];
    let threshold = NaN;
    let rounding = new Uint8Array(size);
    if (name === "temperature") {
      current = temperatureScaled(current, settings.temperature);
    } else if (setting !== null && !(name === "top_p" && setting === 1)) {
      const order = aliveRanking(current, inputOrder);
      let cut;
      if (name === "top_k") {
        cut = topKCut(current, order, setting, TOP_K_KEEPS_TIES[settings.order], settings.minTokensToKeep);
      } else if (name === "top_p") {
        cut = topPCut(current, order, setting, settings.minTokensToKeep, rule);
      } else {
        cut = minPCut(current, order, setting, settings.minTokensToKeep, rule);
      }
      ({ threshold, rounding } = cut);
      current = current.map((x, i) => (cut.kept[i] ? x : -Infinity));
    } else {
      setting = null;
    }
    const kept = keptOf(current);
    const before = stages[stages.length - 1].kept;
    stages.push({
      name,
      setting,
      logits: current,
      probabilities: softmax(current),
      removed: kept.map((k, i) => (before[i] && !k ? 1 : 0)),
      threshold,
      rounding,
      kept,
    });
  }
  return stages;
}

/**
 * For each token, the position in `stages` of the stage that removed it: 0 for a token masked
 * in the input, −1 for one every stage kept (softmax_viz.sampling.removing_stage).
 */
export function removingStage(stages) {
  const positions = Int32Array.from(stages[0].kept, (k) => (k ? -1 : 0));
  stages.forEach((stage, position) => {
    if (position > 0) stage.removed.forEach((r, i) => r && (positions[i] = position));
  });
  return positions;
}

function keptCount(stage) {
  return stage.kept.reduce((n, k) => n + k, 0);
}

// ---------------------------------------------------------------------------------------------
// What the live chart draws, in the form Python sends it (softmax_viz.components.live_sampling).
// ---------------------------------------------------------------------------------------------

const CURVE_RANKS = 40; // ranks drawn on top-p's cumulative curve

// Each shown token's value, and `rest` for the rest column (every token when `shown` is null).
function perColumn(values, shown, rest) {
  return shown === null ? Array.from(values) : [...shown.map((k) => values[k]), rest];
}

// The probabilities of the columns: the rest column sums the tokens not shown directly.
function columnProbabilities(probabilities, shown, isShown) {
  if (shown === null) return Array.from(probabilities);
  let rest = 0;
  probabilities.forEach((p, k) => {
    if (!isShown[k]) rest += p;
  });
  return perColumn(probabilities, shown, rest);
}

function sameKept(a, b) {
  return a.every((k, i) => k === b[i]);
}

/**
 * The pipeline as the live chart draws it: each stage on the shown columns with its counts,
 * threshold and marks, the stage that removed each column, where top-p cuts, and the final
 * stage of each order. The same form as Python's live_sampling.summary, so the chart draws
 * either.
 *
 * @param {ArrayLike<number>} logits
 * @param {object} settings  as for pipeline()
 * @param {object} rule  as for pipeline()
 * @param {Int32Array} inputOrder  ranked(logits)
 * @param {number[]|null} shown  the tokens drawn as columns, or null for all of them
 */
export function summary(logits, settings, rule, inputOrder, shown) {
  const isShown = new Uint8Array(logits.length);
  if (shown !== null) for (const k of shown) isShown[k] = 1;
  const bool = (mask) => perColumn(Array.from(mask, (m) => m === 1), shown, false);
  const finals = {};
  let stages = null;
  for (const order of Object.keys(ORDERS)) {
    const run = pipeline(logits, { ...settings, order }, rule, inputOrder);
    finals[order] = run.at(-1);
    if (order === settings.order) stages = run;
  }
  const position = stages.findIndex((stage) => stage.name === "top_p");
  const topP = stages[position];
  let cut = null;
  if (topP.setting !== null) {
    const before = stages[position - 1].logits;
    const sums = cumulativeByRank(before, aliveRanking(before, inputOrder));
    cut = {
      p: topP.setting,
      count: keptCount(topP),
      total: sums.length,
      mass: topP.threshold,
      rounding: topP.rounding.some((m) => m === 1),
      sums: Array.from(sums.subarray(0, CURVE_RANKS)),
    };
  }
  const finalsList = Object.values(finals);
  return {
    stages: stages.map((stage) => ({
      name: stage.name,
      setting: stage.setting,
      kept: keptCount(stage),
      removed: stage.removed.reduce((n, r) => n + r, 0),
      threshold: Number.isNaN(stage.threshold) ? null : stage.threshold,
      p: columnProbabilities(stage.probabilities, shown, isShown),
      out: bool(stage.kept.map((k) => 1 - k)),
      rounding: bool(stage.rounding),
      roundingCount: stage.rounding.reduce((n, r) => n + r, 0),
    })),
    removedBy: perColumn(removingStage(stages), shown, -1),
    cut,
    orders: Object.fromEntries(
      Object.entries(finals).map(([order, final]) => [
        order,
        { kept: keptCount(final), p: columnProbabilities(final.probabilities, shown, isShown) },
      ]),
    ),
    ordersSame: finalsList.every((final) => sameKept(final.kept, finalsList[0].kept)),
  };
}
