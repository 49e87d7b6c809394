"""The numerical core: softmax and its relatives, exact where they can be, fast, and UI-free.

Besides the standard library only numpy is imported here; a test checks that importing this
module loads neither streamlit nor plotly.

The kernels walk over cache-sized tiles of rows, in place in the output with a few tile-sized
scratch buffers (a large input is split between the cores by rows); the only output-sized array
they may add is the copy made when the reduced axes are not already the last ones. They recover
the rounding error of ``x - max`` exactly (TwoSum) and fold it back into the exponential as
``exp(hi) * (1 + lo)``, so float64 results stay within a few units in the last place (ulp) of
the exact values, where the textbook max-shift loses hundreds.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np

# A tile of rows, and each scratch buffer, holds about this many bytes, a core's L2 cache: the
# passes over a tile find it in cache, and tiles are few enough for numpy's per-call overhead.
_TILE_BYTES = 1 << 20
# Inputs of this many elements or more are split between the cores.
_PARALLEL_ELEMENTS = 1 << 20

EVENTS = ("overflow", "underflow", "invalid", "divide")


# --- arrays, axes and tiles ------------------------------------------------------------------


def _as_float_array(x) -> np.ndarray:
    """float16/32/64 and longdouble keep their dtype; integers and booleans become float64."""
    x = np.asarray(x)
    if x.dtype.kind == "c":
        raise TypeError("softmax_viz.core is defined for real input; got a complex array")
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _reduced_axes(axis, ndim: int) -> tuple[int, ...]:
    """The axes one slice runs along, normalised and sorted; ``None`` means all of them."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    normalized = np.lib.array_utils.normalize_axis_tuple(axes, max(ndim, 1))
    return tuple(sorted(normalized)) if ndim else ()


def _as_rows(x: np.ndarray, axis) -> tuple[np.ndarray, tuple[int, ...], Callable]:
    """``x`` as a 2-D (slices, K) array, the shape of the kept axes, and the way back.

    A view when numpy can express it as one (the reduced axes last, or a plain transpose);
    otherwise one copy.
    """
    reduced = _reduced_axes(axis, x.ndim)
    kept = tuple(a for a in range(x.ndim) if a not in reduced)
    moved = np.transpose(x, kept + reduced)
    kept_shape = moved.shape[: len(kept)]
    rows = moved.reshape(math.prod(kept_shape), math.prod(moved.shape[len(kept) :]))
    inverse = tuple(np.argsort(kept + reduced))

    def restore(out: np.ndarray) -> np.ndarray:
        return np.transpose(out.reshape(moved.shape), inverse)[()]

    return rows, kept_shape, restore


