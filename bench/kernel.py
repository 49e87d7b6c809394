"""softmax_viz.core.softmax against scipy.special.softmax, in one process, alternating runs.

Run from the repository root: ``python bench/kernel.py [--repeats N]``.

For each shape it prints the median wall time of each (and the median process CPU time, which
counts every thread: ours splits a large input between the cores), the ratio scipy/ours (above 1
means ours is faster), the largest ulp error of each against mpmath on sample rows, and the peak
memory each allocates beyond its output (tracemalloc sees numpy's allocations), in output-sized
arrays. The whole run takes well under two minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import mpmath
import numpy as np
import scipy.special

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmax_viz import core

CASES = (  # label, shape, dtype, target ratio
    ("(1024, 50257) float32, last axis", (1024, 50257), np.float32, 1.5),
    ("(1000, 10000) float64, last axis", (1000, 10000), np.float64, 1.2),
)
IMPLEMENTATIONS = {"ours": core.softmax, "scipy": scipy.special.softmax}


def logits(rng: np.random.Generator, shape, dtype, offset: bool) -> np.ndarray:
    """A model's logits, normal with spread 4. With ``offset`` each row also moves by up to ±300,
    so that many rows have a negative maximum and take the compensated (Fast2Sum) path."""
    values = rng.standard_normal(shape) * 4
    if offset:
        values += rng.uniform(-300, 300, (shape[0], 1))
    return values.astype(dtype, copy=False)


def timings(x: np.ndarray, repeats: int) -> dict[str, dict[str, list[float]]]:
    """Wall and CPU seconds of each implementation, alternating, the order swapped every round."""
    times = {name: {"wall": [], "cpu": []} for name in IMPLEMENTATIONS}
    for round_number in range(repeats):
        names = list(IMPLEMENTATIONS)[:: 1 if round_number % 2 == 0 else -1]
        for name in names:
            wall, cpu = time.perf_counter(), time.process_time()
            IMPLEMENTATIONS[name](x, axis=-1)
            times[name]["wall"].append(time.perf_counter() - wall)
            times[name]["cpu"].append(time.process_time() - cpu)
    return times


def max_ulp(result: np.ndarray, x: np.ndarray) -> float:
    """Largest error of ``result`` (softmax of the rows of ``x``) in ulp, against mpmath at 50
    digits, with the spacing floored at the smallest normal number."""
    tiny = np.finfo(result.dtype).smallest_normal
    worst = 0.0
    with mpmath.workdps(50):
        for got_row, row in zip(result, x, strict=True):
            values = [mpmath.mpf(float(v)) for v in row]
            peak = max(values)
            terms = [mpmath.exp(v - peak) for v in values]
            total = mpmath.fsum(terms)
            for got, term in zip(got_row, terms, strict=True):
                exact = term / total
                spacing = float(np.spacing(max(result.dtype.type(abs(float(exact))), tiny)))
                worst = max(worst, float(abs(mpmath.mpf(float(got)) - exact) / spacing))
    return worst


def extra_memory(function, x: np.ndarray) -> float:
    """Peak memory ``function`` allocates beyond its output, in output-sized arrays."""
    tracemalloc.start()
    try:
        result = function(x, axis=-1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - result.nbytes) / result.nbytes


def report(label: str, x: np.ndarray, target: float, repeats: int) -> None:
    times = timings(x, repeats)
    median = {name: {kind: statistics.median(v) for kind, v in t.items()} for name, t in times.items()}
    ratio = median["scipy"]["wall"] / median["ours"]["wall"]
    sample = x[:2, :2000]
    print(label)
    for name, function in IMPLEMENTATIONS.items():
        print(
            f"  {name:5s} median {median[name]['wall'] * 1e3:7.1f} ms wall, "
            f"{median[name]['cpu'] * 1e3:7.1f} ms CPU; "
            f"max ulp on 2 x 2000 sample {max_ulp(function(sample, axis=-1), sample):6.2f}; "
            f"extra memory {extra_memory(function, x):.3f} outputs"
        )
    print(f"  ratio scipy/ours = {ratio:.2f}x (target >= {target}x)\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs of each (default 7)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}; {args.repeats} alternating runs each; medians\n"
    )
    started = time.perf_counter()
    for label, shape, dtype, target in CASES:
        for offset in (False, True):
            kind = "rows offset by up to ±300" if offset else "normal(0, 4) logits"
            report(f"{label}, {kind}", logits(rng, shape, dtype, offset), target, args.repeats)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
