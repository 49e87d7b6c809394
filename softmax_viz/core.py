"""The numerical core: softmax and its relatives, exact where they can be, fast, and UI-free.

Only numpy is imported here (scipy is not needed at run time); a test checks that importing this
module loads neither streamlit nor plotly.

The stable kernel works on blocks of rows small enough to stay in cache, in place in the output,
and folds the rounding error of ``x - max`` back into the exponential (``exp(hi) * (1 + lo)``),
so float64 results stay within a few units in the last place of the exact values even where
the textbook max-shift loses hundreds.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

# One scratch buffer holds about this many bytes (128 KiB): a block and its scratch stay in L2.
_BLOCK_BYTES = 1 << 17
# Inputs this large are split across cores: numpy's loops release the GIL, and exp dominates.
_PARALLEL_ELEMENTS = 1 << 20


def _as_float_array(x) -> np.ndarray:
    """float16/32/64 (and longdouble) keep their dtype; integers and booleans become float64."""
    x = np.asarray(x)
    if x.dtype.kind == "c":
        raise TypeError("softmax is defined for real input; got a complex array")
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def _working_dtype(dtype: np.dtype) -> np.dtype:
    """float16 is computed in float32 (numpy does so internally anyway); the rest natively."""
    return np.dtype(np.float32) if dtype == np.float16 else dtype


def _reduced_axes(axis, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    normalized = tuple(sorted(np.lib.array_utils.normalize_axis_tuple(axes, max(ndim, 1))))
    return normalized if ndim else ()


def _as_rows(x: np.ndarray, axis) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """View ``x`` as a 2-D (rows, K) array with the reduced axes last; and the way back."""
    reduced = _reduced_axes(axis, x.ndim)
    kept = tuple(a for a in range(x.ndim) if a not in reduced)
    order = kept + reduced
    moved = np.transpose(x, order)
    length = math.prod(x.shape[a] for a in reduced)
    rows = moved.reshape(math.prod(x.shape[a] for a in kept), length)
    inverse = np.argsort(order)

    def restore(out: np.ndarray) -> np.ndarray:
        return np.transpose(out.reshape(moved.shape), inverse)

    return rows, restore


class _Scratch:
    """Cache-sized buffers in the working dtype, reused for every block of rows of one call."""

    def __init__(self, rows: np.ndarray, count: int = 2) -> None:
        dtype = _working_dtype(rows.dtype)
        self.step = max(1, _BLOCK_BYTES // max(rows.shape[1] * dtype.itemsize, 1))
        shape = (min(rows.shape[0], self.step), rows.shape[1])
        self.buffers = tuple(np.empty(shape, dtype) for _ in range(count))

    def blocks(self, rows: np.ndarray, first: int = 0, last: int | None = None):
        """Yield (start, stop, block, buffers...) for rows[first:last], in the working dtype."""
        working = self.buffers[0].dtype
        last = rows.shape[0] if last is None else last
        for start in range(first, last, self.step):
            stop = min(start + self.step, last)
            block = rows[start:stop]
            if block.dtype != working:
                block = block.astype(working)
            yield start, stop, block, *(buffer[: stop - start] for buffer in self.buffers)


def _by_row_ranges(rows: np.ndarray, process: Callable[[int, int], None]) -> None:
    """Call ``process(start, stop)`` over all rows: at once, or in one range per core."""
    if rows.size == 0:
        return
    workers = min(os.cpu_count() or 1, rows.shape[0]) if rows.size >= _PARALLEL_ELEMENTS else 1
    if workers <= 1:
        process(0, rows.shape[0])
        return
    bounds = np.linspace(0, rows.shape[0], workers + 1).astype(int)
    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(process, a, b) for a, b in itertools.pairwise(bounds)]:
            future.result()


def _split_shift(
    block: np.ndarray, peak: np.ndarray, hi: np.ndarray, lo: np.ndarray, spare: np.ndarray
) -> None:
    """Write x − max into ``hi`` and its rounding error into ``lo``, so hi + lo == x − max exactly.

    Without ``lo``, exp(hi) carries a relative error of up to half an ulp of |x − max|: about
    250 ulp of the result when |x − max| ≈ 1e3. That is where scipy's ~500 ulp come from.
    ``peak`` holds the row maxima, shape (rows, 1).
    """
    low = block.min(axis=1, keepdims=True)
    np.subtract(block, peak, out=hi)
    if np.all(peak >= -low):
        # Every |x| <= |max|: Fast2Sum with −max as the larger term, lo = x − (hi + max).
        np.add(hi, peak, out=lo)
        np.subtract(block, lo, out=lo)
    elif np.all(peak <= 0):
        # Every |x| >= |max|: Fast2Sum with x as the larger term, lo = (x − hi) − max.
        np.subtract(block, hi, out=lo)
        np.subtract(lo, peak, out=lo)
    else:
        # Mixed magnitudes: Knuth's TwoSum, exact whatever the order.
        np.subtract(hi, block, out=lo)  # b' = s − a
        np.subtract(hi, lo, out=spare)  # a' = s − b'
        np.subtract(block, spare, out=spare)  # δa = a − a'
        np.add(lo, peak, out=lo)  # −δb = b' + max
        np.subtract(spare, lo, out=lo)  # lo = δa + δb
    if not np.all(np.isfinite(peak - low)):
        # A masked class (−inf), or x − max below −1.8e308, has hi = −inf and a lo of nan or
        # ±inf; its exp is exactly 0, and so is its correction.
        np.copyto(lo, 0.0, where=~np.isfinite(lo))


def _rest_of_sum(e: np.ndarray, lo: np.ndarray, argmax: np.ndarray) -> np.ndarray:
    """Σ_{j≠argmax} exp(x_j − max)·(1 + lo_j): the sum minus the maximum's exact 1."""
    e[np.arange(e.shape[0]), argmax] = 0.0
    return e.sum(axis=1) + np.einsum("ij,ij->i", e, lo)