class _Tiles:
    """Blocks of whole rows of about ``_TILE_BYTES`` (a longer row is cut into column chunks),
    and scratch buffers of one tile's size, reused for every tile of one call."""

    def __init__(self, rows: np.ndarray, buffers: int) -> None:
        self.count, self.length = rows.shape
        per_tile = max(_TILE_BYTES // rows.itemsize, 1)
        self.width = min(self.length, per_tile)
        self.height = min(self.count, per_tile // self.width)
        shape = (self.height, self.width)
        self.scratch = tuple(np.empty(shape, rows.dtype) for _ in range(buffers))

    def rows(self) -> Iterator[slice]:
        return (slice(top, top + self.height) for top in range(0, self.count, self.height))

    def columns(self) -> Iterator[slice]:
        return (slice(left, left + self.width) for left in range(0, self.length, self.width))

    def buffers(self, like: np.ndarray) -> tuple[np.ndarray, ...]:
        return tuple(buffer[: like.shape[0], : like.shape[1]] for buffer in self.scratch)


def _over_slices(kernel: Callable, x, axis) -> np.ndarray:
    """Run ``kernel(rows, out)`` on ``x`` seen as rows along ``axis``; return ``out`` in x's shape."""
    x = _as_float_array(x)
    if x.dtype == np.float16:
        # numpy computes float16 in float32 anyway: do all of it there and round once.
        return _over_slices(kernel, x.astype(np.float32), axis).astype(np.float16)
    rows, _, restore = _as_rows(x, axis)
    out = np.empty(rows.shape, x.dtype)
    _by_row_ranges(kernel, rows, out)
    return restore(out)


def _by_row_ranges(kernel: Callable, rows: np.ndarray, out: np.ndarray) -> None:
    """``kernel(rows, out)`` at once, or for a large input on ranges of rows, one thread per core.

    numpy's loops release the GIL, so the threads run in parallel, each range with its own
    scratch. Four ranges per thread let a core that other work slows down take fewer of them.
    """

    def work(part: slice) -> None:
        with np.errstate(all="ignore"):  # in each thread: numpy's error state is per thread
            kernel(rows[part], out[part])

    if rows.size == 0:
        return
    workers = min(os.cpu_count() or 1, rows.shape[0]) if rows.size >= _PARALLEL_ELEMENTS else 1
    if workers == 1:
        work(slice(None))
        return
    bounds = np.linspace(0, rows.shape[0], min(4 * workers, rows.shape[0]) + 1).astype(int).tolist()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, [slice(a, b) for a, b in itertools.pairwise(bounds)]))


# --- the exact shift ---------------------------------------------------------------------------


def _subtraction_error(x, shift, hi, lo, spare) -> None:
    """lo = (x − shift) − hi exactly, for hi = fl(x − shift) (Knuth's TwoSum, any magnitudes).

    Without ``lo``, exp(hi) is off by up to half an ulp of |x − max| relative: about 250 ulp of
    the result when |x − max| ≈ 1e3. That is where scipy's hundreds of ulp come from.
    """
    np.subtract(hi, x, out=lo)  # the part of hi that came from −shift
    np.subtract(hi, lo, out=spare)  # the part that came from x
    np.subtract(x, spare, out=spare)  # x's share of the rounding error
    np.add(lo, shift, out=lo)  # minus shift's share
    np.subtract(spare, lo, out=lo)


def _exp_folded(hi, lo, e) -> None:
    """e = exp(hi)·(1 + lo), which is exp(hi + lo) to within lo²/2, far below an ulp. Uses lo."""
    np.exp(hi, out=e)
    np.multiply(e, lo, out=lo)
    np.add(e, lo, out=e)


# --- softmax -----------------------------------------------------------------------------------


def _exp_shifted(x, peak, e, lo, spare, limit: float) -> None:
    """e = exp(x − shift), with the rounding error of the subtraction folded back in.

    The shift is the row's maximum m, or 0 where that is safe: 0 <= m < ``limit``, so that
    exp(x) can neither overflow nor sum to less than 1. Shifting by 0 leaves x exact.
    """
    low, high = float(peak.min()), float(peak.max())
    if low >= 0 and high < limit:
        np.exp(x, out=e)
    elif high < limit:
        shift = np.minimum(peak, 0)
        # x − m <= 0: exp cannot overflow, and m's own term is 1, so the sum cannot vanish.
        np.subtract(x, shift, out=e)
        # Every |x| >= |shift| (x <= m < 0, or a shift of 0): Fast2Sum's error term is exact.
        np.subtract(x, e, out=lo)
        np.subtract(lo, shift, out=lo)
        _exp_folded(e, lo, e)
    else:
        np.subtract(x, peak, out=e)  # as above, for any magnitudes: TwoSum's error term
        _subtraction_error(x, peak, e, lo, spare)
        _exp_folded(e, lo, e)


def _sum_largest_last(e, top) -> np.ndarray:
    """Σ e per row, adding the maximum's term, the largest, last: the rounding errors of the
    others' sum then scale with that sum, not with the largest term (think of one dominant class).
    float32 terms are summed in float64."""
    largest = e[top]
    e[top] = 0
    total = e.sum(axis=1, dtype=np.promote_types(e.dtype, np.float64)) + largest
    e[top] = largest
    return total.astype(e.dtype)[:, np.newaxis]


