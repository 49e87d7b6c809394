"""Every input yields a value or a named problem; nothing raises; round trips are exact."""

import math
import re
import string
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_viz import analysis, core, parsing
from softmax_viz.i18n import CATALOG, LANGUAGES, t

finite = st.floats(allow_nan=False, allow_infinity=False)
SEPARATORS = [",", " ", "\n", "\t", "、", "，", ", ", " ,\n", "\u3000", ";", "\r\n", "\ufeff", "\u200b"]
NAN_SPELLINGS = ["nan", "NaN", "NAN", "-nan", "+nan", "nAn", "ｎａｎ"]
INF_SPELLINGS = ["inf", "+inf", "Inf", "INF", "Infinity", "+infinity", "iNfInItY", "∞", "+∞", "ｉｎｆ", "＋∞"]
MINUS_INF_SPELLINGS = ["-inf", "-Infinity", "-INF", "-∞", "−inf", "−∞", "－ｉｎｆ"]
TOO_LARGE_SPELLINGS = ["1e999", "-1e400", "1.7976931348623159e308", "１ｅ９９９", "9" * 400]
FULL_WIDTH = str.maketrans({chr(code): chr(code + 0xFEE0) for code in range(0x21, 0x7F)})

# Text built from pieces that stress the parsers, mixed with arbitrary unicode.
PIECES = [
    *SEPARATORS, *NAN_SPELLINGS, *INF_SPELLINGS, *MINUS_INF_SPELLINGS, *TOO_LARGE_SPELLINGS,
    "1", "-2.5", "+3", ".5", "1e-400", "1e308", "4.9e-324", "１２", "−4", "１．５", "10²", "x₁",
    "[", "]", "(", ")", "［", "］", "_", "~", "e", "E", ".", "+", "-", "0x10", "1_0", "\ud800",
    "\u202e", "\x00", "\u2028", "<b>", "*", "$",
]  # fmt: skip
nasty_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def check(parsed: parsing.Parsed) -> None:
    """Exactly one of a value and a problem; a problem's message names every parameter it has."""
    assert (parsed.value is None) != (parsed.problem is None)
    if parsed.problem is not None:
        entry = CATALOG[parsed.problem.key]
        for lang in LANGUAGES:
            assert placeholders(entry[lang]) == set(parsed.problem.params)
            assert t(parsed.problem.key, lang, **parsed.problem.params)


def all_parsers(text: str) -> list[parsing.Parsed]:
    return [
        parsing.parse_vector(text),
        parsing.parse_vector(text, allow_masked=True, max_values=12),
        parsing.parse_matrix(text),
        parsing.parse_labels(text, 5),
        parsing.decode_vector(text, allow_masked=True),
        parsing.decode_matrix(text),
        parsing.parse_choice(text, ("float32", "float64")),
        parsing.parse_number(text, low=-10, high=10),
        parsing.parse_number(text, low=1, high=12, integer=True),
    ]


# --- nothing raises, every problem has a message ---------------------------------------------


@settings(max_examples=250, deadline=None)
@given(st.text())
def test_arbitrary_unicode_gives_a_value_or_a_named_problem(text):
    for parsed in all_parsers(text):
        check(parsed)


@settings(max_examples=250, deadline=None)
@given(nasty_text)
def test_numbers_separators_and_odd_characters_give_a_value_or_a_named_problem(text):
    for parsed in all_parsers(text):
        check(parsed)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
def test_strings_of_a_hundred_thousand_characters(chunk):
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    for parsed in all_parsers(text):
        check(parsed)


# --- spellings -------------------------------------------------------------------------------


def case_variants(spelling: str) -> st.SearchStrategy[str]:
    """``spelling`` in any mix of upper and lower case, half or full width."""
    letters = [st.sampled_from(sorted({c, c.upper(), c.lower()})) for c in spelling]
    return st.tuples(*letters).map("".join).flatmap(lambda s: st.sampled_from([s, s.translate(FULL_WIDTH)]))


spelled_nan = st.sampled_from(["", "+", "-", "−"]).flatmap(
    lambda sign: case_variants("nan").map(lambda s: sign + s)
)
spelled_inf = st.tuples(st.sampled_from(["", "+", "＋"]), st.sampled_from(["inf", "infinity"])).flatmap(
    lambda pair: case_variants(pair[1]).map(lambda s: pair[0] + s)
)
spelled_minus_inf = st.tuples(
    st.sampled_from(["-", "−", "－"]), st.sampled_from(["inf", "infinity"])
).flatmap(lambda pair: case_variants(pair[1]).map(lambda s: pair[0] + s))


