"""softmax_viz.core against mpmath, scipy, finite differences and the seed articles' numbers."""

import subprocess
import sys
import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from softmax_viz import core

TINY = np.finfo(np.float64).smallest_normal


# --- an independent reference -----------------------------------------------------------------


def exact_softmax(x, dps: int = 60):
    """softmax and log_softmax of a 1-D vector at ``dps`` digits; −inf entries are masked."""
    with mpmath.workdps(dps):
        values = [mpmath.mpf(float(v)) if np.isfinite(v) else None for v in x]
        peak = max(v for v in values if v is not None)
        terms = [mpmath.exp(v - peak) if v is not None else mpmath.mpf(0) for v in values]
        argmax = values.index(peak)
        rest = mpmath.fsum(term for k, term in enumerate(terms) if k != argmax)
        log_total = mpmath.log1p(rest)  # log(1 + rest) without losing a tiny rest
        probabilities = [term / (1 + rest) for term in terms]
        logs = [v - peak - log_total if v is not None else None for v in values]
    return probabilities, logs


def ulp_errors(result, exact, dtype=np.float64) -> np.ndarray:
    """|result − exact| in units of the spacing at the exact value, floored at the smallest normal."""
    floor = np.finfo(dtype).smallest_normal
    errors = []
    for got, want in zip(np.ravel(result), exact, strict=True):
        if want is None:  # a masked class: the only right answer is −inf
            errors.append(0.0 if got == -np.inf else np.inf)
            continue
        spacing = float(np.spacing(max(dtype(abs(float(want))), floor)))
        errors.append(float(abs(mpmath.mpf(float(got)) - want) / spacing))
    return np.array(errors)


def accuracy_inputs():
    """Gaps of 1e2..1e5 between logits, offsets up to ±1e3, the seed vectors, near-ties, masks."""
    rng = np.random.default_rng(20261123)
    cases = {
        "705..714": np.arange(705.0, 715.0),
        "[1000, 1]": np.array([1000.0, 1.0]),
        "[0, -40]": np.array([0.0, -40.0]),
        "near tie": np.array([1.0, np.nextafter(1.0, 2.0), np.nextafter(1.0, 0.0)]),
        "masked": np.array([3.0, -np.inf, 1.0, -np.inf]),
        "masked offset": np.array([-900.5, -np.inf, -1000.25]),
        "seed 002": np.array([1.5, 0.8, -0.2]),
        "tiny gaps": 1e3 + np.array([0.0, 1e-13, 2e-13, -3e-13]),
    }
    for gap in (1e2, 1e3, 1e4, 1e5):
        for offset in (-1e3, -1.0, 0.0, 1e3):
            cases[f"gap {gap:g} offset {offset:g}"] = offset + rng.uniform(-gap, 0, 12)
            cases[f"spread {gap:g} offset {offset:g}"] = offset + rng.normal(0, gap / 20, 12)
    return cases


ACCURACY = accuracy_inputs()


@pytest.mark.parametrize("name", list(ACCURACY))
def test_float64_softmax_and_log_softmax_are_within_4_ulp_of_mpmath(name):
    x = ACCURACY[name]
    probabilities, logs = exact_softmax(x)
    assert ulp_errors(core.softmax(x), probabilities).max() <= 4
    assert ulp_errors(core.log_softmax(x), logs).max() <= 4


def test_the_accuracy_gap_to_scipy(record_property, capsys):
    """Not a bound on scipy: a record of how far the textbook max-shift falls on these inputs."""
    worst = {
        "ours softmax": 0.0,
        "scipy softmax": 0.0,
        "ours log_softmax": 0.0,
        "scipy log_softmax": 0.0,
    }
    for x in ACCURACY.values():
        probabilities, logs = exact_softmax(x)
        worst["ours softmax"] = max(worst["ours softmax"], ulp_errors(core.softmax(x), probabilities).max())
        worst["scipy softmax"] = max(
            worst["scipy softmax"], ulp_errors(scipy.special.softmax(x), probabilities).max()
        )
        worst["ours log_softmax"] = max(
            worst["ours log_softmax"], ulp_errors(core.log_softmax(x), logs).max()
        )
        worst["scipy log_softmax"] = max(
            worst["scipy log_softmax"], ulp_errors(scipy.special.log_softmax(x), logs).max()
        )
    for name, value in worst.items():
        record_property(name, value)
    with capsys.disabled():
        print("\nmax ulp over the accuracy inputs: " + ", ".join(f"{k} {v:.3g}" for k, v in worst.items()))
    assert worst["ours softmax"] <= 4 < worst["scipy softmax"]
    assert worst["ours log_softmax"] <= 4 < worst["scipy log_softmax"]