def _masked_to_zero(result, total, peak, top) -> np.ndarray:
    """exp(−inf)·(1 + nan) is nan: give masked classes (x = −inf) their exp, 0, and sum again."""
    masked = np.isnan(total) & np.isfinite(peak)
    np.copyto(result, 0.0, where=masked & np.isnan(result))
    return np.where(masked, _sum_largest_last(result, top), total)


def _softmax_rows(x: np.ndarray, out: np.ndarray) -> None:
    tiles = _Tiles(x, buffers=2)
    # Below this maximum neither exp(x) nor the sum of K of them can overflow.
    limit = exp_thresholds(x.dtype).overflow - math.log(x.shape[1]) - 1
    for rows in tiles.rows():
        block, result = x[rows], out[rows]
        top = (np.arange(block.shape[0]), block.argmax(axis=1))  # where each row's maximum is
        peak = block[top][:, np.newaxis]
        for c in tiles.columns():
            _exp_shifted(block[:, c], peak, result[:, c], *tiles.buffers(result[:, c]), limit)
        total = _sum_largest_last(result, top)
        if math.isnan(total.sum()):
            total = _masked_to_zero(result, total, peak, top)
        np.divide(result, total, out=result)


def softmax(x, axis=None) -> np.ndarray:
    r"""Softmax: exponentials normalised to sum to 1 along ``axis``.

    .. math:: \mathrm{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}},\qquad m = \max_j x_j

    Drop-in compatible with :func:`scipy.special.softmax`.

    Parameters
    ----------
    x : array_like
        Input. Integers of any width and booleans become float64 (scipy turns int8 into
        float16); float16, float32, float64 and longdouble keep their dtype (float16 is
        computed in float32 and rounded once).
    axis : int, tuple of int or None, optional
        Axes over which the probabilities sum to 1. ``None`` (default) means the whole array;
        the shape is always preserved.

    Returns
    -------
    ndarray
        Same shape and dtype as ``x`` (a numpy scalar for a scalar, as in scipy).

    Notes
    -----
    ``x − m`` is rounded; its rounding error ``lo`` is recovered exactly (TwoSum) and folded back
    in as ``e^{hi}(1 + lo)``. Where ``0 <= m`` and ``e^{x}`` cannot overflow, the shift is 0
    instead, which is exact. The largest term is added to the sum last, and float32 terms are
    summed in float64. float64 and float32 results are within 4 ulp of the exact values (the tests
    measure them against mpmath); in float32 most of it is numpy's float32 exp (about 2.4 ulp).

    Non-finite input, as in scipy:

    - ``-inf`` is a masked class: probability 0.
    - a slice that is all ``-inf`` gives nan (0/0).
    - ``+inf`` anywhere in a slice gives nan for the whole slice (inf − inf).
    - ``nan`` anywhere in a slice gives nan for the whole slice.
    - an empty array gives an empty array of the same shape (scipy raises ValueError).

    Complex input raises TypeError (scipy accepts it). No floating-point warning escapes.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(softmax([1.0, 2.0, 3.0]), 8)
    array([0.09003057, 0.24472847, 0.66524096])
    >>> np.round(softmax([[1, 1, 5], [1, 2, 9]], axis=1), 6).tolist()
    [[0.017668, 0.017668, 0.964663], [0.000335, 0.000911, 0.998754]]
    >>> round(float(softmax(np.arange(705.0, 715.0))[-1]), 10)  # where exp(x) itself overflows
    0.6321492584
    >>> softmax([3.0, -np.inf, 1.0])
    array([0.88079708, 0.        , 0.11920292])
    """
    return _over_slices(_softmax_rows, x, axis)