@settings(max_examples=60, deadline=None)
@given(spelled_nan, st.sampled_from(SEPARATORS), st.booleans())
def test_nan_in_any_spelling_is_refused_by_name(spelling, separator, allow_masked):
    parsed = parsing.parse_vector(separator.join(["1", spelling, "2"]), allow_masked=allow_masked)
    assert parsed.problem == parsing.Problem("input_nan", {"position": 2, "token": spelling})


@settings(max_examples=60, deadline=None)
@given(spelled_inf, st.sampled_from(SEPARATORS), st.booleans())
def test_plus_infinity_in_any_spelling_is_refused_by_name(spelling, separator, allow_masked):
    parsed = parsing.parse_vector(separator.join(["1", spelling, "2"]), allow_masked=allow_masked)
    assert parsed.problem == parsing.Problem("input_infinite", {"position": 2, "token": spelling})


@settings(max_examples=60, deadline=None)
@given(spelled_minus_inf, st.sampled_from(SEPARATORS))
def test_minus_infinity_masks_a_class_only_where_allowed(spelling, separator):
    text = separator.join(["1", spelling, "2"])
    assert parsing.parse_vector(text, allow_masked=True).value.tolist() == [1.0, -math.inf, 2.0]
    refused = parsing.parse_vector(text)
    assert refused.problem == parsing.Problem("input_masked_not_allowed", {"position": 2, "token": spelling})
    every = parsing.parse_vector(separator.join([spelling] * 3), allow_masked=True)
    assert every.problem == parsing.Problem("input_all_masked", {})


@pytest.mark.parametrize("spelling", [*INF_SPELLINGS, *MINUS_INF_SPELLINGS, "∞", "-∞"])
def test_infinity_on_its_own_is_refused(spelling):
    assert parsing.parse_vector(spelling, allow_masked=True).problem.key in {
        "input_infinite",
        "input_all_masked",
    }


@pytest.mark.parametrize("spelling", TOO_LARGE_SPELLINGS)
def test_numbers_beyond_float64_are_called_too_large(spelling):
    for allow_masked in (False, True):
        parsed = parsing.parse_vector(f"0 {spelling}", allow_masked=allow_masked)
        assert parsed.problem.key == "input_too_large"
        assert parsed.problem.params["position"] == 2


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("１、２、３", [1.0, 2.0, 3.0]),
        ("１．５，−０．２", [1.5, -0.2]),
        ("＋１ｅ３　－２Ｅ－１", [1000.0, -0.2]),
        ("[1, 2, 3]", [1.0, 2.0, 3.0]),
        ("(0.5 0.25)", [0.5, 0.25]),
        ("［１，２］", [1.0, 2.0]),
        ("[ 1.   2.5 -3. ]\n", [1.0, 2.5, -3.0]),  # numpy's print
        ("[1.5, 0.8,\n -0.2]", [1.5, 0.8, -0.2]),  # numpy's repr, wrapped
        ("+1e308 -1e308 1.7976931348623157e308", [1e308, -1e308, 1.7976931348623157e308]),
        ("1e-400 -1e-400 5e-324", [0.0, -0.0, 5e-324]),
        (".5 5. -.5", [0.5, 5.0, -0.5]),
        ("1,,2, ,3,", [1.0, 2.0, 3.0]),
        ("\ufeff1\u200b2", [1.0, 2.0]),
        ("1;2\t3\r\n4\u00a05", [1.0, 2.0, 3.0, 4.0, 5.0]),
    ],
)
def test_accepted_spellings(text, values):
    parsed = parsing.parse_vector(text)
    assert parsed.ok, parsed.problem
    assert parsed.value.dtype == np.float64 and parsed.value.ndim == 1
    assert parsed.value.tobytes() == np.array(values).tobytes()


