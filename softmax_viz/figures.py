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


def _rows(count: int) -> list[list[float]]:
    """Vertical domains of ``count`` stacked panels, the first on top, with room for a title."""
    gap = 0.08
    height = (1 - gap * (count - 1)) / count
    return [[1 - k * (height + gap) - height, 1 - k * (height + gap)] for k in range(count)]


def sampling_stages_figure(
    probabilities,
    kept,
    *,
    labels,
    stage_titles,
    removed_reasons,
    class_title: str = "token",
) -> go.Figure:
    """One panel per stage of the sampling pipeline, top to bottom, titled above: the
    probabilities renormalized over the tokens kept so far, and an × at 0 for each token removed,
    its reason on hover.

    ``probabilities`` and ``kept`` are (stages, tokens); ``removed_reasons`` holds the hover text
    of each removed token, per stage. The most likely token of each stage is highlighted, and
    every panel has the same probability scale.
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    kept = np.asarray(kept, dtype=bool)
    categories = [plain_text(name) for name in labels]
    top = 1.1 * float(np.max(np.where(kept, probabilities, 0.0)))
    data, annotations = [], []
    layout = {"showlegend": False, "bargap": 0.2}
    for row, (domain, title) in enumerate(zip(_rows(len(stage_titles)), stage_titles, strict=True)):
        suffix = "" if row == 0 else str(row + 1)
        axes = {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}
        shown = np.where(kept[row], probabilities[row], np.nan)
        data.append(
            {
                "type": "bar",
                "x": categories,
                "y": shown,
                "marker": {"color": _highlight(len(categories), int(np.nanargmax(shown)))},
                "hovertemplate": "%{x}: p = %{y:.6g}<extra></extra>",
                **axes,
            }
        )
        removed = ~kept[row]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [name for name, gone in zip(categories, removed, strict=True) if gone],
                "y": np.zeros(int(removed.sum())),
                "marker": {"symbol": "x", "color": MUTED, "size": 9},
                "text": [plain_text(reason) for reason in removed_reasons[row]],
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                **axes,
            }
        )
        layout[f"xaxis{suffix}"] = {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": categories,
            "anchor": f"y{suffix}",
            "showticklabels": row == len(stage_titles) - 1,
            "automargin": False,
        }
        layout[f"yaxis{suffix}"] = {
            "domain": domain,
            "anchor": f"x{suffix}",
            "range": [0, top],
            "automargin": False,
        }
        annotations.append(
            {
                "text": f"<b>{plain_text(title)}</b>", "xref": "paper", "yref": "paper",
                "x": 0, "y": domain[1], "xanchor": "left", "yanchor": "bottom", "showarrow": False,
            }
        )  # fmt: skip
    bottom = layout[f"xaxis{len(stage_titles) if len(stage_titles) > 1 else ''}"]
    bottom["title"] = {"text": plain_text(class_title)}
    # Margins fixed in advance, with plotly's automargin off (it would measure the labels after
    # drawing and draw again): long labels are drawn at 45°.
    longest = max((len(name) for name in categories), default=0)
    extra = round(4 * longest) if longest > 8 else 0
    if extra:
        bottom["tickangle"] = -45
    layout["annotations"] = annotations
    layout["margin"] = {"l": 50, "r": 10, "t": 30, "b": 55 + extra}
    return _figure(data, layout, height=140 * len(stage_titles) + 60 + extra)


def cumulative_cut_figure(
    sums,
    *,
    top_p: float,
    count: int,
    rank_title: str = "rank",
    sum_title: str = "cumulative probability",
    cut_text: str = "",
) -> go.Figure:
    """The cumulative probability of the tokens top-p measured, best first, with the line at p
    and the cut after the first ``count`` tokens (kept in colour, the rest grey)."""
    sums = np.asarray(sums, dtype=np.float64)
    ranks = np.arange(1, sums.size + 1)
    inside = ranks <= count
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers" if sums.size <= 50 else "lines",
            "x": ranks,
            "y": sums,
            "line": {"color": MUTED},
            "marker": {"color": np.where(inside, BAR, MUTED).tolist()},
            "hovertemplate": "%{x}: Σ = %{y:.6g}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": [count],
            "y": [sums[count - 1]],
            "marker": {"color": HIGHLIGHT, "size": 12},
            "hovertemplate": "%{x}: Σ = %{y:.6g}<extra></extra>",
        },
    ]
    layout = {
        "xaxis": {"title": {"text": rank_title}, "type": "log" if sums.size > 50 else "linear"},
        "yaxis": {"title": {"text": sum_title}, "range": [0, 1.05]},
        "shapes": [
            {
                "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": top_p, "y1": top_p,
                "line": {"color": REFERENCE, "dash": "dash"},
            },
            {**_vertical_line(count), "line": {"color": HIGHLIGHT, "dash": "dot"}},
        ],
        "annotations": [
            {
                "xref": "paper", "x": 1, "y": top_p, "xanchor": "right", "yanchor": "bottom",
                "text": f"p = {top_p:g}", "showarrow": False,
            },
            {
                "x": np.log10(count) if sums.size > 50 else count, "y": 0.05, "xanchor": "left",
                "text": plain_text(cut_text), "showarrow": False,
            },
        ],
        "showlegend": False,
    }  # fmt: skip
    return _figure(data, layout, height=340)


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
