"""The history keeper: Back and Forward step through the states the learner committed.

Streamlit decides by itself whether a change of the address bar adds a history entry, and its
answers differ by the kind of control and by page switch (``assets/history.js`` names them).
The keeper, mounted once on every page, makes it one entry per committed change or navigation
and none for showing an entry with Back or Forward. What each entry holds is the views' link;
:func:`softmax_viz.views.common.follow_link` makes the page show it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

KEY = "history_keeper"


@functools.cache
def _renderer() -> Callable[..., object]:
    # Registered on first use, as the live chart is: registering needs a running Streamlit.
    return st.components.v2.component("softmax-viz.history", js="history.js")


def keep_history() -> None:
    """Mount the keeper; it draws nothing and installs itself once per page."""
    _renderer()(key=KEY)
