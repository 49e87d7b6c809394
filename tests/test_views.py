"""Every view under AppTest: it renders, charts carry the core's numbers, links, bad input."""

import itertools
import logging
import math
import re

import mpmath
import numpy as np
import pytest

from softmax_viz import core, presets, urlstate
from softmax_viz.i18n import escape_markdown, t
from tests.apptest_helpers import VIEWS, chart, commit_live_chart, live_chart, run_app, run_view, texts


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


def exact_probabilities(values, dps: int = 40) -> list:
    with mpmath.workdps(dps):
        terms = [mpmath.exp(mpmath.mpf(v)) for v in values]
        total = mpmath.fsum(terms)
        return [term / total for term in terms]


def exact_sigmoid(z: float) -> float:
    with mpmath.workdps(40):
        return float(1 / (1 + mpmath.exp(-mpmath.mpf(float(z)))))


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


def test_the_summary_states_the_sum_entropy_and_argmax():
    at = run_view("logits", query={"x": "0_-1_-2", "table": "true"})
    (table,) = [
        element.value for element in at.markdown if element.value.startswith("| Sum of probabilities")
    ]
    total, entropy, argmax = (cell.strip() for cell in table.splitlines()[-1].strip("|").split("|"))
    # The sum is the float the shown probabilities add up to, with the digits to read it back:
    # these three add up to the same float below 1 in every order, so "1" would be rounded.
    shown = at.dataframe[0].value.iloc[:, 4].to_numpy()
    (float_sum,) = {float(np.sum(order)) for order in itertools.permutations(shown)} | {math.fsum(shown)}
    assert float_sum < 1 and float(total.replace("\\", "")) == float_sum
    y = exact_probabilities((0.0, -1.0, -2.0))
    with mpmath.workdps(40):
        assert entropy.replace("\\", "") == f"{float(-mpmath.fsum(p * mpmath.log(p) for p in y)):.4f}"
    assert argmax == "1"


