"""Mention floors on the project's own gold for its sample documents
(``corpora/gold/samples-mentions.jsonl``, annotated by reading the samples; it runs on a
fresh clone, without ../shared).

Scoring is the project's (``policytext eval``): a predicted mention matches a gold one when
their spans overlap (one-to-one, largest overlap first); precision, recall, F1, and kind
accuracy among matches. Reproduce by hand:
``policytext eval corpora/gold/samples-mentions.jsonl --errors mention``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from policytext.evaluation import _load_text, evaluate, load_gold

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "gold" / "samples-mentions.jsonl"
KINDS = ("document", "group", "slogan", "place", "organization")


@pytest.fixture(scope="module")
def report():
    return evaluate([GOLD])


def test_gold_spans_match_their_text() -> None:
    gold = load_gold(GOLD)
    assert gold.types == ("mention",)
    for r in gold.records:
        text, _ = _load_text(GOLD.parent.parent, gold.documents[r["doc_id"]])
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["kind"] in KINDS


def test_gold_has_no_nested_mentions() -> None:
    recs = sorted(load_gold(GOLD).records, key=lambda r: (r["doc_id"], r["start"]))
    for a, b in zip(recs, recs[1:], strict=False):
        assert a["doc_id"] != b["doc_id"] or a["end"] <= b["start"], (a, b)


@pytest.mark.parametrize(("measure", "floor"), [("precision", 0.95), ("recall", 0.90), ("f1", 0.93)])
def test_mention_floors(report, measure: str, floor: float) -> None:
    got = getattr(report.mentions, measure)
    assert got >= floor, f"mentions {measure} {got:.3f} < {floor}"


def test_mention_kind_accuracy(report) -> None:
    assert report.mentions.accuracy["kind"] >= 0.95


@pytest.mark.parametrize("kind", ["group", "place"])
def test_recall_per_kind(report, kind: str) -> None:
    gold = Counter(r["kind"] for r in load_gold(GOLD).records)
    missed = Counter(e["gold"]["kind"] for e in report.mentions.errors if e["error"] == "missed")
    assert 1 - missed[kind] / gold[kind] >= 0.9
