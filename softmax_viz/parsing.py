"""Reading what people type, paste or put in a link: vectors, matrices, labels and single values.

Every function returns a :class:`Parsed`: either a value or a :class:`Problem` that names what
is wrong (an i18n message key and its parameters, such as the bad token and its 1-based
position). The keys all start with ``input_``; their English and Japanese messages live in
the "input problems" block of :data:`softmax_viz.i18n.CATALOG`. Nothing here raises on any
string, and nothing is ever evaluated as code.

Caps
----
Each cap is checked before any value is read, the raw length first:

=========================  ===========  ==================================================
cap                        value        applies to
=========================  ===========  ==================================================
``MAX_TEXT_CHARS``         300,000      characters in one text box (vector, matrix, labels)
``MAX_URL_PARAM_CHARS``    120,000      characters in one URL parameter
``MAX_VECTOR_VALUES``      10,000       values in one vector (a view may ask for fewer)
``MAX_MATRIX_ROWS``        50           rows of a matrix
``MAX_MATRIX_COLS``        50           values in one row of a matrix
``MAX_LABEL_CHARS``        40           characters in one class label
=========================  ===========  ==================================================

A float64 value takes at most 24 characters (``-1.2345678901234567e-300``), so a text box holds
10,000 values at full precision with ``", "`` between them. A link holds at most
``MAX_URL_PARAM_CHARS`` characters per parameter, so a vector of 10,000 values fits in a link
only if its values are short: 10,000 values with 3 decimals do, 10,000 at full precision do not.

What a vector may look like
---------------------------
- Separators: commas, spaces, tabs, new lines, ``;``, the Japanese ``、`` and ``，``, the
  full-width space, and zero-width spaces or byte-order marks that come along with a paste.
- Numbers: ``3``, ``-2.5``, ``+1``, ``.5``, ``1e-3``; full-width digits, signs, points and
  exponents (Unicode NFKC, so ``１．５`` is 1.5); the minus sign U+2212. Superscripts and
  subscripts are refused rather than read as digits, so ``10²`` is not taken for 102.
- Brackets around the whole vector, as numpy and Python print it: ``[1, 2, 3]``, ``(1, 2)``.
- Refused, naming the token: anything else, ``nan`` and ``inf`` in every spelling (``NaN``,
  ``Infinity``, ``∞``), numbers too large for float64 (``1e999``), and ``-inf`` unless the
  caller accepts a masked class. Tiny numbers such as ``1e-400`` become 0.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MAX_TEXT_CHARS = 300_000
MAX_URL_PARAM_CHARS = 120_000
MAX_VECTOR_VALUES = 10_000
MAX_MATRIX_ROWS = 50
MAX_MATRIX_COLS = 50
MAX_LABEL_CHARS = 40

_VALUE_SEPARATORS = re.compile(r"[\s,;、，；､\u200b\u2060\ufeff]+")
# The line breaks of str.splitlines, and semicolons.
_ROW_SEPARATORS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029;；]")
# "], [" between two rows, as Python and numpy print nested lists.
_ROW_BOUNDARY = re.compile(r"[\])）］]\s*[,，、;；]?\s*[\[(（［]")
_BRACKET_PAIRS = {"[": "]", "(": ")", "［": "］", "（": "）"}
_LABEL_SEPARATORS = re.compile(r"[,、，]")

_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INFINITY = re.compile(r"[+-]?(?:inf|infinity|∞)", re.IGNORECASE)
_NAN = re.compile(r"[+-]?nan", re.IGNORECASE)

# Characters a label may not carry: control and format characters (right-to-left overrides
# among them), lone surrogates, and line or paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Format characters that emoji sequences and some scripts need.
_JOINERS = frozenset("\u200c\u200d")
_INVISIBLE_CATEGORIES = _HIDDEN_CATEGORIES | {"Co", "Cn"}
_EXCERPT_CHARS = 30

# Problems with one token of a vector, and the same problem inside a row of a matrix.
_IN_ROW = {
    "input_bad_token": "input_bad_token_in_row",
    "input_nan": "input_nan_in_row",
    "input_infinite": "input_infinite_in_row",
    "input_masked_not_allowed": "input_infinite_in_row",
    "input_too_large": "input_too_large_in_row",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with an input.

    Parameters
    ----------
    key : str
        A message key of :data:`softmax_viz.i18n.CATALOG`.
    params : dict
        The values its ``{placeholders}`` name: the bad token, its position, counts, caps.
    """

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """A parsed value, or the problem that stopped it; exactly one of the two is set.

    Examples
    --------
    >>> Parsed(3.0).ok, Parsed(problem=Problem("input_empty")).ok
    (True, False)
    """

    value: object = None
    problem: Problem | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.problem is None):
            raise ValueError("a Parsed holds either a value or a problem")

    @property
    def ok(self) -> bool:
        """Whether a value was read."""
        return self.problem is None


