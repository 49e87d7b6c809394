"""The sampling view under AppTest: the live chart's stages and the draws carry the module's
numbers, links, commits from the chart, bad input."""

from urllib.parse import parse_qsl

import numpy as np
import pytest

from softmax_viz import core, parsing, presets, sampling
from softmax_viz.i18n import CATALOG, LANGUAGE_NAMES, escape_markdown
from tests.apptest_helpers import commit_live_chart, live_chart, run_app, run_view, texts

EXAMPLE_EN = presets.SAMPLING_PRESETS["next_token_en"]
DEFAULT_SETTINGS = {"top_p": 0.9}  # the page opens with top-p on
LINK = {
    "x": "2_1_1_0.5_-1",
    "labels": "a,b,c,d,e",
    "temp": "0.5",
    "k": "2",
    "p": "0.8",
    "minp": "0.05",
    "keep": "2",
    "order": "llama.cpp",
    "sampler": "gumbel-max",
    "n": "5000",
    "seed": "7",
}
LINK_SETTINGS = {
    "temperature": 0.5,
    "top_k": 2,
    "top_p": 0.8,
    "min_p": 0.05,
    "order": "llama.cpp",
    "min_tokens_to_keep": 2,
}


SETTINGS = {"temp": "1", "k": "", "p": "0.9", "minp": "0", "keep": "1", "order": "transformers"}


def python_summary(at) -> dict:
    return live_chart(at, "live_sampling")["python"]


def stage_panels(at) -> list[np.ndarray]:
    """The probabilities of each stage panel of the live chart, top to bottom (removed tokens nan)."""
    return [
        np.where(stage["out"], np.nan, np.asarray(stage["p"], dtype=float))
        for stage in python_summary(at)["stages"]
    ]


def expected_panels(logits, **settings) -> list[np.ndarray]:
    return [
        np.where(stage.kept, stage.probabilities, np.nan) for stage in sampling.pipeline(logits, **settings)
    ]


def commit(at, seq: int = 1, **settings: str):
    """Let go of the live chart with ``settings`` changed from the page's defaults."""
    return commit_live_chart(at, {**SETTINGS, **settings, "seq": seq}, key="live_sampling")


def assert_panels(at, logits, **settings) -> None:
    assert_same_panels(stage_panels(at), expected_panels(logits, **settings))


