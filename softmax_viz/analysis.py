"""What the views show beyond softmax itself: sweeps, checks and comparisons built on the core.

Pure numpy/scipy like :mod:`softmax_viz.core`; the views call these and hand the arrays to the
figure builders, so every number on screen can be tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from softmax_viz import core


@dataclass(frozen=True)
class Probabilities:
    """softmax(x / T) with the columns of the logits table."""

    shifted: np.ndarray  # x/T − max(x/T)
    exp_shifted: np.ndarray  # exp(x/T − max(x/T)), exactly 1 at the argmax
    probabilities: np.ndarray
    log_probabilities: np.ndarray
    argmax: int
    entropy: float  # in nats; 0 for one-hot, ln K for uniform
    max_entropy: float  # ln of the number of unmasked classes
    total: float  # Σ probabilities, 1 up to rounding


def probabilities(logits: np.ndarray, temperature: float = 1.0) -> Probabilities:
    """The numbers of the logits view for one vector at temperature ``temperature``.

    Examples
    --------
    >>> p = probabilities(np.array([1.0, 2.0, 3.0]))
    >>> p.argmax, np.round(p.probabilities, 4).tolist()
    (2, [0.09, 0.2447, 0.6652])
    """
    scaled = core.temperature_scaled(np.asarray(logits, dtype=np.float64), temperature)
    with np.errstate(over="ignore"):  # 1e308 − (−1e308) is −inf, whose exp is the right 0
        shifted = scaled - scaled.max()
    log_p = core.log_softmax(scaled)
    p = core.softmax(scaled)
    # 0·log 0 is 0 in the limit, so masked classes add nothing to the entropy.
    entropy = -float(np.sum(p * np.where(p > 0, log_p, 0.0)))
    return Probabilities(
        shifted=shifted,
        exp_shifted=np.exp(shifted),
        probabilities=p,
        log_probabilities=log_p,
        argmax=int(np.argmax(scaled)),
        entropy=entropy,
        max_entropy=float(np.log(np.count_nonzero(np.isfinite(scaled)))),
        total=float(np.sum(p)),
    )


@dataclass(frozen=True)
class SigmoidComparison:
    z: np.ndarray
    softmax_first: np.ndarray  # softmax([z, 0])[0]
    sigmoid: np.ndarray


def top_classes(values: np.ndarray, top_n: int) -> np.ndarray:
    """Indices of the ``top_n`` largest ``values`` (all of them if fewer), largest first, the
    lower index first among ties.

    softmax keeps the order of the logits, so the top classes by logit and by probability are
    the same classes. A partial sort: 10,000 classes are not sorted to show 20.

    Examples
    --------
    >>> top_classes(np.array([1.0, 3.0, -np.inf, 3.0, 2.0]), 3).tolist()
    [1, 3, 4]
    """
    top_n = min(top_n, values.size)
    candidates = np.argpartition(-values, top_n - 1)[:top_n]
    return candidates[np.lexsort((candidates, -values[candidates]))]


def sigmoid_comparison(low: float = -10.0, high: float = 10.0, count: int = 201) -> SigmoidComparison:
    """softmax([z, 0])[0] and sigmoid(z) on a grid: two names for one curve."""
    z = np.linspace(low, high, count)
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    return SigmoidComparison(z=z, softmax_first=core.softmax(pairs, axis=-1)[:, 0], sigmoid=core.sigmoid(z))


@dataclass(frozen=True)
class DiagonalSweep:
    """y_i and ∂y_i/∂x_i as x_i moves with the other logits fixed, beside the logistic sigmoid."""

    values: np.ndarray  # the swept x_i
    y: np.ndarray
    dy: np.ndarray  # y_i (1 − y_i)
    shift: float  # logsumexp of the other logits: y_i = sigmoid(x_i − shift)
    sigmoid_y: np.ndarray
    sigmoid_dy: np.ndarray
    max_difference: float  # largest |y_i − sigmoid(x_i − shift)| on the grid


def diagonal_sweep(
    logits: np.ndarray, index: int, half_width: float = 10.0, count: int = 241
) -> DiagonalSweep:
    """Sweep logit ``index`` over shift ± ``half_width`` and compare with the sigmoid.

    With the other logits fixed, y_i = e^{x_i} / (e^{x_i} + Σ_{j≠i} e^{x_j})
    = 1 / (1 + e^{−(x_i − c)}) where c = log Σ_{j≠i} e^{x_j}: the sigmoid, moved right by c.

    Examples
    --------
    >>> sweep = diagonal_sweep(np.array([2.0, 1.0, 0.5]), 0)
    >>> bool(sweep.max_difference < 1e-15)
    True
    """
    logits = np.asarray(logits, dtype=np.float64)
    shift = float(core.logsumexp(np.delete(logits, index)))
    values = np.linspace(shift - half_width, shift + half_width, count)
    grid = np.repeat(logits[np.newaxis, :], count, axis=0)
    grid[:, index] = values
    y = core.softmax(grid, axis=-1)[:, index]
    sigmoid_y = core.sigmoid(values - shift)
    return DiagonalSweep(
        values=values,
        y=y,
        dy=y * (1.0 - y),
        shift=shift,
        sigmoid_y=sigmoid_y,
        sigmoid_dy=sigmoid_y * (1.0 - sigmoid_y),
        max_difference=float(np.max(np.abs(y - sigmoid_y))),
    )


@dataclass(frozen=True)
class JacobianCheck:
    """The Jacobian, its largest row sum, and its off-diagonal entries beside finite differences."""

    probabilities: np.ndarray
    jacobian: np.ndarray
    largest_row_sum: float
    rows: np.ndarray  # i of each off-diagonal entry (0-based)
    columns: np.ndarray  # j of each off-diagonal entry
    analytic: np.ndarray  # −y_i y_j
    numeric: np.ndarray  # central differences
    difference: np.ndarray  # |analytic − numeric|


def jacobian_check(logits: np.ndarray) -> JacobianCheck:
    """Everything the gradient view shows about J = diag(y) − y yᵀ for ``logits``."""
    probabilities = core.softmax(logits)
    jacobian = core.softmax_jacobian(probabilities)
    numeric = finite_difference_jacobian(logits)
    rows, columns = np.nonzero(~np.eye(probabilities.size, dtype=bool))
    return JacobianCheck(
        probabilities=probabilities,
        jacobian=jacobian,
        largest_row_sum=float(np.max(np.abs(jacobian.sum(axis=-1)))),
        rows=rows,
        columns=columns,
        analytic=jacobian[rows, columns],
        numeric=numeric[rows, columns],
        difference=np.abs(jacobian[rows, columns] - numeric[rows, columns]),
    )


def finite_difference_jacobian(logits: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences (softmax(x + h e_j) − softmax(x − h e_j)) / 2h, column j = ∂y/∂x_j.

    An independent check of :func:`softmax_viz.core.softmax_jacobian`; its error is O(h²)
    from truncation plus O(eps/h) from rounding, about 1e-10 at h = 1e-6.
    """
    logits = np.asarray(logits, dtype=np.float64)
    steps = step * np.eye(logits.size)
    forward = core.softmax(logits + steps, axis=-1)
    backward = core.softmax(logits - steps, axis=-1)
    return ((forward - backward) / (2.0 * step)).T


