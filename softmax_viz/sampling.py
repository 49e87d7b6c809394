r"""From logits to the next token: temperature, top-k, top-p, min-p, and the draw.

A language model's logits go through a pipeline of filters; each filter removes tokens by setting
their logits to −inf (the masked class of :func:`softmax_viz.core.softmax`), and one token is
drawn from what is left. Each filter measures the distribution renormalized over the tokens that
survived the filters before it.

The rules, as the libraries implement them
------------------------------------------
temperature
    :math:`z / T` with :math:`T > 0`; the limit :math:`T \to 0` is :func:`core.hardmax`.
top-k
    Keep :math:`z_i \ge z_{(k)}`, the k-th largest logit, so every token tied with the k-th
    stays (transformers, vLLM). llama.cpp keeps exactly k; here the lower index goes first among
    ties. k is raised to ``min_tokens_to_keep`` and capped at the number of tokens left.
top-p
    Sort the tokens from the largest logit down (lower index first among equals) and keep the
    shortest prefix whose cumulative probability reaches p (≥ p): the token that crosses p
    stays, and the cut is by position, so a token tied with the last one kept may go.
    A prefix whose sum equals p up to rounding reaches p (see *Boundaries* below).
min-p
    Keep :math:`p_i \ge \text{min\_p} \cdot \max_j p_j` (inclusive), equality up to rounding
    included (see *Boundaries*).
``min_tokens_to_keep``
    The top ones (in the order above) always survive top-k, top-p and min-p.

What the libraries do, read from their sources and restated here:

- transformers, ``src/transformers/generation/logits_process.py``: the top-k warper masks every
  score below the k-th largest of ``torch.topk``, after raising k to ``min_tokens_to_keep``; the
  top-p warper sorts ascending, accumulates softmax probabilities from the bottom and masks those
  whose sum stays at or below 1 − p, always sparing the last ``min_tokens_to_keep``; the min-p
  warper masks probabilities below min_p times the largest one, sparing the top tokens of a
  stable descending sort. ``generation/utils.py`` adds the warpers in the order temperature,
  top-k, top-p, min-p.
- vLLM, ``vllm/v1/sample/sampler.py``: temperature first, then the argmax-invariant processors
  (min-p by default), then ``ops/topk_topp_sampler.py``, which sorts once, masks logits below the
  k-th largest (ties stay), and masks the top-p tail on the softmax of what top-k left, keeping at
  least one token. Its random sampler divides the probabilities by exponential variates and takes
  the argmax, which is the Gumbel-max race below in another form.
- llama.cpp, ``src/llama-sampling.cpp`` with the default chain of ``common/common.h`` (…, top-k,
  typical-p, top-p, min-p, xtc, temperature): top-k truncates the sorted candidates to exactly k;
  top-p adds probabilities until the sum reaches p with at least ``min_keep`` tokens; min-p keeps
  logits at or above the largest plus ln(min_p), which is p_i ≥ min_p · max p; the temperature
  comes last, so every cut is made on the untempered distribution.

Boundaries
----------
Examples are made of round probabilities: 0.5, 0.3, 0.1, 0.1 with top-p = 0.8, where the two best
tokens hold exactly p and top-p keeps two. In float64 they do not: the logits ln 0.3, … are rounded,
softmax rounds again (within 2.3 units in the last place, ULP), and so does each partial sum, so
softmax gives 0.5 and 0.29999999999999993 and the sum 0.7999999999999999 falls one ULP short of
0.8; compared as it falls, a third token would be let in. So both rules allow for the rounding of
the computation, with ε = 2⁻⁵² (one ULP of 1):

- top-p: the prefix of the j best tokens reaches p when
  :math:`s_j \ge p - (j + 8)\,\varepsilon\,p` (``TOP_P_SLACK`` = 8): the partial sum s_j adds j
  rounded probabilities with j − 1 roundings, each within a few ULP of its value.
- min-p: token i is kept when :math:`p_i \ge \tau - 16\,\varepsilon\,\tau` with
  :math:`\tau = \text{min\_p} \cdot \max p` (``MIN_P_SLACK`` = 16): one product, and two
  probabilities sharing one denominator, so the error does not grow with the number of tokens;
  it grows with |ln p_i|, since exp amplifies the rounding of its argument.

Measured on 20,000 vectors of decimal probabilities (1 to 3 decimals, 2 to 60 tokens, T from 0.1
to 2 with the logits scaled by T), every prefix whose exact sum is p came within 3.75 ε·p of p
(the allowance is at least 9 ε·p), and each of 67,597 tokens with p_i = min_p · max p exactly
within 5.41 ε·τ of τ (``python bench/boundaries.py``). A sum or probability that misses by
more than the slack is outside, exactly as a strict comparison says, and anything at or past
the threshold is inside as before. :attr:`Cut.rounding` names the tokens the allowance decided,
so the page can say so.

The libraries compare without an allowance, and transformers and vLLM do it in the model's
dtype, often float32 (ε = 2⁻²³) or lower: there, at such a boundary, the sum may fall either
way of p (transformers' top-p masks where the cumulative sum from the bottom is ≤ 1 − p, a
different rounding again), so a library can keep one token more or fewer than this page at
exactly these round numbers. Away from the boundary the orders agree with the libraries as
described above.

Drawing
-------
:func:`sample_inverse_cdf` inverts the cumulative distribution; :func:`sample_gumbel_max` runs
the Gumbel-max race :math:`\arg\max_i (z_i + G_i)`, :math:`G_i = -\log(-\log U_i)`, which picks
i with probability softmax(z)_i. Both take a seeded :class:`numpy.random.Generator`, never pick a
removed token, and draw 10⁶ tokens from 10,000 logits well under a second.

Examples
--------
>>> import numpy as np
>>> z = np.log([0.5, 0.3, 0.15, 0.05])
>>> np.round(core.softmax(filter_logits(z, top_p=0.7)), 12).tolist()
[0.625, 0.375, 0.0, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from softmax_viz import core

FILTERS = ("temperature", "top_k", "top_p", "min_p")
ORDERS: dict[str, tuple[str, ...]] = {
    "transformers": ("temperature", "top_k", "top_p", "min_p"),
    "vllm": ("temperature", "min_p", "top_k", "top_p"),
    "llama.cpp": ("top_k", "top_p", "min_p", "temperature"),
}
# llama.cpp truncates to exactly k; the others keep every token tied with the k-th.
_TOP_K_KEEPS_TIES = {"transformers": True, "vllm": True, "llama.cpp": False}
MAX_DRAWS = 1_000_000
# Cochran's rule for the chi-square approximation: every expected count at least 5.
MIN_EXPECTED_COUNT = 5.0
# Draws are made in blocks of this many, so the race's scratch arrays stay a few megabytes.
_DRAW_BLOCK = 1 << 16
# With at most this many tokens left the race is one round: literally argmax(z_i + G_i).
_ONE_ROUND = 16
# Above that, knockout rounds of four runners: of rounds of 2, 4, 5, 7 and 10, the fastest for
# 10,000 tokens (fewest variates per draw, rounds × runners, with few rounds).
_KNOCKOUT_WIDTH = 4


# One unit in the last place of 1.0: the scale of the boundary allowances (see Boundaries).
EPS = float(np.finfo(np.float64).eps)
TOP_P_SLACK = 8
MIN_P_SLACK = 16


class Cut(NamedTuple):
    """The tokens a filter keeps, the threshold it applied, and the tokens whose fate the
    allowance for rounding decided (see Boundaries): removed by top-p though a strict ``≥ p``
    would have kept them, or kept by min-p though a strict ``≥`` would have removed them."""

    kept: np.ndarray
    threshold: float
    rounding: np.ndarray


def ranked(logits) -> np.ndarray:
    """Token indices from the largest logit down, the lower index first among equals; −inf last.

    Examples
    --------
    >>> ranked([1.0, 3.0, float("-inf"), 3.0]).tolist()
    [1, 3, 0, 2]
    """
    return np.argsort(-np.asarray(logits, dtype=np.float64), kind="stable")


def _alive(logits: np.ndarray) -> np.ndarray:
    return logits > -np.inf


def _protected(logits: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` best tokens still in the race, as a mask (``min_tokens_to_keep``)."""
    kept = np.zeros(logits.size, dtype=bool)
    kept[ranked(logits)[: min(count, int(_alive(logits).sum()))]] = True
    return kept


