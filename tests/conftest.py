"""nginx for the tests of deploy/: skipped without it, a failure under CI=true."""

from __future__ import annotations

import os

import pytest

from deploy import launch


@pytest.fixture(scope="session")
def nginx() -> str:
    path = launch.nginx_executable()
    if path is None:
        reason = "no nginx: apt-get install nginx"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the deployment tests must run in CI, but there is {reason}")
        pytest.skip(reason)
    return path
