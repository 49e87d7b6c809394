"""Reading a link: good values taken, bad ones named, unknown ones ignored."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmax_viz import parsing, urlstate


def test_a_full_logits_link_is_read():
    state, problems = urlstate.read_link(
        "logits",
        {"x": "1.5_0.8_-0.2", "labels": "cat,dog,bird", "T": "0.5", "sig": "true", "z": "2"},
    )
    assert problems == []
    assert state["x"].tolist() == [1.5, 0.8, -0.2]
    assert state["T"] == "0.5"


@pytest.mark.parametrize(
    ("view", "param", "value"),
    [
        ("logits", "x", "1_nan_3"),
        ("logits", "x", "1__3x"),
        ("logits", "T", "0"),
        ("logits", "top", "7"),
        ("logits", "z", "1e9"),
        ("overflow", "dtype", "float128"),
        ("overflow", "shift", "inf"),
        ("overflow", "x", "_".join(["1"] * (urlstate.MAX_OVERFLOW_VALUES + 1))),
        ("gradient", "i", "0"),
        ("gradient", "t", "2.5"),
        ("batch", "m", "1_2~3"),
        ("batch", "axis", "2"),
    ],
)
def test_each_bad_value_is_named_and_left_out(view, param, value):
    state, problems = urlstate.read_link(view, {param: value})
    assert param not in state
    assert [p.param for p in problems] == [param]
    assert problems[0].value == value[:40] + ("…" if len(value) > 40 else "")


def test_unknown_parameters_are_ignored():
    state, problems = urlstate.read_link("batch", {"x": "1_2", "embed": "true", "lang": "ja"})
    assert state == {} and problems == []


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["x", "labels", "T", "top", "sig", "z", "m", "axis", "i", "t", "dtype", "shift"]),
        st.text(max_size=200),
    )
)
def test_read_link_never_raises(query):
    for view in urlstate.VIEW_PARAMS:
        state, problems = urlstate.read_link(view, query)
        assert set(state).isdisjoint(p.param for p in problems)


def test_share_query_keeps_compact_encodings_readable():
    query = urlstate.share_query(
        {"x": parsing.encode_vector(np.array([1.0, -2.5])), "T": "0.5", "top": "", "lang": "ja"}
    )
    assert query == "x=1_-2.5&T=0.5&lang=ja"


def test_numeric_labels_in_a_link_are_kept():
    state, problems = urlstate.read_link("logits", {"labels": "10,20,30"})
    assert problems == [] and state["labels"] == "10,20,30"


@pytest.mark.parametrize("labels", ["猫、犬、鳥", "猫，犬，鳥", "猫, 犬、鳥"])
def test_labels_separated_the_japanese_way_are_kept(labels):
    state, problems = urlstate.read_link("logits", {"x": "1_2_3", "labels": labels})
    assert problems == [] and state["labels"] == labels


@pytest.mark.parametrize(
    ("query", "classes"),
    [
        ({"t": "4"}, 3),  # the default vector has three classes
        ({"x": "1_2_3_4", "i": "5"}, 4),
        ({"x": "1_nan", "t": "4"}, 3),  # an unusable vector leaves the default one
    ],
)
def test_a_class_number_past_the_last_class_is_named_and_left_out(query, classes):
    state, problems = urlstate.read_link("gradient", query)
    (name,) = set(query) - {"x"}
    assert name not in state
    problem = next(p for p in problems if p.param == name)
    assert problem.value == query[name]
    assert problem.problem == parsing.Problem(
        "input_out_of_range", {"value": query[name], "low": "1", "high": str(classes)}
    )


def test_every_class_number_up_to_the_last_class_is_kept():
    state, problems = urlstate.read_link("gradient", {"x": "1_2_3_4", "i": "4", "t": "1"})
    assert problems == [] and (state["i"], state["t"]) == (4, 1)


def test_a_bound_value_comes_out_as_its_widget_holds_it():
    """So a view can set the widget from a link: a toggle holds True, the top-N menu 50."""
    state, problems = urlstate.read_link("logits", {"top": "50", "sig": "true", "table": "false", "z": "1.5"})
    assert problems == []
    assert state == {"top": 50, "sig": True, "table": False, "z": 1.5}