@pytest.mark.parametrize(
    ("text", "position", "token"),
    [
        ("1, two, 3", 2, "two"),
        ("1, 10², 3", 2, "10²"),  # NFKC would read 102
        ("x₁", 1, "x₁"),
        ("0x10", 1, "0x10"),
        ("1_000", 1, "1_000"),
        ("[1, 2", 1, "[1"),  # brackets only as a pair
        ("1, 2, ...", 3, "..."),  # numpy's summary of a long array
        ("1 2 3 4 5 6 7 8 9 10 " + "y" * 100, 11, "y" * 30 + "…"),
        ("1 a\u202eb", 2, "a<U+202E>b"),  # invisible characters spelled out
        ("ａｂｃ", 1, "ａｂｃ"),  # named as typed
    ],
)
def test_a_bad_token_is_named_with_its_position(text, position, token):
    assert parsing.parse_vector(text).problem == parsing.Problem(
        "input_bad_token", {"position": position, "token": token}
    )


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(["1", "-2.5", "3e-7", "１２", "−4", "abc", "nan", "inf", "-inf", "1e999", "0x10"]),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(SEPARATORS),
)
def test_the_first_bad_token_is_the_one_named(tokens, separator):
    parsed = parsing.parse_vector(separator.join(tokens))
    check(parsed)
    good = {"1", "-2.5", "3e-7", "１２", "−4"}
    bad = [position for position, token in enumerate(tokens, start=1) if token not in good]
    if bad:
        assert parsed.problem.params["position"] == bad[0]
        assert parsed.problem.params["token"] == tokens[bad[0] - 1]
    else:
        assert parsed.ok and parsed.value.size == len(tokens)


def test_empty_input_is_refused():
    for text in ("", "   ", "\n,、 ", "[]", "( )"):
        assert parsing.parse_vector(text).problem.key == "input_empty"
        assert parsing.parse_matrix(text).problem.key == "input_empty"


# --- caps --------------------------------------------------------------------------------------


def test_the_caps():
    assert parsing.MAX_VECTOR_VALUES == 10_000
    assert parsing.MAX_MATRIX_ROWS == parsing.MAX_MATRIX_COLS == 50
    assert parsing.MAX_LABEL_CHARS == 40
    widest = np.full(parsing.MAX_VECTOR_VALUES, -1.2345678901234567e-300)
    assert parsing.parse_vector(parsing.format_vector(widest)).value.tobytes() == widest.tobytes()
    short = np.round(np.random.default_rng(0).normal(0, 2, parsing.MAX_VECTOR_VALUES), 3)
    assert parsing.decode_vector(parsing.encode_vector(short)).value.tobytes() == short.tobytes()


def test_too_many_characters_is_refused_before_looking_at_them():
    text = "x" * (parsing.MAX_TEXT_CHARS + 1)
    problem = parsing.Problem("input_too_long", {"length": len(text), "cap": parsing.MAX_TEXT_CHARS})
    for parse in (parsing.parse_vector, parsing.parse_matrix, lambda s: parsing.parse_labels(s, 3)):
        assert parse(text).problem == problem
    param = "x" * (parsing.MAX_URL_PARAM_CHARS + 1)
    url_problem = parsing.Problem(
        "input_too_long", {"length": len(param), "cap": parsing.MAX_URL_PARAM_CHARS}
    )
    for parse in (
        parsing.decode_vector,
        parsing.decode_matrix,
        lambda s: parsing.parse_number(s, low=0, high=1),
    ):
        assert parse(param).problem == url_problem


def test_too_many_values_is_refused_before_reading_any():
    garbage = "x " * (parsing.MAX_VECTOR_VALUES + 1)  # the count is checked before the tokens
    assert parsing.parse_vector(garbage).problem == parsing.Problem(
        "input_too_many_values", {"count": parsing.MAX_VECTOR_VALUES + 1, "cap": parsing.MAX_VECTOR_VALUES}
    )
    assert parsing.parse_vector("1 2 3 x", max_values=3).problem.key == "input_too_many_values"
    at_cap = parsing.parse_vector(", ".join(["1.5"] * parsing.MAX_VECTOR_VALUES))
    assert at_cap.ok and at_cap.value.size == parsing.MAX_VECTOR_VALUES


