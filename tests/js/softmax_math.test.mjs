// softmax_math.js against softmax_viz.core: cases and Python's answers come from
// tests/test_js_math.py through $FIXTURES.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { softmaxTemperature } from "../../softmax_viz/components/assets/softmax_math.js";

const { cases } = JSON.parse(readFileSync(process.env.FIXTURES, "utf8"));

// Below the smallest normal number (2^-1022) precision runs out: there only absolute agreement counts.
const SMALLEST_NORMAL = 2 ** -1022;

test("softmaxTemperature agrees with core.softmax_temperature within 1e-12 relative", () => {
  for (const { logits, temperature, expected } of cases) {
    const got = softmaxTemperature(logits.map(Number), temperature);
    expected.forEach((want, k) => {
      const error = Math.abs(got[k] - want);
      assert.ok(error <= 1e-12 * Math.abs(want) + SMALLEST_NORMAL, `${JSON.stringify(logits)} T=${temperature}: [${k}] ${got[k]} vs ${want}`);
    });
  }
});
