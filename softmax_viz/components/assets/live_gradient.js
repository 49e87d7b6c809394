// The live gradient chart: logit bars to drag and, within the frame of each move, the
// probabilities, the Jacobian diag(y) − y yᵀ with its row sums, the swept class's point on the
// shifted sigmoid σ(x_i − c) and on its derivative, and the cross-entropy gradient y − onehot(t).
//
// While the learner drags a bar or presses a key, the chart computes all of it itself
// (gradient_math.js) and repaints once per animation frame; letting go commits {x, seq} to
// Python, which answers with its own numbers (live_protocol.js). Dragging another logit than
// the swept one moves c, and with it the curves under the swept class's point.

import { buildColumnFrame, columnLayout, paintColumnFrame } from "./live_columns.js";
import { saveButtons } from "./live_export.js";
import { bindDrag, bindKeys, liveChart, logitAt, steppedLogit } from "./live_protocol.js";
import { gradientView, sigmoid } from "./gradient_math.js";
import { chartWidth, clamp, formatNumber, formatProbability, html } from "./live_svg.js";
import { setAttributes, setBox, svg, text } from "./live_svg.js";

const GAP = 28; // between the chart's four parts
const WIDE = 760; // from this width the parts stand two by two
const CURVE_POINTS = 161;
// The heatmap's colours: white at 0, red for positive and blue for negative entries at the
// largest |J|, both light enough for dark numbers on them.
const ZERO_RGB = [247, 247, 247];
const POSITIVE_RGB = [229, 120, 132];
const NEGATIVE_RGB = [120, 160, 210];

function shapeOf(data) {
  return JSON.stringify([data.logits.length, data.range, data.swept, data.target, data.texts]);
}

function take(chart, data) {
  chart.logits = Float64Array.from(data.logits);
  chart.values = {
    probabilities: data.probabilities,
    jacobian: data.jacobian,
    rowSums: data.row_sums,
    shift: data.shift ?? -Infinity, // a single class has no others: c = −∞
    loss: data.loss,
    gradient: data.gradient,
  };
}

