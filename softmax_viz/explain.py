"""What a number on the page means, said next to it: the i18n message and its parameters.

Pure Python and numpy: the views look the messages up in the reader's language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

# float64 has 53 significant bits: doubles in [1/2, 1) are 2⁻⁵³ apart, those in [1, 2) 2⁻⁵².
STEP_BELOW_ONE = Fraction(1, 2**53)
STEP_ABOVE_ONE = Fraction(1, 2**52)


def sum_note(total: float) -> tuple[str, dict[str, object]]:
    """Where a float64 sum of probabilities lies next to 1, counted in steps between doubles.

    The sum is exact only when every rounding happens to cancel: each probability is rounded
    to a double, each addition again, and the errors (half a step at most, each) add up.

    Examples
    --------
    >>> sum_note(1.0)
    ('sum_exactly_one', {})
    >>> sum_note(0.99999999999999989)
    ('sum_one_step_below', {'total': '0.99999999999999989'})
    >>> sum_note(1 - 3 * 2**-53)
    ('sum_steps_below', {'total': '0.99999999999999967', 'steps': 3})
    >>> sum_note(1 + 2**-52)
    ('sum_one_step_above', {'total': '1.0000000000000002'})
    """
    if total == 1.0:
        return "sum_exactly_one", {}
    shown = f"{total:.17g}"
    below = total < 1
    steps = int(abs(Fraction(total) - 1) / (STEP_BELOW_ONE if below else STEP_ABOVE_ONE))
    side = "below" if below else "above"
    if steps == 1:
        return f"sum_one_step_{side}", {"total": shown}
    return f"sum_steps_{side}", {"total": shown, "steps": steps}


def entropy_note(entropy: float, classes: int) -> tuple[str, dict[str, object]]:
    """The entropy beside its maximum, ln K nats for K equally likely classes.

    >>> entropy_note(0.8018, 3)
    ('entropy_of_maximum', {'entropy': '0.8018', 'classes': 3, 'maximum': '1.0986'})
    """
    return "entropy_of_maximum", {
        "entropy": f"{entropy:.4f}",
        "classes": classes,
        "maximum": f"{math.log(classes):.4f}",
    }


def number_list(values: Sequence[float]) -> str:
    """Numbers for a sentence, four significant digits each.

    >>> number_list([0.2247, -1.2e-17, 1.0])
    '0.2247, -1.2e-17, 1'
    """
    return ", ".join(f"{float(value):.4g}" for value in values)


def exp_chart_note(x: np.ndarray, overflow_threshold: float, dtype_name: str) -> tuple[str, dict]:
    """The exp chart in numbers: its range in powers of ten, the limit, and how many pass it.

    >>> exp_chart_note(np.array([705.0, 710.0]), 709.782712893384, "float64")[1]["over"]
    1
    """
    exponents = np.asarray(x, dtype=np.float64) * np.log10(np.e)
    over = int(np.count_nonzero(x > overflow_threshold))
    params = {
        "low": f"{exponents.min():.2f}",
        "high": f"{exponents.max():.2f}",
        "dtype": dtype_name,
        "limit": f"{overflow_threshold * np.log10(np.e):.2f}",
        "over": over,
        "total": int(np.size(x)),
    }
    return ("exp_chart_over" if over else "exp_chart_none_over"), params
