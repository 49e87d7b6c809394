"""Mounting the live charts: Streamlit Components v2 modules in ``assets/`` that preview in the
browser and commit to Python when the learner lets go (``assets/live_protocol.js``).

Each chart is declared in ``pyproject.toml`` with the asset directory ``components/assets``, where
its ``<name>.js`` and ``<name>.css`` live beside the modules they share. What a chart sends back,
``{..., "seq": n}``, is input like any other: its view checks it before using it and echoes
``seq`` in the next data, so the chart knows which of Python's answers are current.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import streamlit as st


@functools.cache
def _renderer(name: str) -> Callable[..., object]:
    """The chart's mounting command, registered on first use.

    Registering needs a running Streamlit, whose start-up reads pyproject.toml for the asset
    directory; at import (a doctest, a plain ``import``) there is none. Later runtimes (each
    AppTest has its own) get the registration again when the chart is mounted.
    """
    return st.components.v2.component(f"softmax-viz.{name}", js=f"{name}.js", css=f"{name}.css")


def payload(data: dict) -> bytes:
    """A chart's data as Streamlit receives it: UTF-8 JSON bytes. Streamlit scans any other data
    for dataframes, which imports pandas (0.4 s) on the first page's first run."""
    return json.dumps(data, allow_nan=False, separators=(",", ":")).encode()


def mount(name: str, data: dict, *, on_commit: Callable[[], None]) -> None:
    """Mount the chart ``name`` under the key ``name``; ``on_commit`` runs when the learner lets go.

    The fixed key keeps the chart's identity across data changes: without it the identity
    includes a hash of the data, and every change would build a new chart and drop a drag.
    """
    _renderer(name)(key=name, data=payload(data), on_commit_change=on_commit)


def committed(name: str) -> object:
    """What the chart ``name`` sent on its last release, unchecked."""
    return st.session_state[name]["commit"]


def seq_key(view: str) -> str:
    """Where the session keeps the ``seq`` of the last commit Python has seen from ``view``'s
    chart. Opening a link (Back, Forward, a lesson step) keeps it: see :func:`take_seq`."""
    return f"{view}.seq"


def take_seq(view: str, payload: object) -> bool:
    """Whether ``payload`` is a commit Python has not seen before; if so, remember its ``seq`` for
    the chart's next data, even for a commit that is then refused (the chart stops waiting and
    shows the last good state again).

    A commit seen before comes back when a link has been opened since: opening one takes the
    chart's key out of the session state, and the next run of the page (any control's) finds the
    browser's last commit there as if it were new. Taken again, it would undo what Back showed.
    A payload without a whole-number ``seq`` counts as new, for its check to refuse it.
    """
    seq = payload.get("seq") if isinstance(payload, dict) else None
    if not isinstance(seq, int) or isinstance(seq, bool):
        return True
    if seq <= last_seq(view):
        return False
    st.session_state[seq_key(view)] = seq
    return True


def last_seq(view: str) -> int:
    """The ``seq`` of the last commit Python has seen from ``view``'s chart (0 before any)."""
    return st.session_state.get(seq_key(view), 0)
