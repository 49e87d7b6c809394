"""Sampling: from probabilities to the next token, filter by filter, and the draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import parsing, presets, sampling, urlstate
from softmax_viz.components import draw_charts, live, live_sampling
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "sampling"
DEFAULT_SAMPLER = "inverse-cdf"
DEFAULTS = urlstate.CUSTOM_DEFAULTS[VIEW]
CHECKS = {param.name: param.check for param in urlstate.VIEW_PARAMS[VIEW]}
SETTINGS = ("temp", "k", "p", "minp", "keep", "order")  # what the live chart sets and commits
MAX_BARS = 30  # tokens per chart: with more, the best ranked
MAX_ROWS = 100  # rows per table; the CSV has every token
FIRST_DRAWS = 20
COMMITTED = "sampling_committed"  # the key of the container of what only Python computes
COMMITTED_CLASS = f"st-key-{COMMITTED}"  # its element's class, which the charts dim


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    _open_on_the_example()
    st.title(tr("sampling_title"))
    st.markdown(tr("sampling_intro"))
    common.show_link_problems(VIEW)
    values, labels = _inputs()
    st.header(tr("sampling_pipeline_heading"))
    st.markdown(tr("sampling_pipeline_intro"))
    if live_sampling.shown_tokens(values) is not None:
        st.caption(tr("sampling_top_tokens", shown=live_sampling.TOP_N, count=f"{values.size:,}"))
    _pipeline(values, labels)
    _draws(values, labels)


def _example() -> presets.TokenExample:
    return presets.SAMPLING_PRESETS[presets.SAMPLING_EXAMPLE[common.language()]]


def _open_on_the_example() -> None:
    """Without logits in the link, the page opens on the next-token example of its language."""
    if st.session_state[f"{VIEW}.x"] is None:
        example = _example()
        st.session_state[f"{VIEW}.x"] = example.logits
        if st.session_state[f"{VIEW}.labels"] is None:
            st.session_state[f"{VIEW}.labels"] = ",".join(example.tokens)


def _set_logits(values: np.ndarray, tokens: tuple[str, ...] | None) -> None:
    st.session_state[f"{VIEW}.x"] = tuple(float(v) for v in values)
    st.session_state[f"{VIEW}.labels"] = ",".join(tokens) if tokens else None
    st.session_state["sampling_text"] = parsing.format_vector(values)


def _on_text() -> None:
    parsed = parsing.parse_vector(st.session_state["sampling_text"], allow_masked=True)
    common.accept_input(VIEW, parsed, lambda values: _set_logits(values, None))


def _on_preset() -> None:
    name = st.session_state["sampling_preset"]
    if name is not None:
        example = presets.SAMPLING_PRESETS[name]
        _set_logits(np.array(example.logits), example.tokens)
        st.session_state.pop(f"{VIEW}.input_problem", None)


def _labels(count: int) -> tuple[str, ...]:
    parsed = parsing.parse_labels(st.session_state[f"{VIEW}.labels"] or "", count)
    if parsed.ok:
        return parsed.value
    st.warning(common.problem_text(parsed.problem) + " " + tr("sampling_numbered_labels"))
    return parsing.parse_labels("", count).value


def _prompt(values: np.ndarray, label_text: str | None) -> str | None:
    """The prompt of the next-token example on show, if the logits and tokens are its own."""
    for example in presets.SAMPLING_PRESETS.values():
        if (
            example.prompt
            and np.array_equal(values, example.logits)
            and ",".join(example.tokens) == label_text
        ):
            return example.prompt
    return None


# --- the typed settings: top-k, the number of draws, the seed ------------------------------------


def _on_field(name: str) -> None:
    """Read a typed setting with the link's own check; keep the last good value on a problem."""
    text = st.session_state[f"sampling_{name}"]
    if name == "k" and not text.strip():
        _accept_field(name, None)  # an empty top-k switches the filter off
        return
    parsed = CHECKS[name](text)
    if parsed.ok:
        _accept_field(name, parsed.value)
    else:
        st.session_state[f"{VIEW}.{name}_problem"] = parsed.problem


