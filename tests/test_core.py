"""softmax_viz.core against mpmath, scipy, finite differences and the numbers textbooks print."""

import dataclasses
import re
import subprocess
import sys
import tracemalloc
import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from softmax_viz import core

EPS = float(np.finfo(np.float64).eps)


# --- an independent reference: mpmath at 60 digits -------------------------------------------------


def exact_softmax(x, dps: int = 60) -> tuple[list, list]:
    """softmax and log_softmax of a 1-D vector, as mpmath numbers; −inf entries are masked.

    The log of the sum is taken as log1p of the terms other than one maximum's, because at any
    fixed precision log(1 + 1e-200) would be 0 while float64 holds −1e-200 easily.
    """
    with mpmath.workdps(dps):
        values = [mpmath.mpf(float(v)) if np.isfinite(v) else None for v in x]
        peak = max(v for v in values if v is not None)
        terms = [mpmath.exp(v - peak) if v is not None else mpmath.mpf(0) for v in values]
        argmax = values.index(peak)
        rest = mpmath.fsum(term for k, term in enumerate(terms) if k != argmax)
        probabilities = [term / (1 + rest) for term in terms]
        logs = [v - peak - mpmath.log1p(rest) if v is not None else None for v in values]
    return probabilities, logs


def exact_logsumexp(x, dps: int = 60):
    """log Σ exp(x) as max + log1p(the other terms), for the same reason as above."""
    with mpmath.workdps(dps):
        values = sorted((mpmath.mpf(float(v)) for v in x if np.isfinite(v)), reverse=True)
        return values[0] + mpmath.log1p(mpmath.fsum(mpmath.exp(v - values[0]) for v in values[1:]))


def ulp_errors(result, exact, dtype=np.float64) -> np.ndarray:
    """|result − exact| in units of the dtype's spacing at the exact value, floored at the
    smallest normal number; a masked class (exact None) must be exactly −inf."""
    floor = np.finfo(dtype).smallest_normal
    errors = []
    for got, want in zip(np.ravel(result), exact, strict=True):
        if want is None:
            errors.append(0.0 if got == -np.inf else np.inf)
            continue
        spacing = float(np.spacing(max(dtype(abs(float(want))), floor)))
        errors.append(float(abs(mpmath.mpf(float(got)) - want) / spacing))
    return np.array(errors)


def test_ulp_errors_counts_units_in_the_last_place():
    one = mpmath.mpf(1)
    assert ulp_errors([1.0], [one]).tolist() == [0.0]
    assert ulp_errors([1.0 + 4 * EPS], [one]).tolist() == [4.0]
    assert ulp_errors([0.0], [mpmath.mpf("1e-330")]).max() < 1  # below the subnormal spacing
    assert ulp_errors([0.0], [mpmath.mpf("1e-320")]).max() > 4  # a lost subnormal is an error
    assert ulp_errors([-np.inf, 0.0], [None, mpmath.mpf(0)]).tolist() == [0.0, 0.0]
    assert ulp_errors([0.0], [None]).tolist() == [np.inf]


def accuracy_inputs() -> dict[str, np.ndarray]:
    """Gaps of 1e2..1e5 between logits, offsets up to ±1e3, the textbook examples, near-ties, masks."""
    rng = np.random.default_rng(20261123)
    cases = {
        "705..714": np.arange(705.0, 715.0),
        "[1000, 1]": np.array([1000.0, 1.0]),
        "[0, -40]": np.array([0.0, -40.0]),
        "[-1000, -1001]": np.array([-1000.0, -1001.0]),
        "near tie": np.array([1.0, np.nextafter(1.0, 2.0), np.nextafter(1.0, 0.0)]),
        "exact tie": np.array([7.5, 7.5, 7.5 - 1e-9, -3.0]),
        "tiny gaps at 1e3": 1e3 + np.array([0.0, 1e-13, 2e-13, -3e-13]),
        "masked": np.array([3.0, -np.inf, 1.0, -np.inf]),
        "masked offset": np.array([-900.5, -np.inf, -1000.25]),
        "masked large": np.array([800.0, -np.inf, -900.0, 799.0]),
        "large max, larger negatives": np.array([800.0, -900.0, 799.5, -0.1]),
        "worked example [1.5, 0.8, -0.2]": np.array([1.5, 0.8, -0.2]),
        "classifier [2, 1, 0.5]": np.array([2.0, 1.0, 0.5]),
        "one element": np.array([-123.456]),
        "many terms": rng.normal(0, 3, 500),
    }
    for gap in (1e2, 1e3, 1e4, 1e5):
        for offset in (-1e3, -1.0, 0.0, 1e3):
            cases[f"gap {gap:g} offset {offset:g}"] = offset + rng.uniform(-gap, 0, 12)
            cases[f"spread {gap:g} offset {offset:g}"] = offset + rng.normal(0, gap / 20, 12)
    return cases