def test_float32_is_no_less_accurate_than_scipy():
    ours = theirs = 0.0
    for x in ACCURACY.values():
        x32 = x.astype(np.float32)
        probabilities, _ = exact_softmax(x32.astype(np.float64))
        result = core.softmax(x32)
        assert result.dtype == np.float32
        ours = max(ours, ulp_errors(result, probabilities, np.float32).max())
        theirs = max(theirs, ulp_errors(scipy.special.softmax(x32), probabilities, np.float32).max())
    assert ours <= theirs
    assert ours <= 4


@pytest.mark.parametrize("shape", [(1024, 300), (40, 50257)])
def test_large_inputs_split_across_cores_give_the_same_answer(shape):
    x = np.random.default_rng(3).normal(0, 4, shape)
    x[::7] -= 500  # some rows take the compensated path
    result = core.softmax(x, axis=-1)
    np.testing.assert_allclose(result, scipy.special.softmax(x, axis=-1), rtol=2e-12)
    for row in (0, 1, shape[0] - 1):
        probabilities, _ = exact_softmax(x[row])
        assert ulp_errors(result[row], probabilities).max() <= 4


# --- the seed articles' numbers ------------------------------------------------------------


def test_seed_softmax_of_1_2_3():
    np.testing.assert_allclose(core.softmax([1, 2, 3]), [0.09003057, 0.24472847, 0.66524096], atol=5e-9)


def test_seed_randint_matrix_along_axis_1():
    np.random.seed(0)
    x = np.random.randint(1, 10, (3, 3))
    assert x.tolist() == [[6, 1, 4], [4, 8, 4], [6, 3, 5]]
    expected = [
        [0.8756006, 0.00589975, 0.11849965],
        [0.01766842, 0.96466316, 0.01766842],
        [0.70538451, 0.03511903, 0.25949646],
    ]
    np.testing.assert_allclose(core.softmax(x, axis=1), expected, atol=5e-9)


def test_seed_scipy_example():
    result = core.softmax([[1, 1, 5], [1, 2, 9]], axis=1)
    expected = [
        [1.76684220e-02, 1.76684220e-02, 9.64663156e-01],
        [3.35044712e-04, 9.10745952e-04, 9.98754209e-01],
    ]
    np.testing.assert_allclose(result, expected, rtol=1e-8)
    np.testing.assert_allclose(result.sum(axis=1), [1.0, 1.0], rtol=1e-15)


def test_seed_deep_learning_example():
    np.testing.assert_allclose(core.softmax([1.5, 0.8, -0.2]), [0.596, 0.296, 0.109], atol=6e-4)


def test_seed_002_prints_the_wrong_numbers_for_2_1_half():
    """Seed 002 says [0.665, 0.245, 0.090]; that is softmax([3, 2, 1]), not of [2.0, 1.0, 0.5]."""
    np.testing.assert_allclose(core.softmax([2.0, 1.0, 0.5]), [0.6285, 0.2312, 0.1402], atol=5e-5)
    np.testing.assert_allclose(core.softmax([3.0, 2.0, 1.0]), [0.665, 0.245, 0.090], atol=5e-4)


def test_seed_exp_of_705_to_714_overflows_halfway():
    with np.errstate(over="ignore"):
        exp_x = np.exp(np.arange(705, 715))
    assert np.all(np.isfinite(exp_x[:5])) and np.all(np.isinf(exp_x[5:]))
    np.testing.assert_allclose(exp_x[0], 1.50525383e306, rtol=1e-8)


def test_naive_softmax_gives_five_zeros_and_five_nans_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = core.naive_softmax(np.arange(705, 715))
    assert result[:5].tolist() == [0.0] * 5
    assert np.isnan(result[5:]).all()
    assert np.isfinite(core.softmax(np.arange(705, 715))).all()


# --- scipy drop-in behaviour ------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2, (0, 2), (1, 2), (0, 1, 2)])
@pytest.mark.parametrize("function", ["softmax", "log_softmax", "logsumexp"])
def test_matches_scipy_over_every_axis(function, axis):
    x = np.random.default_rng(1).normal(0, 3, (3, 4, 5))
    ours = getattr(core, function)(x, axis=axis)
    theirs = getattr(scipy.special, function)(x, axis=axis)
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
def test_float_dtypes_are_kept(function, dtype):
    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=dtype)
    result = getattr(core, function)(x, axis=1)
    assert result.dtype == dtype
    reference = getattr(scipy.special, function)(x.astype(np.float64), axis=1)
    np.testing.assert_allclose(
        result.astype(np.float64), reference, rtol=float(np.finfo(dtype).eps) * 4, atol=1e-7
    )


