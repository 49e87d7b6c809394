"""For bench/mode_bar.py: the logits view's sigmoid chart behind its z slider, drawn by
``common.chart`` (with its one-button save bar), or with plotly's full mode bar when the link
has ``?bar=full``."""

import streamlit as st

from softmax_viz import analysis, figures
from softmax_viz.views import common

z = st.slider("z", -10.0, 10.0, 0.0, step=0.1, key="z")
comparison = analysis.sigmoid_comparison()
figure = figures.sigmoid_comparison_figure(
    comparison.z, comparison.softmax_first, comparison.sigmoid, current_z=z
)
bar = st.query_params.get("bar")
if bar == "full":
    st.plotly_chart(figure, key="chart", config={"displayModeBar": True})
elif bar == "none":
    st.plotly_chart(figure, key="chart", config={"displayModeBar": False})
else:
    common.chart(figure, key="chart")
