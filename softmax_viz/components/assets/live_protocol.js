// The commit protocol every live chart shares, and the pointer and key input that feeds it.
//
// A live chart shows Python's numbers. While the learner drags or presses keys, the chart
// changes its own copy of the state and repaints a preview once per animation frame; nothing
// goes to the server. When the learner lets go (pointer up, or COMMIT_DELAY_MS after the last
// key) it sends one object, {...value, seq}. Python checks it, recomputes with softmax_viz.core,
// writes the link and sends its own numbers back with the same seq; the chart then shows them
// (data-source="python", data-seq=seq on its root).
//
// Streamlit calls a component's default export again with new data after every run of the
// script. Data that left Python before it saw the latest commit (an older seq) would move the
// chart back to a state the learner has left: it is ignored until the commit is echoed (or
// ECHO_TIMEOUT_MS have passed, a server that restarted never answers). Data that arrives while
// the learner is dragging or has moved since the last commit is ignored too.

import { clamp, watchWidth } from "./live_svg.js";

export const COMMIT_DELAY_MS = 250;
// Sent on the document when a chart shows Python's answer to another commit, with
// {chart: the chart's class, seq}: what only Python computes for that commit can follow it.
export const ANSWERED_EVENT = "softmax-viz:answered";
const DIMMED_OPACITY = "0.35";
export const ECHO_TIMEOUT_MS = 5000;
const LOGIT_STEP = 0.1;

/**
 * The default export of a live chart module.
 *
 * @param {object} hooks
 * @param {string} hooks.className  the root element's class
 * @param {(data: object) => string} hooks.shapeOf  what, when it changes, needs a new build
 * @param {(chart: LiveChart, data: object) => object} hooks.build  makes the elements; returns the view
 * @param {(chart: LiveChart, data: object) => void} hooks.take  copies Python's state into the chart
 * @param {(chart: LiveChart) => void} hooks.paint  draws the chart's state: attributes and text only
 * @param {(chart: LiveChart) => object} hooks.commitValue  what a commit sends, besides seq
 */
export function liveChart(hooks) {
  const charts = new WeakMap();
  return function (component) {
    const data = JSON.parse(new TextDecoder().decode(component.data)); // UTF-8 JSON from Python
    let chart = charts.get(component.parentElement);
    if (!chart) {
      chart = new LiveChart(component.parentElement, hooks);
      charts.set(component.parentElement, chart);
    }
    chart.setStateValue = component.setStateValue;
    chart.receive(data);
  };
}

class LiveChart {
  constructor(parentElement, hooks) {
    this.hooks = hooks;
    this.root = document.createElement("div");
    this.root.className = `live-chart ${hooks.className}`;
    parentElement.appendChild(this.root);
    this.data = null;
    this.view = null;
    this.shape = null;
    this.source = "python";
    this.seq = 0; // the last seq sent or seen
    this.appliedSeq = 0; // the seq of the Python data on screen
    this.pending = null; // a commit Python has not echoed yet
    this.sentAt = 0;
    this.dirty = false; // the learner has moved since the last commit
    this.dragging = null; // what the pointer holds, if anything
    this.frame = 0;
    this.keyTimer = 0;
    watchWidth(this, () => this.view && this.schedule());
  }

  receive(data) {
    if (this.data === null || this.accepts(data)) this.apply(data);
  }

  accepts(data) {
    if (this.pending !== null) {
      const answered = data.seq === this.pending;
      const abandoned = performance.now() - this.sentAt > ECHO_TIMEOUT_MS;
      if (!answered && !abandoned) return false; // a run that started before Python saw the commit
      this.pending = null;
    }
    return !this.dirty && this.dragging === null;
  }

  apply(data) {
    // Python's numbers for another commit than those on screen: a newer one, or an older number
    // when the page has reconnected to a server that restarted (it counts commits from 0 again).
    const answered = data.seq !== this.appliedSeq && this.data !== null;
    this.data = data;
    this.seq = Math.max(this.seq, data.seq);
    this.appliedSeq = data.seq;
    this.source = "python";
    this.hooks.take(this, data);
    const shape = this.hooks.shapeOf(data);
    if (shape !== this.shape) {
      this.root.replaceChildren();
      this.view = this.hooks.build(this, data);
      this.shape = shape;
    }
    // Python's answer is painted at once: only pointer and key events need coalescing.
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.paint();
    if (answered) {
      document.dispatchEvent(new CustomEvent(ANSWERED_EVENT, { detail: { chart: this.hooks.className, seq: data.seq } }));
    }
  }

