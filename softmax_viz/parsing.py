"""Reading what people type, paste or put in a link: vectors, matrices, labels and single values.

Every function returns a :class:`Parsed`: either a value or a :class:`Problem` naming what is
wrong (an i18n key and its parameters, such as the bad token and its position). Nothing here
raises on any string, and nothing is ever evaluated as code.

Caps, checked before any other work:

=========================  ===========  ==================================================
cap                        value        applies to
=========================  ===========  ==================================================
``MAX_VECTOR_VALUES``      10,000       values in one vector
``MAX_TEXT_CHARS``         200,000      characters in one text box
``MAX_URL_PARAM_CHARS``    120,000      characters in one URL parameter
``MAX_MATRIX_ROWS``        50           rows of a matrix
``MAX_MATRIX_COLS``        50           columns of a matrix
``MAX_LABEL_CHARS``        40           characters in one class label
=========================  ===========  ==================================================

Accepted spellings: separators ``,`` ``、`` ``，`` spaces, tabs and new lines; full-width digits,
signs and points (Unicode NFKC); the minus sign U+2212; a leading ``+``; exponents (``1e-3``);
brackets around the whole vector (``[1, 2, 3]``, as numpy prints it). ``nan`` and ``+inf`` in any
spelling are refused; ``-inf`` (a masked class) only where the caller allows it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

MAX_VECTOR_VALUES = 10_000
MAX_TEXT_CHARS = 200_000
MAX_URL_PARAM_CHARS = 120_000
MAX_MATRIX_ROWS = 50
MAX_MATRIX_COLS = 50
MAX_LABEL_CHARS = 40

_SEPARATORS = re.compile(r"[\s,;、，]+")
_ROW_SEPARATORS = re.compile(r"[\n;]+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.IGNORECASE)
_INFINITY = re.compile(r"[+-]?(inf|infinity|∞)", re.IGNORECASE)
_NAN = re.compile(r"[+-]?nan", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Problem:
    """What is wrong with an input: an i18n message key and the values its text names."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """A parsed value, or the problem that stopped it; exactly one of the two is set."""

    value: object = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _fail(key: str, **params: object) -> Parsed:
    return Parsed(problem=Problem(key, params))


def _normalize(text: str) -> str:
    """Full-width characters to ASCII, the Unicode minus to '-', brackets around it all removed."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return text.strip().removeprefix("[").removesuffix("]").removeprefix("(").removesuffix(")")


def _shown(token: str, limit: int = 30) -> str:
    return token if len(token) <= limit else token[:limit] + "…"


def _read_token(token: str, position: int, allow_masked: bool) -> float | Parsed:
    """One number, or the Parsed failure that names the token and its 1-based position."""
    if _NUMBER.fullmatch(token):
        value = float(token)
        if math.isinf(value):
            return _fail("input_too_large", token=_shown(token), position=position)
        return value
    if _INFINITY.fullmatch(token):
        if token.startswith("-") and allow_masked:
            return -math.inf
        return _fail("input_not_finite", token=_shown(token), position=position)
    if _NAN.fullmatch(token):
        return _fail("input_not_finite", token=_shown(token), position=position)
    return _fail("input_bad_token", token=_shown(token), position=position)


def _tokens(text: str) -> list[str]:
    return [token for token in _SEPARATORS.split(_normalize(text)) if token]


