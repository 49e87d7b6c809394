"""The live overflow lab: slide the shift c and watch exp(x + c) pass the dtype's limit, and the
naive formula's cells turn to inf and nan (and back) while the max-shifted ones stay finite.

The drawing and the browser's preview are ``assets/live_overflow.js``; the preview computes the
dtype's own arithmetic in ``assets/dtype_math.js``, in the order of
:func:`softmax_viz.core.trace_softmax`. This module mounts it and builds the data it draws: every
number shown after a commit is Python's.

What the lab sends back on release, ``{"shift": c, "seq": n}``, is input like any other: the view
checks it with :func:`softmax_viz.parsing.parse_live_shift`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping

import numpy as np
import streamlit as st

from softmax_viz import core

KEY = "live_overflow"


@functools.cache
def _renderer() -> Callable[..., object]:
    """The lab's mounting command, registered on first use (see ``live_logits._renderer``)."""
    return st.components.v2.component(
        "softmax-viz.live_overflow", js="live_overflow.js", css="live_overflow.css"
    )


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
    """The JSON the lab draws: the vector, the shift and its range, the dtype's exp thresholds,
    Python's trace of ``values + shift`` and the texts in the page's language.

    Examples
    --------
    >>> values = np.array([705.0, 710.0])
    >>> data = lab_data(values, shift=0.0, shift_range=(-2000.0, 2000.0),
    ...     trace=core.trace_softmax(values), seq=0, texts={})
    >>> data["trace"]["naive"][1]["value"], data["trace"]["naive"][1]["events"]
    (['1.6516362549940018e+306', 'inf'], {'overflow': [1]})
    """
    thresholds = core.exp_thresholds(trace.dtype)
    return {
        "seq": seq,
        "values": [float(v) for v in values],
        "shift": float(shift),
        "range": [float(shift_range[0]), float(shift_range[1])],
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
    """Mount the lab under ``KEY``; ``on_commit`` runs when the learner lets go of the shift.

    The fixed key keeps the lab's identity across data changes, so a rerun never drops a drag.
    """
    # UTF-8 JSON bytes: Streamlit scans any other data for dataframes, which imports pandas.
    payload = json.dumps(data, allow_nan=False, separators=(",", ":")).encode()
    _renderer()(key=KEY, data=payload, on_commit_change=on_commit)


def committed() -> object:
    """What the lab sent on its last release, unchecked."""
    return st.session_state[KEY]["commit"]
