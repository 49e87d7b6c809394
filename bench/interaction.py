"""The live logits chart against a one-slider, one-chart Streamlit app (the floor), in one run.

Run: python bench/interaction.py [--presses 40] [--starts 5]

- live: key press on a logit handle → every probability meter changed, timed inside the page:
  the keydown's time, then a requestAnimationFrame loop until the first meter differs. The same
  for the temperature with 1,000 logits in the link (top 20 and the rest; the preview runs a
  softmax over all 1,000).
- drag: a pointer drag on a logit bar (Playwright's mouse, 120 moves): animation frames per
  second during the drag, the longest gap between frames, and how many frames repainted.
- commit: pointer up → Python's numbers shown (the chart marks them ``data-source="python"``
  with the commit's number), timed inside the page.
- overflow lab: key press on the overflow lab's shift → the first naive exp cell changed (in the
  dtype's arithmetic, in the page), timed like the live cases; and pointer up after a drag of
  the shift → Python's numbers shown, like the commit.
- gradient: the same key press on a logit handle of the gradient view's live chart → its first
  meter changed (one paint redraws its meters, Jacobian, sweep and loss gradient), and the same
  drag and release → Python's numbers shown.
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
TARGETS |= {"overflow p50": FRAME_MS, "overflow p95": FRAME_MS, "floor / overflow": 10.0}
TARGETS |= {"overflow commit / floor": 1.5}
TARGETS |= {"gradient p50": FRAME_MS, "gradient p95": FRAME_MS, "floor / gradient": 10.0}
TARGETS |= {"gradient commit / floor": 1.5}


def chart_root(key: str) -> str:
    """In the page: ``chartRoot()``, the live chart ``key``'s shadow root, found from its
    Streamlit wrapper."""
    return (
        f'const chartRoot = () => [...document.querySelectorAll(".st-key-{key} *")]'
        "\n    .find((node) => node.shadowRoot).shadowRoot;"
    )


def arm_first_change(key: str, read: str, name: str) -> str:
    """Arms a one-shot keydown listener; ``window[name]`` resolves with ``{ms, frame}``: the time
    from the keydown to the first animation frame in which ``read`` (an expression on
    ``chartRoot()``) differs from what it was, and which frame after the key that was (1: the
    next)."""
    return (
        "() => {\n"
        + chart_root(key)
        + f"""
    const read = () => {read};
    const before = read();
    window.{name} = new Promise((resolve) => {{
        document.addEventListener("keydown", () => {{
            const pressed = performance.now();
            let frame = 0;
            const check = () => {{
                frame += 1;
                if (read() !== before) resolve({{ ms: performance.now() - pressed, frame }});
                else requestAnimationFrame(check);
            }};
            requestAnimationFrame(check);
        }}, {{ once: true }});
    }});
}}"""
    )


def arm_commit(key: str, root_class: str, name: str) -> str:
    """Arms a pointerup listener; ``window[name]`` resolves with ms from the release to the chart
    (its element ``root_class``) showing Python's numbers for a newer commit than it showed."""
    return (
        "() => {\n"
        + chart_root(key)
        + f"""
    const root = () => chartRoot().querySelector(".{root_class}");
    const seq = Number(root().dataset.seq);
    window.{name} = new Promise((resolve) => {{
        document.addEventListener("pointerup", () => {{
            const released = performance.now();
            const check = () => {{
                const shown = root();
                if (shown.dataset.source === "python" && Number(shown.dataset.seq) > seq)
                    resolve(performance.now() - released);
                else requestAnimationFrame(check);
            }};
            requestAnimationFrame(check);
        }}, {{ once: true, capture: true }});
    }});
}}"""
    )


FIRST_METER = 'chartRoot().querySelector("[role=meter]").getAttribute("aria-valuenow")'
ARM_LIVE = arm_first_change("live_logits", FIRST_METER, "__live")
ARM_COMMIT = arm_commit("live_logits", "live-logits", "__commit")
# The overflow lab: its first naive exp cell, and its commits.
FIRST_NAIVE_EXP = 'chartRoot().querySelector("td[data-column=naive_exp]").dataset.value'
ARM_LAB_KEY = arm_first_change("live_overflow", FIRST_NAIVE_EXP, "__lab")
ARM_LAB_COMMIT = arm_commit("live_overflow", "live-overflow", "__labCommit")
LAB_READY = ".st-key-live_overflow [role=slider]"
# The gradient view's live chart: its first meter, and its commits.
ARM_GRADIENT_KEY = arm_first_change("live_gradient", FIRST_METER, "__gradient")
ARM_GRADIENT_COMMIT = arm_commit("live_gradient", "live-gradient", "__commit")
GRADIENT_READY = ".st-key-live_gradient [role=meter]"
# The live sampling chart: its first meter, and its commits; its temperature and top-p sliders at
# 10 logits (the next-token example) and 10,000 (the long tail).
ARM_SAMPLING_KEY = arm_first_change("live_sampling", FIRST_METER, "__sampling")
ARM_SAMPLING_COMMIT = arm_commit("live_sampling", "live-sampling", "__commit")
SAMPLING_READY = ".st-key-live_sampling [role=meter]"
SAMPLING_SLIDER = ".st-key-live_sampling [role=slider][aria-label*='{}']"
LONG_TAIL = parsing.encode_vector(np.array(presets.SAMPLING_PRESETS["long_tail"].logits))
SAMPLING_KEYS = {
    "sampling T, 10": ("", "Temperature"),
    "sampling p, 10": ("", "top-p"),
    "sampling T, 10,000": (f"?x={LONG_TAIL}", "Temperature"),
    "sampling p, 10,000": (f"?x={LONG_TAIL}", "top-p"),
}
TARGETS |= {f"floor / {name}": 10.0 for name in SAMPLING_KEYS} | {"sampling commit / floor": 1.5}


