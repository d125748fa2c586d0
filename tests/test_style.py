"""The code base stays ruff clean (configuration in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    if not (REPO / "src" / "policytext").is_dir():
        pytest.skip("not running from a source checkout")
    paths = [p for p in ("src", "tests", "benchmarks", "scripts", "examples") if (REPO / p).is_dir()]
    run = subprocess.run([ruff, "check", *paths], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
