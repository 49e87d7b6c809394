// The live sampling chart: the temperature, top-k, top-p, min-p and min_tokens_to_keep as
// sliders and the order as three radios; every stage of the pipeline follows within the frame.
//
// While the learner drags a slider, presses a key or picks an order, the chart runs the pipeline
// itself (sampling_math.js) and repaints once per animation frame: the stage panels with an × on
// each removed token and its reason, the stage table, where top-p cuts and the three orders'
// kept sets. Letting go commits the six settings as the link writes them; Python runs
// softmax_viz.sampling and answers with its own summary in the same form, which the chart then
// shows (live_protocol.js). The draws below the chart are Python's alone: while the preview
// differs from the committed settings the chart dims them and says they update on release.

import { saveButtons } from "./live_export.js";
import { liveChart, markStale } from "./live_protocol.js";
import { gridSlider, paintSlider } from "./live_slider.js";
import { chartWidth, columnsAcross, fittedLabel, formatCount, formatProbability, html, placeBarValue } from "./live_svg.js";
import { setAttributes, setBox, svg, text } from "./live_svg.js";
import { ranked, summary } from "./sampling_math.js";

const PAGE = 10; // grid steps per PageUp/PageDown
const HUNDREDTHS = 100; // top-p and min-p move in steps of 0.01
const MAX_KEEP = 10;
const ORDER_NAMES = { transformers: "transformers", vllm: "vLLM", "llama.cpp": "llama.cpp" };

// ---------------------------------------------------------------------------------------------
// Numbers and words.
// ---------------------------------------------------------------------------------------------

// A setting as Python's f"{x:g}" prints it (six significant digits).
function formatSetting(x) {
  return String(Number(x.toPrecision(6)));
}

// A threshold or probability in a sentence: four significant digits.
function formatShort(x) {
  return String(Number(x.toPrecision(4)));
}

// A message with its {placeholders} filled in; the result goes into a text node.
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function stageName(data, stage) {
  return data.texts[`stage_${stage.name}`];
}

function stageTitle(data, stage) {
  let name = stageName(data, stage);
  if (stage.name !== "input") {
    name += stage.setting === null ? ` (${data.texts.off})` : ` = ${formatSetting(stage.setting)}`;
  }
  return fill(data.texts.stage_title, { stage: name, kept: formatCount(stage.kept) });
}

// Why the token in `column` was removed, from the stage that removed it.
function reasonOf(data, model, column) {
  const position = model.removedBy[column];
  if (position < 0) return "";
  if (position === 0) return data.texts.reason_input;
  const stage = model.stages[position];
  return fill(data.texts[`reason_${stage.name}`], {
    setting: formatSetting(stage.setting),
    threshold: formatShort(stage.threshold),
    p: formatShort(model.stages[position - 1].p[column]),
    kept: stage.kept,
  });
}

// ---------------------------------------------------------------------------------------------
// The state: the six settings, read from Python's data and moved by the learner.
// ---------------------------------------------------------------------------------------------

function aliveCount(logits) {
  let alive = 0;
  for (const x of logits) if (x > -Infinity) alive++;
  return alive;
}

function sameLogits(a, b) {
  return a !== undefined && a.length === b.length && a.every((x, k) => x === b[k]);
}

function take(chart, data) {
  const logits = Float64Array.from(data.logits, (x) => (x === null ? -Infinity : x));
  if (!sameLogits(chart.logits, logits)) {
    chart.logits = logits;
    chart.inputOrder = ranked(logits); // the one sort per vector
    chart.alive = aliveCount(logits);
  }
  const s = data.settings;
  const k = s.k === "" ? null : Number(s.k);
  chart.settings = {
    temperatureIndex: data.temperatures.indexOf(s.temp),
    // top-k keeping every token left is top-k off: the slider's right end.
    k: k === null || k >= chart.alive ? null : k,
    p: Number(s.p),
    minp: Number(s.minp),
    keep: Number(s.keep),
    order: s.order,
  };
  chart.committed = settingsKey(chart.settings);
  chart.model = data.python;
}

function settingsKey(settings) {
  return JSON.stringify(settings);
}

function commitValue(chart) {
  const s = chart.settings;
  return {
    temp: chart.data.temperatures[s.temperatureIndex],
    k: s.k === null ? "" : String(s.k),
    p: String(s.p),
    minp: String(s.minp),
    keep: String(s.keep),
    order: s.order,
  };
}

