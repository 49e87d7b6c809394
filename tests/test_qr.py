"""The share link's QR code: a decoder reads back the link, long links get a message instead."""

import base64
import io

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from softmax_viz import qr
from tests.apptest_helpers import run_view

# Version 40 at level L holds 2,953 bytes in byte mode (ISO/IEC 18004, table 7).
VERSION_40_L_BYTES = 2953


def decoded(png: bytes) -> list[str]:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize(
    "link",
    [
        "http://127.0.0.1:8501/gradient?x=2_1_0.5&t=2&lang=English",
        "https://softmax.example/overflow?x=705_706_707&dtype=float32&lang=%E6%97%A5%E6%9C%AC%E8%AA%9E",
        "https://softmax.example/logits?x=" + "_".join(f"{k % 97 - 48}.{k % 7}" for k in range(480)),
    ],
    ids=["short", "japanese-language", "480-logits"],
)
def test_a_decoder_reads_the_link_back_from_the_png(link):
    code = qr.encode(link)
    assert code is not None
    assert decoded(qr.png(code)) == [link]


def test_the_longest_link_a_qr_code_holds_gets_version_40_and_one_byte_more_gets_none():
    longest = "https://softmax.example/?" + "x" * (VERSION_40_L_BYTES - 25)
    assert len(longest) == VERSION_40_L_BYTES
    assert qr.encode(longest).version == 40
    assert qr.encode(longest + "x") is None


def test_a_link_of_few_characters_but_too_many_bytes_gets_no_code():
    # 1,000 characters, 3,000 bytes in UTF-8: too long though the character count fits.
    assert qr.encode("日本語" * 333 + "x") is None


# The most bytes versions 1, 10, 25 and 40 hold at level L (ISO/IEC 18004, table 7).
@pytest.mark.parametrize(("version", "capacity"), [(1, 17), (10, 271), (25, 1273), (40, 2953)])
def test_every_code_is_shown_at_least_320_px_wide_and_4_px_per_module(version, capacity):
    code = qr.encode("x" * capacity)
    assert code.version == version
    width = qr.display_width(code)
    assert width >= 320
    assert width / qr.side_modules(code) >= 4


def test_the_png_is_slide_sized_with_square_whole_pixel_modules_and_a_quiet_zone():
    code = qr.encode("http://127.0.0.1:8501/batch?m=1_1_5~1_2_9&axis=0")
    image = np.asarray(Image.open(io.BytesIO(qr.png(code))).convert("L"))
    side = qr.side_modules(code)
    assert image.shape[0] == image.shape[1] >= 1200
    assert image.shape[0] % side == 0
    border = image.shape[0] // side * qr.QUIET_ZONE
    assert (image[:border] == 255).all() and (image[:, -border:] == 255).all()
    assert (image[border, border : border + 7 * image.shape[0] // side] == 0).all()  # a finder pattern


def test_the_svg_is_a_standalone_document_with_a_white_background():
    text = qr.svg(qr.encode("https://softmax.example/"), title="link")
    assert text.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in text
    assert 'fill="#fff"' in text and "<title>link</title>" in text


def shown_images(at) -> list[str]:
    return [image.url for element in at.get("image") for image in element.proto.imgs]


def test_the_open_share_box_shows_the_code_with_a_text_alternative_and_two_downloads():
    at = run_view("gradient", query={"x": "3_1_0.2"})
    at.session_state["share"] = True
    at.run()
    (url,) = shown_images(at)
    svg = base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg == qr.svg(qr.encode(at.code[0].value))
    labels = [button.proto.label for button in at.get("download_button")]
    assert "QR code (SVG)" in labels and "QR code (PNG)" in labels


def test_a_link_too_long_for_any_qr_code_says_so_instead():
    at = run_view("logits")
    at.selectbox(key="logits_preset").set_value("vocabulary").run()
    at.session_state["share"] = True
    at.run()
    assert not shown_images(at)
    (message,) = [info.value for info in at.info if "QR code" in info.value]
    length = len(at.code[0].value.encode())
    assert f"{length:,}" in message and "2,953" in message
