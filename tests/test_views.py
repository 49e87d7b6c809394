"""Every view under AppTest: it renders, charts carry the core's numbers, links, bad input."""

import json

import numpy as np
import pytest

from softmax_viz import core, presets
from tests.apptest_helpers import VIEWS, chart, run_view, texts


def trace_arrays(figure: dict, field: str) -> list[np.ndarray]:
    return [
        np.asarray(trace[field], dtype=float)
        for trace in figure["data"]
        if field in trace and trace[field] is not None
    ]


def has_array(figure: dict, field: str, expected: np.ndarray, rtol: float = 1e-12) -> bool:
    expected = np.asarray(expected, dtype=float)
    return any(
        array.shape == expected.shape and np.allclose(array, expected, rtol=rtol, atol=0, equal_nan=True)
        for array in trace_arrays(figure, field)
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_in_both_languages_without_an_exception(view, lang):
    at = run_view(view, lang=lang)
    assert not at.exception, at.exception
    assert not at.error
    page = texts(at)
    # A Japanese page is mostly Japanese; an English page has no Japanese in it.
    has_kana = any("\u3040" <= ch <= "\u30ff" for ch in page)
    assert has_kana == (lang == "ja")


@pytest.mark.parametrize("view", ["logits", "overflow"])
def test_charts_a_slider_redraws_are_drawn_without_plotlys_mode_bar(view):
    at = run_view(view, query={"sig": "true"} if view == "logits" else None)
    configs = [json.loads(element.proto.config) for element in at.get("plotly_chart")]
    assert configs and all(config == {"displayModeBar": False} for config in configs)


def test_the_summary_states_the_sum_entropy_and_argmax():
    at = run_view("logits", query={"x": "1_3_2"})
    p = core.softmax(np.array([1.0, 3.0, 2.0]))
    row = f"| {p.sum():.17g} | {-(p * np.log(p)).sum():.4f} | 2 |"
    assert any(element.value.endswith(row) for element in at.markdown)


def test_sigmoid_panel_shows_equal_curves():
    at = run_view("logits", query={"sig": "true", "z": "1.5"})
    figure = chart(at, "sigmoid_chart")
    z = np.linspace(-10, 10, 201)
    assert has_array(figure, "y", core.sigmoid(z), rtol=1e-15)


def test_overflow_view_shows_inf_and_nan_only_on_the_naive_path():
    at = run_view("overflow")
    assert len(at.table) == 3  # naive, stable, and the log_softmax tail
    page = texts(at)
    assert "overflow" in page.lower()
    naive, stable = at.table[0].value, at.table[1].value
    assert (naive.to_numpy() == "nan").sum() == 5
    assert (naive.to_numpy() == "inf").sum() == 5
    assert not np.isin(stable.to_numpy(), ["inf", "nan"]).any()


def test_overflow_shift_moves_the_naive_path_past_the_threshold():
    at = run_view("overflow", query={"x": "1_2_3", "shift": "706"})
    assert not np.isin(at.table[0].value.to_numpy(), ["inf", "nan"]).any()
    at.slider(key="shift").set_value(709.0).run()
    assert np.isin(at.table[0].value.to_numpy(), ["inf", "nan"]).any()
    assert not np.isin(at.table[1].value.to_numpy(), ["inf", "nan"]).any()


@pytest.mark.parametrize(("dtype", "broken"), [("float16", True), ("float32", True), ("float64", False)])
def test_overflow_dtype_threshold(dtype, broken):
    at = run_view("overflow", query={"x": "85_86_87_88_89_90", "dtype": dtype})
    assert np.isin(at.table[0].value.to_numpy(), ["inf", "nan"]).any() == broken


def test_gradient_heatmap_is_the_cores_jacobian():
    at = run_view("gradient")
    y = core.softmax(np.array(presets.GRADIENT_DEFAULT))
    jacobian = core.softmax_jacobian(y)
    figure = chart(at, "jacobian_chart")
    z = [np.asarray(trace["z"], dtype=float) for trace in figure["data"] if "z" in trace]
    assert any(array.shape == jacobian.shape and np.allclose(array, jacobian, rtol=1e-12) for array in z)


def test_cross_entropy_gradient_from_a_link():
    at = run_view("gradient", query={"x": "1_2_3", "t": "1"})
    _, gradient = core.cross_entropy(np.array([1.0, 2.0, 3.0]), 0)
    assert has_array(chart(at, "ce_chart"), "y", gradient)


@pytest.mark.parametrize(("axis", "numpy_axis"), [("None", None), ("0", 0), ("1", 1)])
def test_batch_heatmap_follows_the_axis(axis, numpy_axis):
    at = run_view("batch", query={"axis": axis})
    matrix = np.array(presets.BATCH_DEFAULT)
    expected = core.softmax(matrix, axis=numpy_axis)
    figure = chart(at, "batch_chart")
    z = [np.asarray(trace["z"], dtype=float) for trace in figure["data"] if "z" in trace]
    assert any(array.shape == expected.shape and np.allclose(array, expected, rtol=1e-12) for array in z)


def test_batch_matrix_from_a_link_and_a_ragged_paste():
    at = run_view("batch", query={"m": "1_1_5~1_2_9"})
    expected = core.softmax(np.array([[1.0, 1.0, 5.0], [1.0, 2.0, 9.0]]), axis=1)
    figure = chart(at, "batch_chart")
    assert any(np.allclose(np.asarray(t["z"], dtype=float), expected) for t in figure["data"] if "z" in t)
    at.text_area(key="batch_text").input("1 2 3\n4 5").run()
    assert at.error
    figure = chart(at, "batch_chart")
    assert any(np.allclose(np.asarray(t["z"], dtype=float), expected) for t in figure["data"] if "z" in t)


def test_the_table_opens_from_a_link_and_marks_the_argmax():
    at = run_view("logits", query={"x": "1_2_3", "table": "true"})
    frame = at.dataframe[0].value
    np.testing.assert_allclose(frame.iloc[:, 4], core.softmax(np.array([1.0, 2.0, 3.0])))
    np.testing.assert_allclose(frame.iloc[:, 5], core.log_softmax(np.array([1.0, 2.0, 3.0])))
    assert frame.iloc[:, 6].tolist() == [False, False, True]
    assert not run_view("logits").dataframe  # closed by default: nothing to redraw per interaction


@pytest.mark.parametrize("view", VIEWS)
def test_the_share_link_is_built_only_while_its_box_is_open(view):
    at = run_view(view)
    assert at.session_state["share"] is False and not at.code
    at.session_state["share"] = True
    at.run()
    (link,) = (element.value for element in at.code)
    assert link.startswith("?") and "lang=English" in link


def test_the_share_link_carries_the_sigmoid_panel_set_below_the_fragment():
    at = run_view("logits", query={"x": "1_2", "sig": "true", "z": "1.5"})
    at.session_state["share"] = True
    at.run()
    (link,) = (element.value for element in at.code)
    assert "x=1_2" in link and "sig=true" in link and "z=1.5" in link
