// The live overflow lab: a shift c added to every value, exp(x + c) against the dtype's limit,
// and the naive and the max-shifted computation step by step, every floating-point event marked
// in the cell where it happens.
//
// While the learner drags the shift or presses a key, the lab computes both paths itself in the
// dtype's own arithmetic (dtype_math.js, in the order of core.trace_softmax) and repaints once
// per animation frame; letting go commits {shift, seq} to Python, which answers with numpy's
// numbers (live_protocol.js). Every cell carries data-row, data-column, data-value (as Python's
// float() reads it) and data-event, the preview's or Python's.

import { DTYPES, fromPythonFloat, pythonFloat, traceSoftmax } from "./dtype_math.js";
import { saveButtons } from "./live_export.js";
import { liveChart } from "./live_protocol.js";
import { gridSlider, paintSlider } from "./live_slider.js";
import { chartWidth, clamp, formatNumber, html, setAttributes, svg, text } from "./live_svg.js";

const LOG10_E = Math.LOG10E;
const SHIFT_PAGE = 10; // steps per PageUp/PageDown
const MIN_SPAN = 4; // powers of ten the exp axis spans at least
// The columns of each path: the step each shows, and its name in data-column.
const COLUMNS = {
  naive: [
    ["input", "naive_x", "x"],
    ["exp", "naive_exp", "exp"],
    ["quotient", "naive_y", "y"],
  ],
  stable: [
    ["input", "stable_x", "x"],
    ["shifted", "stable_shifted", "shifted"],
    ["exp", "stable_exp", "exp"],
    ["quotient", "stable_y", "y"],
  ],
};
const SCALARS = { naive: ["sum"], stable: ["max", "sum"] };

function shapeOf(data) {
  return JSON.stringify([data.values.length, data.range, data.texts]);
}

function pythonTrace(trace) {
  const parse = (steps) => steps.map((step) => ({ ...step, value: step.value.map(fromPythonFloat) }));
  return { naive: parse(trace.naive), stable: parse(trace.stable) };
}

function take(chart, data) {
  if (!DTYPES.includes(data.dtype)) throw new RangeError(`unknown dtype ${data.dtype}`);
  chart.shift = data.shift;
  chart.trace = pythonTrace(data.trace);
  chart.exponentRange = null; // fitted again to Python's state
}

// A cell's text: seven significant digits, inf and nan as numpy prints them (tables.format_value).
function formatCell(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e7) return String(Number(x.toPrecision(7)));
  const [mantissa, exponent] = x.toExponential(6).split("e");
  const digits = exponent.slice(1).padStart(2, "0");
  return `${mantissa.replace(/\.?0+$/, "")}e${exponent[0]}${digits}`;
}

function build(chart, data) {
  const root = chart.root;
  const { texts } = data;
  const [low, high] = data.range;
  const view = { points: [], tables: {} };

  view.slider = gridSlider(chart, root, {
    id: "shift",
    label: texts.shift,
    values: Array.from({ length: high - low + 1 }, (_, k) => String(low + k)),
    current: () => chart.shift - low,
    moveTo: (index) => moveShift(chart, clamp(low + index, low, high)),
    page: SHIFT_PAGE,
    className: "shift",
  });
  view.status = html("p", { class: "status", "aria-live": "polite" }, root);

  // exp(x + c) as log₁₀, so nothing overflows in the drawing: one point per element.
  const plot = svg("svg", { class: "chart exp-chart", role: "img", "aria-label": texts.chart }, root);
  view.chart = plot;
  view.panel = svg("rect", { class: "panel" }, plot);
  view.title = text(svg("text", { class: "panel-title" }, plot), texts.chart_title);
  view.ticks = [0, 1].map(() => svg("text", { class: "axis" }, plot));
  view.normalLine = svg("line", { class: "normal-line" }, plot);
  view.normalText = svg("text", { class: "limit-text normal-text" }, plot);
  view.limitLine = svg("line", { class: "limit-line" }, plot);
  view.limitText = svg("text", { class: "limit-text" }, plot);
  view.path = svg("polyline", { class: "trail" }, plot);
  data.values.forEach((_, k) => {
    const point = svg("g", { class: "point" }, plot);
    svg("circle", { r: 5 }, point);
    svg("path", { class: "cross", d: "M-5,-5L5,5M-5,5L5,-5" }, point);
    const label = text(svg("text", { class: "label" }, plot), String(k + 1));
    view.points.push({ point, label });
  });
  view.axisName = text(svg("text", { class: "label axis-name" }, plot), texts.element);
  saveButtons(root, texts, {
    chart: () => view.chart,
    picture: () => ({ label: texts.chart, themed: root }),
    fileName: "softmax-viz-live_overflow",
  });

  const paths = html("div", { class: "paths" }, root);
  for (const path of ["naive", "stable"]) view.tables[path] = buildPath(paths, path, data);
  return view;
}

