"""The live sampling chart's math (assets/sampling_math.js) agrees with softmax_viz.sampling.

Python writes the cases and its answers to a temporary file; Node runs the module on them
(tests/js/sampling_math.test.mjs, through tests/node.py): identical kept sets, removed tokens
and boundary marks, probabilities and thresholds within 1e-12 relative, on the hand-worked
cases, issue 22's boundary cases and 600 random ones (2 to 10,000 tokens, ties, masked tokens,
every order, every filter on and off, p and min-p exactly at a boundary).
"""

from __future__ import annotations

import numpy as np

from tests import sampling_cases
from tests.node import run_node_test


def test_the_browsers_pipeline_agrees_with_python(tmp_path):
    run_node_test("sampling_math.test.mjs", sampling_cases.fixtures(), tmp_path)


def test_the_cases_cover_what_the_issue_asks():
    cases = sampling_cases.random_cases(600, 23)
    sizes = [logits.size for _, logits, _ in cases]
    assert len(cases) >= 500 and min(sizes) == 2 and max(sizes) == 10_000
    assert {settings["order"] for _, _, settings in cases} == {"transformers", "vllm", "llama.cpp"}
    assert any(np.isinf(logits).any() for _, logits, _ in cases)
    for name in ("top_k", "top_p", "min_p"):
        assert {settings[name] is None for _, _, settings in cases} == {True, False}
