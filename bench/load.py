"""N concurrent sessions against one `streamlit run app.py`, each doing 20 slider interactions.

Run: python bench/load.py [--sessions 10 20 40] [--interactions 20] [--think 1.0]

Sessions speak Streamlit's own protocol over the websocket (/_stcore/stream), with the proto
classes that ship in streamlit, as the browser does: a first run of the logits view, then
fragment reruns that move the first logit slider. A session waits ``--think`` seconds on
average (uniformly 0.5x to 1.5x) between interactions, like a student moving a slider; 0 sends
each interaction as soon as the previous one finished. An interaction succeeds when its
script_finished arrives with a success status and no exception element came with it. Reported
per N: successes, p50 and p95 rerun latency (send to script_finished), and the server's peak
resident memory (VmHWM from /proc). Bounded: timeouts on every message and on each round, and
the server is stopped at the end. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e import server  # noqa: E402

MESSAGE_TIMEOUT = 30.0
ROUND_DEADLINE = 900.0
SUCCESS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
SLIDER_KEY = "logit_0"


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_until_finished(socket, message: BackMsg) -> tuple[bool, list[ForwardMsg]]:
    """Send one rerun and read until its script_finished; True if it ended well."""
    await socket.send(message.SerializeToString())
    received = []
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(socket.recv(), MESSAGE_TIMEOUT))
        received.append(reply)
        if reply.WhichOneof("type") == "script_finished":
            failed = any(
                m.WhichOneof("type") == "delta"
                and m.delta.WhichOneof("type") == "new_element"
                and m.delta.new_element.WhichOneof("type") == "exception"
                for m in received
            )
            return reply.script_finished in SUCCESS and not failed, received


def find_slider(messages: list[ForwardMsg]) -> tuple[str, str]:
    """The logit slider's widget id and the id of the fragment it lives in."""
    for message in messages:
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "slider" and element.slider.id.endswith(f"-{SLIDER_KEY}"):
                return element.slider.id, message.delta.fragment_id
    raise LookupError(f"no slider with key {SLIDER_KEY!r} in the first run")


async def session(port: int, interactions: int, think: float) -> list[float | None]:
    """Latencies in seconds; None for an interaction that failed or timed out."""
    results: list[float | None] = []
    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=2**26
        ) as socket:
            first = BackMsg()
            first.rerun_script.query_string = ""
            _, messages = await run_until_finished(socket, first)
            slider, fragment = find_slider(messages)
            for index in range(interactions):
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
                move = BackMsg()
                move.rerun_script.fragment_id = fragment
                state = move.rerun_script.widget_states.widgets.add()
                state.id = slider
                state.double_array_value.data.append(2.0 + 0.1 * (index % 2 + 1))
                start = time.perf_counter()
                try:
                    ok, _ = await run_until_finished(socket, move)
                    results.append(time.perf_counter() - start if ok else None)
                except (TimeoutError, websockets.ConnectionClosed):
                    results.append(None)
    except (OSError, TimeoutError, LookupError, websockets.WebSocketException):
        pass
    return results + [None] * (interactions - len(results))


async def round_of(sessions: int, interactions: int, think: float) -> dict:
    port = server.free_port()
    process = server.start_server(ROOT / "app.py", port)
    try:
        server.wait_healthy(port)
        runs = [session(port, interactions, think) for _ in range(sessions)]
        results = await asyncio.wait_for(asyncio.gather(*runs), ROUND_DEADLINE)
        return {"latencies": [r for run in results for r in run], "peak_rss": peak_rss_mb(process.pid)}
    finally:
        server.stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 40])
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between interactions")
    args = parser.parse_args()
    random.seed(0)
    print(f"think time {args.think} s on average; {args.interactions} interactions per session")
    print(f"{'N':>4}{'succeeded':>14}{'p50':>10}{'p95':>10}{'server peak RSS':>18}")
    for sessions in args.sessions:
        outcome = asyncio.run(round_of(sessions, args.interactions, args.think))
        done = [value for value in outcome["latencies"] if value is not None]
        p50, p95 = np.percentile(done, [50, 95]) if done else (float("nan"), float("nan"))
        total = sessions * args.interactions
        print(
            f"{sessions:>4}{f'{len(done)}/{total}':>14}{p50 * 1e3:>8.0f}ms{p95 * 1e3:>8.0f}ms"
            f"{outcome['peak_rss']:>15.0f} MB"
        )
    print("targets at N = 40: every interaction succeeds, p95 <= 1000 ms, peak RSS <= 600 MB")


if __name__ == "__main__":
    main()
