"""The notebooks run top to bottom in a fresh kernel, and are committed with their outputs.

The research notebook reads ../shared when it is there and falls back to the sample corpus
otherwise; both paths are executed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]


def _execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=900,  # a guard against a hung kernel, not a speed requirement
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    return nb


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for cell in nb.cells
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def test_the_notebooks_are_there() -> None:
    assert {"quickstart.ipynb", "gov-reports-research.ipynb"} <= set(NAMES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_with_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "execute and save the notebook"
    assert sum(bool(c.get("outputs")) for c in code) >= len(code) // 2
    assert not _errors(nb)
    counts = [c.execution_count for c in code]
    assert counts == sorted(counts), "cells were run out of order"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_runs_top_to_bottom(path: Path) -> None:
    nb = _execute(path)
    assert not _errors(nb)
    images = sum(
        "image/png" in o.get("data", {})
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    assert images >= 1, "every notebook draws at least one chart"


@pytest.mark.slow
def test_research_notebook_falls_back_to_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYTEXT_SHARED", str(tmp_path / "no-shared-here"))
    nb = _execute(REPO / "notebooks" / "gov-reports-research.ipynb")
    first_output = "".join(o.get("text", "") for o in nb.cells[1].get("outputs", []))
    assert "sample corpus" in first_output
    assert not _errors(nb)
    assert os.environ["POLICYTEXT_SHARED"].endswith("no-shared-here")
