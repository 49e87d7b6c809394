// Building and updating a live chart's elements: each is made once per shape, and afterwards
// only its attributes and text change, so a rerun never drops focus or a drag. User text (class
// labels) always goes in as a text node, never as HTML.

export const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(name, attributes = {}, parent = null) {
  return made(document.createElementNS(SVG_NS, name), attributes, parent);
}

export function html(name, attributes = {}, parent = null) {
  return made(document.createElement(name), attributes, parent);
}

function made(element, attributes, parent) {
  setAttributes(element, attributes);
  if (parent) parent.appendChild(element);
  return element;
}

export function text(element, value) {
  element.textContent = value; // a text node: shown literally, never parsed
  return element;
}

export function setAttributes(element, attributes) {
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
}

export function setBox(element, x, y, width, height) {
  setAttributes(element, { x, y, width: Math.max(0, width), height: Math.max(0, height) });
}

export function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// A probability as printed on a bar: four decimals, or three significant digits when tiny.
export function formatProbability(p) {
  if (p === 0) return "0";
  if (p >= 1e-3) return p.toFixed(4);
  return p.toExponential(2);
}

const COUNT_FORMAT = new Intl.NumberFormat("en"); // made once: toLocaleString makes one per call

// A count with thousands separators, as Python's f"{n:,}" prints it.
export function formatCount(n) {
  return COUNT_FORMAT.format(n);
}

// A number as printed on an axis or a bar: six significant digits, a true minus sign.
export function formatNumber(x) {
  if (x === -Infinity) return "−∞";
  if (x === Infinity) return "∞";
  return String(Number(x.toPrecision(6))).replace("-", "−");
}

// A bar's value printed above its end at height `y`, centred on `middle`; upright where the
// columns are narrow (a phone, or many of them), since side by side they would run together.
export function placeBarValue(value, middle, y, upright) {
  if (upright) {
    setAttributes(value, { x: middle + 4, y: y - 4, transform: `rotate(-90 ${middle} ${y - 4})` });
  } else {
    setAttributes(value, { x: middle, y: y - 5 });
    value.removeAttribute("transform");
  }
  value.classList.toggle("upright", upright);
}

// A column's label cut to what fits under a column `step` pixels wide, with an ellipsis.
export function fittedLabel(label, step) {
  const maxChars = Math.max(2, Math.floor(step / 7));
  return label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label;
}

// The width a chart draws at: its root's, as its ResizeObserver last reported it (see
// watchWidth), but never narrower than `narrowest` px.
export function chartWidth(chart, narrowest = 240) {
  return Math.max(chart.width, narrowest);
}

// Keeps `chart.width` at the width of `chart.root` and calls `resized()` when it changes.
// Reading clientWidth while painting would force the browser to lay out the whole page there
// and then, after a rerun has just changed it (48 ms of script time per commit in a profile).
export function watchWidth(chart, resized) {
  chart.width = chart.root.clientWidth; // once, before the first paint
  new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === chart.width) return;
    chart.width = width;
    resized();
  }).observe(chart.root);
}

// The horizontal layout of `count` columns across `width` px: an axis margin on the left, bars
// 70 % of a column and at most `widest` pixels; `narrow` columns print their values upright.
export function columnsAcross(width, count, widest = 64) {
  const left = 44;
  const plotWidth = width - left - 4;
  const step = plotWidth / count;
  return { width, left, plotWidth, step, barWidth: Math.max(4, Math.min(step * 0.7, widest)), narrow: step < 46 };
}