def test_the_largest_inputs_are_answered():
    """The inputs bench/parsing.py times, each read or refused with the right problem."""
    widest = parsing.parse_vector(" ".join(["-1.2345678901234567e-300"] * parsing.MAX_VECTOR_VALUES))
    assert widest.value.tolist() == [-1.2345678901234567e-300] * parsing.MAX_VECTOR_VALUES
    assert parsing.parse_vector("1" * parsing.MAX_TEXT_CHARS).problem.key == "input_too_large"
    labels = parsing.parse_labels("a," * (parsing.MAX_TEXT_CHARS // 2), 10)
    assert labels.problem == parsing.Problem(
        "input_too_many_labels", {"count": parsing.MAX_TEXT_CHARS // 2, "classes": 10}
    )
    assert parsing.parse_matrix("\n".join([" ".join(["9"] * 50)] * 50)).value.tolist() == [[9.0] * 50] * 50


def test_matrix_caps():
    rows = "\n".join(["1 2"] * (parsing.MAX_MATRIX_ROWS + 1))
    assert parsing.parse_matrix(rows).problem == parsing.Problem(
        "input_too_many_rows", {"count": parsing.MAX_MATRIX_ROWS + 1, "cap": parsing.MAX_MATRIX_ROWS}
    )
    wide = "1 2\n" + " ".join(["x"] * (parsing.MAX_MATRIX_COLS + 1))
    assert parsing.parse_matrix(wide).problem == parsing.Problem(
        "input_too_many_columns",
        {"row": 2, "count": parsing.MAX_MATRIX_COLS + 1, "cap": parsing.MAX_MATRIX_COLS},
    )
    full = "\n".join([" ".join(["1"] * parsing.MAX_MATRIX_COLS)] * parsing.MAX_MATRIX_ROWS)
    assert parsing.parse_matrix(full).value.shape == (parsing.MAX_MATRIX_ROWS, parsing.MAX_MATRIX_COLS)


# --- matrices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 2 3\n4 5 6",
        "1, 2, 3; 4, 5, 6",
        "1 2 3\r\n\r\n4 5 6\n",
        "[[1, 2, 3], [4, 5, 6]]",
        "[[1 2 3]\n [4 5 6]]",  # numpy's print
        "[[1., 2., 3.],\n [4., 5., 6.]]",  # numpy's repr
        "［１、２、３］；［４、５、６］",
    ],
)
def test_matrix_spellings(text):
    assert parsing.parse_matrix(text).value.tolist() == [[1, 2, 3], [4, 5, 6]]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1 2 3\n4 5 6\n7 8", parsing.Problem("input_ragged_row", {"row": 3, "expected": 3, "found": 2})),
        ("1 2\n\n3 4 5", parsing.Problem("input_ragged_row", {"row": 2, "expected": 2, "found": 3})),
        ("1 2\n3 x", parsing.Problem("input_bad_token_in_row", {"row": 2, "column": 2, "token": "x"})),
        ("1 nan", parsing.Problem("input_nan_in_row", {"row": 1, "column": 2, "token": "nan"})),
        ("1 2; -inf 4", parsing.Problem("input_infinite_in_row", {"row": 2, "column": 1, "token": "-inf"})),
        ("∞ 2", parsing.Problem("input_infinite_in_row", {"row": 1, "column": 1, "token": "∞"})),
        ("1 1e999", parsing.Problem("input_too_large_in_row", {"row": 1, "column": 2, "token": "1e999"})),
    ],
)
def test_matrix_problems_name_the_row(text, problem):
    assert parsing.parse_matrix(text).problem == problem


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "labels"),
    [
        ("", 3, ("1", "2", "3")),
        ("  ", 2, ("1", "2")),
        ("cat, dog", 3, ("cat", "dog", "3")),
        ("cat,,bird", 3, ("cat", "2", "bird")),
        ("cat, dog, ", 2, ("cat", "dog")),  # a trailing comma adds no label
        ("猫、犬，鳥", 3, ("猫", "犬", "鳥")),
        ("ﾈｺ", 1, ("ﾈｺ",)),  # kept as typed, not normalised
        ("  big   cat\t", 1, ("big cat",)),
        ("cat,\u202edog\x00, ", 3, ("cat", "dog", "3")),  # right-to-left override and NUL removed
        ("a\u200bb\ufeff", 1, ("ab",)),
        ("👩\u200d💻", 1, ("👩\u200d💻",)),  # the zero-width joiner of an emoji stays
        ("x\ud800y", 1, ("xy",)),  # a lone surrogate could not be sent to the browser
        ("<script>alert(1)</script>", 1, ("<script>alert(1)</script>",)),  # text, shown escaped
        ("x" * 40, 1, ("x" * 40,)),
    ],
)
def test_labels_are_cleaned_and_filled(text, count, labels):
    assert parsing.parse_labels(text, count).value == labels