def _accept_field(name: str, value: int | None) -> None:
    st.session_state[f"{VIEW}.{name}"] = value
    st.session_state.pop(f"{VIEW}.{name}_problem", None)


def _field(name: str, container) -> None:
    value = st.session_state[f"{VIEW}.{name}"]
    st.session_state.setdefault(f"sampling_{name}", "" if value is None else str(value))
    container.text_input(
        tr(f"sampling_{name}_label"),
        key=f"sampling_{name}",
        on_change=_on_field,
        args=(name,),
        help=tr(f"sampling_{name}_help", cap=_field_cap(name)),
    )
    problem = st.session_state.get(f"{VIEW}.{name}_problem")
    if problem is not None:
        container.error(
            tr("sampling_field_problem", param=name)
            + " "
            + common.problem_text(problem)
            + " "
            + tr("input_kept_last_good"),
            icon=":material/error:",
        )


def _field_cap(name: str) -> str:
    caps = {"k": parsing.MAX_VECTOR_VALUES, "n": sampling.MAX_DRAWS, "seed": urlstate.SEED_RANGE[1]}
    return f"{caps[name]:,}"


# --- the page --------------------------------------------------------------------------------------
#
# Three parts. The logits and the example are outside any fragment: changing them reruns the
# whole page, which is rare. The live chart is one fragment, rerun by each commit; the draws are
# another, rerun once the chart has shown Python's answer (the draws chart asks for it). Every
# element of a fragment is sent and redrawn again on each of its runs, and redrawing the draws
# (about ten elements) before the chart's answer held that answer back by about 75 ms.


def _inputs() -> tuple[np.ndarray, tuple[str, ...]]:
    """The preset menu, the example's prompt and the text box; the logits and their labels."""
    values = np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)
    st.session_state.setdefault("sampling_text", parsing.format_vector(values))
    with st.container(border=True):
        common.preset_menu(presets.SAMPLING_PRESETS, "sampling_preset", _on_preset)
        prompt = _prompt(values, st.session_state[f"{VIEW}.labels"])
        if prompt is not None:
            st.markdown(tr("sampling_prompt", prompt=prompt))
            st.caption(tr("sampling_illustrative"))
        st.text_area(
            tr("sampling_text_label"),
            key="sampling_text",
            on_change=_on_text,
            help=tr("sampling_text_help", cap=parsing.MAX_VECTOR_VALUES),
            height=68,
        )
        common.show_input_problem(VIEW)
    return values, _labels(values.size)


@st.fragment
def _pipeline(values: np.ndarray, labels: tuple[str, ...]) -> None:
    """The live chart, and the link its commits change."""
    live_sampling.live_sampling(
        live_sampling.chart_data(
            values,
            settings=_link_settings(),
            pipeline_settings=_pipeline_settings(),
            temperatures=urlstate.TEMPERATURES,
            labels=labels,
            seq=live.last_seq(VIEW),
            texts=_chart_texts(values),
            dims=COMMITTED_CLASS,
        ),
        on_commit=_on_commit,
    )
    _sync_link(values)


@st.fragment
def _draws(values: np.ndarray, labels: tuple[str, ...]) -> None:
    """What only Python computes for the committed settings: the table of every token, the
    seeded draws and one Gumbel-max race; the link, the share box and the CSV."""
    stages = sampling.pipeline(values, **_pipeline_settings())
    n, seed, sampler = _draw_settings()
    # While the chart previews other settings, or Python has answered a commit these draws are
    # not for yet, this container is dimmed.
    with st.container(key=COMMITTED):
        table_open = _token_table(stages, labels)
        _draw_section(stages[-1], labels, n, seed, sampler)
        _race_section(stages[-1], labels, seed)
    custom = _sync_link(values)
    link_settings = _link_settings()
    common.share_control(
        {
            **custom,
            **{
                name: "" if value == default else value
                for (name, value), default in zip(
                    link_settings.items(), _link_settings(DEFAULTS).values(), strict=True
                )
            },
            "sampler": "" if sampler == DEFAULT_SAMPLER else sampler,
            "n": "" if n == DEFAULTS["n"] else str(n),
            "seed": "" if seed == DEFAULTS["seed"] else str(seed),
            "table": "true" if table_open else "",
        }
    )
    common.csv_download(_csv(stages, labels), "softmax_sampling.csv", key="sampling_csv")


