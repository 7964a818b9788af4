"""``make run``: what a first run installs, and that a second run installs nothing.

Make is asked what it would do (``make -n``) for a virtual environment in a temporary directory:
the first time it creates the environment and installs the run dependencies only (the demo's
homeserver, never the test tools); once the install of that environment is recorded, ``make run``
goes straight to starting Tisserand, which is what keeps a second run ready in seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST_TOOLS = ("pytest", "hypothesis", "ruff", "mypy", "playwright")

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _would_run(target: str, environment: Path) -> list[str]:
    # Run as a top-level make even under `make test`: a sub-make would print "Entering
    # directory" lines and inherit the parent's flags.
    alone = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    variables = [f"VENV={environment}", f"PYTHON={sys.executable}"]
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target, *variables],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=alone,
    )
    return [row for row in done.stdout.splitlines() if row.strip()]


def test_a_first_run_installs_what_running_needs_and_no_test_tool(tmp_path: Path) -> None:
    commands = _would_run("run", tmp_path / "venv")
    installs = [row for row in commands if " install " in row and "-e " in row]
    assert len(installs) == 1, commands
    assert "'.[demo]'" in installs[0] and "[test]" not in installs[0]
    assert any("Installing" in row for row in commands)  # it says what it is doing
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    demo = " ".join(extras["optional-dependencies"]["demo"])
    assert not [tool for tool in TEST_TOOLS if tool in demo]


def test_a_second_run_starts_without_installing(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    first = _would_run("run", environment)
    assert any(" install " in row for row in first)
    # What the first run's install leaves behind, once it succeeded.
    (environment / ".installed-run").touch()
    second = _would_run("run", environment)
    assert [row.split()[-1] for row in second] == ["run-or-demo"], second


def test_the_licence_is_an_spdx_expression_setuptools_reads_without_warning() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert isinstance(project["project"]["license"], str)  # a table is deprecated
    assert not [c for c in project["project"].get("classifiers", []) if c.startswith("License")]
    assert "setuptools>=77" in project["build-system"]["requires"]  # SPDX support