@pytest.mark.parametrize(
    ("text", "count", "problem"),
    [
        ("a, b, c", 2, parsing.Problem("input_too_many_labels", {"count": 3, "classes": 2})),
        (
            "ok, " + "x" * 41,
            2,
            parsing.Problem("input_label_too_long", {"position": 2, "label": "x" * 30 + "…", "cap": 40}),
        ),
        ("a, b, a", 3, parsing.Problem("input_duplicate_label", {"label": "a", "first": 1, "second": 3})),
        ("2", 2, parsing.Problem("input_duplicate_label", {"label": "2", "first": 1, "second": 2})),
    ],
)
def test_label_problems(text, count, problem):
    assert parsing.parse_labels(text, count).problem == problem


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(0, 12))
def test_labels_are_always_count_clean_short_distinct_strings(text, count):
    parsed = parsing.parse_labels(text, count)
    check(parsed)
    if parsed.ok:
        labels = parsed.value
        assert len(labels) == count and len(set(labels)) == count
        for label in labels:
            assert 0 < len(label) <= parsing.MAX_LABEL_CHARS and label == label.strip()
            assert label.encode("utf-8")  # no lone surrogate
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", label)


# --- exact round trips -------------------------------------------------------------------------

vectors = st.lists(finite, min_size=1, max_size=40).map(np.array)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit: 0.0 and -0.0 differ, and so would two different NaNs."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@settings(max_examples=200, deadline=None)
@given(vectors)
def test_format_and_encode_round_trip_exactly(array):
    assert same_bits(parsing.parse_vector(parsing.format_vector(array)).value, array)
    assert same_bits(parsing.decode_vector(parsing.encode_vector(array)).value, array)


@settings(max_examples=100, deadline=None)
@given(vectors, st.lists(st.booleans(), min_size=40, max_size=40))
def test_masked_vectors_round_trip_exactly(array, masked):
    array = np.where(np.array(masked[: array.size]), -np.inf, array)
    array[0] = 0.0 if np.isneginf(array[0]) else array[0]  # at least one class stays
    assert same_bits(parsing.parse_vector(parsing.format_vector(array), allow_masked=True).value, array)
    assert same_bits(parsing.decode_vector(parsing.encode_vector(array), allow_masked=True).value, array)


@settings(max_examples=100, deadline=None)
@given(vectors, st.lists(st.sampled_from(SEPARATORS), min_size=40, max_size=40), st.booleans())
def test_typed_by_hand_with_any_separators_and_full_width_digits(array, separators, full_width):
    numbers = parsing.encode_vector(array).split("_")
    typed = [number.translate(FULL_WIDTH) if full_width else number for number in numbers]
    text = "".join(
        number + separator for number, separator in zip(typed, separators[: len(typed)], strict=True)
    )
    assert same_bits(parsing.parse_vector(text).value, array)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_matrix_round_trips_exactly(rows, columns, data):
    cells = st.lists(finite, min_size=columns, max_size=columns)
    matrix = np.array(data.draw(st.lists(cells, min_size=rows, max_size=rows)))
    assert same_bits(parsing.decode_matrix(parsing.encode_matrix(matrix)).value, matrix)
    assert same_bits(parsing.parse_matrix(parsing.format_matrix(matrix)).value, matrix)


def test_the_compact_forms():
    assert parsing.encode_vector(np.arange(705.0, 708.0)) == "705_706_707"
    assert parsing.encode_vector([1.5, 0.8, -0.2, -0.0]) == "1.5_0.8_-0.2_-0"
    assert parsing.encode_vector([2.0, -np.inf]) == "2_-inf"
    assert parsing.encode_vector([1e16, 1.5e-300]) == "1e16_1.5e-300"  # no "+", which a link reads as a space
    assert parsing.encode_matrix(np.array([[6, 1, 4], [4, 8, 4], [6, 3, 5]])) == "6_1_4~4_8_4~6_3_5"
    assert parsing.format_vector([1, 2.5, -np.inf]) == "1, 2.5, -inf"
    assert parsing.format_matrix([[1, 2], [3, 4]]) == "1, 2\n3, 4"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(finite, min_size=3, max_size=3), min_size=1, max_size=3))
def test_encodings_need_no_escaping_in_a_link(rows):
    encoded = parsing.encode_matrix(np.array(rows))
    assert set(encoded) <= set(string.ascii_letters + string.digits + "-._~")


# --- values of bound widgets in a link --------------------------------------------------------


def test_choices():
    assert parsing.parse_choice("float64", ("float32", "float64")) == parsing.Parsed("float64")
    assert parsing.parse_choice("float8", ("float32", "float64")).problem == parsing.Problem(
        "input_not_an_option", {"value": "float8", "options": "float32, float64"}
    )
    assert parsing.parse_choice("Float64", ("float64",)).problem.key == "input_not_an_option"


