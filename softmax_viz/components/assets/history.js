// The history keeper: one committed change is one history entry, and Back and Forward add none.
//
// Streamlit writes the address bar in several steps and decides on its own whether each adds a
// history entry: a widget bound to the URL replaces the entry (a change that Back cannot undo),
// a page switch pushes one entry for clearing the old page's parameters and another for the new
// path, and every parameter the script writes pushes one more. The keeper sits under Streamlit's
// calls and groups them by the learner's action: every change and every navigation starts with
// a key, a pointer, a click or an input, so the first write after one adds the entry and later
// writes replace it. Back, Forward and opening the page show an entry that exists already, so
// their writes replace it too.
//
// It draws nothing; it is installed once per page, on its first mount.

const INSTALLED = Symbol.for("softmax-viz.history");

function install() {
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  let written = true; // whether the entry of the last action exists; the page's own does

  function write(state, title, url) {
    const target = url == null ? location.href : new URL(url, location.href).href;
    if (!written && target !== location.href) {
      written = true;
      return push(state, title, url);
    }
    return replace(state, title, url);
  }
  history.pushState = write;
  history.replaceState = write;

  const act = () => {
    written = false;
  };
  // Captured before the page's own handlers, which may start the run that writes. A click or an
  // input also counts: assistive technology may activate a control without a pointer or a key.
  for (const type of ["pointerdown", "keydown", "click", "input"]) {
    window.addEventListener(type, act, true);
  }
  window.addEventListener("popstate", () => {
    written = true;
  });
}

export default function () {
  if (window[INSTALLED]) return;
  window[INSTALLED] = true;
  install();
}