@dataclass(frozen=True)
class ScipyAgreement:
    scipy_result: np.ndarray
    max_abs_difference: float
    max_ulp_difference: float


def scipy_agreement(values: np.ndarray, result: np.ndarray, axis: int | None) -> ScipyAgreement:
    """How far our ``result`` is from ``scipy.special.softmax(values, axis)``, in absolute terms
    and in units in the last place of the larger of the two."""
    # Imported here: only the batch view needs scipy, and importing it costs every cold start.
    import scipy.special

    reference = scipy.special.softmax(values, axis=axis)
    difference = np.abs(result - reference)
    spacing = np.spacing(np.maximum(np.abs(result), np.abs(reference)))
    return ScipyAgreement(
        scipy_result=reference,
        max_abs_difference=float(difference.max(initial=0.0)),
        max_ulp_difference=float((difference / spacing).max(initial=0.0)),
    )


def log_of_softmax(values: np.ndarray) -> np.ndarray:
    """log(softmax(x)) taken the careless way, to show where it loses the tail."""
    with np.errstate(divide="ignore"):
        return np.log(core.softmax(values))


@dataclass(frozen=True)
class PathComparison:
    broken: int  # outputs of the naive formula that are inf or nan
    total: int
    max_difference: float  # largest |naive − stable| where nothing broke


def compare_paths(trace: core.SoftmaxTrace) -> PathComparison:
    """How the naive formula's output compares with the max-shifted one's."""
    naive = trace.naive[-1].value.astype(np.float64)
    stable = trace.stable[-1].value.astype(np.float64)
    finite = np.isfinite(naive)
    return PathComparison(
        broken=int(np.count_nonzero(~finite)),
        total=naive.size,
        max_difference=float(np.max(np.abs(naive - stable), where=finite, initial=0.0)),
    )
