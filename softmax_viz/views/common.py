"""Pieces every view uses: the language, following the link, bad-input messages, sharing, CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from softmax_viz import explain, lesson, qr, urlstate
from softmax_viz.components import history, live
from softmax_viz.i18n import LANGUAGE_NAMES, language_from_locale, t, t_plain
from softmax_viz.parsing import Parsed, Problem

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

_CODES = {name: code for code, name in LANGUAGE_NAMES.items()}


def browser_language() -> str:
    return language_from_locale(st.context.locale)


def language() -> str:
    """The chosen language's code; the browser's until the switch is used."""
    # Every message asks for the language; reading the browser's locale only when the switch
    # has no value keeps that lookup off each rerun.
    return _CODES.get(st.session_state.get("lang")) or browser_language()


def tr(key: str, **params: object) -> str:
    """The message ``key`` in the current language, as Markdown with ``params`` escaped."""
    return t(key, language(), **params)


def tr_plain(key: str, **params: object) -> str:
    """The message ``key`` in the current language, for chart titles and column names."""
    return t_plain(key, language(), **params)


def problem_text(problem: Problem) -> str:
    return tr(problem.key, **problem.params)


def preset_menu(names: Iterable[str], key: str, on_change: Callable[[], None]) -> None:
    """The examples menu of a view: ``on_change`` loads the chosen example's values.

    The menu is an action, not a state: it shows its placeholder again once the example is
    loaded, so the same example can be loaded again after an edit, and a menu never names an
    example the values no longer are.
    """

    def load() -> None:
        on_change()
        st.session_state[key] = None

    st.selectbox(
        tr("preset_label"),
        list(names),
        index=None,
        placeholder=tr("preset_placeholder"),
        format_func=lambda name: tr_plain(f"preset_{name}"),
        key=key,
        on_change=load,
    )


def keep_link_language() -> None:
    """Keep the link's ``lang`` for the view to check: the language switch, made before any view,
    drops a value it cannot use from the URL without a word. Kept on the session's first run and
    on Back or Forward, the two times the switch takes its value from the URL."""
    if "link.lang_kept" not in st.session_state or history_navigation():
        st.session_state["link.lang_kept"] = True
        st.session_state["link.lang"] = st.query_params.get("lang")


def history_navigation() -> bool:
    """Whether this run shows a history entry the learner went to with Back or Forward.

    Streamlit reruns the page with the entry's query string then, and gives the URL's values to
    the widgets bound to it; it marks that run only in its run context.
    """
    context = get_script_run_ctx()
    return context is not None and context.is_history_navigation


def follow_link(view: str) -> None:
    """Make ``view`` show what the address bar says, or the state it was left in.

    The link's state is taken, every value checked (a value the view cannot use is named and
    replaced by its default), on the session's first visit to the view, on Back or Forward (the
    history entry's state, exactly: a parameter it lacks means the default) and on a lesson step.
    Otherwise (a rerun, or the navigation back to the view, whose link carries no values) the
    view keeps the session's state and writes its link into the address bar: custom parameters
    live in ``st.session_state[f"{view}.{name}"]``, and Streamlit keeps a bound widget's value
    while its page is not shown.
    """
    query = st.query_params.to_dict()
    place = query.get(lesson.PARAM)
    new_place = place is not None and st.session_state.get("lesson.opened") != (view, place)
    st.session_state["lesson.opened"] = None if place is None else (view, place)
    step = _lesson_step()
    if history_navigation():
        _open_link(view, query)
    elif new_place and step is not None and step.view == view:
        # The lesson's buttons switch pages, and a page switch cannot carry a widget's own
        # parameter: the step supplies those.
        _open_link(view, {**step.query, **query})
    elif not st.session_state.get(f"{view}.loaded"):
        _open_link(view, query)


def _bound_params(view: str) -> set[str]:
    return {param.name for param in urlstate.VIEW_PARAMS[view] if param.bound}


# Keys of the page around every view: the language switch, the share box, the history keeper.
_PAGE_KEYS = frozenset({"lang", "share", history.KEY})
_ALL_BOUND = frozenset(name for view in urlstate.VIEW_PARAMS for name in _bound_params(view))


def _open_link(view: str, query: Mapping[str, str]) -> None:
    """Set ``view`` up as ``query`` says, as a new visitor would see it, and keep the problems.

    The view's own keys go (text boxes, the grid, a commit in flight, messages): the view makes
    them again from the state. The count of its live chart's commits stays, so that the chart's
    last commit, which the browser sends again, is known as one already taken. Its bound widgets
    are set here, or go back to their defaults: a widget already on the page keeps what the
    browser shows unless the server sends a value, and Streamlit sends none for a link's value
    equal to the widget's default. Other views keep their state.
    """
    state, problems = urlstate.read_link(view, query)
    others = tuple(f"{other}." for other in urlstate.VIEW_PARAMS if other != view)
    kept = _PAGE_KEYS | (_ALL_BOUND - _bound_params(view)) | {live.seq_key(view)}
    for key in [key for key in st.session_state if key not in kept]:
        if not key.startswith(("link.", "lesson.", *others)):
            del st.session_state[key]
    for name in _bound_params(view) & state.keys():
        st.session_state[name] = state[name]
    lang = st.session_state.pop("link.lang", None)
    if lang is not None and lang not in LANGUAGE_NAMES.values():
        problem = Problem(
            "input_not_an_option", {"value": lang, "options": ", ".join(LANGUAGE_NAMES.values())}
        )
        problems.append(urlstate.LinkProblem("lang", lang[:40], problem))
    place = _lesson_place()
    if place is not None and not place.ok:
        problems.append(urlstate.LinkProblem(lesson.PARAM, st.query_params[lesson.PARAM][:40], place.problem))
    for name, default in urlstate.CUSTOM_DEFAULTS[view].items():
        st.session_state[f"{view}.{name}"] = state.get(name, default)
    st.session_state[f"{view}.link_problems"] = problems
    st.session_state[f"{view}.loaded"] = True


def _lesson_place() -> Parsed | None:
    """The link's place in the lesson, checked; None outside the lesson."""
    raw = st.query_params.get(lesson.PARAM)
    return None if raw is None else lesson.read_place(raw, len(lesson.steps()))


