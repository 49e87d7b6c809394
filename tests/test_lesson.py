"""The guided lesson: every step's link is a state its view reads, in teaching order, and the bar
that a view opened from the lesson shows."""

import ast
from urllib.parse import parse_qsl

import mpmath
import numpy as np
import pytest

from softmax_viz import core, lesson, parsing, urlstate
from softmax_viz.i18n import CATALOG, LANGUAGES
from tests.apptest_helpers import ROOT, commit_live_chart, live_chart, run_app, run_view, texts

STEPS = lesson.steps()
TEACHING_ORDER = ("logits", "overflow", "gradient", "batch", "sampling")


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.name)
def test_every_steps_link_is_read_by_its_view_without_a_problem(step):
    known = {param.name for param in urlstate.VIEW_PARAMS[step.view]}
    assert set(step.query) <= known  # a name the view does not know would be ignored in silence
    state, problems = urlstate.read_link(step.view, step.query)
    assert problems == []
    assert state.keys() == step.query.keys()


@pytest.mark.parametrize("view", sorted({step.view for step in STEPS}))
def test_the_steps_in_one_view_name_the_same_parameters(view):
    # Moving between two of them then sets every parameter either one sets.
    names = {tuple(sorted(step.query)) for step in STEPS if step.view == view}
    assert len(names) == 1


def test_the_steps_visit_each_view_once_in_teaching_order():
    views = [step.view for step in lesson.STEPS]
    blocks = [view for index, view in enumerate(views) if index == 0 or views[index - 1] != view]
    assert blocks == list(TEACHING_ORDER)
    assert 10 <= len(STEPS) <= len(lesson.STEPS)


def test_a_step_whose_view_is_missing_is_left_out_without_renumbering_the_others():
    assert lesson.STEPS[: len(STEPS)] == STEPS
    assert [step.name for step in lesson.steps({"logits", "batch"})] == [
        "probabilities",
        "temperature",
        "batch_rows",
        "batch_axis",
    ]
    with_sampling = lesson.steps({*urlstate.VIEW_PARAMS, "sampling"})
    assert with_sampling[: len(STEPS)] == STEPS and with_sampling[-1].view == "sampling"


def test_every_page_the_app_registers_has_its_parameters_and_the_other_way_round():
    # The lesson takes a view to exist when its parameters are registered: the two must agree.
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    paths = {
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "url_path"
    }
    assert paths == {*urlstate.VIEW_PARAMS, "lesson"}


@pytest.mark.parametrize("step", lesson.STEPS, ids=lambda step: step.name)
def test_every_step_has_a_title_and_an_explanation_in_both_languages(step):
    for part in ("title", "text"):
        entry = CATALOG[f"lesson_{step.name}_{part}"]
        assert all(entry[lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("0", "input_out_of_range"), ("11", "input_out_of_range"), ("2.5", "input_not_integer"),
     ("four", "input_not_a_number")],
)  # fmt: skip
def test_a_place_outside_the_lesson_is_refused(raw, problem):
    assert lesson.read_place(raw, 10).problem.key == problem
    assert lesson.read_place("10", 10).value == 10


# What the explanations claim, checked against mpmath and float64 itself.
def test_the_overflow_step_largest_double_and_its_logarithm():
    largest = mpmath.mpf(2) ** 1024 * (1 - mpmath.mpf(2) ** -53)
    assert float(largest) == np.finfo(np.float64).max
    assert mpmath.nstr(largest, 2) == "1.8e+308"
    assert mpmath.nstr(mpmath.log(largest), 5) == "709.78"
    x = parsing.decode_vector(lesson.STEPS[2].query["x"]).value
    assert int(np.sum(x > float(mpmath.log(largest)))) == 5


def test_the_max_shift_step_breaks_the_textbook_path_and_gives_softmax_of_1_2_3():
    step = next(step for step in STEPS if step.name == "max_shift")
    x = parsing.decode_vector(step.query["x"]).value + float(step.query["shift"])
    moved, original = core.trace_softmax(x), core.trace_softmax(np.array([1.0, 2.0, 3.0]))
    assert np.isnan(moved.naive[-1].value).any()
    # x − max is exact here, so the shifted path does the very same arithmetic as for 1, 2, 3.
    assert moved.stable[-1].value.tolist() == original.stable[-1].value.tolist()
    exact = [mpmath.exp(k) / sum(mpmath.exp(j) for j in (1, 2, 3)) for k in (1, 2, 3)]
    np.testing.assert_allclose(moved.stable[-1].value, [float(p) for p in exact], rtol=4e-16)


def test_the_underflow_step_is_below_the_smallest_double():
    step = next(step for step in STEPS if step.name == "underflow")
    x = parsing.decode_vector(step.query["x"]).value
    smallest = mpmath.mpf(2) ** -1074
    assert mpmath.nstr(smallest, 2) == "4.9e-324"
    assert all(mpmath.exp(v) < smallest / 2 for v in x)  # rounds to 0, not up to the smallest
    assert not np.isnan(core.softmax(x)).any()


def test_the_log_softmax_step_probability_underflows_and_its_log_is_exactly_minus_999():
    step = next(step for step in STEPS if step.name == "log_softmax")
    x = parsing.decode_vector(step.query["x"]).value
    assert core.softmax(x)[1] == 0.0
    assert core.log_softmax(x).tolist() == [0.0, -999.0]


def step_query(number: int) -> dict[str, str]:
    return lesson.step_query(number, STEPS, "English")


