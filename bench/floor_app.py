"""The floor for bench/interaction.py: one slider and one bar chart, nothing else."""

import plotly.graph_objects as go
import streamlit as st

value = st.slider("value", 0.0, 10.0, 5.0, step=0.1, key="value")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[value, 10 - value])), key="floor_chart")
