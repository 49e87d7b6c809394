// The live logits chart: logit bars to drag, probability bars that follow within the frame.
//
// While the learner drags a bar, presses a key or moves the temperature, the chart computes
// softmax(x / T) itself (softmax_math.js) and repaints once per animation frame; letting go
// commits {x, T, seq} to Python, which answers with its own numbers (live_protocol.js). Above
// twelve classes, or with masked ones, only the temperature moves: the chart shows the top N
// classes by logit and one column for the rest of the mass.

import { saveButtons } from "./live_export.js";
import { bindDrag, bindKeys, fractionAt, liveChart } from "./live_protocol.js";
import { gridSlider, paintSlider } from "./live_slider.js";
import { softmaxTemperature } from "./softmax_math.js";
import {
  clamp,
  columnLayout,
  fittedLabel,
  formatNumber,
  formatProbability,
  html,
  placeBarValue,
  setAttributes,
  setBox,
  svg,
  text,
} from "./live_svg.js";

const LOGIT_STEP = 0.1;
const TEMPERATURE_PAGE = 3; // grid steps per PageUp/PageDown on the temperature

// A logit moved by `steps` tenths, on the grid of tenths and within [low, high]. Counting in
// whole tenths keeps 0.1 + 0.2 from becoming 0.30000000000000004.
function steppedLogit(value, steps, low, high) {
  const tenths = Math.round(value / LOGIT_STEP) + steps;
  return clamp(tenths / 10, low, high);
}

// The logit at a pointer's height in the logits panel (top = high, bottom = low).
function logitAt(event, panel, low, high) {
  const value = low + fractionAt(event, panel, "y") * (high - low);
  return clamp(Math.round(value / LOGIT_STEP) / 10, low, high);
}

// The classes drawn, in order: every class, or the top N by logit plus one column for the rest.
function columnsOf(data) {
  if (data.shown === null) return data.labels.map((label, index) => ({ index, label }));
  const columns = data.shown.map((index) => ({ index, label: data.labels[index] }));
  columns.push({ index: null, label: data.texts.rest });
  return columns;
}

function shapeOf(data) {
  return JSON.stringify([data.labels, data.shown, data.draggable, data.range, data.texts]);
}

function take(chart, data) {
  chart.logits = Float64Array.from(data.logits, (x) => (x === null ? -Infinity : x));
  chart.columnValues = data.probabilities;
  chart.temperatureIndex = data.temperatures.indexOf(data.temperature);
}

function build(chart, data) {
  const root = chart.root;
  const columns = columnsOf(data);
  const view = { columns, handles: [], meters: [], logitBars: [], logitTexts: [], labels: [] };

  // The temperature: a slider on the app's log grid, live like the logits.
  view.temperature = gridSlider(chart, root, {
    id: "T",
    label: data.texts.temperature,
    values: data.temperatures,
    current: () => chart.temperatureIndex,
    moveTo: (index) => moveTemperature(chart, index),
    page: TEMPERATURE_PAGE,
    className: "temperature",
  });

  view.status = html("p", { class: "status", "aria-live": "polite" }, root);

  // Logits above, probabilities below, one column per class.
  const plot = svg("svg", { class: "chart", role: "group", "aria-label": data.texts.chart }, root);
  plot.classList.toggle("draggable", data.draggable);
  view.chart = plot;
  view.logitPanel = svg("rect", { class: "panel" }, plot);
  view.probabilityPanel = svg("rect", { class: "panel" }, plot);
  view.zeroLine = svg("line", { class: "zero" }, plot);
  view.axisTexts = [0, 1, 2, 3, 4].map(() => svg("text", { class: "axis", "aria-hidden": "true" }, plot));
  view.titles = [data.texts.logits, data.texts.probabilities].map((title) =>
    text(svg("text", { class: "panel-title", "aria-hidden": "true" }, plot), title),
  );

  columns.forEach((column, position) => {
    const logit = svg("g", { class: "logit" }, plot);
    if (column.index !== null && data.draggable) {
      setAttributes(logit, {
        role: "slider",
        tabindex: "0",
        "aria-label": `${data.texts.logit} ${column.label}`,
        "aria-valuemin": data.range[0],
        "aria-valuemax": data.range[1],
      });
      logit.classList.add("draggable");
      view.handles[column.index] = logit;
    }
    svg("rect", { class: "hit" }, logit);
    view.logitBars.push(svg("rect", { class: "bar" }, logit));
    if (logit.classList.contains("draggable")) svg("rect", { class: "knob" }, logit);
    view.logitTexts.push(svg("text", { class: "value", "aria-hidden": "true" }, logit));

    const meter = svg(
      "g",
      {
        class: "probability",
        role: "meter",
        "aria-label": `${data.texts.probability} ${column.label}`,
        "aria-valuemin": "0",
        "aria-valuemax": "1",
      },
      plot,
    );
    svg("rect", { class: "bar" }, meter);
    svg("text", { class: "value" }, meter);
    view.meters.push(meter);

    const label = svg("text", { class: "label" }, plot);
    text(svg("title", {}, label), column.label);
    label.appendChild(document.createTextNode(column.label));
    view.labels.push(label);
  });

  saveButtons(root, data.texts, {
    chart: () => view.chart,
    // "(drag a bar)" is for the pointer, not the picture.
    picture: () => ({ label: data.texts.chart, themed: root, retitle: new Map([[view.titles[0], data.texts.saved_logits]]) }),
    fileName: "softmax-viz-live_logits",
  });
  listen(chart, view, data);
  return view;
}