function build(chart, data) {
  const root = chart.root;
  const { texts } = data;
  const count = data.logits.length;
  const classes = Array.from({ length: count }, (_, k) => String(k + 1));
  const view = { status: html("p", { class: "status", "aria-live": "polite" }, root) };
  const plot = svg("svg", { class: "chart", role: "group", "aria-label": texts.chart }, root);
  view.chart = plot;

  // Logits above, probabilities below, one column per class.
  const columns = svg("g", {}, plot);
  view.columns = columns;
  Object.assign(view, buildColumnFrame(columns, [texts.logits, texts.probabilities]));
  view.handles = classes.map((_, k) =>
    svg(
      "g",
      {
        class: "logit draggable",
        role: "slider",
        tabindex: "0",
        "aria-label": texts.sliders[k],
        "aria-valuemin": data.range[0],
        "aria-valuemax": data.range[1],
      },
      columns,
    ),
  );
  for (const handle of view.handles) {
    svg("rect", { class: "hit" }, handle);
    svg("rect", { class: "bar" }, handle);
    svg("rect", { class: "knob" }, handle);
    svg("text", { class: "value", "aria-hidden": "true" }, handle);
  }
  view.meters = classes.map((_, k) => {
    const meter = svg(
      "g",
      { class: "probability", role: "meter", "aria-label": texts.meters[k], "aria-valuemin": "0", "aria-valuemax": "1" },
      columns,
    );
    svg("rect", { class: "bar" }, meter);
    svg("text", { class: "value" }, meter);
    return meter;
  });
  view.labels = classes.map((name) => text(svg("text", { class: "label", "aria-hidden": "true" }, columns), name));
  view.marks = classes.map((_, k) => text(svg("text", { class: "mark", "aria-hidden": "true" }, columns), marksOf(data, k)));

  // The Jacobian: row i, column j is ∂y_i/∂x_j; each row's sum beside it.
  const heatmap = svg("g", { class: "jacobian", role: "img", "aria-label": texts.jacobian }, plot);
  view.heatmap = heatmap;
  view.jacobianTitle = text(svg("text", { class: "panel-title" }, heatmap), texts.jacobian);
  view.rowSumTitle = text(svg("text", { class: "axis row-sum-title" }, heatmap), texts.row_sum);
  view.rowNames = classes.map((name) => text(svg("text", { class: "axis" }, heatmap), `y${name}`));
  view.columnNames = classes.map((name) => text(svg("text", { class: "label" }, heatmap), `∂x${name}`));
  view.cells = classes.map((_, i) =>
    classes.map((_, j) => {
      const cell = svg("g", { class: "cell", "data-row": i + 1, "data-column": j + 1 }, heatmap);
      svg("rect", {}, cell);
      svg("text", { class: "cell-value" }, cell);
      return cell;
    }),
  );
  view.rowSums = classes.map(() => {
    const cell = svg("g", { class: "cell row-sum" }, heatmap);
    svg("rect", {}, cell);
    svg("text", { class: "cell-value" }, cell);
    return cell;
  });

  // The swept class's y_i on σ(x_i − c), and its slope on σ′(x_i − c).
  const sweep = svg("g", { class: "sweep", role: "img", "aria-label": `${texts.sweep}; ${texts.slope}` }, plot);
  view.sweep = sweep;
  view.sweepPanels = [0, 1].map(() => svg("rect", { class: "panel" }, sweep));
  view.sweepTitles = [texts.sweep, texts.slope].map((title) => text(svg("text", { class: "panel-title" }, sweep), title));
  view.sweepTicks = [0, 1, 2, 3].map(() => svg("text", { class: "axis" }, sweep));
  view.sweepAxis = [0, 1, 2].map(() => svg("text", { class: "label" }, sweep));
  view.shiftLine = svg("line", { class: "shift" }, sweep);
  view.shiftText = svg("text", { class: "shift-text" }, sweep);
  view.sweptLine = svg("line", { class: "swept" }, sweep);
  view.curves = [0, 1].map(() => svg("path", { class: "curve" }, sweep));
  view.points = [0, 1].map(() => svg("circle", { class: "point", r: 6 }, sweep));
  view.pointTexts = [0, 1].map(() => svg("text", { class: "point-text" }, sweep));

  // Cross-entropy: the loss, and the gradient y − onehot(t) as bars around 0.
  const loss = svg("g", { class: "loss", role: "img", "aria-label": texts.gradient }, plot);
  view.loss = loss;
  view.gradientTitle = text(svg("text", { class: "panel-title" }, loss), texts.gradient);
  view.lossText = svg("text", { class: "loss-text" }, loss);
  view.gradientPanel = svg("rect", { class: "panel" }, loss);
  view.gradientZero = svg("line", { class: "zero" }, loss);
  view.gradientTicks = [0, 1, 2].map(() => svg("text", { class: "axis" }, loss));
  view.gradientBars = classes.map((_, k) => {
    const bar = svg("g", { class: k === data.target ? "gradient target" : "gradient" }, loss);
    svg("rect", { class: "bar" }, bar);
    svg("text", { class: "value" }, bar);
    return bar;
  });
  view.gradientLabels = classes.map((name) => text(svg("text", { class: "label" }, loss), name));
  view.targetMark = text(svg("text", { class: "mark" }, loss), "t");

  saveButtons(root, texts, {
    chart: () => view.chart,
    // "(drag a bar)" is for the pointer, not the picture.
    picture: () => ({ label: texts.chart, themed: root, retitle: new Map([[view.titles[0], texts.saved_logits]]) }),
    fileName: "softmax-viz-live_gradient",
  });
  listen(chart, view, data);
  return view;
}

// Under a class's column: "i" for the swept class, "t" for the true one.
function marksOf(data, k) {
  return [k === data.swept ? "i" : "", k === data.target ? "t" : ""].filter(Boolean).join(" ");
}

// Pointer and keys change the chart's own logits and ask for one repaint.
function listen(chart, view, data) {
  const [low, high] = data.range;
  view.handles.forEach((handle, index) => {
    bindDrag(chart, handle, index, (event) => moveLogit(chart, index, logitAt(event, view.logitPanel, low, high)));
    bindKeys(chart, handle, (steps) => moveLogit(chart, index, steppedLogit(chart.logits[index], steps, low, high)));
  });
}

