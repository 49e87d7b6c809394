"""Sampling: from probabilities to the next token, filter by filter, and the draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from softmax_viz import figures, parsing, presets, sampling, urlstate
from softmax_viz.views import common
from softmax_viz.views.common import tr, tr_plain

VIEW = "sampling"
DEFAULT_TEMPERATURE = "1"
DEFAULT_ORDER = "transformers"
DEFAULT_TOP_P = 0.9  # on, so the page opens with a cut to look at
DEFAULT_SAMPLER = "inverse-cdf"
DEFAULTS = urlstate.CUSTOM_DEFAULTS[VIEW]
CHECKS = {param.name: param.check for param in urlstate.VIEW_PARAMS[VIEW]}
MAX_BARS = 30  # tokens per chart: with more, the best ranked
MAX_ROWS = 100  # rows per table; the CSV has every token
FIRST_DRAWS = 20
ORDER_NAMES = {"transformers": "transformers", "vllm": "vLLM", "llama.cpp": "llama.cpp"}


def render() -> None:
    common.follow_link(VIEW)
    common.lesson_bar()
    _open_on_the_example()
    st.title(tr("sampling_title"))
    st.markdown(tr("sampling_intro"))
    common.show_link_problems(VIEW)
    _workbench()


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


@st.fragment
def _workbench() -> None:
    values = np.array(st.session_state[f"{VIEW}.x"], dtype=np.float64)
    label_text = st.session_state[f"{VIEW}.labels"]
    st.session_state.setdefault("sampling_text", parsing.format_vector(values))

    with st.container(border=True):
        common.preset_menu(presets.SAMPLING_PRESETS, "sampling_preset", _on_preset)
        prompt = _prompt(values, label_text)
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
    labels = _labels(values.size)
    settings = _controls()

    stages = sampling.pipeline(values, **settings)
    _pipeline_section(stages, labels, settings)
    n, seed, sampler = _draw_section(stages[-1], labels)
    _race_section(stages[-1], labels, seed)
    _orders_section(values, labels, settings)

    encoded = parsing.encode_vector(values)
    example = _example()
    custom = {
        "x": encoded,
        "labels": label_text or "",
        "k": "" if settings["top_k"] is None else str(settings["top_k"]),
        "n": str(n),
        "seed": str(seed),
    }
    common.sync_custom_params(
        custom,
        {
            "x": parsing.encode_vector(np.array(example.logits)),
            "labels": ",".join(example.tokens),
            "k": "",
            "n": str(DEFAULTS["n"]),
            "seed": str(DEFAULTS["seed"]),
        },
    )
    common.share_control(
        {
            **custom,
            "temp": _unless(st.session_state["temp"], DEFAULT_TEMPERATURE),
            "p": _unless(_number(st.session_state["p"]), _number(DEFAULT_TOP_P)),
            "minp": _unless(_number(st.session_state["minp"]), "0"),
            "keep": _unless(str(settings["min_tokens_to_keep"]), "1"),
            "order": _unless(settings["order"], DEFAULT_ORDER),
            "sampler": _unless(sampler, DEFAULT_SAMPLER),
            "n": _unless(str(n), str(DEFAULTS["n"])),
            "seed": _unless(str(seed), str(DEFAULTS["seed"])),
        }
    )
    common.csv_download(_csv(stages, labels), "softmax_sampling.csv", key="sampling_csv")


def _unless(value: str, default: str) -> str:
    return "" if value == default else value


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _controls() -> dict:
    with st.container(border=True):
        left, right = st.columns([3, 2])
        temperature = left.select_slider(
            tr("sampling_temperature_label"),
            options=urlstate.TEMPERATURES,
            value=DEFAULT_TEMPERATURE,
            # Not "T": the logits view's temperature has that key, and a key shared between pages
            # carried one page's value into the other.
            key="temp",
            bind="query-params",
            help=tr("sampling_temperature_help"),
        )
        order = right.radio(
            tr("sampling_order_label"),
            tuple(sampling.ORDERS),
            index=0,
            key="order",
            bind="query-params",
            horizontal=True,
            help=tr("sampling_order_help"),
        )
        k_column, p_column, min_p_column, keep_column = st.columns(4)
        _field("k", k_column)
        top_p = p_column.slider(
            tr("sampling_top_p_label"),
            min_value=urlstate.TOP_P_RANGE[0],
            max_value=urlstate.TOP_P_RANGE[1],
            value=DEFAULT_TOP_P,
            step=0.01,
            key="p",
            bind="query-params",
            help=tr("sampling_top_p_help"),
        )
        min_p = min_p_column.slider(
            tr("sampling_min_p_label"),
            min_value=urlstate.MIN_P_RANGE[0],
            max_value=urlstate.MIN_P_RANGE[1],
            value=0.0,
            step=0.01,
            key="minp",
            bind="query-params",
            help=tr("sampling_min_p_help"),
        )
        keep = keep_column.slider(
            tr("sampling_keep_label"),
            min_value=1,
            max_value=urlstate.MAX_KEEP,
            value=1,
            key="keep",
            bind="query-params",
            help=tr("sampling_keep_help"),
        )
    return {
        "temperature": float(temperature),
        "top_k": st.session_state[f"{VIEW}.k"],
        "top_p": None if top_p >= 1 else float(top_p),
        "min_p": None if min_p <= 0 else float(min_p),
        "order": order,
        "min_tokens_to_keep": int(keep),
    }


# --- the pipeline, stage by stage ------------------------------------------------------------------


def _stage_name(stage: sampling.Stage) -> str:
    return tr_plain(f"sampling_stage_{stage.name}")


def _setting_text(stage: sampling.Stage) -> str:
    if stage.name == "input":
        return ""
    if stage.setting is None:
        return tr_plain("sampling_off")
    return f"{stage.setting:g}"


def _stage_title(stage: sampling.Stage) -> str:
    """ "top-p = 0.9: 5 kept", "top-k (off): 10 kept", "logits: 10 kept"."""
    name = _stage_name(stage)
    if stage.name != "input":
        name += f" = {stage.setting:g}" if stage.setting is not None else f" ({tr_plain('sampling_off')})"
    return tr_plain("sampling_stage_title", stage=name, kept=f"{int(stage.kept.sum()):,}")


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


def _pipeline_section(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...], settings: dict) -> None:
    st.header(tr("sampling_pipeline_heading"))
    st.markdown(tr("sampling_pipeline_intro", order=ORDER_NAMES[settings["order"]]))
    rows = [
        f"| {_stage_name(stage)} | {_setting_text(stage)} | {int(stage.kept.sum()):,} |"
        f" {int(stage.removed.sum()):,} | {'' if np.isnan(stage.threshold) else f'{stage.threshold:.4g}'} |"
        for stage in stages
    ]
    headers = [tr(f"sampling_col_{name}") for name in ("stage", "setting", "kept", "removed", "threshold")]
    st.markdown("\n".join([f"| {' | '.join(headers)} |", "|---|---|---|---|---|", *rows]))
    _boundary_notes(stages, labels)

    shown = sampling.ranked(stages[0].logits)[:MAX_BARS]
    if stages[0].logits.size > MAX_BARS:
        st.caption(tr("sampling_top_tokens", shown=MAX_BARS, count=f"{stages[0].logits.size:,}"))
    removed_by = sampling.removing_stage(stages)
    common.chart(
        figures.sampling_stages_figure(
            [stage.probabilities[shown] for stage in stages],
            [stage.kept[shown] for stage in stages],
            labels=[labels[token] for token in shown],
            stage_titles=[_stage_title(stage) for stage in stages],
            removed_reasons=[
                [_reason(stages, removed_by, token) for token in shown if not stage.kept[token]]
                for stage in stages
            ],
            class_title=tr_plain("sampling_token_axis"),
        ),
        key="stages_chart",
    )
    _top_p_cut(stages)
    _token_table(stages, labels)


def _boundary_notes(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...]) -> None:
    """Say where a cut was decided by the allowance for rounding (sampling's Boundaries)."""
    notes = []
    for position, stage in enumerate(stages):
        if not stage.rounding.any():
            continue
        if stage.name == "top_p":
            notes.append(
                tr(
                    "sampling_boundary_top_p",
                    count=int(stage.kept.sum()),
                    mass=repr(stage.threshold),
                    p=f"{stage.setting:g}",
                )
            )
        else:
            before = stages[position - 1].probabilities
            notes.extend(
                tr(
                    "sampling_boundary_min_p",
                    token=labels[token],
                    p=repr(float(before[token])),
                    threshold=repr(stage.threshold),
                )
                for token in np.flatnonzero(stage.rounding)
            )
    if notes:
        with st.container(key="boundary_notes"):
            st.info("  \n".join(notes), icon=":material/straighten:")


def _top_p_cut(stages: tuple[sampling.Stage, ...]) -> None:
    position = next(index for index, stage in enumerate(stages) if stage.name == "top_p")
    stage = stages[position]
    if stage.setting is None:
        return
    st.subheader(tr("sampling_cut_heading"))
    sums = sampling.cumulative_by_rank(stages[position - 1].logits).sums
    count = int(stage.kept.sum())
    st.markdown(
        tr(
            "sampling_cut_text",
            p=f"{stage.setting:g}",
            count=f"{count:,}",
            total=f"{sums.size:,}",
            mass=f"{stage.threshold:.4g}",
        )
    )
    common.chart(
        figures.cumulative_cut_figure(
            sums,
            top_p=stage.setting,
            count=count,
            rank_title=tr_plain("sampling_rank_axis"),
            sum_title=tr_plain("sampling_cumulative_axis"),
            cut_text=tr_plain("sampling_cut_marker", count=count),
        ),
        key="cut_chart",
    )


def _token_table(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...]) -> None:
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
    with st.expander(tr("sampling_table_expander")):
        if stages[0].logits.size > MAX_ROWS:
            st.caption(tr("sampling_top_rows", shown=MAX_ROWS, count=f"{stages[0].logits.size:,}"))
        st.dataframe(
            table,
            hide_index=True,
            column_config={name: st.column_config.NumberColumn(format="%.6g") for name in table.columns[1:4]},
        )


