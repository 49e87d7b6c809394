"""What the browser tests share: recording what the page sends and receives, waiting for a
run to finish, stepping a logit handle through every key, dragging with the mouse and with a
finger, saving a picture, running a math module on many cases."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.server import wait_for_app

# Every websocket message the page sends, with its time; installed before the app loads.
RECORD_SENDS = """(() => {
    window.__sends = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (...args) {
        window.__sends.push(performance.now());
        return send.apply(this, args);
    };
})()"""

# Keeps every websocket message the page receives, base64-encoded, to be decoded in Python: a
# test can then wait for the end of the run a step started, or read what a run sent.
RECORD_MESSAGES = """(() => {
    window.__messages = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener("message", event => {
                let text = "";
                for (const byte of new Uint8Array(event.data)) text += String.fromCharCode(byte);
                window.__messages.push(btoa(text));
            });
        }
    };
})()"""

FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


def wait_for_run(page, timeout: float = 30.0) -> None:
    """Until a run that started since the last call has finished, and the page is idle.

    A run's messages open with ``new_session``: a run that was already under way when the step
    began (the page's second run on opening, say) does not count.
    """
    deadline = time.monotonic() + timeout
    started = False
    while time.monotonic() < deadline:
        for item in page.evaluate("() => window.__messages.splice(0)"):
            message = ForwardMsg.FromString(base64.b64decode(item))
            kind = message.WhichOneof("type")
            started = started or kind == "new_session"
            if started and kind == "script_finished" and message.script_finished in FINISHED:
                wait_for_app(page)
                return
        page.wait_for_timeout(20)
    raise TimeoutError(f"no run finished within {timeout} s")


# Evaluated with the chart's key once the chart is drawn: on the next keydown, the chart's meters
# as they are in the first animation frame after the key, and the time of the key.
WATCH_NEXT_FRAME = """(chart) => {
    window.__frame = null;
    const meters = () => [...document.querySelectorAll(`.st-key-${chart} *`)]
        .flatMap((node) => node.shadowRoot ? [...node.shadowRoot.querySelectorAll("[role=meter]")] : []);
    document.addEventListener("keydown", () => {
        const pressed = performance.now();
        requestAnimationFrame(() => {
            const values = meters().map((m) => Number(m.getAttribute("aria-valuenow")));
            window.__frame = { pressed, values };
        });
    }, { once: true });
}"""

# From a logit of 1 on the handles' default range, −10 to 10: each key and where it lands.
KEYS_FROM_1 = [
    ("ArrowRight", 1.1),
    ("ArrowDown", 1.0),
    ("ArrowLeft", 0.9),
    ("PageUp", 1.9),
    ("PageDown", 0.9),
    ("End", 10.0),
    ("Home", -10.0),
]


def press_every_key(page, handle) -> None:
    """Press each key of KEYS_FROM_1 on the focused ``handle``, each time until it shows the value."""
    handle.focus()
    for key, expected in KEYS_FROM_1:
        page.keyboard.press(key)
        page.wait_for_function(
            "([h, v]) => Number(h.getAttribute('aria-valuenow')) === v",
            arg=[handle.element_handle(), expected],
        )


def drag(page, handle, dy: float, steps: int = 12) -> None:
    """Press the mouse on the middle of ``handle`` and move it ``dy`` px down, without letting go."""
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + dy, steps=steps)


def finger(context, page, x: float) -> Callable[[str, float | None], None]:
    """``touch(kind, y)``: a touch event at (x, y) through Chromium's DevTools protocol, as a
    phone's finger makes it (``touchEnd`` takes no point)."""
    cdp = context.new_cdp_session(page)

    def touch(kind: str, at_y: float | None) -> None:
        points = [] if at_y is None else [{"x": x, "y": at_y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    return touch


def saved(page, chart: str, button: str):
    """The download a click on the chart's save ``button`` starts."""
    with page.expect_download() as download:
        page.locator(f"{chart} button", has_text=button).click()
    return download.value


# JSON.stringify writes NaN and ±Infinity as null: refused here, so no such value passes unseen.
FINITE_ONLY = """(key, value) => {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`${key}: ${value} is not JSON`);
    return value;
}"""


def evaluate_json(page, function: str, arg: object) -> object:
    """``page.evaluate(function, arg)`` with the argument and the answer carried as JSON text.
    Playwright's own serialisation of the 3 MB of nested lists that the sampling cases send and
    get back costs about 9 CPU-seconds; as JSON text, 1. Numbers must be finite (write others as
    strings)."""
    run = f"async (text) => JSON.stringify(await ({function})(JSON.parse(text)), {FINITE_ONLY})"
    return json.loads(page.evaluate(run, json.dumps(arg, allow_nan=False)))
