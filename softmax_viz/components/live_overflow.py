"""The live overflow lab: slide the shift c and watch exp(x + c) pass the dtype's limit, and the
naive formula's cells turn to inf and nan (and back) while the max-shifted ones stay finite.

The drawing and the browser's preview are ``assets/live_overflow.js``, on the live charts' shared
modules (:mod:`softmax_viz.components.live`); the preview computes the dtype's own arithmetic in
``assets/dtype_math.js``, in the order of :func:`softmax_viz.core.trace_softmax`. This module
builds the data it draws: every number shown after a commit is Python's.

What the lab sends back on release, ``{"shift": c, "seq": n}``, is input like any other: the view
checks it with :func:`softmax_viz.parsing.parse_live_shift`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from softmax_viz import core
from softmax_viz.components import live

KEY = "live_overflow"


def shift_window(
    values: np.ndarray, dtype: np.dtype, shift: float, limits: tuple[float, float]
) -> tuple[float, float]:
    """The slider's ends: from where every exp(x + c) is 0 to where every one is inf in
    ``dtype``, in whole tens with ten to spare, within ``limits`` and around ``shift``.

    Outside it nothing changes but the numbers' size, and inside it a pixel of the track moves
    the shift by little enough to watch each element cross a limit: in float16 the window spans
    a few dozen, not the link's 4,000.

    Examples
    --------
    >>> shift_window(np.array([705.0, 714.0]), np.dtype("float16"), 0.0, (-2000.0, 2000.0))
    (-750.0, 0.0)
    >>> shift_window(np.array([705.0, 714.0]), np.dtype("float64"), 0.0, (-2000.0, 2000.0))
    (-1470.0, 20.0)
    """
    thresholds = core.exp_thresholds(dtype)
    low = 10.0 * math.floor((thresholds.underflow_subnormal - values.max()) / 10) - 10
    high = 10.0 * math.ceil((thresholds.overflow - values.min()) / 10) + 10
    low, high = min(low, float(math.floor(shift))), max(high, float(math.ceil(shift)))
    return max(limits[0], low), min(limits[1], high)


def _steps(steps: tuple[core.Step, ...]) -> list[dict]:
    """Each step's values as Python's repr ("inf", "nan", "1e+300": JSON has no infinities) and
    the 0-based elements of each event."""
    return [
        {
            "name": step.name,
            "value": [repr(float(v)) for v in np.ravel(step.value)],
            "events": {event: [int(k) for k in where] for event, where in step.events.items()},
        }
        for step in steps
    ]


def lab_data(
    values: np.ndarray,
    *,
    shift: float,
    shift_range: tuple[float, float],
    trace: core.SoftmaxTrace,
    seq: int,
    texts: Mapping[str, str],
) -> dict:
    """The JSON the lab draws: the vector, the shift and the slider's ends (:func:`shift_window`
    within ``shift_range``), the dtype's exp thresholds, Python's trace of ``values + shift`` and
    the texts in the page's language.

    Examples
    --------
    >>> values = np.array([705.0, 710.0])
    >>> data = lab_data(values, shift=0.0, shift_range=(-2000.0, 2000.0),
    ...     trace=core.trace_softmax(values), seq=0, texts={})
    >>> data["trace"]["naive"][1]["value"], data["trace"]["naive"][1]["events"]
    (['1.505253833063194e+306', 'inf'], {'overflow': [1]})
    """
    thresholds = core.exp_thresholds(trace.dtype)
    return {
        "seq": seq,
        "values": [float(v) for v in values],
        "shift": float(shift),
        "range": list(shift_window(values, trace.dtype, shift, shift_range)),
        "dtype": trace.dtype.name,
        "limits": {
            "overflow": thresholds.overflow,
            "normal": thresholds.underflow_normal,
            "subnormal": thresholds.underflow_subnormal,
        },
        "trace": {"naive": _steps(trace.naive), "stable": _steps(trace.stable)},
        "texts": dict(texts),
    }


def live_overflow(data: dict, *, on_commit: Callable[[], None]) -> None:
    """Mount the lab; ``on_commit`` runs when the learner lets go of the shift."""
    live.mount(KEY, data, on_commit=on_commit)


def committed() -> object:
    """What the lab sent on its last release, unchecked."""
    return live.committed(KEY)