# --- log_softmax and logsumexp -------------------------------------------------------------------


def _shifted_exactly(x, peak, hi, lo, spare) -> None:
    """hi + lo == x − peak exactly; lo is 0 where hi is not finite (masked classes, inf, nan)."""
    np.subtract(x, peak, out=hi)
    _subtraction_error(x, peak, hi, lo, spare)
    np.copyto(lo, 0.0, where=np.isnan(lo))


def _log_sum(block, peak, tiles: _Tiles) -> np.ndarray:
    """log Σ_j exp(x_j − max) per row, as log1p of the terms other than one maximum's.

    Each maximum contributes exactly 1; summing the others apart keeps a tiny sum, which
    log(1 + sum) would round away.
    """
    rest = np.zeros(peak.shape, np.promote_types(peak.dtype, np.float64))  # float32 sums in float64
    maxima = 0
    for columns in tiles.columns():
        x = block[:, columns]
        hi, lo, e, spare = tiles.buffers(x)
        _shifted_exactly(x, peak, hi, lo, spare)
        _exp_folded(hi, lo, e)
        at_max = hi == 0
        np.copyto(e, 0.0, where=at_max)
        rest += e.sum(axis=1, keepdims=True, dtype=rest.dtype)
        maxima = maxima + np.count_nonzero(at_max, axis=1, keepdims=True)
    rest += maxima - 1  # ties: every maximum but one adds exactly 1
    return np.log1p(rest).astype(peak.dtype)


def _log_softmax_rows(x: np.ndarray, out: np.ndarray) -> None:
    tiles = _Tiles(x, buffers=4)
    for rows in tiles.rows():
        block, result = x[rows], out[rows]
        peak = block.max(axis=1, keepdims=True)
        # Without a finite maximum the result is x − max, as in scipy (−inf, or nan).
        log_sum = np.where(np.isfinite(peak), _log_sum(block, peak, tiles), 0)
        for columns in tiles.columns():
            hi = result[:, columns]
            lo, spare = tiles.buffers(hi)[:2]
            _shifted_exactly(block[:, columns], peak, hi, lo, spare)
            np.subtract(hi, log_sum, out=hi)
            np.add(hi, lo, out=hi)


def log_softmax(x, axis=None) -> np.ndarray:
    r"""Logarithm of softmax, computed without ever taking the log of a probability.

    .. math::

        \log \mathrm{softmax}(x)_k = (x_k - m)
        - \operatorname{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big),\qquad m = x_a = \max_j x_j

    Drop-in compatible with :func:`scipy.special.log_softmax`; parameters as in :func:`softmax`.

    Notes
    -----
    The maximum's own term is exactly 1, so the others are summed apart and passed to
    ``log1p``: the tiny log-probability of a dominant class survives (``-4.2e-18`` for
    ``[0, -40]``, where ``log(sum)`` rounds to 0). ``x − m`` is split exactly into ``hi + lo``
    as in :func:`softmax`. float64 results are within 4 ulp of the exact values.

    Non-finite input, as in scipy: ``-inf`` gives ``-inf`` (a masked class). A slice with
    ``+inf`` gives ``-inf`` at its finite entries and nan at the ``+inf`` ones; a slice with
    nan, or all ``-inf``, gives nan. An empty array gives an empty array (scipy raises).

    Examples
    --------
    >>> log_softmax([1000.0, 1.0])
    array([   0., -999.])
    >>> f"{log_softmax([0.0, -40.0])[0]:.6e}"
    '-4.248354e-18'
    >>> log_softmax([2.0, -np.inf])
    array([  0., -inf])
    """
    return _over_slices(_log_softmax_rows, x, axis)


def _logsumexp_rows(x: np.ndarray, out: np.ndarray) -> None:
    tiles = _Tiles(x, buffers=4)
    for rows in tiles.rows():
        block = x[rows]
        peak = block.max(axis=1, keepdims=True)
        # Without a finite maximum the answer is the maximum itself (−inf, +inf or nan).
        out[rows] = np.where(np.isfinite(peak), peak + _log_sum(block, peak, tiles), peak)


