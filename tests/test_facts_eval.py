"""The fact engine on the dev gold (../shared/eval): the floors the project commits to."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from policytext import analyze
from policytext.evaluation import evaluate

FLOORS = {"f1": 0.95, "value": 0.99, "unit": 0.95, "indicator": 0.85}


@pytest.fixture(scope="module")
def report(shared: Path):
    gold = [shared / "eval" / "dev-seed.jsonl", shared / "eval" / "dev-facts.jsonl"]
    # facts only: the scores of this module do not depend on the other analysers
    return evaluate(gold, analyzer=partial(analyze, what="facts")).facts


def test_fact_f1_floor(report) -> None:
    assert report.f1 >= FLOORS["f1"], (report.precision, report.recall)


@pytest.mark.parametrize("attribute", ["value", "unit", "indicator"])
def test_attribute_accuracy_floors(report, attribute: str) -> None:
    assert report.accuracy[attribute] >= FLOORS[attribute]


def test_offsets_of_every_fact_hold_on_the_corpus(shared: Path) -> None:
    from policytext.facts import extract_facts
    from policytext.text import normalize

    text = (shared / "corpus" / "gov-report-national" / "gov-report-national-2024.txt").read_text(encoding="utf-8")
    view = normalize(text)
    facts = extract_facts(view, date="2024-03-05")
    assert len(view) == len(text)
    assert len(facts) > 30, len(facts)
    assert all(view[f.start:f.end] == f.text for f in facts)
