"""Running one view or the whole app under streamlit.testing.v1.AppTest, and reading its charts."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ("logits", "overflow", "gradient", "batch")


def view_script(view: str, lang: str) -> str:
    """A one-view app: the language widget as app.py makes it, then the view's render()."""
    return f"""
import streamlit as st
from softmax_viz.views import {view}
from softmax_viz.i18n import LANGUAGE_NAMES
st.session_state.setdefault("lang", LANGUAGE_NAMES["{lang}"])
{view}.render()
"""


def run_view(view: str, *, lang: str = "en", query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_string(view_script(view, lang), default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def _decode(value):
    """Undo plotly's typed-array encoding ({"dtype", "bdata", "shape"}) anywhere in a spec."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if shape:
                array = array.reshape([int(n) for n in str(shape).split(",")])
            return array
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def chart(at: AppTest, key: str) -> dict:
    """The plotly figure (data and layout) of the chart with widget key ``key``."""
    for element in at.get("plotly_chart"):
        if element.proto.id and key in element.proto.id:
            return _decode(json.loads(element.proto.spec))
    raise KeyError(f"no plotly chart with key {key!r}")


def texts(at: AppTest) -> str:
    """Everything the page says in markdown, captions, alerts and titles, as one string."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "warning",
        "error",
        "info",
        "success",
        "latex",
    ):
        parts.extend(str(element.value) for element in at.get(kind))
    return "\n".join(parts)


def _live_element(at: AppTest, key: str):
    (element,) = [e for e in at.get("bidi_component") if e.proto.id.endswith(f"-{key}")]
    return element


def live_chart(at: AppTest, key: str = "live_logits") -> dict:
    """The data the live chart ``key`` was given in the last run."""
    return json.loads(_live_element(at, key).proto.bytes)


def commit_live_chart(at: AppTest, payload: object, key: str = "live_logits") -> AppTest:
    """Rerun as the browser does when the learner lets go of the live chart ``key``: the page's
    widget states plus the chart's state ``{"commit": payload}`` as JSON."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    states = at._tree.get_widget_states()
    states.widgets.append(
        WidgetState(id=_live_element(at, key).proto.id, json_value=json.dumps({"commit": payload}))
    )
    return at._run(states)
