// The live logits chart: logit bars to drag, probability bars that follow within the frame.
//
// While the learner drags a bar, presses a key or moves the temperature, this module computes
// softmax(x / T) itself and repaints once per animation frame; nothing goes to the server. When
// the learner lets go (pointer up, or 250 ms after the last key press) it sends one object to
// Python: {x, T, seq}. Python checks it, recomputes with softmax_viz.core, writes the link, and
// sends back its own numbers with the same seq; from then on the chart shows Python's numbers.
//
// Streamlit calls the default export again with new `data` after every run of the script, on
// the same parentElement. The chart is therefore built once per shape (the classes, their
// labels, the mode) and afterwards only has attributes and text updated, so focus and a drag in
// progress survive a rerun. All user text (class labels) goes in as text nodes, never as HTML.

const SVG = "http://www.w3.org/2000/svg";
const COMMIT_DELAY_MS = 250; // after the last key press
const ECHO_TIMEOUT_MS = 5000; // a commit Python never answered (server restarted) stops blocking
const LOGIT_STEP = 0.1;
const PAGE_STEPS = 10;
const SLIDE_WIDTH_PX = 2560; // a saved PNG's width: sharp across a projected slide
const FILE_NAME = "softmax-viz-live_logits";

// ---------------------------------------------------------------------------------------------
// The math: the only numbers the browser computes. Tested against softmax_viz.core in Chromium.
// ---------------------------------------------------------------------------------------------

/**
 * softmax(x / T) with the max-shift, as softmax_viz.core computes it.
 *
 * exp(z − max z) never sees a positive argument, so it cannot overflow; the largest term is
 * exactly 1, so the sum cannot underflow to 0. Masked classes (−Infinity) get exactly 0.
 * Where x / T itself would overflow (|x| near 1e308, small T), x is shifted by its maximum
 * before dividing, as core.temperature_scaled does.
 *
 * @param {number[]} logits  finite numbers or -Infinity, not all -Infinity
 * @param {number} temperature  T > 0
 * @returns {Float64Array} probabilities, summing to 1 up to rounding
 */
export function softmaxTemperature(logits, temperature) {
  const count = logits.length;
  let scaled = Float64Array.from(logits, (x) => x / temperature);
  if (scaled.some((z, k) => !Number.isFinite(z) && Number.isFinite(logits[k]))) {
    const peak = Math.max(...logits);
    scaled = Float64Array.from(logits, (x) => (x - peak) / temperature);
  }
  let peak = -Infinity;
  for (let k = 0; k < count; k++) if (scaled[k] > peak) peak = scaled[k];
  const result = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    result[k] = Math.exp(scaled[k] - peak);
    total += result[k];
  }
  for (let k = 0; k < count; k++) result[k] /= total;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Values on grids: logits in steps of 0.1, the temperature on the app's log grid.
// ---------------------------------------------------------------------------------------------

// A logit moved by `steps` tenths, on the grid of tenths and within [low, high]. Counting in
// whole tenths keeps 0.1 + 0.2 from becoming 0.30000000000000004.
function steppedLogit(value, steps, low, high) {
  const tenths = Math.round(value / LOGIT_STEP) + steps;
  return clamp(tenths / 10, low, high);
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// The logit at a pointer's height in the logits panel (top = high, bottom = low).
function logitAt(clientY, panel, low, high) {
  const box = panel.getBoundingClientRect();
  const fraction = 1 - (clientY - box.top) / box.height;
  const value = low + clamp(fraction, 0, 1) * (high - low);
  return clamp(Math.round(value / LOGIT_STEP) / 10, low, high);
}

// ---------------------------------------------------------------------------------------------
// Building the chart once per shape.
// ---------------------------------------------------------------------------------------------

function svg(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}

function html(name, attributes = {}, parent = null) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}