def _sync_link(values: np.ndarray) -> dict[str, str]:
    """Write the view's own parameters to the address bar (defaults left out); return them.
    Both fragments call it: a commit changes the settings, the draws' fields n and the seed."""
    example = _example()
    custom = {
        "x": parsing.encode_vector(values),
        "labels": st.session_state[f"{VIEW}.labels"] or "",
        **_link_settings(),
        "n": str(st.session_state[f"{VIEW}.n"]),
        "seed": str(st.session_state[f"{VIEW}.seed"]),
    }
    common.sync_custom_params(
        custom,
        {
            "x": parsing.encode_vector(np.array(example.logits)),
            "labels": ",".join(example.tokens),
            **_link_settings(DEFAULTS),
            "n": str(DEFAULTS["n"]),
            "seed": str(DEFAULTS["seed"]),
        },
    )
    return custom


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _link_settings(state=None) -> dict[str, str]:
    """The six settings as the link writes them (from the session, or from ``state``)."""
    state = state or {name: st.session_state[f"{VIEW}.{name}"] for name in SETTINGS}
    return {
        "temp": state["temp"],
        "k": "" if state["k"] is None else str(state["k"]),
        "p": _number(state["p"]),
        "minp": _number(state["minp"]),
        "keep": str(state["keep"]),
        "order": state["order"],
    }


def _pipeline_settings() -> dict:
    """The settings as :func:`sampling.pipeline` takes them: top-p 1 and min-p 0 are off."""
    state = {name: st.session_state[f"{VIEW}.{name}"] for name in SETTINGS}
    return {
        "temperature": float(state["temp"]),
        "top_k": state["k"],
        "top_p": None if state["p"] >= 1 else float(state["p"]),
        "min_p": None if state["minp"] <= 0 else float(state["minp"]),
        "order": state["order"],
        "min_tokens_to_keep": int(state["keep"]),
    }


def _on_commit() -> None:
    """The learner let go of the live chart: check the settings it sent like a link's."""
    payload = live_sampling.committed()
    if not live.take_seq(VIEW, payload):
        return
    parsed = parsing.parse_settings_commit(
        payload, {name: CHECKS[name] for name in SETTINGS}, optional=("k",)
    )
    common.accept_input(VIEW, parsed, _apply_commit)


def _apply_commit(commit: dict) -> None:
    for name in SETTINGS:
        st.session_state[f"{VIEW}.{name}"] = commit[name]


def _chart_texts(values: np.ndarray) -> dict[str, str]:
    """The chart's words in the page's language, as plain text (the chart puts in text nodes)."""
    keys = {
        "temperature": "sampling_temperature_label",
        "top_k": "sampling_k_label",
        "top_p": "sampling_top_p_label",
        "min_p": "sampling_min_p_label",
        "keep": "sampling_keep_label",
        "order": "sampling_order_label",
        "off": "sampling_off",
        "stage_input": "sampling_stage_input",
        "stage_temperature": "sampling_stage_temperature",
        "stage_top_k": "sampling_stage_top_k",
        "stage_top_p": "sampling_stage_top_p",
        "stage_min_p": "sampling_stage_min_p",
        "stage_title": "sampling_stage_title",
        "reason_input": "sampling_reason_input",
        "reason_top_k": "sampling_reason_top_k",
        "reason_top_p": "sampling_reason_top_p",
        "reason_min_p": "sampling_reason_min_p",
        "col_stage": "sampling_col_stage",
        "col_setting": "sampling_col_setting",
        "col_kept": "sampling_col_kept",
        "col_removed": "sampling_col_removed",
        "col_threshold": "sampling_col_threshold",
        "col_token": "sampling_col_token",
        "cut_heading": "sampling_cut_heading",
        "cut_text": "sampling_cut_text",
        "boundary_top_p": "sampling_boundary_top_p",
        "cut_off": "sampling_cut_off",
        "cut_marker": "sampling_cut_marker",
        "boundary_min_p": "sampling_boundary_min_p",
        "orders_heading": "sampling_orders_heading",
        "orders_intro": "sampling_orders_intro",
        "orders_same": "sampling_orders_same",
        "orders_differ": "sampling_orders_differ",
        "orders_kept": "sampling_orders_kept",
        "final": "sampling_final_title",
        "probability": "sampling_meter_label",
        "reason_hint": "sampling_reason_hint",
        "chart": "sampling_chart_label",
        "pending": "sampling_pending",
        "preview": "live_preview",
        "exact": "live_exact",
        "save_svg": "live_save_svg",
        "save_png": "live_save_png",
    }
    texts = {name: tr_plain(key) for name, key in keys.items()}
    texts["rest"] = tr_plain("rest_label", count=max(values.size - live_sampling.TOP_N, 0))
    return texts


