"""Pieces every view uses: the language, reading a link once, bad-input messages, sharing, CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

import streamlit as st

from softmax_viz import urlstate
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
    """The examples menu of a view: ``on_change`` loads the chosen example's values."""
    st.selectbox(
        tr("preset_label"),
        list(names),
        index=None,
        placeholder=tr("preset_placeholder"),
        format_func=lambda name: tr_plain(f"preset_{name}"),
        key=key,
        on_change=on_change,
    )


def keep_link_language() -> None:
    """Keep the link's ``lang`` for the first view to check: the language switch, made before any
    view, drops a value it cannot use from the URL without a word."""
    if "link.lang_kept" not in st.session_state:
        st.session_state["link.lang_kept"] = True
        st.session_state["link.lang"] = st.query_params.get("lang")


def load_link_once(view: str) -> None:
    """On a session's first visit to ``view``, take its state from the URL and keep the problems.

    Custom parameters go to ``st.session_state[f"{view}.{name}"]``; bound widgets read the URL
    themselves. Later visits keep the session's own state, since the page switch cleared the URL.
    """
    if st.session_state.get(f"{view}.loaded"):
        return
    st.session_state[f"{view}.loaded"] = True
    state, problems = urlstate.read_link(view, st.query_params.to_dict())
    lang = st.session_state.pop("link.lang", None)
    if lang is not None and lang not in LANGUAGE_NAMES.values():
        problem = Problem(
            "input_not_an_option", {"value": lang, "options": ", ".join(LANGUAGE_NAMES.values())}
        )
        problems.append(urlstate.LinkProblem("lang", lang[:40], problem))
    for name, default in urlstate.CUSTOM_DEFAULTS[view].items():
        st.session_state[f"{view}.{name}"] = state.get(name, default)
    st.session_state[f"{view}.link_problems"] = problems


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
    """Write custom parameters to the URL, leaving out those equal to their defaults."""
    for name, value in params.items():
        if value == defaults.get(name) or value == "":
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def share_control(params: Mapping[str, str]) -> None:
    """The link that reopens this exact state, in a code block with Streamlit's copy button.

    The language is always written, so a link sent to a class opens in the teacher's language
    whatever each student's browser prefers. The link is built only while its expander is open:
    every slider step resends what is shown, and with 10,000 logits the link is about 54,000
    characters long.
    """
    share = st.expander(tr("share_expander"), key="share", icon=":material/link:", on_change="rerun")
    if share.open:
        query = urlstate.share_query({**params, "lang": LANGUAGE_NAMES[language()]})
        with share:
            st.caption(tr("share_caption"))
            st.code(f"{st.context.url or ''}?{query}", language=None, wrap_lines=True)


def chart(figure: go.Figure, key: str) -> None:
    """A plotly chart without plotly's mode bar.

    plotly rebuilds its mode bar on every redraw, and a slider step redraws the chart. With the
    logits chart behind one slider, a step took 87 ms in Chromium without the bar and 123 ms with
    it (same run, this machine). Dragging still zooms and a double-click resets.
    """
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})


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