def top_k_cut(logits, k: int, *, keep_ties: bool = True, min_tokens_to_keep: int = 1) -> Cut:
    """The tokens top-k keeps: z_i ≥ z_(k) (``keep_ties``), or exactly k of them.

    The threshold is z_(k), the k-th largest logit left, after k is raised to
    ``min_tokens_to_keep`` and capped at the number of tokens left.

    Examples
    --------
    >>> top_k_cut([2.0, 1.0, 1.0, 0.0], 2).kept.tolist()
    [True, True, True, False]
    >>> top_k_cut([2.0, 1.0, 1.0, 0.0], 2, keep_ties=False).kept.tolist()
    [True, True, False, False]
    """
    logits = np.asarray(logits, dtype=np.float64)
    count = min(max(k, min_tokens_to_keep), int(_alive(logits).sum()))
    best = ranked(logits)[:count]
    threshold = float(logits[best[-1]])
    exact = np.zeros(logits.size, dtype=bool)  # logits are compared exactly: no rounding to allow for
    if keep_ties:
        return Cut(logits >= threshold, threshold, exact)
    kept = np.zeros(logits.size, dtype=bool)
    kept[best] = True
    return Cut(kept, threshold, exact)


class Cumulative(NamedTuple):
    """The tokens left, best first, and the running sum of their probabilities."""

    order: np.ndarray
    sums: np.ndarray


