"""Cases for the browser's sampling math (assets/sampling_math.js), with Python's answers.

Each case is a vector and the pipeline's settings, with every stage as
softmax_viz.sampling.pipeline computes it. The node tests (tests/js/sampling_math.test.mjs) and
the Chromium test read the same JSON, so both runtimes are checked against the same answers.
"""

from __future__ import annotations

import math

import numpy as np

from softmax_viz import sampling, urlstate
from softmax_viz.components import live_sampling
from tests.node import js_number

# The hand-worked cases of tests/test_sampling.py and issue 22's boundary cases, with the kept
# sets worked out by hand (the same in every order unless the order is named).
LN = math.log
HAND_WORKED = [
    ("top-p keeps the token that crosses p", [LN(0.5), LN(0.3), LN(0.15), LN(0.05)], {"top_p": 0.7}, [0, 1]),
    (
        "top-k keeps ties with the k-th",
        [2.0, 1.0, 1.0, 0.0],
        {"top_k": 2, "order": "transformers"},
        [0, 1, 2],
    ),
    ("top-k keeps ties in vLLM", [2.0, 1.0, 1.0, 0.0], {"top_k": 2, "order": "vllm"}, [0, 1, 2]),
    ("llama.cpp keeps exactly k", [2.0, 1.0, 1.0, 0.0], {"top_k": 2, "order": "llama.cpp"}, [0, 1]),
    ("top-p cuts by position among ties", [LN(0.4), LN(0.2), LN(0.2), LN(0.2)], {"top_p": 0.5}, [0, 1]),
    (
        "min_tokens_to_keep overrides top-p",
        [5.0, 1.0, 0.0, -1.0],
        {"top_p": 0.5, "min_tokens_to_keep": 2},
        [0, 1],
    ),
    (
        "temperature before the cut",
        [3.0, 2.0, 1.0],
        {"temperature": 0.5, "top_p": 0.8, "order": "transformers"},
        [0],
    ),
    (
        "temperature after the cut",
        [3.0, 2.0, 1.0],
        {"temperature": 0.5, "top_p": 0.8, "order": "llama.cpp"},
        [0, 1],
    ),
    (
        "top-p then min-p",
        [LN(0.4), LN(0.3), LN(0.2), LN(0.05), LN(0.05)],
        {"top_p": 0.75, "min_p": 0.2, "order": "transformers"},
        [0, 1, 2],
    ),
    (
        "min-p then top-p",
        [LN(0.4), LN(0.3), LN(0.2), LN(0.05), LN(0.05)],
        {"top_p": 0.75, "min_p": 0.2, "order": "vllm"},
        [0, 1],
    ),
    ("min-p of one keeps tied maxima", [2.0, 2.0, 1.0], {"min_p": 1.0}, [0, 1]),
    # 0.7 / 0.3 and 0.7000000000000001 / 0.3 round to the same logit: now tied, the lower index first.
    ("x / T ties two logits", [0.7, 0.7000000000000001], {"temperature": 0.3, "top_p": 0.5}, [0]),
    *[
        (
            f"0.5 + 0.3 reaches top-p 0.8 ({order})",
            [LN(0.5), LN(0.3), LN(0.1), LN(0.1)],
            {"top_p": 0.8, "order": order},
            [0, 1],
        )
        for order in sampling.ORDERS
    ],
    *[
        (
            f"0.3 + 0.5 reaches top-p 0.8 ({order})",
            [LN(0.3), LN(0.1), LN(0.1), LN(0.5)],
            {"top_p": 0.8, "order": order},
            [0, 3],
        )
        for order in sampling.ORDERS
    ],
    *[
        (
            f"0.2 is min-p 0.5 of 0.4 ({order})",
            [LN(0.4), LN(0.2), LN(0.3), LN(0.1)],
            {"min_p": 0.5, "order": order},
            [0, 1, 2],
        )
        for order in sampling.ORDERS
    ],
]


def _settings(rng: np.random.Generator, logits: np.ndarray) -> dict:
    """Settings with each filter on or off at random; p and min-p sometimes exactly at a boundary."""
    count = logits.size
    probabilities = np.sort(np.exp(logits[np.isfinite(logits)] - logits.max()))[::-1]
    probabilities /= probabilities.sum()
    top_p = [
        None,
        1.0,
        round(float(rng.uniform(0.01, 1)), 2),
        min(1.0, float(np.cumsum(probabilities)[rng.integers(count) % probabilities.size])),
    ]
    min_p = [
        None,
        0.0,
        round(float(rng.uniform(0, 1)), 2),
        min(1.0, float(probabilities[rng.integers(probabilities.size)] / probabilities[0])),
    ]
    return {
        "temperature": float(rng.choice([float(t) for t in urlstate.TEMPERATURES])),
        "top_k": None if rng.random() < 0.4 else int(rng.integers(1, count + 2)),
        "top_p": top_p[rng.integers(4)],
        "min_p": min_p[rng.integers(4)],
        "order": str(rng.choice(list(sampling.ORDERS))),
        "min_tokens_to_keep": int(rng.integers(1, urlstate.MAX_KEEP + 1)) if rng.random() < 0.3 else 1,
    }  # fmt: skip