def logsumexp(x, axis=None) -> np.ndarray | np.floating:
    r"""log Σ exp(x) along ``axis``, as :func:`scipy.special.logsumexp` (without weights).

    .. math::

        \operatorname{logsumexp}(x) = m + \operatorname{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big)

    Returns an array of the shape of the axes not reduced (a numpy scalar for ``axis=None``).

    Notes
    -----
    A slice of all ``-inf`` gives ``-inf`` (the log of an empty sum), one with ``+inf`` gives
    ``+inf``, one with nan gives nan; an empty slice gives ``-inf``. All as in scipy.

    Examples
    --------
    >>> round(float(logsumexp([1000.0, 1000.0])), 10)
    1000.6931471806
    >>> logsumexp([[0.0, 0.0], [-np.inf, -np.inf]], axis=1)
    array([0.69314718,       -inf])
    """
    x = _as_float_array(x)
    if x.dtype == np.float16:
        return logsumexp(x.astype(np.float32), axis).astype(np.float16)
    rows, kept_shape, _ = _as_rows(x, axis)
    out = np.full((rows.shape[0], 1), -np.inf, x.dtype)  # the log of an empty sum
    _by_row_ranges(_logsumexp_rows, rows, out)
    return out.reshape(kept_shape)[()]


def naive_softmax(x, axis=None) -> np.ndarray:
    r"""The textbook formula, exp(x) / Σ exp(x), exactly as textbooks write it.

    .. math:: y_k = \frac{e^{x_k}}{\sum_j e^{x_j}}

    It is here to be watched failing: exp overflows to inf above ln(max) (≈ 709.78 in float64)
    and underflows to 0 far below 0, giving 0, inf/inf = nan and 0/0 = nan. The floating-point
    warnings are silenced so that only the values tell the story.

    Examples
    --------
    >>> naive_softmax(np.arange(705.0, 715.0))
    array([ 0.,  0.,  0.,  0.,  0., nan, nan, nan, nan, nan])
    """
    x = _as_float_array(x)
    with np.errstate(all="ignore"):
        exp_x = np.exp(x)
        return exp_x / np.sum(exp_x, axis=axis, keepdims=True)


# --- a step-by-step trace for the overflow view --------------------------------------------------


@dataclass(frozen=True, eq=False)  # arrays inside: compared by identity, hashable
class Step:
    """One intermediate of a softmax computation and the floating-point events it raised.

    ``value`` has shape ``(K,)`` for the elementwise steps and shape ``(1,)`` for the
    reductions ``max`` and ``sum``. ``events`` maps each IEEE 754 exception the step raised
    (among ``EVENTS``: "overflow", "underflow" — a result below the normal range that had to
    be rounded —, "invalid", "divide") to the indices of the elements involved; exceptions
    that were not raised are absent. The tests check them against the flags numpy raises.
    """

    name: str
    value: np.ndarray
    events: dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)  # arrays inside: compared by identity, hashable
class SoftmaxTrace:
    """The naive steps (input, exp, sum, quotient) and the max-shifted ones (input, max,
    shifted, exp, sum, quotient) of one vector, all in ``dtype``."""

    dtype: np.dtype
    naive: tuple[Step, ...]
    stable: tuple[Step, ...]


def _events(**masks) -> dict[str, np.ndarray]:
    return {name: np.flatnonzero(mask) for name, mask in masks.items() if np.any(mask)}


def _tiny(values: np.ndarray) -> np.ndarray:
    """Below the smallest normal number: subnormal, or 0."""
    return np.abs(values) < np.finfo(values.dtype).smallest_normal