def assert_same_panels(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    assert len(got) == len(want)
    for panel, expected in zip(got, want, strict=True):
        np.testing.assert_array_equal(panel, expected)


def draws_chart(at) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The draws chart's tokens, their probabilities and their shares of the draws."""
    data = live_chart(at, "draws_chart")
    return data["labels"], np.asarray(data["probability"]), np.asarray(data["share"])


def first_draws(at) -> str:
    return next(element.value for element in at.markdown if element.value.startswith("First draws"))


def share_link(at) -> dict[str, str]:
    at.session_state["share"] = True
    at.run()
    (link,) = (element.value for element in at.code)
    return dict(parse_qsl(link.split("?", 1)[1]))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_view_renders_in_both_languages_without_an_exception(lang):
    at = run_view("sampling", lang=lang)
    assert not at.exception, at.exception
    assert not at.error and not at.warning
    page = texts(at)
    has_kana = any("\u3040" <= ch <= "\u30ff" for ch in page)
    assert has_kana == (lang == "ja")
    example = presets.SAMPLING_PRESETS[f"next_token_{lang}"]  # each language opens on its own example
    assert example.prompt in page
    assert live_chart(at, "live_sampling")["labels"][0] == example.tokens[0]


def test_the_view_is_in_the_navigation_in_both_languages():
    for lang in ("en", "ja"):
        at = run_app({"lang": LANGUAGE_NAMES[lang]})
        pages = {info["url_pathname"]: info["page_name"] for info in at._registered_pages.values()}
        assert pages["sampling"] == CATALOG["nav_sampling"][lang]


def test_the_stages_carry_the_pipelines_probabilities():
    at = run_view("sampling")
    assert_panels(at, np.array(EXAMPLE_EN.logits), **DEFAULT_SETTINGS)
    # The stage table's kept count of every stage: 10 tokens, top-p .9 keeps 5.
    assert [stage["kept"] for stage in python_summary(at)["stages"]] == [10, 10, 10, 5, 5]


def test_a_link_with_settings_and_a_seed_reopens_the_same_stages_and_draws():
    at = run_view("sampling", query=LINK)
    assert not at.exception and not at.warning
    logits = np.array([2.0, 1.0, 1.0, 0.5, -1.0])
    assert_panels(at, logits, **LINK_SETTINGS)
    final = sampling.filter_logits(logits, **LINK_SETTINGS)
    drawn = sampling.sample_gumbel_max(final, 5000, np.random.default_rng(7))
    tokens, p, share = draws_chart(at)
    assert tokens == ["a", "b"]  # llama.cpp's top-k keeps exactly two; T = .5 comes last
    np.testing.assert_allclose(p, core.softmax([4.0, 2.0]), rtol=1e-15)
    np.testing.assert_array_equal(share, np.bincount(drawn, minlength=5)[:2] / 5000)
    assert first_draws(at) == "First draws: " + ", ".join("ab"[token] for token in drawn[:20])

    link = share_link(at)
    assert link == {**LINK, "lang": "English"}
    again = run_view("sampling", query=link)
    assert_same_panels(stage_panels(again), stage_panels(at))
    assert draws_chart(again)[2].tolist() == share.tolist()
    assert first_draws(again) == first_draws(at)


def test_the_address_bar_follows_the_charts_commits_and_leaves_out_defaults():
    at = run_view("sampling")
    assert dict(at.query_params) == {}
    commit(at, k="3", temp="0.7", order="vllm")
    at.text_input(key="sampling_seed").input("42").run()
    assert {name: at.query_params[name] for name in ("k", "temp", "order", "seed")} == {
        "k": "3",
        "temp": "0.7",
        "order": "vllm",
        "seed": "42",
    }
    assert live_chart(at, "live_sampling")["seq"] == 1  # the commit's number, echoed
    commit(at, seq=2)
    assert "k" not in at.query_params and "temp" not in at.query_params


def test_a_commit_whose_number_python_has_seen_is_not_taken_again():
    """The browser sends its last commit again after a link has opened the view (Back, Forward):
    taking it would undo what the link showed."""
    at = run_view("sampling")
    commit(at, k="3", seq=1)
    commit(at, seq=2)
    commit(at, k="3", seq=2)
    assert "k" not in at.query_params
    assert live_chart(at, "live_sampling")["seq"] == 2


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("k", "0"),
        ("k", "-2"),
        ("p", "0"),
        ("p", "1.5"),
        ("minp", "-0.1"),
        ("minp", "2"),
        ("n", "1000001"),
        ("seed", "-1"),
        ("seed", "1.5"),
        ("seed", "x"),
        ("order", "fairseq"),
        ("sampler", "multinomial"),
        ("keep", "0"),
        ("temp", "0"),
        ("x", "1_nan"),
    ],
)
def test_a_bad_value_in_a_link_is_named_and_the_default_used(param, value):
    at = run_view("sampling", query={param: value})
    assert not at.exception
    (warning,) = at.warning
    assert f"`{param}`" in warning.value and escape_markdown(value) in warning.value
    assert_panels(at, np.array(EXAMPLE_EN.logits), **DEFAULT_SETTINGS)


@pytest.mark.parametrize(("field", "value"), [("n", "2000000"), ("n", "0"), ("seed", "-1"), ("seed", "abc")])
def test_a_bad_typed_value_is_named_and_the_last_good_state_kept(field, value):
    at = run_view("sampling")
    commit(at, k="3")
    at.text_input(key="sampling_n").input("500").run()
    at.text_input(key="sampling_seed").input("5").run()
    before_panels, before_draws = stage_panels(at), draws_chart(at)
    at.text_input(key=f"sampling_{field}").input(value).run()
    (error,) = at.error
    assert f"`{field}`" in error.value
    assert_same_panels(stage_panels(at), before_panels)
    assert draws_chart(at)[2].tolist() == before_draws[2].tolist()
    at.text_input(key=f"sampling_{field}").input("4").run()
    assert not at.error


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({**SETTINGS, "k": "0", "seq": 2}, "0"),
        ({**SETTINGS, "p": "1.5", "seq": 2}, "1.5"),
        ({**SETTINGS, "temp": "0.06", "seq": 2}, "0.06"),
        ({**SETTINGS, "order": "fairseq", "seq": 2}, "fairseq"),
        ({**SETTINGS, "keep": 2, "seq": 2}, "cannot read"),
        ({**SETTINGS, "seq": 2, "x": "1"}, "cannot read"),
        ("p=0.5", "cannot read"),
    ],
)
def test_a_bad_commit_from_the_chart_is_named_and_the_last_good_state_kept(payload, named):
    at = run_view("sampling")
    commit(at, k="3")
    before = stage_panels(at)
    commit_live_chart(at, payload, key="live_sampling")
    assert not at.exception
    (error,) = at.error
    assert named in error.value.replace("\\", "")
    assert_same_panels(stage_panels(at), before)
    assert at.query_params["k"] == "3"