def test_a_malformed_link_opens_with_defaults_and_says_what_was_ignored():
    at = run_view("logits", query={"x": "1_<b>x</b>_3", "T": "-4", "labels": "a,b,c"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    assert warnings[0].startswith(t("link_value_ignored", "en", param="x", value="1_<b>x</b>_3"))
    assert t("input_bad_token", "en", position=2, token="<b>x</b>") in warnings[0]
    assert warnings[1].startswith(t("link_value_ignored", "en", param="T", value="-4"))
    assert t("input_not_an_option", "en", value="-4", options=", ".join(urlstate.TEMPERATURES)) in warnings[1]
    assert "<b>" not in " ".join(warnings).replace("\\<b\\>", "")
    np.testing.assert_allclose(
        live_chart(at)["probabilities"], core.softmax(np.array(presets.LOGITS_DEFAULT)), rtol=1e-15, atol=0
    )


def test_the_sigmoid_panel_draws_softmax_of_z_0_and_the_sigmoid_as_one_curve():
    at = run_view("logits", query={"sig": "true", "z": "1.5"})
    softmax_curve, sigmoid_curve = chart(at, "sigmoid_chart")["data"]
    assert (softmax_curve["name"], sigmoid_curve["name"]) == ("softmax([z, 0])₁", "σ(z)")
    z = np.asarray(softmax_curve["x"])
    assert (z.min(), z.max(), z.size) == (-10.0, 10.0, 201)
    np.testing.assert_array_equal(sigmoid_curve["x"], z)
    exact = [exact_sigmoid(v) for v in z]
    np.testing.assert_allclose(softmax_curve["y"], exact, rtol=4e-16, atol=0)
    np.testing.assert_allclose(sigmoid_curve["y"], exact, rtol=4e-16, atol=0)
    # The values at the chosen z, printed with 17 digits, read back within an ulp of the truth.
    (line,) = [element.value.replace("\\", "") for element in at.markdown if element.value.startswith("At z")]
    match = re.fullmatch(r"At z = 1.5: softmax\(\[z, 0\]\)₁ = ([0-9.]+), σ\(z\) = ([0-9.]+)\.", line)
    np.testing.assert_allclose([float(v) for v in match.groups()], [exact_sigmoid(1.5)] * 2, rtol=2.3e-16)


def lab_cells(at, path: str) -> list[str]:
    """Every value of the live lab's exp and quotient columns on ``path``, as Python's repr."""
    steps = live_chart(at, "live_overflow")["trace"][path]
    return [value for step in steps if step["name"] in ("exp", "quotient") for value in step["value"]]


def test_overflow_view_shows_inf_and_nan_only_on_the_naive_path():
    at = run_view("overflow")
    assert len(at.table) == 1  # the log_softmax tail; the step tables are the live lab's
    assert "overflow" in texts(at).lower()
    naive, stable = lab_cells(at, "naive"), lab_cells(at, "stable")
    assert naive.count("nan") == 5 and naive.count("inf") == 5
    assert not {"inf", "nan"} & set(stable)


def test_overflow_shift_moves_the_naive_path_past_the_threshold():
    at = run_view("overflow", query={"x": "1_2_3", "shift": "706"})
    assert not {"inf", "nan"} & set(lab_cells(at, "naive"))
    commit_live_chart(at, {"shift": 709, "seq": 1}, "live_overflow")
    assert {"inf", "nan"} <= set(lab_cells(at, "naive"))
    assert not {"inf", "nan"} & set(lab_cells(at, "stable"))


@pytest.mark.parametrize(("dtype", "broken"), [("float16", True), ("float32", True), ("float64", False)])
def test_overflow_dtype_threshold(dtype, broken):
    at = run_view("overflow", query={"x": "85_86_87_88_89_90", "dtype": dtype})
    assert bool({"inf", "nan"} & set(lab_cells(at, "naive"))) == broken


def test_the_live_gradient_charts_jacobian_is_the_cores():
    at = run_view("gradient")
    y = core.softmax(np.array(presets.GRADIENT_DEFAULT))
    data = live_chart(at, "live_gradient")
    assert data["jacobian"] == core.softmax_jacobian(y).tolist()
    assert data["row_sums"] == core.softmax_jacobian(y).sum(axis=1).tolist()


# --- the gradient view's classes, from x = (1, 2, 3) ----------------------------------------------

GRADIENT_X = (1.0, 2.0, 3.0)


def exact_loss(values, target: int) -> float:
    """−log y_t = log Σ exp(x) − x_t, for a 1-based class number."""
    with mpmath.workdps(40):
        return float(mpmath.log(mpmath.fsum(mpmath.exp(v) for v in values)) - values[target - 1])


def shows_the_true_class(at, target: int) -> None:
    assert f"Loss for class {target}: {exact_loss(GRADIENT_X, target):.6g}" in texts(at)
    probabilities = np.array([float(p) for p in exact_probabilities(GRADIENT_X)])
    data = live_chart(at, "live_gradient")
    assert data["target"] == target - 1
    np.testing.assert_allclose(data["probabilities"], probabilities, rtol=4e-16)
    np.testing.assert_allclose(data["gradient"], probabilities - np.eye(3)[target - 1], rtol=0, atol=4e-16)
    assert data["loss"] == pytest.approx(exact_loss(GRADIENT_X, target), rel=1e-15)


def shows_the_swept_class(at, number: int) -> None:
    """The chart draws y_i = σ(x_i − c) with c = log Σ_{j≠i} exp(x_j), the other logits fixed."""
    data = live_chart(at, "live_gradient")
    others = [v for k, v in enumerate(GRADIENT_X, start=1) if k != number]
    with mpmath.workdps(40):
        centre = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in others))
    assert data["swept"] == number - 1
    assert data["shift"] == pytest.approx(float(centre), rel=1e-15)
    assert data["logits"][number - 1] == GRADIENT_X[number - 1]  # the point's x_i
    assert data["texts"]["sweep"] == f"y{number} = σ(x{number} − c) as x{number} moves"
    assert f"For x{number}: shift c = {escape_markdown(f'{float(centre):.6g}')};" in texts(at)


