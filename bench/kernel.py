"""softmax against scipy.special.softmax, in one process, alternating runs.

Run: python bench/kernel.py [--repeats N]
Prints the median time of each, the ratio scipy/ours (above 1 means ours is faster), the
largest ulp error of each against an mpmath reference on a sample of rows, and the peak extra
memory of ours (tracemalloc sees numpy's allocations) in output-sized arrays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy.special

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmax_viz import core

CASES = (
    ("(1024, 50257) float32, last axis", (1024, 50257), np.float32, 1.5),
    ("(1000, 10000) float64, last axis", (1000, 10000), np.float64, 1.2),
)


def logits(rng: np.random.Generator, shape, dtype, offset: bool) -> np.ndarray:
    """A model's logits: normal with spread 4. With ``offset``, each row is also moved by up to
    ±300, so many rows have a negative maximum and take the compensated (TwoSum) path."""
    values = rng.standard_normal(shape) * 4
    if offset:
        values += rng.uniform(-300, 300, (shape[0], 1))
    return values.astype(dtype)


def timed(function, x) -> float:
    start = time.perf_counter()
    function(x, axis=-1)
    return time.perf_counter() - start


def ulp_error(result: np.ndarray, x: np.ndarray, rows: int = 3) -> float:
    """Largest error in ulp of ``result`` over a few rows, against mpmath at 50 digits."""
    import mpmath

    mpmath.mp.dps = 50
    worst = 0.0
    tiny = np.finfo(result.dtype).smallest_normal
    for row in range(rows):
        values = [mpmath.mpf(float(v)) for v in x[row]]
        peak = max(values)
        terms = [mpmath.exp(v - peak) for v in values]
        total = mpmath.fsum(terms)
        for got, term in zip(result[row], terms, strict=True):
            exact = term / total
            spacing = float(np.spacing(max(result.dtype.type(abs(float(exact))), tiny)))
            worst = max(worst, float(abs(mpmath.mpf(float(got)) - exact) / spacing))
    return worst


def peak_extra_memory(x: np.ndarray) -> float:
    """Peak memory our softmax allocates beyond its output, in output-sized arrays."""
    tracemalloc.start()
    core.softmax(x, axis=-1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - x.nbytes) / x.nbytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}; {args.repeats} alternating runs each")
    for label, shape, dtype, target in CASES:
        for offset in (False, True):
            x = logits(rng, shape, dtype, offset)
            ours, theirs = [], []
            for _ in range(args.repeats):
                ours.append(timed(core.softmax, x))
                theirs.append(timed(scipy.special.softmax, x))
            ratio = statistics.median(theirs) / statistics.median(ours)
            print(f"\n{label}, {'rows offset by up to ±300' if offset else 'normal logits'}")
            print(f"  ours  median {statistics.median(ours) * 1e3:8.1f} ms")
            print(f"  scipy median {statistics.median(theirs) * 1e3:8.1f} ms")
            print(f"  ratio scipy/ours = {ratio:.2f}x (target >= {target}x)")
            sample = x[:3, :2000]
            ours_ulp = ulp_error(core.softmax(sample, axis=-1), sample)
            scipy_ulp = ulp_error(scipy.special.softmax(sample, axis=-1), sample)
            print(f"  max ulp on a sample: ours {ours_ulp:.2f}, scipy {scipy_ulp:.2f}")
            print(f"  peak extra memory of ours: {peak_extra_memory(x):.3f} output-sized arrays")


if __name__ == "__main__":
    main()