def test_top_k_at_the_sliders_end_switches_it_off():
    at = run_view("sampling", query={"k": "1"})
    assert_panels(at, np.array(EXAMPLE_EN.logits), top_k=1, **DEFAULT_SETTINGS)
    commit(at, k="")
    assert not at.error
    assert_panels(at, np.array(EXAMPLE_EN.logits), **DEFAULT_SETTINGS)


def test_the_seed_reproduces_the_draws_and_another_seed_changes_them():
    first = run_view("sampling", query={"seed": "11"})
    second = run_view("sampling", query={"seed": "11"})
    other = run_view("sampling", query={"seed": "12"})
    assert first_draws(first) == first_draws(second) != first_draws(other)
    assert draws_chart(first)[2].tolist() == draws_chart(second)[2].tolist()


def test_the_draws_chart_reports_the_chi_square_test_of_its_counts():
    at = run_view("sampling", query={"p": "1", "n": "2000", "seed": "3"})
    logits = np.array(EXAMPLE_EN.logits)
    drawn = np.bincount(sampling.sample_inverse_cdf(logits, 2000, np.random.default_rng(3)), minlength=10)
    fit = sampling.goodness_of_fit(drawn, core.softmax(logits))
    assert "p-value = " + escape_markdown(f"{fit.p_value:.4g}") in texts(at)


def test_greedy_names_the_most_probable_token():
    at = run_view("sampling")
    assert "Greedy decoding always picks **mat**" in texts(at)


def test_the_race_marks_the_largest_perturbed_logit():
    at = run_view("sampling", query={"seed": "4"})
    data = live_chart(at, "race_chart")
    final = sampling.filter_logits(np.array(EXAMPLE_EN.logits), top_p=0.9)
    race = sampling.gumbel_race(final, np.random.default_rng(4))
    shown = [EXAMPLE_EN.tokens.index(name) for name in data["labels"]]
    assert len(shown) == 5  # the tokens top-p kept, best z + G first: the winner first
    np.testing.assert_array_equal(data["logits"], final[shown])
    np.testing.assert_array_equal(data["perturbed"], race.perturbed[shown])
    assert shown[0] == race.winner
    assert f"**{EXAMPLE_EN.tokens[race.winner]}** wins" in texts(at)


def test_the_orders_are_compared_side_by_side():
    at = run_view("sampling")
    assert python_summary(at)["ordersSame"] is True
    at.selectbox(key="sampling_preset").set_value("orders_differ").run()
    commit(at, p="0.75", minp="0.2")
    orders = python_summary(at)["orders"]
    # p = [.4, .3, .2, .05, .05]: transformers keeps [.4, .3, .2] / .9, vLLM [.4, .3] / .7.
    np.testing.assert_allclose(orders["transformers"]["p"], [4 / 9, 3 / 9, 2 / 9, 0, 0], rtol=1e-15)
    np.testing.assert_allclose(orders["vllm"]["p"], [4 / 7, 3 / 7, 0, 0, 0], rtol=1e-15)
    assert [orders[name]["kept"] for name in sampling.ORDERS] == [3, 2, 3]
    assert python_summary(at)["ordersSame"] is False


def test_the_long_tail_shows_where_top_p_cuts():
    at = run_view("sampling")
    at.selectbox(key="sampling_preset").set_value("long_tail").run()
    assert not at.exception
    logits = np.array(presets.SAMPLING_PRESETS["long_tail"].logits)
    cut = python_summary(at)["cut"]
    sums = sampling.cumulative_by_rank(logits).sums
    np.testing.assert_allclose(cut["sums"], sums[: len(cut["sums"])], rtol=1e-12)
    assert (cut["p"], cut["total"]) == (0.9, 10_000)
    assert cut["count"] == int(np.isfinite(sampling.filter_logits(logits, top_p=0.9)).sum())
    assert sums[cut["count"] - 2] < 0.9 <= cut["mass"] == sums[cut["count"] - 1]
    # 10,000 tokens: the chart draws the top 15 by logit and one column for the rest.
    data = live_chart(at, "live_sampling")
    assert len(data["shown"]) == 15 and len(python_summary(at)["stages"][-1]["p"]) == 16


def test_a_pasted_vector_is_numbered_and_a_bad_one_refused():
    at = run_view("sampling")
    at.text_area(key="sampling_text").input("1, 2, -inf").run()
    assert live_chart(at, "live_sampling")["labels"] == ["1", "2", "3"]
    assert live_chart(at, "live_sampling")["logits"] == [1.0, 2.0, None]
    at.text_area(key="sampling_text").input("1, two").run()
    assert any("two" in element.value for element in at.error)
    assert live_chart(at, "live_sampling")["labels"] == ["1", "2", "3"]


