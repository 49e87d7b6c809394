// The browser's sampling math against Python's answers: node --test, with the fixtures that
// tests/test_live_sampling_math.py writes ($FIXTURES names the file, see tests/node.py).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { pipeline, ranked, removingStage, summary } from "../../softmax_viz/components/assets/sampling_math.js";

const { rule, cases } = JSON.parse(readFileSync(process.env.FIXTURES, "utf8"));
const RELATIVE = 1e-12;

const indices = (mask) => Array.from(mask).flatMap((on, i) => (on ? [i] : []));

function assertClose(actual, expected, where) {
  expected = Number(expected);
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${where}: ${actual}, expected nan`);
    return;
  }
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= RELATIVE * scale, `${where}: ${actual}, expected ${expected}`);
}

// The tokens marked "decided by rounding" are Python's. The one exception: a token on a tie
// (the stage's `tie`, its strict comparison equal within a few ULP) where the browser's numbers
// going into that comparison differ from Python's in the last place (V8's Math.exp and numpy's
// exp round apart): then either side of the tie is right.
function roundedApart(stages, item, position) {
  const before = item.stages[position - 1].probabilities;
  return (
    stages[position - 1].probabilities.some((p, i) => p !== before[i]) ||
    stages[position].threshold !== Number(item.stages[position].threshold)
  );
}

function mayDiffer(stages, item, position, token) {
  return item.stages[position].tie.includes(token) && roundedApart(stages, item, position);
}

function assertSameMarks(stages, item, position, where) {
  const marked = indices(stages[position].rounding);
  const expected = item.stages[position].rounding;
  const differ = [...marked.filter((i) => !expected.includes(i)), ...expected.filter((i) => !marked.includes(i))];
  assert.deepEqual(
    differ.filter((i) => !mayDiffer(stages, item, position, i)),
    [],
    `${where}: ${marked} against ${expected}`,
  );
}

for (const item of cases) {
  test(item.name, () => {
    const logits = item.logits.map(Number);
    const stages = pipeline(logits, item.settings, rule);
    assert.deepEqual(
      stages.map((s) => s.name),
      item.stages.map((s) => s.name),
    );
    stages.forEach((stage, position) => {
      const expected = item.stages[position];
      const where = `${item.name}, stage ${stage.name}`;
      assert.equal(stage.setting, expected.setting, `${where}: setting`);
      assert.deepEqual(indices(stage.kept), expected.kept, `${where}: kept`);
      assert.deepEqual(indices(stage.removed), expected.removed, `${where}: removed`);
      assertSameMarks(stages, item, position, `${where}: decided by rounding`);
      assertClose(stage.threshold, expected.threshold, `${where}: threshold`);
      stage.probabilities.forEach((p, i) => assertClose(p, expected.probabilities[i], `${where}: p[${i}]`));
    });
    assert.deepEqual(Array.from(removingStage(stages)), item.removingStage);
    if (item.expectedKept !== null) assert.deepEqual(indices(stages.at(-1).kept), item.expectedKept);
  });
}

// Python's summary for the chart and the browser's agree: the preview draws what Python would.
function assertSame(actual, expected, where) {
  if (typeof expected === "number") {
    assertClose(actual, expected, where);
  } else if (Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((value, k) => assertSame(actual[k], value, `${where}[${k}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const key of Object.keys(expected)) assertSame(actual[key], expected[key], `${where}.${key}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

// Where the browser may mark a token differently (see assertSameMarks), takes Python's marks
// into `got`, so that everything else is compared exactly.
function settleTies(got, item, stages) {
  const tokenOf = (column) => (item.shown === null ? column : item.shown[column]);
  got.stages.forEach((stage, s) => {
    const expected = item.summary.stages[s];
    stage.rounding.forEach((mark, column) => {
      if (mark === expected.rounding[column]) return;
      assert.ok(mayDiffer(stages, item, s, tokenOf(column)), `${item.name}: stage ${s} column ${column} marked ${mark}`);
      stage.rounding[column] = expected.rounding[column];
    });
    if (stage.roundingCount !== expected.roundingCount) {
      assert.ok(item.stages[s].tie.length > 0 && roundedApart(stages, item, s), `${item.name}: stage ${s} marks ${stage.roundingCount}`);
      stage.roundingCount = expected.roundingCount;
    }
  });
  if (got.cut !== null && item.summary.cut !== null && got.cut.rounding !== item.summary.cut.rounding) {
    const topP = item.stages.findIndex((stage) => stage.name === "top_p");
    assert.ok(item.stages[topP].tie.length > 0 && roundedApart(stages, item, topP), `${item.name}: top-p's cut marked ${got.cut.rounding}`);
    got.cut.rounding = item.summary.cut.rounding;
  }
}

test("the chart's summary agrees with Python's on every case", () => {
  for (const item of cases) {
    const logits = item.logits.map(Number);
    const got = summary(logits, item.settings, rule, ranked(logits), item.shown);
    settleTies(got, item, pipeline(logits, item.settings, rule));
    assertSame(got, item.summary, item.name);
  }
});