def arm_frames(key: str) -> str:
    """Counts animation frames, and frames in which the live chart ``key``'s first meter
    changed, until stopped."""
    return (
        """() => {
    """
        + chart_root(key)
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


def live_step(
    page,
    control: str,
    key: str,
    *,
    arm: str = ARM_LIVE,
    result: str = "__live",
    shown: str = ".st-key-live_logits .live-logits[data-source=python]",
) -> tuple[float, int]:
    """A key on a live chart's control → the first frame it changed: ms, and which frame after
    the key (``arm`` resolves ``window[result]``); then Python's answer (``shown``) before the
    next press."""
    page.locator(control).first.focus()
    page.evaluate(arm)
    page.keyboard.press(key)
    changed = page.evaluate(f"() => window.{result}")
    # Let the commit (250 ms after the key) finish, so the next press starts from Python's state.
    page.locator(shown).wait_for()
    page.wait_for_timeout(300)
    server.wait_for_app(page)
    return changed["ms"], changed["frame"]


def drag_and_commit(
    page, upward: bool, chart: str = "live_logits", arm: str = ARM_COMMIT
) -> tuple[dict, float]:
    """A drag over 120 pointer moves on the first bar of the live chart ``chart``; its frames,
    then release → Python shown (``arm`` resolves ``window.__commit``)."""
    handle = page.locator(f".st-key-{chart} [role=slider].logit").first
    box = handle.bounding_box()
    x = box["x"] + box["width"] / 2
    start, end = box["y"] + box["height"] * 0.7, box["y"] + box["height"] * 0.3
    if not upward:
        start, end = end, start
    page.mouse.move(x, start)
    page.mouse.down()
    page.evaluate(arm_frames(chart))
    page.mouse.move(x, end, steps=120)
    frames = page.evaluate(
        "() => { window.__frames.stop = true; return"
        " { times: window.__frames.frames, repaints: window.__frames.repaints() }; }"
    )
    page.evaluate(arm)
    page.mouse.up()
    commit = page.evaluate("() => window.__commit")
    server.wait_for_app(page)
    return frames, commit


def overflow_drag_commit(page, right: bool) -> float:
    """Drag the lab's shift by 30 px (12 pointer moves), then release → Python's numbers shown."""
    page.locator(LAB_READY).scroll_into_view_if_needed()
    thumb = page.locator(".st-key-live_overflow .slider-thumb").bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + (30 if right else -30), y, steps=12)
    page.evaluate(ARM_LAB_COMMIT)
    page.mouse.up()
    commit = page.evaluate("() => window.__labCommit")
    server.wait_for_app(page)
    return commit


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def sampling_drag_commit(page, up: bool) -> float:
    """A short pointer drag on the sampling chart's top-p slider, then release → Python's numbers."""
    control = page.locator(SAMPLING_SLIDER.format("top-p"))
    control.scroll_into_view_if_needed()  # the pointer presses where it is drawn
    box = control.bounding_box()
    y = box["y"] + box["height"] / 2
    start, end = (0.6, 0.8) if up else (0.8, 0.6)
    page.mouse.move(box["x"] + start * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + end * box["width"], y, steps=5)
    page.evaluate(ARM_SAMPLING_COMMIT)
    page.mouse.up()
    commit = page.evaluate("() => window.__commit")
    server.wait_for_app(page)
    return commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    cases = ("floor", "live logit", "live T, 1000 logits", "commit", "overflow key", "overflow commit")
    cases += ("gradient key", "gradient commit", *SAMPLING_KEYS, "sampling commit")
    results: dict[str, list[float]] = {name: [] for name in cases}
    drags: dict[str, list[dict]] = {"commit": [], "gradient commit": []}
    first_frames: dict[str, list[int]] = {}  # per live case: the frame after each key that changed
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
                ("overflow key", app_url + "/overflow", LAB_READY),
                ("overflow commit", app_url + "/overflow", LAB_READY),
                ("gradient key", app_url + "/gradient", GRADIENT_READY),
                ("gradient commit", app_url + "/gradient", GRADIENT_READY),
                *(
                    (name, f"{app_url}/sampling{query}", SAMPLING_READY)
                    for name, (query, _) in SAMPLING_KEYS.items()
                ),
                ("sampling commit", app_url + "/sampling", SAMPLING_READY),
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
                    frame = None
                    if name == "floor":
                        value = floor_step(page, "ArrowRight" if up else "ArrowLeft")
                    elif name == "live logit":
                        value, frame = live_step(
                            page, ".st-key-live_logits [role=slider].logit", "ArrowUp" if up else "ArrowDown"
                        )
                    elif name == "live T, 1000 logits":
                        value, frame = live_step(
                            page,
                            ".st-key-live_logits .temperature .slider-track",
                            "ArrowRight" if up else "ArrowLeft",
                        )
                    elif name == "overflow key":
                        value, frame = live_step(
                            page,
                            ".st-key-live_overflow [role=slider]",
                            "ArrowRight" if up else "ArrowLeft",
                            arm=ARM_LAB_KEY,
                            result="__lab",
                            shown=".st-key-live_overflow .live-overflow[data-source=python]",
                        )
                    elif name == "overflow commit":
                        value = overflow_drag_commit(page, up)
                    elif name == "gradient key":
                        value, frame = live_step(
                            page,
                            ".st-key-live_gradient [role=slider].logit",
                            "ArrowUp" if up else "ArrowDown",
                            arm=ARM_GRADIENT_KEY,
                            result="__gradient",
                            shown=".st-key-live_gradient .live-gradient[data-source=python]",
                        )
                    elif name in SAMPLING_KEYS:
                        # Page keys: top-p 0.9 ↔ 0.8 changes the kept set, where one step of 0.01 may not.
                        value, frame = live_step(
                            page,
                            SAMPLING_SLIDER.format(SAMPLING_KEYS[name][1]),
                            "PageUp" if up else "PageDown",
                            arm=ARM_SAMPLING_KEY,
                            result="__sampling",
                            shown=".st-key-live_sampling .live-sampling[data-source=python]",
                        )
                    elif name == "sampling commit":
                        value = sampling_drag_commit(page, up)
                    else:
                        if name == "commit":
                            frames, value = drag_and_commit(page, up)
                        else:
                            frames, value = drag_and_commit(page, up, "live_gradient", ARM_GRADIENT_COMMIT)
                        if round_ >= 0:
                            drags[name].append(frames)
                    if round_ >= 0:  # round −1 warms every page up
                        results[name].append(value)
                        if frame is not None:
                            first_frames.setdefault(name, []).append(frame)
        browser.close()

    print(f"{'case':<22}{'p50':>10}{'p95':>10}{'max':>10}  (n)")
    for name, values in results.items():
        print(
            f"{name:<22}{statistics.median(values):>7.1f} ms{percentile(values, 95):>7.1f} ms"
            f"{max(values):>7.1f} ms  ({len(values)})"
        )
    for name, frames_after in first_frames.items():
        next_frame = sum(frame == 1 for frame in frames_after)
        print(
            f"{name}: changed in the next frame after {next_frame} of {len(frames_after)} presses"
            f" ({100 * next_frame / len(frames_after):.0f} %), the latest in frame {max(frames_after)}"
        )
    for name, chart_drags in drags.items():
        gaps = [b - a for drag in chart_drags for a, b in zip(drag["times"], drag["times"][1:], strict=False)]
        duration = sum(drag["times"][-1] - drag["times"][0] for drag in chart_drags) / 1000
        frames = sum(len(drag["times"]) - 1 for drag in chart_drags)
        repaints = sum(drag["repaints"] for drag in chart_drags)
        print(
            f"{'gradient drag' if name == 'gradient commit' else 'drag'}: {frames / duration:.1f} frames/s"
            f" over {duration:.1f} s of dragging, frame gap p50 {percentile(gaps, 50):.1f} ms,"
            f" p95 {percentile(gaps, 95):.1f} ms, max {max(gaps):.1f} ms;"
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
        "overflow p50": statistics.median(results["overflow key"]),
        "overflow p95": percentile(results["overflow key"], 95),
        "floor / overflow": floor / statistics.median(results["overflow key"]),
        "overflow commit / floor": statistics.median(results["overflow commit"]) / floor,
        "gradient p50": statistics.median(results["gradient key"]),
        "gradient p95": percentile(results["gradient key"], 95),
        "floor / gradient": floor / statistics.median(results["gradient key"]),
        "gradient commit / floor": statistics.median(results["gradient commit"]) / floor,
        **{f"floor / {name}": floor / statistics.median(results[name]) for name in SAMPLING_KEYS},
        "sampling commit / floor": statistics.median(results["sampling commit"]) / floor,
    }
    print()
    for name, value in figures.items():
        target = TARGETS[name]
        at_least = name.startswith("floor /")
        ok = value >= target if at_least else value <= target
        sign = ">=" if at_least else "<="
        print(f"{name:<24}{value:>8.2f}  (target {sign} {target:.1f})  {'ok' if ok else 'over target'}")


if __name__ == "__main__":
    main()
