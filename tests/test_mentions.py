"""Mentions on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest

from policytext.facts import Fact
from policytext.mentions import Mention, extract_mentions, load_groups


def kinds(text: str, facts=()) -> list[tuple[str, str]]:
    return [(m.kind, m.name) for m in extract_mentions(text, facts)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市政府印发《关于促进就业的若干措施》。", [("document", "关于促进就业的若干措施")]),
        ("要落实“1+1+6”体系。", [("slogan", "1+1+6")]),
        ("社区推出五个共同框架。", [("slogan", "五个共同")]),
        ("这是“十四五”开局之年。", [("slogan", "十四五")]),
        ("关心“一老一小”。", [("slogan", "一老一小")]),
        ("推动“两新”政策落地。", [("slogan", "两新")]),
        ("国务院常务会议召开。", [("organization", "国务院")]),
        ("生态环境部发布通知。", [("organization", "生态环境部")]),
        ("浙江省杭州市钱塘区", [("place", "浙江省"), ("place", "杭州市"), ("place", "钱塘区")]),
        ("帮助高校毕业生和农民工就业。", [("group", "高校毕业生"), ("group", "农民工")]),
        ("关爱老年人和慢性病患者。", [("group", "老年人"), ("group", "慢性病患者")]),
    ],
)
def test_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    got = extract_mentions(text)
    assert [(m.kind, m.name) for m in got] == expected
    for m in got:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "全市城市更新和社区治理取得进展。",  # generic place words
        "各地区各部门要狠抓落实。",
        "干部群众积极参与。",
        "完成了全部任务，顾全大局。",
        "每年举办三次音乐会。",
    ],
)
def test_generic_words_are_not_mentions(text: str) -> None:
    assert extract_mentions(text) == []


def test_organisation_after_a_place_or_known_body() -> None:
    got = kinds("近日，温州市农业农村局和中科院物理所联合发布成果。")
    assert ("organization", "温州市农业农村局") in got
    assert ("organization", "中科院物理所") in got


def test_group_size_is_linked() -> None:
    text = "全区共有12万名产业工人，其中技术工人有4.1万名，另有8个培训基地。"
    def fact(s: str, value: float, unit: str) -> Fact:
        i = text.index(s)
        return Fact(start=i, end=i + len(s), text=s, value=value, unit=unit, quantity="count")

    facts = [fact("12万名", 120000.0, "名"), fact("4.1万名", 41000.0, "名"), fact("8个", 8, "个")]
    groups = {m.name: m.facts for m in extract_mentions(text, facts) if m.kind == "group"}
    assert groups == {"产业工人": [0], "技术工人": [1]}


def test_bare_number_before_a_group() -> None:
    text = "这里聚集着15万大学生。"
    facts = [Fact(start=5, end=8, text="15万", value=150000.0, unit=None, quantity="count")]
    (m,) = [m for m in extract_mentions(text, facts) if m.kind == "group"]
    assert m.facts == [0]


def test_titles_hide_other_mentions() -> None:
    assert kinds("《浙江省农民工权益保障条例》") == [("document", "浙江省农民工权益保障条例")]


def test_user_groups_extend_the_lexicon(tmp_path) -> None:
    extra = tmp_path / "groups.txt"
    extra.write_text("# my groups\n护林员\n", encoding="utf-8")
    terms = load_groups([extra])
    assert "护林员" in terms and "技术工人" in terms
    assert ("group", "护林员") in kinds("新增生态护林员岗位。")


def test_record_shape() -> None:
    (m,) = extract_mentions("《规划》")
    assert isinstance(m, Mention)
    assert m.to_record() == {"start": 0, "end": 4, "text": "《规划》", "kind": "document", "name": "规划", "facts": []}


@pytest.mark.parametrize(
    "text, documents",
    [
        ("省政府印发《关于加快发展银发经济的实施意见》。", ["关于加快发展银发经济的实施意见"]),
        ("《方案》提出三项任务。", ["方案"]),
        ("系列报道《山河新貌》今晚播出。", []),
        ("电视剧《春风里》收视领先。", []),
        ("本台《新闻联播》今天推出专题。", []),
        ("今天的《科技强国·权威访谈》关注芯片。", []),
    ],
)
def test_documents_are_not_programmes(text: str, documents: list[str]) -> None:
    assert [m.name for m in extract_mentions(text) if m.kind == "document"] == documents


@pytest.mark.parametrize(
    "text, expected",
    [
        ("松江区有38个行政村。", [("place", "松江区")]),  # the segmenter may glue 区 to 有
        ("在临川县第九届人民代表大会第二次会议上", [("organization", "临川县第九届人民代表大会")]),
        ("据农业农村部门统计，", []),
    ],
)
def test_places_and_organisations(text: str, expected: list[tuple[str, str]]) -> None:
    got = [(m.kind, m.text) for m in extract_mentions(text) if m.kind in ("place", "organization")]
    assert got == expected


@pytest.mark.parametrize(
    "text, kept",
    [
        ("国产新片《远山》票房领先。", []),
        ("今天（5月3日）的《走进乡村看振兴》来到皖南。", []),
        ("专题片今天播出《奋进新征程》。", []),
        ("文件《关于深化医改的意见》今天发布。", ["关于深化医改的意见"]),
    ],
)
def test_programme_titles_by_context(text: str, kept: list[str]) -> None:
    assert [m.name for m in extract_mentions(text) if m.kind == "document"] == kept


def test_quoted_periods_are_not_slogans() -> None:
    assert [m.text for m in extract_mentions("推动实现稳中向好的“五年”，落实“两个维护”。") if m.kind == "slogan"] == [
        "“两个维护”"
    ]
