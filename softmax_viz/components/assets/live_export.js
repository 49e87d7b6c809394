// Saving a live chart as drawn: a standalone SVG, or a PNG rendered from it for a slide.

import { html, svg, text, SVG_NS } from "./live_svg.js";

const SLIDE_WIDTH_PX = 2560; // a saved PNG's width: sharp across a projected slide

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

/**
 * "Save as SVG" and "Save as PNG" buttons under a chart.
 *
 * @param {HTMLElement} parent  where the buttons go
 * @param {{save_svg: string, save_png: string}} texts  the buttons' words
 * @param {object} options
 * @param {() => SVGSVGElement} options.chart  the chart's <svg>, as drawn now
 * @param {() => object} options.picture  standaloneSvg's options at the moment of saving
 * @param {string} options.fileName  without extension
 */
export function saveButtons(parent, texts, { chart, picture, fileName }) {
  const save = html("div", { class: "save" }, parent);
  const saveSvg = text(html("button", { type: "button" }, save), texts.save_svg);
  const savePng = text(html("button", { type: "button" }, save), texts.save_png);
  saveSvg.addEventListener("click", () => {
    download(new Blob([standaloneSvg(chart(), picture())], { type: "image/svg+xml" }), `${fileName}.svg`);
  });
  savePng.addEventListener("click", async () => {
    download(await pngOf(standaloneSvg(chart(), picture()), chart()), `${fileName}.png`);
  });
  return save;
}

/**
 * The chart as a standalone SVG document: a picture, not controls.
 *
 * @param {SVGSVGElement} chart  the drawn chart
 * @param {object} options
 * @param {string} options.label  the picture's accessible name
 * @param {Element} options.themed  an element inside the page whose --st-background-color is the page's
 * @param {string} [options.omit]  a selector of parts for the pointer only (hit areas, knobs)
 * @param {Map<Element, string>} [options.retitle]  texts that read differently in a picture
 */
export function standaloneSvg(chart, { label, themed, omit = ".hit, .knob", retitle = new Map() }) {
  const copy = chart.cloneNode(true);
  const copies = [copy, ...copy.querySelectorAll("*")];
  [chart, ...chart.querySelectorAll("*")].forEach((original, k) => {
    const element = copies[k];
    if (original.matches(omit)) {
      element.remove();
      return;
    }
    if (retitle.has(original)) element.textContent = retitle.get(original);
    // No roles or states: the root is named below.
    for (const name of element.getAttributeNames()) {
      if (/^(class|role|tabindex|aria-.*|data-.*)$/.test(name)) element.removeAttribute(name);
    }
    const style = getComputedStyle(original);
    for (const name of SAVED_STYLES) element.style.setProperty(name, style.getPropertyValue(name));
  });
  copy.setAttribute("role", "img");
  copy.setAttribute("aria-label", label);
  const background = getComputedStyle(themed).getPropertyValue("--st-background-color").trim();
  copy.insertBefore(svg("rect", { width: "100%", height: "100%", fill: background || "#ffffff" }), copy.firstChild);
  copy.setAttribute("xmlns", SVG_NS);
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