@pytest.mark.parametrize("target", [1, 2, 3])
def test_the_true_class_from_a_link_sets_the_loss_and_the_gradient(target):
    at = run_view("gradient", query={"x": "1_2_3", "t": str(target)})
    shows_the_true_class(at, target)


@pytest.mark.parametrize("number", [1, 2, 3])
def test_the_swept_class_from_a_link_sets_the_sweep(number):
    at = run_view("gradient", query={"x": "1_2_3", "i": str(number)})
    shows_the_swept_class(at, number)


def test_the_class_menus_set_the_sweep_and_the_loss():
    at = run_view("gradient", query={"x": "1_2_3"})
    shows_the_swept_class(at, 1)
    shows_the_true_class(at, 1)
    at.selectbox(key="i").set_value(3).run()
    shows_the_swept_class(at, 3)
    shows_the_true_class(at, 1)
    at.selectbox(key="t").set_value(2).run()
    shows_the_swept_class(at, 3)
    shows_the_true_class(at, 2)


def test_the_off_diagonal_table_pairs_each_entry_with_its_central_difference():
    assert not run_view("gradient").dataframe  # closed by default: nothing to redraw per commit
    at = run_view("gradient", query={"x": "1_2_3", "table": "true"})
    table = at.dataframe[0].value
    pairs = list(zip(table["i"], table["j"], strict=True))
    assert pairs == [(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]
    y = exact_probabilities(GRADIENT_X)
    np.testing.assert_allclose(table["−y_i y_j"], [float(-y[i - 1] * y[j - 1]) for i, j in pairs], rtol=1e-15)
    h = 1e-6
    x = np.array(GRADIENT_X)
    central = [
        (core.softmax(x + h * np.eye(3)[j - 1])[i - 1] - core.softmax(x - h * np.eye(3)[j - 1])[i - 1])
        / (2 * h)
        for i, j in pairs
    ]
    np.testing.assert_array_equal(table["finite difference"], central)
    np.testing.assert_array_equal(
        table["|difference|"], np.abs(table["−y_i y_j"] - table["finite difference"])
    )


@pytest.mark.parametrize(("param", "value"), [("t", "7"), ("i", "9"), ("t", "4")])
def test_a_class_past_the_last_in_a_link_is_named_and_the_first_class_shown(param, value):
    at = run_view("gradient", query={"x": "1_2_3", param: value})
    (warning,) = at.warning
    assert warning.value.startswith(t("link_value_ignored", "en", param=param, value=value))
    assert t("input_out_of_range", "en", value=value, low=1, high=3) in warning.value
    shows_the_true_class(at, 1)
    shows_the_swept_class(at, 1)


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


@pytest.mark.parametrize("labels", ["猫、犬、鳥", "猫，犬，鳥"])
def test_labels_from_a_link_separated_the_japanese_way_name_the_classes(labels):
    at = run_view("logits", query={"x": "1_2_3", "labels": labels, "table": "true"})
    assert not at.warning
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["猫", "犬", "鳥"]


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


# --- the examples menus --------------------------------------------------------------------------


@pytest.fixture
def widget_state_warnings():
    """What Streamlit logs about widgets whose value is set both by default and through session
    state; it logs that once per process, so the flag is reset for each test."""
    from streamlit.elements.lib import policies

    logged = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    logger = logging.getLogger(policies.__name__)
    logger.addHandler(handler)
    previous, policies._shown_default_value_warning = policies._shown_default_value_warning, False
    yield logged
    policies._shown_default_value_warning = previous
    logger.removeHandler(handler)


@pytest.mark.parametrize("name", list(presets.OVERFLOW_PRESETS))
def test_an_overflow_example_loads_its_values_and_resets_the_shift_without_a_logged_warning(
    name, widget_state_warnings
):
    at = run_view("overflow", query={"shift": "12", "dtype": "float32"})
    at.selectbox(key="overflow_preset").set_value(name).run()
    values = list(presets.OVERFLOW_PRESETS[name])
    data = live_chart(at, "live_overflow")
    assert data["shift"] == 0.0 and at.selectbox(key="dtype").value == "float32"
    assert [float(v) for v in at.text_area(key="overflow_text").value.split(",")] == values
    assert [float(v) for v in data["trace"]["naive"][0]["value"]] == pytest.approx(values, rel=1e-6)
    assert not at.error and not at.exception
    assert widget_state_warnings == []


@pytest.mark.parametrize("name", list(presets.GRADIENT_PRESETS))
def test_a_gradient_example_loads_its_values(name):
    at = run_view("gradient", query={"x": "5_-5", "table": "true"})
    at.selectbox(key="gradient_preset").set_value(name).run()
    values = presets.GRADIENT_PRESETS[name]
    assert [float(v) for v in at.text_area(key="gradient_text").value.split(",")] == list(values)
    y = exact_probabilities(values)
    table = at.dataframe[0].value
    expected = [float(-y[i - 1] * y[j - 1]) for i, j in zip(table["i"], table["j"], strict=True)]
    np.testing.assert_allclose(table["−y_i y_j"], expected, rtol=1e-14)
    np.testing.assert_allclose(
        live_chart(at, "live_gradient")["probabilities"], [float(p) for p in y], rtol=1e-15
    )
    assert not at.error and not at.exception


@pytest.mark.parametrize("name", list(presets.BATCH_PRESETS))
def test_a_batch_example_loads_its_matrix(name):
    at = run_view("batch", query={"m": "1_2~3_4~5_6~7_8"})
    at.selectbox(key="batch_preset").set_value(name).run()
    matrix = presets.BATCH_PRESETS[name]
    typed = at.text_area(key="batch_text").value.splitlines()
    assert [[float(v) for v in row.split(",")] for row in typed] == [list(row) for row in matrix]
    rows = [[float(p) for p in exact_probabilities(row)] for row in matrix]  # axis=1, the default
    z = trace_arrays(chart(at, "batch_chart"), "z")[0]
    np.testing.assert_allclose(z, rows, rtol=1e-14)
    assert not at.error and not at.exception


# --- the link each view writes -------------------------------------------------------------------


def same_chart(one, other, key: str) -> bool:
    """The two apps draw the chart ``key`` with the same data and layout."""
    specs = [
        next(e.proto.spec for e in app.get("plotly_chart") if e.proto.id.endswith(key))
        for app in (one, other)
    ]
    return specs[0] == specs[1]


def share_link(at) -> str:
    at.session_state["share"] = True
    at.run()
    (link,) = (element.value for element in at.code)
    return link


def test_the_overflow_view_writes_its_state_into_the_link():
    at = run_view("overflow")
    at.text_area(key="overflow_text").input("1, 2, 5").run()
    at.selectbox(key="dtype").set_value("float32").run()
    commit_live_chart(at, {"shift": 85, "seq": 1}, "live_overflow")
    assert at.query_params["x"] == "1_2_5" and at.query_params["shift"] == "85"  # Streamlit writes dtype
    assert share_link(at) == "?x=1_2_5&dtype=float32&shift=85&lang=English"
    reopened = run_view("overflow", query={"x": "1_2_5", "dtype": "float32", "shift": "85"})
    assert live_chart(reopened, "live_overflow")["trace"] == live_chart(at, "live_overflow")["trace"]


def test_the_gradient_view_writes_its_state_into_the_link():
    at = run_view("gradient")
    at.text_area(key="gradient_text").input("1, 2, 5, 0.5").run()
    at.selectbox(key="i").set_value(2).run()
    at.selectbox(key="t").set_value(4).run()
    assert at.query_params["x"] == "1_2_5_0.5"
    assert share_link(at) == "?x=1_2_5_0.5&i=2&t=4&lang=English"
    reopened = run_view("gradient", query={"x": "1_2_5_0.5", "i": "2", "t": "4"})
    assert live_chart(reopened, "live_gradient") == live_chart(at, "live_gradient")


def test_the_batch_view_writes_its_state_into_the_link():
    at = run_view("batch")
    at.text_area(key="batch_text").input("1 2\n3 5").run()
    at.segmented_control(key="axis").set_value("0").run()
    assert at.query_params["m"] == "1_2~3_5"
    assert share_link(at) == "?m=1_2~3_5&axis=0&lang=English"
    reopened = run_view("batch", query={"m": "1_2~3_5", "axis": "0"})
    assert same_chart(reopened, at, "batch_chart")


def test_defaults_are_left_out_of_the_link():
    for view, link in [
        ("overflow", "?x=705_706_707_708_709_710_711_712_713_714&lang=English"),
        ("gradient", "?x=2_1_0.5&lang=English"),
        ("batch", "?m=6_1_4~4_8_4~6_3_5&lang=English"),
    ]:
        assert share_link(run_view(view)) == link
        assert not run_view(view).query_params


# --- language ------------------------------------------------------------------------------------


def test_a_japanese_link_opens_in_japanese_in_an_english_browser():
    at = run_app({"lang": "日本語"})  # AppTest's browser has no locale: English
    assert at.title[0].value == "ロジット → 確率"
    assert not at.warning


def test_a_bad_language_in_a_link_is_named_and_the_browsers_used():
    at = run_app({"lang": "Klingon"})
    assert at.title[0].value == "Logits → probabilities"
    (warning,) = at.warning
    assert warning.value.startswith(t("link_value_ignored", "en", param="lang", value="Klingon"))
    assert t("input_not_an_option", "en", value="Klingon", options="日本語, English") in warning.value


# --- the logits view: large K, temperature notes, labels ----------------------------------------


def test_for_large_k_the_table_lists_the_most_likely_classes():
    values = np.array(presets.LOGITS_PRESETS["vocabulary"])
    at = run_view("logits", query={"table": "true", "top": "5"})
    at.selectbox(key="logits_preset").set_value("vocabulary").run()
    table = at.dataframe[0].value
    most_likely = np.argsort(-values, kind="stable")[:5]  # softmax keeps the order of the logits
    assert table.iloc[:, 0].tolist() == [str(k + 1) for k in most_likely]
    assert table.iloc[:, 1].tolist() == values[most_likely].tolist()
    assert "The table lists the 5 most likely of 10000 classes; the CSV has all." in [
        c.value for c in at.caption
    ]


@pytest.mark.parametrize(
    ("temperature", "note"),
    [
        ("0.05", "temperature_cold"),
        ("0.1", "temperature_cold"),
        ("0.15", None),
        ("7", None),
        ("10", "temperature_hot"),
        ("20", "temperature_hot"),
    ],
)
def test_cold_and_hot_temperatures_get_their_note(temperature, note):
    at = run_view("logits", query={"T": temperature})
    notes = [element.value for element in at.info]
    assert notes == ([t(note, "en")] if note else [])


def test_labels_typed_on_the_page_name_the_classes():
    at = run_view("logits", query={"x": "1_2_3", "table": "true"})
    at.text_input(key="labels_text").input("猫、犬，<b>bird</b>").run()
    assert not at.warning
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["猫", "犬", "<b>bird</b>"]
    assert at.query_params["labels"] == "猫、犬，<b>bird</b>"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("a, b, c, d", ("input_too_many_labels", {"count": 4, "classes": 3})),
        ("a, b, a", ("input_duplicate_label", {"label": "a", "first": 1, "second": 3})),
        ("ok, " + "x" * 41, ("input_label_too_long", {"position": 2, "label": "x" * 30 + "…", "cap": 40})),
    ],
)
def test_labels_typed_on_the_page_that_cannot_be_used_are_named_and_numbers_shown(typed, problem):
    at = run_view("logits", query={"x": "1_2_3", "table": "true"})
    at.text_input(key="labels_text").input(typed).run()
    (warning,) = at.warning
    key, params = problem
    assert warning.value == t(key, "en", **params) + " " + t("labels_default_used", "en")
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["1", "2", "3"]
