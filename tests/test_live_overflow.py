"""The overflow view under AppTest: what the live lab is given (Python's trace of x + shift in the
dtype, every event by element), and what Python does with the lab's commit.

A commit is sent the way the browser sends it (``tests.apptest_helpers.commit_live_chart``), so
the view's own callback checks it. Expected values come from mpmath or numpy written out here.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from softmax_viz import lesson, presets
from softmax_viz.i18n import CATALOG
from tests.apptest_helpers import commit_live_chart, live_chart, run_view, texts

KEY = "live_overflow"


def lab(at) -> dict:
    return live_chart(at, KEY)


def step(data: dict, path: str, name: str) -> dict:
    return next(s for s in data["trace"][path] if s["name"] == name)


def values(data: dict, path: str, name: str) -> list[float]:
    return [float(v) for v in step(data, path, name)["value"]]


def test_the_lab_gets_the_naive_trace_of_705_to_714_with_five_infs_and_five_nans():
    data = lab(run_view("overflow"))
    assert data["values"] == list(np.arange(705.0, 715.0)) and data["shift"] == 0.0
    assert data["dtype"] == "float64" and data["range"] == [-1470.0, 20.0]
    exp = values(data, "naive", "exp")
    assert exp[:5] == [float(mpmath.exp(v)) for v in range(705, 710)]  # e^705 … e^709, rounded once
    assert exp[5:] == [np.inf] * 5
    assert step(data, "naive", "exp")["events"] == {"overflow": [5, 6, 7, 8, 9]}
    assert step(data, "naive", "quotient")["value"] == ["0.0"] * 5 + ["nan"] * 5
    assert step(data, "naive", "quotient")["events"] == {"invalid": [5, 6, 7, 8, 9]}
    stable = values(data, "stable", "quotient")
    assert all(np.isfinite(stable)) and all(s["events"] == {} for s in data["trace"]["stable"][1:])
    assert data["limits"]["overflow"] == pytest.approx(709.782712893384, rel=1e-15)


def test_underflow_is_named_for_every_element_that_leaves_the_normal_range():
    data = lab(run_view("overflow", query={"x": "-800_-799_-798"}))
    assert step(data, "naive", "exp")["events"] == {"underflow": [0, 1, 2]}
    assert step(data, "naive", "quotient")["events"] == {"invalid": [0, 1, 2]}  # 0 / 0
    assert step(data, "stable", "exp")["events"] == {}


@pytest.mark.parametrize(("dtype", "over"), [("float16", [0, 1, 2]), ("float32", [2]), ("float64", [])])
def test_the_dtype_moves_the_limit(dtype, over):
    data = lab(run_view("overflow", query={"x": "80_85_90", "dtype": dtype}))
    assert data["dtype"] == dtype
    assert step(data, "naive", "exp")["events"].get("overflow", []) == over


@pytest.mark.parametrize(
    ("query", "window"),
    [
        ({"x": "8_9_10", "dtype": "float16"}, [-40.0, 20.0]),  # e^x is 0 below −26.6, inf above 3.1
        ({"x": "8_9_10", "dtype": "float16", "shift": "-300"}, [-300.0, 20.0]),  # around the shift
        ({"x": "-1500_1500"}, [-2000.0, 2000.0]),  # within the link's range
    ],
)
def test_the_slider_spans_where_exp_goes_from_0_to_inf_in_the_dtype(query, window):
    assert lab(run_view("overflow", query=query))["range"] == window


def test_a_commit_recomputes_in_python_and_writes_the_shift_into_the_link():
    at = run_view("overflow", query={"x": "1_2_3"})
    commit_live_chart(at, {"shift": 708, "seq": 1}, KEY)
    assert not at.exception and not at.error
    data = lab(at)
    assert data["seq"] == 1 and data["shift"] == 708.0
    assert values(data, "naive", "exp")[2] == np.inf  # e^711
    np.testing.assert_array_equal(
        values(data, "stable", "quotient"), np.exp([-2.0, -1.0, 0.0]) / np.sum(np.exp([-2.0, -1.0, 0.0]))
    )
    assert at.query_params["shift"] == "708" and at.query_params["x"] == "1_2_3"
    assert "lost 2 of 3 outputs" in texts(at)  # e^710 and e^711 overflow


def test_a_commit_back_to_zero_takes_the_shift_out_of_the_link():
    at = run_view("overflow", query={"shift": "12"})
    commit_live_chart(at, {"shift": 0, "seq": 1}, KEY)
    assert lab(at)["shift"] == 0.0 and "shift" not in at.query_params


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"shift": 2001, "seq": 2}, "input_out_of_range"),
        ({"shift": "nan", "seq": 2}, "input_number_not_finite"),
        ({"shift": 5, "seq": 2, "x": [1]}, "input_live_malformed"),
        ([5], "input_live_malformed"),
    ],
)
def test_a_bad_commit_is_named_keeps_the_last_good_shift_and_is_still_answered(payload, problem):
    at = run_view("overflow", query={"shift": "3"})
    commit_live_chart(at, payload, KEY)
    assert not at.exception
    assert CATALOG[problem]["en"].split("{")[0][:20] in at.error[0].value
    data = lab(at)
    assert data["shift"] == 3.0
    assert data["seq"] == (2 if isinstance(payload, dict) else 0)
    assert at.query_params["shift"] == "3"


def test_the_link_reopens_the_shift_and_the_share_box_writes_it_as_before():
    at = run_view("overflow", query={"x": "1_2_5", "dtype": "float32", "shift": "85"})
    assert lab(at)["shift"] == 85.0 and lab(at)["dtype"] == "float32"
    commit_live_chart(at, {"shift": 85.5, "seq": 1}, KEY)
    at.session_state["share"] = True
    at.run()
    (link,) = (element.value for element in at.code)
    assert link == "?x=1_2_5&dtype=float32&shift=85.5&lang=English"
    assert at.query_params["shift"] == "85.5"


def test_a_shift_out_of_range_in_the_link_is_named_and_ignored():
    at = run_view("overflow", query={"shift": "5000"})
    assert "shift" in texts(at) and lab(at)["shift"] == 0.0


def test_an_example_resets_the_shift():
    at = run_view("overflow", query={"shift": "12", "dtype": "float32"})
    at.selectbox(key="overflow_preset").set_value("underflow").run()
    data = lab(at)
    assert data["shift"] == 0.0 and data["dtype"] == "float32"
    assert data["values"] == list(presets.OVERFLOW_PRESETS["underflow"])


def test_the_lesson_step_sets_the_shift_708():
    steps = lesson.steps()
    number = next(k for k, s in enumerate(steps, 1) if s.name == "max_shift")
    at = run_view("overflow", query=lesson.step_query(number, steps, "English"))
    assert lab(at)["shift"] == 708.0 and lab(at)["values"] == [1.0, 2.0, 3.0]


def test_the_japanese_page_gives_the_lab_japanese_words():
    data = lab(run_view("overflow", lang="ja"))
    assert data["texts"]["shift"] == CATALOG["live_shift"]["ja"]
    assert data["texts"]["event_overflow"] == "オーバーフロー"
    assert "{step}" in data["texts"]["event_at"] and "{value}" in data["texts"]["sum"]