def _input_step(x: np.ndarray, dtype: np.dtype) -> Step:
    value = x.astype(dtype)
    inexact = value.astype(np.float64) != x
    overflow = np.isinf(value) & np.isfinite(x)
    return Step("input", value, _events(overflow=overflow, underflow=_tiny(value) & inexact))


def _exp_step(values: np.ndarray) -> Step:
    exp_values = np.exp(values)
    finite = np.isfinite(values)  # exp of a finite nonzero number is never exact
    overflow = np.isinf(exp_values) & finite
    return Step("exp", exp_values, _events(overflow=overflow, underflow=_tiny(exp_values) & finite))


def _sum_step(exp_values: np.ndarray) -> Step:
    total = np.sum(exp_values, keepdims=True)
    finite = np.isfinite(exp_values)
    overflow = finite & (np.isinf(total) & finite.all())  # every term is involved in the sum
    return Step("sum", total, _events(overflow=overflow))  # a sum of terms >= 0 cannot underflow


def _inexact_quotients(quotient, exp_values, total, candidates) -> np.ndarray:
    """Which candidate quotients were rounded: decided in exact rational arithmetic."""
    rounded = np.zeros(quotient.shape, bool)
    for k in np.flatnonzero(candidates):
        exact = Fraction(float(exp_values[k])) / Fraction(float(total[0]))
        rounded[k] = Fraction(float(quotient[k])) != exact
    return rounded


def _quotient_step(exp_values: np.ndarray, total: np.ndarray) -> Step:
    """inf/inf and 0/0 are invalid; a quotient below the normal range that had to be rounded
    underflows (a subnormal divided exactly, by 1 say, does not). x/0 with x != 0 cannot occur:
    the sum is at least each of its terms."""
    quotient = exp_values / total
    divided = (exp_values != 0) & np.isfinite(exp_values) & np.isfinite(total) & (total != 0)
    underflow = _inexact_quotients(quotient, exp_values, total, divided & _tiny(quotient))
    invalid = np.isnan(quotient) & ~np.isnan(exp_values) & ~np.isnan(total)
    return Step("quotient", quotient, _events(invalid=invalid, underflow=underflow))


def _shifted_step(values: np.ndarray, peak: np.ndarray) -> Step:
    """x − max overflows towards −inf for huge spans and is nan for inf − inf; it never
    underflows, since a difference in the subnormal range is exact."""
    shifted = values - peak
    overflow = np.isinf(shifted) & np.isfinite(values) & np.isfinite(peak)
    invalid = np.isnan(shifted) & ~np.isnan(values) & ~np.isnan(peak)
    return Step("shifted", shifted, _events(overflow=overflow, invalid=invalid))


def _steps(start: Step) -> tuple[Step, ...]:
    exp_step = _exp_step(start.value)
    sum_step = _sum_step(exp_step.value)
    return exp_step, sum_step, _quotient_step(exp_step.value, sum_step.value)


def trace_softmax(x, dtype=np.float64) -> SoftmaxTrace:
    """Every intermediate of the naive and the max-shifted softmax of one vector in ``dtype``.

    The naive path is input → exp → sum → quotient; the stable path is input → max → shifted
    (x − max) → exp → sum → quotient, the textbook shift without the error compensation of
    :func:`softmax`. Each :class:`Step` names the floating-point events it raised and the
    elements involved: casting 70000 to float16 overflows at the input step; exp of 710
    overflows in float64; inf/inf and 0/0 are invalid operations.

    Raises
    ------
    ValueError
        If ``x`` is not one vector, or has no values.

    Examples
    --------
    >>> trace = trace_softmax(np.arange(705.0, 715.0))
    >>> [step.name for step in trace.naive]
    ['input', 'exp', 'sum', 'quotient']
    >>> trace.naive[1].events["overflow"].tolist()
    [5, 6, 7, 8, 9]
    >>> trace.naive[3].events["invalid"].tolist()
    [5, 6, 7, 8, 9]
    >>> trace.stable[-1].events
    {}
    """
    dtype = np.dtype(dtype)
    x = np.atleast_1d(np.asarray(x, dtype=np.float64))
    if x.ndim != 1:
        raise ValueError(f"trace_softmax takes one vector, got an array of shape {x.shape}")
    if x.size == 0:
        raise ValueError("trace_softmax needs at least one value, got an empty vector")
    with np.errstate(all="ignore"):
        start = _input_step(x, dtype)
        peak = np.max(start.value, keepdims=True)
        shifted = _shifted_step(start.value, peak)
        naive = (start, *_steps(start))
        stable = (start, Step("max", peak, {}), shifted, *_steps(shifted))
    return SoftmaxTrace(dtype=dtype, naive=naive, stable=stable)