ACCURACY = accuracy_inputs()
REFERENCES = {name: exact_softmax(x) for name, x in ACCURACY.items()}


@pytest.mark.parametrize("name", list(ACCURACY))
def test_float64_softmax_and_log_softmax_are_within_4_ulp_of_mpmath(name):
    x = ACCURACY[name]
    probabilities, logs = REFERENCES[name]
    assert ulp_errors(core.softmax(x), probabilities).max() <= 4
    assert ulp_errors(core.log_softmax(x), logs).max() <= 4
    assert ulp_errors([core.logsumexp(x)], [exact_logsumexp(x)]).max() <= 4


@pytest.mark.parametrize("name", list(ACCURACY))
def test_float32_softmax_is_within_4_ulp_of_mpmath(name):
    """numpy's float32 exp gives most of it (about 2.4 ulp); bench/kernel.py sets scipy beside it."""
    x32 = ACCURACY[name].astype(np.float32)
    probabilities, _ = exact_softmax(x32.astype(np.float64))
    result = core.softmax(x32)
    assert result.dtype == np.float32
    assert ulp_errors(result, probabilities, np.float32).max() <= 4


finite_logits = st.floats(-1e5, 1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(finite_logits, st.just(-np.inf)), min_size=1, max_size=10),
    st.sampled_from([0.0, -1e3, 1e3, 705.0]),
)
def test_float64_accuracy_on_random_vectors(values, offset):
    x = np.array(values) + offset
    assume(np.isfinite(x).any())
    probabilities, logs = exact_softmax(x)
    assert ulp_errors(core.softmax(x), probabilities).max() <= 4
    assert ulp_errors(core.log_softmax(x), logs).max() <= 4


@pytest.mark.filterwarnings("error")  # also inside the worker threads
@pytest.mark.parametrize("tile_bytes", [64, 1 << 20], ids=["rows cut into chunks", "whole rows"])
@pytest.mark.parametrize("rows", [slice(None), slice(0, 12)], ids=["all kinds", "unshifted and negative"])
def test_tiles_chunks_and_threads_keep_the_accuracy(monkeypatch, tile_bytes, rows):
    """Rows of every kind share tiles: unshifted, shifted by a negative or a huge maximum, masked.
    Tiny tiles cut the rows into column chunks; a low threshold splits the rows between threads."""
    rng = np.random.default_rng(7)
    x = rng.normal(0, 4, (24, 40)) + np.repeat([0.0, -500.0, 900.0, 300.0], 6)[:, np.newaxis]
    x[13, 5] = -2000.0  # below −max: only TwoSum splits this x − max exactly
    x[4, ::3] = -np.inf
    x[11, 2] = -np.inf
    x = x[rows]
    monkeypatch.setattr(core, "_TILE_BYTES", tile_bytes)
    monkeypatch.setattr(core, "_PARALLEL_ELEMENTS", 100)
    probabilities, logs, total = (
        core.softmax(x, axis=1),
        core.log_softmax(x, axis=1),
        core.logsumexp(x, axis=1),
    )
    for row in range(x.shape[0]):
        exact_probabilities, exact_logs = exact_softmax(x[row])
        assert ulp_errors(probabilities[row], exact_probabilities).max() <= 4
        assert ulp_errors(logs[row], exact_logs).max() <= 4
        assert ulp_errors([total[row]], [exact_logsumexp(x[row])]).max() <= 4


