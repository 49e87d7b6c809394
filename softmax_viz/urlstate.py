"""The whole state of each view as URL query parameters: what they are, and how a link is read.

Two kinds of parameter share the query string:

- *custom* ones (``x``, ``labels``, ``m``) carry vectors and matrices in the compact encodings
  of :mod:`softmax_viz.parsing`, or the values of live components (``T``, ``shift``); the views
  read and write them;
- *bound* ones belong to widgets created with ``bind="query-params"``; Streamlit writes them
  and silently drops values it cannot use. :func:`read_link` checks them with the same rules so
  the view can say what it ignored.

A link's value that fails its check is left out of the state (the view keeps its default) and
reported as a :class:`~softmax_viz.parsing.Problem` naming the parameter and the value. A good
value of a bound parameter comes out as its widget holds it, so a view can set the widget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from softmax_viz import parsing, presets, sampling
from softmax_viz.parsing import Parsed

TEMPERATURES = (
    "0.05", "0.07", "0.1", "0.15", "0.2", "0.3", "0.5", "0.7",
    "1", "1.5", "2", "3", "5", "7", "10", "15", "20",
)  # fmt: skip
DTYPES = ("float16", "float32", "float64")
AXES = ("None", "0", "1")
TOP_N = (5, 10, 20, 50)
SHIFT_RANGE = (-2000.0, 2000.0)
Z_RANGE = (-10.0, 10.0)
MAX_OVERFLOW_VALUES = 24
MAX_GRADIENT_VALUES = 12
TOP_P_RANGE = (0.01, 1.0)
MIN_P_RANGE = (0.0, 1.0)
MAX_KEEP = 10
SEED_RANGE = (0, 2**32 - 1)  # every seed in it is exact as a float, which parse_number reads
SAMPLERS = tuple(sampling.SAMPLERS)


@dataclass(frozen=True)
class Param:
    """One query parameter: its name, its check, and whether a widget owns it."""

    name: str
    check: Callable[[str], Parsed]
    bound: bool


def _choice(options: tuple[str, ...]) -> Callable[[str], Parsed]:
    return lambda raw: parsing.parse_choice(raw, options)


def _as(check: Callable[[str], Parsed], convert: Callable[[str], object]) -> Callable[[str], Parsed]:
    """``check``, giving a good value as its widget holds it (``top`` 20, ``sig`` True)."""

    def checked(raw: str) -> Parsed:
        parsed = check(raw)
        return Parsed(convert(parsed.value)) if parsed.ok else parsed

    return checked


_FLAG = _as(_choice(("true", "false")), lambda value: value == "true")


def _labels_text(raw: str) -> Parsed:
    """Labels stay as typed; the view splits them once it knows how many classes there are."""
    checked = parsing.parse_labels(raw, len(parsing.split_labels(raw)))
    return Parsed(raw) if checked.ok else checked


def _class_number(raw: str) -> Parsed:
    return parsing.parse_number(raw, low=1, high=parsing.MAX_VECTOR_VALUES, integer=True)


VIEW_PARAMS: dict[str, tuple[Param, ...]] = {
    "logits": (
        Param("x", lambda raw: parsing.decode_vector(raw, allow_masked=True), bound=False),
        Param("labels", _labels_text, bound=False),
        Param("T", _choice(TEMPERATURES), bound=False),
        Param("top", _as(_choice(tuple(str(n) for n in TOP_N)), int), bound=True),
        Param("sig", _FLAG, bound=True),
        Param("table", _FLAG, bound=True),
        Param("z", lambda raw: parsing.parse_number(raw, low=Z_RANGE[0], high=Z_RANGE[1]), bound=True),
    ),
    "overflow": (
        Param(
            "x",
            lambda raw: parsing.decode_vector(raw, max_values=MAX_OVERFLOW_VALUES),
            bound=False,
        ),
        Param("dtype", _choice(DTYPES), bound=True),
        Param(
            "shift",
            lambda raw: parsing.parse_number(raw, low=SHIFT_RANGE[0], high=SHIFT_RANGE[1]),
            bound=False,
        ),
    ),
    "gradient": (
        Param(
            "x",
            lambda raw: parsing.decode_vector(raw, max_values=MAX_GRADIENT_VALUES),
            bound=False,
        ),
        Param("i", _class_number, bound=True),
        Param("t", _class_number, bound=True),
        Param("table", _choice(("true", "false")), bound=True),
    ),
    "batch": (
        Param("m", parsing.decode_matrix, bound=False),
        Param("axis", _choice(AXES), bound=True),
    ),
    "sampling": (
        Param("x", lambda raw: parsing.decode_vector(raw, allow_masked=True), bound=False),
        Param("labels", _labels_text, bound=False),
        # The live sampling chart owns these six; it commits them as the link writes them.
        Param("temp", _choice(TEMPERATURES), bound=False),
        Param("k", _class_number, bound=False),
        Param(
            "p", lambda raw: parsing.parse_number(raw, low=TOP_P_RANGE[0], high=TOP_P_RANGE[1]), bound=False
        ),
        Param(
            "minp",
            lambda raw: parsing.parse_number(raw, low=MIN_P_RANGE[0], high=MIN_P_RANGE[1]),
            bound=False,
        ),
        Param("keep", lambda raw: parsing.parse_number(raw, low=1, high=MAX_KEEP, integer=True), bound=False),
        Param("order", _choice(tuple(sampling.ORDERS)), bound=False),
        Param("sampler", _choice(SAMPLERS), bound=True),
        Param("table", _choice(("true", "false")), bound=True),
        Param(
            "n",
            lambda raw: parsing.parse_number(raw, low=1, high=sampling.MAX_DRAWS, integer=True),
            bound=False,
        ),
        Param(
            "seed",
            lambda raw: parsing.parse_number(raw, low=SEED_RANGE[0], high=SEED_RANGE[1], integer=True),
            bound=False,
        ),
    ),
}

# Parameters that name a class of the view's vector: the link's own vector, or the default one.
CLASS_PARAMS: dict[str, tuple[str, ...]] = {"gradient": ("i", "t")}

CUSTOM_DEFAULTS: dict[str, dict[str, object]] = {
    "logits": {"x": presets.LOGITS_DEFAULT, "labels": None, "T": "1"},
    "overflow": {"x": presets.OVERFLOW_DEFAULT, "shift": 0.0},
    "gradient": {"x": presets.GRADIENT_DEFAULT},
    "batch": {"m": presets.BATCH_DEFAULT},
    # x None: the example of the page's language (presets.SAMPLING_EXAMPLE); k None: top-k off;
    # top-p on, so the page opens with a cut to look at; p 1 and minp 0 are off.
    "sampling": {
        "x": None,
        "labels": None,
        "temp": "1",
        "k": None,
        "p": 0.9,
        "minp": 0.0,
        "keep": 1,
        "order": "transformers",
        "n": 10_000,
        "seed": 0,
    },
}


@dataclass(frozen=True)
class LinkProblem:
    """A value in a link that was ignored, and why."""

    param: str
    value: str
    problem: parsing.Problem


def read_link(view: str, query: Mapping[str, str]) -> tuple[dict[str, object], list[LinkProblem]]:
    """Check every parameter ``view`` knows in ``query``; return the good values and the problems.

    Class numbers (:data:`CLASS_PARAMS`) must name a class of the link's vector, or of the view's
    default vector if the link has none it can use. Unknown parameters are ignored without a
    word: links from other views, or ``embed``, carry them legitimately. The report shows the
    first 40 characters of a value.

    Examples
    --------
    >>> state, problems = read_link("overflow", {"x": "1_2_3", "dtype": "float8"})
    >>> state["x"].tolist(), [(p.param, p.value) for p in problems]
    ([1.0, 2.0, 3.0], [('dtype', 'float8')])
    >>> state, problems = read_link("gradient", {"x": "1_2_3", "t": "7"})
    >>> "t" in state, problems[0].problem
    (False, Problem(key='input_out_of_range', params={'value': '7', 'low': '1', 'high': '3'}))
    """
    state: dict[str, object] = {}
    problems: list[LinkProblem] = []
    for param in VIEW_PARAMS[view]:
        raw = query.get(param.name)
        if raw is None:
            continue
        parsed = param.check(raw)
        if parsed.ok:
            state[param.name] = parsed.value
        else:
            problems.append(LinkProblem(param.name, _preview(raw), parsed.problem))
    _check_classes(view, query, state, problems)
    return state, problems


def _check_classes(view: str, query: Mapping[str, str], state: dict, problems: list) -> None:
    """Leave out class numbers past the last class: the view's menus stop there."""
    if view not in CLASS_PARAMS:
        return
    classes = len(state.get("x", CUSTOM_DEFAULTS[view]["x"]))
    for name in CLASS_PARAMS[view]:
        if name in state:
            parsed = parsing.parse_number(query[name], low=1, high=classes, integer=True)
            if not parsed.ok:
                del state[name]
                problems.append(LinkProblem(name, _preview(query[name]), parsed.problem))


def _preview(raw: str, limit: int = 40) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


def share_query(params: Mapping[str, str]) -> str:
    """The query string of a share link, parameters in a stable order; empty values left out."""
    return urlencode({name: value for name, value in params.items() if value != ""}, safe="_~,.-")
