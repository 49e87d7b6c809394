"""The vectors on which the overflow lab's JavaScript arithmetic must agree with the core, and the
core's trace of each as JSON, shared by the Node test and the Chromium test."""

from __future__ import annotations

import numpy as np

from softmax_viz import core, urlstate


def _around(value: float, dtype: str) -> list[float]:
    """``value`` rounded to ``dtype`` and its neighbours one unit in the last place either side."""
    kind = np.dtype(dtype).type
    centre = kind(value)
    below, above = np.nextafter(centre, kind(-np.inf)), np.nextafter(centre, kind(np.inf))
    return [float(below), float(centre), float(above)]


def cases(seed: int = 24, random_per_dtype: int = 200) -> list[tuple[list[float], str]]:
    """(vector, dtype) pairs: the integers 700–720 (and ±0.5) moved to each dtype's limits, every
    exp threshold of float16 and float32 ±1 ULP, and random vectors in each dtype."""
    found: list[tuple[list[float], str]] = []
    integers = np.arange(700.0, 721.0)
    for dtype in urlstate.DTYPES:
        for offset in (-0.5, 0.0, 0.5):
            for shift in (0.0, -620.0, -700.0, -790.0, -1400.0):
                found.append(((integers + offset + shift).tolist(), dtype))
    for dtype in ("float16", "float32"):
        for threshold in core.exp_thresholds(np.dtype(dtype)):
            neighbours = _around(threshold, dtype)
            found.extend(([value], dtype) for value in neighbours)
            found.append(([*neighbours, 0.0], dtype))
            found.append(([*(value - threshold for value in neighbours), 0.0, 1.0], dtype))
    rng = np.random.default_rng(seed)
    for dtype in urlstate.DTYPES:
        limits = core.exp_thresholds(np.dtype(dtype))
        for _ in range(random_per_dtype):
            count = int(rng.integers(1, urlstate.MAX_OVERFLOW_VALUES + 1))
            centre = rng.uniform(1.2 * limits.underflow_subnormal, 1.2 * limits.overflow)
            spread = 10.0 ** rng.uniform(-2, np.log10(limits.overflow))
            found.append(((centre + spread * rng.standard_normal(count)).tolist(), dtype))
    return found


def trace_json(values: list[float], dtype: str) -> dict:
    """core.trace_softmax as the JavaScript module reports it: each step's values as Python's
    repr and its events' 0-based elements."""
    trace = core.trace_softmax(np.array(values), np.dtype(dtype))

    def steps(path):
        return [
            {
                "name": step.name,
                "value": [repr(float(v)) for v in np.ravel(step.value)],
                "events": {event: [int(k) for k in where] for event, where in step.events.items()},
            }
            for step in path
        ]

    return {"naive": steps(trace.naive), "stable": steps(trace.stable)}


def exp_tolerance(dtype: str) -> float:
    """How far the browser's exp may be from numpy's: units in the last place (float64: relative).

    numpy's float32 exp is not correctly rounded: on x86 with AVX2 it differs from the correctly
    rounded value, which the browser computes, by up to 2 units. Its float16 exp goes through
    float32 and rounds once more, 1 unit at most (all 65,536 values checked).
    """
    return {"float16": 1, "float32": 2, "float64": 1e-12}[dtype]


def numpy_exps(trace: dict) -> list[tuple[str, str]]:
    """(argument, numpy's exp) for every exp the trace takes, as Python's repr."""
    pairs = {}
    for path in ("naive", "stable"):
        names = [step["name"] for step in trace[path]]
        arguments = trace[path][names.index("exp") - 1]["value"]
        pairs.update(zip(arguments, trace[path][names.index("exp")]["value"], strict=True))
    return sorted(pairs.items())