def softmax(x, axis=None) -> np.ndarray:
    r"""Softmax: exponentials normalised to sum to 1 along ``axis``.

    .. math:: \mathrm{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}},\qquad m = \max_j x_j

    Drop-in compatible with :func:`scipy.special.softmax`.

    Parameters
    ----------
    x : array_like
        Input. Integers become float64; float16, float32 and float64 keep their dtype.
    axis : int, tuple of int or None, optional
        Axes over which the probabilities sum to 1. ``None`` (default) means the whole array;
        the shape is always preserved.

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Notes
    -----
    The work is done in float64 on cache-sized blocks of rows, in place in the output. The
    rounding error of ``x − max`` is recovered exactly (TwoSum) and folded back in as
    ``exp(hi)·(1 + lo)``; float64 results are within a few ulp of the exact values.

    Non-finite input, matching scipy:

    - ``-inf`` is a masked class: probability 0 (unless the whole slice is ``-inf``).
    - a slice that is all ``-inf`` gives nan (0/0).
    - ``+inf`` anywhere in a slice gives nan for that slice (inf − inf).
    - ``nan`` anywhere in a slice gives nan for that slice.
    - an empty array gives an empty array of the same shape.

    No floating-point warning escapes.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(softmax([1.0, 2.0, 3.0]), 8)
    array([0.09003057, 0.24472847, 0.66524096])
    >>> np.round(softmax([[1, 1, 5], [1, 2, 9]], axis=1), 6).tolist()
    [[0.017668, 0.017668, 0.964663], [0.000335, 0.000911, 0.998754]]
    >>> softmax(np.arange(705.0, 715.0))[-1]  # where exp(x) itself overflows
    np.float64(0.6321492583604866)
    """
    x = _as_float_array(x)
    rows, restore = _as_rows(x, axis)
    out = np.empty(rows.shape, dtype=x.dtype)
    in_place = _working_dtype(x.dtype) == x.dtype
    finfo = np.finfo(_working_dtype(x.dtype))
    unshifted_limit = math.log(float(finfo.max)) - math.log(max(rows.shape[1], 1)) - 1

    def process(first: int, last: int) -> None:
        scratch = _Scratch(rows[first:last], count=2 if in_place else 3)
        with np.errstate(all="ignore"):
            for start, stop, block, lo, spare, *hi in scratch.blocks(rows, first, last):
                e = out[start:stop] if in_place else hi[0]
                peak = block.max(axis=1, keepdims=True)
                if np.all((peak >= 0) & (peak < unshifted_limit)):
                    # No shift needed: exp's arguments are exact, the sum cannot overflow, and
                    # an exp below the normal range only feeds a probability that is too.
                    np.exp(block, out=e)
                else:
                    _split_shift(block, peak, e, lo, spare)
                    np.exp(e, out=e)
                    np.multiply(e, lo, out=lo)
                    np.add(e, lo, out=e)  # exp(hi)·(1 + lo) = exp(x − max) to exp's accuracy
                np.divide(e, e.sum(axis=1, keepdims=True), out=e)
                if not in_place:
                    out[start:stop] = e

    _by_row_ranges(rows, process)
    return restore(out)


