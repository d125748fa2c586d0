"""The speed-ups must not change results: fast regexes, the theme featurizer, the token cache.

Each fast path is compared with the plain construction it replaces, on generated inputs
(hypothesis) and on the project's own rule files.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.segment import Segmenter
from policytext.text import GatedPattern, _needles, fast_compile, trie_pattern

ALPHABET = "ab口+“”五十年内"
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=8)
texts = st.text(alphabet=ALPHABET + "，。", max_size=30)


def spans(rx: re.Pattern[str] | GatedPattern, text: str, pos: int = 0, endpos: int | None = None) -> list:
    end = len(text) if endpos is None else endpos
    return [m.span() for m in rx.finditer(text, pos, end)]


@settings(max_examples=300, deadline=None)
@given(words, texts, st.sampled_from(["", "(?!口)", "”?"]))
def test_trie_pattern_matches_like_a_longest_first_alternation(ws: list[str], text: str, suffix: str) -> None:
    plain = re.compile("(?:" + "|".join(map(re.escape, sorted(set(ws), key=len, reverse=True))) + ")" + suffix)
    trie = re.compile("(?:" + trie_pattern(ws) + ")" + suffix)
    assert spans(plain, text) == spans(trie, text)


BIG = "".join(chr(0x4E00 + i) for i in range(0, 400, 3))  # 134 characters: grouped first characters
big_words = st.lists(st.text(alphabet=BIG, min_size=1, max_size=3), min_size=60, max_size=200)


@settings(max_examples=100, deadline=None)
@given(big_words, st.text(alphabet=BIG, max_size=60))
def test_large_trie_with_grouped_first_characters(ws: list[str], text: str) -> None:
    pattern = trie_pattern(ws)
    plain = re.compile("|".join(map(re.escape, sorted(set(ws), key=len, reverse=True))))
    assert spans(plain, text) == spans(re.compile(pattern), text)
    text = "".join(ws)  # every word present
    assert spans(plain, text) == spans(re.compile(pattern), text)


RULES = [
    "(?<!努)力争",
    "(?<![即必])(?<!首次)将(?=[\\u4e00-\\u9fff“])(?![军来领士近])",
    "(?:今年底前|年底前|(?<![一二两三四五六七八九十\\d])年内|今年内)",
    "(?<![一二两三四五六七八九十])[一二两三四五六七八九十](?:个|大)(?:共同|确立)",
    "(?:(?:主要)?预期|奋斗)?目标(?:任务)? ?(?:是|为|：)[：]?|主要指标[，,]?(?:包括|是|为)?：",
    "比(?:去年|上年)|较(?:去年|上年)|同比|分别",
    "\\d+(?:\\+\\d+){1,}(?=[”\\u4e00-\\u9fff])",
    "^(?:今年|明年)",
    "在[^，。；]*$",
]
rule_texts = st.text(alphabet="努力争即将首次计划今年底前内一两个大共同确立主要预期目标是为：比去年上同分别在+12”，。", max_size=30)


@pytest.mark.parametrize("pattern", RULES)
@settings(max_examples=150, deadline=None)
@given(text=rule_texts, cut=st.integers(0, 30), start=st.integers(0, 30))
def test_fast_compile_finds_the_same_matches(pattern: str, text: str, cut: int, start: int) -> None:
    plain, fast = re.compile(pattern), fast_compile(pattern)
    end = min(cut, len(text))
    assert spans(plain, text, min(start, end), end) == spans(fast, text, min(start, end), end)
    assert bool(plain.search(text)) == bool(fast.search(text))
    assert plain.sub("", text) == fast.sub("", text)


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        ("(?<!努)力争", ("力争",)),
        ("目标(?:任务)?是|主要指标：", ("主要指标：", "目标")),
        ("(?:个|大)(?:共同|确立)", ("共同", "确立")),  # the rarer of two required parts
        ("[一二]?(?:个|大)", ("个", "大")),
        ("a(?:b|)c", ("a",)),
        ("(?:a|)", None),
        ("(?i)abc", None),
        ("已经|已|累计|截至|以来|了", None),  # too many to be worth a gate
    ],
)
def test_needles(pattern: str, needles: tuple[str, ...] | None) -> None:
    assert _needles(pattern) == needles


def test_shipped_rules_are_compiled_fast_and_unchanged() -> None:
    """Every target rule gives the same matches as its plain regex on a made-up paragraph."""
    from policytext.targets import load_rules

    text = "到2025年，力争全省新增就业12万人以上；今年要确保粮食产量稳定，计划年内建成3座水厂。主要预期目标是：增长5%左右。"
    rules = load_rules()
    seen = 0
    for f in dataclasses.fields(rules):
        value = getattr(rules, f.name)
        items = [x[0] for x in value] if isinstance(value, tuple) else [value]
        for rx in items:
            if not hasattr(rx, "finditer"):
                continue
            plain = re.compile(rx.rx.pattern if isinstance(rx, GatedPattern) else rx.pattern)
            assert spans(plain, text) == spans(rx, text), rx.pattern
            seen += 1
    assert seen > 30


def test_tfidf_rows_equal_sklearn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from policytext.themes import _identity, _Tfidf

    docs = [["农业", "农民", "农业"], [], ["工业", "新", "新"], ["农民", "工业", "未知"]]
    for sublinear in (False, True):
        mine = _Tfidf.fit(docs, min_df=1, max_features=None, sublinear_tf=sublinear)
        ref = TfidfVectorizer(analyzer=_identity, sublinear_tf=sublinear).fit(docs)
        assert mine.names == ref.get_feature_names_out().tolist()
        np.testing.assert_allclose(mine.transform(docs).toarray(), ref.transform(docs).toarray(), atol=1e-6)


def test_segmenter_cache_returns_fresh_lists() -> None:
    seg = Segmenter()
    first = seg.cut("技术工人的收入在提高")
    first.append("篡改")
    assert seg.cut("技术工人的收入在提高")[-1] != "篡改"
    assert seg.tokenize("技术工人")[0] == ("技术工人", 0, 4)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab12.%-+ /中文，\x00", min_size=1, max_size=5), max_size=8))
def test_split_like_jieba_fast_check(tokens: list[str]) -> None:
    from policytext.segment import _JIEBA_SKIP, _JIEBA_WHOLE, _split_like_jieba

    expected: list[str] = []
    for tok in tokens:  # the plain rule, token by token
        if len(tok) > 1 and tok.isascii() and not _JIEBA_WHOLE.fullmatch(tok) and _JIEBA_SKIP.search(tok):
            expected.extend(p for p in _JIEBA_SKIP.split(tok) if p)
        else:
            expected.append(tok)
    assert _split_like_jieba(list(tokens)) == expected

