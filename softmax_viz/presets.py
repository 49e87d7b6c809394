"""Example inputs: the textbook examples, and a few more that show one idea each.

Each preset is a name (an i18n key suffix) and its values; vectors are tuples of floats so they
can be compared and stored in session state as they are.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


def _arange(start: float, stop: float) -> tuple[float, ...]:
    return tuple(float(v) for v in np.arange(start, stop))


def _reproducible_normal(count: int, scale: float) -> tuple[float, ...]:
    """A reproducible vector of ``count`` logits, like a language model's output layer."""
    return tuple(np.round(np.random.default_rng(0).normal(0.0, scale, count), 3).tolist())


LOGITS_PRESETS: dict[str, tuple[float, ...]] = {
    "one_two_three": (1.0, 2.0, 3.0),
    "deep_learning": (1.5, 0.8, -0.2),
    "cat_dog_bird": (2.0, 1.0, 0.5),
    "overflow": _arange(705, 715),
    "tie": (3.0, 3.0, 1.0, 0.0),
    "masked": (2.0, float("-inf"), 1.0, 0.5),
    "ten_classes": (0.3, -1.2, 2.4, 0.9, -0.5, 1.7, 0.0, -2.1, 1.1, 0.6),
    "vocabulary": _reproducible_normal(10_000, 2.0),
}
LOGITS_DEFAULT = LOGITS_PRESETS["cat_dog_bird"]

OVERFLOW_PRESETS: dict[str, tuple[float, ...]] = {
    "overflow": _arange(705, 715),
    "underflow": _arange(-800, -790),
    "float32_overflow": _arange(85, 95),
    "float16_overflow": _arange(5, 15),
    "one_two_three": (1.0, 2.0, 3.0),
}
OVERFLOW_DEFAULT = OVERFLOW_PRESETS["overflow"]
TAIL_EXAMPLE = (1000.0, 1.0)

GRADIENT_PRESETS: dict[str, tuple[float, ...]] = {
    "cat_dog_bird": (2.0, 1.0, 0.5),
    "one_two_three": (1.0, 2.0, 3.0),
    "deep_learning": (1.5, 0.8, -0.2),
    "confident": (6.0, 0.0, -1.0, 0.5),
}
GRADIENT_DEFAULT = GRADIENT_PRESETS["cat_dog_bird"]


def _randint_matrix() -> tuple[tuple[float, ...], ...]:
    """``np.random.seed(0); np.random.randint(1, 10, (3, 3))`` without touching global state."""
    matrix = np.random.RandomState(0).randint(1, 10, (3, 3))
    return tuple(tuple(float(v) for v in row) for row in matrix)


BATCH_PRESETS: dict[str, tuple[tuple[float, ...], ...]] = {
    "small_integers": _randint_matrix(),
    "scipy_example": ((1.0, 1.0, 5.0), (1.0, 2.0, 9.0)),
    "large_logits": ((1000.0, 1001.0, 1002.0), (-5.0, 0.0, 5.0)),
}
BATCH_DEFAULT = BATCH_PRESETS["small_integers"]


class TokenExample(NamedTuple):
    """Logits for the sampling view: candidate next tokens after a prompt, or a bare vector.

    The numbers of the next-token examples are made up to illustrate; no model produced them.
    """

    logits: tuple[float, ...]
    tokens: tuple[str, ...] | None = None
    prompt: str | None = None


def _zipf_tail(count: int, exponent: float) -> tuple[float, ...]:
    """``count`` logits whose probabilities fall off as rank^−exponent, like a language model's
    long tail, with a little seeded noise, in a seeded shuffled order (a vocabulary's ids are not
    sorted by probability)."""
    rng = np.random.default_rng(0)
    logits = -exponent * np.log(np.arange(1, count + 1)) + rng.normal(0.0, 0.2, count)
    return tuple(np.round(logits, 3)[rng.permutation(count)].tolist())


SAMPLING_PRESETS: dict[str, TokenExample] = {
    "next_token_en": TokenExample(
        logits=(4.1, 3.3, 2.9, 2.6, 1.8, 1.7, 1.2, 1.0, 0.2, -1.5),
        tokens=("mat", "floor", "sofa", "bed", "roof", "chair", "windowsill", "table", "keyboard", "moon"),
        prompt="The cat sat on the",
    ),
    "next_token_ja": TokenExample(
        logits=(4.3, 2.6, 2.4, 2.0, 1.6, 1.5, 1.1, 0.8, 0.3, -1.2),
        tokens=("猫", "人間", "犬", "学生", "天才", "王様", "ここ", "まだ", "もう", "月"),
        prompt="吾輩は",
    ),
    # The second largest logit is held by two tokens: top-k 2 keeps both, except in llama.cpp.
    "top_k_tie": TokenExample(logits=(2.0, 1.0, 1.0, 0.0)),
    # p = [.4, .3, .2, .05, .05]: top-p .75 with min-p .2 keeps three tokens or two by the order.
    "orders_differ": TokenExample(logits=tuple(np.log([0.4, 0.3, 0.2, 0.05, 0.05]).tolist())),
    "long_tail": TokenExample(logits=_zipf_tail(10_000, 1.1)),
}
SAMPLING_EXAMPLE = {"en": "next_token_en", "ja": "next_token_ja"}  # the example each language opens on
