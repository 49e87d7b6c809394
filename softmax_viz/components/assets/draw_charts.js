// The sampling view's charts of Python's seeded draws, as SVG: "draws" puts each token's
// probability after the pipeline beside its share of the draws; "race" shows one Gumbel-max
// race, each token's logit z moved by its Gumbel noise to z + G, the largest z + G winning.
// They only show Python's numbers and take no input; the draws chart asks Python for a rerun
// when the live chart it follows has answered a newer commit (follow). Elements are made once
// per shape; a new run changes their attributes and text.

import { saveButtons } from "./live_export.js";
import { ANSWERED_EVENT, markStale } from "./live_protocol.js";
import { chartWidth, columnsAcross, fittedLabel, formatNumber, formatProbability } from "./live_svg.js";
import { html, setAttributes, setBox, svg, text, watchWidth } from "./live_svg.js";

const LEGEND_HEIGHT = 26;
const PLOT_HEIGHT = 220;
const LABEL_ROOM = 24;

const charts = new WeakMap();
const following = new Set(); // charts whose data follows a live chart (see follow)

// One listener for the page: a chart that left it (another view) is dropped on the next answer.
document.addEventListener(ANSWERED_EVENT, (event) => {
  for (const chart of following) {
    if (chart.root.isConnected) follow(chart, event.detail);
    else following.delete(chart);
  }
});

export default function (component) {
  const data = JSON.parse(new TextDecoder().decode(component.data)); // UTF-8 JSON from Python
  let chart = charts.get(component.parentElement);
  if (!chart) {
    chart = { root: html("div", { class: "live-chart draw-chart" }, component.parentElement), shape: null, data: null };
    watchWidth(chart, () => chart.view && paint(chart));
    charts.set(component.parentElement, chart);
  }
  chart.data = data;
  chart.setTriggerValue = component.setTriggerValue;
  if (data.follows) {
    following.add(chart);
    follow(chart, { chart: data.follows.chart, seq: chart.answered ?? data.follows.seq });
  }
  // The tokens shown change with every commit; only their count and the words need a new build.
  const shape = JSON.stringify([data.kind, data.labels.length, data.texts]);
  if (shape !== chart.shape) {
    chart.root.replaceChildren();
    chart.view = build(chart, data);
    chart.shape = shape;
  }
  paint(chart);
}

// A chart whose data `follows` a live chart ({chart: its class, seq: the commit these draws are
// for, dims: the class of the element holding them}) asks Python to draw them again once that
// chart has shown Python's answer to a newer commit, and until they come keeps them dimmed: the
// live chart's answer comes first, without waiting for these (README, Performance).
function follow(chart, answer) {
  const follows = chart.data.follows;
  if (!follows || answer.chart !== follows.chart) return;
  chart.answered = answer.seq; // the live chart's latest answer, lower after a server restart
  const behind = chart.answered > follows.seq;
  const committed = document.querySelector(`.${follows.dims}`);
  if (committed) markStale(committed, "behind", behind);
  if (!behind) chart.requested = null;
  else if (chart.requested !== chart.answered) {
    chart.requested = chart.answered;
    chart.setTriggerValue("refresh", chart.answered);
  }
}

// ---------------------------------------------------------------------------------------------
// Building: the legend, the frame, one group per token, the labels, the save buttons.
// ---------------------------------------------------------------------------------------------

const MARKS = {
  draws: [
    ["probability", "swatch probability-mark"],
    ["share", "swatch share-mark"],
  ],
  race: [
    ["logit", "dot logit-mark"],
    ["perturbed", "diamond perturbed-mark"],
    ["winner", "diamond winner-mark"],
  ],
};

const LEGEND_ELEMENTS = { swatch: "rect", dot: "circle", diamond: "path" };

function build(chart, data) {
  const texts = data.texts;
  const plot = svg("svg", { class: "chart", role: "group", "aria-label": texts.chart }, chart.root);
  const legend = MARKS[data.kind].map(([name, shape]) => {
    const item = svg("g", { class: "legend", "aria-hidden": "true" }, plot);
    svg(LEGEND_ELEMENTS[shape.split(" ")[0]], { class: shape }, item);
    text(svg("text", { class: "legend-text" }, item), texts[name]);
    return item;
  });
  const view = {
    plot,
    legend,
    // Measured once per build: measuring while painting would lay out the page there and then.
    legendWidths: legend.map((item) => item.lastChild.getComputedTextLength()),
    panel: svg("rect", { class: "panel" }, plot),
    zero: svg("line", { class: "zero" }, plot),
    axis: [0, 1].map(() => svg("text", { class: "axis", "aria-hidden": "true" }, plot)),
    tokens: data.labels.map(() => {
      const group = svg("g", { class: "token", role: "img" }, plot);
      svg("title", {}, group);
      return group;
    }),
    labels: data.labels.map(() => {
      const element = svg("text", { class: "label", "aria-hidden": "true" }, plot);
      svg("title", {}, element);
      element.appendChild(document.createTextNode(""));
      return element;
    }),
  };
  if (data.kind === "draws") {
    view.tokens.forEach((group) => {
      svg("rect", { class: "bar probability-mark" }, group);
      svg("rect", { class: "bar share-mark" }, group);
    });
  } else {
    view.tokens.forEach((group, position) => {
      svg("line", { class: "move" }, group);
      svg("circle", { class: "dot logit-mark", r: 5 }, group);
      svg("path", { class: position === 0 ? "diamond winner-mark" : "diamond perturbed-mark" }, group);
    });
    view.winner = text(svg("text", { class: "winner-text", "aria-hidden": "true" }, plot), texts.winner);
  }
  saveButtons(chart.root, texts, {
    chart: () => plot,
    picture: () => ({ label: texts.chart, themed: chart.root }),
    fileName: `softmax-viz-${data.kind}_chart`,
  });
  return view;
}