def test_extra_memory_is_a_few_tiles_not_copies(monkeypatch):
    """One thread here (each thread adds its own few tiles of scratch)."""
    monkeypatch.setattr(core, "_PARALLEL_ELEMENTS", np.inf)
    x = np.random.default_rng(5).normal(0, 4, (100, 50_000))
    for function in (core.softmax, core.log_softmax, core.logsumexp):
        tracemalloc.start()
        result = function(x, axis=-1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak - result.nbytes < 5 * core._TILE_BYTES < 0.15 * x.nbytes


# --- the numbers textbooks print ---------------------------------------------------------


def assert_prints_as(values, printed: str) -> None:
    """Each value is within half a unit of the last digit of the number the textbook printed."""
    tokens = re.findall(r"[-+]?\d+\.\d*(?:e[-+]\d+)?", printed)
    assert len(tokens) == np.size(values)
    for value, token in zip(np.ravel(values), tokens, strict=True):
        mantissa, _, exponent = token.partition("e")
        unit = 10.0 ** (-len(mantissa.split(".")[1]) + int(exponent or 0))
        assert abs(float(value) - float(token)) <= 0.5 * unit * (1 + 1e-9), (value, token)


def test_softmax_of_1_2_3_as_the_textbook_prints_it():
    assert_prints_as(core.softmax(np.array([1, 2, 3])), "[0.09003057 0.24472847 0.66524096]")


def test_the_randint_matrix_along_axis_1_as_the_textbook_prints_it():
    x = np.random.RandomState(0).randint(1, 10, (3, 3))  # np.random.seed(0); np.random.randint(...)
    assert x.tolist() == [[6, 1, 4], [4, 8, 4], [6, 3, 5]]
    assert_prints_as(
        core.softmax(x, axis=1),
        """[[0.8756006  0.00589975 0.11849965]
            [0.01766842 0.96466316 0.01766842]
            [0.70538451 0.03511903 0.25949646]]""",
    )


def test_the_scipy_documentation_example():
    m = core.softmax(np.array([[1, 1, 5], [1, 2, 9]]), axis=1)
    assert_prints_as(
        m,
        """[[1.76684220e-02 1.76684220e-02 9.64663156e-01]
            [3.35044712e-04 9.10745952e-04 9.98754209e-01]]""",
    )
    np.testing.assert_allclose(m.sum(axis=1), [1.0, 1.0], rtol=2 * EPS)


def test_the_worked_example_1_5_0_8_minus_0_2():
    """A textbook works [1.5, 0.8, −0.2] by hand to three decimals: exps 4.482, 2.225, 0.819, sum
    7.526, probabilities [0.596, 0.296, 0.109]. Two of its digits are off by one: e^0.8 = 2.22554
    is truncated, and the first probability, 0.595497, comes out as 0.596 only from dividing
    the rounded 4.482 by the rounded 7.526."""
    steps = {step.name: step.value for step in core.trace_softmax([1.5, 0.8, -0.2]).naive}
    assert_prints_as(steps["exp"][[0, 2]], "4.482, 0.819")
    assert np.floor(steps["exp"][1] * 1000) / 1000 == 2.225
    assert_prints_as(steps["sum"], "7.526")
    assert_prints_as(core.softmax([1.5, 0.8, -0.2]), "[0.595, 0.296, 0.109]")


def test_the_classifier_example_2_1_half_is_not_the_distribution_of_3_2_1():
    """A textbook gives [0.665, 0.245, 0.090] for softmax([2.0, 1.0, 0.5]); that is softmax([3, 2, 1])."""
    assert_prints_as(core.softmax([2.0, 1.0, 0.5]), "[0.6285, 0.2312, 0.1402]")
    assert_prints_as(core.softmax([3.0, 2.0, 1.0]), "[0.665, 0.245, 0.090]")


def test_exp_of_705_to_714_overflows_halfway_as_the_textbook_shows():
    exp_x = {step.name: step for step in core.trace_softmax(np.arange(705, 715)).naive}["exp"].value
    assert_prints_as(
        exp_x[:5], "[1.50525383e+306 4.09170414e+306 1.11224050e+307 3.02338314e+307 8.21840746e+307"
    )
    assert np.isinf(exp_x[5:]).all()


def test_the_textbook_formula_gives_five_zeros_and_five_nans_for_705_to_714_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = core.naive_softmax(np.arange(705, 715))
        assert result[:5].tolist() == [0.0] * 5
        assert np.isnan(result[5:]).all()
        assert np.isnan(core.naive_softmax(np.arange(-800.0, -790.0))).all()  # 0/0 after underflow
    assert np.isfinite(core.softmax(np.arange(705, 715))).all()


def test_naive_softmax_is_the_textbook_formula_where_it_works():
    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
    np.testing.assert_allclose(core.naive_softmax(x, axis=1), core.softmax(x, axis=1), rtol=4 * EPS)


# --- scipy drop-in behaviour ------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, -1, 2, (), (0, 2), (2, 0), (1, 2), (0, 1, 2)])
@pytest.mark.parametrize("function", ["softmax", "log_softmax", "logsumexp"])
def test_matches_scipy_over_every_axis(function, axis):
    x = np.random.default_rng(1).normal(0, 3, (3, 4, 5))
    ours = getattr(core, function)(x, axis=axis)
    theirs = getattr(scipy.special, function)(x, axis=axis)
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.longdouble])
@pytest.mark.parametrize("function", ["softmax", "log_softmax", "logsumexp"])
def test_float_dtypes_are_kept(function, dtype):
    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=dtype)
    result = getattr(core, function)(x, axis=1)
    assert result.dtype == getattr(scipy.special, function)(x, axis=1).dtype == dtype
    reference = getattr(scipy.special, function)(x.astype(np.float64), axis=1)
    tolerance = max(float(np.finfo(dtype).eps), EPS) * 4
    np.testing.assert_allclose(result.astype(np.float64), reference, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("function", ["softmax", "log_softmax", "logsumexp"])
def test_integers_lists_and_scalars_like_scipy(function):
    ours, theirs = getattr(core, function), getattr(scipy.special, function)
    for x in ([1, 2, 3], np.array([1, 2], dtype=np.int64), 3, 3.0, np.float32(2.0), [[1, 2], [3, 4]]):
        result, expected = ours(x), theirs(x)
        assert type(result) is type(expected)
        assert result.dtype == expected.dtype
        np.testing.assert_allclose(result, expected, rtol=2 * EPS)
    # Every integer becomes float64 (scipy's softmax turns int8 into float16), and so do booleans.
    assert ours(np.array([1, 2], dtype=np.int8)).dtype == np.float64
    assert ours(np.array([True, False])).dtype == np.float64


def test_bad_input_raises_like_numpy():
    with pytest.raises(np.exceptions.AxisError):
        core.softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="repeated axis"):
        core.softmax(np.ones((2, 3)), axis=(1, 1))
    with pytest.raises(TypeError, match="real input"):
        core.softmax([1 + 1j, 0])