# --- the table of every token --------------------------------------------------------------------


def _reason(stages: tuple[sampling.Stage, ...], removed_by: np.ndarray, token: int) -> str:
    """Why ``token`` was removed: the stage that removed it (``removed_by``, from
    :func:`sampling.removing_stage`) and the threshold it missed; "" if every stage kept it."""
    position = removed_by[token]
    if position < 0:
        return ""
    if position == 0:
        return tr_plain("sampling_reason_input")
    stage = stages[position]
    return tr_plain(
        f"sampling_reason_{stage.name}",
        setting=f"{stage.setting:g}",
        threshold=f"{stage.threshold:.4g}",
        p=f"{stages[position - 1].probabilities[token]:.4g}",
        kept=int(stage.kept.sum()),
    )


def _token_table(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...]) -> bool:
    """The table of every token, built only while open (the grid is the costliest element to
    redraw in the browser); whether it is open."""
    details = st.expander(tr("sampling_table_expander"), key="table", bind="query-params")
    if not details.open:
        return False
    rows = sampling.ranked(stages[0].logits)[:MAX_ROWS]
    removed_by = sampling.removing_stage(stages)
    table = pd.DataFrame(
        {
            tr_plain("sampling_col_token"): [labels[token] for token in rows],
            "z": stages[0].logits[rows],
            tr_plain("sampling_col_input_p"): stages[0].probabilities[rows],
            tr_plain("sampling_col_final_p"): stages[-1].probabilities[rows],
            tr_plain("sampling_col_removed_by"): [_reason(stages, removed_by, token) for token in rows],
        }
    )
    with details:
        if stages[0].logits.size > MAX_ROWS:
            st.caption(tr("sampling_top_rows", shown=MAX_ROWS, count=f"{stages[0].logits.size:,}"))
        st.dataframe(
            table,
            hide_index=True,
            column_config={name: st.column_config.NumberColumn(format="%.6g") for name in table.columns[1:4]},
        )
    return True


# --- the draw --------------------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _seeded_draws(logits: np.ndarray, n: int, seed: int, sampler: str) -> tuple[np.ndarray, np.ndarray]:
    """Draws per token and the first draws, for these filtered logits, n, seed and sampler.

    Cached: a draw of 10⁶ tokens takes up to half a second, and every other control reruns the
    page without changing it.
    """
    draws = sampling.SAMPLERS[sampler](logits, n, np.random.default_rng(seed))
    return np.bincount(draws, minlength=logits.size), draws[:FIRST_DRAWS]


def _draw_settings() -> tuple[int, int, str]:
    st.header(tr("sampling_draw_heading"))
    st.markdown(tr("sampling_draw_intro"))
    n_column, seed_column, sampler_column = st.columns([1, 1, 2])
    _field("n", n_column)
    _field("seed", seed_column)
    sampler = sampler_column.radio(
        tr("sampling_sampler_label"),
        urlstate.SAMPLERS,
        index=0,
        key="sampler",
        bind="query-params",
        horizontal=True,
        help=tr("sampling_sampler_help"),
    )
    return st.session_state[f"{VIEW}.n"], st.session_state[f"{VIEW}.seed"], sampler


