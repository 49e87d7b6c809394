"""Run the live charts' pure math modules under Node against fixtures Python computes.

A test writes its cases and Python's answers as JSON to a temporary file and runs a
``tests/js/*.test.mjs`` file with ``node --test``; the JS test reads the file named by
``$FIXTURES`` and imports the module from ``softmax_viz/components/assets``. JSON has no
infinities or nan: :func:`js_number` writes them as the strings ``Number()`` reads back.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).resolve().parent / "js"


def js_number(value: float) -> float | str:
    """``value`` for JSON: itself if finite, else ``"Infinity"``, ``"-Infinity"`` or ``"NaN"``."""
    value = float(value)
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def run_node_test(name: str, fixtures: object, tmp_path: Path) -> None:
    """Run ``tests/js/<name>`` with ``fixtures`` at ``$FIXTURES``; fail with Node's report."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the JS math tests must run in CI, but there is no node")
        pytest.skip("no node: install Node.js 18 or newer")
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(fixtures, allow_nan=False))
    result = subprocess.run(
        [node, "--test", str(JS_TESTS / name)],
        env={**os.environ, "FIXTURES": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
