from __future__ import annotations

import json

import pytest

from policytext.document import Document


def _roles(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(text)
    return [(p.role, text[p.start : p.end]) for p in doc.paragraphs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 标题\n\n正文一句话说完了。", [("heading", "# 标题"), ("body", "正文一句话说完了。")]),
        ("张小明 李华\n\n正文。", [("byline", "张小明 李华"), ("body", "正文。")]),
        ("本报记者 王芳\n\n正文。", [("byline", "本报记者 王芳"), ("body", "正文。")]),
        ("一、过去一年工作回顾\n去年经济运行平稳。", [("heading", "一、过去一年工作回顾"), ("body", "去年经济运行平稳。")]),
        ("各位代表：\n现在我代表县政府作报告。", [("other", "各位代表："), ("body", "现在我代表县政府作报告。")]),
        (
            "正文。\n\n图为新建成的产业园区。\n\n（本版图片由区融媒体中心提供）",
            [("body", "正文。"), ("caption", "图为新建成的产业园区。"), ("other", "（本版图片由区融媒体中心提供）")],
        ),
        (
            # a caption block dropped into the middle of a paragraph: rejoined around it
            "全县推进“三大\n\n\n\n园区一角风景如画。\n\n行动”，成效明显。",
            [("body", "全县推进“三大\n\n\n\n园区一角风景如画。\n\n行动”，成效明显。"), ("caption", "园区一角风景如画。")],
        ),
        (
            "第一项是甲；\n\n第二项是乙；\n\n第三项是丙。",
            [("body", "第一项是甲；\n\n第二项是乙；\n\n第三项是丙。")],
        ),
        ("——经济总体回升向好。全年增长5.2%。", [("body", "——经济总体回升向好。全年增长5.2%。")]),
        ("正文。\r\n\r\n第二段。\r\n", [("body", "正文。"), ("body", "第二段。")]),
    ],
)
def test_roles_and_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert _roles(text) == expected


def test_rejoined_paragraph_view_hides_the_caption() -> None:
    text = "全县推进“三大\n\n园区一角风景如画。\n\n行动”，成效明显。"
    doc = Document.from_text(text)
    body = doc.paragraphs[0]
    view = doc.paragraph_view(body)
    assert len(view) == body.end - body.start
    assert "风景" not in view and view.startswith("全县推进“三大") and view.endswith("行动”，成效明显。")
    # the caption is still its own paragraph, and offsets find it
    caption = doc.paragraphs[1]
    assert doc.paragraph_at(caption.start + 1) == caption


def test_nothing_is_dropped() -> None:
    text = "# 题\n\n甲乙 丙丁\n\n正文第一段。\n\n\n\n图为某地。\n\n正文第二段。\n\n我们在路上  \n大步向前"
    doc = Document.from_text(text)
    covered = "".join(text[s:e] for p in doc.paragraphs for s, e in p.pieces)
    assert sorted(covered.replace("\n", "").replace(" ", "")) == sorted(text.replace("\n", "").replace(" ", ""))


def test_seed_article_paragraphs(shared, seed_text) -> None:
    """The seed article: every gold body paragraph found as a body paragraph with exact offsets."""
    gold = [json.loads(line) for line in (shared / "eval" / "dev-seed.jsonl").open(encoding="utf-8")]
    gold_paras = [g for g in gold if g.get("type") == "paragraph"]
    doc = Document.from_text(seed_text, doc_id="qiantang")
    body = [p for p in doc.paragraphs if p.role == "body"]
    assert len(doc.paragraphs) >= 20
    for p in doc.paragraphs:
        assert seed_text[p.start : p.end].strip() == seed_text[p.start : p.end]
    starts = {p.start: p for p in body}
    for g in gold_paras:
        assert g["start"] in starts, g["text"][:20]
        p = starts[g["start"]]
        assert p.end > g["start"] and seed_text.startswith(g["text"][:10], p.start)
    roles = {seed_text[p.start : p.end][:6]: p.role for p in doc.paragraphs}
    assert roles["# 找准技术"] == "heading"
    assert roles["糜利萍 姜慧"] == "byline"
    assert roles["航拍美丽的钱"] == "caption"
    assert roles["钱塘区正在积"] == "caption"
    assert roles["钱塘区是浙江"] == "caption"
    assert roles["区校合作,成"] == "caption"
    assert roles["(本版图片由"] == "other"
    # the two broken paragraphs are rejoined
    joined = [p for p in body if len(p.pieces) > 1]
    texts = [seed_text[p.start : p.end] for p in joined]
    assert any(t.endswith("等。") and "聚焦建筑内部设施" in t for t in texts)
    assert any("“八大\n\n行动”" in t for t in texts)


