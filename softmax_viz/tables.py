"""Step-by-step tables of a softmax trace, with inf, nan and flushed-to-zero cells marked.

Pure pandas: the overflow view hands the Styler to ``st.table``. Cells hold text, not floats,
so what a learner reads is exactly what the dtype holds: ``inf``, ``nan``, ``0``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from softmax_viz.core import Step

BROKEN_STYLE = "background-color: rgba(214, 39, 40, 0.35); font-weight: 600"
UNDERFLOW_STYLE = "background-color: rgba(255, 165, 0, 0.35)"


def format_value(value: float) -> str:
    """Seven significant digits, with inf and nan spelled as numpy prints them.

    >>> [format_value(v) for v in (1.5052538e306, float("inf"), float("nan"), 0.0)]
    ['1.505254e+306', 'inf', 'nan', '0']
    """
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{float(value):.7g}"


def scalar_steps(steps: Sequence[Step]) -> dict[str, str]:
    """The steps that produce one number (max, sum), formatted."""
    return {
        step.name: format_value(np.ravel(step.value)[0])
        for step in steps
        if np.size(step.value) == 1 and step.name in ("max", "sum")
    }


def trace_table(steps: Sequence[Step], column_names: dict[str, str]) -> Styler:
    """One row per element and one column per vector step, broken cells highlighted.

    ``column_names`` maps step names ("input", "shifted", "exp", "quotient") to the headers to
    show; steps missing from it are left out.
    """
    vector_steps = [step for step in steps if step.name in column_names]
    frame = pd.DataFrame(
        {column_names[step.name]: [format_value(v) for v in np.ravel(step.value)] for step in vector_steps}
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for step in vector_steps:
        column = column_names[step.name]
        text = frame[column]
        styles.loc[text.isin(("inf", "-inf", "nan")), column] = BROKEN_STYLE
        underflowed = step.events.get("underflow", np.array([], dtype=int))
        styles.iloc[underflowed, frame.columns.get_loc(column)] = UNDERFLOW_STYLE
    return frame.style.apply(lambda _: styles, axis=None)


def event_list(steps: Sequence[Step]) -> list[tuple[str, str, list[int]]]:
    """Every floating-point event as (step name, event name, 1-based element numbers)."""
    return [
        (step.name, event, [int(i) + 1 for i in np.ravel(indices)])
        for step in steps
        for event, indices in step.events.items()
    ]