# --- the draw --------------------------------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _draws(logits: np.ndarray, n: int, seed: int, sampler: str) -> tuple[np.ndarray, np.ndarray]:
    """Draws per token and the first draws, for these filtered logits, n, seed and sampler.

    Cached: a draw of 10⁶ tokens takes up to half a second, and every other control reruns the
    page without changing it.
    """
    draws = sampling.SAMPLERS[sampler](logits, n, np.random.default_rng(seed))
    return np.bincount(draws, minlength=logits.size), draws[:FIRST_DRAWS]


def _draw_section(final: sampling.Stage, labels: tuple[str, ...]) -> tuple[int, int, str]:
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
    n, seed = st.session_state[f"{VIEW}.n"], st.session_state[f"{VIEW}.seed"]
    counts, first = _draws(final.logits, n, seed, sampler)

    shown = [token for token in sampling.ranked(final.logits)[:MAX_BARS] if final.kept[token]]
    common.chart(
        figures.draws_figure(
            final.probabilities[shown],
            counts[shown] / n,
            labels=[labels[token] for token in shown],
            probability_name=tr_plain("sampling_probability_name"),
            frequency_name=tr_plain("sampling_frequency_name", n=f"{n:,}"),
            class_title=tr_plain("sampling_token_axis"),
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
    return n, seed, sampler


def _race_section(final: sampling.Stage, labels: tuple[str, ...], seed: int) -> None:
    st.header(tr("sampling_race_heading"))
    st.markdown(tr("sampling_race_intro"))
    race = sampling.gumbel_race(final.logits, np.random.default_rng(seed))
    shown = [token for token in sampling.ranked(race.perturbed)[:MAX_BARS] if final.kept[token]]
    common.chart(
        figures.gumbel_race_figure(
            final.logits[shown],
            race.perturbed[shown],
            0,  # ranked by z + G: the winner comes first
            labels=[labels[token] for token in shown],
            winner_text=tr_plain("sampling_winner"),
            class_title=tr_plain("sampling_token_axis"),
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


def _orders_section(values: np.ndarray, labels: tuple[str, ...], settings: dict) -> None:
    st.header(tr("sampling_orders_heading"))
    st.markdown(tr("sampling_orders_intro"))
    finals = {
        order: sampling.pipeline(values, **{**settings, "order": order})[-1] for order in sampling.ORDERS
    }
    kept_sets = {order: frozenset(np.flatnonzero(final.kept).tolist()) for order, final in finals.items()}
    if len(set(kept_sets.values())) == 1:
        st.info(tr("sampling_orders_same", count=len(kept_sets[DEFAULT_ORDER])), icon=":material/done_all:")
        return
    st.markdown(
        tr(
            "sampling_orders_differ",
            counts=", ".join(f"{ORDER_NAMES[order]} {len(kept):,}" for order, kept in kept_sets.items()),
        )
    )
    union = frozenset().union(*kept_sets.values())
    rows = [int(token) for token in sampling.ranked(values) if int(token) in union][:MAX_ROWS]
    orders = pd.DataFrame(
        {
            tr_plain("sampling_col_token"): [labels[token] for token in rows],
            **{
                ORDER_NAMES[order]: [
                    f"{final.probabilities[token]:.4g}" if final.kept[token] else "—" for token in rows
                ]
                for order, final in finals.items()
            },
        }
    )
    with st.container(key="orders_table"):
        st.dataframe(orders, hide_index=True)


def _csv(stages: tuple[sampling.Stage, ...], labels: tuple[str, ...]) -> pd.DataFrame:
    names = [stage.name for stage in stages]
    removed_at = [names[position] if position >= 0 else "" for position in sampling.removing_stage(stages)]
    columns = {"token": labels, "logit": stages[0].logits}
    columns |= {f"p_after_{stage.name}": stage.probabilities for stage in stages}
    return pd.DataFrame({**columns, "removed_at": removed_at})