def cumulative_by_rank(logits) -> Cumulative:
    """softmax(logits) summed from the best token down, over the tokens still in the race.

    Examples
    --------
    >>> c = cumulative_by_rank(np.log([0.2, 0.5, 0.3]))
    >>> c.order.tolist(), np.round(c.sums, 12).tolist()
    ([1, 2, 0], [0.5, 0.8, 1.0])
    """
    logits = np.asarray(logits, dtype=np.float64)
    order = ranked(logits)[: int(_alive(logits).sum())]
    return Cumulative(order, np.cumsum(core.softmax(logits)[order]))


def top_p_cut(logits, top_p: float, *, min_tokens_to_keep: int = 1) -> Cut:
    """The tokens top-p keeps: the shortest best-first prefix whose probability reaches ``top_p``.

    Boundary rule: the prefix of the j best tokens reaches p when its float64 sum
    s_j ≥ p − (j + ``TOP_P_SLACK``)·ε·p, that is, when it equals p up to the rounding of the
    j probabilities and their sum (see the module's Boundaries). The threshold is the cumulative
    probability of that prefix (every token left is kept if no prefix reaches p).

    Examples
    --------
    >>> cut = top_p_cut(np.log([0.4, 0.2, 0.2, 0.2]), 0.5)
    >>> cut.kept.tolist(), round(cut.threshold, 12)
    ([True, True, False, False], 0.6)

    0.5 + 0.3 reaches 0.8, though softmax's 0.5 + 0.29999999999999993 is one ULP short (a
    strict comparison would have let in the next token, the lower index of the two 0.1s):

    >>> cut = top_p_cut(np.log([0.3, 0.1, 0.1, 0.5]), 0.8)
    >>> cut.kept.tolist(), cut.threshold, cut.rounding.tolist()
    ([True, False, False, True], 0.7999999999999999, [False, True, False, False])
    """
    logits = np.asarray(logits, dtype=np.float64)
    order, sums = cumulative_by_rank(logits)
    lengths = np.arange(1, sums.size + 1)
    # Both comparisons are monotone along the prefix: the first True ends it.
    reaches = sums >= top_p - (lengths + TOP_P_SLACK) * EPS * top_p
    count = _prefix_length(reaches, min_tokens_to_keep)
    strict_count = _prefix_length(sums >= top_p, min_tokens_to_keep)
    kept = np.zeros(logits.size, dtype=bool)
    kept[order[:count]] = True
    rounding = np.zeros(logits.size, dtype=bool)
    rounding[order[count:strict_count]] = True
    return Cut(kept, float(sums[count - 1]), rounding)


