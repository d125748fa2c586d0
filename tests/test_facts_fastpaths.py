"""The fact engine's shortcuts find exactly what the plain patterns find.

The scanning regexes carry a look-ahead on their first characters, and some end-anchored
searches are skipped when a phrase's last character cannot end a match; these tests check
both against the unshortened patterns on strings written for the purpose.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from policytext.facts import (
    _first_chars,
    _group_branches,
    _last_chars,
    _needles,
    _rules,
    extract_facts,
)

SAMPLES = [
    "第3次会议审议通过，编号：20240113，专栏2列出附表3的数据。",
    "首批项目于9:30开工，10时30分完工，比例为3:2，A3型号和5G基站。",
    "十四五时期，2023年1-6月，今年上半年，截至2024年底，近三年来。",
    "届三次会议，一带一路，两个维护，七大行动，三个“必须”。",
    "全省排名第3位，位居全国首位，蝉联第一，第二大产业。",
    "版本2.1 版，图5显示，表 12 所列，方案3，12+3，１２：３０。",
    "增速提高到\n收入增长\n水平均\n",
]


def _plain(p: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its leading first-character look-ahead."""
    return re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", p.pattern))


@pytest.mark.parametrize("name", ["nonfact", "period", "rank"])
def test_look_ahead_does_not_change_matches(name: str) -> None:
    fast = getattr(_rules(), name)
    assert fast.pattern.startswith("(?=[")
    plain = _plain(fast)
    for text in SAMPLES:
        for lo in range(0, len(text), 5):
            got = [m.span() for m in fast.finditer(text, lo, min(len(text), lo + 30))]
            want = [m.span() for m in plain.finditer(text, lo, min(len(text), lo + 30))]
            assert got == want, (name, text, lo)


def test_every_nonfact_pattern_has_first_characters() -> None:
    path = resources.files("policytext") / "data" / "facts" / "lexicon.json"
    lex = json.loads(path.read_text(encoding="utf-8"))
    for p in lex["nonfact_patterns"] + lex["slogan_patterns"] + lex["period_patterns"]:
        assert _first_chars(p, r"\d") is not None, p


def test_group_branches() -> None:
    assert _group_branches("(?:编号|代码)[:：]? ?\\d+") == ["编号", "代码"]
    assert _group_branches("(?:编号|代码)?\\d") is None  # an optional group may match nothing
    assert _group_branches("(?:a|)b") is None  # an empty branch
    assert _first_chars("(?:[甲乙]|丙)丁") == "甲乙丙"


def test_last_chars() -> None:
    assert _last_chars(["比重"], ["(?<![人])均"]) == frozenset("重均\n")
    assert _last_chars(["比重"], ["均?"]) is None
    assert _last_chars(["比重"], ["甲|乙"]) is None
    assert _last_chars(["", "比重"], []) is None


@pytest.mark.parametrize("attr,last", [("change_tail", "change_last"), ("trail", "trail_last")])
def test_end_gates_never_skip_a_match(attr: str, last: str) -> None:
    r = _rules()
    pattern, ends = getattr(r, attr), getattr(r, last)
    for text in SAMPLES:
        for i in range(len(text)):
            for j in range(i, min(len(text), i + 12) + 1):
                phrase = text[i:j]
                if pattern.search(phrase):
                    assert phrase[-1:] in ends, (attr, phrase)


def test_rank_needs_di_or_shouwei() -> None:
    assert [f.quantity for f in extract_facts("该县粮食产量位居全省首位。")] == ["rank"]
    assert extract_facts("该县粮食产量位居全省前列。") == []


def test_newline_before_end_still_searched() -> None:
    # $ matches before a final newline: a phrase ending in one is always searched
    r = _rules()
    assert r.change_tail.search("收入增长\n") is not None
    assert "\n" in r.change_last and r.trail_last is not None and "\n" in r.trail_last


def test_needles_hold_every_nonfact_match() -> None:
    # _masked skips the non-fact scan of a window holding no needle: every match of every
    # non-fact pattern must hold one
    r = _rules()
    assert r.nonfact_needles is not None
    path = resources.files("policytext") / "data" / "facts" / "lexicon.json"
    lex = json.loads(path.read_text(encoding="utf-8"))
    for p in lex["nonfact_patterns"] + lex["slogan_patterns"]:
        needles = _needles(p)
        assert needles, p
        for text in SAMPLES:
            for m in re.finditer(p, text):
                assert any(n in m.group() for n in needles), (p, m.group())
                assert r.nonfact_needles.search(m.group()), (p, m.group())
    for text in SAMPLES:  # the window search _masked makes finds a needle wherever a match is
        for lo in range(len(text)):
            for hi in range(lo, min(len(text), lo + 30) + 1):
                if any(True for _ in r.nonfact.finditer(text, lo, hi)):
                    assert r.nonfact_needles.search(text, lo, hi), (text, lo, hi)


def test_needles_of_shapes() -> None:
    assert _needles("[一二]+[届次](?:全国|中央)") == {"一届全国", "一届中央", "一次全国", "一次中央",
                                                "二届全国", "二届中央", "二次全国", "二次中央"}
    assert _needles("(?<![A-Za-z])[A-Za-z]+\\d+") == set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    assert _needles("\\d{1,2}:\\d{2}") == {":"}
    assert _needles("\\d+|第") is None  # a branch without a literal
    assert _needles("(?i)ab") is None