function text(element, value) {
  element.textContent = value; // a text node: labels are shown literally, never parsed
  return element;
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

function build(state, data) {
  const root = state.root;
  root.replaceChildren();
  root.className = "live-logits";
  const columns = columnsOf(data);
  const view = { columns, handles: [], meters: [], logitBars: [], logitTexts: [], labels: [] };

  // The temperature: a slider on the app's log grid, live like the logits.
  const temperature = html("div", { class: "temperature" }, root);
  text(html("span", { class: "temperature-name", "aria-hidden": "true" }, temperature), data.texts.temperature);
  const track = html(
    "div",
    {
      class: "temperature-track",
      role: "slider",
      tabindex: "0",
      "aria-label": data.texts.temperature,
      "aria-valuemin": data.temperatures[0],
      "aria-valuemax": data.temperatures[data.temperatures.length - 1],
    },
    temperature,
  );
  html("div", { class: "temperature-rail" }, track);
  view.thumb = html("div", { class: "temperature-thumb" }, track);
  view.temperatureValue = html("span", { class: "temperature-value", "aria-hidden": "true" }, temperature);
  view.temperature = track;

  view.status = html("p", { class: "status", "aria-live": "polite" }, root);

  // Logits above, probabilities below, one column per class.
  const chart = svg("svg", { class: "chart", role: "group", "aria-label": data.texts.chart }, root);
  chart.classList.toggle("draggable", data.draggable);
  view.chart = chart;
  view.logitPanel = svg("rect", { class: "panel" }, chart);
  view.probabilityPanel = svg("rect", { class: "panel" }, chart);
  view.zeroLine = svg("line", { class: "zero" }, chart);
  view.axisTexts = [0, 1, 2, 3, 4].map(() => svg("text", { class: "axis", "aria-hidden": "true" }, chart));
  view.titles = [data.texts.logits, data.texts.probabilities].map((title) =>
    text(svg("text", { class: "panel-title", "aria-hidden": "true" }, chart), title),
  );

  columns.forEach((column, position) => {
    const logit = svg("g", { class: "logit" }, chart);
    if (column.index !== null && data.draggable) {
      logit.setAttribute("role", "slider");
      logit.setAttribute("tabindex", "0");
      logit.setAttribute("aria-label", `${data.texts.logit} ${column.label}`);
      logit.setAttribute("aria-valuemin", String(data.range[0]));
      logit.setAttribute("aria-valuemax", String(data.range[1]));
      logit.classList.add("draggable");
      logit.dataset.column = String(position);
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
      chart,
    );
    svg("rect", { class: "bar" }, meter);
    svg("text", { class: "value" }, meter);
    view.meters.push(meter);

    const label = svg("text", { class: "label" }, chart);
    text(svg("title", {}, label), column.label);
    label.appendChild(document.createTextNode(column.label));
    view.labels.push(label);
  });

  const save = html("div", { class: "save" }, root);
  view.saveSvg = text(html("button", { type: "button" }, save), data.texts.save_svg);
  view.savePng = text(html("button", { type: "button" }, save), data.texts.save_png);

  listen(state, view, data);
  state.view = view;
  state.shape = shapeOf(data);
}

// ---------------------------------------------------------------------------------------------
// Input: pointer and keys change the local state and ask for one repaint.
// ---------------------------------------------------------------------------------------------

function listen(state, view, data) {
  const [low, high] = data.range;
  for (const handle of view.handles) {
    if (!handle) continue;
    const index = Number(view.columns[Number(handle.dataset.column)].index);
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault(); // no text selection, no scrolling while a bar is held
      handle.focus({ focusVisible: false });
      handle.setPointerCapture(event.pointerId);
      state.dragging = index;
      moveLogit(state, index, logitAt(event.clientY, view.logitPanel, low, high));
    });
    handle.addEventListener("pointermove", (event) => {
      if (state.dragging !== index) return;
      moveLogit(state, index, logitAt(event.clientY, view.logitPanel, low, high));
    });
    const release = () => {
      if (state.dragging !== index) return;
      state.dragging = null;
      commit(state);
    };
    handle.addEventListener("pointerup", release);
    handle.addEventListener("pointercancel", release);
    handle.addEventListener("keydown", (event) => {
      const value = state.logits[index];
      const moves = {
        ArrowUp: () => steppedLogit(value, 1, low, high),
        ArrowRight: () => steppedLogit(value, 1, low, high),
        ArrowDown: () => steppedLogit(value, -1, low, high),
        ArrowLeft: () => steppedLogit(value, -1, low, high),
        PageUp: () => steppedLogit(value, PAGE_STEPS, low, high),
        PageDown: () => steppedLogit(value, -PAGE_STEPS, low, high),
        Home: () => low,
        End: () => high,
      };
      if (!(event.key in moves)) return;
      event.preventDefault();
      moveLogit(state, index, moves[event.key]());
      commitSoon(state);
    });
  }

  const track = view.temperature;
  const last = data.temperatures.length - 1;
  const indexAt = (clientX) => {
    const box = track.getBoundingClientRect();
    return Math.round(clamp((clientX - box.left) / box.width, 0, 1) * last);
  };
  track.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    track.focus({ focusVisible: false });
    track.setPointerCapture(event.pointerId);
    state.dragging = "T";
    moveTemperature(state, indexAt(event.clientX));
  });
  track.addEventListener("pointermove", (event) => {
    if (state.dragging === "T") moveTemperature(state, indexAt(event.clientX));
  });
  const release = () => {
    if (state.dragging !== "T") return;
    state.dragging = null;
    commit(state);
  };
  track.addEventListener("pointerup", release);
  track.addEventListener("pointercancel", release);
  view.saveSvg.addEventListener("click", () => {
    download(new Blob([standaloneSvg(state)], { type: "image/svg+xml" }), `${FILE_NAME}.svg`);
  });
  view.savePng.addEventListener("click", async () => {
    download(await pngOf(standaloneSvg(state), view.chart), `${FILE_NAME}.png`);
  });

  track.addEventListener("keydown", (event) => {
    const at = state.temperatureIndex;
    const moves = {
      ArrowUp: at + 1,
      ArrowRight: at + 1,
      ArrowDown: at - 1,
      ArrowLeft: at - 1,
      PageUp: at + 3,
      PageDown: at - 3,
      Home: 0,
      End: last,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    moveTemperature(state, clamp(moves[event.key], 0, last));
    commitSoon(state);
  });
}

