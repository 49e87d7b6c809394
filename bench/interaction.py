"""Cold start and slider latency of the app, measured beside a minimal Streamlit app (the floor).

Run: python bench/interaction.py [--interactions 30] [--starts 5]

- cold start: server process start → first chart drawn in Chromium;
- interaction: key press on a slider → the rerun finished and the chart's data changed,
  timed inside the page (performance.now()), median and p90 over the interactions. Each page
  gets one untimed key press first, so the timings are of a page whose code has already run
  once (the first press also compiles the chart and widget code, in the floor as in the app).

Measured for the floor (bench/floor_app.py), the app's default page (a logit slider), and the app
with 1,000 logits in the link (the temperature slider: logit sliders are shown up to 12 classes);
and the same two for bench/minimum_app.py, the page cut down to what a logits page needs, whose
ratios to the floor show how much of each gap the stack itself takes.
Each case keeps one page open; every round presses once in each, in a shuffled order (seeded), so
drift and the position in a round hit all cases alike. Only the ratios are compared to the
targets.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from softmax_viz import parsing  # noqa: E402
from tests.e2e import server  # noqa: E402

THOUSAND = parsing.encode_vector(np.round(np.random.default_rng(0).normal(0, 2, 1000), 2))
CASES = {
    "floor": (ROOT / "bench" / "floor_app.py", "/", "value", "floor_chart"),
    "app": (ROOT / "app.py", "/", "logit_0", "logits_chart"),
    "app, 1000 logits": (ROOT / "app.py", f"/?x={THOUSAND}", "T", "logits_chart"),
    "minimum": (ROOT / "bench" / "minimum_app.py", "/", "logit_0", "logits_chart"),
    "minimum, 1000": (ROOT / "bench" / "minimum_app.py", f"/?x={THOUSAND}", "T", "logits_chart"),
}
TARGETS = {"interaction": 1.25, "cold start": 1.3, "1000 logits": 1.5}
WARM_UP = 1

# Resolves when the chart's data differs from what it was and the script is idle again.
WAIT_FOR_CHANGE = """([key, before]) => new Promise(resolve => {
    const read = () => {
        const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
        return plot && plot.data ? JSON.stringify(plot.data.map(t => t.y)) : null;
    };
    const idle = () => document.querySelector('[data-testid="stApp"]')
        ?.getAttribute('data-test-script-state') === 'notRunning';
    const check = () => {
        const now = read();
        if (now !== null && now !== before && idle()) resolve(performance.now());
        else requestAnimationFrame(check);
    };
    check();
})"""
READ = """key => { const p = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    return p && p.data ? JSON.stringify(p.data.map(t => t.y)) : null; }"""


def cold_start(browser, app: Path, path: str, chart: str) -> float:
    port = server.free_port()
    started = time.perf_counter()
    process = server.start_server(app, port)
    try:
        server.wait_healthy(port)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}{path}")
        page.wait_for_function(READ, arg=chart, timeout=60_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        server.stop(process)


def open_case(browser, base: str, path: str, chart: str):
    page = browser.new_page()
    page.goto(base + path)
    server.wait_for_app(page)
    page.wait_for_function(READ, arg=chart, timeout=60_000)
    return page


def press(page, slider: str, chart: str, key: str) -> float:
    """Seconds from a key press on ``slider`` to the rerun finished with ``chart`` changed."""
    before = page.evaluate(READ, chart)
    page.locator(f".st-key-{slider} input[type=range]").focus()
    start = page.evaluate("() => performance.now()")
    page.keyboard.press(key)
    end = page.evaluate(WAIT_FOR_CHANGE, [chart, before])
    server.wait_for_app(page)
    return (end - start) / 1000


def p90(values: list[float]) -> float:
    return float(np.percentile(values, 90))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=30)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    starts = {name: [] for name in CASES}
    latencies = {name: [] for name in CASES}
    with sync_playwright() as playwright:
        browser = server.launch(playwright)
        for _ in range(args.starts):
            for name in ("floor", "app"):
                app, path, _, chart = CASES[name]
                starts[name].append(cold_start(browser, app, path, chart))
        running, pages = {}, {}
        try:
            for app in {case[0] for case in CASES.values()}:
                port = server.free_port()
                running[app] = (server.start_server(app, port), f"http://127.0.0.1:{port}")
                server.wait_healthy(port)
            for name, (app, path, _, chart) in CASES.items():
                pages[name] = open_case(browser, running[app][1], path, chart)
            order = random.Random(0)
            for round_ in range(-WARM_UP, args.interactions):
                # Left and right in turn, so each slider swings between two values.
                key = "ArrowRight" if round_ % 2 == 0 else "ArrowLeft"
                for name in order.sample(list(CASES), len(CASES)):
                    _, _, slider, chart = CASES[name]
                    latency = press(pages[name], slider, chart, key)
                    if round_ >= 0:
                        latencies[name].append(latency)
        finally:
            for process, _ in running.values():
                server.stop(process)
        browser.close()

    print(f"{'case':<18}{'cold start median':>20}{'interaction median':>20}{'p90':>10}  (n)")
    for name in CASES:
        cold = f"{statistics.median(starts[name]):.2f} s" if starts[name] else "-"
        print(
            f"{name:<18}{cold:>20}{statistics.median(latencies[name]) * 1e3:>17.0f} ms"
            f"{p90(latencies[name]) * 1e3:>7.0f} ms  ({len(latencies[name])})"
        )
    floor = statistics.median(latencies["floor"])
    ratios = {
        "interaction": statistics.median(latencies["app"]) / floor,
        "cold start": statistics.median(starts["app"]) / statistics.median(starts["floor"]),
        "1000 logits": statistics.median(latencies["app, 1000 logits"]) / floor,
    }
    minimum = {
        "interaction": statistics.median(latencies["minimum"]) / floor,
        "1000 logits": statistics.median(latencies["minimum, 1000"]) / floor,
    }
    print()
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "over target"
        print(f"ratio {name:<12} app/floor = {ratio:.2f}  (target <= {TARGETS[name]})  {verdict}")
    for name, ratio in minimum.items():
        print(f"ratio {name:<12} minimum/floor = {ratio:.2f}  (bench/minimum_app.py)")


if __name__ == "__main__":
    main()
