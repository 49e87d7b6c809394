"""Overflow lab: the textbook formula beside the max-shifted one, step by step, in three dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import analysis, core, explain, parsing, presets, tables, urlstate
from softmax_viz.components import live, live_overflow
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
    dtype_name = _inputs()
    _lab(dtype_name)
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
        st.session_state[f"{VIEW}.shift"] = 0.0
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _on_commit() -> None:
    """The learner let go of the shift: check what the lab sent, then take it as the state."""
    payload = live_overflow.committed()
    if not live.take_seq(VIEW, payload):
        return
    low, high = urlstate.SHIFT_RANGE
    parsed = parsing.parse_live_shift(payload, low=low, high=high)
    common.accept_input(VIEW, parsed, _apply_commit)


def _apply_commit(commit: parsing.LiveShift) -> None:
    st.session_state[f"{VIEW}.shift"] = commit.shift


def _shift_param(shift: float) -> str:
    return parsing.encode_number(shift) if shift else ""


def _inputs() -> str:
    """The examples, the vector and the dtype; returns the dtype's name.

    Outside the lab's fragment: changing them reruns the whole page, which is rare, while every
    element inside the fragment is sent and redrawn again on each commit of the shift.
    """
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
        dtype_name = st.selectbox(
            tr("dtype_label"), urlstate.DTYPES, index=2, key="dtype", bind="query-params"
        )
    thresholds = core.exp_thresholds(np.dtype(dtype_name))
    st.markdown(
        tr(
            "thresholds",
            dtype=dtype_name,
            overflow=f"{thresholds.overflow:.6g}",
            normal=f"{thresholds.underflow_normal:.6g}",
            subnormal=f"{thresholds.underflow_subnormal:.6g}",
        )
    )
    return dtype_name


@st.fragment
def _lab(dtype_name: str) -> None:
    values = np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)
    shift = float(st.session_state[f"{VIEW}.shift"])
    # Here, so that a refused commit of the shift is named by the fragment's own rerun.
    common.show_input_problem(VIEW)
    shifted_input = values + shift
    thresholds = core.exp_thresholds(np.dtype(dtype_name))
    trace = core.trace_softmax(shifted_input, np.dtype(dtype_name))
    live_overflow.live_overflow(
        live_overflow.lab_data(
            values,
            shift=shift,
            shift_range=urlstate.SHIFT_RANGE,
            trace=trace,
            seq=live.last_seq(VIEW),
            texts=_lab_texts(dtype_name),
        ),
        on_commit=_on_commit,
    )
    key, params = explain.exp_chart_note(shifted_input, thresholds.overflow, dtype_name)
    st.caption(tr(key, **params))
    _verdict(trace)

    common.sync_custom_params(
        {"x": parsing.encode_vector(values), "shift": _shift_param(shift)},
        {"x": parsing.encode_vector(np.array(presets.OVERFLOW_DEFAULT)), "shift": ""},
    )
    common.share_control(
        {
            "x": parsing.encode_vector(values),
            "dtype": dtype_name if dtype_name != DEFAULT_DTYPE else "",
            "shift": _shift_param(shift),
        }
    )
    common.csv_download(_csv(trace), f"softmax_overflow_{dtype_name}.csv", key="overflow_csv")


def _lab_texts(dtype_name: str) -> dict[str, str]:
    """The lab's words in the page's language, as plain text (the lab puts in text nodes)."""
    names = ("input", "max", "shifted", "exp", "sum", "quotient")
    events = ("overflow", "underflow", "invalid", "divide")
    return {
        "shift": tr_plain("live_shift"),
        "chart": tr_plain("exp_chart_alt", dtype=dtype_name),
        "chart_title": tr_plain("exp_chart_title", dtype=dtype_name),
        "element": tr_plain("element_axis"),
        "limit": tr_plain("live_limit", dtype=dtype_name),
        "normal": tr_plain("live_normal_limit"),
        "naive": tr_plain("naive_heading"),
        "stable": tr_plain("stable_heading"),
        "naive_formula": "y = exp(x) / Σ exp(x)",
        "stable_formula": "y = exp(x − m) / Σ exp(x − m),  m = max x",
        "x": "x",
        "shifted": "x − max",
        "exp": tr_plain("col_exp"),
        "y": tr_plain("col_quotient"),
        "max": tr_plain("scalar_max", value="{value}"),
        "sum": tr_plain("scalar_sum", value="{value}"),
        # Templates the lab fills in as it paints.
        "event_at": tr_plain("live_event_at", step="{step}", event="{event}", elements="{elements}"),
        "no_events": tr_plain("no_events"),
        "preview": tr_plain("live_overflow_preview", dtype=dtype_name),
        "exact": tr_plain("live_overflow_exact", dtype=dtype_name),
        "save_svg": tr_plain("live_save_svg"),
        "save_png": tr_plain("live_save_png"),
        **{f"step_{name}": tr_plain(f"step_{name}") for name in names},
        **{f"event_{name}": tr_plain(f"event_{name}") for name in events},
    }


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
