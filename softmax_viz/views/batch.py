"""Batch and axis: softmax of a matrix along rows, columns or everything, checked against scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import analysis, core, explain, figures, parsing, presets, urlstate
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "batch"
DEFAULT_AXIS = "1"


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    st.title(tr("batch_title"))
    st.markdown(tr("batch_intro"))
    common.show_link_problems(VIEW)
    _workbench()


def _matrix() -> np.ndarray:
    return np.array(st.session_state[f"{VIEW}.m"], dtype=np.float64)


def _set_matrix(matrix: np.ndarray, *, reset_grid: bool = True) -> None:
    st.session_state[f"{VIEW}.m"] = tuple(tuple(float(v) for v in row) for row in matrix)
    st.session_state["batch_text"] = parsing.format_matrix(matrix)
    if reset_grid:
        # The grid keeps its own edits relative to the data it was given; new data starts clean.
        st.session_state.pop("batch_grid", None)


def _on_text() -> None:
    common.accept_input(VIEW, parsing.parse_matrix(st.session_state["batch_text"]), _set_matrix)


def _on_preset() -> None:
    name = st.session_state["batch_preset"]
    if name is not None:
        _set_matrix(np.array(presets.BATCH_PRESETS[name]))
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _on_grid() -> None:
    """Apply the grid's edits; an emptied cell is named and the last good matrix kept."""
    matrix = _matrix()
    edited = matrix.copy()
    for row, changes in st.session_state["batch_grid"]["edited_rows"].items():
        for column, value in changes.items():
            edited[int(row), int(column) - 1] = np.nan if value is None else float(value)
    empty = np.argwhere(~np.isfinite(edited))
    if empty.size:
        row, column = empty[0]
        st.session_state[f"{VIEW}.input_problem"] = parsing.Problem(
            "input_empty_cell", {"row": int(row) + 1, "column": int(column) + 1}
        )
        return
    st.session_state.pop(f"{VIEW}.input_problem", None)
    _set_matrix(edited, reset_grid=False)


@st.fragment
def _workbench() -> None:
    matrix = _matrix()
    st.session_state.setdefault("batch_text", parsing.format_matrix(matrix))
    with st.container(border=True):
        common.preset_menu(presets.BATCH_PRESETS, "batch_preset", _on_preset)
        st.data_editor(
            pd.DataFrame(matrix, columns=[str(k) for k in range(1, matrix.shape[1] + 1)]),
            key="batch_grid",
            on_change=_on_grid,
            hide_index=True,
            column_config={
                str(k): st.column_config.NumberColumn(required=True, format="%g")
                for k in range(1, matrix.shape[1] + 1)
            },
        )
        st.text_area(
            tr("batch_text_label"),
            key="batch_text",
            on_change=_on_text,
            help=tr("batch_text_help", rows=parsing.MAX_MATRIX_ROWS, columns=parsing.MAX_MATRIX_COLS),
            height=100,
        )
        common.show_input_problem(VIEW)

    axis_choice = (
        st.segmented_control(
            tr("axis_label"),
            urlstate.AXES,
            default=DEFAULT_AXIS,
            key="axis",
            bind="query-params",
            help=tr("axis_help"),
        )
        or DEFAULT_AXIS
    )
    axis = None if axis_choice == "None" else int(axis_choice)
    st.markdown(tr(f"axis_{axis_choice}_explained"))

    result = core.softmax(matrix, axis=axis)
    common.chart(
        figures.batch_heatmap(
            result,
            row_sums=result.sum(axis=1),
            col_sums=result.sum(axis=0),
            row_sum_title=tr_plain("row_sum"),
            col_sum_title=tr_plain("column_sum"),
        ),
        key="batch_chart",
        alt=tr_plain("batch_chart_alt", axis=axis_choice),
    )
    st.caption(
        tr(
            "batch_sums",
            rows=explain.number_list(result.sum(axis=1)),
            columns=explain.number_list(result.sum(axis=0)),
        )
    )
    agreement = analysis.scipy_agreement(matrix, result, axis)
    with st.container(key="scipy_check"):
        st.markdown(
            tr(
                "scipy_agreement",
                axis=axis_choice,
                absolute=f"{agreement.max_abs_difference:.3g}",
                ulp=f"{agreement.max_ulp_difference:.3g}",
            )
        )

    encoded = parsing.encode_matrix(matrix)
    common.sync_custom_params({"m": encoded}, {"m": parsing.encode_matrix(np.array(presets.BATCH_DEFAULT))})
    common.share_control({"m": encoded, "axis": axis_choice if axis_choice != DEFAULT_AXIS else ""})
    frame = pd.DataFrame(result, columns=[f"softmax_{k}" for k in range(1, matrix.shape[1] + 1)])
    common.csv_download(frame, f"softmax_batch_axis_{axis_choice}.csv", key="batch_csv")