class ExpThresholds(NamedTuple):
    """Where exp leaves a dtype's range: above ``overflow`` it is inf; below
    ``underflow_normal`` it is subnormal (losing digits); below ``underflow_subnormal`` it is 0."""

    overflow: float
    underflow_normal: float
    underflow_subnormal: float


def exp_thresholds(dtype) -> ExpThresholds:
    """ln of the largest, the smallest normal and the smallest subnormal number of ``dtype``.

    Derived from :class:`numpy.finfo`, so they are right for any float type.

    Examples
    --------
    >>> [round(exp_thresholds(t).overflow, 2) for t in (np.float16, np.float32, np.float64)]
    [11.09, 88.72, 709.78]
    >>> round(exp_thresholds(np.float64).underflow_subnormal, 2)
    -744.44
    """
    info = np.finfo(dtype)
    wide = np.promote_types(info.dtype, np.float64).type  # float64, or longdouble for its range

    def ln(value) -> float:
        return float(np.log(wide(value)))

    return ExpThresholds(ln(info.max), ln(info.smallest_normal), ln(info.smallest_subnormal))


# --- temperature -------------------------------------------------------------------------------


def _check_temperature(temperature) -> float:
    value = float(temperature)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"temperature must be a finite number greater than 0, got {temperature!r}; "
            "the T → 0 limit is hardmax()"
        )
    return value


def temperature_scaled(x, temperature: float, axis=None) -> np.ndarray:
    """x / T, shifted by the maximum along ``axis`` first where the plain quotient would overflow.

    softmax is unchanged by the shift, and (x − max) / T can only overflow towards −inf,
    whose exponential is the right answer, 0.

    Raises
    ------
    ValueError
        If ``temperature`` is not a finite number greater than 0.

    Examples
    --------
    >>> temperature_scaled([1e308, 0.0], 0.5).tolist()
    [0.0, -inf]
    """
    x = _as_float_array(x)
    temperature = x.dtype.type(_check_temperature(temperature))
    with np.errstate(all="ignore"):
        scaled = x / temperature
        if np.all(np.isfinite(scaled) | ~np.isfinite(x)):
            return scaled
        return (x - np.max(x, axis=axis, keepdims=True)) / temperature


def softmax_temperature(x, temperature: float, axis=None) -> np.ndarray:
    r"""softmax(x / T): a small T sharpens the distribution, a large T flattens it.

    .. math:: y_k = \frac{e^{x_k / T}}{\sum_j e^{x_j / T}}, \qquad T > 0

    Raises
    ------
    ValueError
        If ``temperature`` is not a finite number greater than 0. The limit T → 0 is
        :func:`hardmax`.

    Examples
    --------
    >>> np.round(softmax_temperature([1.0, 2.0, 3.0], 0.5), 4)
    array([0.0159, 0.1173, 0.8668])
    """
    return softmax(temperature_scaled(x, temperature, axis), axis=axis)


