"""Gradient: drag a logit and watch the Jacobian, the sigmoid-shaped diagonal and the
cross-entropy gradient follow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import analysis, core, explain, parsing, presets, urlstate
from softmax_viz.components import live, live_gradient, live_logits
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "gradient"


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    st.title(tr("gradient_title"))
    st.markdown(tr("gradient_intro"))
    common.show_link_problems(VIEW)
    _example_and_classes()
    _workbench()
    _explanations()


def _logits() -> np.ndarray:
    return np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)


def _set_values(values: np.ndarray) -> None:
    st.session_state[f"{VIEW}.x"] = tuple(float(v) for v in values)
    st.session_state["gradient_text"] = parsing.format_vector(values)


def _on_text() -> None:
    parsed = parsing.parse_vector(st.session_state["gradient_text"], max_values=urlstate.MAX_GRADIENT_VALUES)
    common.accept_input(VIEW, parsed, _set_values)


def _on_commit() -> None:
    """The learner let go of the live chart: check what it sent, then take it as the logits."""
    payload = live_gradient.committed()
    if not live.take_seq(VIEW, payload):
        return
    values = _logits()
    low, high = live_logits.handle_range(values)
    parsed = parsing.parse_gradient_commit(payload, count=values.size, low=low, high=high)
    common.accept_input(VIEW, parsed, lambda commit: _set_values(commit.logits))


def _on_preset() -> None:
    name = st.session_state["gradient_preset"]
    if name is not None:
        _set_values(np.array(presets.GRADIENT_PRESETS[name]))
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _example_and_classes() -> None:
    # Outside the fragment: choosing one reruns the whole page, which is rare, while every
    # element inside the fragment is sent and redrawn again on each commit of the chart.
    count = _logits().size
    st.session_state[f"{VIEW}.menu_classes"] = count
    example, swept, target = st.columns(3)
    with example:
        common.preset_menu(presets.GRADIENT_PRESETS, "gradient_preset", _on_preset)
    with swept:
        _class_menu(tr("sweep_class_label"), count, "i")
    with target:
        _class_menu(tr("target_label"), count, "t")


def _class_menu(label: str, count: int, key: str) -> None:
    st.selectbox(label, range(1, count + 1), index=0, key=key, bind="query-params", format_func=str)


@st.fragment
def _workbench() -> None:
    values = _logits()
    st.session_state.setdefault("gradient_text", parsing.format_vector(values))
    with st.container(border=True):
        st.text_area(
            tr("gradient_text_label"),
            key="gradient_text",
            on_change=_on_text,
            help=tr("gradient_text_help", cap=urlstate.MAX_GRADIENT_VALUES),
            height=68,
        )
        common.show_input_problem(VIEW)
    if values.size != st.session_state[f"{VIEW}.menu_classes"]:
        st.rerun(scope="app")  # the class menus above the fragment offer the new classes
    index, target = int(st.session_state["i"]) - 1, int(st.session_state["t"]) - 1

    check = analysis.jacobian_check(values)
    sweep = analysis.diagonal_sweep(values, index) if values.size > 1 else None
    loss, gradient = core.cross_entropy(values, target)
    live_gradient.live_gradient(
        live_gradient.chart_data(
            values,
            probabilities=check.probabilities,
            jacobian=check.jacobian,
            shift=sweep.shift if sweep else -np.inf,
            loss=float(loss),
            gradient=gradient,
            swept=index,
            target=target,
            handle_range=live_logits.handle_range(values),
            seq=live.last_seq(VIEW),
            texts=_chart_texts(values.size, index, target),
        ),
        on_commit=_on_commit,
    )

    # The numbers beside the chart, in one caption: every element here is sent and drawn again
    # on each commit, and the explanations that do not change sit below the fragment.
    lines = [
        tr("row_sums", largest=f"{check.largest_row_sum:.3g}"),
        tr("jacobian_diagonal", values=explain.number_list(np.diag(check.jacobian))),
    ]
    if sweep is not None:
        lines.append(
            tr(
                "diagonal_match",
                number=index + 1,
                shift=f"{sweep.shift:.6g}",
                difference=f"{sweep.max_difference:.2g}",
            )
        )
    lines += [
        tr("ce_gradient_values", values=explain.number_list(gradient)),
        tr("ce_gradient_sum", total=f"{float(gradient.sum()):.3g}"),
    ]
    lines.insert(0, f"{tr('ce_loss', number=target + 1)}: {float(loss):.6g}")
    st.caption("  \n".join(lines))
    # Built only while open: the grid is the costliest element to redraw in the browser.
    details = st.expander(tr("offdiag_heading"), key="table", bind="query-params")
    if details.open:
        with details:
            _offdiagonal_table(check)

    encoded = parsing.encode_vector(values)
    common.sync_custom_params(
        {"x": encoded}, {"x": parsing.encode_vector(np.array(presets.GRADIENT_DEFAULT))}
    )
    common.share_control(
        {
            "x": encoded,
            "i": str(index + 1) if index else "",
            "t": str(target + 1) if target else "",
            "table": "true" if details.open else "",
        }
    )
    frame = pd.DataFrame(check.jacobian, columns=[f"dy/dx{k}" for k in range(1, values.size + 1)])
    frame.insert(0, "y", check.probabilities)
    frame.insert(1, "cross_entropy_grad", gradient)
    common.csv_download(frame, "softmax_jacobian.csv", key="gradient_csv")


def _offdiagonal_table(check: analysis.JacobianCheck) -> None:
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


def _explanations() -> None:
    """What the chart's parts mean. Outside the fragment: they never change with the logits."""
    for heading, intro in (
        ("jacobian_heading", "jacobian_intro"),
        ("diagonal_heading", "diagonal_intro"),
        ("ce_heading", "ce_intro"),
    ):
        st.subheader(tr(heading))
        st.markdown(tr(intro))


def _chart_texts(count: int, index: int, target: int) -> dict[str, object]:
    """The chart's words in the page's language, as plain text (the chart puts in text nodes)."""
    numbers = range(1, count + 1)
    return {
        "chart": tr_plain("live_gradient_chart"),
        "sliders": [tr_plain("live_gradient_logit", number=k) for k in numbers],
        "meters": [tr_plain("live_gradient_probability", number=k) for k in numbers],
        "logits": tr_plain("live_logits_title"),
        "saved_logits": tr_plain("live_logits_title_fixed"),
        "probabilities": tr_plain("live_probabilities_title"),
        "jacobian": tr_plain("jacobian_chart_title"),
        "row_sum": tr_plain("row_sum"),
        "sweep": tr_plain("live_gradient_sweep", i=index + 1),
        "slope": tr_plain("live_gradient_slope", i=index + 1),
        "gradient": tr_plain("live_gradient_gradient", t=target + 1),
        "loss": tr_plain("live_gradient_loss", t=target + 1),
        "preview": tr_plain("live_preview"),
        "exact": tr_plain("live_exact"),
        "save_svg": tr_plain("live_save_svg"),
        "save_png": tr_plain("live_save_png"),
    }