def _lesson_step() -> lesson.Step | None:
    place = _lesson_place()
    return lesson.steps()[place.value - 1] if place is not None and place.ok else None


def page_at(url_path: str) -> st.Page:
    """The app's page at ``url_path``, for a link to it: Streamlit knows a page by its path."""
    return st.Page(lambda: None, title=url_path, url_path=url_path)


def step_link(number: int, label: str, **options: object) -> None:
    """A link that opens step ``number`` of the lesson in its view, in the current language."""
    steps = lesson.steps()
    st.page_link(
        page_at(steps[number - 1].view),
        label=label,
        query_params=lesson.step_query(number, steps, LANGUAGE_NAMES[language()]),
        **options,
    )


def lesson_bar() -> None:
    """For a view opened from the lesson: which step this is, what it shows, the steps around it."""
    place = _lesson_place()
    if place is None or not place.ok:
        return
    number, steps = place.value, lesson.steps()
    name = steps[number - 1].name
    with st.container(key="lesson_bar", border=True):
        st.markdown(tr("lesson_bar", number=number, count=len(steps), title=tr_plain(f"lesson_{name}_title")))
        st.markdown(tr(f"lesson_{name}_text"))
        # Buttons, not page links: a link to the page already open is drawn as the current page,
        # whose keyboard focus looks the same as its resting state.
        with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
            if number > 1 and st.button(
                tr("lesson_previous"), key="lesson_previous", icon=":material/arrow_back:"
            ):
                _open_step(number - 1)
            st.page_link(
                page_at("lesson"),
                label=tr("lesson_all_steps"),
                icon=":material/list:",
                query_params={"lang": LANGUAGE_NAMES[language()]},
            )
            if number < len(steps) and st.button(
                tr("lesson_next"), key="lesson_next", icon=":material/arrow_forward:", icon_position="right"
            ):
                _open_step(number + 1)


def _open_step(number: int) -> None:
    """Switch to step ``number``; its widgets take their values from the step when it opens.

    Streamlit refuses to write a widget's own parameter (or the language switch's) into the
    URL of a page switch, so only the other parameters travel in it.
    """
    steps = lesson.steps()
    owned = _bound_params(steps[number - 1].view) | {"lang"}
    query = lesson.step_query(number, steps, LANGUAGE_NAMES[language()])
    st.switch_page(
        page_at(steps[number - 1].view),
        query_params={name: value for name, value in query.items() if name not in owned},
    )


def show_link_problems(view: str) -> None:
    """Warn once about every value the link carried that the view could not use."""
    problems = st.session_state.pop(f"{view}.link_problems", [])
    if not problems:
        return
    with st.container(key="url_problems"):
        for item in problems:
            st.warning(
                tr("link_value_ignored", param=item.param, value=item.value)
                + " "
                + problem_text(item.problem),
                icon=":material/link_off:",
            )