// Pointer and keys change the chart's own state and ask for one repaint.
function listen(chart, view, data) {
  const [low, high] = data.range;
  view.handles.forEach((handle, index) => {
    if (!handle) return;
    bindDrag(chart, handle, index, (event) => moveLogit(chart, index, logitAt(event, view.logitPanel, low, high)));
    bindKeys(chart, handle, (steps) => moveLogit(chart, index, steppedLogit(chart.logits[index], steps, low, high)));
  });
}

function moveLogit(chart, index, value) {
  if (chart.logits[index] === value) return;
  chart.logits[index] = value;
  preview(chart);
}

function moveTemperature(chart, index) {
  if (chart.temperatureIndex === index) return;
  chart.temperatureIndex = index;
  preview(chart);
}

// The browser's own numbers until Python has answered the next commit.
function preview(chart) {
  const temperature = Number(chart.data.temperatures[chart.temperatureIndex]);
  chart.columnValues = columnProbabilities(chart, softmaxTemperature(chart.logits, temperature));
  chart.edited();
}

function commitValue(chart) {
  return {
    x: chart.data.draggable ? Array.from(chart.logits) : null,
    T: chart.data.temperatures[chart.temperatureIndex],
  };
}

// The columns' probabilities: each class's, or the top N and the rest of the mass, summed
// directly rather than as 1 − Σ top (which would lose a tiny rest to rounding).
function columnProbabilities(chart, p) {
  const { shown } = chart.data;
  if (shown === null) return Array.from(p);
  const isShown = new Set(shown);
  let rest = 0;
  for (let k = 0; k < p.length; k++) if (!isShown.has(k)) rest += p[k];
  return [...shown.map((k) => p[k]), rest];
}

