"""In the real page: the share box's QR code opens the same state, and the lesson walks its steps."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image

from tests.e2e.server import wait_for_app, wait_for_chart

SCREENSHOTS = "/tmp"


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