// A diamond of half-width `r` centred on (x, y).
function diamond(x, y, r) {
  return `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`;
}

// ---------------------------------------------------------------------------------------------
// Painting: attributes and text only.
// ---------------------------------------------------------------------------------------------

function paint(chart) {
  const { view, data } = chart;
  const { width, left, plotWidth, step, barWidth } = columnsAcross(chartWidth(chart), data.labels.length);
  const top = LEGEND_HEIGHT + 8;
  const height = top + PLOT_HEIGHT + LABEL_ROOM;
  setAttributes(view.plot, { width, height, viewBox: `0 0 ${width} ${height}` });
  let x = left;
  view.legend.forEach((item, k) => {
    const mark = item.firstChild;
    if (mark.tagName === "rect") setBox(mark, x, 6, 12, 12);
    else if (mark.tagName === "circle") setAttributes(mark, { cx: x + 6, cy: 12, r: 5 });
    else mark.setAttribute("d", diamond(x + 6, 12, 6));
    setAttributes(item.lastChild, { x: x + 18, y: 16 });
    x += 18 + view.legendWidths[k] + 20;
  });
  setBox(view.panel, left, top, plotWidth, PLOT_HEIGHT);
  const middle = (position) => left + position * step + step / 2;
  view.labels.forEach((label, position) => {
    setAttributes(label, { x: middle(position), y: top + PLOT_HEIGHT + 16 });
    label.firstChild.textContent = data.labels[position];
    label.lastChild.textContent = fittedLabel(data.labels[position], step);
  });
  const scale = data.kind === "draws" ? paintDraws(chart, top, middle, barWidth) : paintRace(chart, top, middle);
  const [high, low] = scale.ends;
  [high, low].forEach((value, k) => {
    setAttributes(view.axis[k], { x: left - 6, y: scale.yOf(value) + 4 });
    view.axis[k].textContent = formatNumber(value);
  });
  const zeroShown = low <= 0 && 0 <= high;
  view.zero.style.display = zeroShown ? "" : "none";
  if (zeroShown) setAttributes(view.zero, { x1: left, x2: left + plotWidth, y1: scale.yOf(0), y2: scale.yOf(0) });
}

// A vertical scale over [low, high] inside the plot, with room at both ends.
function scaleOf(top, low, high) {
  const pad = 12;
  const span = high > low ? high - low : 1;
  return { ends: [high, low], yOf: (value) => top + pad + ((high - value) / span) * (PLOT_HEIGHT - 2 * pad) };
}

function paintDraws(chart, top, middle, barWidth) {
  const { view, data } = chart;
  const highest = Math.max(...data.probability, ...data.share, 0);
  // The scale ends at the next tenth above the highest bar, so bars of different runs compare.
  const scale = scaleOf(top, 0, Math.min(1, Math.ceil(highest * 10) / 10) || 1);
  const half = barWidth / 2;
  view.tokens.forEach((group, position) => {
    const p = data.probability[position];
    const share = data.share[position];
    const [pBar, shareBar] = group.querySelectorAll("rect");
    const x = middle(position);
    setBox(pBar, x - half, scale.yOf(p), half, scale.yOf(0) - scale.yOf(p));
    setBox(shareBar, x, scale.yOf(share), half, scale.yOf(0) - scale.yOf(share));
    const description = `${data.labels[position]}: ${data.texts.probability} ${formatProbability(p)}, ${data.texts.share} ${formatProbability(share)}`;
    group.setAttribute("aria-label", description);
    group.firstChild.textContent = description;
  });
  return scale;
}

function paintRace(chart, top, middle) {
  const { view, data } = chart;
  const all = [...data.logits, ...data.perturbed];
  // Whole numbers at the ends: short on the axis, and a race's moves compare by eye.
  const scale = scaleOf(top, Math.floor(Math.min(...all)), Math.ceil(Math.max(...all)));
  view.tokens.forEach((group, position) => {
    const z = data.logits[position];
    const moved = data.perturbed[position];
    const [line, dot, mark] = [...group.children].slice(1);
    const x = middle(position);
    setAttributes(line, { x1: x, x2: x, y1: scale.yOf(z), y2: scale.yOf(moved) });
    setAttributes(dot, { cx: x, cy: scale.yOf(z) });
    mark.setAttribute("d", diamond(x, scale.yOf(moved), position === 0 ? 9 : 7));
    const description = `${data.labels[position]}: z = ${formatNumber(z)}, z + G = ${formatNumber(moved)}`;
    group.setAttribute("aria-label", position === 0 ? `${description} (${data.texts.winner})` : description);
    group.firstChild.textContent = group.getAttribute("aria-label");
  });
  if (data.labels.length > 0) setAttributes(view.winner, { x: middle(0), y: scale.yOf(data.perturbed[0]) - 12 });
  return scale;
}