def _prefix_length(reaches: np.ndarray, min_tokens_to_keep: int) -> int:
    """Tokens up to the first position that reaches p (all if none does), at least
    ``min_tokens_to_keep`` of them and at most all."""
    count = int(np.argmax(reaches)) + 1 if reaches.any() else reaches.size
    return min(max(count, min_tokens_to_keep), reaches.size)


def min_p_cut(logits, min_p: float, *, min_tokens_to_keep: int = 1) -> Cut:
    """The tokens min-p keeps: p_i ≥ τ = min_p · max p, the threshold.

    Boundary rule: a token is kept when p_i ≥ τ − ``MIN_P_SLACK``·ε·τ, that is, when p_i equals
    τ up to the rounding of the probabilities and the product (see the module's Boundaries).

    Examples
    --------
    >>> cut = min_p_cut([2.0, 2.0, 1.0], 1.0)
    >>> cut.kept.tolist(), round(cut.threshold, 6)  # e / (2e + 1)
    ([True, True, False], 0.422319)

    0.3 is 0.6 · 0.5, though softmax's 0.29999999999999993 falls short of 0.6 · 0.5 = 0.3:

    >>> cut = min_p_cut(np.log([0.5, 0.3, 0.1, 0.1]), 0.6)
    >>> cut.kept.tolist(), cut.rounding.tolist()
    ([True, True, False, False], [False, True, False, False])
    """
    logits = np.asarray(logits, dtype=np.float64)
    probabilities = core.softmax(logits)
    threshold = float(min_p * probabilities.max())
    protected = _protected(logits, min_tokens_to_keep)
    kept = _alive(logits) & (probabilities >= threshold - MIN_P_SLACK * EPS * threshold) | protected
    strictly_kept = _alive(logits) & (probabilities >= threshold) | protected
    return Cut(kept, threshold, kept & ~strictly_kept)


@dataclass(frozen=True)
class Stage:
    """The state after one step of the pipeline.

    ``name`` is ``"input"`` or one of :data:`FILTERS`; ``setting`` is its parameter (T, k, p or
    min_p), None when the filter is off; ``threshold`` is what a token had to reach: z_(k) for
    top-k, the kept cumulative probability for top-p, min_p · max p for min-p (nan otherwise);
    ``rounding`` marks the tokens whose fate the allowance for rounding decided (:class:`Cut`).
    """

    name: str
    setting: float | None
    logits: np.ndarray  # removed tokens are −inf
    probabilities: np.ndarray  # softmax(logits): renormalized over the tokens kept
    removed: np.ndarray  # the tokens this step removed
    threshold: float
    rounding: np.ndarray

    @property
    def kept(self) -> np.ndarray:
        return self.logits > -np.inf


def _check(temperature, top_k, top_p, min_p, order, min_tokens_to_keep) -> None:
    problems = {
        "temperature must be a finite number > 0": not (math.isfinite(temperature) and temperature > 0),
        "top_k must be an integer >= 1 or None": top_k is not None
        and (isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1),
        "top_p must be in (0, 1] or None": top_p is not None and not 0 < top_p <= 1,
        "min_p must be in [0, 1] or None": min_p is not None and not 0 <= min_p <= 1,
        f"order must be one of {', '.join(ORDERS)}": order not in ORDERS,
        "min_tokens_to_keep must be an integer >= 1": not isinstance(min_tokens_to_keep, (int, np.integer))
        or min_tokens_to_keep < 1,
    }
    messages = [message for message, failed in problems.items() if failed]
    if messages:
        raise ValueError("; ".join(messages))


