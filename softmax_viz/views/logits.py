"""Logits → probabilities: drag logits and the temperature, watch the distribution respond."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from softmax_viz import analysis, figures, parsing, presets, urlstate
from softmax_viz.components import live, live_logits
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

if TYPE_CHECKING:
    import pandas as pd

VIEW = "logits"
DEFAULT_TOP = 20


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    st.title(tr("logits_title"))
    st.markdown(tr("logits_intro"))
    common.show_link_problems(VIEW)
    _examples_and_labels()
    _workbench()
    _sigmoid_section()


def _logits() -> np.ndarray:
    return np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)


def _set_logits(values: np.ndarray) -> None:
    st.session_state[f"{VIEW}.x"] = tuple(float(v) for v in values)
    st.session_state["logits_text"] = parsing.format_vector(values)


def _on_text() -> None:
    parsed = parsing.parse_vector(st.session_state["logits_text"], allow_masked=True)
    common.accept_input(VIEW, parsed, _set_logits)


def _on_commit() -> None:
    """The learner let go of the live chart: check what it sent, then take it as the state."""
    payload = live_logits.committed()
    if not live.take_seq(VIEW, payload):
        return
    values = _logits()
    low, high = live_logits.handle_range(values)
    parsed = parsing.parse_live_commit(
        payload, count=values.size, low=low, high=high, temperatures=urlstate.TEMPERATURES
    )
    common.accept_input(VIEW, parsed, _apply_commit)


def _apply_commit(commit: parsing.LiveCommit) -> None:
    if commit.logits is not None:
        _set_logits(commit.logits)
    st.session_state[f"{VIEW}.T"] = commit.temperature


def _on_preset() -> None:
    name = st.session_state["logits_preset"]
    if name is not None:
        _set_logits(np.array(presets.LOGITS_PRESETS[name]))
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _on_labels() -> None:
    st.session_state[f"{VIEW}.labels"] = st.session_state["labels_text"]


def _labels(count: int) -> tuple[tuple[str, ...], parsing.Problem | None]:
    parsed = parsing.parse_labels(st.session_state[f"{VIEW}.labels"] or "", count)
    if parsed.ok:
        return parsed.value, None
    return parsing.parse_labels("", count).value, parsed.problem


def _examples_and_labels() -> None:
    # Outside the fragment: changing either reruns the whole page, which is rare, while every
    # element inside the fragment is sent and redrawn again on each commit of the chart.
    st.session_state.setdefault("labels_text", st.session_state[f"{VIEW}.labels"] or "")
    preset_column, labels_column = st.columns(2)
    with preset_column:
        common.preset_menu(presets.LOGITS_PRESETS, "logits_preset", _on_preset)
    labels_column.text_input(
        tr("labels_label"), key="labels_text", on_change=_on_labels, help=tr("labels_help")
    )


@st.fragment
def _workbench() -> None:
    values = _logits()
    temperature = st.session_state[f"{VIEW}.T"]
    st.session_state.setdefault("logits_text", parsing.format_vector(values))

    with st.container(border=True):
        st.text_area(
            tr("logits_text_label"),
            key="logits_text",
            on_change=_on_text,
            help=tr("logits_text_help", cap=parsing.MAX_VECTOR_VALUES),
            height=80,
        )
        common.show_input_problem(VIEW)

    # Checked here, where the count of logits typed into the box above is known.
    labels, label_problem = _labels(values.size)
    if label_problem is not None:
        st.warning(common.problem_text(label_problem) + " " + tr("labels_default_used"))

    top = DEFAULT_TOP
    if values.size > live_logits.MAX_DRAGGABLE:
        top = (
            st.segmented_control(
                tr("top_label", count=values.size),
                urlstate.TOP_N,
                default=DEFAULT_TOP,
                key="top",
                bind="query-params",
            )
            or DEFAULT_TOP
        )
    if not live_logits.draggable(values):
        st.caption(tr("live_fixed", cap=live_logits.MAX_DRAGGABLE))

    result = analysis.probabilities(values, float(temperature))
    live_logits.live_logits(
        live_logits.chart_data(
            values,
            result.probabilities,
            temperature=temperature,
            temperatures=urlstate.TEMPERATURES,
            labels=labels,
            top_n=top,
            seq=live.last_seq(VIEW),
            texts=_chart_texts(values, top),
        ),
        on_commit=_on_commit,
    )
    _summary(values, result, float(temperature))
    # Built only while open: the grid is the costliest element to redraw in the browser.
    details = st.expander(tr("table_expander"), key="table", bind="query-params")
    if details.open:
        with details:
            table = _table(values, labels, result)
            _show_table(table, result, top)
            common.csv_download(table, "softmax_logits.csv", key="logits_csv")

    # The sigmoid section below the fragment sets these; changing them reruns the whole page.
    sigmoid_on = bool(st.session_state.get("sig"))

    encoded = parsing.encode_vector(values)
    label_text = st.session_state[f"{VIEW}.labels"] or ""
    common.sync_custom_params(
        {"x": encoded, "labels": label_text, "T": temperature},
        {
            "x": parsing.encode_vector(np.array(presets.LOGITS_DEFAULT)),
            "labels": "",
            "T": urlstate.CUSTOM_DEFAULTS[VIEW]["T"],
        },
    )
    common.share_control(
        {
            "x": encoded,
            "labels": label_text,
            "T": temperature if temperature != urlstate.CUSTOM_DEFAULTS[VIEW]["T"] else "",
            "top": str(top) if values.size > live_logits.MAX_DRAGGABLE else "",
            "sig": "true" if sigmoid_on else "",
            "table": "true" if details.open else "",
            "z": _format_number(st.session_state.get("z", 0.0)) if sigmoid_on else "",
        }
    )


def _chart_texts(values: np.ndarray, top: int) -> dict[str, str]:
    """The chart's words in the page's language, as plain text (the chart puts in text nodes)."""
    return {
        "temperature": tr_plain("live_temperature"),
        "logit": tr_plain("live_logit"),
        "probability": tr_plain("live_probability"),
        "chart": tr_plain("live_chart"),
        "logits": tr_plain(
            "live_logits_title" if live_logits.draggable(values) else "live_logits_title_fixed"
        ),
        "probabilities": tr_plain("live_probabilities_title"),
        "rest": tr_plain("rest_label", count=max(values.size - top, 0)),
        "preview": tr_plain("live_preview"),
        "exact": tr_plain("live_exact"),
        "save_svg": tr_plain("live_save_svg"),
        "save_png": tr_plain("live_save_png"),
        "saved_logits": tr_plain("live_logits_title_fixed"),
    }


def _format_number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _summary(values: np.ndarray, result: analysis.Probabilities, temperature: float) -> None:
    # One Markdown table rather than three metrics in columns: every element in the fragment is
    # redrawn on each slider step, and this is one element where the metrics were seven.
    headers = (tr("sum_metric"), tr("entropy_metric"), tr("argmax_metric"))
    cells = (f"{result.total:.17g}", f"{result.entropy:.4f}", str(result.argmax + 1))
    st.markdown(
        f"| {' | '.join(headers)} |\n|---|---|---|\n| {' | '.join(cells)} |",
        help=tr("sum_help") + "\n\n" + tr("entropy_help", maximum=f"{result.max_entropy:.4f}"),
    )
    common.explain_numbers(result.total, result.entropy, int(np.count_nonzero(np.isfinite(values))))
    if temperature <= 0.1:
        st.info(tr("temperature_cold"), icon=":material/ac_unit:")
    elif temperature >= 10:
        st.info(tr("temperature_hot"), icon=":material/whatshot:")


def _table(values: np.ndarray, labels: tuple[str, ...], result: analysis.Probabilities) -> pd.DataFrame:
    # Imported here: pandas takes about 0.4 s to import, and the table is built only when opened.
    import pandas as pd

    argmax = np.zeros(values.size, dtype=bool)
    argmax[result.argmax] = True
    return pd.DataFrame(
        {
            tr_plain("col_class"): labels,
            "x": values,
            "x/T − max": result.shifted,
            "exp(x/T − max)": result.exp_shifted,
            tr_plain("col_probability"): result.probabilities,
            tr_plain("col_log_probability"): result.log_probabilities,
            tr_plain("col_argmax"): argmax,
        }
    )


def _show_table(table: pd.DataFrame, result: analysis.Probabilities, top: int) -> None:
    if len(table) > live_logits.MAX_DRAGGABLE:
        shown = table.iloc[analysis.top_classes(result.probabilities, top)]
        st.caption(tr("table_top_rows", shown=len(shown), count=len(table)))
    else:
        shown = table
    number = st.column_config.NumberColumn(format="%.6g")
    st.dataframe(
        shown,
        key="logits_table",
        hide_index=True,
        column_config={name: number for name in shown.columns[1:-1]},
    )


def _sigmoid_section() -> None:
    # Outside the fragment: the comparison does not depend on the logits, so a slider step
    # need not resend or redraw it.
    if st.toggle(tr("sigmoid_toggle"), key="sig", bind="query-params"):
        _sigmoid_panel()


def _sigmoid_panel() -> None:
    st.markdown(tr("sigmoid_intro"))
    z = st.slider(
        "z",
        min_value=urlstate.Z_RANGE[0],
        max_value=urlstate.Z_RANGE[1],
        value=0.0,
        step=0.1,
        key="z",
        bind="query-params",
    )
    comparison = analysis.sigmoid_comparison()
    at_z = analysis.sigmoid_comparison(z, z, 1)
    common.chart(
        figures.sigmoid_comparison_figure(
            comparison.z, comparison.softmax_first, comparison.sigmoid, current_z=z
        ),
        key="sigmoid_chart",
    )
    st.markdown(
        tr(
            "sigmoid_values",
            z=f"{z:g}",
            softmax=f"{at_z.softmax_first[0]:.17g}",
            sigmoid=f"{at_z.sigmoid[0]:.17g}",
        )
    )
