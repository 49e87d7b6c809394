"""The suite reads the repository and never writes to it: a run that changes it fails. And nginx
for the tests of deploy/: skipped without it, a failure under CI=true."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from deploy import launch

ROOT = Path(__file__).resolve().parent.parent
TREE_BEFORE = pytest.StashKey[str]()


def working_tree() -> str | None:
    """git's view of the checkout: changed and untracked files, and the changes themselves.

    None outside a git checkout (an unpacked archive), where there is nothing to compare.
    """
    commands = (["git", "status", "--porcelain", "--untracked-files=all"], ["git", "diff", "--binary"])
    try:
        return "".join(
            subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
            for command in commands
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def pytest_sessionstart(session: pytest.Session) -> None:
    tree = working_tree()
    if tree is not None:
        session.config.stash[TREE_BEFORE] = tree


def pytest_sessionfinish(session: pytest.Session) -> None:
    before = session.config.stash.get(TREE_BEFORE, None)
    if before is None or working_tree() == before:
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    session.config.get_terminal_writer().line(
        "\nThe run changed the repository (git status/diff differ from before it): tests must write "
        "only to temporary folders.",
        red=True,
    )


@pytest.fixture(scope="session")
def nginx() -> str:
    path = launch.nginx_executable()
    if path is None:
        reason = "no nginx: apt-get install nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the deployment tests must run in CI, but there is {reason}")
        pytest.skip(reason)
    return path
