"""Gradient: the Jacobian of softmax, its sigmoid-shaped diagonal, and cross-entropy's gradient."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import analysis, core, explain, figures, parsing, presets, urlstate
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "gradient"


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    st.title(tr("gradient_title"))
    st.markdown(tr("gradient_intro"))
    common.show_link_problems(VIEW)
    _workbench()


def _set_values(values: np.ndarray) -> None:
    st.session_state[f"{VIEW}.x"] = tuple(float(v) for v in values)
    st.session_state["gradient_text"] = parsing.format_vector(values)


def _on_text() -> None:
    parsed = parsing.parse_vector(st.session_state["gradient_text"], max_values=urlstate.MAX_GRADIENT_VALUES)
    common.accept_input(VIEW, parsed, _set_values)


def _on_preset() -> None:
    name = st.session_state["gradient_preset"]
    if name is not None:
        _set_values(np.array(presets.GRADIENT_PRESETS[name]))
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _class_picker(label: str, count: int, key: str) -> int:
    number = st.selectbox(label, range(1, count + 1), index=0, key=key, bind="query-params", format_func=str)
    return int(number) - 1


@st.fragment
def _workbench() -> None:
    values = np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)
    st.session_state.setdefault("gradient_text", parsing.format_vector(values))
    with st.container(border=True):
        common.preset_menu(presets.GRADIENT_PRESETS, "gradient_preset", _on_preset)
        st.text_area(
            tr("gradient_text_label"),
            key="gradient_text",
            on_change=_on_text,
            help=tr("gradient_text_help", cap=urlstate.MAX_GRADIENT_VALUES),
            height=68,
        )
        common.show_input_problem(VIEW)

    check = analysis.jacobian_check(values)
    probabilities, jacobian = check.probabilities, check.jacobian
    labels = [str(k) for k in range(1, values.size + 1)]

    st.header(tr("jacobian_heading"))
    st.markdown(tr("jacobian_intro"))
    common.chart(
        figures.jacobian_heatmap(
            jacobian,
            labels=labels,
            title=tr_plain("jacobian_chart_title"),
            row_sum_title=tr_plain("row_sum"),
        ),
        key="jacobian_chart",
        alt=tr_plain("jacobian_chart_alt"),
    )
    st.caption(
        tr("row_sums", largest=f"{check.largest_row_sum:.3g}")
        + "  \n"
        + tr("jacobian_diagonal", values=explain.number_list(np.diag(jacobian)))
    )

    st.header(tr("diagonal_heading"))
    st.markdown(tr("diagonal_intro"))
    index = _class_picker(tr("sweep_class_label"), values.size, "i")
    sweep = analysis.diagonal_sweep(values, index)
    common.chart(
        figures.diagonal_sweep_figure(
            sweep.values,
            sweep.y,
            sweep.dy,
            sweep.sigmoid_y,
            sweep.sigmoid_dy,
            current_value=float(values[index]),
        ),
        key="sweep_chart",
        alt=tr_plain("sweep_chart_alt"),
    )
    st.markdown(
        tr(
            "diagonal_match",
            number=index + 1,
            shift=f"{sweep.shift:.6g}",
            difference=f"{sweep.max_difference:.2g}",
        )
    )

    st.header(tr("offdiag_heading"))
    st.markdown(tr("offdiag_intro"))
    offdiag = pd.DataFrame(
        {
            "i": check.rows + 1,
            "j": check.columns + 1,
            "−y_i y_j": check.analytic,
            tr_plain("col_finite_difference"): check.numeric,
            tr_plain("col_difference"): check.difference,
        }
    )
    st.dataframe(
        offdiag,
        key="offdiag_table",
        hide_index=True,
        column_config={name: st.column_config.NumberColumn(format="%.3e") for name in offdiag.columns[2:]},
    )

    st.header(tr("ce_heading"))
    st.markdown(tr("ce_intro"))
    target = _class_picker(tr("target_label"), values.size, "t")
    loss, gradient = core.cross_entropy(values, target)
    st.metric(tr("ce_loss", number=target + 1), f"{float(loss):.6g}")
    common.chart(
        figures.cross_entropy_figure(
            probabilities, gradient, target, labels=labels, class_title=tr_plain("class_axis")
        ),
        key="ce_chart",
        alt=tr_plain("ce_chart_alt"),
    )
    st.caption(
        tr("ce_gradient_values", values=explain.number_list(gradient))
        + "  \n"
        + tr("ce_gradient_sum", total=f"{float(gradient.sum()):.3g}")
    )

    encoded = parsing.encode_vector(values)
    common.sync_custom_params(
        {"x": encoded}, {"x": parsing.encode_vector(np.array(presets.GRADIENT_DEFAULT))}
    )
    common.share_control(
        {
            "x": encoded,
            "i": str(index + 1) if index else "",
            "t": str(target + 1) if target else "",
        }
    )
    frame = pd.DataFrame(jacobian, columns=[f"dy/dx{k}" for k in labels])
    frame.insert(0, "y", probabilities)
    frame.insert(1, "cross_entropy_grad", gradient)
    common.csv_download(frame, "softmax_jacobian.csv", key="gradient_csv")