// The settings as sampling_math.pipeline takes them: top-p 1 and min-p 0 are off.
function pipelineSettings(chart) {
  const s = chart.settings;
  return {
    temperature: Number(chart.data.temperatures[s.temperatureIndex]),
    topK: s.k,
    topP: s.p >= 1 ? null : s.p,
    minP: s.minp <= 0 ? null : s.minp,
    order: s.order,
    minTokensToKeep: s.keep,
  };
}

function move(chart, name, value) {
  if (chart.settings[name] === value) return;
  chart.settings[name] = value;
  // The browser's own numbers until Python has answered the next commit.
  chart.model = summary(chart.logits, pipelineSettings(chart), chart.data.rule, chart.inputOrder, chart.data.shown);
  chart.edited();
}

// ---------------------------------------------------------------------------------------------
// Building the chart once per shape.
// ---------------------------------------------------------------------------------------------

function columnsOf(data) {
  if (data.shown === null) return data.labels.map((label, index) => ({ index, label }));
  return [...data.shown.map((index) => ({ index, label: data.labels[index] })), { index: null, label: data.texts.rest }];
}

function shapeOf(data) {
  const alive = data.logits.filter((x) => x !== null).length;
  return JSON.stringify([data.labels, data.shown, data.texts, data.temperatures, data.orders, alive]);
}

function range(count, valueAt) {
  return Array.from({ length: count }, (_, index) => valueAt(index));
}

function buildSliders(chart, data, root) {
  const texts = data.texts;
  const alive = chart.alive;
  const controls = html("div", { class: "controls" }, root);
  const slider = (id, label, values, current, moveTo) =>
    gridSlider(chart, controls, { id, label, values, current, moveTo, page: PAGE });
  return {
    temperature: slider(
      "temperature",
      texts.temperature,
      data.temperatures,
      () => chart.settings.temperatureIndex,
      (index) => move(chart, "temperatureIndex", index),
    ),
    k: slider(
      "k",
      texts.top_k,
      range(alive, (index) => String(index + 1)),
      () => (chart.settings.k === null ? alive - 1 : chart.settings.k - 1),
      (index) => move(chart, "k", index === alive - 1 ? null : index + 1),
    ),
    p: slider(
      "p",
      texts.top_p,
      range(HUNDREDTHS, (index) => String((index + 1) / HUNDREDTHS)),
      () => Math.round(chart.settings.p * HUNDREDTHS) - 1,
      (index) => move(chart, "p", (index + 1) / HUNDREDTHS),
    ),
    minp: slider(
      "minp",
      texts.min_p,
      range(HUNDREDTHS + 1, (index) => String(index / HUNDREDTHS)),
      () => Math.round(chart.settings.minp * HUNDREDTHS),
      (index) => move(chart, "minp", index / HUNDREDTHS),
    ),
    keep: slider(
      "keep",
      texts.keep,
      range(MAX_KEEP, (index) => String(index + 1)),
      () => chart.settings.keep - 1,
      (index) => move(chart, "keep", index + 1),
    ),
    order: buildOrders(chart, data, controls),
  };
}

// The order: a radio group, one tab stop; arrows move the choice, a click or a key commits it.
function buildOrders(chart, data, parent) {
  const row = html("div", { class: "orders-row" }, parent);
  const name = text(html("span", { class: "slider-name" }, row), data.texts.order);
  const group = html("div", { class: "radios", role: "radiogroup", "aria-label": name.textContent }, row);
  const radios = data.orders.map((order) => {
    const radio = text(html("div", { class: "radio", role: "radio", "data-order": order }, group), ORDER_NAMES[order]);
    radio.addEventListener("click", () => {
      move(chart, "order", order);
      radio.focus();
      chart.commit();
    });
    return radio;
  });
  group.addEventListener("keydown", (event) => {
    const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const at = data.orders.indexOf(chart.settings.order);
    let next = null;
    if (event.key in steps) next = (at + steps[event.key] + data.orders.length) % data.orders.length;
    else if (event.key === " " || event.key === "Enter") next = at;
    if (next === null) return;
    event.preventDefault();
    move(chart, "order", data.orders[next]);
    radios[next].focus();
    chart.commitSoon();
  });
  return radios;
}