def parse_vector(text: str, *, allow_masked: bool = False, max_values: int = MAX_VECTOR_VALUES) -> Parsed:
    """Read a vector of logits from free text.

    Parameters
    ----------
    text : str
        Numbers separated by commas, spaces, new lines, 、 or ，.
    allow_masked : bool
        Accept ``-inf`` as a masked class (never for every value).
    max_values : int
        The most values accepted.

    Examples
    --------
    >>> parse_vector("１、２、３").value.tolist()
    [1.0, 2.0, 3.0]
    >>> parse_vector("1, two, 3").problem
    Problem(key='input_bad_token', params={'token': 'two', 'position': 2})
    """
    if len(text) > MAX_TEXT_CHARS:
        return _fail("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    tokens = _tokens(text)
    if not tokens:
        return _fail("input_empty")
    if len(tokens) > max_values:
        return _fail("input_too_many_values", count=len(tokens), cap=max_values)
    values = []
    for position, token in enumerate(tokens, start=1):
        value = _read_token(token, position, allow_masked)
        if isinstance(value, Parsed):
            return value
        values.append(value)
    array = np.array(values, dtype=np.float64)
    if np.all(np.isneginf(array)):
        return _fail("input_all_masked")
    return Parsed(array)


def parse_matrix(text: str) -> Parsed:
    """Read a matrix: one row per line (or rows separated by ``;``), values as in a vector.

    Examples
    --------
    >>> parse_matrix("1 2 3; 4 5 6").value.tolist()
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    >>> parse_matrix("1 2 3\\n4 5").problem
    Problem(key='input_ragged_row', params={'row': 2, 'expected': 3, 'found': 2})
    """
    if len(text) > MAX_TEXT_CHARS:
        return _fail("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    lines = [line for line in _ROW_SEPARATORS.split(_normalize(text)) if _tokens(line)]
    if not lines:
        return _fail("input_empty")
    if len(lines) > MAX_MATRIX_ROWS:
        return _fail("input_too_many_rows", count=len(lines), cap=MAX_MATRIX_ROWS)
    rows = []
    for number, line in enumerate(lines, start=1):
        parsed = parse_vector(line.strip("[]() "), max_values=MAX_MATRIX_COLS)
        if not parsed.ok:
            return Parsed(problem=Problem(parsed.problem.key, {**parsed.problem.params, "row": number}))
        if rows and parsed.value.size != rows[0].size:
            return _fail("input_ragged_row", row=number, expected=rows[0].size, found=parsed.value.size)
        rows.append(parsed.value)
    return Parsed(np.vstack(rows))


def default_labels(count: int) -> tuple[str, ...]:
    return tuple(str(number) for number in range(1, count + 1))


def parse_labels(text: str, count: int) -> Parsed:
    """Read ``count`` class labels separated by commas; missing ones are numbered 1, 2, 3, …

    Control and direction-changing characters are removed; a label longer than
    ``MAX_LABEL_CHARS`` or more labels than classes is a problem.

    Examples
    --------
    >>> parse_labels("cat, dog", 3).value
    ('cat', 'dog', '3')
    """
    if len(text) > MAX_TEXT_CHARS:
        return _fail("input_too_long", length=len(text), cap=MAX_TEXT_CHARS)
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFKC", text))
    labels = [label.strip() for label in re.split(r"[,、，]", cleaned)] if cleaned.strip() else []
    if len(labels) > count:
        return _fail("input_too_many_labels", count=len(labels), classes=count)
    for label in labels:
        if len(label) > MAX_LABEL_CHARS:
            return _fail("input_label_too_long", label=_shown(label), cap=MAX_LABEL_CHARS)
    defaults = default_labels(count)
    return Parsed(tuple(label or defaults[i] for i, label in enumerate(labels)) + defaults[len(labels) :])


def _format_number(value: float) -> str:
    """Shortest text that reads back to the same float; integers without '.0'."""
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    text = repr(float(value))
    return text.removesuffix(".0") if "e" not in text else text


def format_vector(values) -> str:
    """Text for a text box: ``"1, 2.5, -inf"``; :func:`parse_vector` reads it back exactly."""
    return ", ".join(_format_number(v) for v in np.asarray(values, dtype=np.float64).ravel())


def format_matrix(matrix) -> str:
    """One row per line; :func:`parse_matrix` reads it back exactly."""
    return "\n".join(format_vector(row) for row in np.atleast_2d(np.asarray(matrix, dtype=np.float64)))


def encode_vector(values) -> str:
    """The compact URL form: values joined by ``_`` (no character needs escaping).

    >>> encode_vector([705.0, -0.5, float("-inf")])
    '705_-0.5_-inf'
    """
    return "_".join(_format_number(v) for v in np.asarray(values, dtype=np.float64).ravel())


def encode_matrix(matrix) -> str:
    """Rows joined by ``~``, values by ``_``: ``"6_1_4~4_8_4"``."""
    return "~".join(encode_vector(row) for row in np.atleast_2d(np.asarray(matrix, dtype=np.float64)))


def decode_vector(param: str, *, allow_masked: bool = False, max_values: int = MAX_VECTOR_VALUES) -> Parsed:
    """Read the ``x`` parameter of a link (values joined by ``_``; commas are accepted too)."""
    if len(param) > MAX_URL_PARAM_CHARS:
        return _fail("input_too_long", length=len(param), cap=MAX_URL_PARAM_CHARS)
    return parse_vector(param.replace("_", ","), allow_masked=allow_masked, max_values=max_values)


def decode_matrix(param: str) -> Parsed:
    """Read the ``m`` parameter of a link (rows joined by ``~``, values by ``_``)."""
    if len(param) > MAX_URL_PARAM_CHARS:
        return _fail("input_too_long", length=len(param), cap=MAX_URL_PARAM_CHARS)
    return parse_matrix(param.replace("~", "\n").replace("_", ","))


def parse_choice(raw: str, options: tuple[str, ...]) -> Parsed:
    """A value that must be one of ``options`` (exactly, as Streamlit compares them)."""
    if raw in options:
        return Parsed(raw)
    return _fail("input_not_an_option", value=_shown(raw), options=", ".join(options))


def parse_number(raw: str, *, low: float, high: float, integer: bool = False) -> Parsed:
    """A single number in [low, high], optionally an integer.

    >>> parse_number("2.5", low=1, high=10, integer=True).problem.key
    'input_not_integer'
    """
    if len(raw) > 100:
        return _fail("input_too_long", length=len(raw), cap=100)
    tokens = _tokens(raw)
    if len(tokens) != 1:
        return _fail("input_bad_token", token=_shown(raw), position=1)
    value = _read_token(tokens[0], 1, allow_masked=False)
    if isinstance(value, Parsed):
        return value
    if integer and not value.is_integer():
        return _fail("input_not_integer", value=_shown(raw))
    if not low <= value <= high:
        return _fail(
            "input_out_of_range",
            value=_shown(raw),
            low=_format_number(low),
            high=_format_number(high),
        )
    return Parsed(int(value) if integer else value)