def _as_logits(logits) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError("logits must be a non-empty 1-D vector")
    if np.isnan(logits).any() or np.isposinf(logits).any() or not _alive(logits).any():
        raise ValueError("logits must be finite or −inf (masked), with at least one finite")
    return logits


def pipeline(
    logits,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    min_p: float | None = None,
    order: str = "transformers",
    min_tokens_to_keep: int = 1,
) -> tuple[Stage, ...]:
    """Every stage of the sampling pipeline: the input, then the four steps in ``order``.

    A filter set to None (or top-p 1) is off: its stage removes nothing. See the module notes
    for the rules and the orders.

    Raises
    ------
    ValueError
        If a setting is out of its range or the logits are not a vector with a finite value.

    Examples
    --------
    >>> stages = pipeline([3.0, 2.0, 1.0], temperature=0.5, top_p=0.8, order="llama.cpp")
    >>> [stage.name for stage in stages]
    ['input', 'top_k', 'top_p', 'min_p', 'temperature']
    >>> stages[-1].logits.tolist()
    [6.0, 4.0, -inf]
    """
    _check(temperature, top_k, top_p, min_p, order, min_tokens_to_keep)
    current = _as_logits(logits)
    nothing = np.zeros(current.size, dtype=bool)
    stages = [Stage("input", None, current, core.softmax(current), nothing, math.nan, nothing)]
    settings = {"temperature": temperature, "top_k": top_k, "top_p": top_p, "min_p": min_p}
    for name in ORDERS[order]:
        setting = settings[name]
        threshold = math.nan
        kept = _alive(current)
        rounding = nothing
        if name == "temperature":
            current = core.temperature_scaled(current, temperature)
        elif setting is not None and not (name == "top_p" and setting == 1):
            if name == "top_k":
                cut = top_k_cut(
                    current,
                    setting,
                    keep_ties=_TOP_K_KEEPS_TIES[order],
                    min_tokens_to_keep=min_tokens_to_keep,
                )
            elif name == "top_p":
                cut = top_p_cut(current, setting, min_tokens_to_keep=min_tokens_to_keep)
            else:
                cut = min_p_cut(current, setting, min_tokens_to_keep=min_tokens_to_keep)
            kept, threshold, rounding = cut
            current = np.where(kept, current, -np.inf)
        else:
            setting = None
        removed = stages[-1].kept & ~kept
        stages.append(Stage(name, setting, current, core.softmax(current), removed, threshold, rounding))
    return tuple(stages)


def removing_stage(stages: Sequence[Stage]) -> np.ndarray:
    """For each token, the position in ``stages`` of the stage that removed it: 0 for a token
    masked (−inf) in the input, −1 for one every stage kept.

    Examples
    --------
    >>> stages = pipeline([3.0, 2.0, float("-inf"), 1.0], top_k=2)
    >>> [stage.name for stage in stages], removing_stage(stages).tolist()
    (['input', 'temperature', 'top_k', 'top_p', 'min_p'], [-1, -1, 0, 2])
    """
    positions = np.full(stages[0].logits.size, -1)
    positions[~stages[0].kept] = 0
    for position, stage in enumerate(stages[1:], start=1):
        positions[stage.removed] = position
    return positions


def filter_logits(
    logits,
    *,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    min_p: float | None = None,
    order: str = "transformers",
    min_tokens_to_keep: int = 1,
) -> np.ndarray:
    """The logits after the whole pipeline (see :func:`pipeline`); removed tokens are −inf.

    Examples
    --------
    >>> filter_logits([2.0, 1.0, 1.0, 0.0], top_k=2).tolist()
    [2.0, 1.0, 1.0, -inf]
    >>> filter_logits([2.0, 1.0, 1.0, 0.0], top_k=2, order="llama.cpp").tolist()
    [2.0, 1.0, -inf, -inf]
    """
    return pipeline(
        logits,
        temperature=temperature,
        top_k=top_k,
        top_p=top_p,
        min_p=min_p,
        order=order,
        min_tokens_to_keep=min_tokens_to_keep,
    )[-1].logits


