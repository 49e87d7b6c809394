"""The gradient view's live chart under AppTest: what Python gives it, and what Python does with a
commit sent the way the browser sends it (``tests.apptest_helpers.commit_live_chart``).

References come from mpmath or from the core on inputs written out here, never from the view.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from softmax_viz import core, parsing
from tests.apptest_helpers import commit_live_chart, live_chart, run_view, texts

KEY = "live_gradient"


def exact(values) -> tuple[list[float], list[list[float]]]:
    """softmax(x) and its Jacobian y_i(δ_ij − y_j) in 50-digit arithmetic, rounded once."""
    with mpmath.workdps(50):
        exps = [mpmath.exp(mpmath.mpf(v)) for v in values]
        total = mpmath.fsum(exps)
        y = [e / total for e in exps]
        jacobian = [[float(yi * (int(i == j) - yj)) for j, yj in enumerate(y)] for i, yi in enumerate(y)]
        return [float(v) for v in y], jacobian


def exact_shift(values, index: int) -> float:
    with mpmath.workdps(50):
        return float(mpmath.log(mpmath.fsum(mpmath.exp(v) for k, v in enumerate(values) if k != index)))


def assert_python_numbers(data: dict, values, swept: int, target: int) -> None:
    y, jacobian = exact(values)
    assert data["logits"] == list(values)
    np.testing.assert_allclose(data["probabilities"], y, rtol=1e-15, atol=0)
    np.testing.assert_allclose(data["jacobian"], jacobian, rtol=1e-14, atol=1e-17)
    assert data["shift"] == pytest.approx(exact_shift(values, swept), rel=1e-15)
    assert (data["swept"], data["target"]) == (swept, target)
    onehot = np.eye(len(values))[target]
    np.testing.assert_allclose(data["gradient"], np.array(y) - onehot, rtol=0, atol=4e-16)
    with mpmath.workdps(50):
        loss = float(mpmath.log(mpmath.fsum(mpmath.exp(v) for v in values)) - values[target])
    assert data["loss"] == pytest.approx(loss, rel=1e-15)


def test_the_chart_is_given_pythons_numbers_for_the_link_the_swept_and_the_true_class():
    at = run_view("gradient", query={"x": "3_1_0.2_-1", "i": "3", "t": "2"})
    assert not at.exception
    data = live_chart(at, KEY)
    assert_python_numbers(data, [3.0, 1.0, 0.2, -1.0], swept=2, target=1)
    assert data["seq"] == 0 and data["range"] == [-10.0, 10.0]
    assert data["row_sums"] == np.array(data["jacobian"]).sum(axis=1).tolist()


@pytest.mark.parametrize(
    ("lang", "slider", "meter"),
    [("en", "Logit of class 2", "Probability of class 2"), ("ja", "クラス 2 のロジット", "クラス 2 の確率")],
)
def test_every_handle_and_meter_is_named_for_its_class_in_the_pages_language(lang, slider, meter):
    texts = live_chart(run_view("gradient", lang=lang, query={"x": "1_2_3"}), KEY)["texts"]
    assert len(texts["sliders"]) == len(texts["meters"]) == 3
    assert (texts["sliders"][1], texts["meters"][1]) == (slider, meter)
    assert texts["chart"].strip()  # the chart's accessible name
    words = " ".join(str(value) for value in texts.values()).lower()
    assert "temperature" not in words and "温度" not in words


def test_a_commit_recomputes_in_python_and_writes_the_link():
    at = run_view("gradient", query={"x": "1_2_3", "t": "3"})
    commit_live_chart(at, {"x": [2, 1, 0.6], "seq": 1}, KEY)
    assert not at.exception and not at.error
    data = live_chart(at, KEY)
    assert data["seq"] == 1
    assert_python_numbers(data, [2.0, 1.0, 0.6], swept=0, target=2)
    assert at.query_params["x"] == "2_1_0.6" and at.query_params["t"] == "3"
    assert at.text_area(key="gradient_text").value == "2, 1, 0.6"
    assert f"Loss for class 3: {data['loss']:.6g}" in texts(at)


def test_a_commit_back_to_the_default_leaves_x_out_of_the_link():
    at = run_view("gradient", query={"x": "1_2_3"})
    commit_live_chart(at, {"x": [2, 1, 0.5], "seq": 1}, KEY)
    assert "x" not in at.query_params


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"x": [2, 1], "seq": 1}, "2 logits for 3"),
        ({"x": [2, 1, 99], "seq": 1}, "99"),
        ({"x": [2, 1, float("nan")], "seq": 1}, "nan"),
        ({"x": [2, 1, "3"], "seq": 1}, "3"),
        ({"x": [2, 1, 0.5], "seq": True}, "cannot read"),
        ({"x": [2, 1, 0.5]}, "cannot read"),
        ({"x": [2, 1, 0.5], "T": "1", "seq": 1}, "cannot read"),
        ("2, 1, 0.5", "cannot read"),
    ],
    ids=["count", "range", "nan", "string", "bool-seq", "no-seq", "extra-key", "not-an-object"],
)
def test_a_bad_commit_is_refused_with_a_message_and_the_last_good_state_kept(payload, named):
    at = run_view("gradient", query={"x": "3_1_0"})
    commit_live_chart(at, payload, KEY)
    assert not at.exception
    (error,) = at.error
    assert named in error.value.replace("\\", "")
    assert_python_numbers(live_chart(at, KEY), [3.0, 1.0, 0.0], swept=0, target=0)
    assert at.query_params["x"] == "3_1_0"


def test_a_refused_commit_still_echoes_its_number_so_the_chart_stops_waiting():
    at = run_view("gradient")
    commit_live_chart(at, {"x": [2, 1, 99], "seq": 7}, KEY)
    assert live_chart(at, KEY)["seq"] == 7


def test_one_logit_has_no_others_so_c_travels_as_none():
    at = run_view("gradient", query={"x": "4"})
    assert not at.exception
    data = live_chart(at, KEY)
    assert data["shift"] is None and data["probabilities"] == [1.0] and data["jacobian"] == [[0.0]]


def test_the_handles_range_grows_in_whole_tens_around_the_logits():
    data = live_chart(run_view("gradient", query={"x": "23.5_-3"}), KEY)
    assert data["range"] == [-10.0, 30.0]


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"x": [1, 2, 3], "seq": 0}, None),
        ({"x": [1, 2, 10.5], "seq": 0}, "input_out_of_range"),
        ({"x": [1, 2, float("inf")], "seq": 0}, "input_number_not_finite"),
        ({"x": [1, 2], "seq": 0}, "input_live_wrong_count"),
        ({"x": None, "seq": 0}, "input_live_wrong_count"),
        ({"x": [1, 2, 3], "seq": -1}, "input_live_malformed"),
        ({"x": [1, 2, 3], "seq": 1.0}, "input_live_malformed"),
        ([1, 2, 3], "input_live_malformed"),
    ],
)
def test_parse_gradient_commit_takes_exactly_count_finite_logits_in_range_and_a_whole_seq(payload, key):
    parsed = parsing.parse_gradient_commit(payload, count=3, low=-10, high=10)
    assert (parsed.problem.key if not parsed.ok else None) == key
    if parsed.ok:
        assert parsed.value.logits.tolist() == [1.0, 2.0, 3.0] and parsed.value.seq == 0


def test_python_recomputes_rather_than_trusting_the_browser():
    """Python's numbers for a commit are the core's for the committed logits, bit for bit."""
    at = run_view("gradient")
    commit_live_chart(at, {"x": [0.1, 0.2, 0.7], "seq": 1}, KEY)
    x = np.array([0.1, 0.2, 0.7])
    data = live_chart(at, KEY)
    y = core.softmax(x)
    assert data["probabilities"] == y.tolist()
    assert data["jacobian"] == core.softmax_jacobian(y).tolist()
    assert data["gradient"] == core.cross_entropy(x, 0).grad.tolist()
