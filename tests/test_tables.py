"""Table cells say what the dtype holds."""

import numpy as np

from softmax_viz import tables


def test_format_value_spells_non_finite_values_like_numpy():
    assert [tables.format_value(v) for v in (np.inf, -np.inf, np.nan, 0.0, 1e-320)] == [
        "inf",
        "-inf",
        "nan",
        "0",
        "9.999889e-321",
    ]