# --- edge cases named in the docstrings -------------------------------------------------------

NAN, INF = np.nan, np.inf

# Each case with the softmax, log_softmax and logsumexp the docstrings promise (as scipy gives).
NON_FINITE = {
    "+inf": ([1.0, INF, 2.0], [NAN, NAN, NAN], [-INF, NAN, -INF], INF),
    "+inf and -inf": ([INF, -INF, 0.0], [NAN, NAN, NAN], [NAN, -INF, -INF], INF),
    "two +inf": ([INF, INF], [NAN, NAN], [NAN, NAN], INF),
    "nan": ([1.0, NAN, 2.0], [NAN, NAN, NAN], [NAN, NAN, NAN], NAN),
    "nan and +inf": ([NAN, INF], [NAN, NAN], [NAN, NAN], NAN),
    "all -inf": ([-INF, -INF], [NAN, NAN], [NAN, NAN], -INF),
}


@pytest.mark.parametrize("name", list(NON_FINITE))
def test_non_finite_input_gives_the_documented_result_without_warnings(name):
    x, *expected = (np.array(values) for values in NON_FINITE[name])
    functions = (core.softmax, core.log_softmax, core.logsumexp)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for function, want in zip(functions, expected, strict=True):
            np.testing.assert_array_equal(function(x), want)  # nan where nan, inf where inf
            rows = np.stack([x, np.zeros_like(x)])  # a bad row leaves its neighbour alone
            np.testing.assert_array_equal(function(rows, axis=1)[0], want)
            np.testing.assert_array_equal(function(rows, axis=1)[1], function(rows[1]))