function moveLogit(state, index, value) {
  if (state.logits[index] === value) return;
  state.logits[index] = value;
  preview(state);
}

function moveTemperature(state, index) {
  if (state.temperatureIndex === index) return;
  state.temperatureIndex = index;
  preview(state);
}

// The browser's own numbers until Python has answered the next commit.
function preview(state) {
  state.dirty = true;
  state.source = "preview";
  const temperature = Number(state.data.temperatures[state.temperatureIndex]);
  state.columnValues = columnProbabilities(state, softmaxTemperature(state.logits, temperature));
  schedule(state);
}

// Many pointer events can arrive between two frames; they cost one repaint.
function schedule(state) {
  if (state.frame) return;
  state.frame = requestAnimationFrame(() => {
    state.frame = 0;
    paint(state);
  });
}

function commitSoon(state) {
  clearTimeout(state.keyTimer);
  state.keyTimer = setTimeout(() => commit(state), COMMIT_DELAY_MS);
}

function commit(state) {
  clearTimeout(state.keyTimer);
  if (!state.dirty) return;
  state.dirty = false;
  state.seq += 1;
  state.pending = state.seq;
  state.sentAt = performance.now();
  state.setStateValue("commit", {
    x: state.data.draggable ? Array.from(state.logits) : null,
    T: state.data.temperatures[state.temperatureIndex],
    seq: state.seq,
  });
}

// ---------------------------------------------------------------------------------------------
// Painting: attributes and text only; the elements were built once.
// ---------------------------------------------------------------------------------------------

function formatProbability(p) {
  if (p === 0) return "0";
  if (p >= 1e-3) return p.toFixed(4);
  return p.toExponential(2);
}

function formatLogit(x) {
  if (x === -Infinity) return "−∞";
  return String(Number(x.toPrecision(6))).replace("-", "−");
}

// The columns' probabilities: each class's, or the top N and the rest of the mass, summed
// directly rather than as 1 − Σ top (which would lose a tiny rest to rounding).
function columnProbabilities(state, p) {
  const { shown } = state.data;
  if (shown === null) return Array.from(p);
  const isShown = new Set(shown);
  let rest = 0;
  for (let k = 0; k < p.length; k++) if (!isShown.has(k)) rest += p[k];
  return [...shown.map((k) => p[k]), rest];
}