def _logits(rng: np.random.Generator, count: int) -> np.ndarray:
    logits = rng.normal(0, rng.choice([0.5, 2.0, 8.0]), count) + rng.choice([0.0, -50.0, 400.0])
    if rng.random() < 0.4:  # ties: logits on a coarse grid
        logits = np.round(logits * 2) / 2
    if rng.random() < 0.3:  # masked tokens, at least one left
        masked = rng.random(count) < 0.3
        masked[rng.integers(count)] = False
        logits[masked] = -np.inf
    return logits


def random_cases(count: int, seed: int) -> list[tuple[str, np.ndarray, dict]]:
    """``count`` random cases: 2 to 10,000 tokens (mostly few), ties, masked tokens, every order."""
    rng = np.random.default_rng(seed)
    cases = []
    for number in range(count):
        size = (
            int(rng.choice([2, 3, 4, 5, 8, 12, 30, 100])) if number % 50 else int(rng.choice([1000, 10_000]))
        )
        logits = _logits(rng, size)
        cases.append((f"random {number}", logits, _settings(rng, logits)))
    return cases


# How close (in ULP) a token's comparison with its cut must be to count as a tie (knife_edge).
TIE_ULPS = 4


def knife_edge(stages: tuple[sampling.Stage, ...], position: int) -> list[int]:
    """The tokens whose mark "decided by rounding" at stage ``position`` rests on a tie: the
    strict comparison it records (p_i ≥ min-p's threshold; a prefix sum ≥ p) is equal within
    ``TIE_ULPS`` ULP. V8's Math.exp and numpy's exp round differently in the last place, so
    there the browser may mark a token Python does not, or the other way round; the kept sets
    still agree, since the boundary rule's allowance is far wider than those ULP."""
    stage, before = stages[position], stages[position - 1]
    if stage.setting is None or stage.name not in ("top_p", "min_p"):
        return []
    if stage.name == "min_p":
        near = np.abs(before.probabilities - stage.threshold) <= TIE_ULPS * np.spacing(stage.threshold)
        return np.flatnonzero(near & before.kept).tolist()
    order, sums = sampling.cumulative_by_rank(before.logits)
    ranks = np.flatnonzero(np.abs(sums - stage.setting) <= TIE_ULPS * np.spacing(stage.setting))
    # A sum at rank r equal to p either way moves the strict cut by one: the tokens at r and r + 1.
    return sorted({int(order[r]) for rank in ranks for r in (rank, rank + 1) if r < order.size})


def marks_may_differ(item: dict, browser_stages: list[dict], position: int, token: int) -> bool:
    """Whether the browser may mark ``token`` "decided by rounding" at stage ``position`` where
    Python does not, or the other way round: only on a tie (:func:`knife_edge`), and only when
    the browser's numbers going into that comparison differ from Python's in the last place
    (``browser_stages``: each stage's ``probabilities`` and ``threshold`` as the browser computed
    them). The Node test applies the same rule (tests/js/sampling_math.test.mjs)."""
    want, got = item["stages"], browser_stages
    apart = got[position - 1]["probabilities"] != want[position - 1]["probabilities"] or float(
        got[position]["threshold"]
    ) != float(want[position]["threshold"])
    return token in want[position]["tie"] and apart


def case_json(name: str, logits, settings: dict, expected_kept=None) -> dict:
    full = {"temperature": 1.0, "top_k": None, "top_p": None, "min_p": None, "order": "transformers"}
    full |= {"min_tokens_to_keep": 1, **settings}
    logits = np.asarray(logits, dtype=np.float64)
    stages = sampling.pipeline(logits, **full)
    shown = live_sampling.shown_tokens(logits)
    return {
        "name": name,
        "logits": [js_number(x) for x in logits],
        "settings": {
            "temperature": full["temperature"],
            "topK": full["top_k"],
            "topP": full["top_p"],
            "minP": full["min_p"],
            "order": full["order"],
            "minTokensToKeep": full["min_tokens_to_keep"],
        },
        "expectedKept": expected_kept,
        "stages": [
            {
                "name": stage.name,
                "setting": stage.setting,
                "kept": np.flatnonzero(stage.kept).tolist(),
                "removed": np.flatnonzero(stage.removed).tolist(),
                "rounding": np.flatnonzero(stage.rounding).tolist(),
                "tie": knife_edge(stages, position) if position else [],
                "probabilities": [float(p) for p in stage.probabilities],
                "threshold": js_number(stage.threshold),
            }
            for position, stage in enumerate(stages)
        ],
        "removingStage": sampling.removing_stage(stages).tolist(),
        "shown": None if shown is None else shown.tolist(),
        "summary": live_sampling.summary(logits, full),
    }


def rule() -> dict:
    """The boundary rule's constants, as the chart's data carries them."""
    return {"topPSlack": sampling.TOP_P_SLACK, "minPSlack": sampling.MIN_P_SLACK}


def fixtures(random_count: int = 600, seed: int = 23) -> dict:
    hand = [case_json(name, logits, settings, kept) for name, logits, settings, kept in HAND_WORKED]
    randoms = [
        case_json(name, logits, settings) for name, logits, settings in random_cases(random_count, seed)
    ]
    return {"rule": rule(), "cases": hand + randoms}
