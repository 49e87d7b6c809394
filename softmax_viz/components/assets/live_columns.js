// Logits above, probabilities below, one column per class: the frame every chart with logit
// columns draws them in (the panels, the zero line, the axis numbers, the two titles), and
// where its bars go at a given width.

import { clamp, columnsAcross, formatNumber, setAttributes, setBox, svg, text } from "./live_svg.js";

const BAR_PAD = 18; // room above and below each scale for the numbers printed at the bars' ends

/**
 * The frame's elements, made once in `parent`.
 *
 * @param {Element} parent  an <svg> or <g>
 * @param {[string, string]} titles  the logits' and the probabilities' titles
 */
export function buildColumnFrame(parent, titles) {
  return {
    logitPanel: svg("rect", { class: "panel" }, parent),
    probabilityPanel: svg("rect", { class: "panel" }, parent),
    zeroLine: svg("line", { class: "zero" }, parent),
    axisTexts: [0, 1, 2, 3, 4].map(() => svg("text", { class: "axis", "aria-hidden": "true" }, parent)),
    titles: titles.map((title) => text(svg("text", { class: "panel-title", "aria-hidden": "true" }, parent), title)),
  };
}

/**
 * Where the columns go for `count` classes in `width` px, logits in [low, high].
 *
 * Narrow columns (a phone, or many classes) print values upright above the bars, where side by
 * side they would run into each other.
 */
export function columnLayout(width, count, [low, high]) {
  const across = columnsAcross(width, count);
  const { narrow } = across;
  const top = { y: 22, height: 150 };
  const bottom = { y: top.y + top.height + 34, height: narrow ? 180 : 150 };
  const yLogit = (x) => top.y + BAR_PAD + ((high - clamp(x, low, high)) / (high - low)) * (top.height - 2 * BAR_PAD);
  const probabilityPad = narrow ? 48 : BAR_PAD;
  return {
    ...across,
    top,
    bottom,
    labelY: bottom.y + bottom.height + 18,
    range: [low, high],
    yLogit,
    yProbability: (p) => bottom.y + probabilityPad + (1 - p) * (bottom.height - probabilityPad),
    zero: yLogit(0),
  };
}

/** Paint the frame made by buildColumnFrame at `layout`. */
export function paintColumnFrame(frame, layout) {
  const { left, plotWidth, top, bottom, yLogit, yProbability, zero } = layout;
  const [low, high] = layout.range;
  setBox(frame.logitPanel, left, top.y, plotWidth, top.height);
  setBox(frame.probabilityPanel, left, bottom.y, plotWidth, bottom.height);
  setAttributes(frame.zeroLine, { x1: left, x2: left + plotWidth, y1: zero, y2: zero });
  const ticks = [
    [high, yLogit(high)],
    [0, zero],
    [low, yLogit(low)],
    [1, yProbability(1)],
    [0, yProbability(0)],
  ];
  ticks.forEach(([value, y], k) => {
    setAttributes(frame.axisTexts[k], { x: left - 6, y: y + 4 });
    frame.axisTexts[k].textContent = formatNumber(value);
  });
  setAttributes(frame.titles[0], { x: left, y: top.y - 8 });
  setAttributes(frame.titles[1], { x: left, y: bottom.y - 8 });
}