def log_softmax(x, axis=None) -> np.ndarray:
    r"""Logarithm of softmax, computed without ever taking log of a probability.

    .. math::

        \log \mathrm{softmax}(x)_k = (x_k - m)
        - \operatorname{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big)

    where :math:`a` is the index of the maximum :math:`m` (its own term is exactly 1).
    Drop-in compatible with :func:`scipy.special.log_softmax`.

    Notes
    -----
    Summing the terms other than the maximum's and taking ``log1p`` keeps the tiny
    log-probability of a dominant class (``-4.2e-18`` for ``[0, -40]``, where
    ``log(sum)`` rounds to 0). Non-finite input as in :func:`softmax`: ``-inf`` gives ``-inf``
    (a masked class), all ``-inf``, ``+inf`` or ``nan`` in a slice give nan; empty in, empty out.

    Examples
    --------
    >>> log_softmax([1000.0, 1.0])
    array([   0., -999.])
    >>> float(log_softmax([0.0, -40.0])[0])
    -4.248354255291589e-18
    """
    x = _as_float_array(x)
    rows, restore = _as_rows(x, axis)
    out = np.empty(rows.shape, dtype=x.dtype)

    def process(first: int, last: int) -> None:
        scratch = _Scratch(rows[first:last], count=4)
        with np.errstate(all="ignore"):
            for start, stop, block, hi, lo, e, spare in scratch.blocks(rows, first, last):
                peak = block.max(axis=1, keepdims=True)
                _split_shift(block, peak, hi, lo, spare)
                np.exp(hi, out=e)
                log_sum = np.log1p(_rest_of_sum(e, lo, np.argmax(block, axis=1)))
                np.subtract(hi, log_sum[:, np.newaxis], out=hi)
                np.add(hi, lo, out=hi)
                # A slice without a finite maximum (all −inf, +inf, nan) has no distribution.
                np.copyto(hi, np.nan, where=~np.isfinite(peak))
                out[start:stop] = hi

    _by_row_ranges(rows, process)
    return restore(out)


def logsumexp(x, axis=None) -> np.ndarray | np.floating:
    r"""log Σ exp(x) along ``axis``, as :func:`scipy.special.logsumexp` (without weights).

    .. math::

        \operatorname{logsumexp}(x) = m + \operatorname{log1p}\Big(\sum_{j \ne a} e^{x_j - m}\Big)

    Notes
    -----
    A slice of all ``-inf`` gives ``-inf`` (the log of an empty sum), one with ``+inf`` gives
    ``+inf``, one with ``nan`` gives nan; an empty slice gives ``-inf``.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))
    1000.6931471805599
    >>> logsumexp([[0.0, 0.0], [-np.inf, -np.inf]], axis=1)
    array([0.69314718,       -inf])
    """
    x = _as_float_array(x)
    reduced = _reduced_axes(axis, x.ndim)
    out_shape = tuple(n for a, n in enumerate(x.shape) if a not in reduced)
    rows, _ = _as_rows(x, axis)
    result = np.full(rows.shape[0], -np.inf, dtype=x.dtype)

    def process(first: int, last: int) -> None:
        scratch = _Scratch(rows[first:last], count=4)
        with np.errstate(all="ignore"):
            for start, stop, block, hi, lo, e, spare in scratch.blocks(rows, first, last):
                peak = block.max(axis=1, keepdims=True)
                _split_shift(block, peak, hi, lo, spare)
                np.exp(hi, out=e)
                value = peak[:, 0] + np.log1p(_rest_of_sum(e, lo, np.argmax(block, axis=1)))
                # Without a finite maximum the answer is the maximum itself (−inf, +inf, nan).
                result[start:stop] = np.where(np.isfinite(peak[:, 0]), value, peak[:, 0])

    _by_row_ranges(rows, process)
    result = result.reshape(out_shape)
    return result[()] if result.ndim == 0 else result


