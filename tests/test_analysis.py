"""The derived quantities the views show, checked against independent references."""

import warnings

import mpmath
import numpy as np
import pytest
import scipy.special

from softmax_viz import analysis, core


@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 3.0, 20.0])
def test_probabilities_columns_agree_with_their_definitions(temperature):
    logits = np.array([2.0, 1.0, 0.5, -3.0])
    result = analysis.probabilities(logits, temperature)
    scaled = logits / temperature
    np.testing.assert_allclose(result.probabilities, scipy.special.softmax(scaled), rtol=1e-13)
    # The dominant class's log-probability is tiny (-2.06e-9 at T = 0.05): mpmath keeps it.
    with mpmath.workdps(50):
        total = mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in scaled)
        logs = [mpmath.mpf(float(v)) - mpmath.log(total) for v in scaled]
        exact_entropy = -mpmath.fsum(mpmath.exp(log) * log for log in logs)
    np.testing.assert_allclose(result.log_probabilities, [float(log) for log in logs], rtol=1e-15)
    assert result.shifted.max() == 0.0
    assert result.exp_shifted[result.argmax] == 1.0
    assert result.entropy == pytest.approx(float(exact_entropy), rel=1e-12)


def test_entropy_ignores_masked_classes_and_is_ln_k_when_uniform():
    assert analysis.probabilities(np.array([0.0, 0.0, 0.0, -np.inf])).entropy == pytest.approx(np.log(3))
    assert analysis.probabilities(np.array([5.0, 5.0, 5.0, 5.0]), 1.0).entropy == pytest.approx(np.log(4))


def test_sigmoid_comparison_is_one_curve_under_two_names():
    comparison = analysis.sigmoid_comparison(-30.0, 30.0, 121)
    reference = np.array([float(1 / (1 + mpmath.exp(-mpmath.mpf(z)))) for z in comparison.z])
    np.testing.assert_allclose(comparison.softmax_first, reference, rtol=4e-16, atol=0)
    np.testing.assert_allclose(comparison.sigmoid, reference, rtol=4e-16, atol=0)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_diagonal_sweep_is_the_sigmoid_shifted_by_the_logsumexp_of_the_others(index):
    logits = np.array([2.0, 1.0, 0.5])
    sweep = analysis.diagonal_sweep(logits, index)
    others = np.delete(logits, index)
    assert sweep.shift == pytest.approx(float(mpmath.log(sum(mpmath.exp(v) for v in others))), rel=1e-15)
    assert sweep.max_difference < 1e-15
    middle = np.argmin(np.abs(sweep.values - sweep.shift))
    assert sweep.dy[middle] == pytest.approx(0.25, abs=1e-3)
    assert sweep.dy.max() <= 0.25
    np.testing.assert_allclose(sweep.dy, sweep.sigmoid_dy, atol=1e-15)


def exact_central_difference(logits, step: float) -> np.ndarray:
    """(softmax(x + h e_j) − softmax(x − h e_j)) / 2h in 50 digits: column j = ∂y/∂x_j at step h."""
    with mpmath.workdps(50):
        h = mpmath.mpf(step)

        def exact_softmax(values):
            terms = [mpmath.exp(v) for v in values]
            return [term / mpmath.fsum(terms) for term in terms]

        x = [mpmath.mpf(float(v)) for v in logits]
        columns = []
        for j in range(len(x)):
            forward = exact_softmax([v + h if k == j else v for k, v in enumerate(x)])
            backward = exact_softmax([v - h if k == j else v for k, v in enumerate(x)])
            columns.append([float((f - b) / (2 * h)) for f, b in zip(forward, backward, strict=True)])
    return np.array(columns).T


def test_finite_difference_jacobian_is_the_central_difference():
    """At h = 1e-2 the central difference is up to 7e-7 away from the derivative and its rounding
    error is about 1e-14: the comparison tells a central difference from the analytic Jacobian."""
    logits = np.array([1.5, 0.8, -0.2, 3.0])
    numeric = analysis.finite_difference_jacobian(logits, step=1e-2)
    np.testing.assert_allclose(numeric, exact_central_difference(logits, 1e-2), rtol=0, atol=1e-13)
    analytic = core.softmax_jacobian(core.softmax(logits))
    assert np.abs(numeric - analytic).max() > 1e-7


def test_finite_difference_jacobian_at_the_default_step_is_within_1e_9_of_the_derivative():
    """O(h²) truncation plus O(eps/h) rounding, about 1e-10 at h = 1e-6."""
    logits = np.array([1.5, 0.8, -0.2, 3.0])
    numeric = analysis.finite_difference_jacobian(logits)
    np.testing.assert_allclose(numeric, exact_central_difference(logits, 1e-6), rtol=0, atol=1e-9)
    np.testing.assert_allclose(numeric, core.softmax_jacobian(core.softmax(logits)), rtol=0, atol=1e-9)


def test_scipy_agreement_measures_differences_in_ulp():
    values = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    reference = scipy.special.softmax(values, axis=1)
    assert analysis.scipy_agreement(values, reference, 1).max_ulp_difference == 0.0
    two_ulp_off = reference + 2 * np.spacing(reference)
    agreement = analysis.scipy_agreement(values, two_ulp_off, 1)
    assert agreement.max_ulp_difference == pytest.approx(2.0, abs=0.01)
    assert agreement.max_abs_difference == pytest.approx(float(np.max(2 * np.spacing(reference))))


def test_log_of_softmax_loses_the_tail_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        careless = analysis.log_of_softmax(np.array([1000.0, 1.0]))
    assert careless[0] == 0.0 and careless[1] == -np.inf
    assert core.log_softmax(np.array([1000.0, 1.0]))[1] == -999.0


def test_jacobian_check_pairs_each_off_diagonal_entry_with_its_finite_difference():
    logits = np.array([2.0, 1.0, 0.5])
    check = analysis.jacobian_check(logits)
    pairs = list(zip(check.rows.tolist(), check.columns.tolist(), strict=True))
    assert pairs == [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)]
    with mpmath.workdps(40):
        terms = [mpmath.exp(v) for v in logits]
        y = [term / mpmath.fsum(terms) for term in terms]
        np.testing.assert_allclose(check.analytic, [float(-y[i] * y[j]) for i, j in pairs], rtol=1e-15)
    # The column "finite difference" is this formula at h = 1e-6, term by term.
    h, unit = 1e-6, np.eye(3)
    central = [
        (core.softmax(logits + h * unit[j]) - core.softmax(logits - h * unit[j]))[i] / (2 * h)
        for i, j in pairs
    ]
    np.testing.assert_array_equal(check.numeric, central)
    np.testing.assert_array_equal(check.difference, np.abs(check.analytic - check.numeric))
    assert check.difference.max() < 1e-9
    assert check.largest_row_sum < 1e-15


def test_compare_paths_counts_what_the_naive_formula_lost():
    broken = analysis.compare_paths(core.trace_softmax(np.arange(705.0, 715.0)))
    assert (broken.broken, broken.total) == (5, 10)
    fine = analysis.compare_paths(core.trace_softmax(np.array([1.0, 2.0, 3.0])))
    assert fine.broken == 0 and fine.max_difference <= 2 * np.finfo(np.float64).eps


def test_probabilities_total_and_maximum_entropy():
    result = analysis.probabilities(np.array([1.0, -np.inf, 2.0, 0.0]))
    assert result.max_entropy == pytest.approx(np.log(3))
    assert abs(result.total - 1) < 4e-16
