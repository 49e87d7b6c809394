"""Every input yields a value or a named problem; nothing raises; round trips are exact."""

import math
import string
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_viz import analysis, core, parsing
from softmax_viz.i18n import CATALOG, LANGUAGES, t

NAN_AND_INF = ["nan", "NaN", "-nan", "inf", "+inf", "Infinity", "INF", "∞", "+∞", "1e999", "-1e400", "ｉｎｆ"]
SEPARATORS = [",", " ", "\n", "\t", "、", "，", ", ", "\u3000", ";"]
finite = st.floats(allow_nan=False, allow_infinity=False)


def check(parsed: parsing.Parsed) -> None:
    """A result is exactly one of a value and a problem whose message renders in both languages."""
    assert (parsed.value is None) != (parsed.problem is None)
    if parsed.problem is not None:
        assert parsed.problem.key in CATALOG
        for lang in LANGUAGES:
            assert t(parsed.problem.key, lang, **parsed.problem.params)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_value_or_a_named_problem(text):
    for parsed in (
        parsing.parse_vector(text),
        parsing.parse_vector(text, allow_masked=True),
        parsing.parse_matrix(text),
        parsing.parse_labels(text, 5),
        parsing.decode_vector(text),
        parsing.decode_matrix(text),
        parsing.parse_choice(text, ("a", "b")),
        parsing.parse_number(text, low=-1, high=1),
        parsing.parse_number(text, low=1, high=10, integer=True),
    ):
        check(parsed)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*NAN_AND_INF, "1", "-2.5", "3e-7", "１２", "−4", "abc", "0x10", "1_0"]),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(SEPARATORS),
)
def test_mixed_tokens_name_the_first_bad_one(tokens, separator):
    parsed = parsing.parse_vector(separator.join(tokens))
    check(parsed)
    good = {"1", "-2.5", "3e-7", "１２", "−4"}
    if all(token in good for token in tokens):
        assert parsed.ok and parsed.value.size == len(tokens)
    else:
        first_bad = next(i for i, token in enumerate(tokens) if token not in good)
        assert parsed.problem.params["position"] == first_bad + 1


@pytest.mark.parametrize("spelling", NAN_AND_INF)
def test_every_spelling_of_nan_and_inf_is_refused_by_name(spelling):
    parsed = parsing.parse_vector(f"1, {spelling}, 2")
    assert parsed.problem.key in {"input_not_finite", "input_too_large"}
    assert parsed.problem.params["position"] == 2


def test_negative_infinity_masks_a_class_only_where_allowed():
    assert parsing.parse_vector("1, -inf, 2", allow_masked=True).value[1] == -math.inf
    assert parsing.parse_vector("1, -inf, 2").problem.key == "input_not_finite"
    assert parsing.parse_vector("-inf, -∞", allow_masked=True).problem.key == "input_all_masked"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("１、２、３", [1.0, 2.0, 3.0]),
        ("１．５，−０．２", [1.5, -0.2]),
        ("[1, 2, 3]", [1.0, 2.0, 3.0]),
        ("(0.5 0.25)", [0.5, 0.25]),
        ("+1e308 -1e308", [1e308, -1e308]),
        ("1e-400", [0.0]),
        ("１Ｅ３", [1000.0]),
        ("\u30001\u30002\u3000", [1.0, 2.0]),
    ],
)
def test_accepted_spellings(text, values):
    assert parsing.parse_vector(text).value.tolist() == values


def test_caps_are_enforced_before_any_work():
    huge = "1," * 100_001
    assert parsing.parse_vector(huge).problem.key == "input_too_long"
    assert parsing.parse_vector("1 " * (parsing.MAX_VECTOR_VALUES + 1)).problem.key == "input_too_many_values"
    assert parsing.parse_vector("1 " * parsing.MAX_VECTOR_VALUES).ok
    assert parsing.decode_vector("1_" * 70_000).problem.key == "input_too_long"
    rows = "\n".join(["1 2"] * (parsing.MAX_MATRIX_ROWS + 1))
    assert parsing.parse_matrix(rows).problem.key == "input_too_many_rows"
    assert parsing.parse_labels("x" * 41, 1).problem.key == "input_label_too_long"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=string.printable + "、，１２３−ｅ", min_size=1, max_size=50))
