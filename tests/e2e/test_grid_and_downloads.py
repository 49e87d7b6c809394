"""The batch grid edited in the page, and every view's CSV download, checked against mpmath."""

from __future__ import annotations

import io

import mpmath
import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.e2e.server import chart_data, wait_for_app, wait_for_chart, wait_for_chart_change

ROW_HEIGHT = 35  # glide-data-grid's rows and header, in CSS pixels, as Streamlit draws them


def exact_softmax(values) -> list[float]:
    with mpmath.workdps(40):
        terms = [mpmath.exp(mpmath.mpf(float(v))) for v in values]
        return [float(term / mpmath.fsum(terms)) for term in terms]


def open_view(page, base_url: str, path: str, chart: str) -> list[dict]:
    page.goto(base_url + path)
    wait_for_app(page)
    return wait_for_chart(page, chart)


# --- the batch grid --------------------------------------------------------------------------------


def type_into_cell(page, row: int, column: int, was: str, text: str, columns: int = 2) -> None:
    """Open cell (row, column), 1-based, of the batch grid, which shows ``was``; replace its text
    with ``text``; press Enter."""
    grid = page.locator(".st-key-batch_grid [data-testid=stDataFrameResizable]").bounding_box()
    x = grid["x"] + (column - 0.5) * grid["width"] / columns
    y = grid["y"] + ROW_HEIGHT * (row + 0.5)
    page.mouse.dblclick(x, y)
    editor = page.locator(".gdg-input")
    expect(editor).to_have_value(was)
    # Key by key, as a person types, after a pause as a person makes: typed at once, the grid
    # dropped 2 of 8 edits, and a field emptied in one step was sometimes kept unchanged.
    page.wait_for_timeout(300)
    editor.press("End")
    for _ in was:
        editor.press("Backspace")
    editor.press_sequentially(text)
    expect(editor).to_have_value(text)
    editor.press("Enter")


def test_editing_a_grid_cell_recomputes_the_softmax_and_the_link(base_url, new_page):
    page, problems = new_page()
    before = open_view(page, base_url, "/batch?m=1_2~3_5", "batch_chart")
    type_into_cell(page, 1, 2, was="2", text="4")
    after = wait_for_chart_change(page, "batch_chart", before)
    np.testing.assert_allclose(after[0]["z"], [exact_softmax([1, 4]), exact_softmax([3, 5])], rtol=1e-15)
    wait_for_app(page)
    assert page.locator(".st-key-batch_text textarea").input_value() == "1, 4\n3, 5"
    assert "m=1_4~3_5" in page.url
    assert problems.unexplained() == []


