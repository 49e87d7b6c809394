"""The share link as a QR code, to scan from a projected slide: SVG to show and keep, PNG for slides.

Pure Python (segno). A QR code holds at most 2,953 bytes (version 40, error correction level L);
a longer link, such as one carrying thousands of logits, gets no code and the view says so.
"""

from __future__ import annotations

import io
import math

import segno

MAX_LINK_BYTES = 2953  # version 40 at level L in byte mode: the most any QR code holds
QUIET_ZONE = 4  # modules of light border the standard requires for a reader to find the code
MIN_WIDTH = 320  # px on screen: about 75 cm wide on a 3 m projection of a 1,280 px page
PX_PER_MODULE = 4  # on screen, for codes large enough that MIN_WIDTH would make modules smaller
PNG_MIN_PX = 1200  # a downloaded PNG stays sharp when stretched across a slide


def encode(link: str) -> segno.QRCode | None:
    """The smallest QR code holding ``link``, or None when no QR code can hold it.

    Level L picks the smallest version, whose modules are the largest and easiest to read from
    the back of a room; segno then raises the error correction as far as that version allows.

    Examples
    --------
    A 52-byte link needs version 3 (53 bytes at level L, 42 at M):

    >>> code = encode("https://example.org/gradient?x=2_1_0.5&lang=English")
    >>> code.version, code.error
    (3, 'L')
    >>> encode("x" * (MAX_LINK_BYTES + 1)) is None
    True
    """
    # Checked before segno, which takes about 40 ms to find that 54,000 characters do not fit.
    if len(link.encode("utf-8")) > MAX_LINK_BYTES:
        return None
    try:
        return segno.make_qr(link, error="l", boost_error=True)
    except segno.DataOverflowError:
        return None


def side_modules(code: segno.QRCode) -> int:
    """Modules across the whole image, quiet zone included: 21 + 4 (version − 1) + 2 · 4.

    >>> side_modules(segno.make_qr("softmax", version=1))
    29
    """
    return code.symbol_size(border=QUIET_ZONE)[0]


def display_width(code: segno.QRCode) -> int:
    """Width on screen in px: MIN_WIDTH, or PX_PER_MODULE per module for the larger codes.

    >>> [display_width(segno.make_qr("softmax", version=v)) for v in (1, 40)]
    [320, 740]
    """
    return max(MIN_WIDTH, PX_PER_MODULE * side_modules(code))


def svg(code: segno.QRCode, title: str = "") -> str:
    """A standalone SVG document, dark modules on white, eight units per module."""
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=8, border=QUIET_ZONE, dark="#000", light="#fff", title=title or None)
    return buffer.getvalue().decode("utf-8")


def png(code: segno.QRCode) -> bytes:
    """A PNG at least PNG_MIN_PX wide, in whole pixels per module so every module stays square."""
    buffer = io.BytesIO()
    scale = math.ceil(PNG_MIN_PX / side_modules(code))
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
    return buffer.getvalue()