def test_a_masked_class_gets_probability_0_and_the_others_share_the_rest():
    x = np.array([1.0, -INF, 2.0])
    probabilities, logs = exact_softmax(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ulp_errors(core.softmax(x), probabilities).max() <= 4
        assert ulp_errors(core.log_softmax(x), logs).max() <= 4
        assert ulp_errors([core.logsumexp(x)], [exact_logsumexp(x)]).max() <= 4
    assert core.softmax(x)[1] == 0.0 and core.log_softmax(x)[1] == -INF


def test_masked_classes_in_a_tile_of_otherwise_finite_rows():
    x = np.array([[800.0, -np.inf, 799.0], [-500.0, -np.inf, -501.0], [2.0, -np.inf, 1.0]])
    result = core.softmax(x, axis=1)
    assert result[:, 1].tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(result[:, [0, 2]], scipy.special.softmax(x[:, [0, 2]], axis=1), rtol=2 * EPS)
    assert (core.log_softmax(x, axis=1)[:, 1] == -np.inf).all()


@pytest.mark.parametrize(
    ("shape", "axis"), [((0,), None), ((3, 0), 1), ((0, 4), 1), ((3, 0), 0), ((2, 0, 3), (1, 2))]
)
def test_empty_arrays(shape, axis):
    x = np.empty(shape)
    assert core.softmax(x, axis=axis).shape == shape
    assert core.log_softmax(x, axis=axis).shape == shape
    # logsumexp of an empty slice is the log of an empty sum, −inf, in each slice that is kept.
    log_of_empty_sums = np.full(np.sum(x, axis=axis).shape, -np.inf)
    np.testing.assert_array_equal(core.logsumexp(x, axis=axis), log_of_empty_sums)


def test_rows_are_independent():
    x = np.array([[1000.0, 1.0], [1.0, 2.0], [-np.inf, 0.0], [-800.0, -801.0]])
    for function in (core.softmax, core.log_softmax):
        np.testing.assert_array_equal(function(x, axis=1), np.vstack([function(row) for row in x]))


# --- properties -----------------------------------------------------------------------------

finite_rows = hnp.arrays(
    np.float64, st.integers(1, 40), elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
)


@settings(max_examples=150, deadline=None)
@given(finite_rows)
def test_sums_to_one_within_k_eps(x):
    assert abs(core.softmax(x).sum() - 1.0) <= x.size * EPS


def on_a_grid(bound: int) -> st.SearchStrategy[float]:
    """Multiples of 2^-20 up to ``bound``: sums of two of them are exact in float64."""
    return st.integers(-bound * 2**20, bound * 2**20).map(lambda n: n / 2**20)


@settings(max_examples=150, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 40), elements=on_a_grid(10**4)), on_a_grid(10**3))
def test_shift_invariance(x, shift):
    shifted = x + shift  # exact, so the exact softmax is the same
    np.testing.assert_allclose(core.softmax(shifted), core.softmax(x), rtol=8 * EPS, atol=1e-300)
    moved, unmoved = core.logsumexp(shifted), core.logsumexp(x)
    assert abs(moved - (unmoved + shift)) <= 9 * EPS * max(abs(moved), abs(unmoved))


@settings(max_examples=150, deadline=None)
@given(finite_rows)
def test_order_is_kept(x):
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(core.softmax(x)[order]) >= 0)


@settings(max_examples=150, deadline=None)
@given(finite_rows)
def test_agrees_with_scipy(x):
    np.testing.assert_allclose(core.softmax(x), scipy.special.softmax(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(core.log_softmax(x), scipy.special.log_softmax(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(core.logsumexp(x), scipy.special.logsumexp(x), rtol=1e-15)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, st.integers(2, 8), elements=st.floats(-8, 8)))
def test_jacobian_matches_central_differences_and_rows_sum_to_zero(x):
    jacobian = core.softmax_jacobian(core.softmax(x))
    step = 1e-6
    columns = [(core.softmax(x + step * e) - core.softmax(x - step * e)) / (2 * step) for e in np.eye(x.size)]
    np.testing.assert_allclose(jacobian, np.column_stack(columns), atol=1e-8)
    np.testing.assert_allclose(jacobian.sum(axis=1), 0.0, atol=2 * EPS)
    np.testing.assert_array_equal(jacobian, jacobian.T)


def test_jacobian_is_batched():
    y = core.softmax(np.random.default_rng(2).normal(size=(2, 3, 4)), axis=-1)
    jacobian = core.softmax_jacobian(y)
    assert jacobian.shape == (2, 3, 4, 4)
    np.testing.assert_allclose(jacobian[1, 2], np.diag(y[1, 2]) - np.outer(y[1, 2], y[1, 2]), rtol=EPS)
    assert core.softmax_jacobian(y.astype(np.float32)).dtype == np.float32


# --- temperature, cross-entropy, sigmoid, thresholds ------------------------------------------


@pytest.mark.parametrize("temperature", [0.05, 0.5, 2.0, 20.0])
def test_temperature_divides_the_logits(temperature):
    x = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]])
    np.testing.assert_allclose(
        core.softmax_temperature(x, temperature, axis=1),
        scipy.special.softmax(x / temperature, axis=1),
        rtol=1e-13,
    )