function buildPanels(chart, data, root, columns) {
  const texts = data.texts;
  const plot = svg("svg", { class: "chart stages", role: "group", "aria-label": texts.chart }, root);
  const panels = data.python.stages.map((_, stageIndex) => {
    const final = stageIndex === data.python.stages.length - 1;
    const panel = {
      frame: svg("rect", { class: "panel" }, plot),
      title: svg("text", { class: "panel-title", "aria-hidden": "true" }, plot),
      bars: [],
      marks: [],
    };
    columns.forEach((column, position) => {
      const attributes = final
        ? {
            class: "probability",
            role: "meter",
            "aria-label": `${texts.probability} ${column.label}`,
            "aria-valuemin": "0",
            "aria-valuemax": "1",
          }
        : { class: "probability", "aria-hidden": "true" };
      const bar = svg("g", attributes, plot);
      svg("rect", { class: "bar" }, bar);
      if (final) svg("text", { class: "value" }, bar);
      panel.bars.push(bar);
      if (column.index === null) {
        panel.marks.push(null);
        return;
      }
      const mark = svg("g", { class: "out" }, plot);
      svg("title", {}, mark);
      text(svg("text", { class: "cross" }, mark), "×");
      const show = () => showReason(chart, position);
      mark.addEventListener("focus", show);
      mark.addEventListener("mouseenter", show);
      mark.addEventListener("blur", () => showReason(chart, null));
      mark.addEventListener("mouseleave", () => showReason(chart, null));
      panel.marks.push(mark);
    });
    return panel;
  });
  const labels = columns.map((column) => {
    const label = svg("text", { class: "label" }, plot);
    text(svg("title", {}, label), column.label);
    label.appendChild(document.createTextNode(column.label));
    return label;
  });
  return { plot, panels, labels };
}

function buildTable(root, texts, headers) {
  const table = html("table", { class: "stage-table" }, root);
  const head = html("tr", {}, html("thead", {}, table));
  for (const header of headers) text(html("th", { scope: "col" }, head), header);
  return html("tbody", {}, table);
}

function build(chart, data) {
  const root = chart.root;
  const texts = data.texts;
  const columns = columnsOf(data);
  const view = { columns };
  view.sliders = buildSliders(chart, data, root);
  view.status = html("p", { class: "status", "aria-live": "polite" }, root);
  Object.assign(view, buildPanels(chart, data, root, columns));
  view.reason = text(html("p", { class: "reason", "aria-live": "polite" }, root), texts.reason_hint);

  view.stageRows = buildTable(root, texts, [
    texts.col_stage,
    texts.col_setting,
    texts.col_kept,
    texts.col_removed,
    texts.col_threshold,
  ]);
  view.stageCells = data.python.stages.map(() => {
    const row = html("tr", {}, view.stageRows);
    return range(5, () => html("td", {}, row));
  });
  view.notes = html("ul", { class: "notes" }, root);

  const cut = html("section", { class: "cut" }, root);
  text(html("h4", {}, cut), texts.cut_heading);
  view.cutText = html("p", {}, cut);
  view.cutRounding = html("p", { class: "rounding" }, cut);
  view.curve = svg("svg", { class: "chart curve", role: "img" }, cut);
  view.curveFrame = svg("rect", { class: "panel" }, view.curve);
  view.curveLine = svg("polyline", { class: "cumulative" }, view.curve);
  view.curveP = svg("line", { class: "p-line" }, view.curve);
  view.curveCut = svg("line", { class: "cut-line" }, view.curve);
  view.curveCutText = svg("text", { class: "axis cut-text" }, view.curve);

  const orders = html("section", { class: "orders" }, root);
  text(html("h4", {}, orders), texts.orders_heading);
  text(html("p", {}, orders), texts.orders_intro);
  view.ordersText = html("p", {}, orders);
  const orderRows = buildTable(orders, texts, [texts.col_token, ...data.orders.map((order) => ORDER_NAMES[order])]);
  view.orderCells = columns.map((column) => {
    const row = html("tr", {}, orderRows);
    text(html("th", { scope: "row" }, row), column.label);
    return data.orders.map(() => html("td", {}, row));
  });
  const keptRow = html("tr", { class: "kept-row" }, orderRows);
  text(html("th", { scope: "row" }, keptRow), texts.col_kept);
  view.orderKept = data.orders.map(() => html("td", {}, keptRow));

  view.pending = text(html("p", { class: "pending", "aria-live": "polite" }, root), texts.pending);
  saveButtons(root, texts, {
    chart: () => view.plot,
    picture: () => ({ label: texts.chart, themed: root, omit: ".out:not(.shown)" }),
    fileName: "softmax-viz-live_sampling",
  });
  return view;
}

