"""The live logits chart: drag a logit or the temperature and every probability follows within
the frame, computed in the browser; when the learner lets go, Python recomputes with
:mod:`softmax_viz.core` and the chart shows Python's numbers.

The drawing and the browser's preview are ``assets/live_logits.js``, on the live charts' shared
modules (:mod:`softmax_viz.components.live`). This module builds the data it draws, so every
number the chart shows after a commit is Python's.

What the chart sends back on release, ``{"x": [...] or None, "T": "...", "seq": n}``, is input
like any other: the view checks it with :func:`softmax_viz.parsing.parse_live_commit`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from softmax_viz.analysis import top_classes
from softmax_viz.components import live

KEY = "live_logits"
MAX_DRAGGABLE = 12  # logits a learner can drag; above this the chart shows the top N and the rest


def handle_range(logits: np.ndarray) -> tuple[float, float]:
    """The logit axis: whole tens around the finite logits, at least −10 to 10.

    In whole tens the range rarely changes while a learner drags, so the bars do not jump.

    Examples
    --------
    >>> handle_range(np.array([2.0, -np.inf, 13.5]))
    (-10.0, 20.0)
    """
    finite = logits[np.isfinite(logits)]
    low = min(-10.0, 10.0 * math.floor(finite.min() / 10))
    high = max(10.0, 10.0 * math.ceil(finite.max() / 10))
    return low, high


def draggable(logits: np.ndarray) -> bool:
    """Whether every logit gets a handle: at most ``MAX_DRAGGABLE`` of them, all finite."""
    return logits.size <= MAX_DRAGGABLE and bool(np.all(np.isfinite(logits)))


def chart_data(
    logits: np.ndarray,
    probabilities: np.ndarray,
    *,
    temperature: str,
    temperatures: Sequence[str],
    labels: Sequence[str],
    top_n: int,
    seq: int,
    texts: Mapping[str, str],
) -> dict:
    """The JSON the chart draws: Python's logits and probabilities, the controls' grids, texts.

    Masked logits (−inf) travel as ``None``, since JSON has no infinities. Above
    ``MAX_DRAGGABLE`` classes only the ``top_n`` largest logits get a column (the same classes
    at every temperature, since x / T keeps their order), and one more column holds the rest
    of the mass, summed directly rather than as 1 − Σ top.

    Examples
    --------
    >>> data = chart_data(np.array([2.0, -np.inf, 1.0]), np.array([0.7310585786300049, 0.0,
    ...     0.2689414213699951]), temperature="1", temperatures=("1",), labels=("a", "b", "c"),
    ...     top_n=20, seq=0, texts={})
    >>> data["logits"], data["shown"], data["draggable"]
    ([2.0, None, 1.0], None, False)
    """
    shown = None
    columns = probabilities
    if logits.size > MAX_DRAGGABLE and logits.size > top_n:
        shown = top_classes(logits, top_n)
        rest = np.ones(logits.size, dtype=bool)
        rest[shown] = False
        columns = np.append(probabilities[shown], probabilities[rest].sum())
    return {
        "seq": seq,
        "logits": [None if value == -math.inf else float(value) for value in logits],
        "probabilities": [float(value) for value in columns],
        "temperature": temperature,
        "temperatures": list(temperatures),
        "labels": list(labels),
        "shown": None if shown is None else [int(k) for k in shown],
        "draggable": draggable(logits),
        "range": list(handle_range(logits)),
        "texts": dict(texts),
    }


def live_logits(data: dict, *, on_commit: Callable[[], None]) -> None:
    """Mount the chart; ``on_commit`` runs when the learner lets go."""
    live.mount(KEY, data, on_commit=on_commit)


def committed() -> object:
    """What the chart sent on its last release, unchecked."""
    return live.committed(KEY)
