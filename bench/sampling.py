"""Filtering 10,000 logits and drawing 10⁵ tokens, against the 50 ms target.

Run from the repository root: ``python bench/sampling.py [--repeats N]``.

The logits are the long-tail example of the sampling view (10,000 values falling off as
rank^−1.1). Each round filters them and draws 10⁵ tokens from what is left, with each sampler;
the draw of 10⁶ tokens is timed too. Two settings: every filter on (temperature 0.7, top-k 5,000,
top-p 0.9, min-p 0.001, in transformers' order), which leaves a few dozen tokens, and every filter
off, which leaves all 10,000 in the draw (the slowest case). It prints the median and the fastest
round of each, in ms, and the target. The whole run takes well under a minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmax_viz import presets, sampling

TARGET_MS = 50.0
SETTINGS = {
    "every filter on": {"temperature": 0.7, "top_k": 5000, "top_p": 0.9, "min_p": 0.001},
    "every filter off": {},
}


def filter_and_draw(logits: np.ndarray, settings: dict, sampler: str, n: int, seed: int) -> np.ndarray:
    filtered = sampling.filter_logits(logits, **settings)
    return sampling.SAMPLERS[sampler](filtered, n, np.random.default_rng(seed))


def milliseconds(logits: np.ndarray, settings: dict, sampler: str, n: int, repeats: int) -> list[float]:
    times = []
    for seed in range(repeats):
        start = time.perf_counter()
        filter_and_draw(logits, settings, sampler, n, seed)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    logits = np.array(presets.SAMPLING_PRESETS["long_tail"].logits)
    filter_and_draw(logits, {}, "inverse-cdf", 1000, 0)  # first-call costs out of the way
    columns = ("settings", "kept", "sampler", "draws", "median ms", "fastest ms", "target")
    print("{:<17} {:>6} {:<12} {:>9} {:>10} {:>11}   {}".format(*columns))
    for label, settings in SETTINGS.items():
        kept = int(np.isfinite(sampling.filter_logits(logits, **settings)).sum())
        for n, repeats in ((100_000, args.repeats), (1_000_000, max(3, args.repeats // 6))):
            for sampler in sampling.SAMPLERS:
                times = milliseconds(logits, settings, sampler, n, repeats)
                median = statistics.median(times)
                verdict = (
                    f"{TARGET_MS:g} ms: {'met' if median < TARGET_MS else 'missed'}" if n == 100_000 else ""
                )
                row = (label, kept, sampler, n, median, min(times), verdict)
                print("{:<17} {:>6,} {:<12} {:>9,} {:>10.1f} {:>11.1f}   {}".format(*row))


if __name__ == "__main__":
    main()
