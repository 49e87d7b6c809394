"""Overflow lab: the textbook formula beside the max-shifted one, step by step, in three dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import analysis, core, explain, figures, parsing, presets, tables, urlstate
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "overflow"
DEFAULT_DTYPE = "float64"


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    st.title(tr("overflow_title"))
    st.markdown(tr("overflow_intro"))
    common.show_link_problems(VIEW)
    _lab()
    _tail()
    _derivation()


def _set_values(values: np.ndarray) -> None:
    st.session_state[f"{VIEW}.x"] = tuple(float(v) for v in values)
    st.session_state["overflow_text"] = parsing.format_vector(values)


def _on_text() -> None:
    parsed = parsing.parse_vector(st.session_state["overflow_text"], max_values=urlstate.MAX_OVERFLOW_VALUES)
    common.accept_input(VIEW, parsed, _set_values)


def _on_preset() -> None:
    name = st.session_state["overflow_preset"]
    if name is not None:
        _set_values(np.array(presets.OVERFLOW_PRESETS[name]))
        st.session_state["shift"] = 0.0
        st.session_state.pop(f"{VIEW}.input_problem", None)


@st.fragment
def _lab() -> None:
    values = np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)
    st.session_state.setdefault("overflow_text", parsing.format_vector(values))

    with st.container(border=True):
        common.preset_menu(presets.OVERFLOW_PRESETS, "overflow_preset", _on_preset)
        st.text_area(
            tr("overflow_text_label"),
            key="overflow_text",
            on_change=_on_text,
            help=tr("overflow_text_help", cap=urlstate.MAX_OVERFLOW_VALUES),
            height=68,
        )
        common.show_input_problem(VIEW)
        left, right = st.columns([1, 2])
        dtype_name = left.selectbox(
            tr("dtype_label"), urlstate.DTYPES, index=2, key="dtype", bind="query-params"
        )
        shift = right.slider(
            tr("shift_label"),
            min_value=urlstate.SHIFT_RANGE[0],
            max_value=urlstate.SHIFT_RANGE[1],
            value=0.0,
            step=1.0,
            key="shift",
            bind="query-params",
            help=tr("shift_help"),
        )

    shifted_input = values + shift
    thresholds = core.exp_thresholds(np.dtype(dtype_name))
    trace = core.trace_softmax(shifted_input, np.dtype(dtype_name))
    st.markdown(
        tr(
            "thresholds",
            dtype=dtype_name,
            overflow=f"{thresholds.overflow:.6g}",
            normal=f"{thresholds.underflow_normal:.6g}",
            subnormal=f"{thresholds.underflow_subnormal:.6g}",
        )
    )
    common.chart(
        figures.exp_overflow_figure(
            shifted_input,
            overflow_threshold=thresholds.overflow,
            dtype_name=dtype_name,
            title=tr_plain("exp_chart_title", dtype=dtype_name),
            x_title=tr_plain("element_axis"),
            y_title="exp(x)",
        ),
        key="exp_chart",
        alt=tr_plain("exp_chart_alt", dtype=dtype_name),
    )
    key, params = explain.exp_chart_note(shifted_input, thresholds.overflow, dtype_name)
    st.caption(tr(key, **params))
    naive_column, stable_column = st.columns(2)
    with naive_column:
        _trace_panel("naive", trace.naive, "naive_trace")
    with stable_column:
        _trace_panel("stable", trace.stable, "stable_trace")
    _verdict(trace)

    common.sync_custom_params(
        {"x": parsing.encode_vector(values)},
        {"x": parsing.encode_vector(np.array(presets.OVERFLOW_DEFAULT))},
    )
    common.share_control(
        {
            "x": parsing.encode_vector(values),
            "dtype": dtype_name if dtype_name != DEFAULT_DTYPE else "",
            "shift": repr(float(shift)).removesuffix(".0") if shift else "",
        }
    )
    common.csv_download(_csv(trace), f"softmax_overflow_{dtype_name}.csv", key="overflow_csv")


def _column_names() -> dict[str, str]:
    return {
        "input": "x",
        "shifted": "x − max",
        "exp": tr_plain("col_exp"),
        "quotient": tr_plain("col_quotient"),
    }


def _trace_panel(kind: str, steps: tuple[core.Step, ...], key: str) -> None:
    with st.container(key=key, border=True):
        st.subheader(tr(f"{kind}_heading"))
        _formula(
            r"y_k = \frac{e^{x_k}}{\sum_j e^{x_j}}"
            if kind == "naive"
            else r"y_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}},\quad m = \max_j x_j"
        )
        scalars = tables.scalar_steps(steps)
        st.markdown("  \n".join(tr(f"scalar_{name}", value=value) for name, value in scalars.items()))
        st.table(tables.trace_table(steps, _column_names()))
        events = tables.event_list(steps)
        if not events:
            st.success(tr("no_events"), icon=":material/check_circle:")
        for step, event, elements in events:
            st.warning(
                tr(
                    "event_line",
                    step=tr_plain(f"step_{step}"),
                    event=tr_plain(f"event_{event}"),
                    elements=", ".join(map(str, elements)),
                    explanation=tr_plain(f"event_{event}_why"),
                ),
                icon=":material/local_fire_department:",
            )


def _verdict(trace: core.SoftmaxTrace) -> None:
    comparison = analysis.compare_paths(trace)
    if comparison.broken:
        st.warning(
            tr("verdict_broken", broken=comparison.broken, total=comparison.total),
            icon=":material/warning:",
        )
    else:
        st.info(
            tr("verdict_same", difference=f"{comparison.max_difference:.3g}"),
            icon=":material/handshake:",
        )


def _csv(trace: core.SoftmaxTrace) -> pd.DataFrame:
    columns = {}
    for kind, steps in (("naive", trace.naive), ("stable", trace.stable)):
        for step in steps:
            if np.size(step.value) == np.size(trace.naive[0].value):
                columns[f"{kind}_{step.name}"] = np.ravel(step.value).astype(np.float64)
    return pd.DataFrame(columns)


def _tail() -> None:
    st.header(tr("tail_heading"))
    st.markdown(tr("tail_intro"))
    values = np.array(presets.TAIL_EXAMPLE)
    frame = pd.DataFrame(
        {
            "x": values,
            "log_softmax(x)": core.log_softmax(values),
            "log(softmax(x))": analysis.log_of_softmax(values),
        }
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
    with st.container(key="tail_table"):
        st.table(frame.map(tables.format_value))
    st.markdown(tr("tail_explanation"))


def _derivation() -> None:
    st.header(tr("derivation_heading"))
    st.markdown(tr("derivation_intro"))
    for route in ("constant", "divide", "expanded"):
        with st.expander(tr(f"route_{route}_title")):
            st.markdown(tr(f"route_{route}_text"))
            for line in DERIVATIONS[route]:
                _formula(line)


def _formula(tex: str) -> None:
    # A formula ending in a subscript (x_j) overhangs its box by 2 px and scrolls sideways; the
    # thin space keeps the glyph inside.
    st.latex(tex + r"\,")


# Every line fits a 390 px phone: a formula wider than its column scrolls sideways, and a
# scrolling formula is a region a keyboard cannot reach (axe: scrollable-region-focusable).
DERIVATIONS: dict[str, tuple[str, ...]] = {
    "constant": (
        r"y_k = \frac{e^{x_k}}{\sum_{j=1}^{K} e^{x_j}} = \frac{C\,e^{x_k}}{C\sum_{j=1}^{K} e^{x_j}}",
        r"C = e^{\ln C} > 0 \;\Rightarrow\; C\,e^{x_k} = e^{x_k + \ln C}",
        r"y_k = \frac{e^{x_k + \ln C}}{\sum_{j=1}^{K} e^{x_j + \ln C}}",
        r"\ln C = -m,\quad m = \max_j x_j",
        r"\Rightarrow\; y_k = \frac{e^{x_k - m}}{\sum_{j=1}^{K} e^{x_j - m}}",
    ),
    "divide": (
        r"y_k = \frac{e^{x_k}}{\sum_{j} e^{x_j}} \cdot \frac{e^{-m}}{e^{-m}}",
        r"= \frac{e^{x_k}\,e^{-m}}{\sum_{j} e^{x_j}\,e^{-m}}"
        r" = \frac{e^{x_k - m}}{\sum_{j} e^{x_j - m}}",
        r"x_j - m \le 0 \;\Rightarrow\; 0 < e^{x_j - m} \le 1",
        r"\Rightarrow\; 1 \le \sum_{j} e^{x_j - m} \le K",
    ),
    "expanded": (
        r"y_k = \frac{e^{x_k}}{e^{x_1} + \cdots + e^{x_K}}",
        r"= \frac{e^{m}\,e^{x_k - m}}{e^{m}\,e^{x_1 - m} + \cdots + e^{m}\,e^{x_K - m}}",
        r"= \frac{e^{x_k - m}}{e^{x_1 - m} + \cdots + e^{x_K - m}}",
    ),
}