@pytest.mark.parametrize(
    "rel",
    [
        "corpus/gov-report-national/gov-report-national-2024.txt",
        "corpus/gov-report-national/gov-report-national-1990.txt",
        "corpus/gov-report-provincial-2026/gov-report-2026-zhejiang.txt",
        "corpus/cpc-congress-reports/cpc-congress-report-20-2022.txt",
    ],
)
def test_reports_are_mostly_body(shared, rel: str) -> None:
    path = shared / rel
    if not path.exists():
        pytest.skip(f"{rel} not in this copy of shared/")
    text = path.read_text(encoding="utf-8")
    doc = Document.from_text(text)
    chars = {r: 0 for r in ("body", "heading", "caption", "byline", "other")}
    for p in doc.paragraphs:
        chars[p.role] += p.end - p.start
    assert chars["body"] / sum(chars.values()) > 0.9
    assert chars["caption"] == 0


def test_hard_wrapped_lines_are_rejoined() -> None:
    # text extracted from a PDF: lines cut at a fixed width, no blank lines between them
    lines = [
        "一、总体要求",
        "各地要加快推进中小企业数字化转型，完善公共服",
        "务平台体系，到2025年培育一批专精特新企业和",
        "数字化转型标杆企业，形成可推广的经验做法。",
        "二、重点任务",
    ]
    text = "\n".join(lines)
    roles = _roles(text)
    assert roles[0] == ("heading", "一、总体要求")
    assert roles[1] == ("body", "\n".join(lines[1:4]))
    assert roles[2] == ("heading", "二、重点任务")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年地区生产总值达到5.6\n万亿元，增长5%。", [("body", "全年地区生产总值达到5.6\n万亿元，增长5%。")]),
        ("主要预期目标\n是：增长5%左右；就业稳定。", [("body", "主要预期目标\n是：增长5%左右；就业稳定。")]),
        ("一、主要目标\n增长5%左右。", [("heading", "一、主要目标"), ("body", "增长5%左右。")]),
    ],
)
def test_lines_broken_inside_a_phrase_are_glued(text: str, expected: list[tuple[str, str]]) -> None:
    assert _roles(text) == expected


def test_paragraphs_and_sentences_built_without_init_equal_constructed_ones() -> None:
    """find_paragraphs and Document.from_text set the fields of the frozen Paragraph and
    Sentence directly; the objects equal, hash and pickle as constructed ones, and every
    field is set (a field added to the dataclasses must be added there too)."""
    import dataclasses
    import pickle

    from policytext.document import Document, Paragraph, Sentence

    doc = Document.from_text("# 标题\n\n今年增长5%。明年增长6%\n\n图为会场。\n\n继续推进。", doc_id="d")
    assert doc.paragraphs and doc.sentences
    for obj, cls in [(p, Paragraph) for p in doc.paragraphs] + [(s, Sentence) for s in doc.sentences]:
        names = [f.name for f in dataclasses.fields(cls)]
        assert sorted(vars(obj)) == sorted(names)
        twin = cls(*(getattr(obj, n) for n in names))
        assert obj == twin and hash(obj) == hash(twin) and repr(obj) == repr(twin)
        assert pickle.loads(pickle.dumps(obj)) == twin
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.start = 0  # type: ignore[misc]
    # no __init__ runs for them, so neither may need one: a __post_init__ would be skipped
    assert not hasattr(Paragraph, "__post_init__") and not hasattr(Sentence, "__post_init__")