function buildPath(parent, path, data) {
  const { texts } = data;
  const section = html("section", { class: `path ${path}` }, parent);
  text(html("h4", {}, section), texts[path]);
  text(html("p", { class: "formula" }, section), texts[`${path}_formula`]);
  // A table wider than a phone scrolls inside its own box, which the keyboard can reach.
  const scroller = html("div", { class: "scroller", tabindex: "0", role: "region", "aria-label": texts[path] }, section);
  const table = html("table", {}, scroller);
  const head = html("tr", {}, html("thead", {}, table));
  text(html("th", { scope: "col" }, head), "#");
  for (const [, , name] of COLUMNS[path]) text(html("th", { scope: "col" }, head), texts[name]);
  const body = html("tbody", {}, table);
  const cells = data.values.map((_, k) => {
    const row = html("tr", {}, body);
    text(html("th", { scope: "row" }, row), String(k + 1));
    return COLUMNS[path].map(([, column]) => {
      const cell = html("td", { "data-row": k + 1, "data-column": column }, row);
      return { cell, value: html("span", { class: "cell-value" }, cell), event: html("span", { class: "cell-event" }, cell) };
    });
  });
  const scalars = html("p", { class: "scalars" }, section);
  const events = html("ul", { class: "events" }, section);
  return { cells, scalars, events };
}

function moveShift(chart, shift) {
  if (chart.shift === shift) return;
  chart.shift = shift;
  const { values, dtype } = chart.data;
  chart.trace = traceSoftmax(
    values.map((v) => v + shift),
    dtype,
  );
  chart.edited();
}

// Each element's events at a step, by name.
function eventsAt(step, count) {
  const found = Array.from({ length: count }, () => []);
  for (const [event, where] of Object.entries(step.events)) for (const k of where) found[k].push(event);
  return found;
}

function paint(chart) {
  const { view, data } = chart;
  const { texts } = data;
  const [low] = data.range;
  paintSlider(view.slider, chart.shift - low, chart.shift, `c = ${formatNumber(chart.shift)}`);
  view.status.textContent = chart.source === "python" ? texts.exact : texts.preview;
  paintChart(chart);
  for (const path of ["naive", "stable"]) paintPath(chart, path);
}

function paintPath(chart, path) {
  const { texts, values } = chart.data;
  const table = chart.view.tables[path];
  const steps = Object.fromEntries(chart.trace[path].map((step) => [step.name, step]));
  COLUMNS[path].forEach(([name], position) => {
    const step = steps[name];
    const events = eventsAt(step, values.length);
    step.value.forEach((value, k) => {
      const { cell, value: shown, event } = table.cells[k][position];
      shown.textContent = formatCell(value);
      event.textContent = events[k].map((e) => texts[`event_${e}`]).join(", ");
      cell.dataset.value = pythonFloat(value);
      cell.dataset.event = events[k].join(" ");
      cell.classList.toggle("broken", !Number.isFinite(value));
      cell.classList.toggle("underflow", events[k].includes("underflow"));
    });
  });
  table.scalars.textContent = SCALARS[path]
    .map((name) => {
      const step = steps[name];
      const events = Object.keys(step.events).map((e) => texts[`event_${e}`]);
      const shown = texts[name].replace("{value}", formatCell(step.value[0]));
      return events.length ? `${shown} (${events.join(", ")})` : shown;
    })
    .join("   ");
  const lines = chart.trace[path].flatMap((step) =>
    Object.entries(step.events).map(([event, where]) =>
      texts.event_at
        .replace("{step}", texts[`step_${step.name}`])
        .replace("{event}", texts[`event_${event}`])
        .replace("{elements}", where.map((k) => k + 1).join(", ")),
    ),
  );
  table.events.replaceChildren(...(lines.length ? lines : [texts.no_events]).map((line) => text(html("li"), line)));
  table.events.classList.toggle("clean", lines.length === 0);
}

