// A horizontal slider on a grid of values, live like the charts: a touch-sized track with
// role="slider" between its name and its value. The chart keeps the index; the slider reports
// moves and is painted with the value the chart chose.

import { bindDrag, bindKeys, fractionAt } from "./live_protocol.js";
import { clamp, html, text } from "./live_svg.js";

/**
 * @param {object} chart  the live chart (live_protocol.js) the slider commits through
 * @param {HTMLElement} parent
 * @param {object} options
 * @param {string} options.id  what the pointer holds while dragging it
 * @param {string} options.label  the slider's name, shown and as its aria-label
 * @param {string[]} options.values  the grid, lowest first, as shown
 * @param {() => number} options.current  the chart's index on the grid
 * @param {(index: number) => void} options.moveTo  a new index, already on the grid
 * @param {number} [options.page]  grid steps per PageUp/PageDown
 * @param {string} [options.className]  an extra class for the slider's row
 */
export function gridSlider(chart, parent, { id, label, values, current, moveTo, page = 3, className = "" }) {
  const row = html("div", { class: `slider ${className}`.trim() }, parent);
  text(html("span", { class: "slider-name", "aria-hidden": "true" }, row), label);
  const track = html(
    "div",
    {
      class: "slider-track",
      role: "slider",
      tabindex: "0",
      "aria-label": label,
      "aria-valuemin": values[0],
      "aria-valuemax": values[values.length - 1],
    },
    row,
  );
  html("div", { class: "slider-rail" }, track);
  const thumb = html("div", { class: "slider-thumb" }, track);
  const value = html("span", { class: "slider-value", "aria-hidden": "true" }, row);
  const last = values.length - 1;
  bindDrag(chart, track, id, (event) => moveTo(Math.round(fractionAt(event, track, "x") * last)));
  bindKeys(chart, track, (steps) => moveTo(clamp(current() + steps, 0, last)), { page });
  return { track, thumb, value, last };
}

/** Paint a slider at `index`: `valueText` is shown and read out; aria-valuenow is `valueNow`. */
export function paintSlider(slider, index, valueNow, valueText) {
  slider.thumb.style.left = `${(100 * index) / Math.max(1, slider.last)}%`;
  slider.track.setAttribute("aria-valuenow", String(valueNow));
  slider.track.setAttribute("aria-valuetext", valueText);
  slider.value.textContent = valueText;
}
