"""The fact engine on gold annotations: the floors the project commits to.

- the dev gold of ``../shared/eval`` (skipped without ``../shared``);
- ``corpora/gold/samples-facts-2.jsonl``: the project's second set of sample documents
  (a provincial work report, a policy document, a news feature, two news items), annotated
  by hand before the extractor was run on them. Reproduce with
  ``policytext eval corpora/gold/samples-facts-2.jsonl --errors fact``.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from policytext import analyze
from policytext.evaluation import evaluate

FLOORS = {"f1": 0.95, "value": 0.99, "unit": 0.95, "indicator": 0.85}
# measured when the floors were set: F1 1.000, value 1.000, unit 1.000, indicator 0.985, year 1.000
SAMPLE_FLOORS = {"f1": 0.98, "value": 0.99, "unit": 0.99, "indicator": 0.95, "quantity": 0.98, "year": 0.95}
SAMPLES_GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold" / "samples-facts-2.jsonl"


def _facts_only(gold: list[Path]):
    # facts only: the scores of this module do not depend on the other analysers
    return evaluate(gold, analyzer=partial(analyze, what="facts")).facts


@pytest.fixture(scope="module")
def report(shared: Path):
    return _facts_only([shared / "eval" / "dev-seed.jsonl", shared / "eval" / "dev-facts.jsonl"])


@pytest.fixture(scope="module")
def samples_report():
    return _facts_only([SAMPLES_GOLD])


def test_fact_f1_floor(report) -> None:
    assert report.f1 >= FLOORS["f1"], (report.precision, report.recall)


@pytest.mark.parametrize("attribute", ["value", "unit", "indicator"])
def test_attribute_accuracy_floors(report, attribute: str) -> None:
    assert report.accuracy[attribute] >= FLOORS[attribute]


def test_sample_gold_f1_floor(samples_report) -> None:
    assert samples_report.f1 >= SAMPLE_FLOORS["f1"], (samples_report.precision, samples_report.recall)


@pytest.mark.parametrize("attribute", ["value", "unit", "indicator", "quantity", "year"])
def test_sample_gold_attribute_floors(samples_report, attribute: str) -> None:
    assert samples_report.accuracy[attribute] >= SAMPLE_FLOORS[attribute]


def test_offsets_of_every_fact_hold_on_the_corpus(shared: Path) -> None:
    from policytext.facts import extract_facts
    from policytext.text import normalize

    text = (shared / "corpus" / "gov-report-national" / "gov-report-national-2024.txt").read_text(encoding="utf-8")
    view = normalize(text)
    facts = extract_facts(view, date="2024-03-05")
    assert len(view) == len(text)
    assert len(facts) > 30, len(facts)
    assert all(view[f.start:f.end] == f.text for f in facts)
