"""The layers stay apart: streamlit only in app.py and the views; the core only numpy and scipy."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "softmax_viz"
ROOT = PACKAGE.parent


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_below_the_views_do_not_import_streamlit(path):
    assert "streamlit" not in imported_modules(path)


@pytest.mark.parametrize("module", ["core", "analysis", "parsing", "urlstate", "tables", "i18n", "presets"])
def test_pure_modules_do_not_import_plotly(module):
    assert "plotly" not in imported_modules(PACKAGE / f"{module}.py")


@pytest.mark.parametrize("module", ["core", "parsing", "urlstate", "analysis", "figures"])
def test_importing_a_pure_module_loads_no_streamlit(module):
    code = f"import sys, softmax_viz.{module}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_no_eval_and_no_unsafe_html_anywhere():
    sources = [*PACKAGE.rglob("*.py"), ROOT / "app.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text, path
        assert "st.html" not in text, path
        tree = ast.parse(text)
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"eval", "exec"}, path


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("## Test it", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0].strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command.endswith("python -m pytest")


def test_readme_app_command_ends_with_streamlit_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("## Run it", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0].strip()
    assert command.endswith("streamlit run app.py")


def test_xsrf_protection_stays_on():
    """As Streamlit reads the repository's .streamlit/config.toml, on every Python we support."""
    code = (
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        "print(config.get_option('server.enableXsrfProtection'), config.get_option('server.maxMessageSize'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    # The message cap shows the file was read: Streamlit's own default is 200 MB.
    assert out.stdout.split() == ["True", "50"]


def test_the_first_page_waits_for_neither_pandas_nor_scipy_stats():
    """A server's first page imports what it draws: pandas (the tables) and scipy.stats (the
    sampling view's chi-square, 1.3 s to import) wait for the views that use them."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=60).run()\n"
        "print(not at.exception, 'pandas' in sys.modules, 'scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "False", "False"]
