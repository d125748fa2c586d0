"""Floors on the project's own gold for its sample documents (corpora/gold): these run
on a fresh clone, without ../shared. The floors only ever rise."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.evaluation import evaluate

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold" / "samples-gold.jsonl"


@pytest.fixture(scope="module")
def report():
    return evaluate([GOLD])


def test_every_gold_span_matches_its_text() -> None:
    from policytext.evaluation import _load_text, load_gold

    gold = load_gold(GOLD)
    for r in gold.records:
        text, _ = _load_text(GOLD.parent.parent, gold.documents[r["doc_id"]])
        assert text[r["start"] : r["end"]] == r["text"]


@pytest.mark.parametrize(
    ("measure", "floor"),
    [
        ("f1", 0.95),
        ("value", 0.99),
        ("unit", 0.95),
        ("quantity", 0.95),
        ("indicator", 0.85),
        ("year", 0.95),
    ],
)
def test_fact_floors(report, measure: str, floor: float) -> None:
    got = report.facts.f1 if measure == "f1" else report.facts.accuracy[measure]
    assert got >= floor, f"facts {measure} {got:.3f} < {floor}"


def test_target_floors(report) -> None:
    assert report.targets.f1 >= 0.85
    assert report.targets.accuracy["deadline"] >= 0.85


def test_theme_floor(report) -> None:
    assert report.themes.macro_f1 >= 0.60