// Painting: attributes and text only; the elements were built once.
function paint(chart) {
  const { view, data } = chart;
  const { width, left, plotWidth, step, barWidth, narrow } = columnLayout(chart.root, view.columns.length);
  const top = { y: 22, height: 150 };
  const bottom = { y: top.y + top.height + 34, height: narrow ? 180 : 150 };
  const labelY = bottom.y + bottom.height + 18;
  view.chart.setAttribute("width", String(width));
  view.chart.setAttribute("height", String(labelY + 8));
  view.chart.setAttribute("viewBox", `0 0 ${width} ${labelY + 8}`);

  const [low, high] = data.range;
  // Room above and below each scale for the numbers printed at the bars' ends.
  const pad = 18;
  const yLogit = (x) => top.y + pad + ((high - clamp(x, low, high)) / (high - low)) * (top.height - 2 * pad);
  const probabilityPad = narrow ? 48 : pad;
  const yProbability = (p) => bottom.y + probabilityPad + (1 - p) * (bottom.height - probabilityPad);
  const zero = yLogit(0);

  setBox(view.logitPanel, left, top.y, plotWidth, top.height);
  setBox(view.probabilityPanel, left, bottom.y, plotWidth, bottom.height);
  setAttributes(view.zeroLine, { x1: left, x2: left + plotWidth, y1: zero, y2: zero });
  const ticks = [
    [high, yLogit(high)],
    [0, zero],
    [low, yLogit(low)],
    [1, yProbability(1)],
    [0, yProbability(0)],
  ];
  ticks.forEach(([value, y], k) => {
    setAttributes(view.axisTexts[k], { x: left - 6, y: y + 4 });
    view.axisTexts[k].textContent = formatNumber(value);
  });
  setAttributes(view.titles[0], { x: left, y: top.y - 8 });
  setAttributes(view.titles[1], { x: left, y: bottom.y - 8 });

  const temperature = data.temperatures[chart.temperatureIndex];
  view.titles[1].textContent = `${data.texts.probabilities} (T = ${temperature})`;
  const probabilities = chart.columnValues;
  const argmax = argmaxOf(probabilities, data.shown !== null);

  view.columns.forEach((column, position) => {
    const x = left + position * step + (step - barWidth) / 2;
    const logitGroup = view.logitBars[position].parentNode;
    const winner = position === argmax;
    logitGroup.classList.toggle("argmax", winner);
    view.meters[position].classList.toggle("argmax", winner);
    setBox(logitGroup.querySelector(".hit"), left + position * step, top.y, step, top.height);

    const logit = column.index === null ? null : chart.logits[column.index];
    const bar = view.logitBars[position];
    if (logit === null || logit === -Infinity) {
      setBox(bar, x, zero, barWidth, 0);
    } else {
      const y = yLogit(logit);
      setBox(bar, x, Math.min(y, zero), barWidth, Math.abs(zero - y));
      const knob = logitGroup.querySelector(".knob");
      if (knob) setBox(knob, x - 3, y - 4, barWidth + 6, 8);
    }
    const logitText = view.logitTexts[position];
    logitText.textContent = logit === null ? "…" : formatNumber(logit);
    const textY = logit === null || logit === -Infinity ? zero - 6 : yLogit(logit) + (logit >= 0 ? -8 : 17);
    setAttributes(logitText, { x: x + barWidth / 2, y: textY });
    const handle = column.index === null ? null : view.handles[column.index];
    if (handle) {
      handle.setAttribute("aria-valuenow", String(logit));
      handle.setAttribute("aria-valuetext", `${column.label}: ${formatNumber(logit)}`);
    }

    const p = probabilities[position];
    const meter = view.meters[position];
    meter.setAttribute("aria-valuenow", String(p));
    const y = yProbability(p);
    setBox(meter.firstChild, x, y, barWidth, bottom.y + bottom.height - y);
    const value = meter.lastChild;
    value.textContent = (winner ? "▲ " : "") + formatProbability(p);
    placeBarValue(value, x + barWidth / 2, y, narrow);

    const label = view.labels[position];
    setAttributes(label, { x: left + position * step + step / 2, y: labelY });
    label.lastChild.textContent = fittedLabel(column.label, step);
  });

  paintSlider(view.temperature, chart.temperatureIndex, temperature, `T = ${temperature}`);
  view.status.textContent = chart.source === "python" ? data.texts.exact : data.texts.preview;
}

// The most probable column, lowest position first among ties; the rest column never wins.
function argmaxOf(values, hasRest) {
  let best = 0;
  const last = hasRest ? values.length - 1 : values.length;
  for (let k = 1; k < last; k++) if (values[k] > values[best]) best = k;
  return best;
}

export default liveChart({ className: "live-logits", shapeOf, build, take, paint, commitValue });