def _refuse(key: str, **params: object) -> Parsed:
    return Parsed(problem=Problem(key, params))


def _excerpt(text: str) -> str:
    """The start of ``text`` for a message, with invisible characters spelled out as U+XXXX."""
    shown = "".join(
        f"<U+{ord(char):04X}>" if unicodedata.category(char) in _INVISIBLE_CATEGORIES else char
        for char in text[:_EXCERPT_CHARS]
    )
    return shown + "…" if len(text) > _EXCERPT_CHARS else shown


def _without_brackets(text: str) -> str:
    """``text`` stripped, and without one pair of brackets around all of it."""
    text = text.strip()
    if len(text) >= 2 and _BRACKET_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1]
    return text


def _value_tokens(text: str) -> list[str]:
    return [token for token in _VALUE_SEPARATORS.split(_without_brackets(text)) if token]


def _ascii_number_text(token: str) -> str | None:
    """Full-width characters and U+2212 replaced by ASCII; None if the token has superscripts
    or subscripts, which NFKC would silently turn into digits."""
    if token.isascii():
        return token
    if any(unicodedata.decomposition(char).startswith(("<super>", "<sub>")) for char in token):
        return None
    return unicodedata.normalize("NFKC", token).replace("\u2212", "-")


def _read_token(token: str, allow_masked: bool) -> float | str:
    """The number a token spells, or the key of the problem with it (in its vector form)."""
    text = _ascii_number_text(token)
    if text is None:
        return "input_bad_token"
    if _NUMBER.fullmatch(text):
        value = float(text)
        return "input_too_large" if math.isinf(value) else value
    if _INFINITY.fullmatch(text):
        if not text.startswith("-"):
            return "input_infinite"
        return -math.inf if allow_masked else "input_masked_not_allowed"
    if _NAN.fullmatch(text):
        return "input_nan"
    return "input_bad_token"