def hardmax(x, axis=None) -> np.ndarray:
    """The T → 0 limit of softmax(x / T): one-hot on the maximum, tied maxima sharing equally.

    A slice of all ``-inf`` or with a nan gives nan, as in :func:`softmax`.

    Examples
    --------
    >>> hardmax([1.0, 3.0, 3.0, 0.0])
    array([0. , 0.5, 0.5, 0. ])
    """
    x = _as_float_array(x)
    peak = np.max(x, axis=axis, keepdims=True)
    is_max = (x == peak) & (peak > -np.inf)
    with np.errstate(invalid="ignore"):
        return (is_max / np.sum(is_max, axis=axis, keepdims=True)).astype(x.dtype)[()]


# --- derivatives -------------------------------------------------------------------------------


def softmax_jacobian(y) -> np.ndarray:
    r"""Jacobian of softmax from its output: :math:`J = \mathrm{diag}(y) - y y^\top`.

    .. math:: \frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)

    Works on the last axis and broadcasts over the others: (..., K) → (..., K, K). Each row
    sums to 0 because the probabilities always sum to 1.

    Examples
    --------
    >>> np.round(softmax_jacobian([0.5, 0.5]), 3)
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    y = _as_float_array(y)
    jacobian = -y[..., :, np.newaxis] * y[..., np.newaxis, :]
    np.einsum("...ii->...i", jacobian)[...] += y
    return jacobian


class CrossEntropy(NamedTuple):
    """The loss −log softmax(x)[t] and its gradient with respect to the logits."""

    loss: np.ndarray | np.floating
    grad: np.ndarray


def _class_index(target, logits: np.ndarray) -> np.ndarray:
    """``target`` checked and broadcast to the logits' leading shape, with a trailing axis."""
    target = np.asarray(target)
    classes = logits.shape[-1]
    if target.dtype.kind not in "iu" or np.any(target < 0) or np.any(target >= classes):
        raise ValueError(f"target must be a class index in [0, {classes}), got {target.tolist()!r}")
    try:
        return np.broadcast_to(target, logits.shape[:-1])[..., np.newaxis]
    except ValueError:
        raise ValueError(
            f"target of shape {target.shape} does not match logits of shape {logits.shape}"
        ) from None


def cross_entropy(logits, target) -> CrossEntropy:
    r"""Cross-entropy of ``logits`` against class index ``target``, with its gradient.

    .. math::

        L = -\log \mathrm{softmax}(x)_t, \qquad
        \frac{\partial L}{\partial x} = \mathrm{softmax}(x) - \mathrm{onehot}(t)

    The loss goes through :func:`log_softmax`, never log(softmax): for ``[1000, 1]`` and
    ``t = 1`` it is 999, where log(softmax) gives inf. Works on the last axis; ``target`` is an
    int, or an int array with the logits' leading shape (one class per row).

    Raises
    ------
    ValueError
        If ``target`` is not an integer index in [0, K), or does not match the logits' rows.

    Examples
    --------
    >>> loss, grad = cross_entropy([1000.0, 1.0], 1)
    >>> float(loss), grad.tolist()
    (999.0, [1.0, -1.0])
    """
    logits = np.atleast_1d(_as_float_array(logits))
    index = _class_index(target, logits)
    loss = -np.take_along_axis(log_softmax(logits, axis=-1), index, axis=-1)[..., 0]
    grad = softmax(logits, axis=-1)
    np.put_along_axis(grad, index, np.take_along_axis(grad, index, axis=-1) - 1, axis=-1)
    return CrossEntropy(loss=loss[()], grad=grad)


def sigmoid(z) -> np.ndarray:
    r"""The logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow.

    For z < 0 it is computed as :math:`e^{z} / (1 + e^{z})`, so exp never sees a large
    positive argument. It is softmax of ``[z, 0]`` in its first place: the two are computed
    differently and agree to within 2 ulp (the tests check this, and each against mpmath).

    Examples
    --------
    >>> sigmoid([-800.0, 0.0, 800.0])
    array([0. , 0.5, 1. ])
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))  # <= 1: cannot overflow
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))[()]
