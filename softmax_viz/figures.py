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
MUTED = "#9d9d9d"
LOG10_E = float(np.log10(np.e))


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


def _stacked_axes(top_title: str, bottom_title: str, x_title: str, **bottom_y) -> dict:
    """Two panels over one set of x values, the upper above the lower.

    Both x axes get the same values, so the panels line up without ``matches``, which plotly
    ignored for these axes while logging a warning to the console on every draw.
    """
    return {
        "xaxis": {"domain": [0, 1], "anchor": "y", "showticklabels": False},
        "yaxis": {"domain": [0.54, 1], "anchor": "x", "title": {"text": top_title}},
        "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": x_title}},
        "yaxis2": {"domain": [0, 0.46], "anchor": "x2", "title": {"text": bottom_title}, **bottom_y},
    }


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


def exp_overflow_figure(
    x,
    *,
    overflow_threshold: float,
    dtype_name: str,
    title: str = "",
    x_title: str = "element",
    y_title: str = "exp(x)",
) -> go.Figure:
    """exp(x) on a log scale, plotted as log₁₀ exp(x) = x·log₁₀e so nothing overflows here.

    Points past the dtype's limit (x > ln max) are red crosses; a dashed line marks the limit.
    """
    x = np.asarray(x, dtype=np.float64)
    exponent = x * LOG10_E
    limit = overflow_threshold * LOG10_E
    over = x > overflow_threshold
    data = [
        {
            "type": "scatter",
            "x": np.arange(1, x.size + 1),
            "y": exponent,
            "mode": "markers+lines",
            # A cross as well as red: past the limit reads without telling the colours apart.
            "marker": {
                "color": np.where(over, HIGHLIGHT, BAR).tolist(),
                "symbol": np.where(over, "x", "circle").tolist(),
                "size": 10,
            },
            "line": {"color": MUTED},
            "customdata": x,
            "hovertemplate": "x = %{customdata:.6g}<br>exp(x) = 1e%{y:.2f}<extra></extra>",
            "name": y_title,
        }
    ]
    layout = {
        "xaxis": {"title": {"text": x_title}, "dtick": 1 if x.size <= 24 else None},
        "yaxis": {"title": {"text": f"{y_title} (log₁₀)"}, "tickprefix": "1e", "tickformat": ".0f"},
        "shapes": [
            {
                "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": limit, "y1": limit,
                "line": {"color": HIGHLIGHT, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "xref": "paper", "x": 0, "y": limit, "xanchor": "left", "yanchor": "top",
                "text": f"{dtype_name} max ≈ 1e{limit:.2f}", "showarrow": False,
            }
        ],
        "showlegend": False,
    }  # fmt: skip
    return _figure(data, layout, title=title, height=360)


def _cell_text(values: np.ndarray) -> list[list[str]]:
    return [[f"{v:.3g}" for v in row] for row in np.atleast_2d(values)]


def jacobian_heatmap(
    jacobian,
    *,
    labels=None,
    title: str = "J = diag(y) − y yᵀ",
    row_sum_title: str = "row sum",
) -> go.Figure:
    """The Jacobian on a diverging scale centred at 0, with each row's sum beside it."""
    jacobian = np.asarray(jacobian, dtype=np.float64)
    names = [plain_text(v) for v in (labels or range(1, jacobian.shape[0] + 1))]
    rows = [f"y{n}" for n in names]
    row_sums = jacobian.sum(axis=1, keepdims=True)
    show_text = jacobian.shape[0] <= 12
    scale = float(np.max(np.abs(jacobian))) or 1.0
    common = {"type": "heatmap", "y": rows, "colorscale": "RdBu", "zmid": 0, "zmin": -scale, "zmax": scale}
    data = [
        {
            **common,
            "z": jacobian,
            "x": [f"∂x{n}" for n in names],
            "text": _cell_text(jacobian) if show_text else None,
            "texttemplate": "%{text}" if show_text else None,
            "hovertemplate": "∂%{y}/%{x} = %{z:.6g}<extra></extra>",
            "colorbar": {"len": 0.8},
        },
        {
            **common,
            "z": row_sums,
            "x": [plain_text(row_sum_title)],
            "xaxis": "x2",
            "showscale": False,
            "text": [[f"{v:.1e}"] for v in row_sums[:, 0]],
            "texttemplate": "%{text}",
            "hovertemplate": "Σ = %{z:.3g}<extra></extra>",
        },
    ]
    layout = {
        "xaxis": {"domain": [0, 0.84]},
        "xaxis2": {"domain": [0.87, 1]},
        "yaxis": {"autorange": "reversed"},
    }
    return _figure(data, layout, title=title, height=380 + 12 * jacobian.shape[0])


def diagonal_sweep_figure(
    sweep_values,
    y_i,
    dy_i,
    sigmoid_y,
    sigmoid_dy,
    *,
    current_value: float | None = None,
    value_title: str = "x_i",
    y_name: str = "y_i",
    dy_name: str = "∂y_i/∂x_i = y_i(1 − y_i)",
    sigmoid_name: str = "σ(x_i − c)",
    dsigmoid_name: str = "σ′(x_i − c)",
) -> go.Figure:
    """y_i over the swept logit with the shifted sigmoid, and its slope with σ′: same curves."""
    data = []
    pairs = ((y_i, sigmoid_y, y_name, sigmoid_name, "y"), (dy_i, sigmoid_dy, dy_name, dsigmoid_name, "y2"))
    for ours, reference, name, reference_name, axis in pairs:
        x_axis = "x" if axis == "y" else "x2"
        data.append(
            {
                "type": "scatter",
                "x": sweep_values,
                "y": ours,
                "name": name,
                "xaxis": x_axis,
                "yaxis": axis,
                "line": {"color": BAR, "width": 6},
            }
        )
        data.append(
            {
                "type": "scatter", "x": sweep_values, "y": reference, "name": reference_name,
                "xaxis": x_axis, "yaxis": axis, "line": {"color": REFERENCE, "dash": "dash"},
            }
        )  # fmt: skip
    layout = _stacked_axes("", "", value_title)
    if current_value is not None:
        layout["shapes"] = [_vertical_line(current_value), {**_vertical_line(current_value), "xref": "x2"}]
    return _figure(data, layout, height=480)


def cross_entropy_figure(
    probabilities,
    gradient,
    target: int,
    *,
    labels=None,
    probabilities_title: str = "y = softmax(x)",
    gradient_title: str = "∂L/∂x = y − onehot(t)",
    class_title: str = "class",
) -> go.Figure:
    """Probabilities with the true class highlighted and marked t, and the gradient y − onehot."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    names = [plain_text(v) for v in (labels or range(1, probabilities.size + 1))]
    colors = _highlight(probabilities.size, target)
    data = [
        {
            "type": "bar",
            "x": names,
            "y": probabilities,
            "name": probabilities_title,
            "marker": {"color": colors},
            # The true class is named as well as coloured.
            "text": ["t" if k == target else "" for k in range(probabilities.size)],
            "textposition": "outside",
        },
        {
            "type": "bar",
            "x": names,
            "y": np.asarray(gradient, dtype=np.float64),
            "name": gradient_title,
            "marker": {"color": colors},
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    layout = _stacked_axes(probabilities_title, gradient_title, class_title, range=[-1, 1])
    layout["yaxis"]["range"] = [0, 1]
    layout["xaxis2"]["type"] = "category"
    layout["showlegend"] = False
    return _figure(data, layout, height=440)


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


def draws_figure(
    probabilities,
    frequencies,
    *,
    labels,
    probability_name: str = "probability",
    frequency_name: str = "share of draws",
    class_title: str = "token",
) -> go.Figure:
    """The probabilities after the pipeline beside the share of draws each token got."""
    categories = [plain_text(name) for name in labels]
    data = [
        {
            "type": "bar",
            "x": categories,
            "y": np.asarray(probabilities, dtype=np.float64),
            "name": plain_text(probability_name),
            "marker": {"color": BAR},
            "hovertemplate": "%{x}: p = %{y:.6g}<extra></extra>",
        },
        {
            "type": "bar",
            "x": categories,
            "y": np.asarray(frequencies, dtype=np.float64),
            "name": plain_text(frequency_name),
            "marker": {"color": REFERENCE},
            "hovertemplate": "%{x}: %{y:.6g}<extra></extra>",
        },
    ]
    layout = {
        "barmode": "group",
        "xaxis": {"type": "category", "title": {"text": plain_text(class_title)}},
        "yaxis": {"rangemode": "tozero"},
    }
    return _figure(data, layout, height=360)


def gumbel_race_figure(
    logits,
    perturbed,
    winner: int,
    *,
    labels,
    logits_name: str = "z",
    perturbed_name: str = "z + G",
    winner_text: str = "winner",
    class_title: str = "token",
) -> go.Figure:
    """One Gumbel-max race: each token's logit z (grey) moved by its Gumbel variate to z + G
    (blue), a segment showing the move; the largest z + G, at position ``winner``, marked in red."""
    categories = [plain_text(name) for name in labels]
    logits = np.asarray(logits, dtype=np.float64)
    perturbed = np.asarray(perturbed, dtype=np.float64)
    moves_x = [value for name in categories for value in (name, name, None)]
    moves_y = [value for start, end in zip(logits, perturbed, strict=True) for value in (start, end, None)]
    data = [
        {
            "type": "scatter", "mode": "lines", "x": moves_x, "y": moves_y,
            "line": {"color": MUTED, "width": 1}, "hoverinfo": "skip", "showlegend": False,
        },
        {
            "type": "scatter", "mode": "markers", "x": categories, "y": logits,
            "name": plain_text(logits_name), "marker": {"color": MUTED, "size": 10},
            "hovertemplate": "%{x}: z = %{y:.6g}<extra></extra>",
        },
        {
            "type": "scatter", "mode": "markers", "x": categories, "y": perturbed,
            "name": plain_text(perturbed_name), "marker": {"color": BAR, "size": 12, "symbol": "diamond"},
            "hovertemplate": "%{x}: z + G = %{y:.6g}<extra></extra>",
        },
        {
            "type": "scatter", "mode": "markers+text", "x": [categories[winner]], "y": [perturbed[winner]],
            "name": plain_text(winner_text), "text": [plain_text(winner_text)], "textposition": "top center",
            "marker": {"color": HIGHLIGHT, "size": 15, "symbol": "diamond"},
            "hovertemplate": "%{x}: z + G = %{y:.6g}<extra></extra>",
        },
    ]  # fmt: skip
    layout = {"xaxis": {"type": "category", "title": {"text": plain_text(class_title)}}}
    return _figure(data, layout, height=340)