// The exp axis in powers of ten: fitted to Python's state, and only widened during a drag, so
// the limit line stays put while the points slide across it.
function exponentRange(chart, exponents, limit) {
  const low = Math.min(limit, ...exponents);
  const high = Math.max(limit, ...exponents);
  const known = chart.exponentRange;
  if (known && low >= known[0] && high <= known[1]) return known;
  const pad = Math.max((high - low) * 0.12, MIN_SPAN / 2);
  const fitted = [Math.floor(low - pad), Math.ceil(high + pad)];
  chart.exponentRange = known ? [Math.min(known[0], fitted[0]), Math.max(known[1], fitted[1])] : fitted;
  return chart.exponentRange;
}

function paintChart(chart) {
  const { view, data } = chart;
  const { limits, texts } = data;
  const width = chartWidth(chart);
  const left = 56;
  const right = 8;
  const top = 26;
  const height = 220;
  const plotWidth = width - left - right;
  const bottom = top + height;
  setAttributes(view.chart, { width, height: bottom + 40, viewBox: `0 0 ${width} ${bottom + 40}` });
  setAttributes(view.panel, { x: left, y: top, width: plotWidth, height });
  setAttributes(view.title, { x: left, y: top - 10 });

  const inputs = data.values.map((v) => v + chart.shift);
  const exponents = inputs.map((x) => x * LOG10_E);
  const limit = limits.overflow * LOG10_E;
  const [low, high] = exponentRange(chart, exponents, limit);
  const yOf = (e) => top + ((high - e) / (high - low)) * height;
  const count = inputs.length;
  const xOf = (k) => left + ((k + 0.5) / count) * plotWidth;

  [high, low].forEach((value, k) => {
    setAttributes(view.ticks[k], { x: left - 6, y: yOf(value) + 4 });
    view.ticks[k].textContent = `1e${value}`;
  });
  const limitY = yOf(limit);
  setAttributes(view.limitLine, { x1: left, x2: left + plotWidth, y1: limitY, y2: limitY });
  // At the left, where ascending points are furthest from the line.
  setAttributes(view.limitText, { x: left + 4, y: limitY + 14 });
  view.limitText.textContent = `${texts.limit} ≈ 1e${limit.toFixed(2)}`;
  const normal = limits.normal * LOG10_E;
  const normalShown = normal >= low && normal <= high;
  const normalY = normalShown ? yOf(normal) : -100;
  view.normalLine.style.display = view.normalText.style.display = normalShown ? "" : "none";
  setAttributes(view.normalLine, { x1: left, x2: left + plotWidth, y1: normalY, y2: normalY });
  setAttributes(view.normalText, { x: left + 4, y: normalY - 5 });
  view.normalText.textContent = `${texts.normal} ≈ 1e${normal.toFixed(2)}`;

  const trail = [];
  view.points.forEach(({ point, label }, k) => {
    const x = xOf(k);
    const y = yOf(exponents[k]);
    trail.push(`${x},${y}`);
    // Past the limit: a cross as well as red, so it reads without telling the colours apart.
    point.classList.toggle("over", inputs[k] > limits.overflow);
    point.setAttribute("transform", `translate(${x},${y})`);
    setAttributes(label, { x, y: bottom + 16 });
  });
  view.path.setAttribute("points", trail.join(" "));
  setAttributes(view.axisName, { x: left + plotWidth / 2, y: bottom + 34 });
}

export default liveChart({
  className: "live-overflow",
  shapeOf,
  build,
  take,
  paint,
  commitValue: (chart) => ({ shift: chart.shift }),
});