def naive_softmax(x, axis=None) -> np.ndarray:
    r"""The textbook formula, exp(x) / Σ exp(x), exactly as the seed articles write it.

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


# --- a step-by-step trace for the overflow view -------------------------------------------------

EVENTS = ("overflow", "underflow", "invalid", "divide")


@dataclass(frozen=True)
class Step:
    """One intermediate of a softmax computation and the floating-point events it raised.

    ``value`` is a 1-D array (shape ``(K,)``) for elementwise steps and shape ``(1,)`` for
    the reductions ``max`` and ``sum``. ``events`` maps each event that happened ("overflow",
    "underflow", "invalid", "divide") to the indices of the input elements involved.
    """

    name: str
    value: np.ndarray
    events: dict[str, np.ndarray]


@dataclass(frozen=True)
class SoftmaxTrace:
    dtype: np.dtype
    naive: tuple[Step, ...]
    stable: tuple[Step, ...]


def _indices(mask) -> np.ndarray:
    return np.flatnonzero(mask)


def _collect(**masks) -> dict[str, np.ndarray]:
    return {name: _indices(mask) for name, mask in masks.items() if np.any(mask)}


def _underflowed(result: np.ndarray, exact_nonzero: np.ndarray) -> np.ndarray:
    """Results that fell below the smallest normal number although the exact value is not 0."""
    tiny = np.finfo(result.dtype).smallest_normal
    return exact_nonzero & (np.abs(result) < tiny)


def _input_step(x: np.ndarray, dtype: np.dtype) -> Step:
    with np.errstate(all="ignore"):
        value = x.astype(dtype)
    return Step(
        "input",
        value,
        _collect(
            overflow=np.isinf(value) & np.isfinite(x),
            underflow=_underflowed(value, (x != 0) & np.isfinite(x)),
        ),
    )


def _exp_step(values: np.ndarray) -> Step:
    exp_values = np.exp(values)
    return Step(
        "exp",
        exp_values,
        _collect(
            overflow=np.isinf(exp_values) & np.isfinite(values),
            underflow=_underflowed(exp_values, np.isfinite(values)),
        ),
    )


def _sum_step(exp_values: np.ndarray) -> Step:
    total = np.sum(exp_values, keepdims=True)
    finite = np.isfinite(exp_values)
    overflowed = np.isinf(total[0]) and bool(finite.all())
    return Step("sum", total, _collect(overflow=finite & overflowed))


def _quotient_step(exp_values: np.ndarray, total: np.ndarray) -> Step:
    quotient = exp_values / total
    exact_nonzero = (exp_values != 0) & np.isfinite(total)
    return Step(
        "quotient",
        quotient,
        _collect(
            invalid=np.isnan(quotient) & ~np.isnan(exp_values) & ~np.isnan(total),
            divide=(total == 0) & (exp_values != 0) & np.isfinite(exp_values),
            underflow=_underflowed(quotient, exact_nonzero & np.isfinite(quotient)),
        ),
    )


def trace_softmax(x, dtype=np.float64) -> SoftmaxTrace:
    """Every intermediate of the naive and the max-shifted softmax of one vector in ``dtype``.

    The naive path is input → exp → sum → quotient; the stable path is input → max → shifted
    (x − max) → exp → sum → quotient. Each :class:`Step` names the floating-point events it
    raised and the elements involved: casting 705 to float16 overflows at the input step; exp
    of 710 overflows in float64; inf / inf is an invalid operation; 0 / 0 too.

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
    x = np.asarray(x, dtype=np.float64).ravel()
    with np.errstate(all="ignore"):
        start = _input_step(x, dtype)
        values = start.value

        naive_exp = _exp_step(values)
        naive_sum = _sum_step(naive_exp.value)
        naive = (start, naive_exp, naive_sum, _quotient_step(naive_exp.value, naive_sum.value))

        peak = np.max(values, keepdims=True)
        shifted_values = values - peak
        shifted = Step(
            "shifted",
            shifted_values,
            _collect(
                invalid=np.isnan(shifted_values) & ~np.isnan(values),
                underflow=_underflowed(shifted_values, values != peak),
            ),
        )
        stable_exp = _exp_step(shifted_values)
        stable_sum = _sum_step(stable_exp.value)
        stable = (
            start,
            Step("max", peak, {}),
            shifted,
            stable_exp,
            stable_sum,
            _quotient_step(stable_exp.value, stable_sum.value),
        )
    return SoftmaxTrace(dtype=dtype, naive=naive, stable=stable)


class ExpThresholds(NamedTuple):
    """Where exp leaves a dtype's range: above ``overflow`` it is inf; below ``underflow_normal``
    it is subnormal (losing digits); below ``underflow_subnormal`` it is 0."""

    overflow: float
    underflow_normal: float
    underflow_subnormal: float


def exp_thresholds(dtype) -> ExpThresholds:
    """ln of the largest, smallest normal and smallest subnormal numbers of ``dtype``.

    Derived from :class:`numpy.finfo`, so they are right for any float type.

    Examples
    --------
    >>> [round(exp_thresholds(t).overflow, 2) for t in (np.float16, np.float32, np.float64)]
    [11.09, 88.72, 709.78]
    >>> round(exp_thresholds(np.float64).underflow_subnormal, 2)
    -744.44
    """
    info = np.finfo(dtype)
    return ExpThresholds(
        overflow=math.log(float(info.max)),
        underflow_normal=math.log(float(info.smallest_normal)),
        underflow_subnormal=math.log(float(info.smallest_subnormal)),
    )


