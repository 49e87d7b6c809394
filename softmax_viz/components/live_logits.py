"""The live logits chart: drag a logit or the temperature and every probability follows within
the frame, computed in the browser; when the learner lets go, Python recomputes with
:mod:`softmax_viz.core` and the chart shows Python's numbers.

The drawing and the browser's preview are ``assets/live_logits.js`` (Streamlit Components v2,
SVG, no framework). This module mounts it and builds the data it draws, so every number the
chart shows after a commit is Python's.

What the chart sends back on release, ``{"x": [...] or None, "T": "...", "seq": n}``, is input
like any other: the view checks it with :func:`softmax_viz.parsing.parse_live_commit`.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import streamlit as st

from softmax_viz.analysis import top_classes

KEY = "live_logits"
MAX_DRAGGABLE = 12  # logits a learner can drag; above this the chart shows the top N and the rest


@functools.cache
def _renderer() -> Callable[..., object]:
    """The chart's mounting command, registered on first use.

    Registering needs a running Streamlit, whose start-up reads pyproject.toml for the asset
    directory; at import (a doctest, a plain ``import``) there is none. Later runtimes (each
    AppTest has its own) get the registration again when the chart is mounted.
    """
    return st.components.v2.component("softmax-viz.live_logits", js="live_logits.js", css="live_logits.css")


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
    """Mount the chart under ``KEY``; ``on_commit`` runs when the learner lets go.

    The fixed key keeps the chart's identity across data changes: without it the identity
    includes a hash of the data, and every change would build a new chart and drop a drag.
    """
    # Sent as UTF-8 JSON bytes: Streamlit scans any other data for dataframes, which imports
    # pandas (0.4 s) on the first page's first run.
    payload = json.dumps(data, allow_nan=False, separators=(",", ":")).encode()
    _renderer()(key=KEY, data=payload, on_commit_change=on_commit)


def committed() -> object:
    """What the chart sent on its last release, unchecked."""
    return st.session_state[KEY]["commit"]
