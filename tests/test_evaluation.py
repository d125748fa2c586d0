from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.document import Document
from policytext.evaluation import char_f1, evaluate, load_gold
from policytext.pipeline import Analysis

TEXT = "全区生产总值291.74亿元，增长5.9%。\n\n技术工人9.3万名。"


def _write_gold(tmp_path: Path, records: list[dict], types: list[str], scope=None) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "eval").mkdir()
    meta = {"type": "meta", "documents": {"a": "docs/a.txt"}, "doc_dates": {"a": "2022-05"}, "types": types}
    if scope:
        meta["scope"] = scope
    gold = tmp_path / "eval" / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [meta, *records]), encoding="utf-8")
    return gold


def _fact(start, end, **kw):
    return {"doc_id": "a", "type": "fact", "start": start, "end": end, "text": TEXT[start:end], **kw}


def _fake_analyzer(preds):
    def run(text, *, doc_id=None, date=None):
        a = Analysis(Document.from_text(text, doc_id=doc_id, date=date))
        a.facts = preds
        return a
    return run


def test_span_scores_and_attribute_accuracy(tmp_path: Path) -> None:
    gold = _write_gold(
        tmp_path,
        [
            _fact(6, 14, value=29174000000, unit="CNY", quantity="amount", indicator="生产总值", year=2022),
            _fact(17, 21, value=5.9, unit="%", quantity="change", indicator="生产总值"),
            _fact(28, 33, value=93000, unit="名", quantity="count", indicator="技术工人"),
        ],
        ["fact"],
    )
    preds = [
        _fact(6, 12, value=29174000000.000004, unit="CNY", quantity="amount", indicator="全区生产总值", year=2021),
        _fact(17, 21, value=5.9, unit="pp", quantity="change", indicator=None),
        _fact(23, 27, value=1, unit=None, quantity="count", indicator=None),
    ]
    r = evaluate([gold], analyzer=_fake_analyzer(preds))
    assert (r.facts.tp, r.facts.fp, r.facts.fn) == (2, 1, 1)
    assert r.facts.f1 == pytest.approx(2 / 3)
    acc = r.facts.accuracy
    assert acc["value"] == 1.0 and acc["unit"] == 0.5 and acc["quantity"] == 1.0
    assert acc["indicator"] == 0.5
    assert acc["year"] == 0.0  # only compared where gold gives a year


def test_scope_excludes_predictions_outside(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path, [_fact(6, 14, value=29174000000)], ["fact"], scope={"a": [[0, 22]]})
    preds = [_fact(6, 14, value=29174000000), _fact(28, 33, value=93000)]
    r = evaluate([gold], analyzer=_fake_analyzer(preds))
    assert (r.facts.tp, r.facts.fp, r.facts.fn) == (1, 0, 0)


def test_one_to_one_matching(tmp_path: Path) -> None:
    gold = _write_gold(tmp_path, [_fact(6, 14, value=1)], ["fact"])
    preds = [_fact(6, 10, value=1), _fact(8, 14, value=1)]
    r = evaluate([gold], analyzer=_fake_analyzer(preds))
    assert (r.facts.tp, r.facts.fp, r.facts.fn) == (1, 1, 0)


def test_gold_needs_meta(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text('{"doc_id": "a", "type": "fact"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="meta"):
        load_gold(p)


@pytest.mark.parametrize(("a", "b", "expected"), [("生产总值", "生产总值", 1.0), ("", "x", 0.0), ("甲乙", "丙丁", 0.0)])
def test_char_f1(a: str, b: str, expected: float) -> None:
    assert char_f1(a, b) == expected


def test_dev_gold_runs(shared: Path) -> None:
    r = evaluate(sorted((shared / "eval").glob("dev-*.jsonl")))
    assert r.documents >= 20
    assert r.themes.paragraphs >= 70
