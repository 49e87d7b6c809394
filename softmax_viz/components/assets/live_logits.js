// The live logits chart: logit bars to drag, probability bars that follow within the frame.
//
// While the learner drags a bar, presses a key or moves the temperature, the chart computes
// softmax(x / T) itself (softmax_math.js) and repaints once per animation frame; letting go
// commits {x, T, seq} to Python, which answers with its own numbers (live_protocol.js). Above
// twelve classes, or with masked ones, only the temperature moves: the chart shows the top N
// classes by logit and one column for the rest of the mass.

import { buildColumnFrame, columnLayout, paintColumnFrame } from "./live_columns.js";
import { saveButtons } from "./live_export.js";
import { bindDrag, bindKeys, liveChart, logitAt, steppedLogit } from "./live_protocol.js";
import { gridSlider, paintSlider } from "./live_slider.js";
import { softmaxTemperature } from "./softmax_math.js";
import {
  chartWidth,
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

const TEMPERATURE_PAGE = 3; // grid steps per PageUp/PageDown on the temperature

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
  Object.assign(view, buildColumnFrame(plot, [data.texts.logits, data.texts.probabilities]));

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
  const width = chartWidth(chart);
  const layout = columnLayout(width, view.columns.length, data.range);
  const { left, step, barWidth, narrow, top, bottom, labelY, yLogit, yProbability, zero } = layout;
  view.chart.setAttribute("width", String(width));
  view.chart.setAttribute("height", String(labelY + 8));
  view.chart.setAttribute("viewBox", `0 0 ${width} ${labelY + 8}`);
  paintColumnFrame(view, layout);

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