def accept_input(view: str, parsed: Parsed, apply: Callable[[object], None]) -> None:
    """Apply a parsed input, or keep the last good state and remember the problem to show."""
    if parsed.ok:
        apply(parsed.value)
        st.session_state.pop(f"{view}.input_problem", None)
    else:
        st.session_state[f"{view}.input_problem"] = parsed.problem


def show_input_problem(view: str) -> None:
    problem = st.session_state.get(f"{view}.input_problem")
    if problem is not None:
        with st.container(key="input_problem"):
            st.error(problem_text(problem) + " " + tr("input_kept_last_good"), icon=":material/error:")


def sync_custom_params(params: Mapping[str, str], defaults: Mapping[str, str]) -> None:
    """Write custom parameters to the URL, leaving out those equal to their defaults.

    New values go in one update: the browser adds a history entry for every message that
    changes the URL, so one change of state is one step back, not one per parameter.
    """
    unset = {name for name, value in params.items() if value == "" or value == defaults.get(name)}
    changed = {
        name: value
        for name, value in params.items()
        if name not in unset and st.query_params.get(name) != value
    }
    if changed:
        st.query_params.update(changed)
    for name in unset & set(st.query_params):
        del st.query_params[name]


def share_control(params: Mapping[str, str]) -> None:
    """The link that reopens this exact state, in a code block with Streamlit's copy button.

    The language is always written, so a link sent to a class opens in the teacher's language
    whatever each student's browser prefers. The link is built only while its expander is open:
    every slider step resends what is shown, and with 10,000 logits the link is about 54,000
    characters long.
    """
    share = st.expander(tr("share_expander"), key="share", icon=":material/link:", on_change="rerun")
    if share.open:
        place = _lesson_place()
        query = urlstate.share_query(
            {
                **params,
                lesson.PARAM: str(place.value) if place is not None and place.ok else "",
                "lang": LANGUAGE_NAMES[language()],
            }
        )
        link = f"{st.context.url or ''}?{query}"
        with share:
            st.caption(tr("share_caption"))
            st.code(link, language=None, wrap_lines=True)
            _link_code(link)


def _link_code(link: str) -> None:
    """The link as a QR code to scan from a projected page, with SVG and PNG downloads."""
    code = qr.encode(link)
    if code is None:
        st.info(
            tr("share_qr_too_long", length=f"{len(link.encode()):,}", cap=f"{qr.MAX_LINK_BYTES:,}"),
            icon=":material/qr_code:",
        )
        return
    with st.container(key="share_qr"):
        st.caption(tr("share_qr_caption"))
        st.image(qr.svg(code), width=qr.display_width(code), alt=tr_plain("share_qr_alt"))
    downloads = {
        "svg": ("image/svg+xml", lambda: qr.svg(code).encode()),  # built only when clicked
        "png": ("image/png", lambda: qr.png(code)),
    }
    with st.container(horizontal=True):
        for kind, (mime, data) in downloads.items():
            st.download_button(
                tr(f"share_qr_download_{kind}"),
                data=data,
                file_name=f"softmax-viz-link.{kind}",
                mime=mime,
                key=f"share_qr_{kind}",
                on_click="ignore",
                icon=":material/qr_code_2:",
            )


# A 16:9 image at twice the size it is drawn in: sharp across a projected slide.
SLIDE_IMAGE = {"format": "png", "width": 1280, "height": 720, "scale": 2}


def chart(figure: go.Figure, key: str, *, alt: str | None = None) -> None:
    """A plotly chart described by ``alt``, with one button in its corner saving it as a PNG.

    A slider step redraws the sigmoid chart no slower with the bar than without it
    (``python bench/mode_bar.py``), so every chart has it. It holds only the image button:
    dragging still zooms and a double-click resets. ``alt`` is the chart's accessible name: a chart whose
    ``alt`` changes is drawn anew, so the changing numbers go in a caption beside it.
    """
    config = {
        "displayModeBar": True,
        "modeBarButtons": [["toImage"]],
        "displaylogo": False,
        "toImageButtonOptions": {**SLIDE_IMAGE, "filename": f"softmax-viz-{key}"},
    }
    st.plotly_chart(figure, key=key, config=config, alt=alt)


def explain_numbers(total: float, entropy: float, classes: int) -> None:
    """Under a distribution's summary: what its sum is next to 1, and its entropy's maximum."""
    notes = (explain.sum_note(total), explain.entropy_note(entropy, classes))
    st.caption("  \n".join(tr(key, **params) for key, params in notes))


def csv_download(frame: pd.DataFrame, file_name: str, key: str) -> None:
    st.download_button(
        tr("download_csv"),
        data=lambda: frame.to_csv(index=False).encode("utf-8"),  # built only when clicked
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )
