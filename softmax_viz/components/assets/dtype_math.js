// Softmax in float16, float32 and float64, step by step, as numpy computes it in
// softmax_viz.core.trace_softmax: the same operations in the same order, each rounded to the
// dtype, and the same floating-point events named for the same elements.
//
// No DOM: Node imports this module for its tests, and the overflow lab imports it in the page.
//
// How each dtype is reproduced:
// - float64 is JavaScript's own number.
// - float32: every result goes through Math.fround. A double holds the exact sum, difference or
//   quotient of two float32 values closely enough that rounding it again to float32 gives the
//   correctly rounded float32 result, as numpy's float32 arithmetic does.
// - float16: every result goes through Math.f16round (or, where the browser lacks it, the exact
//   rounding below). numpy computes float16 arithmetic in float32 and rounds the result to
//   float16, which for +, − and ÷ is again the correctly rounded float16 result.
// - exp is the one operation not correctly rounded by numpy: its float32 exp (which float16 uses
//   too) may differ from the correctly rounded value in the last bit or two. Near the limits
//   (inf, the smallest normal number) both agree, so the events are the same.
// - sums follow numpy's pairwise summation (eight partial sums for eight terms or more), in
//   float32 for float16 terms, rounded to float16 at the end.

const SMALLEST_NORMAL = { float16: 2 ** -14, float32: 2 ** -126, float64: 2 ** -1022 };
const HALF_OVERFLOW = 65520; // halfway between float16's largest number, 65504, and 2^16
const HALF_SUBNORMAL_QUANTUM = 2 ** -24;
const PAIRWISE_LANES = 8;

export const DTYPES = Object.freeze(["float16", "float32", "float64"]);

/**
 * x rounded to the nearest float16 (ties to even), as a number: the exact rounding for browsers
 * without Math.f16round.
 *
 * @param {number} x
 * @returns {number}
 */
export function roundToHalf(x) {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  let rounded;
  if (magnitude >= HALF_OVERFLOW) {
    rounded = Infinity;
  } else if (magnitude < SMALLEST_NORMAL.float16) {
    rounded = roundHalfEven(magnitude / HALF_SUBNORMAL_QUANTUM) * HALF_SUBNORMAL_QUANTUM;
  } else {
    const quantum = 2 ** (binaryExponent(magnitude) - 10); // 11 significant bits
    rounded = roundHalfEven(magnitude / quantum) * quantum;
  }
  return x < 0 ? -rounded : rounded;
}

/** float16 rounding: the browser's own where it has one. */
export const f16round = typeof Math.f16round === "function" ? Math.f16round : roundToHalf;

// ⌊log2 m⌋ for a positive finite m, exactly (Math.log2 may be off by one next to a power of 2).
function binaryExponent(magnitude) {
  let exponent = Math.floor(Math.log2(magnitude));
  if (2 ** exponent > magnitude) exponent -= 1;
  if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  return exponent;
}

