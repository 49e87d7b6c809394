"""The live charts' math modules under Node, against the core (tests/js, see tests/node.py)."""

from __future__ import annotations

import numpy as np

from softmax_viz import core, urlstate
from tests.node import js_number, run_node_test


def test_softmax_math_agrees_with_the_core(tmp_path):
    rng = np.random.default_rng(23)
    cases = []
    for _ in range(500):
        count = int(rng.integers(2, 200))
        logits = rng.uniform(-1000, 1000) + rng.normal(0, 5, count)
        logits[rng.random(count) < 0.1] = -np.inf
        logits[rng.integers(count)] = rng.normal()  # at least one finite
        cases.append((logits, float(rng.choice([float(t) for t in urlstate.TEMPERATURES]))))
    cases.append((np.array([1e308, -1e308, 0.0]), 0.05))  # x / T overflows: shifted first, as the core does
    fixtures = [
        {
            "logits": [js_number(x) for x in logits],
            "temperature": temperature,
            "expected": core.softmax_temperature(logits, temperature).tolist(),
        }
        for logits, temperature in cases
    ]
    run_node_test("softmax_math.test.mjs", {"cases": fixtures}, tmp_path)