function moveLogit(chart, index, value) {
  if (chart.logits[index] === value) return;
  chart.logits[index] = value;
  // The browser's own numbers until Python has answered the next commit.
  chart.values = gradientView(chart.logits, chart.data.swept, chart.data.target);
  chart.edited();
}

function commitValue(chart) {
  return { x: Array.from(chart.logits) };
}

// ---------------------------------------------------------------------------------------------
// Painting: attributes and text only; the elements were built once. Each part is drawn in its
// own coordinates and placed with a translation: two by two on a wide page, else one under
// another.
// ---------------------------------------------------------------------------------------------

function paint(chart) {
  const { view, data } = chart;
  const width = chartWidth(chart, 280);
  const wide = width >= WIDE;
  const partWidth = wide ? (width - GAP) / 2 : width;
  const parts = [
    [view.columns, paintColumns],
    [view.heatmap, paintJacobian],
    [view.sweep, paintSweep],
    [view.loss, paintGradient],
  ];
  const heights = parts.map(([, draw]) => draw(chart, view, data, partWidth));
  let height = 0;
  if (wide) {
    const rows = [Math.max(heights[0], heights[1]), Math.max(heights[2], heights[3])];
    parts.forEach(([group], k) => {
      const x = k % 2 === 0 ? 0 : partWidth + GAP;
      const y = k < 2 ? 0 : rows[0] + GAP;
      group.setAttribute("transform", `translate(${x} ${y})`);
    });
    height = rows[0] + GAP + rows[1];
  } else {
    parts.forEach(([group], k) => {
      group.setAttribute("transform", `translate(0 ${height})`);
      height += heights[k] + (k < parts.length - 1 ? GAP : 0);
    });
  }
  setAttributes(view.chart, { width, height, viewBox: `0 0 ${width} ${height}` });
  view.status.textContent = chart.source === "python" ? data.texts.exact : data.texts.preview;
}

// The logits and the probabilities; returns the height drawn.
function paintColumns(chart, view, data, width) {
  const count = chart.logits.length;
  const layout = columnLayout(width, count, data.range);
  const { left, step, barWidth, narrow, top, bottom, labelY, yLogit, yProbability, zero } = layout;
  paintColumnFrame(view, layout);

  const { probabilities } = chart.values;
  for (let k = 0; k < count; k++) {
    const x = left + k * step + (step - barWidth) / 2;
    const middle = x + barWidth / 2;
    const logit = chart.logits[k];
    const handle = view.handles[k];
    const [hit, bar, knob, logitText] = handle.children;
    setBox(hit, left + k * step, top.y, step, top.height);
    const y = yLogit(logit);
    setBox(bar, x, Math.min(y, zero), barWidth, Math.abs(zero - y));
    setBox(knob, x - 3, y - 4, barWidth + 6, 8);
    logitText.textContent = formatNumber(logit);
    setAttributes(logitText, { x: middle, y: y + (logit >= 0 ? -8 : 17) });
    handle.setAttribute("aria-valuenow", String(logit));
    handle.setAttribute("aria-valuetext", formatNumber(logit));

    const p = probabilities[k];
    const meter = view.meters[k];
    meter.setAttribute("aria-valuenow", String(p));
    const [probabilityBar, value] = meter.children;
    const barTop = yProbability(p);
    setBox(probabilityBar, x, barTop, barWidth, bottom.y + bottom.height - barTop);
    value.textContent = formatProbability(p);
    uprightWhenNarrow(value, narrow, middle, barTop - 5);

    setAttributes(view.labels[k], { x: left + k * step + step / 2, y: labelY });
    setAttributes(view.marks[k], { x: left + k * step + step / 2, y: labelY + 15 });
  }
  return labelY + 20;
}

// A value at a bar's end (x, y): level on wide columns; upright on narrow ones, reading upwards
// from above the bar's end, or ending just below it.
function uprightWhenNarrow(element, narrow, x, y, below = false) {
  if (narrow) {
    setAttributes(element, { x: x + (below ? -4 : 4), y, transform: `rotate(-90 ${x} ${y})` });
  } else {
    setAttributes(element, { x, y });
    element.removeAttribute("transform");
  }
  element.classList.toggle("upright", narrow);
  element.classList.toggle("below", narrow && below);
}