def parse_vector(text: str, *, allow_masked: bool = False, max_values: int = MAX_VECTOR_VALUES) -> Parsed:
    """Read a vector of logits from what someone typed or pasted.

    Parameters
    ----------
    text : str
        Numbers separated by commas, spaces, new lines, ``、`` or ``，`` (see the module notes).
    allow_masked : bool
        Accept ``-inf`` as a masked class, though never for every value.
    max_values : int
        The most values accepted; at most ``MAX_VECTOR_VALUES`` is meaningful.

    Returns
    -------
    Parsed
        A 1-D float64 array, or a problem naming the first bad token and its 1-based position.

    Examples
    --------
    >>> parse_vector("１、２、３").value.tolist()
    [1.0, 2.0, 3.0]
    >>> parse_vector("[1.5, −0.2, 1e-400]").value.tolist()
    [1.5, -0.2, 0.0]
    >>> parse_vector("1, two, 3").problem
    Problem(key='input_bad_token', params={'position': 2, 'token': 'two'})
    >>> parse_vector("2, -inf, 1", allow_masked=True).value.tolist()
    [2.0, -inf, 1.0]
    """
    if len(text) > MAX_TEXT_CHARS:
        return _refuse("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    tokens = _value_tokens(text)
    if not tokens:
        return _refuse("input_empty")
    if len(tokens) > max_values:
        return _refuse("input_too_many_values", count=len(tokens), cap=max_values)
    values = []
    for position, token in enumerate(tokens, start=1):
        value = _read_token(token, allow_masked)
        if isinstance(value, str):
            return _refuse(value, position=position, token=_excerpt(token))
        values.append(value)
    array = np.array(values, dtype=np.float64)
    if np.all(np.isneginf(array)):
        return _refuse("input_all_masked")
    return Parsed(array)


def _matrix_rows(text: str) -> list[list[str]]:
    """The tokens of each non-empty row: rows end at line breaks, ``;`` or ``], [``.

    ``[[1, 2], [3, 4]]`` loses its outer brackets, then its row boundary, which leaves
    ``[1, 2\n3, 4]``: one more pair around the whole, which goes too.
    """
    body = _without_brackets(_ROW_BOUNDARY.sub("\n", _without_brackets(text)))
    rows = (_value_tokens(line) for line in _ROW_SEPARATORS.split(body))
    return [tokens for tokens in rows if tokens]


def parse_matrix(text: str) -> Parsed:
    """Read a matrix: one row per line (or rows separated by ``;``), values as in a vector.

    Nested brackets as Python or numpy print them (``[[1, 2], [3, 4]]``) are read too. Empty
    lines are skipped, so row numbers count the rows that hold values. ``-inf`` is refused.

    Parameters
    ----------
    text : str
        The matrix as typed or pasted.

    Returns
    -------
    Parsed
        A 2-D float64 array, or a problem naming the row (and the bad token and its column).

    Examples
    --------
    >>> parse_matrix("1 2 3; 4 5 6").value.tolist()
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    >>> parse_matrix("[[1, 2], [3, 4]]").value.tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    >>> parse_matrix("1 2 3\\n4 5").problem
    Problem(key='input_ragged_row', params={'row': 2, 'expected': 3, 'found': 2})
    """
    if len(text) > MAX_TEXT_CHARS:
        return _refuse("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    rows = _matrix_rows(text)
    if not rows:
        return _refuse("input_empty")
    if len(rows) > MAX_MATRIX_ROWS:
        return _refuse("input_too_many_rows", count=len(rows), cap=MAX_MATRIX_ROWS)
    for number, tokens in enumerate(rows, start=1):
        if len(tokens) > MAX_MATRIX_COLS:
            return _refuse("input_too_many_columns", row=number, count=len(tokens), cap=MAX_MATRIX_COLS)
    values = []
    for number, tokens in enumerate(rows, start=1):
        row = []
        for column, token in enumerate(tokens, start=1):
            value = _read_token(token, allow_masked=False)
            if isinstance(value, str):
                return _refuse(_IN_ROW[value], row=number, column=column, token=_excerpt(token))
            row.append(value)
        if len(row) != len(rows[0]):
            return _refuse("input_ragged_row", row=number, expected=len(rows[0]), found=len(row))
        values.append(row)
    return Parsed(np.array(values, dtype=np.float64))


def _clean_label(label: str) -> str:
    """The label without hidden characters, its white space collapsed to single spaces."""
    if label.isprintable():
        return " ".join(label.split())
    kept = "".join(
        " " if char.isspace() else char
        for char in label
        if char.isspace() or char in _JOINERS or unicodedata.category(char) not in _HIDDEN_CATEGORIES
    )
    return " ".join(kept.split())


def split_labels(text: str) -> list[str]:
    """The labels as typed, split at every ``,``, ``、`` and ``，``; empty ones included.

    Examples
    --------
    >>> split_labels("猫、犬，bird,")
    ['猫', '犬', 'bird', '']
    """
    return _LABEL_SEPARATORS.split(text)


def parse_labels(text: str, count: int) -> Parsed:
    """Read the labels of ``count`` classes, separated by commas (or ``、`` ``，``).

    Each label is stripped, its white space collapsed, and control and format characters
    (right-to-left overrides, zero-width spaces, lone surrogates) removed; the joiners that
    emoji need stay. A class without a label, left empty (``"cat,,bird"``) or past the end,
    is named by its number: ``"1"``, ``"2"``, …, ``str(count)``; empty text names every class
    so. Problems: more labels than classes, a label longer than ``MAX_LABEL_CHARS``, and two
    classes with the same label (their bars would merge).

    Parameters
    ----------
    text : str
        The labels as typed.
    count : int
        The number of classes.

    Returns
    -------
    Parsed
        A tuple of ``count`` strings, or the problem.

    Examples
    --------
    >>> parse_labels("cat, dog", 3).value
    ('cat', 'dog', '3')
    >>> parse_labels("", 2).value
    ('1', '2')
    >>> parse_labels("a, b, c", 2).problem
    Problem(key='input_too_many_labels', params={'count': 3, 'classes': 2})
    """
    if len(text) > MAX_TEXT_CHARS:
        return _refuse("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    labels = [_clean_label(label) for label in split_labels(text)]
    while labels and not labels[-1]:
        labels.pop()
    if len(labels) > count:
        return _refuse("input_too_many_labels", count=len(labels), classes=count)
    for position, label in enumerate(labels, start=1):
        if len(label) > MAX_LABEL_CHARS:
            return _refuse(
                "input_label_too_long", position=position, label=_excerpt(label), cap=MAX_LABEL_CHARS
            )
    labels += [""] * (count - len(labels))
    filled = tuple(label or str(number) for number, label in enumerate(labels, start=1))
    first_class: dict[str, int] = {}
    for number, label in enumerate(filled, start=1):
        if label in first_class:
            return _refuse("input_duplicate_label", label=label, first=first_class[label], second=number)
        first_class[label] = number
    return Parsed(filled)


def _shortest_text(value: float) -> str:
    """The shortest text that reads back to exactly ``value``; integers without ``.0``, and
    exponents without ``+`` (a ``+`` in a link can turn into a space)."""
    text = repr(float(value)).replace("e+", "e")
    return text.removesuffix(".0")


def _floats(values: object) -> list[float]:
    return np.asarray(values, dtype=np.float64).ravel().tolist()


def _float_rows(matrix: object) -> list[list[float]]:
    return np.atleast_2d(np.asarray(matrix, dtype=np.float64)).tolist()


def format_vector(values: object) -> str:
    """Text for a text box, which :func:`parse_vector` reads back exactly.

    Examples
    --------
    >>> format_vector([1.0, 2.5, float("-inf"), 1e16])
    '1, 2.5, -inf, 1e16'
    """
    return ", ".join(_shortest_text(value) for value in _floats(values))


def format_matrix(matrix: object) -> str:
    """One row per line, which :func:`parse_matrix` reads back exactly.

    Examples
    --------
    >>> print(format_matrix([[6, 1], [4, 8]]))
    6, 1
    4, 8
    """
    return "\n".join(", ".join(_shortest_text(value) for value in row) for row in _float_rows(matrix))


def encode_vector(values: object) -> str:
    """The compact form of a vector in a link: values joined by ``_``, nothing to escape.

    Examples
    --------
    >>> encode_vector([705.0, -0.5, float("-inf"), 1e-7])
    '705_-0.5_-inf_1e-07'
    """
    return "_".join(_shortest_text(value) for value in _floats(values))


def encode_number(value: float) -> str:
    """One number in a link, as a vector's values are written.

    >>> encode_number(708.0), encode_number(-0.5)
    ('708', '-0.5')
    """
    return _shortest_text(value)


def encode_matrix(matrix: object) -> str:
    """The compact form of a matrix in a link: rows joined by ``~``, values by ``_``.

    Examples
    --------
    >>> encode_matrix([[6, 1, 4], [4, 8, 4]])
    '6_1_4~4_8_4'
    """
    return "~".join("_".join(_shortest_text(value) for value in row) for row in _float_rows(matrix))


def decode_vector(param: str, *, allow_masked: bool = False, max_values: int = MAX_VECTOR_VALUES) -> Parsed:
    """Read a vector from a link's parameter: :func:`encode_vector`'s form, under the rules of
    :func:`parse_vector`, after checking ``MAX_URL_PARAM_CHARS``.

    Examples
    --------
    >>> decode_vector("705_-0.5_-inf", allow_masked=True).value.tolist()
    [705.0, -0.5, -inf]
    >>> decode_vector("1_nan").problem.key
    'input_nan'
    """
    if len(param) > MAX_URL_PARAM_CHARS:
        return _refuse("input_too_long", length=len(param), cap=MAX_URL_PARAM_CHARS)
    return parse_vector(param.replace("_", ","), allow_masked=allow_masked, max_values=max_values)


def decode_matrix(param: str) -> Parsed:
    """Read a matrix from a link's parameter: :func:`encode_matrix`'s form, under the rules of
    :func:`parse_matrix`, after checking ``MAX_URL_PARAM_CHARS``.

    Examples
    --------
    >>> decode_matrix("6_1_4~4_8_4").value.tolist()
    [[6.0, 1.0, 4.0], [4.0, 8.0, 4.0]]
    """
    if len(param) > MAX_URL_PARAM_CHARS:
        return _refuse("input_too_long", length=len(param), cap=MAX_URL_PARAM_CHARS)
    return parse_matrix(param.replace("~", "\n").replace("_", ","))


def parse_choice(raw: str, options: Sequence[str]) -> Parsed:
    """A link's value for a choice widget: one of ``options``, exactly as written.

    Examples
    --------
    >>> parse_choice("float8", ("float32", "float64")).problem
    Problem(key='input_not_an_option', params={'value': 'float8', 'options': 'float32, float64'})
    """
    if raw in options:
        return Parsed(raw)
    return _refuse("input_not_an_option", value=_excerpt(raw), options=", ".join(options))


def parse_number(raw: str, *, low: float, high: float, integer: bool = False) -> Parsed:
    """A link's value for a numeric widget: a finite number in ``[low, high]``.

    Only what Streamlit itself reads from a link is accepted: ASCII digits, an optional sign,
    point and exponent, surrounding white space; with ``integer``, digits and a sign only.

    Returns
    -------
    Parsed
        An ``int`` if ``integer``, else a ``float``; or the problem.

    Examples
    --------
    >>> parse_number("3", low=1, high=12, integer=True).value
    3
    >>> parse_number("2.5", low=1, high=12, integer=True).problem.key
    'input_not_integer'
    >>> parse_number("1e999", low=-10, high=10).problem.key
    'input_out_of_range'
    """
    if len(raw) > MAX_URL_PARAM_CHARS:
        return _refuse("input_too_long", length=len(raw), cap=MAX_URL_PARAM_CHARS)
    text = raw.strip()
    if _NAN.fullmatch(text) or _INFINITY.fullmatch(text):
        return _refuse("input_number_not_finite", value=_excerpt(raw))
    if not _NUMBER.fullmatch(text):
        return _refuse("input_not_a_number", value=_excerpt(raw))
    if integer and not _INTEGER.fullmatch(text):
        return _refuse("input_not_integer", value=_excerpt(raw))
    value = float(text)
    if not low <= value <= high:
        return _refuse(
            "input_out_of_range", value=_excerpt(raw), low=_shortest_text(low), high=_shortest_text(high)
        )
    return Parsed(int(value) if integer else value)


@dataclass(frozen=True)
class LiveCommit:
    """What the live logits chart sends when the learner lets go, once checked."""

    logits: np.ndarray | None  # None: the chart moved only the temperature
    temperature: str  # one of the temperature grid's values, as written there
    seq: int  # the chart's count of its commits, echoed back so it knows the answer


def parse_live_commit(
    payload: object, *, count: int, low: float, high: float, temperatures: Sequence[str]
) -> Parsed:
    """Check the live chart's ``{"x": [...] or None, "T": "...", "seq": n}`` like any other input.

    The chart sends what a browser sends: it may be stale (another vector was typed meanwhile),
    tampered with, or from an older page. It is refused unless ``x`` holds exactly ``count``
    finite numbers in ``[low, high]`` (the handles' range), ``T`` is on the temperature grid
    and ``seq`` is a whole number ≥ 0.

    Examples
    --------
    >>> commit = parse_live_commit({"x": [2, 1, 0.6], "T": "0.7", "seq": 3}, count=3, low=-10,
    ...                            high=10, temperatures=("0.7", "1")).value
    >>> commit.logits.tolist(), commit.temperature, commit.seq
    ([2.0, 1.0, 0.6], '0.7', 3)
    >>> parse_live_commit({"x": [2, 1], "T": "1", "seq": 4}, count=3, low=-10, high=10,
    ...                   temperatures=("1",)).problem.key
    'input_live_wrong_count'
    """
    if not isinstance(payload, dict) or set(payload) != {"x", "T", "seq"} or not _is_seq(payload["seq"]):
        return _refuse("input_live_malformed")
    values, temperature, seq = payload["x"], payload["T"], payload["seq"]
    if not isinstance(temperature, str) or temperature not in temperatures:
        return _refuse(
            "input_not_an_option", value=_excerpt(str(temperature)), options=", ".join(temperatures)
        )
    if values is None:
        return Parsed(LiveCommit(None, temperature, seq))
    logits = _live_logits(values, count=count, low=low, high=high)
    return Parsed(LiveCommit(logits.value, temperature, seq)) if logits.ok else logits


@dataclass(frozen=True)
class GradientCommit:
    """What the live gradient chart sends when the learner lets go, once checked."""

    logits: np.ndarray
    seq: int  # the chart's count of its commits, echoed back so it knows the answer


def parse_gradient_commit(payload: object, *, count: int, low: float, high: float) -> Parsed:
    """Check the live gradient chart's ``{"x": [...], "seq": n}`` as :func:`parse_live_commit`
    checks the logits chart's: ``x`` exactly ``count`` finite numbers in ``[low, high]``.

    Examples
    --------
    >>> commit = parse_gradient_commit({"x": [2, 1, 0.6], "seq": 3}, count=3, low=-10, high=10).value
    >>> commit.logits.tolist(), commit.seq
    ([2.0, 1.0, 0.6], 3)
    >>> parse_gradient_commit({"x": [2, 1, 11], "seq": 4}, count=3, low=-10, high=10).problem.key
    'input_out_of_range'
    """
    if not isinstance(payload, dict) or set(payload) != {"x", "seq"} or not _is_seq(payload["seq"]):
        return _refuse("input_live_malformed")
    logits = _live_logits(payload["x"], count=count, low=low, high=high)
    return Parsed(GradientCommit(logits.value, payload["seq"])) if logits.ok else logits


def _is_seq(seq: object) -> bool:
    """A live chart's commit number: a whole number ≥ 0 (JSON's true is not one)."""
    return isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0


def _live_logits(values: object, *, count: int, low: float, high: float) -> Parsed:
    """A live chart's logits: a list of exactly ``count`` finite numbers in ``[low, high]``."""
    if not isinstance(values, list) or len(values) != count:
        size = len(values) if isinstance(values, list) else 0
        return _refuse("input_live_wrong_count", count=size, expected=count)
    for value in values:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return _refuse("input_number_not_finite", value=_excerpt(str(value)))
        if not low <= value <= high:
            return _refuse(
                "input_out_of_range",
                value=_shortest_text(value),
                low=_shortest_text(low),
                high=_shortest_text(high),
            )
    return Parsed(np.array(values, dtype=np.float64))


@dataclass(frozen=True)
class LiveShift:
    """What the live overflow lab sends when the learner lets go of the shift, once checked."""

    shift: float
    seq: int  # the lab's count of its commits, echoed back so it knows the answer


def parse_live_shift(payload: object, *, low: float, high: float) -> Parsed:
    """Check the overflow lab's ``{"shift": c, "seq": n}`` like any other input.

    It is refused unless ``shift`` is a finite number in ``[low, high]`` and ``seq`` a whole
    number ≥ 0.

    Examples
    --------
    >>> parse_live_shift({"shift": 708, "seq": 2}, low=-2000, high=2000).value
    LiveShift(shift=708.0, seq=2)
    >>> parse_live_shift({"shift": 2001, "seq": 3}, low=-2000, high=2000).problem.key
    'input_out_of_range'
    """
    if not isinstance(payload, dict) or set(payload) != {"shift", "seq"} or not _is_seq(payload["seq"]):
        return _refuse("input_live_malformed")
    shift, seq = payload["shift"], payload["seq"]
    if not isinstance(shift, (int, float)) or isinstance(shift, bool) or not math.isfinite(shift):
        return _refuse("input_number_not_finite", value=_excerpt(str(shift)))
    if not low <= shift <= high:
        bounds = {"low": _shortest_text(low), "high": _shortest_text(high)}
        return _refuse("input_out_of_range", value=_shortest_text(shift), **bounds)
    return Parsed(LiveShift(float(shift) + 0.0, seq))


def parse_settings_commit(
    payload: object, checks: Mapping[str, Callable[[str], Parsed]], *, optional: Collection[str] = ()
) -> Parsed:
    """Check a live chart's ``{name: "text", ..., "seq": n}`` with each setting's link check.

    A chart whose state is a set of a view's link parameters commits them as the link writes
    them, so each is held to the same rules as in a link. The names in ``optional`` may be ""
    (the setting is off, None). Refused, naming the first bad setting, unless the names are
    exactly those of ``checks`` and ``seq`` is a whole number ≥ 0.

    Returns
    -------
    Parsed
        A dict of the checked values, and ``seq``; or the problem.

    Examples
    --------
    >>> checks = {"k": lambda raw: parse_number(raw, low=1, high=10, integer=True)}
    >>> parse_settings_commit({"k": "", "seq": 2}, checks, optional=("k",)).value
    {'k': None, 'seq': 2}
    >>> parse_settings_commit({"k": "11", "seq": 2}, checks).problem.key
    'input_out_of_range'
    """
    if not isinstance(payload, dict) or set(payload) != {*checks, "seq"}:
        return _refuse("input_live_malformed")
    seq = payload["seq"]
    if not _is_seq(seq):
        return _refuse("input_live_malformed")
    values: dict[str, object] = {}
    for name, check in checks.items():
        raw = payload[name]
        if not isinstance(raw, str):
            return _refuse("input_live_malformed")
        if raw == "" and name in optional:
            values[name] = None
            continue
        parsed = check(raw)
        if not parsed.ok:
            return parsed
        values[name] = parsed.value
    return Parsed({**values, "seq": seq})