# --- temperature -----------------------------------------------------------------------------


def _check_temperature(temperature: float) -> float:
    value = float(temperature)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"temperature must be a finite number greater than 0, got {temperature!r}; "
            "use hardmax() for the T → 0 limit"
        )
    return value


def temperature_scaled(x, temperature: float, axis=None) -> np.ndarray:
    """x / T, shifted by the maximum first where the plain quotient would overflow.

    softmax is unchanged by the shift, and (x − max) / T can only overflow towards −inf,
    whose exponential is the right answer, 0.

    Examples
    --------
    >>> temperature_scaled([1e308, 0.0], 0.5).tolist()
    [0.0, -inf]
    """
    temperature = _check_temperature(temperature)
    x = _as_float_array(x)
    with np.errstate(all="ignore"):
        scaled = x / x.dtype.type(temperature)
        if np.all(np.isfinite(scaled) | ~np.isfinite(x)):
            return scaled
        return (x - np.max(x, axis=axis, keepdims=True)) / x.dtype.type(temperature)


def softmax_temperature(x, temperature: float, axis=None) -> np.ndarray:
    r"""softmax(x / T): small T sharpens the distribution, large T flattens it.

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

    Examples
    --------
    >>> hardmax([1.0, 3.0, 3.0, 0.0])
    array([0. , 0.5, 0.5, 0. ])
    """
    x = _as_float_array(x)
    is_max = x == np.max(x, axis=axis, keepdims=True)
    return (is_max / np.sum(is_max, axis=axis, keepdims=True)).astype(x.dtype)


# --- derivatives ---------------------------------------------------------------------------------


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
    diagonal = np.einsum("...ii->...i", jacobian)
    diagonal += y
    return jacobian


class CrossEntropy(NamedTuple):
    """The loss −log softmax(x)[t] and its gradient with respect to the logits."""

    loss: np.ndarray | np.floating
    grad: np.ndarray


def cross_entropy(logits, target) -> CrossEntropy:
    r"""Cross-entropy of ``logits`` against class index ``target``, with its gradient.

    .. math::

        L = -\log \mathrm{softmax}(x)_t, \qquad
        \frac{\partial L}{\partial x} = \mathrm{softmax}(x) - \mathrm{onehot}(t)

    The loss goes through :func:`log_softmax`, never log(softmax): for ``[1000, 1]`` and
    ``t = 1`` it is 999, where log(softmax) gives inf. Works on the last axis; ``target`` is an
    int, or an int array with the logits' leading shape.

    Raises
    ------
    ValueError
        If ``target`` is not an integer index in [0, K).

    Examples
    --------
    >>> loss, grad = cross_entropy([1000.0, 1.0], 1)
    >>> float(loss), grad.tolist()
    (999.0, [1.0, -1.0])
    """
    logits = np.atleast_1d(_as_float_array(logits))
    target = np.asarray(target)
    classes = logits.shape[-1]
    if target.dtype.kind not in "iu" or np.any(target < 0) or np.any(target >= classes):
        raise ValueError(f"target must be a class index in [0, {classes}), got {target.tolist()!r}")
    index = np.broadcast_to(target, logits.shape[:-1])[..., np.newaxis]
    loss = -np.take_along_axis(log_softmax(logits, axis=-1), index, axis=-1)[..., 0]
    grad = softmax(logits, axis=-1)
    np.put_along_axis(grad, index, np.take_along_axis(grad, index, axis=-1) - 1, axis=-1)
    return CrossEntropy(loss=loss[()] if loss.ndim == 0 else loss, grad=grad)


def sigmoid(z) -> np.ndarray:
    r"""The logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow.

    For z < 0 it is computed as :math:`e^{z} / (1 + e^{z})`, so exp never sees a large
    positive argument. It is softmax of ``[z, 0]`` in its first place: the two agree to within
    2 ulp (they round differently) and the tests check it.

    Examples
    --------
    >>> sigmoid([-800.0, 0.0, 800.0])
    array([0. , 0.5, 1. ])
    """
    z = _as_float_array(z)
    with np.errstate(all="ignore"):
        e = np.exp(-np.abs(z))
        positive = 1 / (1 + e)
        return np.where(z >= 0, positive, e / (e + 1))