@pytest.mark.parametrize(
    ("raw", "integer", "expected"),
    [
        ("3", True, 3),
        (" 12 ", True, 12),
        ("+1", True, 1),
        ("-2.5", False, -2.5),
        ("1e1", False, 10.0),
        ("-10", False, -10.0),
        ("2.5", True, "input_not_integer"),
        ("3.0", True, "input_not_integer"),  # int("3.0") fails in Streamlit too
        ("13", True, "input_out_of_range"),
        ("0", True, "input_out_of_range"),
        ("-10.5", False, "input_out_of_range"),
        ("1e999", False, "input_out_of_range"),
        ("nan", False, "input_number_not_finite"),
        ("-Infinity", False, "input_number_not_finite"),
        ("∞", True, "input_number_not_finite"),
        ("", False, "input_not_a_number"),
        ("abc", True, "input_not_a_number"),
        ("−1", False, "input_not_a_number"),  # Streamlit's float() refuses U+2212 too
        ("[3]", True, "input_not_a_number"),
        ("1 2", False, "input_not_a_number"),
    ],
)
def test_numbers(raw, integer, expected):
    low, high = (1, 12) if integer else (-10.0, 10.0)
    parsed = parsing.parse_number(raw, low=low, high=high, integer=integer)
    check(parsed)
    if isinstance(expected, str):
        assert parsed.problem.key == expected
        assert parsed.problem.params["value"] == raw
    else:
        assert parsed.value == expected and type(parsed.value) is (int if integer else float)


def test_out_of_range_names_the_range():
    assert parsing.parse_number("7", low=-2000.0, high=2000, integer=True).ok
    assert parsing.parse_number("2001", low=-2000.0, high=2000.0).problem.params == {
        "value": "2001",
        "low": "-2000",
        "high": "2000",
    }


# --- every problem has a message in both languages --------------------------------------------

SOURCE = Path(parsing.__file__).read_text(encoding="utf-8")
EXAMPLES = [
    parsing.parse_vector("1" * (parsing.MAX_TEXT_CHARS + 1)),
    parsing.parse_vector(""),
    parsing.parse_vector("1 2 3", max_values=2),
    parsing.parse_vector("1 x"),
    parsing.parse_vector("nan"),
    parsing.parse_vector("inf"),
    parsing.parse_vector("-inf"),
    parsing.parse_vector("1e999"),
    parsing.parse_vector("-inf", allow_masked=True),
    parsing.parse_matrix("\n".join(["1"] * 51)),
    parsing.parse_matrix(" ".join(["1"] * 51)),
    parsing.parse_matrix("1 2\n3"),
    parsing.parse_matrix("1 x"),
    parsing.parse_matrix("nan"),
    parsing.parse_matrix("inf"),
    parsing.parse_matrix("1e999"),
    parsing.parse_labels("a, b", 1),
    parsing.parse_labels("x" * 41, 1),
    parsing.parse_labels("a, a", 2),
    parsing.parse_choice("x", ("a", "b")),
    parsing.parse_number("x", low=0, high=1),
    parsing.parse_number("nan", low=0, high=1),
    parsing.parse_number("0.5", low=0, high=1, integer=True),
    parsing.parse_number("2", low=0, high=1),
    parsing.parse_live_commit({"x": [1.0], "T": "1"}, count=1, low=-10, high=10, temperatures=("1",)),
    parsing.parse_live_commit(
        {"x": [1.0], "T": "1", "seq": 1}, count=2, low=-10, high=10, temperatures=("1",)
    ),
]


def test_every_problem_key_in_the_module_has_an_example():
    keys_in_source = set(re.findall(r'"(input_[a-z_]+)"', SOURCE))
    assert keys_in_source == {parsed.problem.key for parsed in EXAMPLES}


@pytest.mark.parametrize("parsed", EXAMPLES, ids=lambda parsed: parsed.problem.key)
def test_every_problem_has_a_message_in_both_languages_that_names_its_parameters(parsed):
    entry = CATALOG[parsed.problem.key]
    assert set(LANGUAGES) <= set(entry)
    check(parsed)


def test_messages_show_user_text_literally():
    problem = parsing.parse_vector("1, <b>*x*</b>").problem
    assert "<b>" not in t(problem.key, "en", **problem.params)
    assert "\\<b\\>\\*x\\*\\</b\\>" in t(problem.key, "en", **problem.params)


# --- numeric fuzz: the stable path never shows nan ------------------------------------------

huge_rows = st.lists(st.floats(-1e308, 1e308, allow_nan=False), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
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


@settings(max_examples=200, deadline=None)
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
