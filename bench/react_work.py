"""React work per slider step in the floor, the minimum page and the app, and which elements do it.

Run: python bench/react_work.py [--steps 10]

This count moves far less than time with how busy the machine is (only the number of commits
per step does, with when the server's messages arrive). The page gets a stand-in for React's
devtools hook, which React calls after every commit; each fiber the commit rendered anew (flag
PerformedWork, on a fiber object that was not in the previous committed tree) is counted once and
credited to the nearest enclosing element with a ``st-key-*`` class, else to the sidebar, the
toolbar, or the page's blocks ("layout"). Fiber flags are React internals: the counts are for
comparing builds on one Streamlit version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import interaction  # noqa: E402
from tests.e2e import server  # noqa: E402

CASES = {name: interaction.CASES[name] for name in ("floor", "minimum", "app")}
HOOK = """
window.__work = {counting: false, commits: 0, fibers: 0, byOwner: {}, previous: new WeakSet()};
const owner = fiber => {
  for (let f = fiber; f; f = f.return) {
    const el = f.tag === 5 ? f.stateNode : null;
    if (!el || typeof el.className !== 'string') continue;
    const key = el.className.match(/st-key-(\\S+)/);
    if (key) return key[1];
    const id = el.getAttribute('data-testid');
    if (id === 'stSidebar' || id === 'stToolbar') return id;
  }
  return 'layout';
};
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, renderers: new Map(), isDisabled: false,
  inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onPostCommitFiberRoot() {},
  onCommitFiberUnmount() {},
  onCommitFiberRoot(id, root) {
    const work = window.__work, current = new WeakSet(), stack = [root.current];
    while (stack.length) {
      const fiber = stack.pop();
      current.add(fiber);
      if (work.counting && (fiber.flags & 1 /* PerformedWork */) && !work.previous.has(fiber)) {
        work.fibers++;
        const name = owner(fiber);
        work.byOwner[name] = (work.byOwner[name] || 0) + 1;
      }
      if (fiber.sibling) stack.push(fiber.sibling);
      if (fiber.child) stack.push(fiber.child);
    }
    work.previous = current;
    if (work.counting) work.commits++;
  },
};
"""
START = "() => Object.assign(window.__work, {counting: true, commits: 0, fibers: 0, byOwner: {}})"


def measure(browser, app: Path, path: str, slider: str, chart: str, steps: int) -> dict:
    with server.streamlit_server(app) as base:
        page = browser.new_page()
        page.add_init_script(HOOK)
        page.goto(base + path)
        server.wait_for_app(page)
        interaction.press(page, slider, chart, "ArrowRight")
        page.wait_for_timeout(500)  # let the first step's late commits land before counting
        page.evaluate(START)
        for step in range(steps):
            interaction.press(page, slider, chart, "ArrowLeft" if step % 2 == 0 else "ArrowRight")
            page.wait_for_timeout(300)
        work = page.evaluate("() => window.__work")
        page.close()
        return work


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = server.launch(playwright)
        results = {name: measure(browser, *case, args.steps) for name, case in CASES.items()}
        browser.close()
    floor = results["floor"]["fibers"]
    print(f"{'case':<10}{'commits/step':>14}{'fibers/step':>13}{'/ floor':>9}")
    for name, work in results.items():
        print(
            f"{name:<10}{work['commits'] / args.steps:>14.1f}{work['fibers'] / args.steps:>13.0f}"
            f"{work['fibers'] / floor:>9.2f}"
        )
    for name in ("minimum", "app"):
        owners = sorted(results[name]["byOwner"].items(), key=lambda item: -item[1])
        print(f"\n{name}, fibers per step by element:")
        print("  " + ", ".join(f"{owner} {count / args.steps:.0f}" for owner, count in owners))


if __name__ == "__main__":
    main()
