"""softmax-viz: page set-up and navigation. Each view lives in softmax_viz/views/."""

import importlib
from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from softmax_viz.components.history import keep_history
from softmax_viz.i18n import LANGUAGE_NAMES
from softmax_viz.views.common import browser_language, keep_link_language, tr

st.set_page_config(page_title="softmax-viz", page_icon="📈", layout="wide")


def view(name: str) -> Callable[[], None]:
    """The render() of ``softmax_viz.views.<name>``, imported on the page's first visit.

    The first page then does not wait for the imports of the others (pandas, jinja2).
    """

    def render() -> None:
        importlib.import_module(f"softmax_viz.views.{name}").render()

    return render


keep_link_language()
st.sidebar.selectbox(
    "言語 / Language",
    tuple(LANGUAGE_NAMES.values()),
    index=list(LANGUAGE_NAMES).index(browser_language()),
    key="lang",
    bind="query-params",
)


@st.fragment(run_every=timedelta(days=1))
def rerun_on_reconnect() -> None:
    """An empty fragment on a timer, so that a page reruns in full when it reconnects.

    A server restart (a deploy, a crash) leaves every open page connected to a new server that
    has never run it. Streamlit's client reruns the page on reconnecting only if the page has a
    fragment on a timer or its last run was a fragment's; otherwise the next widget step inside
    a fragment names a fragment the new server does not know, and the server ignores it: the
    page looks alive and is not. Its daily rerun draws nothing.
    """


with st.sidebar:
    rerun_on_reconnect()
    keep_history()

page = st.navigation(
    [
        st.Page(view("logits"), title=tr("nav_logits"), url_path="logits", default=True, icon="📊"),
        st.Page(view("overflow"), title=tr("nav_overflow"), url_path="overflow", icon="💥"),
        st.Page(view("gradient"), title=tr("nav_gradient"), url_path="gradient", icon="📐"),
        st.Page(view("batch"), title=tr("nav_batch"), url_path="batch", icon="🧮"),
        st.Page(view("sampling"), title=tr("nav_sampling"), url_path="sampling", icon="🎲"),
        st.Page(view("lesson"), title=tr("nav_lesson"), url_path="lesson", icon="🎓"),
    ]
)
page.run()
