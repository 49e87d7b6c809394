// The history keeper: one committed change is one history entry, and Back and Forward add none.
//
// Streamlit writes the address bar in several steps and decides on its own whether each adds a
// history entry: a widget bound to the URL replaces the entry (a change that Back cannot undo),
// a page switch pushes one entry for clearing the old page's parameters and another for the new
// path, and every parameter the script writes pushes one more. The keeper sits under Streamlit's
// calls and groups them by run of the script: the first write between two idle moments adds the
// entry, later writes of the same run replace it. A run that follows Back or Forward (or opens
// the page) shows an entry that exists already, so all of its writes replace.
//
// It draws nothing; it is installed once per page, on its first mount.

const INSTALLED = Symbol.for("softmax-viz.history");
const APP = '[data-testid="stApp"]';
const IDLE = "notRunning";

function install() {
  const push = history.pushState.bind(history);
  const replace = history.replaceState.bind(history);
  // null between runs; "change" once a run has written its entry; "restore" while the page
  // opens or shows a history entry.
  const app = document.querySelector(APP);
  let episode = app.getAttribute("data-test-script-state") === IDLE ? null : "restore";

  function write(state, title, url) {
    const target = url === undefined || url === null ? location.href : new URL(url, location.href).href;
    if (episode === null && target !== location.href) {
      episode = "change";
      return push(state, title, url);
    }
    return replace(state, title, url);
  }
  history.pushState = write;
  history.replaceState = write;

  window.addEventListener("popstate", () => {
    episode = "restore";
  });
  watchRuns(app, () => {
    episode = null;
  });
}

function watchRuns(app, onIdle) {
  let state = app.getAttribute("data-test-script-state");
  new MutationObserver(() => {
    const now = app.getAttribute("data-test-script-state");
    if (now === IDLE && state !== IDLE) onIdle();
    state = now;
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}

export default function () {
  if (window[INSTALLED]) return;
  window[INSTALLED] = true;
  install();
}
