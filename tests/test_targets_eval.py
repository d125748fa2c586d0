"""Target floors on the dev gold in ../shared (skipped when it is absent).

Reproduce by hand: ``policytext eval ../shared/eval/dev-facts.jsonl ../shared/eval/dev-seed.jsonl``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.evaluation import evaluate

pytestmark = pytest.mark.shared

GOLD = ("dev-facts.jsonl", "dev-seed.jsonl")


@pytest.fixture(scope="module")
def report(shared: Path):
    paths = [shared / "eval" / name for name in GOLD if (shared / "eval" / name).exists()]
    if not paths:
        pytest.skip("no dev gold with targets")
    return evaluate(paths, shared_root=shared)


def test_target_f1_floor(report) -> None:
    assert report.targets.f1 >= 0.85


def test_target_deadline_accuracy_floor(report) -> None:
    assert report.targets.accuracy["deadline"] >= 0.95
