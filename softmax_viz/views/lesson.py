"""The guided lesson: every step's explanation, and a link that opens it in its view."""

from __future__ import annotations

import streamlit as st

from softmax_viz import lesson
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain


def render() -> None:
    steps = lesson.steps()
    st.title(tr("lesson_title", count=len(steps)))
    st.markdown(tr("lesson_intro"))
    common.step_link(1, tr("lesson_start"), icon=":material/play_arrow:")
    for number, step in enumerate(steps, start=1):
        with st.container(key=f"lesson_step_{number}", border=True):
            title = tr_plain(f"lesson_{step.name}_title")
            st.subheader(tr("lesson_step_heading", number=number, title=title))
            st.markdown(tr(f"lesson_{step.name}_text"))
            common.step_link(
                number,
                tr("lesson_open_step", number=number, view=tr_plain(f"nav_{step.view}")),
                icon=":material/open_in_browser:",
            )
