"""The sampling view's two charts of seeded draws, drawn as SVG in the browser
(``assets/draw_charts.js``): the probabilities after the pipeline beside the share of draws each
token got, and one Gumbel-max race.

They show Python's numbers only; the draws chart asks for a rerun of its fragment when the live
sampling chart has answered a newer commit (:func:`draws_data`). As two plotly charts they held
each commit of the live sampling chart back by about 250 ms (about 50 ms building the figures in
Python, the rest plotly's redraw in the browser); as SVG, by about 25 ms (README, Performance).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import streamlit as st

from softmax_viz.components import live


@functools.cache
def _renderer() -> Callable[..., object]:
    # Registered on first use, as the live charts are: registering needs a running Streamlit.
    return st.components.v2.component("softmax-viz.draw_charts", js="draw_charts.js", css="draw_charts.css")


def draws_data(
    labels: Sequence[str],
    probabilities: np.ndarray,
    shares: np.ndarray,
    *,
    texts: Mapping[str, str],
    follows: Mapping[str, object] | None = None,
) -> dict:
    """Each shown token's probability after the pipeline and its share of the draws.

    ``texts`` name the chart (``chart``), the two series (``probability``, ``share``) and the
    save buttons (``save_svg``, ``save_png``). ``follows`` ties the draws to a live chart in
    another fragment: ``{"chart": its root's class, "seq": the last commit of it Python has
    seen, "dims": the class of the element holding the draws}``. Once that chart shows Python's
    answer to a newer commit, this chart dims that element and reruns its own fragment (the
    trigger ``refresh``), so the draws follow the commit without holding its answer back.

    Examples
    --------
    >>> data = draws_data(["a"], np.array([1.0]), np.array([1.0]), texts={})
    >>> data["kind"], data["probability"], data["share"]
    ('draws', [1.0], [1.0])
    """
    return {
        "kind": "draws",
        "labels": list(labels),
        "probability": [float(p) for p in probabilities],
        "share": [float(s) for s in shares],
        "texts": dict(texts),
        "follows": None if follows is None else dict(follows),
    }


def race_data(
    labels: Sequence[str],
    logits: np.ndarray,
    perturbed: np.ndarray,
    *,
    texts: Mapping[str, str],
) -> dict:
    """One Gumbel-max race: each shown token's logit z and z + G, ranked by z + G (the winner
    first). ``texts`` as for :func:`draws_data`, and ``winner``.

    Examples
    --------
    >>> race_data(["a", "b"], np.array([1.0, 2.0]), np.array([3.5, 2.5]), texts={})["perturbed"]
    [3.5, 2.5]
    """
    return {
        "kind": "race",
        "labels": list(labels),
        "logits": [float(z) for z in logits],
        "perturbed": [float(x) for x in perturbed],
        "texts": dict(texts),
    }


def draw_chart(data: dict, *, key: str) -> None:
    """Mount one chart under ``key``."""
    _renderer()(key=key, data=live.payload(data))
