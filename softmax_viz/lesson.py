"""The guided lesson: the topic in the order it is taught, each step one exact state of a view.

A step is data: the view that shows it and the URL parameters that set that view up, the same
parameters a shared link carries (:data:`softmax_viz.urlstate.VIEW_PARAMS`). Steps in one view
name the same parameters, defaults included, so moving between them sets every one. Its title
and explanation are the i18n messages ``lesson_<name>_title`` and ``lesson_<name>_text``.

A view opened from the lesson carries its place as ``lesson=<number>`` in the URL, so a link to
"step 4" opens step 4's state with the lesson's previous and next steps around it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from softmax_viz import parsing, presets, urlstate
from softmax_viz.parsing import Parsed

PARAM = "lesson"
_OVERFLOW = parsing.encode_vector(presets.OVERFLOW_PRESETS["overflow"])
_UNDERFLOW = parsing.encode_vector(presets.OVERFLOW_PRESETS["underflow"])
_SCIPY_EXAMPLE = parsing.encode_matrix(presets.BATCH_PRESETS["scipy_example"])


@dataclass(frozen=True)
class Step:
    """One step: its message name, the view (page URL path) that shows it, and that view's state."""

    name: str
    view: str
    query: Mapping[str, str]


STEPS: tuple[Step, ...] = (
    Step("probabilities", "logits", {"x": "2_1_0.5", "labels": "cat,dog,bird", "T": "1"}),
    Step("temperature", "logits", {"x": "2_1_0.5", "labels": "cat,dog,bird", "T": "0.5"}),
    Step("overflow", "overflow", {"x": _OVERFLOW, "dtype": "float64", "shift": "0"}),
    # 1, 2, 3 moved past float64's limit: the shifted path still gives softmax(1, 2, 3).
    Step("max_shift", "overflow", {"x": "1_2_3", "dtype": "float64", "shift": "708"}),
    Step("underflow", "overflow", {"x": _UNDERFLOW, "dtype": "float64", "shift": "0"}),
    # The second probability, e^−999, underflows to 0; its log_softmax is exactly −999.
    Step("log_softmax", "overflow", {"x": "1000_1", "dtype": "float64", "shift": "0"}),
    Step("cross_entropy", "gradient", {"x": "2_1_0.5", "i": "1", "t": "2"}),
    Step("jacobian", "gradient", {"x": "2_1_0.5", "i": "2", "t": "2"}),
    Step("batch_rows", "batch", {"m": _SCIPY_EXAMPLE, "axis": "1"}),
    Step("batch_axis", "batch", {"m": _SCIPY_EXAMPLE, "axis": "0"}),
    Step("sampling", "sampling", {"temp": "0.7"}),
)


def steps(views: Collection[str] = urlstate.VIEW_PARAMS) -> tuple[Step, ...]:
    """The steps whose view exists, in order; numbered from 1 in links.

    A view exists once its parameters are registered in ``urlstate.VIEW_PARAMS`` (each page
    registers them with its page), so a step written for a view still to come stays out of the
    lesson until then. The steps of later views come last, so no step's number changes.

    Examples
    --------
    >>> [step.view for step in steps({"overflow", "gradient"})][:4]
    ['overflow', 'overflow', 'overflow', 'overflow']
    >>> len(steps({"overflow", "gradient"}))
    6
    """
    return tuple(step for step in STEPS if step.view in views)


def read_place(raw: str, count: int) -> Parsed:
    """A link's ``lesson`` value: a step number from 1 to ``count``.

    >>> read_place("4", 10).value, read_place("11", 10).problem.key
    (4, 'input_out_of_range')
    """
    return parsing.parse_number(raw, low=1, high=count, integer=True)


def step_query(number: int, lesson: tuple[Step, ...], language_name: str) -> dict[str, str]:
    """The URL parameters that open step ``number`` (from 1) of ``lesson`` in a language.

    The language is written as in a shared link, so "step 4" sent to a class opens in the
    teacher's language whatever each student's browser prefers.

    >>> step_query(2, steps(), "English")
    {'x': '2_1_0.5', 'labels': 'cat,dog,bird', 'T': '0.5', 'lesson': '2', 'lang': 'English'}
    """
    return {**lesson[number - 1].query, PARAM: str(number), "lang": language_name}