  /** The learner changed the chart's state: show the preview in the next frame. */
  edited() {
    this.dirty = true;
    this.source = "preview";
    this.schedule();
  }

  // Many pointer events can arrive between two frames; they cost one repaint.
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  paint() {
    this.hooks.paint(this);
    this.root.dataset.source = this.source;
    this.root.dataset.seq = String(this.appliedSeq);
  }

  commitSoon() {
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => this.commit(), COMMIT_DELAY_MS);
  }

  commit() {
    clearTimeout(this.keyTimer);
    if (!this.dirty) return;
    this.dirty = false;
    this.seq += 1;
    this.pending = this.seq;
    this.sentAt = performance.now();
    this.setStateValue("commit", { ...this.hooks.commitValue(this), seq: this.seq });
  }
}

/**
 * Dim `element` (what only Python computes, outside the chart) while any `reason` holds: the
 * chart previews other settings, or Python has answered a commit that `element` does not show
 * yet. Each reason is kept on the element, so the charts that set them do not undo each other.
 */
export function markStale(element, reason, stale) {
  element.dataset[reason] = String(stale);
  const any = ["previewing", "behind"].some((name) => element.dataset[name] === "true");
  element.style.opacity = any ? DIMMED_OPACITY : "";
  element.dataset.stale = String(any);
}

/**
 * Pointer input (mouse, pen, touch) on `element`: the pointer is captured on down, so a drag
 * that leaves the element keeps going; `moveTo(event)` runs on down and on every move while
 * held; letting go commits. A finger on `element` does not scroll the page, even where CSS
 * touch-action cannot say so (on SVG elements inside an <svg>, which Chromium ignores).
 */
export function bindDrag(chart, element, id, moveTo) {
  element.addEventListener("touchstart", (event) => event.preventDefault(), { passive: false });
  element.addEventListener("pointerdown", (event) => {
    event.preventDefault(); // no text selection, no scrolling while it is held
    element.focus({ focusVisible: false });
    element.setPointerCapture(event.pointerId);
    chart.dragging = id;
    moveTo(event);
  });
  element.addEventListener("pointermove", (event) => {
    if (chart.dragging === id) moveTo(event);
  });
  const release = () => {
    if (chart.dragging !== id) return;
    chart.dragging = null;
    chart.commit();
  };
  element.addEventListener("pointerup", release);
  element.addEventListener("pointercancel", release);
}

/**
 * Slider keys on `element`: Arrow keys one step, PageUp/PageDown `page` steps, Home/End the
 * ends (as ±Infinity steps, for the caller to clamp). `moveBy(steps)` applies them; the commit
 * follows COMMIT_DELAY_MS after the last key.
 */
export function bindKeys(chart, element, moveBy, { page = 10 } = {}) {
  const steps = {
    ArrowUp: 1,
    ArrowRight: 1,
    ArrowDown: -1,
    ArrowLeft: -1,
    PageUp: page,
    PageDown: -page,
    Home: -Infinity,
    End: Infinity,
  };
  element.addEventListener("keydown", (event) => {
    if (!(event.key in steps)) return;
    event.preventDefault();
    moveBy(steps[event.key]);
    chart.commitSoon();
  });
}

/** The fraction (0 to 1, clamped) of `element`'s width or height at a pointer event. */
export function fractionAt(event, element, axis) {
  const box = element.getBoundingClientRect();
  const fraction = axis === "x" ? (event.clientX - box.left) / box.width : 1 - (event.clientY - box.top) / box.height;
  return Math.min(1, Math.max(0, fraction));
}

/**
 * A logit moved by `steps` tenths, on the grid of tenths and within [low, high]. Counting in
 * whole tenths keeps 0.1 + 0.2 from becoming 0.30000000000000004.
 */
export function steppedLogit(value, steps, low, high) {
  const tenths = Math.round(value / LOGIT_STEP) + steps;
  return clamp(tenths / 10, low, high);
}

/** The logit, on the grid of tenths, at a pointer's height in a logits panel (top = high, bottom = low). */
export function logitAt(event, panel, low, high) {
  const value = low + fractionAt(event, panel, "y") * (high - low);
  return clamp(Math.round(value / LOGIT_STEP) / 10, low, high);
}