def page_links(at) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        link.proto.label: (link.proto.page, dict(parse_qsl(link.proto.query_string)))
        for link in at.get("page_link")
    }


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Softmax in {} steps"), ("ja", "{} ステップで学ぶソフトマックス")]
)
def test_the_lesson_page_explains_every_step_in_both_languages(lang, title):
    at = run_view("lesson", lang=lang)
    assert not at.exception
    assert at.title[0].value == title.format(len(STEPS))
    page = texts(at)
    for step in STEPS:
        assert CATALOG[f"lesson_{step.name}_text"][lang] in page


def test_the_lesson_page_links_every_step_to_its_state():
    at = run_view("lesson")
    assert not at.exception
    links = page_links(at)
    assert links["Start with step 1"] == ("logits", step_query(1))
    for number, step in enumerate(STEPS, start=1):
        (label,) = [label for label in links if label.startswith(f"Open step {number} in")]
        assert links[label] == (step.view, step_query(number))


@pytest.mark.parametrize(
    ("lang", "language", "place", "buttons"),
    [("en", "English", "step 4 of {}", ["Previous step", "Next step"]),
     ("ja", "日本語", "ステップ 4 / {}", ["前のステップ", "次のステップ"])],
)  # fmt: skip
def test_a_view_opened_from_the_lesson_shows_its_step_and_the_way_on(lang, language, place, buttons):
    at = run_view("overflow", lang=lang, query=lesson.step_query(4, STEPS, language))
    assert not at.exception
    assert not [warning for warning in at.warning if "`lesson`" in warning.value]
    assert place.format(len(STEPS)) in texts(at)
    assert CATALOG["lesson_max_shift_text"][lang][:40] in texts(at)
    assert [button.proto.label for button in at.button] == buttons
    assert list(page_links(at).values()) == [("lesson", {"lang": language})]


def test_the_next_and_previous_buttons_open_the_neighbouring_steps_state():
    at = run_app(query=step_query(4))
    at.button(key="lesson_next").click().run()
    assert not at.exception
    assert at.query_params["lesson"] == "5"
    assert at.text_area(key="overflow_text").value.startswith("-800, -799")
    assert shift(at) == 0
    at.button(key="lesson_previous").click().run()
    assert at.query_params["lesson"] == "4"
    assert at.text_area(key="overflow_text").value == "1, 2, 3"
    assert shift(at) == 708


def test_the_last_step_has_no_next_and_the_first_no_previous():
    first = [button.key for button in run_view("logits", query=step_query(1)).button]
    last = [button.key for button in run_view("batch", query=step_query(len(STEPS))).button]
    assert first == ["lesson_next"] and last == ["lesson_previous"]


def test_a_view_opened_without_the_lesson_shows_no_bar():
    at = run_view("overflow", query={"x": "1_2_3"})
    assert not any("lesson" in query for _, query in page_links(at).values())


@pytest.mark.parametrize("raw", ["0", "99", "two"])
def test_a_bad_place_in_a_link_is_named_and_no_bar_is_shown(raw):
    at = run_view("gradient", query={**step_query(7), "lesson": raw})
    assert not at.exception
    (warning,) = [warning.value for warning in at.warning]
    assert "`lesson`" in warning and raw in warning
    assert not page_links(at)
    assert at.selectbox(key="t").value == 2  # the rest of the link still opens


def shift(at) -> float:
    """The shift the overflow view's live lab was given."""
    return live_chart(at, "live_overflow")["shift"]


def follow(at, number: int):
    at.query_params.clear()
    for name, value in step_query(number).items():
        at.query_params[name] = value
    return at.run()


def test_following_the_next_links_in_one_session_sets_each_steps_state():
    at = run_view("overflow", query=step_query(3))
    assert shift(at) == 0
    follow(at, 4)
    assert at.text_area(key="overflow_text").value == "1, 2, 3"
    assert shift(at) == 708
    follow(at, 5)
    assert at.text_area(key="overflow_text").value.startswith("-800, -799")
    assert shift(at) == 0


def test_edits_made_on_a_step_stay_until_another_step_is_opened():
    at = run_view("overflow", query=step_query(4))
    at.text_area(key="overflow_text").input("4, 5, 6").run()
    commit_live_chart(at, {"shift": 10, "seq": 1}, "live_overflow")
    assert at.text_area(key="overflow_text").value == "4, 5, 6"
    assert shift(at) == 10
    follow(at, 3)
    assert at.text_area(key="overflow_text").value.startswith("705, 706")


def test_the_share_link_of_a_step_keeps_its_place_in_the_lesson():
    at = run_view("gradient", query=step_query(8))
    at.session_state["share"] = True
    at.run()
    query = dict(parse_qsl(at.code[0].value.removeprefix("?")))
    assert query["lesson"] == "8" and query["i"] == "2" and query["t"] == "2"


def test_the_examples_menu_returns_to_its_placeholder_so_an_example_loads_again_after_an_edit():
    # Following a lesson link forgets the menu's value; the browser must not show a stale one.
    at = run_view("overflow")
    at.selectbox(key="overflow_preset").set_value("one_two_three").run()
    assert at.selectbox(key="overflow_preset").value is None
    at.text_area(key="overflow_text").input("4, 5").run()
    at.selectbox(key="overflow_preset").set_value("one_two_three").run()
    assert at.text_area(key="overflow_text").value == "1, 2, 3"