def test_the_share_link_is_built_only_while_its_box_is_open():
    at = run_view("sampling")
    assert at.session_state["share"] is False and not at.code
    # The logits and tokens are always written; settings at their defaults are left out.
    assert share_link(at) == {
        "x": "4.1_3.3_2.9_2.6_1.8_1.7_1.2_1_0.2_-1.5",
        "labels": ",".join(EXAMPLE_EN.tokens),
        "lang": "English",
    }


def test_every_message_key_the_view_builds_is_in_the_catalog():
    keys = {f"sampling_stage_{name}" for name in ("input", *sampling.FILTERS)}
    keys |= {f"sampling_reason_{name}" for name in ("input", "top_k", "top_p", "min_p")}
    keys |= {f"sampling_{field}_{part}" for field in ("n", "seed") for part in ("label", "help")}
    keys |= {f"sampling_col_{name}" for name in ("stage", "setting", "kept", "removed", "threshold")}
    keys |= {f"preset_{name}" for name in presets.SAMPLING_PRESETS}
    assert keys - set(CATALOG) == set()


def test_each_removed_token_names_the_stage_that_removed_it():
    at = run_view("sampling", query={"x": "3_2_-inf_1", "k": "2", "table": "true"})
    top_k = "top-k (k = 2): below the k-th largest logit 2"
    masked = "masked in the input (−inf)"
    (table,) = [frame.value for frame in at.dataframe if "removed by" in frame.value.columns]
    assert table["token"].tolist() == ["1", "2", "4", "3"]  # by logit, −inf last
    assert table["removed by"].tolist() == ["", "", top_k, masked]
    # The chart's × marks: the stage that removed each token, and the removed tokens of each stage.
    summary = python_summary(at)
    assert summary["removedBy"] == [-1, -1, 0, 2]
    assert summary["stages"][0]["out"] == [False, False, True, False]  # the input
    assert summary["stages"][2]["out"] == [False, False, True, True]  # after top-k
    assert summary["stages"][2]["threshold"] == 2.0


@pytest.mark.parametrize("order", tuple(sampling.ORDERS))
@pytest.mark.parametrize(
    ("lang", "words"), [("en", "equal up to rounding"), ("ja", "丸め誤差の範囲で等しい")]
)
def test_a_top_p_cut_decided_by_rounding_is_named_on_the_page(order, lang, words):
    # 0.5 + 0.3 reaches p = 0.8 though float64 makes it 0.7999999999999999: two tokens kept.
    link = {"x": parsing.encode_vector(np.log([0.3, 0.1, 0.1, 0.5])), "p": "0.8", "order": order}
    at = run_view("sampling", lang=lang, query=link)
    assert not at.exception
    data = live_chart(at, "live_sampling")
    # The chart says so in words: the message it fills in, and the cut it fills it in for.
    assert words in data["texts"]["boundary_top_p"]
    cut = data["python"]["cut"]
    assert (cut["rounding"], cut["mass"], cut["p"], cut["count"]) == (True, 0.7999999999999999, 0.8, 2)
    kept_panel = stage_panels(at)[-1]
    assert np.count_nonzero(~np.isnan(kept_panel)) == 2


def test_a_min_p_token_kept_by_rounding_is_named_with_its_label():
    link = {
        "x": parsing.encode_vector(np.log([0.5, 0.3, 0.1, 0.1])),
        "labels": "a,<b>b</b>,c,d",
        "p": "1",
        "minp": "0.6",
    }
    at = run_view("sampling", query=link)
    data = live_chart(at, "live_sampling")
    (min_p,) = [stage for stage in data["python"]["stages"] if stage["name"] == "min_p"]
    assert min_p["rounding"] == [False, True, False, False] and min_p["threshold"] == 0.3
    assert data["labels"][1] == "<b>b</b>"  # put into the page as a text node: shown literally
    assert "equal up to rounding" in data["texts"]["boundary_min_p"]
    assert np.count_nonzero(~np.isnan(stage_panels(at)[-1])) == 2


def test_no_boundary_note_where_the_cut_is_clear():
    at = run_view("sampling", query={"x": "2_1_0.5_-1", "p": "0.8"})
    summary = python_summary(at)
    assert summary["cut"]["rounding"] is False
    assert not any(any(stage["rounding"]) for stage in summary["stages"])
