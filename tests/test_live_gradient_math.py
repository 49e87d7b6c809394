"""The live gradient chart's math (assets/gradient_math.js) in Node against the core and analysis:
softmax, log_softmax, the Jacobian, log-sum-exp, the sweep's shift c, cross-entropy and its
gradient, and the sigmoid, within 1e-12 relative on random vectors (K 2–12, offsets ±1000).

Python writes the cases and its own answers to a temporary file; ``node --test`` reads them
(tests/node.py). The same modules are checked in Chromium by tests/e2e/test_live_gradient.py.
"""

from __future__ import annotations

import numpy as np

from softmax_viz import analysis, core
from tests.node import run_node_test


def random_vectors(count: int, seed: int) -> list[np.ndarray]:
    """Logits around offsets up to ±1000, spread from 0.1 to 30, K from 2 to 12."""
    rng = np.random.default_rng(seed)
    spreads = rng.choice([0.1, 1.0, 5.0, 30.0], count)
    return [
        rng.uniform(-1000, 1000) + spread * rng.normal(size=int(rng.integers(2, 13))) for spread in spreads
    ]


# Where a careless port would part from the core: ties, one dominant class, the no-shift
# region's edge, logits that each overflow exp, and exact small integers.
SPECIAL = [
    np.array([1.0, 1.0, 1.0]),
    np.array([0.0, -40.0]),
    np.array([1000.0, 1.0]),
    np.array([-1000.0, -1000.5, -1001.0]),
    np.array([705.0, 706.0, 707.0, 708.0, 709.0, 710.0, 711.0, 712.0, 713.0, 714.0]),
    np.array([706.0, 0.0]),
    np.arange(12.0),
]


def expectations(x: np.ndarray, swept: int, target: int) -> dict:
    y = core.softmax(x)
    loss, gradient = core.cross_entropy(x, target)
    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "log_y": core.log_softmax(x).tolist(),
        "jacobian": core.softmax_jacobian(y).tolist(),
        "logsumexp": float(core.logsumexp(x)),
        "swept": swept,
        "shift": analysis.diagonal_sweep(x, swept).shift,
        "target": target,
        "loss": float(loss),
        "gradient": gradient.tolist(),
    }


def cases() -> dict:
    rng = np.random.default_rng(25)
    vectors = [*random_vectors(400, seed=25), *SPECIAL]
    z = np.concatenate([rng.uniform(-800, 800, 200), rng.normal(0, 5, 200), [0.0, -0.0, 745.0, -745.0]])
    return {
        "vectors": [expectations(x, int(rng.integers(x.size)), int(rng.integers(x.size))) for x in vectors],
        "sigmoids": [[float(v), float(core.sigmoid(v))] for v in z],
    }


def test_the_browsers_gradient_math_agrees_with_the_core_in_node(tmp_path):
    run_node_test("gradient_math.test.mjs", cases(), tmp_path)
