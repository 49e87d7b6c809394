import numpy as np
import pytest

from softmax_viz import core, figures

AXES = ("xaxis", "yaxis", "xaxis2", "yaxis2")


def logits_figure(labels=None, **kwargs):
    logits = np.array([2.0, 1.0, 0.5])
    return figures.logits_probabilities_figure(logits, core.softmax(logits), labels=labels, **kwargs)


def test_logits_figure_has_fixed_margins_so_plotly_does_not_redraw_to_fit_labels():
    layout = logits_figure().layout
    assert all(layout[name].automargin is False for name in AXES)
    assert all(layout[name].matches is None for name in AXES)
    assert layout.xaxis.type == layout.xaxis2.type == "category"
    # Plotly no longer measures the labels, so the margins must hold them: on the left the tick
    # labels and the title of the y axes, at the bottom a line of class labels and the x title.
    assert layout.margin.l >= 60 and layout.margin.b >= 40
    assert layout.height - layout.margin.t - layout.margin.b >= 300  # room left for the two panels


def test_long_labels_slant_and_the_figure_grows_to_fit_them():
    short, long = logits_figure(["a", "b", "c"]).layout, logits_figure(["a", "b", "x" * 40]).layout
    assert short.xaxis2.tickangle is None
    assert long.xaxis2.tickangle == -45
    assert long.margin.b - short.margin.b == long.height - short.height > 100


def test_both_panels_share_the_categories_and_mask_gets_no_bar():
    logits = np.array([1.0, -np.inf, 0.0])
    figure = figures.logits_probabilities_figure(logits, core.softmax(logits), labels=["<b>a</b>", "b", "c"])
    top, bottom = figure.data
    assert list(top.x) == list(bottom.x) == ["&lt;b&gt;a&lt;/b&gt;", "b", "c"]
    assert np.isnan(top.y[1]) and list(top.text) == ["", "−∞", ""]
    assert bottom.y[1] == 0.0


@pytest.mark.parametrize("top_n", [2, 5])
def test_top_n_keeps_the_most_probable_and_one_bar_for_the_rest(top_n):
    logits = np.arange(10.0)
    p = core.softmax(logits)
    figure = figures.logits_probabilities_figure(logits, p, top_n=top_n, rest_label="rest")
    bottom = figure.data[1]
    assert list(bottom.x) == [str(k) for k in range(10, 10 - top_n, -1)] + ["rest"]
    assert bottom.y[-1] == pytest.approx(p[: 10 - top_n].sum(), rel=1e-12)