function paint(state) {
  const { view, data } = state;
  const width = Math.max(state.root.clientWidth, 240);
  const count = view.columns.length;
  const left = 44;
  const plotWidth = width - left - 4;
  const step = plotWidth / count;
  const barWidth = Math.max(4, Math.min(step * 0.7, 64));
  // Narrow columns (a phone, or many classes) print the probabilities upright above the bars,
  // where side by side they would run into each other.
  const narrow = step < 46;
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
    view.axisTexts[k].textContent = formatLogit(value);
  });
  setAttributes(view.titles[0], { x: left, y: top.y - 8 });
  setAttributes(view.titles[1], { x: left, y: bottom.y - 8 });

  const temperature = data.temperatures[state.temperatureIndex];
  view.titles[1].textContent = `${data.texts.probabilities} (T = ${temperature})`;
  const probabilities = state.columnValues;
  const argmax = argmaxOf(probabilities, data.shown !== null);
  const maxChars = Math.max(2, Math.floor(step / 7));

  view.columns.forEach((column, position) => {
    const x = left + position * step + (step - barWidth) / 2;
    const logitGroup = view.logitBars[position].parentNode;
    const winner = position === argmax;
    logitGroup.classList.toggle("argmax", winner);
    view.meters[position].classList.toggle("argmax", winner);
    setBox(logitGroup.querySelector(".hit"), left + position * step, top.y, step, top.height);

    const logit = column.index === null ? null : state.logits[column.index];
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
    logitText.textContent = logit === null ? "…" : formatLogit(logit);
    const textY = logit === null || logit === -Infinity ? zero - 6 : yLogit(logit) + (logit >= 0 ? -8 : 17);
    setAttributes(logitText, { x: x + barWidth / 2, y: textY });
    const handle = column.index === null ? null : view.handles[column.index];
    if (handle) {
      handle.setAttribute("aria-valuenow", String(logit));
      handle.setAttribute("aria-valuetext", `${column.label}: ${formatLogit(logit)}`);
    }

    const p = probabilities[position];
    const meter = view.meters[position];
    meter.setAttribute("aria-valuenow", String(p));
    const y = yProbability(p);
    setBox(meter.firstChild, x, y, barWidth, bottom.y + bottom.height - y);
    const value = meter.lastChild;
    value.textContent = (winner ? "▲ " : "") + formatProbability(p);
    const middle = x + barWidth / 2;
    if (narrow) {
      setAttributes(value, { x: middle + 4, y: y - 4, transform: `rotate(-90 ${middle} ${y - 4})` });
    } else {
      setAttributes(value, { x: middle, y: y - 5 });
      value.removeAttribute("transform");
    }
    value.classList.toggle("upright", narrow);

    const label = view.labels[position];
    setAttributes(label, { x: left + position * step + step / 2, y: labelY });
    const short = column.label.length > maxChars ? `${column.label.slice(0, maxChars - 1)}…` : column.label;
    label.lastChild.textContent = short;
  });

  view.thumb.style.left = `${(100 * state.temperatureIndex) / (data.temperatures.length - 1)}%`;
  view.temperature.setAttribute("aria-valuenow", temperature);
  view.temperature.setAttribute("aria-valuetext", `T = ${temperature}`);
  view.temperatureValue.textContent = `T = ${temperature}`;
  state.root.dataset.source = state.source;
  state.root.dataset.seq = String(state.appliedSeq);
  view.status.textContent = state.source === "python" ? data.texts.exact : data.texts.preview;
}

// The most probable column, lowest position first among ties; the rest column never wins.
function argmaxOf(values, hasRest) {
  let best = 0;
  const last = hasRest ? values.length - 1 : values.length;
  for (let k = 1; k < last; k++) if (values[k] > values[best]) best = k;
  return best;
}

function setBox(element, x, y, width, height) {
  setAttributes(element, { x, y, width: Math.max(0, width), height: Math.max(0, height) });
}

function setAttributes(element, attributes) {
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
}