def test_temperature_limits():
    x = np.array([1.0, 3.0, 3.0, 0.0])
    np.testing.assert_allclose(core.softmax_temperature(x, 1e-3), core.hardmax(x), atol=1e-300)
    np.testing.assert_allclose(core.softmax_temperature(x, 1e6), np.full(4, 0.25), atol=1e-5)
    assert core.hardmax(x).tolist() == [0.0, 0.5, 0.5, 0.0]
    assert core.hardmax([[1.0, 0.0], [2.0, 5.0]], axis=1).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert np.isnan(core.hardmax([-np.inf, -np.inf])).all()
    huge = core.softmax_temperature([1e308, -1e308, 1e308], 0.05)  # x / T overflows; x − max does not
    assert huge.tolist() == [0.5, 0.0, 0.5]


@pytest.mark.parametrize("bad", [0.0, -1.0, float("inf"), float("nan")])
def test_bad_temperatures_raise_a_clear_error(bad):
    with pytest.raises(ValueError, match="temperature must be a finite number greater than 0"):
        core.softmax_temperature([1.0, 2.0], bad)


def test_cross_entropy_goes_through_log_softmax():
    loss, grad = core.cross_entropy([1000.0, 1.0], 1)
    assert loss == 999.0
    with np.errstate(divide="ignore"):
        assert -np.log(core.softmax([1000.0, 1.0])[1]) == np.inf  # the way it must not be computed
    assert grad.tolist() == [1.0, -1.0]
    logits = np.array([[2.0, 1.0, 0.5], [0.0, 5.0, 1.0]])
    loss, grad = core.cross_entropy(logits, np.array([0, 2]))
    np.testing.assert_allclose(loss, -scipy.special.log_softmax(logits, axis=1)[[0, 1], [0, 2]], rtol=2 * EPS)
    np.testing.assert_allclose(grad, scipy.special.softmax(logits, axis=1) - np.eye(3)[[0, 2]], atol=2 * EPS)


def test_cross_entropy_gradient_matches_finite_differences():
    x = np.array([1.5, 0.8, -0.2])
    _, grad = core.cross_entropy(x, 2)
    step = 1e-6
    numeric = [
        (core.cross_entropy(x + step * e, 2).loss - core.cross_entropy(x - step * e, 2).loss) / (2 * step)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(grad, numeric, atol=1e-8)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (3, "class index in"),
        (-1, "class index in"),
        (1.5, "class index in"),
        (True, "class index in"),
        ([0, 1], "shape"),
    ],
)
def test_cross_entropy_rejects_bad_targets(target, message):
    with pytest.raises(ValueError, match=message):
        core.cross_entropy([1.0, 2.0, 3.0], target)


@settings(max_examples=150, deadline=None)
@given(st.floats(-800, 800))
def test_two_class_softmax_is_the_sigmoid(z):
    np.testing.assert_array_max_ulp(core.softmax(np.array([z, 0.0]))[0], core.sigmoid(z), maxulp=2)
    with mpmath.workdps(50):
        exact = 1 / (1 + mpmath.exp(mpmath.mpf(-z)))
    assert ulp_errors([core.sigmoid(z)], [exact]).max() <= 2
    assert ulp_errors([core.softmax([z, 0.0])[0]], [exact]).max() <= 4


def test_sigmoid_keeps_its_dtype_and_saturates():
    assert core.sigmoid(np.float32(1.0)).dtype == np.float32
    assert core.sigmoid([-1e4, 0.0, 1e4]).tolist() == [0.0, 0.5, 1.0]
    assert core.sigmoid(-740.0) > 0  # e^-740 is subnormal but not 0


def test_sigmoid_of_infinities_is_0_and_1_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = core.sigmoid([np.inf, -np.inf, np.nan])
    assert result[:2].tolist() == [1.0, 0.0] and np.isnan(result[2])


def test_hardmax_of_a_slice_with_nan_is_nan_and_its_neighbours_are_not():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(core.hardmax([1.0, np.nan, 2.0])).all()
        rows = core.hardmax([[1.0, np.nan], [2.0, 1.0], [3.0, 3.0]], axis=1)
    assert np.isnan(rows[0]).all() and rows[1:].tolist() == [[1.0, 0.0], [0.5, 0.5]]


