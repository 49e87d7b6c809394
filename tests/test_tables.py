"""Trace tables: every cell says what the dtype holds, broken cells are marked."""

import mpmath
import numpy as np
import pytest

from softmax_viz import core, tables

COLUMNS = {"input": "x", "shifted": "x − max", "exp": "exp", "quotient": "y"}


def cell_styles(styler):
    styler._compute()
    return {(row, col): "".join(f"{k}: {v}" for k, v in css) for (row, col), css in styler.ctx.items()}


def test_naive_trace_of_705_to_714_shows_five_zeros_and_five_nans():
    trace = core.trace_softmax(np.arange(705.0, 715.0), np.float64)
    frame = tables.trace_table(trace.naive, COLUMNS).data
    # Seven significant digits of e^705 … e^709, from mpmath.
    assert frame["exp"].tolist()[:5] == [f"{float(mpmath.exp(v)):.7g}" for v in range(705, 710)]
    assert frame["exp"].tolist()[0] == "1.505254e+306"
    assert frame["exp"].tolist()[5:] == ["inf"] * 5
    assert frame["y"].tolist() == ["0"] * 5 + ["nan"] * 5
    assert "x − max" not in frame.columns


def test_stable_trace_of_705_to_714_is_finite_and_unmarked():
    trace = core.trace_softmax(np.arange(705.0, 715.0), np.float64)
    styler = tables.trace_table(trace.stable, COLUMNS)
    assert not {"inf", "nan"} & set(styler.data.to_numpy().ravel())
    assert not any(cell_styles(styler).values())


def test_broken_cells_are_highlighted_exactly():
    trace = core.trace_softmax(np.arange(705.0, 715.0), np.float64)
    styler = tables.trace_table(trace.naive, COLUMNS)
    styles = cell_styles(styler)
    exp_column = list(styler.data.columns).index("exp")
    marked = sorted(row for (row, col), css in styles.items() if col == exp_column and css)
    assert marked == [5, 6, 7, 8, 9]


def test_underflow_cells_are_marked_and_events_listed():
    trace = core.trace_softmax(np.arange(-800.0, -790.0), np.float64)
    styler = tables.trace_table(trace.naive, COLUMNS)
    exp_column = list(styler.data.columns).index("exp")
    styles = cell_styles(styler)
    assert all("165" in styles[(row, exp_column)] for row in range(10))
    events = tables.event_list(trace.naive)
    assert ("exp", "underflow", list(range(1, 11))) in events
    assert ("quotient", "invalid", list(range(1, 11))) in events


def test_scalar_steps_are_max_and_sum():
    trace = core.trace_softmax(np.array([1.0, 2.0, 3.0]), np.float32)
    scalars = tables.scalar_steps(trace.stable)
    assert scalars["max"] == "3"
    assert float(scalars["sum"]) == pytest.approx(1 + np.exp(-1) + np.exp(-2), rel=1e-6)


def test_format_value_spells_non_finite_values_like_numpy():
    assert [tables.format_value(v) for v in (np.inf, -np.inf, np.nan, 0.0, 1e-320)] == [
        "inf",
        "-inf",
        "nan",
        "0",
        "9.999889e-321",
    ]