# Counts the runs that finish from now on, by the app's script state going back to notRunning.
COUNT_FINISHED_RUNS = """() => {
    window.__finishedRuns = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {
        if (app.dataset.testScriptState === 'notRunning') window.__finishedRuns += 1;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def record_rerun_requests(page) -> list[BackMsg]:
    """Every rerun request the page sends from now on (call before the page connects)."""
    requests = []

    def keep(frame) -> None:
        message = BackMsg.FromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        if message.WhichOneof("type") == "rerun_script":
            requests.append(message)

    page.on("websocket", lambda socket: socket.on("framesent", keep))
    return requests


def test_a_cleared_grid_cell_is_refused_and_keeps_its_number(base_url, new_page):
    """Every column is required, so the grid keeps the number of a cleared cell; if it asks for a
    rerun, that run changes nothing."""
    page, problems = new_page()
    requests = record_rerun_requests(page)
    before = open_view(page, base_url, "/batch?m=1_2~3_5", "batch_chart")
    page.evaluate(COUNT_FINISHED_RUNS)
    sent_before = len(requests)
    type_into_cell(page, 2, 1, was="3", text="")
    page.wait_for_timeout(1000)  # the grid sends a committed edit at once
    if len(requests) > sent_before:
        page.wait_for_function("() => window.__finishedRuns > 0")
    assert chart_data(page, "batch_chart") == before
    assert page.locator(".st-key-batch_text textarea").input_value() == "1, 2\n3, 5"
    assert "m=1_2~3_5" in page.url
    assert page.locator('[data-testid="stAlertContentError"], [data-testid="stException"]').count() == 0
    assert problems.unexplained() == []


# --- CSV downloads ----------------------------------------------------------------------------------


def download_csv(page, key: str) -> tuple[str, pd.DataFrame]:
    with page.expect_download() as download:
        page.locator(f".st-key-{key} button").click()
    content = download.value.path().read_bytes()
    return download.value.suggested_filename, pd.read_csv(io.BytesIO(content))


def test_the_logits_csv_has_every_column_of_the_table(base_url, new_page):
    page, _ = new_page()
    page.goto(base_url + "/?x=1_2_5&T=0.5&table=true")
    wait_for_app(page)
    page.wait_for_selector(".st-key-live_logits [role=meter]")
    name, frame = download_csv(page, "logits_csv")
    assert name == "softmax_logits.csv"
    assert list(frame.columns) == [
        "class", "x", "x/T − max", "exp(x/T − max)", "probability", "log-probability", "argmax"
    ]  # fmt: skip
    assert frame["class"].tolist() == [1, 2, 3] and frame["x"].tolist() == [1, 2, 5]
    assert frame["x/T − max"].tolist() == [-8.0, -6.0, 0.0]  # x / 0.5 − 10, exact
    with mpmath.workdps(40):
        exps = [float(mpmath.exp(v)) for v in (-8, -6, 0)]
        logs = [float(v - mpmath.log(mpmath.fsum(mpmath.exp(w) for w in (2, 4, 10)))) for v in (2, 4, 10)]
    np.testing.assert_allclose(frame["exp(x/T − max)"], exps, rtol=1e-15)
    np.testing.assert_allclose(frame["probability"], exact_softmax([2, 4, 10]), rtol=1e-15)
    np.testing.assert_allclose(frame["log-probability"], logs, rtol=1e-15)
    assert frame["argmax"].tolist() == [False, False, True]


def test_the_sampling_csv_names_the_stage_that_removed_each_token(base_url, new_page):
    page, _ = new_page()
    page.goto(base_url + "/sampling?x=3_2_-inf_1&k=2")
    wait_for_app(page)
    name, frame = download_csv(page, "sampling_csv")
    assert name == "softmax_sampling.csv"
    assert frame["token"].astype(str).tolist() == ["1", "2", "3", "4"]
    assert frame["removed_at"].fillna("").tolist() == ["", "", "input", "top_k"]
    np.testing.assert_allclose(
        frame["p_after_min_p"], [0.7310585786300049, 0.2689414213699951, 0, 0], rtol=1e-15
    )


def test_the_overflow_csv_has_both_paths_step_by_step(base_url, new_page):
    page, _ = new_page()
    page.goto(base_url + "/overflow")  # 705 … 714 in float64
    wait_for_app(page)
    page.wait_for_selector(".st-key-live_overflow td[data-column=naive_y]")
    name, frame = download_csv(page, "overflow_csv")
    assert name == "softmax_overflow_float64.csv"
    assert list(frame.columns) == [
        "naive_input", "naive_exp", "naive_quotient",
        "stable_input", "stable_shifted", "stable_exp", "stable_quotient",
    ]  # fmt: skip
    x = np.arange(705.0, 715.0)
    assert frame["naive_input"].tolist() == frame["stable_input"].tolist() == x.tolist()
    with mpmath.workdps(40):
        exps = [float(mpmath.exp(v)) for v in range(705, 710)]
    np.testing.assert_allclose(frame["naive_exp"][:5], exps, rtol=1e-15)
    assert np.isposinf(frame["naive_exp"][5:]).all()
    assert frame["naive_quotient"][:5].tolist() == [0.0] * 5 and frame["naive_quotient"][5:].isna().all()
    assert frame["stable_shifted"].tolist() == (x - 714).tolist()
    np.testing.assert_allclose(frame["stable_quotient"], exact_softmax(x), rtol=1e-15)


def test_the_gradient_csv_has_the_jacobian_and_the_loss_gradient(base_url, new_page):
    page, _ = new_page()
    page.goto(base_url + "/gradient?x=1_2_5&t=2")
    wait_for_app(page)
    page.locator(".st-key-live_gradient [role=meter]").first.wait_for()
    name, frame = download_csv(page, "gradient_csv")
    assert name == "softmax_jacobian.csv"
    assert list(frame.columns) == ["y", "cross_entropy_grad", "dy/dx1", "dy/dx2", "dy/dx3"]
    y = np.array(exact_softmax([1, 2, 5]))
    np.testing.assert_allclose(frame["y"], y, rtol=1e-15)
    np.testing.assert_allclose(frame["cross_entropy_grad"], y - [0, 1, 0], rtol=1e-15)
    jacobian = np.diag(y) - np.outer(y, y)
    np.testing.assert_allclose(frame.iloc[:, 2:].to_numpy(), jacobian, rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize("axis", ["None", "0", "1"])
def test_the_batch_csv_is_the_softmax_along_the_axis(axis, base_url, new_page):
    page, _ = new_page()
    open_view(page, base_url, f"/batch?m=1_2~3_5&axis={axis}", "batch_chart")
    name, frame = download_csv(page, "batch_csv")
    assert name == f"softmax_batch_axis_{axis}.csv"
    assert list(frame.columns) == ["softmax_1", "softmax_2"]
    matrix = np.array([[1.0, 2.0], [3.0, 5.0]])
    if axis == "None":
        expected = np.reshape(exact_softmax(matrix.ravel()), (2, 2))
    elif axis == "0":
        expected = np.transpose([exact_softmax(column) for column in matrix.T])
    else:
        expected = [exact_softmax(row) for row in matrix]
    np.testing.assert_allclose(frame.to_numpy(), expected, rtol=1e-15)