# --- drawing ------------------------------------------------------------------------------------


def _check_draws(n: int) -> None:
    if not 0 <= n <= MAX_DRAWS:
        raise ValueError(f"n must be an integer in [0, {MAX_DRAWS}], got {n!r}")


def sample_inverse_cdf(logits, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` token indices drawn from softmax(logits) by inverting its cumulative distribution.

    Token i is drawn when a uniform u · total falls in [F_{i−1}, F_i); a removed token has an
    empty interval and is never drawn.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draws = sample_inverse_cdf([0.0, float("-inf"), 0.0], 10_000, rng)
    >>> np.bincount(draws, minlength=3).tolist()[1], bool(abs(np.mean(draws == 0) - 0.5) < 0.02)
    (0, True)
    """
    _check_draws(n)
    probabilities = core.softmax(_as_logits(logits))
    cumulative = np.cumsum(probabilities)
    indices = np.searchsorted(cumulative, rng.random(n) * cumulative[-1], side="right")
    # u · total can round up to total itself; the last token with probability takes that draw.
    return np.minimum(indices, np.flatnonzero(probabilities)[-1])


def _round_shape(count: int) -> tuple[int, int]:
    """Rounds and runners per round for ``count`` tokens: one round of all of them up to
    ``_ONE_ROUND``, else rounds of ``_KNOCKOUT_WIDTH`` (runners ** rounds ≥ count)."""
    if count <= _ONE_ROUND:
        return 1, count
    rounds = 1
    while _KNOCKOUT_WIDTH**rounds < count:
        rounds += 1
    return rounds, _KNOCKOUT_WIDTH


def sample_gumbel_max(logits, n: int, rng: np.random.Generator) -> np.ndarray:
    r"""``n`` token indices drawn by the Gumbel-max race :math:`\arg\max_i (z_i + G_i)`.

    Each draw is a race: every token left gets a fresh :math:`G_i = -\log E_i`, :math:`E_i` a standard
    exponential variate (:math:`-\log U_i`), and the largest :math:`z_i + G_i` wins, which
    happens with probability softmax(z)_i. Since −log is decreasing, that is the smallest
    :math:`E_i / e^{z_i - \mathrm{lse}(z)} = E_i / p_i`, the form computed here; a removed token
    (p_i = 0) never wins.

    With more than 16 tokens the race is run as a knockout, from the top down: the tokens are
    split into groups, and the best :math:`z_i + G_i` of a group is distributed as
    :math:`\mathrm{lse}(z_\text{group}) + G` for a single fresh Gumbel variate (the maximum of
    Gumbels is Gumbel), independently of which member holds it. So a race between the groups,
    each entering as one runner with that logit, picks the winning group; a race inside it picks
    the winner. With 10,000 tokens left a draw takes seven rounds of four runners instead of one
    race of 10,000, and the winner has the same distribution.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draws = sample_gumbel_max([0.0, float("-inf"), 0.0], 10_000, rng)
    >>> np.bincount(draws, minlength=3).tolist()[1], bool(abs(np.mean(draws == 0) - 0.5) < 0.02)
    (0, True)
    """
    _check_draws(n)
    probabilities = core.softmax(_as_logits(logits))
    # Only the tokens still in the race run: a removed token could never win.
    runners_left = np.flatnonzero(probabilities)
    rounds, width = _round_shape(runners_left.size)
    # Each round's runners, as rates: a group's is the sum of its members' probabilities; the
    # empty places of the last group have rate 0. Stored as 1 / rate, one row per group.
    rates = [np.zeros(width**rounds)]
    rates[0][: runners_left.size] = probabilities[runners_left]
    for _ in range(rounds - 1):
        rates.insert(0, rates[0].reshape(-1, width).sum(axis=1))
    slowness = [
        np.divide(1.0, level, out=np.full(level.size, np.inf), where=level > 0).reshape(-1, width)
        for level in rates
    ]
    draws = np.empty(n, dtype=np.int64)
    for start in range(0, n, _DRAW_BLOCK):
        size = min(_DRAW_BLOCK, n - start)
        winner = np.zeros(size, dtype=np.int64)
        for level in slowness:
            exponential = rng.standard_exponential((size, width))
            # E = 0 (chance 2⁻⁵³) would make 0 · ∞ = nan for an empty place and let it win;
            # raised to the smallest normal number, E keeps empty places last.
            np.maximum(exponential, np.finfo(np.float64).smallest_normal, out=exponential)
            winner = winner * width + np.argmin(exponential * level[winner], axis=1)
        draws[start : start + size] = runners_left[winner]
    return draws


class Race(NamedTuple):
    """One Gumbel-max race: each token's Gumbel variate, its z_i + G_i, and the winner."""

    gumbel: np.ndarray
    perturbed: np.ndarray
    winner: int


def gumbel_race(logits, rng: np.random.Generator) -> Race:
    r"""One race, in full: :math:`G_i = -\log(-\log U_i)` for every token, and the argmax of
    :math:`z_i + G_i`. A removed token has :math:`z_i + G_i = -\infty` and cannot win.

    Examples
    --------
    >>> race = gumbel_race([1.0, float("-inf"), 0.5], np.random.default_rng(0))
    >>> race.perturbed[1], race.winner == int(np.argmax(race.perturbed))
    (np.float64(-inf), True)
    """
    logits = _as_logits(logits)
    with np.errstate(divide="ignore"):  # U = 0 gives G = −inf: that token loses
        gumbel = -np.log(-np.log(rng.random(logits.size)))
    perturbed = logits + gumbel
    return Race(gumbel, perturbed, int(np.argmax(perturbed)))


SAMPLERS = {"inverse-cdf": sample_inverse_cdf, "gumbel-max": sample_gumbel_max}


class GoodnessOfFit(NamedTuple):
    """Pearson's chi-square test of drawn counts against probabilities."""

    statistic: float
    p_value: float
    cells: int  # after pooling; degrees of freedom = cells − 1


def goodness_of_fit(counts, probabilities) -> GoodnessOfFit | None:
    """Test ``counts`` (draws per token) against ``probabilities`` with
    :func:`scipy.stats.chisquare`; None when there are fewer than two cells to compare.

    Tokens with probability 0 are left out (a draw of one would be a bug, not chance). Tokens
    whose expected count n·p_i is below ``MIN_EXPECTED_COUNT`` (5, Cochran's rule for the chi-square
    approximation) are pooled into one cell; if that cell still expects fewer than 5, it joins
    the smallest cell that does not.

    Examples
    --------
    >>> fit = goodness_of_fit([48, 52, 0], [0.5, 0.5, 0.0])
    >>> fit.cells, round(fit.statistic, 6), round(fit.p_value, 4)
    (2, 0.16, 0.6892)
    """
    counts = np.asarray(counts, dtype=np.float64)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    positive = probabilities > 0
    total = counts.sum()
    expected = total * probabilities[positive] / probabilities[positive].sum()
    observed = counts[positive]
    order = np.argsort(-expected, kind="stable")
    expected, observed = expected[order], observed[order]
    large = int(np.count_nonzero(expected >= MIN_EXPECTED_COUNT))
    cells_expected = list(expected[:large])
    cells_observed = list(observed[:large])
    pooled_expected, pooled_observed = expected[large:].sum(), observed[large:].sum()
    if pooled_expected >= MIN_EXPECTED_COUNT:
        cells_expected.append(pooled_expected)
        cells_observed.append(pooled_observed)
    elif cells_expected:
        cells_expected[-1] += pooled_expected
        cells_observed[-1] += pooled_observed
    if len(cells_expected) < 2:
        return None
    # Imported here: scipy.stats takes about 1.3 s to import and only the chi-square needs it;
    # imported with the module, it made a server's first page wait, whatever the view.
    import scipy.stats

    result = scipy.stats.chisquare(cells_observed, cells_expected)
    return GoodnessOfFit(float(result.statistic), float(result.pvalue), len(cells_expected))
