"""Plotly figure builders: plain arrays in, ``go.Figure`` out. No streamlit, no numerics.

Titles and names are keyword arguments with English defaults; the views pass translated text.
Class labels come from users, and plotly renders tags such as ``<b>`` and ``<a href>`` inside
text, so every label goes through :func:`plain_text` first. No template is set, so Streamlit's
theme (light or dark) applies.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

BAR = "#4c78a8"
HIGHLIGHT = "#d1495b"
REFERENCE = "#f58518"
MUTED = "#9d9d9d"
LOG10_E = float(np.log10(np.e))


def plain_text(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so plotly shows user text literally, never as markup.

    >>> plain_text("<b>cat</b> & dog")
    '&lt;b&gt;cat&lt;/b&gt; &amp; dog'
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _layout(figure: go.Figure, *, title: str = "", height: int = 420) -> go.Figure:
    figure.update_layout(
        title={"text": plain_text(title)} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        bargap=0.25,
    )
    return figure


def _highlight(count: int, index: int | None) -> list[str]:
    colors = [BAR] * count
    if index is not None and 0 <= index < count:
        colors[index] = HIGHLIGHT
    return colors


def top_classes(probabilities: np.ndarray, top_n: int) -> np.ndarray:
    """Indices of the ``top_n`` most probable classes, most probable first (stable for ties)."""
    candidates = np.argpartition(-probabilities, top_n - 1)[:top_n]
    return candidates[np.lexsort((candidates, -probabilities[candidates]))]


def logits_probabilities_figure(
    logits,
    probabilities,
    *,
    labels=None,
    top_n: int | None = None,
    rest_label: str = "rest",
    logits_title: str = "logits x",
    probabilities_title: str = "probabilities softmax(x/T)",
    class_title: str = "class",
) -> go.Figure:
    """Logits above, probabilities below, one bar per class; the most likely class highlighted.

    With ``top_n`` and more classes than that, only the ``top_n`` most probable classes are
    drawn, in order, plus one bar holding the rest of the probability mass. Masked classes
    (logit −inf) get no logit bar and the text "−∞".
    """
    logits = np.asarray(logits, dtype=np.float64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    names = list(labels) if labels is not None else [str(k) for k in range(1, logits.size + 1)]
    if top_n is not None and logits.size > top_n:
        shown = top_classes(probabilities, top_n)
        rest = max(0.0, 1.0 - float(probabilities[shown].sum()))
        categories = [plain_text(names[k]) for k in shown] + [plain_text(rest_label)]
        shown_logits = np.append(logits[shown], np.nan)
        shown_probabilities = np.append(probabilities[shown], rest)
        argmax = 0
    else:
        categories = [plain_text(name) for name in names]
        shown_logits, shown_probabilities = logits, probabilities
        argmax = int(np.argmax(probabilities))
    masked = np.isneginf(shown_logits)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    figure.add_trace(
        go.Bar(
            x=categories,
            y=np.where(masked, np.nan, shown_logits),
            name=plain_text(logits_title),
            marker_color=_highlight(len(categories), argmax),
            text=np.where(masked, "−∞", ""),
            textposition="outside",
            hovertemplate="%{x}: x = %{y:.6g}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            x=categories,
            y=shown_probabilities,
            name=plain_text(probabilities_title),
            marker_color=_highlight(len(categories), argmax),
            hovertemplate="%{x}: p = %{y:.17g}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    figure.update_yaxes(title_text=plain_text(logits_title), row=1, col=1)
    figure.update_yaxes(title_text=plain_text(probabilities_title), range=[0, 1], row=2, col=1)
    figure.update_xaxes(title_text=plain_text(class_title), type="category", row=2, col=1)
    return _layout(figure, height=480).update_layout(showlegend=False)


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
    figure = go.Figure(
        [
            go.Scatter(x=z, y=softmax_first, name=softmax_name, line={"color": BAR, "width": 6}),
            go.Scatter(
                x=z, y=sigmoid_values, name=sigmoid_name, line={"color": REFERENCE, "dash": "dash"}
            ),
        ]
    )
    if current_z is not None:
        figure.add_vline(x=current_z, line={"color": HIGHLIGHT, "width": 1})
    figure.update_xaxes(title_text=z_title)
    figure.update_yaxes(range=[-0.02, 1.02])
    return _layout(figure, height=320)


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

    Points past the dtype's limit (x > ln max) are red; a dashed line marks the limit.
    """
    x = np.asarray(x, dtype=np.float64)
    exponent = x * LOG10_E
    limit = overflow_threshold * LOG10_E
    over = x > overflow_threshold
    figure = go.Figure(
        go.Scatter(
            x=np.arange(1, x.size + 1),
            y=exponent,
            mode="markers+lines",
            marker={"color": np.where(over, HIGHLIGHT, BAR).tolist(), "size": 10},
            line={"color": MUTED},
            customdata=x,
            hovertemplate="x = %{customdata:.6g}<br>exp(x) = 1e%{y:.2f}<extra></extra>",
            name=y_title,
        )
    )
    figure.add_hline(
        y=limit,
        line={"color": HIGHLIGHT, "dash": "dash"},
        annotation_text=f"{dtype_name} max ≈ 1e{limit:.2f}",
        annotation_position="bottom left",
    )
    figure.update_xaxes(title_text=x_title, dtick=1 if x.size <= 24 else None)
    figure.update_yaxes(title_text=f"{y_title} (log₁₀)", tickprefix="1e", tickformat=".0f")
    return _layout(figure, title=title, height=360).update_layout(showlegend=False)


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
    row_sums = jacobian.sum(axis=1, keepdims=True)
    show_text = jacobian.shape[0] <= 12
    figure = make_subplots(
        rows=1, cols=2, column_widths=[0.86, 0.14], shared_yaxes=True, horizontal_spacing=0.03
    )
    scale = float(np.max(np.abs(jacobian))) or 1.0
    figure.add_trace(
        go.Heatmap(
            z=jacobian,
            x=[f"∂x{n}" for n in names],
            y=[f"y{n}" for n in names],
            colorscale="RdBu",
            zmid=0,
            zmin=-scale,
            zmax=scale,
            text=_cell_text(jacobian) if show_text else None,
            texttemplate="%{text}" if show_text else None,
            hovertemplate="∂%{y}/%{x} = %{z:.6g}<extra></extra>",
            colorbar={"len": 0.8},
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Heatmap(
            z=row_sums,
            x=[plain_text(row_sum_title)],
            y=[f"y{n}" for n in names],
            colorscale="RdBu",
            zmid=0,
            zmin=-scale,
            zmax=scale,
            showscale=False,
            text=[[f"{v:.1e}"] for v in row_sums[:, 0]],
            texttemplate="%{text}",
            hovertemplate="Σ = %{z:.3g}<extra></extra>",
        ),
        row=1,
        col=2,
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title=title, height=380 + 12 * jacobian.shape[0])


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
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    pairs = ((y_i, sigmoid_y, y_name, sigmoid_name), (dy_i, sigmoid_dy, dy_name, dsigmoid_name))
    for row, (ours, reference, name, reference_name) in enumerate(pairs, start=1):
        figure.add_trace(
            go.Scatter(x=sweep_values, y=ours, name=name, line={"color": BAR, "width": 6}),
            row=row,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                x=sweep_values,
                y=reference,
                name=reference_name,
                line={"color": REFERENCE, "dash": "dash"},
            ),
            row=row,
            col=1,
        )
    if current_value is not None:
        figure.add_vline(x=current_value, line={"color": HIGHLIGHT, "width": 1})
    figure.update_xaxes(title_text=value_title, row=2, col=1)
    return _layout(figure, height=480)


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
    """Predicted probabilities with the true class highlighted, and the gradient y − onehot."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    names = [plain_text(v) for v in (labels or range(1, probabilities.size + 1))]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    colors = _highlight(probabilities.size, target)
    figure.add_trace(
        go.Bar(x=names, y=probabilities, name=probabilities_title, marker_color=colors),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            x=names,
            y=np.asarray(gradient, dtype=np.float64),
            name=gradient_title,
            marker_color=colors,
        ),
        row=2,
        col=1,
    )
    figure.update_yaxes(title_text=probabilities_title, range=[0, 1], row=1, col=1)
    figure.update_yaxes(title_text=gradient_title, range=[-1, 1], row=2, col=1)
    figure.update_xaxes(title_text=class_title, type="category", row=2, col=1)
    return _layout(figure, height=440).update_layout(showlegend=False)


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
    figure = make_subplots(
        rows=2,
        cols=2,
        column_widths=[0.85, 0.15],
        row_heights=[0.85, 0.15],
        horizontal_spacing=0.03,
        vertical_spacing=0.06,
    )

    def heatmap(z, x, y, row, col, showscale=False):
        figure.add_trace(
            go.Heatmap(
                z=z,
                x=x,
                y=y,
                zmin=0,
                zmax=max(1.0, float(np.max(z))),
                colorscale="Blues",
                showscale=showscale,
                text=_cell_text(z) if show_text else None,
                texttemplate="%{text}" if show_text else None,
                hovertemplate="%{y}, %{x}: %{z:.6g}<extra></extra>",
            ),
            row=row,
            col=col,
        )

    heatmap(result, column_names, row_names, 1, 1, showscale=True)
    heatmap(
        np.asarray(row_sums, dtype=np.float64)[:, np.newaxis],
        [plain_text(row_sum_title)],
        row_names,
        1,
        2,
    )
    heatmap(
        np.asarray(col_sums, dtype=np.float64)[np.newaxis, :],
        column_names,
        [plain_text(col_sum_title)],
        2,
        1,
    )
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title=title, height=320 + 30 * rows)
