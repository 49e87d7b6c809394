"""The least a logits page must be, for bench/interaction.py: how close this stack lets the app get.

Only what a logits page needs, built the app's way: the four-page navigation and the
language switch in the sidebar, the title and intro, and in a fragment one slider per logit (up
to 12), the temperature, the logits/probabilities chart and the logits written to the URL on each
step. No text box, labels, examples, summary, table, share box or sigmoid panel. The gap between
this app and the floor is the stack's; the gap between the app and this one is the app's.
"""

import numpy as np
import streamlit as st

from softmax_viz import analysis, figures, parsing, presets, urlstate
from softmax_viz.i18n import LANGUAGE_NAMES, t
from softmax_viz.views.common import chart

MAX_SLIDERS = 12


@st.fragment
def workbench() -> None:
    if "values" not in st.session_state:
        link = parsing.decode_vector(st.query_params.get("x", ""))
        st.session_state["values"] = link.value if link.ok else np.array(presets.LOGITS_DEFAULT)
        st.session_state["initial"] = st.session_state["values"].copy()
    values, initial = st.session_state["values"], st.session_state["initial"]
    if values.size <= MAX_SLIDERS:
        row = st.container(horizontal=True)
        for index, value in enumerate(initial):
            with row:
                values[index] = st.slider(
                    f"x{index + 1}", -10.0, 10.0, float(value), 0.1, key=f"logit_{index}"
                )
    temperature = st.select_slider("T", urlstate.TEMPERATURES, value="1", key="T", bind="query-params")
    result = analysis.probabilities(values, float(temperature))
    top_n = 20 if values.size > MAX_SLIDERS else None
    chart(figures.logits_probabilities_figure(values, result.probabilities, top_n=top_n), key="logits_chart")
    encoded = parsing.encode_vector(values)
    if st.query_params.get("x") != encoded:
        st.query_params["x"] = encoded


def logits_page() -> None:
    st.title(t("logits_title", "en"))
    st.markdown(t("logits_intro", "en"))
    workbench()


def other_page() -> None:
    st.write("-")


st.set_page_config(page_title="softmax-viz", page_icon="📈", layout="wide")
st.sidebar.selectbox("言語 / Language", tuple(LANGUAGE_NAMES.values()), key="lang")
st.navigation(
    [
        st.Page(logits_page, title=t("nav_logits", "en"), url_path="logits", default=True, icon="📊"),
        st.Page(other_page, title=t("nav_overflow", "en"), url_path="overflow", icon="💥"),
        st.Page(other_page, title=t("nav_gradient", "en"), url_path="gradient", icon="📐"),
        st.Page(other_page, title=t("nav_batch", "en"), url_path="batch", icon="🧮"),
    ]
).run()