// The heatmap of J with its row sums; returns the height drawn.
function paintJacobian(chart, view, data, width) {
  const count = chart.logits.length;
  const left = 34;
  const top = 40;
  const rowSumWidth = 64;
  const cell = Math.min(56, (width - left - rowSumWidth - 8) / count);
  const { jacobian, rowSums } = chart.values;
  let scale = 0;
  for (const row of jacobian) for (const value of row) scale = Math.max(scale, Math.abs(value));
  const printed = cell >= 34; // room for a number in each cell

  setAttributes(view.jacobianTitle, { x: left, y: 14 });
  const sumX = left + count * cell + 8;
  setAttributes(view.rowSumTitle, { x: sumX + rowSumWidth - 8, y: top - 8 });
  for (let i = 0; i < count; i++) {
    const y = top + i * cell;
    setAttributes(view.rowNames[i], { x: left - 6, y: y + cell / 2 + 4 });
    setAttributes(view.columnNames[i], { x: left + i * cell + cell / 2, y: top - 8 });
    for (let j = 0; j < count; j++) {
      const value = jacobian[i][j];
      const element = view.cells[i][j];
      element.dataset.value = String(value);
      paintCell(element, left + j * cell, y, cell, cell, value, scale, printed ? formatEntry(value) : "");
    }
    paintCell(view.rowSums[i], sumX, y, rowSumWidth - 8, cell, 0, scale, formatEntry(rowSums[i]));
  }
  return top + count * cell + 4;
}

function paintCell(element, x, y, width, height, value, scale, label) {
  const [rect, valueText] = element.children;
  setBox(rect, x + 1, y + 1, width - 2, height - 2);
  rect.setAttribute("fill", heatColour(value, scale));
  setAttributes(valueText, { x: x + width / 2, y: y + height / 2 + 4 });
  valueText.textContent = label;
}

// A Jacobian entry as printed in its cell: two significant digits.
function formatEntry(value) {
  if (value === 0) return "0";
  const digits = Math.abs(value) >= 1e-3 ? Number(value.toPrecision(2)).toString() : value.toExponential(0);
  return digits.replace("-", "−");
}

function heatColour(value, scale) {
  const share = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
  const end = value >= 0 ? POSITIVE_RGB : NEGATIVE_RGB;
  const rgb = ZERO_RGB.map((start, k) => Math.round(start + share * (end[k] - start)));
  return `rgb(${rgb.join(", ")})`;
}