function showReason(chart, column) {
  const { view, data, model } = chart;
  view.reason.textContent =
    column === null ? data.texts.reason_hint : `${view.columns[column].label}: ${reasonOf(data, model, column)}`;
}

// ---------------------------------------------------------------------------------------------
// Painting: attributes and text only; the elements were built once.
// ---------------------------------------------------------------------------------------------

function paintSliders(chart) {
  const { view, data, settings: s } = chart;
  const sliders = view.sliders;
  const off = data.texts.off;
  const temperature = data.temperatures[s.temperatureIndex];
  paintSlider(sliders.temperature, s.temperatureIndex, temperature, `T = ${temperature}`);
  const k = s.k === null ? chart.alive : s.k;
  paintSlider(sliders.k, k - 1, k, s.k === null ? off : String(k));
  paintSlider(sliders.p, Math.round(s.p * HUNDREDTHS) - 1, s.p, s.p >= 1 ? off : String(s.p));
  paintSlider(sliders.minp, Math.round(s.minp * HUNDREDTHS), s.minp, s.minp <= 0 ? off : String(s.minp));
  paintSlider(sliders.keep, s.keep - 1, s.keep, String(s.keep));
  sliders.order.forEach((radio) => {
    const checked = radio.dataset.order === s.order;
    radio.setAttribute("aria-checked", String(checked));
    radio.tabIndex = checked ? 0 : -1;
  });
}

function paintPanels(chart) {
  const { view, data, model } = chart;
  const { width, left, plotWidth, step, barWidth, narrow } = columnsAcross(chartWidth(chart), view.columns.length, 56);
  const panelHeight = 64;
  const finalHeight = narrow ? 120 : 96;
  let y = 4;
  model.stages.forEach((stage, stageIndex) => {
    const panel = view.panels[stageIndex];
    const final = stageIndex === model.stages.length - 1;
    const height = final ? finalHeight : panelHeight;
    const top = y + 18;
    panel.title.textContent = stageTitle(data, stage);
    setAttributes(panel.title, { x: left, y: top - 5 });
    setBox(panel.frame, left, top, plotWidth, height);
    const pad = final && narrow ? 44 : 16;
    const yOf = (p) => top + pad + (1 - p) * (height - pad);
    view.columns.forEach((column, position) => {
      const p = stage.p[position];
      const x = left + position * step + (step - barWidth) / 2;
      const bar = panel.bars[position];
      setBox(bar.firstChild, x, yOf(p), barWidth, top + height - yOf(p));
      if (final) {
        bar.setAttribute("aria-valuenow", String(p));
        const value = bar.lastChild;
        value.textContent = formatProbability(p);
        // A removed token's 0 stands above its ×.
        placeBarValue(value, x + barWidth / 2, yOf(p) - (stage.out[position] ? 18 : 0), narrow);
      }
      const mark = panel.marks[position];
      if (mark === null) return;
      const out = stage.out[position];
      const here = out && model.removedBy[position] === stageIndex;
      mark.classList.toggle("shown", out);
      mark.classList.toggle("here", here);
      if (here) {
        const reason = `${column.label}: ${reasonOf(data, model, position)}`;
        setAttributes(mark, { tabindex: "0", role: "img", "aria-label": reason });
        mark.firstChild.textContent = reason;
      } else {
        for (const name of ["tabindex", "role", "aria-label"]) mark.removeAttribute(name);
        mark.firstChild.textContent = "";
      }
      setAttributes(mark.lastChild, { x: left + position * step + step / 2, y: top + height - 6 });
    });
    y = top + height + 8;
  });
  view.labels.forEach((label, position) => {
    setAttributes(label, { x: left + position * step + step / 2, y: y + 10 });
    label.lastChild.textContent = fittedLabel(view.columns[position].label, step);
  });
  const height = y + 18;
  setAttributes(view.plot, { width, height, viewBox: `0 0 ${width} ${height}` });
}

