"""Plotly figure builders: plain arrays in, ``go.Figure`` out. No streamlit, no numerics.

Titles and names are keyword arguments with English defaults; the views pass translated text.
Class labels come from users, and plotly renders tags such as ``<b>`` and ``<a href>`` inside
text, so every label goes through :func:`plain_text` first. No template is set, so Streamlit's
theme (light or dark) applies.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

BAR = "#4c78a8"
HIGHLIGHT = "#bf3a4d"
REFERENCE = "#f58518"


def plain_text(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so plotly shows user text literally, never as markup.

    >>> plain_text("<b>cat</b> & dog")
    '&lt;b&gt;cat&lt;/b&gt; &amp; dog'
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _figure(data: list[dict], layout: dict, *, title: str = "", height: int = 420) -> go.Figure:
    """One validated figure from plain trace and layout dicts.

    Building the dicts first and validating once is about ten times faster than make_subplots
    and update_* calls, and every interaction rebuilds the figure.
    """
    base = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "bargap": 0.25,
    }
    if title:
        base["title"] = {"text": plain_text(title)}
    return go.Figure(data=data, layout={**base, **layout})


def _highlight(count: int, index: int | None) -> list[str]:
    colors = [BAR] * count
    if index is not None and 0 <= index < count:
        colors[index] = HIGHLIGHT
    return colors


def sigmoid_comparison_figure(
    z,
    softmax_first,
    sigmoid_values,
    *,
    current_z: float | None = None,
    softmax_name: str = "softmax([z, 0])₁",
    sigmoid_name: str = "σ(z)",
    z_title: str = "z",
) -> go.Figure:
    """softmax([z, 0])[0] and the sigmoid drawn over each other: one curve."""
    data = [
        {
            "type": "scatter",
            "x": z,
            "y": softmax_first,
            "name": softmax_name,
            "line": {"color": BAR, "width": 6},
        },
        {
            "type": "scatter",
            "x": z,
            "y": sigmoid_values,
            "name": sigmoid_name,
            "line": {"color": REFERENCE, "dash": "dash"},
        },
    ]
    layout = {"xaxis": {"title": {"text": z_title}}, "yaxis": {"range": [-0.02, 1.02]}}
    if current_z is not None:
        layout["shapes"] = [_vertical_line(current_z)]
    return _figure(data, layout, height=320)


def _vertical_line(x: float, yref: str = "paper") -> dict:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "xref": "x",
        "yref": yref,
        "line": {"color": HIGHLIGHT, "width": 1},
    }


def _cell_text(values: np.ndarray) -> list[list[str]]:
    return [[f"{v:.3g}" for v in row] for row in np.atleast_2d(values)]


def batch_heatmap(
    result,
    *,
    row_sums,
    col_sums,
    title: str = "",
    row_sum_title: str = "row sum",
    col_sum_title: str = "column sum",
) -> go.Figure:
    """The softmax of a matrix with its row sums on the right and column sums underneath."""
    result = np.asarray(result, dtype=np.float64)
    rows, columns = result.shape
    row_names = [f"{k}" for k in range(1, rows + 1)]
    column_names = [f"{k}" for k in range(1, columns + 1)]
    show_text = result.size <= 400

    def heatmap(z, x, y, x_axis, y_axis, showscale=False) -> dict:
        return {
            "type": "heatmap",
            "z": z,
            "x": x,
            "y": y,
            "xaxis": x_axis,
            "yaxis": y_axis,
            "zmin": 0,
            "zmax": max(1.0, float(np.max(z))),
            "colorscale": "Blues",
            "showscale": showscale,
            "text": _cell_text(z) if show_text else None,
            "texttemplate": "%{text}" if show_text else None,
            "hovertemplate": "%{y}, %{x}: %{z:.6g}<extra></extra>",
        }

    data = [
        heatmap(result, column_names, row_names, "x", "y", showscale=True),
        heatmap(
            np.asarray(row_sums, dtype=np.float64)[:, np.newaxis],
            [plain_text(row_sum_title)],
            row_names,
            "x2",
            "y",
        ),
        heatmap(
            np.asarray(col_sums, dtype=np.float64)[np.newaxis, :],
            column_names,
            [plain_text(col_sum_title)],
            "x",
            "y2",
        ),
    ]
    category = {"type": "category"}
    layout = {
        "xaxis": {**category, "domain": [0, 0.84], "anchor": "y2"},
        "xaxis2": {**category, "domain": [0.87, 1], "anchor": "y"},
        "yaxis": {**category, "domain": [0.2, 1], "autorange": "reversed"},
        "yaxis2": {**category, "domain": [0, 0.14], "anchor": "x"},
    }
    return _figure(data, layout, title=title, height=320 + 30 * rows)
