"""softmax-viz: page set-up and navigation. Each view lives in softmax_viz/views/."""

import streamlit as st

from softmax_viz.i18n import LANGUAGE_NAMES
from softmax_viz.views import batch, gradient, logits, overflow
from softmax_viz.views.common import browser_language, tr

st.set_page_config(page_title="softmax-viz", page_icon="📈", layout="wide")

st.sidebar.selectbox(
    "言語 / Language",
    tuple(LANGUAGE_NAMES.values()),
    index=list(LANGUAGE_NAMES).index(browser_language()),
    key="lang",
    bind="query-params",
)

page = st.navigation(
    [
        st.Page(logits.render, title=tr("nav_logits"), url_path="logits", default=True, icon="📊"),
        st.Page(overflow.render, title=tr("nav_overflow"), url_path="overflow", icon="💥"),
        st.Page(gradient.render, title=tr("nav_gradient"), url_path="gradient", icon="📐"),
        st.Page(batch.render, title=tr("nav_batch"), url_path="batch", icon="🧮"),
    ]
)
page.run()
