"""In the real page: the share box's QR code opens the same state, and the lesson walks its steps."""

from __future__ import annotations

import io
import time
from urllib.parse import parse_qsl

import numpy as np
import zxingcpp
from PIL import Image

from softmax_viz import core, lesson, parsing, urlstate
from tests.e2e.server import wait_for_app, wait_for_chart, wait_for_chart_change


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def scanned(png: bytes) -> list[str]:
    """What a QR reader finds in a screenshot."""
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_qr_code_in_the_share_box_scanned_from_the_screen_opens_the_same_state(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/gradient?x=3_1_0.2_-1&i=3&t=2")
    charts = {key: wait_for_chart(page, key) for key in ("jacobian_chart", "ce_chart")}
    page.locator(".st-key-share summary").click()
    image = page.locator(".st-key-share_qr img")
    image.wait_for()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
    link = page.locator(".st-key-share code").inner_text()

    (url,) = scanned(image.screenshot())
    assert url == link and "x=3_1_0.2_-1" in url and "lang=English" in url

    # A student's phone, whose browser prefers Japanese: the link fixes the language.
    student, student_problems = new_page(locale="ja-JP", viewport={"width": 390, "height": 844})
    open_view(student, url)
    for key, data in charts.items():
        assert wait_for_chart(student, key) == data
    assert student.locator(".st-key-gradient_text textarea").input_value() == "3, 1, 0.2, -1"
    assert student.locator(".st-key-i input").input_value() == "3"
    assert student.locator(".st-key-t input").input_value() == "2"
    assert student.locator("h1").first.inner_text() == "Gradient of softmax"
    assert problems.unexplained() == [] and student_problems.unexplained() == []


TEXT_BOXES = {"logits": "logits_text", "overflow": "overflow_text", "gradient": "gradient_text"}
CHARTS = {"overflow": "exp_chart", "gradient": "ce_chart", "batch": "batch_chart"}


def expected_chart(step: lesson.Step) -> np.ndarray:
    """The numbers the step's chart must show, from the core and the step's own parameters."""
    state, _ = urlstate.read_link(step.view, step.query)
    if step.view == "overflow":  # exp(x) of the shifted input, drawn as log10
        return (state["x"] + state["shift"]) * np.log10(np.e)
    if step.view == "gradient":
        return core.cross_entropy(state["x"], state["t"] - 1)[1]
    return core.softmax(state["m"], axis=None if state["axis"] == "None" else int(state["axis"]))


def shown_chart(page, step: lesson.Step) -> np.ndarray:
    data = wait_for_chart(page, CHARTS[step.view])
    if step.view == "batch":
        return np.array(data[0]["z"], dtype=float)
    return np.array(data[-1 if step.view == "gradient" else 0]["y"], dtype=float)


def shown_value(page, step: lesson.Step, name: str) -> str:
    """What the view shows for one parameter of the step, as it would appear in the link."""
    if name == "x":
        text = page.locator(f".st-key-{TEXT_BOXES[step.view]} textarea").input_value()
        return parsing.encode_vector(parsing.parse_vector(text).value) if text else ""
    if name == "m":
        text = page.locator(".st-key-batch_text textarea").input_value()
        return parsing.encode_matrix(parsing.parse_matrix(text).value) if text else ""
    if name == "labels":
        return page.locator(".st-key-labels_text input").input_value()
    if name == "T":  # the live chart's temperature slider
        shown = page.locator(".st-key-live_logits .temperature .slider-track").get_attribute("aria-valuenow")
        return f"{float(shown):g}"
    if name in ("temp", "shift"):
        shown = page.locator(f".st-key-{name} input[type=range]").get_attribute("aria-valuetext")
        return f"{float(shown):g}"
    if name == "axis":
        return page.locator(".st-key-axis [role=radio][aria-checked=true]").inner_text()
    return page.locator(f".st-key-{name} input").input_value()


def assert_shows(page, step: lesson.Step) -> None:
    """The view shows every parameter of the step, and its chart the numbers they give."""
    expected = {
        name: f"{float(value):g}" if name in ("T", "temp", "shift") else value
        for name, value in step.query.items()
    }
    deadline = time.monotonic() + 10  # the page may still be filling in the widgets it drew
    while (shown := {name: shown_value(page, step, name) for name in step.query}) != expected:
        assert time.monotonic() < deadline, (step.name, shown, expected)
        page.wait_for_timeout(100)
    if step.view in CHARTS:
        np.testing.assert_allclose(shown_chart(page, step), expected_chart(step), rtol=1e-12)
    if step.view == "logits":  # the live chart's meters: softmax(x / T) from the core
        state, _ = urlstate.read_link("logits", step.query)
        meters = page.locator(".st-key-live_logits [role=meter]")
        shown = meters.evaluate_all("ms => ms.map(m => Number(m.getAttribute('aria-valuenow')))")
        expected_p = core.softmax_temperature(state["x"], float(state["T"]))
        np.testing.assert_allclose(shown, expected_p, rtol=1e-12)


def wait_for_step(page, number: int, count: int) -> None:
    page.wait_for_function(
        "text => document.querySelector('.st-key-lesson_bar')?.innerText.includes(text)",
        arg=f"step {number} of {count}",
    )
    wait_for_app(page)


def test_the_lesson_walks_from_step_1_to_the_last_with_next_each_view_showing_its_state(base_url, new_page):
    steps = lesson.steps()
    page, problems = new_page()
    open_view(page, f"{base_url}/lesson")
    assert page.locator("h1").first.inner_text() == f"Softmax in {len(steps)} steps"
    page.get_by_role("link", name="Start with step 1").click()
    for number, step in enumerate(steps, start=1):
        wait_for_step(page, number, len(steps))
        path, query = page.url.removeprefix(base_url).split("?", 1)
        assert path in ({"/", "/logits"} if step.view == "logits" else {f"/{step.view}"})
        assert dict(parse_qsl(query))["lesson"] == str(number)  # the place is in the address bar
        assert_shows(page, step)
        if number < len(steps):
            page.get_by_role("button", name="Next step").click()
    assert page.get_by_role("button", name="Next step").count() == 0

    page.get_by_role("button", name="Previous step").click()  # back within one view: axis 0 → 1
    wait_for_step(page, len(steps) - 1, len(steps))
    assert_shows(page, steps[-2])
    assert problems.unexplained() == []


def test_plotlys_button_saves_a_chart_as_a_slide_sized_png(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/batch?m=1_1_5~1_2_9")
    wait_for_chart(page, "batch_chart")
    assert_saves_a_slide(page, "batch_chart")
    assert problems.unexplained() == []


def test_a_chart_a_slider_redraws_still_saves_after_the_step(base_url, new_page):
    page, problems = new_page()
    open_view(page, f"{base_url}/overflow")
    before = wait_for_chart(page, "exp_chart")
    page.locator(".st-key-shift input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    wait_for_chart_change(page, "exp_chart", before)
    wait_for_app(page)
    assert_saves_a_slide(page, "exp_chart")
    assert problems.unexplained() == []


def assert_saves_a_slide(page, key: str) -> None:
    buttons = page.locator(f".st-key-{key} .modebar-btn")
    assert buttons.count() == 1  # the image button alone
    with page.expect_download() as download:
        buttons.click()
    assert download.value.suggested_filename == f"softmax-viz-{key}.png"
    image = Image.open(download.value.path())
    assert image.format == "PNG" and image.size == (2560, 1440)
