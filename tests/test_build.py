"""The installed package runs the rule modules compiled (setup.py, mypyc) when it was built
with a C compiler, and runs them as plain Python otherwise; both give the same records."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

import policytext

REPO = Path(__file__).resolve().parents[1]


def _compiled_by_setup() -> list[str]:
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in targets):
                return sorted(ast.literal_eval(node.value))  # type: ignore[arg-type]
    raise AssertionError("setup.py names no COMPILED modules")


def test_compiled_modules_are_among_those_setup_compiles() -> None:
    assert set(policytext.compiled_modules()) <= set(_compiled_by_setup())


def test_a_wheel_built_here_runs_compiled() -> None:
    """An install from a wheel (``pip install .``, as CI does) on a machine with a C compiler
    runs every module setup.py compiles: a module mypyc refuses would silently fall back to
    pure Python (``pip install -v .`` then shows "policytext: mypyc failed")."""
    installed = Path(policytext.__file__).resolve().parent
    if installed == (REPO / "src" / "policytext").resolve():
        pytest.skip("editable install: it runs the .py files (setup.py compiles nothing then)")
    if os.environ.get("POLICYTEXT_PURE_PYTHON", "") not in ("", "0"):
        pytest.skip("POLICYTEXT_PURE_PYTHON is set: built as pure Python on purpose")
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler here: the pure-Python fallback is expected")
    assert policytext.compiled_modules() == _compiled_by_setup()