def test_float16_near_its_overflow_limit():
    """float16's largest number is 65504; rounded to nearest, everything from 65520 on is inf.
    These logits are float16 numbers on both sides of ln 65520 ≈ 11.0899."""
    x = np.array([11.0, 11.078125, 11.09375, 11.1015625])
    assert x.astype(np.float16).astype(np.float64).tolist() == x.tolist()
    with mpmath.workdps(30):
        exact_exp = [mpmath.exp(v) for v in x]
        overflowing = [k for k, value in enumerate(exact_exp) if value >= 65520]
    assert overflowing == [2, 3]
    naive = steps_by_name(core.trace_softmax(x, np.float16).naive)
    assert naive["exp"].events["overflow"].tolist() == overflowing
    finite = naive["exp"].value[:2].astype(np.float64)
    np.testing.assert_allclose(finite, [float(v) for v in exact_exp[:2]], rtol=2.0**-11)  # half an ulp
    assert naive["quotient"].events["invalid"].tolist() == overflowing
    # The max-shifted path and softmax itself stay within an ulp of float16 of the exact values.
    probabilities, _ = exact_softmax(x)
    stable = steps_by_name(core.trace_softmax(x, np.float16).stable)["quotient"].value
    assert ulp_errors(stable, probabilities, np.float16).max() <= 2
    assert ulp_errors(core.softmax(x.astype(np.float16)), probabilities, np.float16).max() <= 1
    # Cast into float16: 65504 is its largest number, and 65520 rounds up to inf.
    cast = core.trace_softmax([65504.0, 65519.0, 65520.0], np.float16).naive[0]
    assert cast.value[:2].tolist() == [65504.0, 65504.0] and cast.events["overflow"].tolist() == [2]


def test_exp_thresholds_come_from_finfo():
    for dtype in (np.float16, np.float32, np.float64):
        thresholds = core.exp_thresholds(dtype)
        info = np.finfo(dtype)
        limits = (info.max, info.smallest_normal, info.smallest_subnormal)
        for value, limit in zip(thresholds, limits, strict=True):
            assert type(value) is float
            assert value == pytest.approx(float(mpmath.log(float(limit))), rel=EPS)
        with np.errstate(over="ignore"):
            assert np.isinf(np.exp(dtype(thresholds.overflow * 1.001)))
            assert np.isfinite(np.exp(dtype(thresholds.overflow * 0.999)))
    assert [round(core.exp_thresholds(t).overflow, 2) for t in (np.float16, np.float32, np.float64)] == [
        11.09,
        88.72,
        709.78,
    ]


# --- the step-by-step trace -------------------------------------------------------------------


def steps_by_name(steps) -> dict:
    return {step.name: step for step in steps}


def test_trace_of_the_overflow_case():
    trace = core.trace_softmax(np.arange(705.0, 715.0))
    assert [s.name for s in trace.naive] == ["input", "exp", "sum", "quotient"]
    assert [s.name for s in trace.stable] == ["input", "max", "shifted", "exp", "sum", "quotient"]
    naive = steps_by_name(trace.naive)
    assert naive["exp"].events.keys() == {"overflow"}
    assert naive["exp"].events["overflow"].tolist() == [5, 6, 7, 8, 9]
    assert naive["quotient"].events.keys() == {"invalid"}
    assert naive["quotient"].events["invalid"].tolist() == [5, 6, 7, 8, 9]
    assert all(not step.events for step in trace.stable)
    stable = steps_by_name(trace.stable)
    assert stable["max"].value.shape == stable["sum"].value.shape == (1,)
    assert stable["max"].value[0] == 714.0
    np.testing.assert_allclose(stable["quotient"].value, core.softmax(np.arange(705.0, 715.0)), rtol=4 * EPS)


def test_trace_of_the_underflow_case():
    naive = steps_by_name(core.trace_softmax(np.arange(-800.0, -790.0)).naive)
    assert naive["exp"].events["underflow"].tolist() == list(range(10))
    assert naive["sum"].value.tolist() == [0.0]
    assert naive["quotient"].events["invalid"].tolist() == list(range(10))
    assert np.isfinite(core.trace_softmax(np.arange(-800.0, -790.0)).stable[-1].value).all()