def test_integers_lists_and_scalars_are_accepted():
    assert core.softmax([1, 2, 3]).dtype == np.float64
    assert core.softmax(np.array([1, 2], dtype=np.int8)).dtype == np.float64
    scalar = core.softmax(3.0)
    assert scalar.shape == () and scalar == 1.0
    assert core.log_softmax(3.0) == 0.0
    assert float(core.logsumexp(3.0)) == 3.0


def test_a_bad_axis_raises_like_numpy():
    with pytest.raises(np.exceptions.AxisError):
        core.softmax(np.ones((2, 3)), axis=2)


# --- edge cases named in the docstrings -------------------------------------------------------


def test_negative_infinity_is_a_masked_class():
    x = np.array([1.0, -np.inf, 2.0])
    assert core.softmax(x)[1] == 0.0
    assert core.log_softmax(x)[1] == -np.inf
    np.testing.assert_allclose(core.softmax(x), scipy.special.softmax(x))


@pytest.mark.parametrize(
    "x",
    [np.array([1.0, np.inf, 2.0]), np.array([1.0, np.nan, 2.0]), np.array([-np.inf, -np.inf])],
    ids=["+inf", "nan", "all -inf"],
)
def test_slices_without_a_finite_maximum_give_nan_without_warnings(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(core.softmax(x)).all()
        assert np.isnan(core.log_softmax(x)).all()
    with np.errstate(invalid="ignore"):
        assert np.isnan(scipy.special.softmax(x)).all()


def test_logsumexp_of_non_finite_slices():
    assert core.logsumexp([-np.inf, -np.inf]) == -np.inf
    assert core.logsumexp([1.0, np.inf]) == np.inf
    assert np.isnan(core.logsumexp([1.0, np.nan]))


def test_empty_arrays():
    for shape, axis in (((0,), None), ((3, 0), 1), ((0, 4), 1)):
        x = np.empty(shape)
        assert core.softmax(x, axis=axis).shape == shape
        assert core.log_softmax(x, axis=axis).shape == shape
    assert core.logsumexp(np.empty(0)) == -np.inf


def test_rows_are_independent():
    x = np.array([[1000.0, 1.0], [1.0, 2.0], [-np.inf, 0.0]])
    expected = np.vstack([core.softmax(row) for row in x])
    np.testing.assert_array_equal(core.softmax(x, axis=1), expected)


# --- properties -----------------------------------------------------------------------------

finite_rows = hnp.arrays(
    np.float64,
    st.integers(1, 40),
    elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(finite_rows)
def test_sums_to_one_within_k_eps(x):
    assert abs(core.softmax(x).sum() - 1.0) <= x.size * np.finfo(np.float64).eps


@settings(max_examples=300, deadline=None)
@given(finite_rows, st.floats(-1e3, 1e3))
def test_shift_invariance(x, shift):
    shifted = x + shift
    assume(np.all(shifted - shift == x))  # the shift itself must be exact to ask for equality
    np.testing.assert_allclose(core.softmax(shifted), core.softmax(x), rtol=1e-13, atol=1e-300)


@settings(max_examples=300, deadline=None)
@given(finite_rows)
def test_order_is_kept(x):
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(core.softmax(x)[order]) >= 0)


@settings(max_examples=300, deadline=None)
@given(finite_rows)
def test_agrees_with_scipy(x):
    np.testing.assert_allclose(core.softmax(x), scipy.special.softmax(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(core.log_softmax(x), scipy.special.log_softmax(x), rtol=1e-12, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-8, 8)))
def test_jacobian_matches_central_differences_and_rows_sum_to_zero(x):
    jacobian = core.softmax_jacobian(core.softmax(x))
    step = 1e-6
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = step
        column = (core.softmax(x + e) - core.softmax(x - e)) / (2 * step)
        np.testing.assert_allclose(jacobian[:, j], column, atol=1e-8)
    np.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=1e-15)


def test_jacobian_is_batched():
    y = core.softmax(np.random.default_rng(2).normal(size=(2, 3, 4)), axis=-1)
    jacobian = core.softmax_jacobian(y)
    assert jacobian.shape == (2, 3, 4, 4)
    np.testing.assert_allclose(jacobian[1, 2], np.diag(y[1, 2]) - np.outer(y[1, 2], y[1, 2]))


# --- temperature, cross-entropy, sigmoid, thresholds, traces ------------------------------------


@pytest.mark.parametrize("temperature", [0.05, 0.5, 2.0, 20.0])
def test_temperature_divides_the_logits(temperature):
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(
        core.softmax_temperature(x, temperature), scipy.special.softmax(x / temperature), rtol=1e-13
    )