// ---------------------------------------------------------------------------------------------
// Saving: the chart as drawn, as a standalone SVG or a PNG rendered from it.
// ---------------------------------------------------------------------------------------------

// Outside the page the stylesheet and the theme's variables are gone (and unstyled SVG is black
// on transparent), so each element carries its computed style.
const SAVED_STYLES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-opacity",
  "stroke-width",
  "font-family",
  "font-size",
  "font-weight",
  "font-variant-numeric",
  "text-anchor",
];

function standaloneSvg(state) {
  const chart = state.view.chart;
  const copy = chart.cloneNode(true);
  const copies = [copy, ...copy.querySelectorAll("*")];
  [chart, ...chart.querySelectorAll("*")].forEach((original, k) => {
    const element = copies[k];
    // The hit areas, the knobs and "drag a bar" are for the pointer, not the picture.
    if (original.matches(".hit, .knob")) {
      element.remove();
      return;
    }
    if (original === state.view.titles[0]) element.textContent = state.data.texts.saved_logits;
    // A picture, not controls: no roles or states; the root is named below.
    for (const name of element.getAttributeNames()) {
      if (/^(class|role|tabindex|aria-.*|data-.*)$/.test(name)) element.removeAttribute(name);
    }
    const style = getComputedStyle(original);
    for (const name of SAVED_STYLES) element.style.setProperty(name, style.getPropertyValue(name));
  });
  copy.setAttribute("role", "img");
  copy.setAttribute("aria-label", state.data.texts.chart);
  const background = getComputedStyle(state.root).getPropertyValue("--st-background-color").trim();
  copy.insertBefore(svg("rect", { width: "100%", height: "100%", fill: background || "#ffffff" }), copy.firstChild);
  copy.setAttribute("xmlns", SVG);
  return new XMLSerializer().serializeToString(copy);
}

// The SVG drawn at SLIDE_WIDTH_PX wide (at least twice its size on the page).
async function pngOf(svgText, chart) {
  const width = Number(chart.getAttribute("width"));
  const height = Number(chart.getAttribute("height"));
  const scale = Math.max(2, SLIDE_WIDTH_PX / width);
  const source = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  const image = new Image();
  image.src = source;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(source);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

function download(blob, fileName) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

// ---------------------------------------------------------------------------------------------
// Python's data: taken unless the learner has moved since, or it predates the last commit.
// ---------------------------------------------------------------------------------------------

function accepts(state, data) {
  if (state.pending !== null) {
    const answered = data.seq === state.pending;
    const abandoned = performance.now() - state.sentAt > ECHO_TIMEOUT_MS;
    if (!answered && !abandoned) return false; // a run that started before Python saw the commit
    state.pending = null;
  }
  return !state.dirty && state.dragging === null;
}

function apply(state, data) {
  state.data = data;
  state.logits = Float64Array.from(data.logits, (x) => (x === null ? -Infinity : x));
  state.columnValues = data.probabilities;
  state.temperatureIndex = data.temperatures.indexOf(data.temperature);
  state.seq = Math.max(state.seq, data.seq);
  state.appliedSeq = data.seq;
  state.source = "python";
  if (state.shape !== shapeOf(data)) build(state, data);
  // Python's answer is painted at once: only pointer and key events need coalescing.
  cancelAnimationFrame(state.frame);
  state.frame = 0;
  paint(state);
}

const states = new WeakMap();

export default function (component) {
  const { parentElement, setStateValue } = component;
  const data = JSON.parse(new TextDecoder().decode(component.data)); // UTF-8 JSON from Python
  let state = states.get(parentElement);
  if (!state) {
    const root = document.createElement("div");
    parentElement.appendChild(root);
    state = {
      root,
      seq: 0,
      appliedSeq: 0,
      pending: null,
      sentAt: 0,
      dirty: false,
      dragging: null,
      frame: 0,
      keyTimer: 0,
      shape: null,
    };
    states.set(parentElement, state);
    new ResizeObserver(() => state.view && schedule(state)).observe(root);
  }
  state.setStateValue = setStateValue;
  if (!state.data || accepts(state, data)) apply(state, data);
}