def test_trace_in_float16():
    trace = core.trace_softmax(np.array([1.0, 70000.0, 1e-9]), np.float16)
    assert trace.dtype == np.float16
    start = trace.naive[0]
    assert start.value.dtype == np.float16
    assert start.events["overflow"].tolist() == [1]
    assert start.events["underflow"].tolist() == [2]
    exp_step = steps_by_name(core.trace_softmax(np.arange(5.0, 15.0), np.float16).naive)["exp"]
    assert exp_step.events["overflow"].tolist() == [7, 8, 9]  # e^12 > 65504
    sum_step = steps_by_name(core.trace_softmax(np.full(8, 10.0), np.float16).naive)["sum"]
    assert sum_step.events["overflow"].tolist() == list(range(8))  # each e^10 fits; their sum does not


def test_trace_events_of_the_shift_and_the_quotient():
    stable = steps_by_name(core.trace_softmax([1e308, -1e308]).stable)
    assert stable["shifted"].events["overflow"].tolist() == [1]
    masked = steps_by_name(core.trace_softmax([0.0, -np.inf]).naive)
    assert not masked["exp"].events and not masked["quotient"].events
    tiny = steps_by_name(core.trace_softmax([0.0, -740.0]).stable)
    assert tiny["exp"].events["underflow"].tolist() == [1]
    assert "underflow" not in tiny["quotient"].events  # a subnormal divided by 1 is exact
    halved = steps_by_name(core.trace_softmax([0.0, 0.0, -745.0]).stable)
    assert halved["quotient"].events["underflow"].tolist() == [2]  # the smallest subnormal / 2


IEEE_FLAGS = {
    "overflow": "overflow",
    "underflow": "underflow",
    "invalid value": "invalid",
    "divide by zero": "divide",
}


def flags_raised_by(operation) -> tuple[np.ndarray, set[str]]:
    """The result of ``operation`` and the floating-point flags numpy raised computing it."""
    raised = set()
    with np.errstate(all="call", call=lambda kind, _flag: raised.add(IEEE_FLAGS[kind])):
        return operation(), raised


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize(
    "x",
    [
        np.arange(705.0, 715.0),
        np.arange(-800.0, -790.0),
        [1.0, 70000.0, 1e-9, 2.0**-20],
        [1e308, -1e308],
        [0.0, -740.0],
        [0.0, 0.0, -745.0],
        [0.0, -90.0],
        [100.0, 0.0],
        [0.0, -np.inf],
        np.full(8, 10.0),
        [1.5, 0.8, -0.2],
        [np.nan, 1.0],
        [np.inf, 1.0],
        [-np.inf, -np.inf],
    ],
    ids=repr,
)
def test_trace_events_are_the_flags_numpy_raises(x, dtype):
    """Each step redone under np.errstate(call=...): the same value, and the events named are
    exactly the IEEE flags raised (the trace finds the elements, the flags confirm the kinds)."""
    x = np.asarray(x, dtype=np.float64)
    trace = core.trace_softmax(x, dtype)
    naive, stable = steps_by_name(trace.naive), steps_by_name(trace.stable)
    redone = [
        (naive["input"], lambda: x.astype(dtype)),
        (naive["exp"], lambda: np.exp(naive["input"].value)),
        (naive["sum"], lambda: np.sum(naive["exp"].value, keepdims=True)),
        (naive["quotient"], lambda: naive["exp"].value / naive["sum"].value),
        (stable["shifted"], lambda: stable["input"].value - stable["max"].value),
        (stable["exp"], lambda: np.exp(stable["shifted"].value)),
        (stable["sum"], lambda: np.sum(stable["exp"].value, keepdims=True)),
        (stable["quotient"], lambda: stable["exp"].value / stable["sum"].value),
    ]
    for step, operation in redone:
        value, raised = flags_raised_by(operation)
        np.testing.assert_array_equal(step.value, value)
        assert set(step.events) == raised, step.name


def test_trace_is_frozen_and_takes_one_vector():
    trace = core.trace_softmax([1.0, 2.0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.naive = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.naive[0].name = "x"
    assert all(set(step.events) <= set(core.EVENTS) for step in trace.naive + trace.stable)
    with pytest.raises(ValueError, match="one vector"):
        core.trace_softmax([[1.0, 2.0], [3.0, 4.0]])


@pytest.mark.parametrize("empty", [[], np.empty(0), np.empty(0, np.float16)])
def test_trace_of_an_empty_vector_says_it_needs_a_value(empty):
    with pytest.raises(ValueError, match="trace_softmax needs at least one value, got an empty vector"):
        core.trace_softmax(empty)


def test_importing_the_core_loads_no_ui_library():
    code = "import sys, softmax_viz.core; print(sorted({'streamlit', 'plotly'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
