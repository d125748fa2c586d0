from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policytext.text import normalize, split_sentences


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２３年", "2023年"),
        ("增长６．５％", "增长6.5%"),
        ("6%－6.5%", "6%-6.5%"),
        ("5月伊始,钱塘区", "5月伊始，钱塘区"),
        ("总额1,234.5亿元", "总额1,234.5亿元"),
        ("分别为5,12", "分别为5，12"),
        ("一组数据可以印证:今年", "一组数据可以印证：今年"),
        ("会议于10:30开始", "会议于10:30开始"),
        ("设施;聚焦", "设施；聚焦"),
        ("如何?钱塘", "如何？钱塘"),
        ("\u00a0\u3000文本", "  文本"),
        ("第一\r\n第二", "第一\r\n第二"),
        ("ＡＢＣ公司", "ABC公司"),
        ("版本1.0版", "版本1.0版"),
        ("完成任务.下一步", "完成任务。下一步"),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text())
def test_normalize_keeps_length(raw: str) -> None:
    assert len(normalize(raw)) == len(raw)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("今年增长5%。明年增长6%！", ["今年增长5%。", "明年增长6%！"]),
        ("总量达1.3万亿元。", ["总量达1.3万亿元。"]),
        ("目标增长6%-6.5%；失业率5.5%左右。", ["目标增长6%-6.5%；", "失业率5.5%左右。"]),
        ("他说：“今年要干好。”随后离开。", ["他说：“今年要干好。”", "随后离开。"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("  前后空白。  ", ["前后空白。"]),
        ("句末有空格 。下一句", ["句末有空格 。", "下一句"]),
        ("甲。\n\n。乙", ["甲。", "。", "乙"]),
        ("好！！”）后文", ["好！！”）", "后文"]),
        ("行尾空格  \n  下一行  ", ["行尾空格", "下一行"]),
        ("“引号开头”结束。", ["“引号开头”结束。"]),
        ("。。。", ["。。。"]),
        (" \n \u3000 ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    norm = normalize(text)
    assert [text[s:e] for s, e in split_sentences(norm)] == sentences


@given(st.text(alphabet=st.sampled_from(list("今年增长5.6%。，；！？\n 万亿元“”"))))
def test_sentences_stay_inside_and_ordered(text: str) -> None:
    spans = split_sentences(normalize(text))
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e].strip() == text[s:e]
        last = e


FINITE_ALPHABET = "年内之左右时间底前今明两到本世纪中叶要将达超过突破力争确保努计划拟即末19205，"


@pytest.mark.parametrize(
    "pattern",
    [
        "年(?:内|之内|左右时间)",
        "(?:今年底前|今年年底前|年底前|年(?<![一二\\d]年)内|今年内|本年度内)",
        "将达到|将达|将超过|将突破",
        "要(?<!(?:[主需])要)(?![求素])",
        "力(?<!(?:努)力)争",
        "到(?:明年)?底",
        "(?:今明两年|到明年底|明年底前)",
    ],
)
@given(text=st.text(alphabet=FINITE_ALPHABET, max_size=40))
def test_finite_words_hold_every_match(pattern: str, text: str) -> None:
    """Every match of the pattern is one of its finite words (the opener gate relies on it)."""
    import re

    from policytext.text import finite_words

    words = finite_words(pattern)
    assert words is not None and "" not in words
    for m in re.finditer(pattern, text):
        assert m.group() in words, (pattern, text, m.group())


@pytest.mark.parametrize("pattern", [r"\d+年", "a?", "a*b", "[^a]b", "(?i)ab", "[a-c]d"])
def test_finite_words_refuse_open_patterns(pattern: str) -> None:
    from policytext.text import finite_words

    assert finite_words(pattern) is None


@pytest.mark.parametrize(
    "pattern, width",
    [("农业", 2), ("(?:增长|下降)了?", 3), ("(?<=新)增长(?=了)", 2), ("^十四五$", 3), (r"\d{1,4}年", 5),
     (r"\d+", None), ("a*b", None), ("[省市]{2,}", None), ("", 0)],
)
def test_longest_match(pattern: str, width: int | None) -> None:
    from policytext.text import longest_match

    assert longest_match(pattern) == width
