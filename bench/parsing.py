"""How long the parsers take on the largest inputs they accept or refuse.

Run from the repository root: ``python bench/parsing.py [--repeats N]``.

Each case is what a paste at one of the caps looks like: 10,000 full-precision values, a text box
of 300,000 characters that is one token, a labels box of 150,000 commas, a 50 × 50 matrix. It
prints the median and the slowest of the runs for each; every interaction with such an input
pays this once before any computing starts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmax_viz import parsing

CASES = {
    "10,000 values of 24 characters": lambda: parsing.parse_vector(
        " ".join(["-1.2345678901234567e-300"] * parsing.MAX_VECTOR_VALUES)
    ),
    "one token of 300,000 digits": lambda: parsing.parse_vector("1" * parsing.MAX_TEXT_CHARS),
    "150,000 labels for 10 classes": lambda: parsing.parse_labels("a," * (parsing.MAX_TEXT_CHARS // 2), 10),
    "50 × 50 matrix": lambda: parsing.parse_matrix("\n".join([" ".join(["9"] * 50)] * 50)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="runs of each case (default 11)")
    args = parser.parse_args()
    for label, parse in CASES.items():
        seconds = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            parse()
            seconds.append(time.perf_counter() - started)
        median, slowest = 1000 * statistics.median(seconds), 1000 * max(seconds)
        print(f"{label:32s} median {median:7.1f} ms, slowest {slowest:7.1f} ms")


if __name__ == "__main__":
    main()
