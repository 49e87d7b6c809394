"""The overflow lab's arithmetic in JavaScript (``assets/dtype_math.js``) against the core, in
Node: the same events per cell as ``core.trace_softmax``; given numpy's exp, every other value bit
for bit; exp itself within numpy's own error; on the vectors of ``tests.live_overflow_cases``.
Its float16 rounding (Node has no Math.f16round) against numpy's.

The same comparison runs in Chromium, where float16 uses the browser's Math.f16round, in
``tests/e2e/test_live_overflow.py``.
"""

from __future__ import annotations

import numpy as np

from tests.live_overflow_cases import cases, exp_tolerance, numpy_exps, trace_json
from tests.node import run_node_test


def _halves(rng: np.random.Generator) -> list[tuple[float, str]]:
    """Doubles around every float16 (midpoints, ties, subnormals, the overflow edge) and random
    ones, each with numpy's float16 rounding."""
    every = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    every = every[np.isfinite(every)].astype(np.float64)
    ordered = np.unique(every)
    midpoints = (ordered[:-1] + ordered[1:]) / 2
    doubles = np.concatenate(
        [
            every,
            midpoints,
            np.nextafter(midpoints, -np.inf),
            np.nextafter(midpoints, np.inf),
            [65504.0, 65519.99, 65520.0, 65536.0, 1e300, 2.0**-25, 2.0**-26, 3 * 2.0**-26],
            rng.uniform(-70000, 70000, 2000),
            np.exp(rng.uniform(-20, 11, 2000)),
        ]
    )
    with np.errstate(over="ignore"):
        return [(float(v), repr(float(np.float16(v)))) for v in doubles]


def test_the_javascript_arithmetic_agrees_with_the_core_in_node(tmp_path):
    rng = np.random.default_rng(16)
    traces = []
    for x, dtype in cases():
        trace = trace_json(x, dtype)
        exps, tolerance = numpy_exps(trace), exp_tolerance(dtype)
        traces.append({"x": x, "dtype": dtype, "trace": trace, "exps": exps, "expTolerance": tolerance})
    reprs = ["inf", "-inf", "nan", "1e+308", "5e-324", "-0.0", "0.1", "3.4028234663852886e+38"]
    run_node_test("dtype_math.test.mjs", {"traces": traces, "halves": _halves(rng), "reprs": reprs}, tmp_path)