def test_temperature_limits():
    x = np.array([1.0, 3.0, 3.0, 0.0])
    np.testing.assert_allclose(core.softmax_temperature(x, 1e-3), core.hardmax(x), atol=1e-300)
    np.testing.assert_allclose(core.softmax_temperature(x, 1e6), np.full(4, 0.25), atol=1e-5)
    assert core.hardmax(x).tolist() == [0.0, 0.5, 0.5, 0.0]
    assert np.isfinite(core.softmax_temperature([1e308, -1e308], 0.05)).all()


@pytest.mark.parametrize("bad", [0.0, -1.0, float("inf"), float("nan")])
def test_bad_temperatures_raise_a_clear_error(bad):
    with pytest.raises(ValueError, match="temperature"):
        core.softmax_temperature([1.0, 2.0], bad)


def test_cross_entropy_goes_through_log_softmax():
    loss, grad = core.cross_entropy([1000.0, 1.0], 1)
    assert loss == 999.0
    assert grad.tolist() == [1.0, -1.0]
    logits = np.array([[2.0, 1.0, 0.5], [0.0, 5.0, 1.0]])
    loss, grad = core.cross_entropy(logits, np.array([0, 2]))
    np.testing.assert_allclose(loss, -scipy.special.log_softmax(logits, axis=1)[[0, 1], [0, 2]])
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=3 * np.finfo(np.float64).eps)


def test_cross_entropy_gradient_matches_finite_differences():
    x = np.array([1.5, 0.8, -0.2])
    _, grad = core.cross_entropy(x, 2)
    step = 1e-6
    numeric = [
        (core.cross_entropy(x + step * e, 2).loss - core.cross_entropy(x - step * e, 2).loss) / (2 * step)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(grad, numeric, atol=1e-8)


@pytest.mark.parametrize("target", [3, -1, 1.5])
def test_cross_entropy_rejects_bad_targets(target):
    with pytest.raises(ValueError, match="class index"):
        core.cross_entropy([1.0, 2.0, 3.0], target)


@settings(max_examples=300, deadline=None)
@given(st.floats(-800, 800))
def test_two_class_softmax_is_the_sigmoid(z):
    np.testing.assert_array_max_ulp(core.softmax(np.array([z, 0.0]))[0], core.sigmoid(z), maxulp=2)
    assert core.sigmoid(z) == pytest.approx(float(1 / (1 + mpmath.exp(-z))), rel=4e-16, abs=1e-300)


def test_exp_thresholds_come_from_finfo():
    for dtype, overflow in ((np.float16, 11.09), (np.float32, 88.72), (np.float64, 709.78)):
        thresholds = core.exp_thresholds(dtype)
        assert round(thresholds.overflow, 2) == overflow
        info = np.finfo(dtype)
        assert np.isfinite(np.exp(np.float64(thresholds.overflow)).astype(dtype))
        assert thresholds.underflow_normal == pytest.approx(float(mpmath.log(float(info.smallest_normal))))
        assert thresholds.underflow_subnormal == pytest.approx(
            float(mpmath.log(float(info.smallest_subnormal)))
        )


def test_trace_names_every_event_and_its_elements():
    trace = core.trace_softmax(np.arange(705.0, 715.0))
    steps = {step.name: step for step in trace.naive}
    assert steps["exp"].events["overflow"].tolist() == [5, 6, 7, 8, 9]
    assert steps["quotient"].events["invalid"].tolist() == [5, 6, 7, 8, 9]
    assert all(not step.events for step in trace.stable)
    np.testing.assert_allclose(trace.stable[-1].value, core.softmax(np.arange(705.0, 715.0)), rtol=1e-15)


def test_trace_of_the_underflow_case():
    trace = core.trace_softmax(np.arange(-800.0, -790.0))
    steps = {step.name: step for step in trace.naive}
    assert steps["exp"].events["underflow"].tolist() == list(range(10))
    assert steps["sum"].value[0] == 0.0
    assert steps["quotient"].events["invalid"].tolist() == list(range(10))
    assert np.isfinite(trace.stable[-1].value).all()


def test_trace_in_float16_overflows_at_the_input():
    trace = core.trace_softmax(np.array([1.0, 70000.0]), np.float16)
    assert trace.naive[0].events["overflow"].tolist() == [1]
    assert trace.naive[0].value.dtype == np.float16
    trace = core.trace_softmax(np.arange(5.0, 15.0), np.float16)
    assert trace.naive[1].events["overflow"].tolist() == [7, 8, 9]  # e^12 > 65504


def test_importing_the_core_loads_no_ui_library():
    code = "import sys, softmax_viz.core; print(sorted({'streamlit', 'plotly'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
