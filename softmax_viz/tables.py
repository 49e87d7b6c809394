"""Numbers in the tables the views show: text, not floats, so what a learner reads is exactly
what the dtype holds (``inf``, ``nan``, ``0``)."""

from __future__ import annotations

import numpy as np


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