function paintTable(chart) {
  const { view, data, model } = chart;
  model.stages.forEach((stage, stageIndex) => {
    const setting = stage.name === "input" ? "" : stage.setting === null ? data.texts.off : formatSetting(stage.setting);
    const threshold = stage.threshold === null ? "" : formatShort(stage.threshold);
    const cells = [stageName(data, stage), setting, formatCount(stage.kept), formatCount(stage.removed), threshold];
    view.stageCells[stageIndex].forEach((cell, k) => {
      cell.textContent = cells[k];
    });
  });
  // Where the allowance for rounding kept a token min-p would strictly have removed, say so,
  // with the numbers in full: that is where they differ.
  const notes = [];
  const minP = model.stages.findIndex((stage) => stage.name === "min_p");
  model.stages[minP].rounding.forEach((decided, column) => {
    if (!decided) return;
    notes.push(
      fill(data.texts.boundary_min_p, {
        token: view.columns[column].label,
        p: String(model.stages[minP - 1].p[column]),
        threshold: String(model.stages[minP].threshold),
      }),
    );
  });
  view.notes.replaceChildren(...notes.map((note) => text(html("li"), note)));
}

function paintCut(chart) {
  const { view, data, model } = chart;
  const cut = model.cut;
  view.curve.style.display = cut === null ? "none" : "";
  if (cut === null) {
    view.cutText.textContent = data.texts.cut_off;
    view.cutRounding.textContent = "";
    return;
  }
  const values = { p: formatSetting(cut.p), count: formatCount(cut.count), total: formatCount(cut.total) };
  view.cutText.textContent = fill(data.texts.cut_text, { ...values, mass: formatShort(cut.mass) });
  view.cutRounding.textContent = cut.rounding ? fill(data.texts.boundary_top_p, { ...values, mass: String(cut.mass) }) : "";
  view.curve.setAttribute("aria-label", view.cutText.textContent);

  const height = 120;
  const ranks = cut.sums.length;
  const { width, left, plotWidth, step } = columnsAcross(chartWidth(chart), Math.max(ranks, 1));
  const yOf = (s) => 8 + (1 - s) * (height - 16);
  setAttributes(view.curve, { width, height, viewBox: `0 0 ${width} ${height}` });
  setBox(view.curveFrame, left, 8, plotWidth, height - 16);
  // A step line: rank r holds the sum of the r best tokens.
  const points = cut.sums.flatMap((s, r) => [`${left + r * step},${yOf(s)}`, `${left + (r + 1) * step},${yOf(s)}`]);
  view.curveLine.setAttribute("points", points.join(" "));
  setAttributes(view.curveP, { x1: left, x2: left + plotWidth, y1: yOf(cut.p), y2: yOf(cut.p) });
  const cutX = left + Math.min(cut.count, ranks) * step;
  setAttributes(view.curveCut, { x1: cutX, x2: cutX, y1: 8, y2: height - 8 });
  view.curveCutText.textContent = fill(data.texts.cut_marker, { count: cut.count });
  setAttributes(view.curveCutText, { x: Math.max(cutX - 4, left + 60), y: height - 12 });
}

function paintOrders(chart) {
  const { view, data, model } = chart;
  const counts = data.orders.map((order) => model.orders[order].kept);
  view.ordersText.textContent = model.ordersSame
    ? fill(data.texts.orders_same, { count: counts[0] })
    : data.texts.orders_differ;
  view.orderCells.forEach((cells, column) => {
    data.orders.forEach((order, k) => {
      const p = model.orders[order].p[column];
      cells[k].textContent = p === 0 ? "—" : formatProbability(p);
    });
  });
  view.orderKept.forEach((cell, k) => {
    cell.textContent = fill(data.texts.orders_kept, { count: formatCount(counts[k]) });
  });
}

// While the preview shows other settings than Python's, the draws below the chart are not for
// what is on screen: they are dimmed and the chart says so.
function paintPending(chart) {
  const differs = settingsKey(chart.settings) !== chart.committed;
  chart.view.pending.hidden = !differs;
  chart.root.classList.toggle("previewing", differs);
  const committed = document.querySelector(`.${chart.data.dims}`);
  if (committed) markStale(committed, "previewing", differs);
}

function paint(chart) {
  paintSliders(chart);
  paintPanels(chart);
  paintTable(chart);
  paintCut(chart);
  paintOrders(chart);
  paintPending(chart);
  chart.view.status.textContent = chart.source === "python" ? chart.data.texts.exact : chart.data.texts.preview;
}

export default liveChart({ className: "live-sampling", shapeOf, build, take, paint, commitValue });