// v is exact here (a scaled double below 2^11), so its fraction is too.
function roundHalfEven(v) {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const identity = (x) => x;

/**
 * How a dtype rounds: `round` after each operation, `accumulate` for the partial sums of a sum.
 *
 * @param {string} dtype  "float16", "float32" or "float64"
 */
export function format(dtype) {
  if (dtype === "float64") return { round: identity, accumulate: identity };
  if (dtype === "float32") return { round: Math.fround, accumulate: Math.fround };
  if (dtype === "float16") return { round: f16round, accumulate: Math.fround };
  throw new RangeError(`unknown dtype ${dtype}`);
}

// numpy's pairwise sum of at most 128 terms: eight partial sums over the terms in groups of
// eight, combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the terms left over
// one by one; under eight terms, one running sum from 0. Every operation rounded by `add`.
function pairwiseSum(terms, accumulate) {
  const add = (a, b) => accumulate(a + b);
  const count = terms.length;
  if (count < PAIRWISE_LANES) return terms.reduce(add, 0);
  const lanes = Array.from(terms.slice(0, PAIRWISE_LANES), accumulate);
  let next = PAIRWISE_LANES;
  for (; next < count - (count % PAIRWISE_LANES); next += PAIRWISE_LANES) {
    for (let lane = 0; lane < PAIRWISE_LANES; lane++) lanes[lane] = add(lanes[lane], terms[next + lane]);
  }
  let total = add(add(add(lanes[0], lanes[1]), add(lanes[2], lanes[3])), add(add(lanes[4], lanes[5]), add(lanes[6], lanes[7])));
  for (; next < count; next++) total = add(total, terms[next]);
  return total;
}

// A finite double as mantissa · 2^exponent with an integer mantissa, exactly.
function exactParts(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return [x < 0 ? -mantissa : mantissa, exponent];
}

// Whether quotient · divisor equals dividend exactly: the division was not rounded.
function divisionExact(quotient, dividend, divisor) {
  const [mq, eq] = exactParts(quotient);
  const [md, ed] = exactParts(divisor);
  const [mn, en] = exactParts(dividend);
  const shift = eq + ed - en;
  const product = mq * md;
  return shift >= 0 ? product << BigInt(shift) === mn : product === mn << BigInt(-shift);
}

// The elements (0-based) where each event happened; events that did not happen are left out.
function events(masks) {
  const found = {};
  for (const [name, mask] of Object.entries(masks)) {
    const where = [];
    mask.forEach((flag, k) => flag && where.push(k));
    if (where.length) found[name] = where;
  }
  return found;
}

function step(name, value, masks = {}) {
  return { name, value, events: events(masks) };
}

/**
 * Every intermediate of the naive and the max-shifted softmax of `x` in `dtype`, and the
 * floating-point events each step raised, as softmax_viz.core.trace_softmax reports them.
 *
 * The naive path is input → exp → sum → quotient; the max-shifted one is input → max →
 * shifted → exp → sum → quotient. Each step is {name, value, events}: `value` an array (one
 * number for max and sum), `events` maps "overflow", "underflow" or "invalid" to the 0-based
 * elements involved.
 *
 * @param {number[]} x  float64 values, at least one
 * @param {string} dtype  "float16", "float32" or "float64"
 * @param {(v: number) => number} exp  e^v before rounding to the dtype; the tests give numpy's
 *   own values here to check every other step bit for bit
 * @returns {{naive: object[], stable: object[]}}
 */
export function traceSoftmax(x, dtype, exp = Math.exp) {
  const { round, accumulate } = format(dtype);
  const tiny = (v) => Math.abs(v) < SMALLEST_NORMAL[dtype];

  const values = x.map(round);
  const input = step("input", values, {
    overflow: values.map((v, k) => !Number.isFinite(v) && Number.isFinite(x[k])),
    underflow: values.map((v, k) => tiny(v) && v !== x[k]),
  });
  const peak = values.some(Number.isNaN) ? NaN : Math.max(...values);
  const shiftedValues = values.map((v) => round(v - peak));
  const shifted = step("shifted", shiftedValues, {
    overflow: shiftedValues.map((s, k) => !Number.isFinite(s) && !Number.isNaN(s) && Number.isFinite(values[k]) && Number.isFinite(peak)),
    invalid: shiftedValues.map((s, k) => Number.isNaN(s) && !Number.isNaN(values[k]) && !Number.isNaN(peak)),
  });

  const rest = (start) => {
    const exps = start.map((v) => round(exp(v)));
    const expStep = step("exp", exps, {
      overflow: exps.map((e, k) => e === Infinity && Number.isFinite(start[k])),
      underflow: exps.map((e, k) => tiny(e) && Number.isFinite(start[k])),
    });
    const total = round(pairwiseSum(exps, accumulate));
    const allFinite = exps.every(Number.isFinite);
    const sum = step("sum", [total], {
      overflow: exps.map((e) => Number.isFinite(e) && !Number.isFinite(total) && !Number.isNaN(total) && allFinite),
    });
    const quotients = exps.map((e) => round(e / total));
    const divided = (e) => e !== 0 && Number.isFinite(e) && Number.isFinite(total) && total !== 0;
    const quotient = step("quotient", quotients, {
      invalid: quotients.map((q, k) => Number.isNaN(q) && !Number.isNaN(exps[k]) && !Number.isNaN(total)),
      underflow: quotients.map((q, k) => divided(exps[k]) && tiny(q) && !divisionExact(q, exps[k], total)),
    });
    return [expStep, sum, quotient];
  };

  return {
    naive: [input, ...rest(values)],
    stable: [input, step("max", [peak]), shifted, ...rest(shiftedValues)],
  };
}

/**
 * A number as Python's float() reads it back to the same double: "inf", "-inf", "nan", or
 * JavaScript's shortest round-trip form ("1e+308", "0.1").
 *
 * @param {number} x
 * @returns {string}
 */
export function pythonFloat(x) {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return Object.is(x, -0) ? "-0.0" : String(x);
}

/**
 * The inverse of pythonFloat, for Python's repr(float): "inf", "-inf", "nan" or a number.
 *
 * @param {string} text
 * @returns {number}
 */
export function fromPythonFloat(text) {
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  if (text === "nan") return NaN;
  return Number(text);
}
