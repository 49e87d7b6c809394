"""softmax_viz.sampling: hand-worked cases of every rule and order, properties, and the draws."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from softmax_viz import core, presets, sampling, urlstate

ORDERS = tuple(sampling.ORDERS)


def kept(logits, **settings_) -> set[int]:
    return {int(i) for i in np.flatnonzero(np.isfinite(sampling.filter_logits(logits, **settings_)))}


def probabilities(logits, **settings_) -> np.ndarray:
    return core.softmax(sampling.filter_logits(logits, **settings_))


def from_probabilities(*p: float) -> np.ndarray:
    """z = ln p: logits whose softmax is p."""
    return np.log(np.array(p))


def as_floats(fractions) -> np.ndarray:
    return np.array([float(f) for f in fractions])


def exact_softmax(z) -> np.ndarray:
    with mpmath.workdps(50):
        terms = [mpmath.exp(mpmath.mpf(v)) for v in z]
        total = mpmath.fsum(terms)
        return np.array([float(term / total) for term in terms])


# --- the hand-worked cases -------------------------------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_top_p_keeps_the_token_that_crosses_p(order):
    # .5 < .7, then .5 + .3 = .8 >= .7: tokens 0 and 1, renormalized .5/.8 and .3/.8.
    z = from_probabilities(0.5, 0.3, 0.15, 0.05)
    assert kept(z, top_p=0.7, order=order) == {0, 1}
    expected = as_floats([Fraction(5, 8), Fraction(3, 8), 0, 0])
    np.testing.assert_allclose(probabilities(z, top_p=0.7, order=order), expected, rtol=1e-15, atol=0)


@pytest.mark.parametrize(
    ("order", "expected"), [("transformers", {0, 1, 2}), ("vllm", {0, 1, 2}), ("llama.cpp", {0, 1})]
)
def test_top_k_keeps_ties_with_the_kth_except_in_llama_cpp(order, expected):
    # The 2nd largest logit is 1, held by tokens 1 and 2; llama.cpp keeps exactly two, lower index first.
    assert kept([2.0, 1.0, 1.0, 0.0], top_k=2, order=order) == expected


def test_top_p_cuts_by_position_among_tied_tokens():
    # .4 < .5; .4 + .2 = .6 >= .5 ends the prefix at token 1, so tokens 2 and 3 (tied with it) go.
    z = from_probabilities(0.4, 0.2, 0.2, 0.2)
    assert kept(z, top_p=0.5) == {0, 1}
    expected = as_floats([Fraction(2, 3), Fraction(1, 3), 0, 0])
    np.testing.assert_allclose(probabilities(z, top_p=0.5), expected, rtol=1e-15, atol=0)


def test_min_tokens_to_keep_overrides_top_p():
    # e^5 / (e^5 + e + 1 + e^-1) ≈ 0.973 >= .5 alone; two tokens are kept when asked for.
    assert kept([5.0, 1.0, 0.0, -1.0], top_p=0.5) == {0}
    assert kept([5.0, 1.0, 0.0, -1.0], top_p=0.5, min_tokens_to_keep=2) == {0, 1}


def test_temperature_before_or_after_the_cut():
    # transformers: softmax([6, 4, 2]) starts with e^6 / (e^6 + e^4 + e^2) ≈ 0.867 >= .8.
    # llama.cpp cuts softmax([3, 2, 1]) ≈ [.665, .245, .090]: .665 < .8 <= .910; then T = .5.
    z = [3.0, 2.0, 1.0]
    assert kept(z, temperature=0.5, top_p=0.8, order="transformers") == {0}
    assert kept(z, temperature=0.5, top_p=0.8, order="llama.cpp") == {0, 1}
    np.testing.assert_allclose(
        probabilities(z, temperature=0.5, top_p=0.8, order="llama.cpp")[:2],
        exact_softmax([6.0, 4.0]),
        rtol=4e-16,
        atol=0,
    )


@pytest.mark.parametrize(("order", "expected"), [("transformers", {0, 1, 2}), ("vllm", {0, 1})])
def test_the_order_of_top_p_and_min_p_changes_the_kept_set(order, expected):
    # transformers: top-p .75 keeps .4 + .3 + .2 = .9; min-p .2 · .4/.9 keeps all three.
    # vLLM: min-p .2 · .4 = .08 drops the two .05s; top-p on [.4, .3, .2]/.9 stops at 7/9 >= .75.
    z = from_probabilities(0.4, 0.3, 0.2, 0.05, 0.05)
    assert kept(z, top_p=0.75, min_p=0.2, order=order) == expected


def test_min_p_of_one_keeps_every_tied_maximum():
    assert kept([2.0, 2.0, 1.0], min_p=1.0) == {0, 1}
    np.testing.assert_array_equal(probabilities([2.0, 2.0, 1.0], min_p=1.0), [0.5, 0.5, 0.0])


# --- boundaries: a sum or a probability equal to p up to rounding -------------------------------


def decimal_logits(probabilities, order: str, temperature: float) -> np.ndarray:
    """Logits whose distribution, where ``order`` makes its cuts, is ``probabilities``.

    transformers and vLLM cut after the temperature, so the logits are T · ln p; llama.cpp cuts
    before it, on ln p itself. Probabilities of 0 are masked tokens (−inf).
    """
    with np.errstate(divide="ignore"):
        z = np.log(np.array(probabilities, dtype=np.float64))
    return z if order == "llama.cpp" else z * temperature


def top_p_stage(z, **settings_) -> sampling.Stage:
    return next(stage for stage in sampling.pipeline(z, **settings_) if stage.name == "top_p")


def min_p_stage(z, **settings_) -> sampling.Stage:
    return next(stage for stage in sampling.pipeline(z, **settings_) if stage.name == "min_p")


@pytest.mark.parametrize("order", ORDERS)
def test_two_round_probabilities_that_sum_to_p_reach_it(order):
    # 0.5 + 0.3 = 0.8 = p: two tokens, as on the board and in transformers' own top-p test; softmax
    # gives 0.5 + 0.29999999999999993 = 0.7999999999999999, one ULP short.
    z = from_probabilities(0.3, 0.1, 0.1, 0.5)
    stage = top_p_stage(z, top_p=0.8, order=order)
    assert kept(z, top_p=0.8, order=order) == {0, 3}
    assert stage.threshold == 0.7999999999999999 < 0.8
    assert np.flatnonzero(stage.rounding).tolist() == [1]  # what a strict ≥ 0.8 would have let in


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("temperature", [1.0, 0.5, 2.0])
@pytest.mark.parametrize(
    ("probabilities_", "top_p", "count"),
    [
        ((0.4, 0.3, 0.2, 0.1), 0.9, 3),  # 0.8999999999999999
        ((0.5, 0.3, 0.1, 0.1), 0.8, 2),
        ((0.1,) * 10, 0.8, 8),  # 0.7999999999999999 after eight terms
        ((0.1,) * 10, 0.9, 9),
        ((0.05,) * 20, 0.35, 7),
        ((0.35, 0.25, 0.2, 0.1, 0.05, 0.05), 0.95, 5),
        ((0.5, 0.0, 0.3, 0.1, 0.0, 0.1), 0.8, 2),  # with masked tokens
    ],
)
def test_a_prefix_equal_to_p_in_decimal_reaches_p(order, temperature, probabilities_, top_p, count):
    z = decimal_logits(probabilities_, order, temperature)
    stage = top_p_stage(z, top_p=top_p, temperature=temperature, order=order)
    assert int(stage.kept.sum()) == count
    # Where the float64 sum fell short, the allowance decided, and says so.
    assert stage.rounding.any() == (stage.threshold < top_p)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("temperature", [1.0, 0.7])
@pytest.mark.parametrize(
    ("probabilities_", "min_p", "expected"),
    [
        ((0.5, 0.3, 0.1, 0.1), 0.6, {0, 1}),  # 0.29999999999999993 against 0.6 · 0.5 = 0.3
        ((0.6, 0.3, 0.1), 0.5, {0, 1}),  # 0.3 against 0.5 · 0.6000000000000001
        ((0.4, 0.2, 0.3, 0.1), 0.5, {0, 1, 2}),  # 0.2 against 0.5 · 0.4: equal in float64 too
        ((0.5, 0.0, 0.3, 0.1, 0.1), 0.6, {0, 2}),  # with a masked token
    ],
)
def test_a_probability_equal_to_min_p_times_the_largest_is_kept(
    order, temperature, probabilities_, min_p, expected
):
    z = decimal_logits(probabilities_, order, temperature)
    stage = min_p_stage(z, min_p=min_p, temperature=temperature, order=order)
    assert set(np.flatnonzero(stage.kept).tolist()) == expected


def band_edge(sum_: float, length: int) -> float:
    """The largest p that a prefix of ``length`` tokens holding ``sum_`` still reaches."""
    top_p = sum_
    while sum_ >= np.nextafter(top_p, 2) - (length + sampling.TOP_P_SLACK) * sampling.EPS * np.nextafter(
        top_p, 2
    ):
        top_p = np.nextafter(top_p, 2)
    return float(top_p)


@pytest.mark.parametrize("order", ORDERS)
def test_outside_the_allowance_top_p_cuts_as_a_strict_comparison_does(order):
    z = from_probabilities(0.3, 0.1, 0.1, 0.5)
    sum_ = 0.7999999999999999
    edge = band_edge(sum_, 2)
    assert 0.8 < edge < 0.8 + 1e-14
    assert kept(z, top_p=edge, order=order) == {0, 3}  # the last p the two tokens reach
    beyond = float(np.nextafter(edge, 2))  # one ULP past it: a third token, as before the allowance
    assert kept(z, top_p=beyond, order=order) == {0, 1, 3}
    assert not top_p_stage(z, top_p=beyond, order=order).rounding.any()
    at = kept(z, top_p=sum_, order=order)  # p equal to the float64 sum: reached without any allowance
    assert at == {0, 3} and not top_p_stage(z, top_p=sum_, order=order).rounding.any()
    assert kept(z, top_p=float(np.nextafter(sum_, 0)), order=order) == {0, 3}


@pytest.mark.parametrize("order", ORDERS)
def test_outside_the_allowance_min_p_keeps_as_a_strict_comparison_does(order):
    z = from_probabilities(0.5, 0.3, 0.1, 0.1)
    p = core.softmax(z)
    # The largest min_p whose threshold 0.29999999999999993 still reaches, and one ULP past it.
    min_p = 0.6
    while p[1] >= (t := np.nextafter(min_p, 2) * p[0]) - sampling.MIN_P_SLACK * sampling.EPS * t:
        min_p = float(np.nextafter(min_p, 2))
    assert kept(z, min_p=min_p, order=order) == {0, 1}
    beyond = float(np.nextafter(min_p, 2))
    assert kept(z, min_p=beyond, order=order) == {0}
    assert not min_p_stage(z, min_p=beyond, order=order).rounding.any()


def test_away_from_boundaries_every_cut_is_a_strict_comparison():
    # On random logits no sum or probability falls within a few ULP of its threshold, so the
    # allowance decides nothing and every order keeps what it kept before it.
    rng = np.random.default_rng(22)
    for _ in range(2000):
        z = rng.normal(0, 3, int(rng.integers(2, 200)))
        settings_ = {
            "temperature": float(rng.choice([float(t) for t in urlstate.TEMPERATURES])),
            "top_p": float(rng.uniform(0.05, 0.99)),
            "min_p": float(rng.uniform(0.0, 0.5)),
            "order": str(rng.choice(ORDERS)),
        }
        assert not any(stage.rounding.any() for stage in sampling.pipeline(z, **settings_)), settings_


# --- the stages the view draws ----------------------------------------------------------------


def test_each_stage_reports_what_it_removed_and_its_threshold():
    z = from_probabilities(0.4, 0.3, 0.2, 0.05, 0.05)
    stages = {stage.name: stage for stage in sampling.pipeline(z, top_p=0.75, min_p=0.2, order="vllm")}
    assert list(stages) == ["input", "temperature", "min_p", "top_k", "top_p"]
    assert stages["top_k"].setting is None and not stages["top_k"].removed.any()
    assert np.flatnonzero(stages["min_p"].removed).tolist() == [3, 4]
    assert stages["min_p"].threshold == pytest.approx(0.2 * 0.4, rel=1e-15)
    assert np.flatnonzero(stages["top_p"].removed).tolist() == [2]
    assert stages["top_p"].threshold == pytest.approx(7 / 9, rel=1e-15)
    np.testing.assert_allclose(
        stages["min_p"].probabilities,
        as_floats([Fraction(4, 9), Fraction(3, 9), Fraction(2, 9), 0, 0]),
        rtol=1e-15,
    )


def test_top_k_threshold_is_the_kth_largest_logit_left():
    cut = sampling.top_k_cut([0.5, float("-inf"), 3.0, 1.0], 5)
    assert cut.threshold == 0.5 and cut.kept.tolist() == [True, False, True, True]


def test_the_cumulative_sums_follow_the_ranking():
    order, sums = sampling.cumulative_by_rank(from_probabilities(0.2, 0.5, 0.3))
    assert order.tolist() == [1, 2, 0]
    np.testing.assert_allclose(sums, [0.5, 0.8, 1.0], rtol=1e-15)


@pytest.mark.parametrize(
    "settings_",
    [
        {"temperature": 0.0},
        {"temperature": float("nan")},
        {"top_k": 0},
        {"top_k": 2.5},
        {"top_p": 0.0},
        {"top_p": 1.5},
        {"min_p": -0.1},
        {"min_p": 1.01},
        {"order": "fairseq"},
        {"min_tokens_to_keep": 0},
    ],
)
def test_settings_out_of_range_are_refused(settings_):
    with pytest.raises(ValueError, match=next(iter(settings_))):
        sampling.pipeline([1.0, 2.0], **settings_)


@pytest.mark.parametrize("logits", [[], [float("nan"), 1.0], [float("inf"), 1.0], [float("-inf")]])
def test_logits_that_cannot_be_sampled_are_refused(logits):
    with pytest.raises(ValueError, match="logits"):
        sampling.pipeline(logits)


# --- properties -----------------------------------------------------------------------------------

logit_vectors = hnp.arrays(
    np.float64,
    st.integers(1, 24),
    elements=st.one_of(st.integers(-30 * 64, 30 * 64).map(lambda v: v / 64), st.just(float("-inf"))),
).filter(lambda z: np.isfinite(z).any())
pipeline_settings = st.fixed_dictionaries(
    {
        "temperature": st.sampled_from([float(t) for t in urlstate.TEMPERATURES]),
        "top_k": st.none() | st.integers(1, 30),
        "top_p": st.none() | st.floats(0.0, 1.0, exclude_min=True),
        "min_p": st.none() | st.floats(0.0, 1.0),
        "order": st.sampled_from(ORDERS),
        "min_tokens_to_keep": st.integers(1, 5),
    }
)


@settings(max_examples=300, deadline=None)
@given(logit_vectors, pipeline_settings)
def test_the_kept_set_is_never_empty_holds_the_argmax_and_renormalizes(z, settings_):
    result = probabilities(z, **settings_)
    survivors = np.isfinite(sampling.filter_logits(z, **settings_))
    assert survivors[np.argmax(z)]
    assert np.all(result[~survivors] == 0)
    assert abs(result.sum() - 1) < 1e-12
    assert survivors.sum() >= min(settings_["min_tokens_to_keep"], np.isfinite(z).sum())


@settings(max_examples=300, deadline=None)
@given(logit_vectors, pipeline_settings, st.integers(0, 20))
def test_filters_at_their_no_op_values_change_nothing(z, settings_, extra):
    baseline = sampling.filter_logits(z, **{**settings_, "top_k": None})
    assert np.array_equal(sampling.filter_logits(z, **{**settings_, "top_k": z.size + extra}), baseline)
    baseline = sampling.filter_logits(z, **{**settings_, "top_p": None})
    assert np.array_equal(sampling.filter_logits(z, **{**settings_, "top_p": 1.0}), baseline)
    baseline = sampling.filter_logits(z, **{**settings_, "min_p": None})
    assert np.array_equal(sampling.filter_logits(z, **{**settings_, "min_p": 0.0}), baseline)


@settings(max_examples=300, deadline=None)
@given(logit_vectors, pipeline_settings, st.integers(-500, 500))
def test_adding_a_constant_to_the_logits_changes_nothing(z, settings_, constant):
    shifted = z + constant  # exact: the logits are multiples of 1/64 below 2^10
    assert kept(shifted, **settings_) == kept(z, **settings_)
    np.testing.assert_allclose(
        probabilities(shifted, **settings_), probabilities(z, **settings_), rtol=1e-9, atol=1e-300
    )


# --- the draws ---------------------------------------------------------------------------------------

N = 100_000


def counts(sampler: str, logits, n: int = N, seed: int = 20240611) -> np.ndarray:
    draws = sampling.SAMPLERS[sampler](logits, n, np.random.default_rng(seed))
    return np.bincount(draws, minlength=len(logits))


def next_token_filtered() -> np.ndarray:
    return sampling.filter_logits(
        presets.SAMPLING_PRESETS["next_token_en"].logits, temperature=0.7, top_p=0.9
    )


def long_tail_filtered() -> np.ndarray:
    return sampling.filter_logits(presets.SAMPLING_PRESETS["long_tail"].logits, top_p=0.9)


CASES = {
    "next_token": next_token_filtered,
    "long_tail": long_tail_filtered,
    "300_tokens": lambda: np.random.default_rng(1).normal(0, 1.5, 300),
}


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
@pytest.mark.parametrize("case", CASES)
def test_draws_pass_a_chi_square_test_against_the_filtered_probabilities(sampler, case):
    logits = CASES[case]()
    drawn = counts(sampler, logits)
    p = core.softmax(logits)
    assert drawn[p == 0].sum() == 0
    fit = sampling.goodness_of_fit(drawn, p)
    assert fit.p_value > 0.001, fit


@pytest.mark.parametrize("case", CASES)
def test_the_two_samplers_agree_in_distribution(case):
    logits = CASES[case]()
    table = np.array([counts("inverse-cdf", logits, seed=1), counts("gumbel-max", logits, seed=2)])
    table = table[:, table.sum(axis=0) >= 20]  # two-sample test over the tokens drawn often enough
    assert scipy.stats.chi2_contingency(table).pvalue > 0.001


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_a_seed_reproduces_the_same_draws(sampler):
    logits = next_token_filtered()
    assert np.array_equal(counts(sampler, logits, n=1000, seed=7), counts(sampler, logits, n=1000, seed=7))
    assert not np.array_equal(
        counts(sampler, logits, n=1000, seed=7), counts(sampler, logits, n=1000, seed=8)
    )


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_a_single_token_left_takes_every_draw(sampler):
    logits = sampling.filter_logits([1.0, 3.0, 2.0], top_k=1)
    assert counts(sampler, logits, n=500).tolist() == [0, 500, 0]


@pytest.mark.parametrize("sampler", sampling.SAMPLERS)
def test_more_than_the_cap_of_draws_is_refused(sampler):
    with pytest.raises(ValueError, match="n must be"):
        sampling.SAMPLERS[sampler]([0.0, 1.0], sampling.MAX_DRAWS + 1, np.random.default_rng(0))


@settings(max_examples=100, deadline=None)
@given(logit_vectors, st.sampled_from(tuple(sampling.SAMPLERS)), st.integers(0, 2**32))
def test_removed_tokens_are_never_drawn(z, sampler, seed):
    drawn = counts(sampler, z, n=200, seed=seed)
    assert drawn.sum() == 200
    assert drawn[core.softmax(z) == 0].sum() == 0


def test_the_gumbel_variates_of_a_race_are_standard_gumbel():
    race = sampling.gumbel_race(np.zeros(100_000), np.random.default_rng(3))
    assert scipy.stats.kstest(race.gumbel, scipy.stats.gumbel_r.cdf).pvalue > 0.001


def test_a_race_is_won_by_the_largest_perturbed_logit_and_never_by_a_removed_token():
    logits = np.array([1.0, float("-inf"), 0.5, 2.0])
    for seed in range(200):
        race = sampling.gumbel_race(logits, np.random.default_rng(seed))
        assert race.perturbed[1] == -np.inf
        np.testing.assert_array_equal(race.perturbed, logits + race.gumbel)
        assert race.winner == int(np.argmax(race.perturbed)) != 1


# --- the chi-square test's pooling -----------------------------------------------------------------


def test_small_expected_counts_are_pooled_into_the_smallest_large_cell():
    # Expected [90, 6, 3, 1]: 3 + 1 = 4 < 5 joins the 6, giving cells [90, 10] against [88, 12].
    fit = sampling.goodness_of_fit([88, 7, 4, 1], [0.9, 0.06, 0.03, 0.01])
    statistic = Fraction(2**2, 90) + Fraction(2**2, 10)
    assert fit.cells == 2
    assert fit.statistic == pytest.approx(float(statistic), rel=1e-14)
    # For one degree of freedom, P(χ² > x) = erfc(√(x/2)).
    assert fit.p_value == pytest.approx(float(mpmath.erfc(mpmath.sqrt(mpmath.mpf(statistic) / 2))), rel=1e-12)


def test_a_pool_with_enough_expected_draws_is_a_cell_of_its_own():
    # Expected [50, 40, 4, 3, 3]: the pool of the last three expects 10.
    fit = sampling.goodness_of_fit([50, 40, 4, 3, 3], [0.5, 0.4, 0.04, 0.03, 0.03])
    assert fit.cells == 3 and fit.statistic == pytest.approx(0.0, abs=1e-12)


def test_no_test_when_a_single_cell_is_left():
    assert sampling.goodness_of_fit([10, 0, 0], [1.0, 0.0, 0.0]) is None
    assert sampling.goodness_of_fit([3, 1], [0.5, 0.5]) is None
