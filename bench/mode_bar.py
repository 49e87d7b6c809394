"""What a mode bar costs a plotly chart that a slider redraws, in one run.

Run: python bench/mode_bar.py [--presses 60]

Three pages of ``bench/mode_bar_app.py`` stay open, each with the logits view's sigmoid chart
behind its z slider: without a mode bar, with ``common.chart``'s one-button save bar, and with
plotly's full mode bar (zoom, pan, select, autoscale, reset, image). Each round presses the
slider once on each page, in a seeded shuffled order: key press → the rerun finished and the
chart's marker moved. Only the ratios of the medians are compared.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e import server  # noqa: E402

APP = ROOT / "bench" / "mode_bar_app.py"
PLOT = ".st-key-chart .js-plotly-plot"

# What a step changes: the position of the chart's marker.
READ_MARKER = """() => { const p = document.querySelector(".st-key-chart .js-plotly-plot");
    return p && p.layout ? p.layout.shapes[0].x0 : null; }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args()
    results: dict[str, list[float]] = {"no mode bar": [], "save bar": [], "full mode bar": []}
    with sync_playwright() as playwright, server.streamlit_server(APP) as url:
        browser = server.launch(playwright)
        pages = {}
        for name, query in (("no mode bar", "?bar=none"), ("save bar", ""), ("full mode bar", "?bar=full")):
            pages[name] = browser.new_page(viewport={"width": 1280, "height": 1000})
            pages[name].goto(url + "/" + query)
            server.wait_for_app(pages[name])
            pages[name].wait_for_selector(PLOT)
        buttons = {name: page.locator(".st-key-chart .modebar-btn").count() for name, page in pages.items()}
        assert buttons["no mode bar"] == 0 and buttons["save bar"] == 1, buttons
        assert buttons["full mode bar"] > 1, buttons
        order = random.Random(0)
        for round_ in range(-1, args.presses):
            key = "ArrowRight" if round_ % 2 == 0 else "ArrowLeft"
            for name in order.sample(list(pages), len(pages)):
                value = server.rerun_step(pages[name], ".st-key-z input[type=range]", key, READ_MARKER)
                if round_ >= 0:  # round −1 warms both pages up
                    results[name].append(value)
        browser.close()

    print(f"{'case':<14}{'p50':>10}{'p95':>10}  (n)")
    for name, values in results.items():
        median, p95 = statistics.median(values), np.percentile(values, 95)
        print(f"{name:<14}{median:>7.1f} ms{p95:>7.1f} ms  ({len(values)})")
    reference = statistics.median(results["no mode bar"])
    print()
    for name in ("save bar", "full mode bar"):
        print(f"{name} / no mode bar (medians): {statistics.median(results[name]) / reference:.2f}")


if __name__ == "__main__":
    main()