def _draw_section(final: sampling.Stage, labels: tuple[str, ...], n: int, seed: int, sampler: str) -> None:
    counts, first = _seeded_draws(final.logits, n, seed, sampler)

    shown = [token for token in sampling.ranked(final.logits)[:MAX_BARS] if final.kept[token]]
    draw_charts.draw_chart(
        draw_charts.draws_data(
            [labels[token] for token in shown],
            final.probabilities[shown],
            counts[shown] / n,
            texts=_draw_texts(
                chart=tr_plain("sampling_draws_chart_label"),
                probability=tr_plain("sampling_probability_name"),
                share=tr_plain("sampling_frequency_name", n=f"{n:,}"),
            ),
            follows={
                "chart": live_sampling.CHART_CLASS,
                "seq": live.last_seq(VIEW),
                "dims": COMMITTED_CLASS,
            },
        ),
        key="draws_chart",
    )
    with st.container(key="first_draws"):
        st.markdown(tr("sampling_first_draws", draws=", ".join(labels[token] for token in first)))
    fit = sampling.goodness_of_fit(counts, final.probabilities)
    if fit is None:
        st.markdown(tr("sampling_fit_none"))
    else:
        st.markdown(
            tr(
                "sampling_fit",
                statistic=f"{fit.statistic:.4g}",
                cells=fit.cells,
                dof=fit.cells - 1,
                p_value=f"{fit.p_value:.4g}",
            ),
            help=tr("sampling_fit_help", minimum=f"{sampling.MIN_EXPECTED_COUNT:g}"),
        )
    greedy = int(np.argmax(final.logits))
    st.markdown(
        tr(
            "sampling_greedy",
            token=labels[greedy],
            p=f"{final.probabilities[greedy]:.4g}",
            count=f"{int(counts[greedy]):,}",
            n=f"{n:,}",
            share=f"{counts[greedy] / n:.1%}",
            rest=f"{1 - final.probabilities[greedy]:.1%}",
        )
    )


def _race_section(final: sampling.Stage, labels: tuple[str, ...], seed: int) -> None:
    st.header(tr("sampling_race_heading"))
    st.markdown(tr("sampling_race_intro"))
    race = sampling.gumbel_race(final.logits, np.random.default_rng(seed))
    shown = [token for token in sampling.ranked(race.perturbed)[:MAX_BARS] if final.kept[token]]
    draw_charts.draw_chart(
        draw_charts.race_data(
            [labels[token] for token in shown],
            final.logits[shown],
            race.perturbed[shown],
            texts=_draw_texts(
                chart=tr_plain("sampling_race_chart_label", seed=seed),
                logit="z",
                perturbed="z + G",
                winner=tr_plain("sampling_winner"),
            ),
        ),
        key="race_chart",
    )
    st.markdown(
        tr(
            "sampling_race_winner",
            token=labels[race.winner],
            z=f"{final.logits[race.winner]:.4g}",
            g=f"{race.gumbel[race.winner]:.4g}",
            p=f"{final.probabilities[race.winner]:.4g}",
            seed=seed,
        )
    )


def _draw_texts(**words: str) -> dict[str, str]:
    """A draw chart's words, with its save buttons'."""
    return words | {"save_svg": tr_plain("live_save_svg"), "save_png": tr_plain("live_save_png")}


def _csv(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...]) -> pd.DataFrame:
    names = [stage.name for stage in stages]
    removed_at = [names[position] if position >= 0 else "" for position in sampling.removing_stage(stages)]
    columns = {"token": labels, "logit": stages[0].logits}
    columns |= {f"p_after_{stage.name}": stage.probabilities for stage in stages}
    return pd.DataFrame({**columns, "removed_at": removed_at})
