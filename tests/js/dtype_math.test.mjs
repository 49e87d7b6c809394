// dtype_math.js against softmax_viz.core: the core's traces and numpy's float16 roundings come
// from tests/test_live_overflow_math.py through $FIXTURES.
// Node 20 has no Math.f16round, so here float16 runs on the module's own exact rounding.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  fromPythonFloat,
  pythonFloat,
  roundToHalf,
  traceSoftmax,
} from "../../softmax_viz/components/assets/dtype_math.js";

const fixtures = JSON.parse(readFileSync(process.env.FIXTURES, "utf8"));
const PRECISION = { float16: [11, -14], float32: [24, -126] }; // significant bits, least exponent

// How many units in the last place of `dtype` lie between a and b (the smaller one's unit).
function ulps(a, b, dtype) {
  if (Object.is(a, b) || a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const [bits, least] = PRECISION[dtype];
  const smaller = Math.min(Math.abs(a), Math.abs(b)) || Number.MIN_VALUE;
  const exponent = Math.max(Math.floor(Math.log2(smaller)), least);
  return Math.abs(a - b) / 2 ** (exponent - bits + 1);
}

function close(preview, python, dtype, tolerance) {
  if (Number.isNaN(python)) return Number.isNaN(preview);
  if (!Number.isFinite(python)) return preview === python;
  if (dtype === "float64") return Math.abs(preview - python) <= tolerance * Math.abs(python);
  return ulps(preview, python, dtype) <= tolerance;
}

const same = (a, b) => Object.is(a, b) || (a === 0 && b === 0);

test("every step names the same events for the same elements as the core", () => {
  for (const { x, dtype, trace } of fixtures.traces) {
    const preview = traceSoftmax(x, dtype);
    for (const path of ["naive", "stable"]) {
      preview[path].forEach((step, k) => {
        assert.equal(step.name, trace[path][k].name);
        assert.deepEqual(step.events, trace[path][k].events, `${dtype} ${path} ${step.name} ${x}`);
      });
    }
  }
});

test("given numpy's exp, every other step is the core's bit for bit", () => {
  for (const { x, dtype, trace, exps } of fixtures.traces) {
    const numpyExp = new Map(exps.map(([v, e]) => [fromPythonFloat(v), fromPythonFloat(e)]));
    const preview = traceSoftmax(x, dtype, (v) => numpyExp.get(v));
    for (const path of ["naive", "stable"]) {
      preview[path].forEach((step, k) => {
        const python = trace[path][k].value.map(fromPythonFloat);
        step.value.forEach((value, i) => {
          assert.ok(same(value, python[i]), `${dtype} ${path} ${step.name}[${i}]: ${value} vs ${python[i]} for ${x}`);
        });
      });
    }
  }
});

test("exp itself is within numpy's error of the core's (float64: relative 1e-12)", () => {
  for (const { x, dtype, trace, expTolerance } of fixtures.traces) {
    const preview = traceSoftmax(x, dtype);
    for (const path of ["naive", "stable"]) {
      const k = preview[path].findIndex((step) => step.name === "exp");
      const python = trace[path][k].value.map(fromPythonFloat);
      preview[path][k].value.forEach((value, i) => {
        assert.ok(close(value, python[i], dtype, expTolerance), `${dtype} exp[${i}]: ${value} vs ${python[i]} for ${x}`);
      });
    }
  }
});

test("the exact float16 rounding agrees with numpy's", () => {
  fixtures.halves.forEach(([value, half]) => {
    assert.ok(Object.is(roundToHalf(value), fromPythonFloat(half)), `${value} → ${roundToHalf(value)}, not ${half}`);
  });
});

test("numbers are written as Python's float() reads them back", () => {
  for (const text of fixtures.reprs) {
    assert.ok(Object.is(fromPythonFloat(pythonFloat(fromPythonFloat(text))), fromPythonFloat(text)), text);
  }
  assert.deepEqual([Infinity, -Infinity, NaN].map(pythonFloat), ["inf", "-inf", "nan"]);
});
