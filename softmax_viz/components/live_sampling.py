"""The live sampling chart: drag the temperature, top-k, top-p, min-p or min_tokens_to_keep, or
pick an order, and every stage of the pipeline follows within the frame, computed in the browser;
when the learner lets go, Python runs :func:`softmax_viz.sampling.pipeline` and the chart shows
Python's numbers.

The drawing and the preview are ``assets/live_sampling.js`` with the pipeline in
``assets/sampling_math.js``. This module builds the data the chart draws: the logits for the
preview, and Python's own summary of the pipeline, in the same form as the preview's, so every
number shown once the learner lets go is Python's.

The chart commits the six settings as the link writes them (``temp``, ``k``, ``p``, ``minp``,
``keep``, ``order``) with its ``seq``; the view checks them with the link's own checks
(:func:`softmax_viz.parsing.parse_settings_commit`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from softmax_viz import sampling
from softmax_viz.analysis import top_classes
from softmax_viz.components import live

KEY = "live_sampling"
CHART_CLASS = "live-sampling"  # the chart's root element's class (assets/live_sampling.js)
MAX_COLUMNS = 16  # tokens drawn one by one; above this, the top TOP_N and one column for the rest
TOP_N = MAX_COLUMNS - 1
CURVE_RANKS = 40  # ranks drawn on top-p's cumulative curve


def shown_tokens(logits: np.ndarray) -> np.ndarray | None:
    """The tokens drawn as columns: None for every token in token order, else the top ``TOP_N``
    by logit (the same tokens at every stage: each step keeps the order of the logits).

    Examples
    --------
    >>> shown_tokens(np.zeros(3)) is None, shown_tokens(np.arange(20.0))[:3].tolist()
    (True, [19, 18, 17])
    """
    return None if logits.size <= MAX_COLUMNS else top_classes(logits, TOP_N)


def _columns(values: np.ndarray, shown: np.ndarray | None) -> list[float]:
    """Each shown token's value, and the rest of them summed directly (not as 1 − Σ shown)."""
    if shown is None:
        return [float(v) for v in values]
    rest = np.ones(values.size, dtype=bool)
    rest[shown] = False
    return [float(v) for v in values[shown]] + [float(values[rest].sum())]


def _per_column(values: np.ndarray, shown: np.ndarray | None, rest: object) -> list:
    """Each shown token's value (a mark, a stage), and ``rest`` for the rest column."""
    return values.tolist() if shown is None else [*values[shown].tolist(), rest]


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def stage_summary(stage: sampling.Stage, shown: np.ndarray | None) -> dict:
    """What the chart draws of one stage: its columns, its counts and threshold, and which of the
    columns it removed (``out``, also the tokens removed before it) or kept by rounding."""
    return {
        "name": stage.name,
        "setting": stage.setting,
        "kept": int(stage.kept.sum()),
        "removed": int(stage.removed.sum()),
        "threshold": _number(stage.threshold),
        "p": _columns(stage.probabilities, shown),
        "out": _per_column(~stage.kept, shown, False),
        "rounding": _per_column(stage.rounding, shown, False),
        "roundingCount": int(stage.rounding.sum()),
    }


def cut_summary(stages: Sequence[sampling.Stage]) -> dict | None:
    """Where top-p cuts: p, how many tokens reached it and how many it kept, their mass, whether
    the boundary rule decided it, and the cumulative sums of the first ranks; None when off."""
    position = next(k for k, stage in enumerate(stages) if stage.name == "top_p")
    stage = stages[position]
    if stage.setting is None:
        return None
    sums = sampling.cumulative_by_rank(stages[position - 1].logits).sums
    return {
        "p": stage.setting,
        "count": int(stage.kept.sum()),
        "total": int(sums.size),
        "mass": stage.threshold,
        "rounding": bool(stage.rounding.any()),
        "sums": [float(s) for s in sums[:CURVE_RANKS]],
    }


def summary(logits: np.ndarray, settings: Mapping[str, object]) -> dict:
    """Python's pipeline for the chart: every stage, where top-p cuts, and the final stage of each
    of the three orders, drawn on the same columns. ``settings`` are
    :func:`sampling.pipeline`'s keyword arguments."""
    shown = shown_tokens(logits)
    stages = sampling.pipeline(logits, **settings)
    removed_by = sampling.removing_stage(stages)
    finals = {
        order: sampling.pipeline(logits, **{**settings, "order": order})[-1] for order in sampling.ORDERS
    }
    kept_sets = {order: final.kept.tobytes() for order, final in finals.items()}
    return {
        "stages": [stage_summary(stage, shown) for stage in stages],
        "removedBy": _per_column(removed_by, shown, -1),
        "cut": cut_summary(stages),
        "orders": {
            order: {"kept": int(final.kept.sum()), "p": _columns(final.probabilities, shown)}
            for order, final in finals.items()
        },
        "ordersSame": len(set(kept_sets.values())) == 1,
    }


def chart_data(
    logits: np.ndarray,
    *,
    settings: Mapping[str, str],
    pipeline_settings: Mapping[str, object],
    temperatures: Sequence[str],
    labels: Sequence[str],
    seq: int,
    texts: Mapping[str, str],
    dims: str,
) -> dict:
    """The JSON the chart draws.

    ``settings`` are the six link values as the link writes them (what the chart's sliders show
    and commit); ``pipeline_settings`` the same, read, as :func:`sampling.pipeline` takes them.
    Masked logits (−inf) travel as ``None``: JSON has no infinities. ``rule`` carries the
    boundary rule's constants, so the browser applies Python's. ``dims`` is the class of the
    element holding what only Python computes (the draws): the chart dims it while its preview
    shows other settings.
    """
    shown = shown_tokens(logits)
    return {
        "seq": seq,
        "logits": [None if value == -math.inf else float(value) for value in logits],
        "labels": list(labels),
        "shown": None if shown is None else [int(k) for k in shown],
        "settings": dict(settings),
        "temperatures": list(temperatures),
        "orders": list(sampling.ORDERS),
        "rule": {"topPSlack": sampling.TOP_P_SLACK, "minPSlack": sampling.MIN_P_SLACK},
        "python": summary(logits, pipeline_settings),
        "texts": dict(texts),
        "dims": dims,
    }


def live_sampling(data: dict, *, on_commit) -> None:
    """Mount the chart under ``KEY``; ``on_commit`` runs when the learner lets go."""
    live.mount(KEY, data, on_commit=on_commit)


def committed() -> object:
    """What the chart sent on its last release, unchecked."""
    return live.committed(KEY)