def test_strings_of_a_hundred_thousand_characters(chunk):
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    check(parsing.parse_vector(text))
    check(parsing.parse_matrix(text))


def test_ragged_rows_are_named():
    parsed = parsing.parse_matrix("1 2 3\n4 5 6\n7 8")
    assert parsed.problem == parsing.Problem("input_ragged_row", {"row": 3, "expected": 3, "found": 2})


def test_labels_are_cleaned_and_filled():
    assert parsing.parse_labels("cat,\u202edog\x00, ", 4).value == ("cat", "dog", "3", "4")
    assert parsing.parse_labels("a, b, c", 2).problem.key == "input_too_many_labels"
    assert parsing.parse_labels("<script>", 1).value == ("<script>",)  # kept as text; shown escaped


@settings(max_examples=300, deadline=None)
@given(st.lists(finite, min_size=1, max_size=50))
def test_format_and_encode_round_trip_exactly(values):
    array = np.array(values)
    for text, parse in (
        (parsing.format_vector(array), parsing.parse_vector),
        (parsing.encode_vector(array), parsing.decode_vector),
    ):
        parsed = parse(text)
        assert parsed.ok
        assert parsed.value.tobytes() == array.tobytes()  # bit for bit, −0.0 included


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_matrix_round_trip(rows, columns, data):
    matrix = np.array(
        data.draw(
            st.lists(st.lists(finite, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
        )
    )
    assert parsing.decode_matrix(parsing.encode_matrix(matrix)).value.tobytes() == matrix.tobytes()
    assert parsing.parse_matrix(parsing.format_matrix(matrix)).value.tobytes() == matrix.tobytes()


def test_encodings_need_no_url_escaping():
    encoded = parsing.encode_matrix(np.array([[1.5e-300, -2.0], [3.0, 4.25]]))
    assert set(encoded) <= set(string.ascii_letters + string.digits + "-._~")


def test_numbers_from_links():
    assert parsing.parse_number("3", low=1, high=5, integer=True).value == 3
    assert parsing.parse_number("7", low=1, high=5).problem.key == "input_out_of_range"
    assert parsing.parse_number("nan", low=1, high=5).problem.key == "input_not_finite"
    assert parsing.parse_choice("float64", ("float32", "float64")).value == "float64"


# --- numeric fuzz: the stable path never shows nan ------------------------------------------

huge_rows = st.lists(st.floats(-1e308, 1e308, allow_nan=False), min_size=1, max_size=60)


@settings(max_examples=500, deadline=None)
@given(huge_rows)
def test_softmax_of_any_finite_vector_is_a_distribution(values):
    x = np.array(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = core.softmax(x)
        log_y = core.log_softmax(x)
    assert np.all(np.isfinite(y)) and np.all(y >= 0)
    assert abs(y.sum() - 1) <= x.size * np.finfo(np.float64).eps
    assert np.all(log_y <= 0) and not np.any(np.isnan(log_y))


@settings(max_examples=300, deadline=None)
@given(huge_rows, st.sampled_from([0.05, 0.07, 0.5, 1.0, 3.0, 20.0]))
def test_the_logits_view_numbers_have_no_nan_at_any_temperature(values, temperature):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = analysis.probabilities(np.array(values), temperature)
    for column in (result.probabilities, result.log_probabilities, result.shifted, result.exp_shifted):
        assert not np.any(np.isnan(column))
    assert abs(result.probabilities.sum() - 1) <= len(values) * np.finfo(np.float64).eps
    assert math.isfinite(result.entropy)


def test_softmax_at_the_vector_cap():
    x = np.random.default_rng(5).uniform(-1, 1, parsing.MAX_VECTOR_VALUES) * 1e308
    y = core.softmax(x)
    assert np.all(np.isfinite(y)) and abs(y.sum() - 1) <= x.size * np.finfo(np.float64).eps
