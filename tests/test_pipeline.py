from __future__ import annotations

import json
from pathlib import Path

import pytest

import policytext
from policytext.pipeline import parse_what


def _check_offsets(analysis: policytext.Analysis) -> None:
    text = analysis.document.text
    for rec in analysis.records():
        assert text[rec["start"] : rec["end"]] == rec["text"], rec
        assert rec["doc_id"] == analysis.document.id
        # a span's record names the paragraph (and sentence) its start lies in
        assert analysis.document.paragraph_at(rec["start"]).index == rec["paragraph"], rec
        if rec["type"] != "paragraph":
            sent = analysis.document.sentence_at(rec["start"])
            assert (sent.index if sent else None) == rec["sentence"], rec


def test_sample_documents_offsets(samples: Path) -> None:
    from policytext.readers import iter_documents

    items = list(iter_documents([str(samples)]))
    assert len(items) >= 6
    for item in items:
        assert item.error is None, item.error
        a = policytext.analyze(item.text or "", doc_id=item.id, date=item.date or "2023-01")
        assert a.paragraphs
        _check_offsets(a)


def test_offsets_survive_fullwidth_crlf_and_nbsp() -> None:
    text = "\ufeff标题\r\n\r\n今年一季度，全区生产总值２９１．７４亿元，增长５．９％。\u00a0\r\n"
    a = policytext.analyze(text, doc_id="x", date="2022-05")
    _check_offsets(a)
    assert [p["role"] for p in a.paragraphs] == ["heading", "body"]


def test_to_frame_is_tidy() -> None:
    a = policytext.analyze("# 题目\n\n正文第一段。\n\n正文第二段。", doc_id="d")
    df = a.to_frame("paragraphs")
    assert list(df["role"]) == ["heading", "body", "body"]
    assert {"doc_id", "start", "end", "text", "themes", "scores"} <= set(df.columns)


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        (None, ("paragraphs", "facts", "targets", "mentions")),
        ("facts", ("facts",)),
        ("target,fact", ("facts", "targets")),
        (["mentions", "paragraphs"], ("paragraphs", "mentions")),
        ("all", ("paragraphs", "facts", "targets", "mentions")),
    ],
)
def test_parse_what(what, expected) -> None:
    assert parse_what(what) == expected


def test_parse_what_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="unknown record kind"):
        parse_what("facts,tables")


def test_real_documents_offsets(shared: Path) -> None:
    for rel in [
        "seeds/qiantang-common-prosperity.txt",
        "corpus/gov-report-national/gov-report-national-2024.txt",
        "corpus/gov-report-provincial-2026/gov-report-2026-anhui.txt",
    ]:
        a = policytext.analyze((shared / rel).read_text(encoding="utf-8"), doc_id=rel, date="2024-03-05")
        _check_offsets(a)
    with (shared / "corpus" / "cctv-xinwenlianbo" / "xwlb-policy-news-2022-2026.jsonl").open(encoding="utf-8") as fh:
        for _, line in zip(range(100), fh, strict=False):
            rec = json.loads(line)
            _check_offsets(policytext.analyze(rec["text"], doc_id=rec["id"], date=rec.get("date")))


def test_seed_article_paragraph_records(shared: Path, seed_text: str) -> None:
    a = policytext.analyze(seed_text, doc_id="qiantang", date="2022-05")
    body = [r for r in a.paragraphs if r["role"] == "body"]
    assert len(a.paragraphs) >= 20 and len(body) >= 20
    _check_offsets(a)


def _batched_equals_one_by_one(items: list) -> None:
    from policytext.document import Document
    from policytext.pipeline import analyze_document, analyze_documents

    docs = [Document.from_text(i.text or "", doc_id=i.id, date=i.date) for i in items]
    together = [a.records() for a in analyze_documents(docs)]
    fresh = [Document.from_text(i.text or "", doc_id=i.id, date=i.date) for i in items]
    alone = [analyze_document(d).records() for d in fresh]
    assert together == alone


def test_documents_analysed_together_match_one_by_one(samples: Path) -> None:
    from policytext.readers import iter_documents

    _batched_equals_one_by_one(list(iter_documents([str(samples)])))


def test_news_items_analysed_together_match_one_by_one(shared: Path) -> None:
    """Short real news items, many per theme-model call (as the batch engine runs them)."""
    from policytext.readers import iter_documents

    files = sorted(str(p) for p in (shared / "corpus" / "cctv-xinwenlianbo").glob("*.jsonl"))[:1]
    items = [i for _, i in zip(range(80), iter_documents(files), strict=False) if i.error is None]
    assert len(items) >= 40
    _batched_equals_one_by_one(items)
