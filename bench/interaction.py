"""The live charts against a one-slider, one-chart Streamlit app (the floor), in one run.

Run: python bench/interaction.py [--presses 40] [--starts 5]

- live: key press on a logit handle → every probability meter changed, timed inside the page:
  the keydown's time, then a requestAnimationFrame loop until the first meter differs. The same
  for the temperature with 1,000 logits in the link (top 20 and the rest; the preview runs a
  softmax over all 1,000).
- drag: a pointer drag on a logit bar (Playwright's mouse, 120 moves): animation frames per
  second during the drag, the longest gap between frames, and how many frames repainted.
- commit: pointer up → Python's numbers shown (the chart marks them ``data-source="python"``
  with the commit's number), timed inside the page.
- floor: key press on the floor app's slider → the rerun finished and its chart changed: one
  Streamlit round trip, what every logit step cost before the live chart.
- cold start: server process start → first chart drawn, for the floor and the app.
- sampling: the live sampling chart's temperature and top-p keys → the first meter changed, at
  10 logits (the next-token example) and 10,000 (the long tail, top 15 and the rest; the
  preview runs the pipeline in all three orders over all 10,000), each against the floor; and
  a release on top-p (a short pointer drag) → Python's numbers shown, against the floor's step.

Each page stays open; every round presses once in each case, in a seeded shuffled order, so the
machine's drift hits all cases alike. Only ratios are compared with the targets.
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
from softmax_viz import parsing, presets  # noqa: E402
from tests.e2e import server  # noqa: E402

THOUSAND = parsing.encode_vector(np.round(np.random.default_rng(0).normal(0, 2, 1000), 2))
FLOOR = ROOT / "bench" / "floor_app.py"
APP = ROOT / "app.py"
METERS = ".st-key-live_logits [role=meter]"
FRAME_MS = 1000 / 60
TARGETS = {"live p50": FRAME_MS, "live p95": FRAME_MS, "floor / live": 10.0, "commit / floor": 1.5}

# In the page: the shadow root of the chart whose key is `chart`, found from its Streamlit wrapper.
CHART_ROOT = """const chartRoot = () => [...document.querySelectorAll(`.st-key-${chart} *`)]
    .find((node) => node.shadowRoot).shadowRoot;"""

# Arms a one-shot keydown listener; resolves with ms from the keydown to the first animation
# frame in which the first meter differs from what it was.
ARM_LIVE = (
    """(chart) => {
    """
    + CHART_ROOT
    + """
    const meter = () => chartRoot().querySelector("[role=meter]").getAttribute("aria-valuenow");
    const before = meter();
    window.__live = new Promise((resolve) => {
        document.addEventListener("keydown", () => {
            const pressed = performance.now();
            const check = () => {
                if (meter() !== before) resolve(performance.now() - pressed);
                else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
        }, { once: true });
    });
}"""
)

# Counts animation frames, and frames in which the first meter changed, until stopped.
ARM_FRAMES = (
    """(chart) => {
    """
    + CHART_ROOT
    + """
    const meter = () => chartRoot().querySelector("[role=meter]").getAttribute("aria-valuenow");
    const frames = [];
    let last = meter();
    let repaints = 0;
    window.__frames = { stop: false, frames, repaints: () => repaints };
    const tick = (time) => {
        frames.push(time);
        const now = meter();
        if (now !== last) { repaints += 1; last = now; }
        if (!window.__frames.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""
)

# Arms a pointerup listener; resolves with ms from the release to the chart showing Python's
# numbers for a newer commit than the one it showed.
ARM_COMMIT = (
    """(chart) => {
    """
    + CHART_ROOT
    + """
    const root = () => chartRoot().querySelector(".live-chart");
    const seq = Number(root().dataset.seq);
    window.__commit = new Promise((resolve) => {
        document.addEventListener("pointerup", () => {
            const released = performance.now();
            const check = () => {
                const shown = root();
                if (shown.dataset.source === "python" && Number(shown.dataset.seq) > seq)
                    resolve(performance.now() - released);
                else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
        }, { once: true, capture: true });
    });
}"""
)

# What a step of the floor changes: its chart's data.
READ_FLOOR = """() => { const p = document.querySelector(".st-key-floor_chart .js-plotly-plot");
    return p && p.data ? JSON.stringify(p.data.map(t => t.y)) : null; }"""


def cold_start(browser, app: Path, ready: str) -> float:
    port = server.free_port()
    started = time.perf_counter()
    process = server.start_server(app, port)
    try:
        server.wait_healthy(port)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector(ready, timeout=60_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        server.stop(process)


def floor_step(page, key: str) -> float:
    return server.rerun_step(page, ".st-key-value input[type=range]", key, READ_FLOOR)


def live_step(page, control: str, key: str, chart: str = "live_logits") -> float:
    page.locator(control).first.focus()
    page.evaluate(ARM_LIVE, chart)
    page.keyboard.press(key)
    latency = page.evaluate("() => window.__live")
    # Let the commit (250 ms after the key) finish, so the next press starts from Python's state.
    page.locator(f".st-key-{chart} .live-chart[data-source=python]").wait_for()
    page.wait_for_timeout(300)
    server.wait_for_app(page)
    return latency


def drag_and_commit(page, upward: bool) -> tuple[dict, float]:
    """A drag over 120 pointer moves on the first bar; its frames, then release → Python shown."""
    handle = page.locator(".st-key-live_logits [role=slider].logit").first
    box = handle.bounding_box()
    x = box["x"] + box["width"] / 2
    start, end = box["y"] + box["height"] * 0.7, box["y"] + box["height"] * 0.3
    if not upward:
        start, end = end, start
    page.mouse.move(x, start)
    page.mouse.down()
    page.evaluate(ARM_FRAMES, "live_logits")
    page.mouse.move(x, end, steps=120)
    frames = page.evaluate(
        "() => { window.__frames.stop = true; return"
        " { times: window.__frames.frames, repaints: window.__frames.repaints() }; }"
    )
    page.evaluate(ARM_COMMIT, "live_logits")
    page.mouse.up()
    commit = page.evaluate("() => window.__commit")
    server.wait_for_app(page)
    return frames, commit


# The live sampling chart: its temperature and top-p sliders at 10 and 10,000 logits, and a
# release on top-p (pointer down, a short drag, up) → Python's numbers.
SAMPLING_METERS = ".st-key-live_sampling [role=meter]"
SAMPLING_SLIDER = ".st-key-live_sampling [role=slider][aria-label*='{}']"
LONG_TAIL = parsing.encode_vector(np.array(presets.SAMPLING_PRESETS["long_tail"].logits))
SAMPLING_CASES = {
    "sampling T, 10": ("", "Temperature"),
    "sampling p, 10": ("", "top-p"),
    "sampling T, 10,000": (f"?x={LONG_TAIL}", "Temperature"),
    "sampling p, 10,000": (f"?x={LONG_TAIL}", "top-p"),
    "sampling commit": ("", "top-p"),
}


def sampling_step(page, name: str, up: bool) -> float:
    control = SAMPLING_SLIDER.format(SAMPLING_CASES[name][1])
    if name != "sampling commit":
        # Page keys: top-p 0.9 ↔ 0.8 changes the kept set, where one step of 0.01 may not.
        return live_step(page, control, "PageUp" if up else "PageDown", chart="live_sampling")
    page.locator(control).scroll_into_view_if_needed()  # the pointer presses where it is drawn
    box = page.locator(control).bounding_box()
    y = box["y"] + box["height"] / 2
    start, end = (0.6, 0.8) if up else (0.8, 0.6)
    page.mouse.move(box["x"] + start * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + end * box["width"], y, steps=5)
    page.evaluate(ARM_COMMIT, "live_sampling")
    page.mouse.up()
    commit = page.evaluate("() => window.__commit")
    server.wait_for_app(page)
    return commit


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, list[float]] = {
        name: [] for name in ("floor", "live logit", "live T, 1000 logits", "commit", *SAMPLING_CASES)
    }
    drags: list[dict] = []
    starts = {"floor": [], "app": []}
    with sync_playwright() as playwright:
        browser = server.launch(playwright)
        for _ in range(args.starts):
            starts["floor"].append(cold_start(browser, FLOOR, ".st-key-floor_chart .js-plotly-plot"))
            starts["app"].append(cold_start(browser, APP, METERS))
        with server.streamlit_server(FLOOR) as floor_url, server.streamlit_server(APP) as app_url:
            pages = {}
            for name, url, ready in (
                ("floor", floor_url + "/", ".st-key-floor_chart .js-plotly-plot"),
                ("live logit", app_url + "/", METERS),
                ("live T, 1000 logits", f"{app_url}/?x={THOUSAND}", METERS),
                ("commit", app_url + "/", METERS),
                *(
                    (name, f"{app_url}/sampling{query}", SAMPLING_METERS)
                    for name, (query, _) in SAMPLING_CASES.items()
                ),
            ):
                pages[name] = browser.new_page(viewport={"width": 1280, "height": 1000})
                pages[name].goto(url)
                server.wait_for_app(pages[name])
                pages[name].wait_for_selector(ready)
                pages[name].locator(ready).first.scroll_into_view_if_needed()
            order = random.Random(0)
            for round_ in range(-1, args.presses):
                up = round_ % 2 == 0  # up and down in turn, so the values swing between two
                for name in order.sample(list(pages), len(pages)):
                    page = pages[name]
                    if name in SAMPLING_CASES:
                        value = sampling_step(page, name, up)
                    elif name == "floor":
                        value = floor_step(page, "ArrowRight" if up else "ArrowLeft")
                    elif name == "live logit":
                        value = live_step(
                            page, ".st-key-live_logits [role=slider].logit", "ArrowUp" if up else "ArrowDown"
                        )
                    elif name == "live T, 1000 logits":
                        value = live_step(
                            page,
                            ".st-key-live_logits .temperature .slider-track",
                            "ArrowRight" if up else "ArrowLeft",
                        )
                    else:
                        frames, value = drag_and_commit(page, up)
                        if round_ >= 0:
                            drags.append(frames)
                    if round_ >= 0:  # round −1 warms every page up
                        results[name].append(value)
        browser.close()

    print(f"{'case':<22}{'p50':>10}{'p95':>10}{'max':>10}  (n)")
    for name, values in results.items():
        print(
            f"{name:<22}{statistics.median(values):>7.1f} ms{percentile(values, 95):>7.1f} ms"
            f"{max(values):>7.1f} ms  ({len(values)})"
        )
    gaps = [b - a for drag in drags for a, b in zip(drag["times"], drag["times"][1:], strict=False)]
    duration = sum(drag["times"][-1] - drag["times"][0] for drag in drags) / 1000
    frames = sum(len(drag["times"]) - 1 for drag in drags)
    repaints = sum(drag["repaints"] for drag in drags)
    print(
        f"drag: {frames / duration:.1f} frames/s over {duration:.1f} s of dragging, frame gap p50"
        f" {percentile(gaps, 50):.1f} ms, p95 {percentile(gaps, 95):.1f} ms, max {max(gaps):.1f} ms;"
        f" the probabilities changed in {repaints} of {frames} frames"
    )
    print(
        f"cold start median: floor {statistics.median(starts['floor']):.2f} s,"
        f" app {statistics.median(starts['app']):.2f} s"
        f" (ratio {statistics.median(starts['app']) / statistics.median(starts['floor']):.2f})"
    )
    live = results["live logit"]
    floor = statistics.median(results["floor"])
    figures = {
        "live p50": statistics.median(live),
        "live p95": percentile(live, 95),
        "floor / live": floor / statistics.median(live),
        "commit / floor": statistics.median(results["commit"]) / floor,
    }
    for name in SAMPLING_CASES:
        ratio = statistics.median(results[name]) / floor
        print(f"{name}: {'commit / floor' if name == 'sampling commit' else 'live / floor'} {ratio:.3f}")
    print()
    for name, value in figures.items():
        target = TARGETS[name]
        ok = value >= target if name == "floor / live" else value <= target
        sign = ">=" if name == "floor / live" else "<="
        print(f"{name:<16}{value:>8.2f}  (target {sign} {target:.1f})  {'ok' if ok else 'over target'}")


if __name__ == "__main__":
    main()
