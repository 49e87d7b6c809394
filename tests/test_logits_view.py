"""The logits view under AppTest: what the live chart is given, and what Python does with a commit.

A commit is sent the way the browser sends it (the chart's JSON state in the rerun's widget
states, see ``tests.apptest_helpers.commit_live_chart``), so the view's own callback checks it.
References come from mpmath or from the core on inputs written out here, never from the view.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from softmax_viz import core, presets
from tests.apptest_helpers import commit_live_chart, live_chart, run_app, run_view, texts


def softmax_reference(values, temperature: float = 1.0) -> list[float]:
    """softmax(x / T) in 50-digit arithmetic, rounded once to float64."""
    with mpmath.workdps(50):
        scaled = [mpmath.mpf(v) / mpmath.mpf(temperature) for v in values]
        exps = [mpmath.exp(z) for z in scaled]
        total = mpmath.fsum(exps)
        return [float(e / total) for e in exps]


def assert_probabilities(at, expected, rtol: float = 1e-15) -> None:
    np.testing.assert_allclose(live_chart(at)["probabilities"], expected, rtol=rtol, atol=0)


def test_the_app_opens_on_the_logits_view_with_the_live_chart():
    at = run_app()
    assert not at.exception
    data = live_chart(at)
    assert data["logits"] == [2.0, 1.0, 0.5]
    assert_probabilities(at, softmax_reference([2.0, 1.0, 0.5]))
    assert data["temperature"] == "1" and data["draggable"] is True and data["shown"] is None


def test_the_chart_is_given_labels_range_grid_and_texts_in_the_pages_language():
    at = run_view("logits", lang="ja", query={"x": "1_23.5_-3", "labels": "猫,犬,<b>鳥</b>"})
    data = live_chart(at)
    assert data["labels"] == ["猫", "犬", "<b>鳥</b>"]
    assert data["range"] == [-10.0, 30.0]
    assert data["temperatures"][0] == "0.05" and data["temperatures"][-1] == "20"
    assert "温度" in data["texts"]["temperature"]


def test_a_commit_recomputes_in_python_and_writes_the_link():
    at = run_view("logits")
    commit_live_chart(at, {"x": [2, 1, 0.6], "T": "0.7", "seq": 1})
    assert not at.exception and not at.error
    data = live_chart(at)
    assert data["seq"] == 1
    assert data["logits"] == [2.0, 1.0, 0.6] and data["temperature"] == "0.7"
    assert_probabilities(at, softmax_reference([2.0, 1.0, 0.6], 0.7))
    assert at.query_params["x"] == "2_1_0.6" and at.query_params["T"] == "0.7"
    assert at.text_area(key="logits_text").value == "2, 1, 0.6"
    p = softmax_reference([2.0, 1.0, 0.6], 0.7)
    entropy = -sum(v * math.log(v) for v in p)
    assert f"{entropy:.4f}" in texts(at)


def test_a_commit_back_to_the_defaults_leaves_them_out_of_the_link():
    at = run_view("logits", query={"x": "1_2_3", "T": "0.5"})
    commit_live_chart(at, {"x": [2, 1, 0.5], "T": "1", "seq": 1})
    assert "x" not in at.query_params and "T" not in at.query_params


def test_a_temperature_commit_without_logits_keeps_the_logits():
    values = presets.LOGITS_PRESETS["ten_classes"] + (0.0, 1.0, 2.0)
    at = run_view("logits", query={"x": "_".join(repr(v) for v in values)})
    assert live_chart(at)["draggable"] is False
    commit_live_chart(at, {"x": None, "T": "2", "seq": 1})
    assert not at.error
    data = live_chart(at)
    assert data["temperature"] == "2" and data["logits"] == list(values)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"x": [2, 1], "T": "1", "seq": 1}, "2 logits for 3"),
        ({"x": [2, 1, 99], "T": "1", "seq": 1}, "99"),
        ({"x": [2, 1, float("nan")], "T": "1", "seq": 1}, "nan"),
        ({"x": [2, 1, "3"], "T": "1", "seq": 1}, "3"),
        ({"x": [2, 1, 0.5], "T": "0.8", "seq": 1}, "0.8"),
        ({"x": [2, 1, 0.5], "T": "1", "seq": True}, "cannot read"),
        ({"x": [2, 1, 0.5], "T": "1"}, "cannot read"),
        ({"x": [2, 1, 0.5], "T": "1", "seq": 1, "extra": 1}, "cannot read"),
        ("2, 1, 0.5", "cannot read"),
    ],
    ids=["count", "range", "nan", "string", "off-grid-T", "bool-seq", "no-seq", "extra-key", "not-an-object"],
)
def test_a_bad_commit_is_refused_with_a_message_and_the_last_good_state_kept(payload, named):
    at = run_view("logits", query={"x": "3_1_0"})
    commit_live_chart(at, payload)
    assert not at.exception
    (error,) = at.error
    assert named in error.value.replace("\\", "")
    data = live_chart(at)
    assert data["logits"] == [3.0, 1.0, 0.0] and data["temperature"] == "1"
    assert_probabilities(at, softmax_reference([3.0, 1.0, 0.0]))
    assert at.query_params["x"] == "3_1_0"


def test_a_refused_commit_still_echoes_its_number_so_the_chart_stops_waiting():
    at = run_view("logits")
    commit_live_chart(at, {"x": [2, 1, 99], "T": "1", "seq": 7})
    assert live_chart(at)["seq"] == 7


def test_temperature_from_a_link_divides_the_logits():
    at = run_view("logits", query={"x": "1_2_3", "T": "0.5"})
    assert not at.exception
    assert live_chart(at)["temperature"] == "0.5"
    assert_probabilities(at, softmax_reference([2.0, 4.0, 6.0]))


def test_a_temperature_off_the_grid_in_a_link_is_named():
    at = run_view("logits", query={"x": "1_2_3", "T": "-4"})
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "T" in warnings and "“-4”" in warnings
    assert live_chart(at)["temperature"] == "1"


def test_a_bad_token_is_named_and_the_last_good_state_kept():
    at = run_view("logits")
    at.text_area(key="logits_text").input("1, two, 3").run()
    assert any("two" in error.value for error in at.error)
    assert_probabilities(at, softmax_reference(presets.LOGITS_DEFAULT))
    at.text_area(key="logits_text").input("１、２、３").run()
    assert not at.error
    assert_probabilities(at, softmax_reference([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("bad", ["nan", "inf", "", "1e999"])
def test_non_finite_and_empty_input_is_refused(bad):
    at = run_view("logits")
    at.text_area(key="logits_text").input(f"1, 2, {bad}" if bad else "").run()
    assert at.error
    assert_probabilities(at, softmax_reference(presets.LOGITS_DEFAULT))


def test_masked_classes_travel_as_null_and_are_not_draggable():
    at = run_view("logits", query={"x": "2_-inf_1"})
    data = live_chart(at)
    assert data["logits"] == [2.0, None, 1.0] and data["draggable"] is False
    assert data["probabilities"][1] == 0.0
    assert_probabilities(at, [*softmax_reference([2.0, 1.0])[:1], 0.0, softmax_reference([2.0, 1.0])[1]])
    assert "Bars can be dragged for up to 12 finite logits" in texts(at)


def test_twelve_logits_are_draggable_and_thirteen_are_not():
    twelve = "_".join(str(k) for k in range(12))
    assert live_chart(run_view("logits", query={"x": twelve}))["draggable"] is True
    thirteen = live_chart(run_view("logits", query={"x": twelve + "_12"}))
    # Fewer classes than the top N: every class has a column, but none has a handle.
    assert thirteen["draggable"] is False and thirteen["shown"] is None and len(thirteen["logits"]) == 13


def test_large_k_shows_the_top_n_classes_and_the_rest_summed():
    values = np.array(presets.LOGITS_PRESETS["vocabulary"])
    at = run_view("logits")
    at.selectbox(key="logits_preset").set_value("vocabulary").run()
    assert not at.exception
    data = live_chart(at)
    expected_top = sorted(range(values.size), key=lambda k: (-values[k], k))[:20]
    assert data["shown"] == expected_top
    p = core.softmax(values)
    rest = math.fsum(p[k] for k in range(values.size) if k not in set(expected_top))
    np.testing.assert_allclose(data["probabilities"][:20], p[expected_top], rtol=1e-15, atol=0)
    assert data["probabilities"][20] == pytest.approx(rest, rel=1e-12)