// y_i against x_i on σ(x_i − c), its slope on σ′(x_i − c); returns the height drawn.
function paintSweep(chart, view, data, width) {
  const left = 44;
  const plotWidth = width - left - 8;
  const [low, high] = data.range;
  const panels = [
    { y: 22, height: 120, top: 1 },
    { y: 22 + 120 + 36, height: 100, top: 0.3 },
  ];
  const xOf = (x) => left + ((clamp(x, low, high) - low) / (high - low)) * plotWidth;
  const yOf = (panel, value) => panel.y + panel.height * (1 - value / panel.top);
  const shift = chart.values.shift;
  const swept = data.swept;
  const xi = chart.logits[swept];
  const yi = chart.values.probabilities[swept];
  const slope = chart.values.jacobian[swept][swept];

  panels.forEach((panel, k) => {
    setBox(view.sweepPanels[k], left, panel.y, plotWidth, panel.height);
    setAttributes(view.sweepTitles[k], { x: left, y: panel.y - 8 });
    let path = "";
    for (let n = 0; n < CURVE_POINTS; n++) {
      const x = low + ((high - low) * n) / (CURVE_POINTS - 1);
      const s = sigmoid(x - shift);
      const value = k === 0 ? s : s * (1 - s);
      path += `${n === 0 ? "M" : "L"}${xOf(x).toFixed(1)} ${yOf(panel, value).toFixed(1)}`;
    }
    view.curves[k].setAttribute("d", path);
    const pointY = yOf(panel, k === 0 ? yi : slope);
    setAttributes(view.points[k], { cx: xOf(xi), cy: pointY });
    const pointText = view.pointTexts[k];
    pointText.textContent = k === 0 ? `y${swept + 1} = ${formatProbability(yi)}` : formatNumber(slope);
    const onRight = xOf(xi) < left + plotWidth / 2;
    setAttributes(pointText, { x: xOf(xi) + (onRight ? 10 : -10), y: pointY - 8 });
    pointText.classList.toggle("left-of-point", !onRight);
  });
  const ticks = [
    [panels[0], 1],
    [panels[0], 0],
    [panels[1], 0.25],
    [panels[1], 0],
  ];
  ticks.forEach(([panel, value], k) => {
    setAttributes(view.sweepTicks[k], { x: left - 6, y: yOf(panel, value) + 4 });
    view.sweepTicks[k].textContent = String(value);
  });
  const axisY = panels[1].y + panels[1].height + 16;
  [low, 0, high].forEach((value, k) => {
    setAttributes(view.sweepAxis[k], { x: xOf(value), y: axisY });
    view.sweepAxis[k].textContent = formatNumber(value);
  });
  const bottom = panels[1].y + panels[1].height;
  setAttributes(view.sweptLine, { x1: xOf(xi), x2: xOf(xi), y1: panels[0].y, y2: bottom });
  const shiftShown = shift >= low && shift <= high;
  setAttributes(view.shiftLine, {
    x1: xOf(shift),
    x2: xOf(shift),
    y1: panels[0].y,
    y2: bottom,
    visibility: shiftShown ? "visible" : "hidden",
  });
  view.shiftText.textContent = `c = ${formatNumber(shift)}`;
  setAttributes(view.shiftText, { x: left + plotWidth, y: panels[1].y - 8 });
  return axisY + 6;
}

// The loss and the gradient y − onehot(t); returns the height drawn.
function paintGradient(chart, view, data, width) {
  const count = chart.logits.length;
  const { left, plotWidth, step, barWidth, narrow } = columnLayout(width, count, data.range);
  const panel = { y: 44, height: narrow ? 200 : 170 };
  const pad = narrow ? 44 : 18; // room for the numbers at the bars' ends
  const yOf = (g) => panel.y + pad + ((1 - g) / 2) * (panel.height - 2 * pad);
  const zero = yOf(0);
  const { gradient, loss } = chart.values;

  setAttributes(view.gradientTitle, { x: left, y: 14 });
  view.lossText.textContent = `${data.texts.loss} ${formatNumber(loss)}`;
  setAttributes(view.lossText, { x: left, y: 34 });
  setBox(view.gradientPanel, left, panel.y, plotWidth, panel.height);
  setAttributes(view.gradientZero, { x1: left, x2: left + plotWidth, y1: zero, y2: zero });
  [1, 0, -1].forEach((value, k) => {
    setAttributes(view.gradientTicks[k], { x: left - 6, y: yOf(value) + 4 });
    view.gradientTicks[k].textContent = formatNumber(value);
  });
  const labelY = panel.y + panel.height + 18;
  for (let k = 0; k < count; k++) {
    const g = gradient[k];
    const x = left + k * step + (step - barWidth) / 2;
    const middle = x + barWidth / 2;
    const [bar, value] = view.gradientBars[k].children;
    const y = yOf(g);
    setBox(bar, x, Math.min(y, zero), barWidth, Math.abs(zero - y));
    value.textContent = formatGradient(g);
    uprightWhenNarrow(value, narrow, middle, g >= 0 ? y - 5 : y + (narrow ? 5 : 15), g < 0);
    setAttributes(view.gradientLabels[k], { x: left + k * step + step / 2, y: labelY });
  }
  setAttributes(view.targetMark, { x: left + data.target * step + step / 2, y: labelY + 15 });
  return labelY + 20;
}

// A gradient entry as printed on its bar: three decimals, or two significant digits when tiny.
function formatGradient(g) {
  if (g === 0) return "0";
  const digits = Math.abs(g) >= 1e-3 ? g.toFixed(3) : g.toExponential(1);
  return digits.replace("-", "−");
}

export default liveChart({ className: "live-gradient", shapeOf, build, take, paint, commitValue });
