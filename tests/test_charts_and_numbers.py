"""Charts to keep and to read without a chart: the PNG button on every plotly chart, a text
alternative with the key numbers, marks that are not colour alone; and the numbers of the logits
summary explained."""

import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from softmax_viz import core, explain, figures
from softmax_viz.i18n import escape_markdown, t_plain
from tests.apptest_helpers import live_chart, run_view, texts

# Every plotly chart of every view, with what its view needs in the link to draw it.
CHARTS = {
    "logits": ({"sig": "true"}, ("sigmoid_chart",)),
    "overflow": (None, ()),  # its exp chart is the live lab's (tests/e2e/test_live_overflow.py)
    "gradient": (None, ()),  # the live gradient chart saves itself (tests/e2e/test_live_gradient.py)
    "batch": (None, ("batch_chart",)),
    "sampling": (None, ()),  # its draws are drawn as SVG and saved by their own buttons
}


def chart_elements(at) -> dict[str, object]:
    return {element.proto.id.rsplit("-", 1)[-1]: element.proto for element in at.get("plotly_chart")}


@pytest.mark.parametrize("view", list(CHARTS))
def test_every_chart_keeps_one_button_that_saves_a_slide_sized_png(view):
    query, keys = CHARTS[view]
    charts = chart_elements(run_view(view, query=query))
    assert set(charts) == set(keys)
    for key, proto in charts.items():
        config = json.loads(proto.config)
        assert config["displayModeBar"] is True and config["modeBarButtons"] == [["toImage"]]
        image = config["toImageButtonOptions"]
        assert image["format"] == "png" and image["filename"] == f"softmax-viz-{key}"
        assert image["width"] * 9 == image["height"] * 16  # a 16:9 slide
        assert image["width"] * image["scale"] >= 1920  # sharp on a full-HD projector


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("view", ["batch"])
def test_every_chart_has_an_accessible_name(view, lang):
    charts = chart_elements(run_view(view, lang=lang))
    assert charts and all(proto.alt.strip() for proto in charts.values())


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_overflow_labs_chart_has_an_accessible_name(lang):
    texts_ = live_chart(run_view("overflow", lang=lang, query={"dtype": "float32"}), "live_overflow")["texts"]
    assert texts_["chart"] == t_plain("exp_chart_alt", lang, dtype="float32")


def test_the_gradient_view_states_the_jacobians_diagonal_and_the_gradient_in_numbers():
    at = run_view("gradient", query={"x": "2_1_0.5", "t": "2"})
    y = core.softmax(np.array([2.0, 1.0, 0.5]))
    page = texts(at)
    assert escape_markdown(explain.number_list(y * (1 - y))) in page
    assert escape_markdown(explain.number_list(y - np.eye(3)[1])) in page


def test_the_batch_view_states_its_row_and_column_sums():
    at = run_view("batch", query={"m": "1_1_5~1_2_9", "axis": "0"})
    assert "Column sums: 1, 1, 1." in texts(at)


def test_the_overflow_view_states_how_many_values_pass_the_limit():
    page = texts(run_view("overflow"))  # 705 … 714: exp overflows past ln(max double) ≈ 709.78
    assert "5 of the 10 values lie above it" in page
    assert escape_markdown("10^306.18") in page and escape_markdown("10^308.25") in page


# The doubles next to 1, from numpy's nextafter rather than our own arithmetic.
BELOW = [float(np.nextafter(1.0, 0.0))]
ABOVE = [float(np.nextafter(1.0, 2.0))]
for _ in range(2):
    BELOW.append(float(np.nextafter(BELOW[-1], 0.0)))
    ABOVE.append(float(np.nextafter(ABOVE[-1], 2.0)))


@pytest.mark.parametrize(("total", "key", "steps"), [
    (BELOW[0], "sum_one_step_below", None), (BELOW[2], "sum_steps_below", 3),
    (ABOVE[0], "sum_one_step_above", None), (ABOVE[2], "sum_steps_above", 3),
    (1.0, "sum_exactly_one", None),
])  # fmt: skip
def test_a_sum_next_to_1_is_counted_in_steps_between_doubles(total, key, steps):
    note, params = explain.sum_note(total)
    assert note == key and params.get("steps") == steps


def test_the_largest_double_below_1_is_1_minus_2_to_the_minus_53():
    assert Fraction(BELOW[0]) == 1 - Fraction(1, 2**53)
    assert f"{BELOW[0]:.17g}" == "0.99999999999999989"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_logits_summary_says_its_sum_is_1_minus_2_to_the_minus_53_and_the_entropys_maximum(lang):
    at = run_view("logits", lang=lang, query={"x": "2_1_0.5"})  # its float64 sum is one step short
    captions = " ".join(caption.value for caption in at.caption)
    assert escape_markdown("0.99999999999999989") in captions and "1 − 2⁻⁵³" in captions
    assert escape_markdown(f"ln 3 = {float(mpmath.log(3)):.4f}") in captions


# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of colour
# vision deficiency", severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868],
                   [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968],
                     [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779],
                   [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def seen_as_lab(colour: str, deficiency: list[list[float]]) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour as the deficiency shows it."""
    srgb = np.array([int(colour[k : k + 2], 16) for k in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    xyz_matrix = [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    xyz = np.array(xyz_matrix) @ np.clip(np.array(deficiency) @ linear, 0, 1) / [0.95047, 1.0, 1.08883]
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
@pytest.mark.parametrize(
    ("one", "other"), [(figures.BAR, figures.HIGHLIGHT), (figures.BAR, figures.REFERENCE)]
)
def test_colours_drawn_side_by_side_stay_apart_under_colour_vision_deficiencies(one, other, deficiency):
    matrix = DEFICIENCIES[deficiency]
    # ΔE*ab above 30: far more than a glance needs (2.3 is a just-noticeable difference).
    assert np.linalg.norm(seen_as_lab(one, matrix) - seen_as_lab(other, matrix)) > 30
