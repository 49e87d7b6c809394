"""The live gradient chart: drag a logit and, within the frame, the probabilities, the Jacobian
diag(y) − y yᵀ with its row sums, the swept class's point on the shifted sigmoid σ(x_i − c) and
its derivative, and the cross-entropy gradient y − onehot(t) follow, computed in the browser;
when the learner lets go, Python recomputes with :mod:`softmax_viz.core` and the chart shows
Python's numbers.

The drawing and the browser's preview are ``assets/live_gradient.js`` with its math in
``assets/gradient_math.js``, on the live charts' shared modules
(:mod:`softmax_viz.components.live`). This module builds the data it draws, so every number the
chart shows after a commit is Python's.

What the chart sends back on release, ``{"x": [...], "seq": n}``, is input like any other: the
view checks it with :func:`softmax_viz.parsing.parse_gradient_commit`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from softmax_viz.components import live

KEY = "live_gradient"


def chart_data(
    logits: np.ndarray,
    *,
    probabilities: np.ndarray,
    jacobian: np.ndarray,
    shift: float,
    loss: float,
    gradient: np.ndarray,
    swept: int,
    target: int,
    handle_range: tuple[float, float],
    seq: int,
    texts: Mapping[str, object],
) -> dict:
    """The JSON the chart draws: Python's numbers for logits x, swept class i, true class t.

    ``shift`` is c = log Σ_{j≠i} e^{x_j}; with a single class there are no others and c is
    −inf, which travels as ``None`` (JSON has no infinities). Row sums are the Jacobian's own,
    summed as numpy sums them.

    Examples
    --------
    >>> data = chart_data(np.array([0.0, 0.0]), probabilities=np.array([0.5, 0.5]),
    ...     jacobian=np.array([[0.25, -0.25], [-0.25, 0.25]]), shift=0.0, loss=0.6931471805599453,
    ...     gradient=np.array([-0.5, 0.5]), swept=0, target=0, handle_range=(-10.0, 10.0), seq=0,
    ...     texts={})
    >>> data["jacobian"], data["row_sums"], data["swept"], data["range"]
    ([[0.25, -0.25], [-0.25, 0.25]], [0.0, 0.0], 0, [-10.0, 10.0])
    """
    return {
        "seq": seq,
        "logits": _floats(logits),
        "probabilities": _floats(probabilities),
        "jacobian": [_floats(row) for row in jacobian],
        "row_sums": _floats(jacobian.sum(axis=-1)),
        "shift": None if shift == -math.inf else float(shift),
        "loss": float(loss),
        "gradient": _floats(gradient),
        "swept": swept,
        "target": target,
        "range": [float(value) for value in handle_range],
        "texts": dict(texts),
    }


def _floats(values: Sequence[float] | np.ndarray) -> list[float]:
    return [float(value) for value in values]


def live_gradient(data: dict, *, on_commit: Callable[[], None]) -> None:
    """Mount the chart; ``on_commit`` runs when the learner lets go."""
    live.mount(KEY, data, on_commit=on_commit)


def committed() -> object:
    """What the chart sent on its last release, unchecked."""
    return live.committed(KEY)
