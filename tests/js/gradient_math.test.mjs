// The live gradient chart's math (gradient_math.js, on softmax_math.js) against softmax_viz.core
// and analysis: cases and Python's answers come from tests/test_live_gradient_math.py through
// $FIXTURES.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { crossEntropy, jacobian, sigmoid, sweepShift } from "../../softmax_viz/components/assets/gradient_math.js";
import { logSoftmax, logSumExp, softmax } from "../../softmax_viz/components/assets/softmax_math.js";

const RELATIVE = 1e-12;
const { vectors, sigmoids } = JSON.parse(readFileSync(process.env.FIXTURES, "utf8"));

function close(actual, expected, where) {
  const difference = Math.abs(actual - expected);
  assert.ok(
    difference <= RELATIVE * Math.abs(expected),
    `${where}: ${actual} against Python's ${expected} (relative ${difference / Math.abs(expected)})`,
  );
}

function allClose(actual, expected, where) {
  assert.equal(actual.length, expected.length, `${where}: length`);
  expected.forEach((value, k) => close(actual[k], value, `${where}[${k}]`));
}

test("softmax, log_softmax and the Jacobian agree with the core", () => {
  for (const { x, y, log_y, jacobian: expected } of vectors) {
    allClose(softmax(x), y, `softmax(${x})`);
    allClose(logSoftmax(x), log_y, `log_softmax(${x})`);
    jacobian(softmax(x)).forEach((row, i) => allClose(row, expected[i], `J(${x}) row ${i}`));
  }
});

test("log-sum-exp and the sweep's shift c agree with the core and analysis.diagonal_sweep", () => {
  for (const { x, logsumexp, swept, shift } of vectors) {
    close(logSumExp(x), logsumexp, `logsumexp(${x})`);
    close(sweepShift(x, swept), shift, `c(${x}, i=${swept})`);
  }
});

test("cross-entropy and its gradient agree with core.cross_entropy", () => {
  for (const { x, target, loss, gradient } of vectors) {
    const result = crossEntropy(x, target);
    close(result.loss, loss, `loss(${x}, t=${target})`);
    allClose(result.gradient, gradient, `gradient(${x}, t=${target})`);
  }
});

test("the sigmoid agrees with core.sigmoid", () => {
  for (const [z, expected] of sigmoids) close(sigmoid(z), expected, `sigmoid(${z})`);
});

test("a single class has no others: c is -Infinity and y is 1", () => {
  assert.equal(sweepShift([3], 0), -Infinity);
  assert.deepEqual(Array.from(softmax([3])), [1]);
});
