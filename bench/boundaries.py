"""How far float64 falls from a decimal boundary: the measurement behind sampling's allowances.

Run: python bench/boundaries.py [--vectors 20000]

Vectors of decimal probabilities (1 to 3 decimals, 2 to 60 tokens) go through the pipeline as
logits T · ln p at a temperature T, so the distribution the cuts see is the decimal one. For
every prefix whose exact sum is a decimal p, it prints how far the float64 sum falls below p in
units of ε·p (ε = 2⁻⁵²) against the allowance j + TOP_P_SLACK; for every token with
p_i = min_p · max p exactly (min_p with two decimals), how far p_i falls below the threshold τ
in units of ε·τ against MIN_P_SLACK.
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmax_viz import core, sampling

TEMPERATURES = (0.1, 0.5, 0.7, 1.0, 1.5, 2.0)


def decimal_vector(rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Positive integer parts summing to 10^digits, and that total."""
    units = 10 ** int(rng.integers(1, 4))
    size = min(int(rng.integers(2, 61)), units)
    cuts = np.sort(rng.choice(np.arange(1, units), size=size - 1, replace=False))
    return np.diff(np.concatenate([[0], cuts, [units]])), units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=int, default=20_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    top_p_worst: dict[int, float] = {}
    min_p_worst = 0.0
    min_p_cases = 0
    for _ in range(args.vectors):
        parts, units = decimal_vector(rng)
        temperature = float(rng.choice(TEMPERATURES))
        logits = core.temperature_scaled(np.log(parts / units) * temperature, temperature)
        order, sums = sampling.cumulative_by_rank(logits)
        exact = np.cumsum(parts[order])
        for length in range(1, parts.size):
            target = exact[length - 1] / units
            shortfall = (target - sums[length - 1]) / (sampling.EPS * target)
            top_p_worst[length] = max(top_p_worst.get(length, 0.0), shortfall)
        probabilities = core.softmax(logits)
        largest = int(parts.max())
        for token, part in enumerate(parts):
            ratio = Fraction(int(part), largest)
            if ratio == 1 or (ratio * 100).denominator != 1:
                continue
            threshold = float(ratio) * probabilities.max()
            min_p_worst = max(min_p_worst, (threshold - probabilities[token]) / (sampling.EPS * threshold))
            min_p_cases += 1
    print(f"{args.vectors:,} vectors")
    print("top-p: prefix length j, largest shortfall of the float64 sum below p (ε·p), allowance j + slack")
    for length in sorted(top_p_worst)[:20]:
        allowance = length + sampling.TOP_P_SLACK
        print(f"  j = {length:2d}: {top_p_worst[length]:5.2f}  (allowance {allowance})")
    worst = max(top_p_worst.values())
    print(f"  largest over all j: {worst:.2f}")
    print(f"min-p: {min_p_cases:,} tokens at p_i = min_p · max p; largest shortfall {min_p_worst:.2f} ε·τ")
    print(f"  (allowance {sampling.MIN_P_SLACK})")


if __name__ == "__main__":
    main()
