from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.segment import Segmenter, load_stopwords, load_terms

BACKENDS = ["jieba", "rjieba"]


@pytest.fixture(scope="module", params=BACKENDS)
def seg(request) -> Segmenter:
    pytest.importorskip(request.param)
    return Segmenter(request.param)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("全区规上工业总产值稳步增长", "规上工业总产值"),
        ("规上工业企业达到500家", "规上工业"),
        ("扎实推动共同富裕", "共同富裕"),
        ("坚持高质量发展", "高质量发展"),
        ("全区共有技术工人9.3万名", "技术工人"),
        ("培育一批未来工厂", "未来工厂"),
        ("研发投入强度再创新高", "研发投入强度"),
    ],
)
def test_policy_dictionary_terms_are_kept_whole(seg: Segmenter, text: str, term: str) -> None:
    assert term in seg.cut(text)


def test_tokens_cover_text_and_offsets(seg: Segmenter) -> None:
    text = "今年第一季度，钱塘区实现生产总值291.74亿元，增长5.9%。"
    toks = seg.tokenize(text)
    assert "".join(w for w, _, _ in toks) == text
    assert all(text[s:e] == w for w, s, e in toks)


def test_words_drop_stopwords_and_punctuation(seg: Segmenter) -> None:
    words = seg.words("技术工人的收入和技能都在提高。")
    assert "的" not in words and "。" not in words and "技术工人" in words


def test_user_dictionary(tmp_path: Path) -> None:
    d = tmp_path / "mine.txt"
    d.write_text("# my terms\n江海之城 5000 n\n", encoding="utf-8")
    for backend in BACKENDS:
        pytest.importorskip(backend)
        assert "江海之城" in Segmenter(backend, user_dicts=[d]).cut("打造江海之城")
        assert "江海之城" not in Segmenter(backend).cut("打造江海之城")


def test_instances_do_not_touch_global_jieba() -> None:
    import jieba

    Segmenter("jieba", user_dicts=[])
    assert "江海之城" not in jieba.lcut("打造江海之城")


def test_shipped_data_loads() -> None:
    assert len(load_terms()) > 50
    assert "的" in load_stopwords()


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown segmentation backend"):
        Segmenter("nope")


@pytest.mark.parametrize(
    "text",
    ["《行动计划（2021-2025年）》", "VT-4主战坦克", "数据中心的5-7倍", "PM2.5浓度28微克/立方米", "A+B+C", "1.0版"],
)
def test_backends_agree_on_latin_and_dotted_strings(text: str) -> None:
    pytest.importorskip("rjieba")
    for hmm in (True, False):
        assert Segmenter("jieba", hmm=hmm).cut(text) == Segmenter("rjieba", hmm=hmm).cut(text)


def _corpus_texts(root: Path) -> Iterator[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    for path in sorted(root.rglob("*")):
        if path.suffix == ".txt":
            yield str(path), path.read_text(encoding="utf-8")
        elif path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    yield f"{path}:{i + 1}", json.loads(line).get("text") or ""
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh)):
                    yield f"{path}:{i + 2}", row.get("text") or ""


@pytest.mark.slow
@pytest.mark.parametrize("hmm", [True, False], ids=["hmm", "no-hmm"])
def test_rjieba_matches_jieba_on_the_whole_shared_corpus(shared: Path, hmm: bool) -> None:
    pytest.importorskip("rjieba")
    a, b = Segmenter("jieba", hmm=hmm), Segmenter("rjieba", hmm=hmm)
    n = 0
    differing = []
    for name, text in _corpus_texts(shared / "corpus"):
        n += 1
        if a.cut(text) != b.cut(text):
            differing.append(name)
    assert n > 1000
    assert differing == []


def test_tag_gives_the_tokens_of_cut_with_tags(seg: Segmenter) -> None:
    text = "杭州市钱塘区发布《2021-2025年行动计划》，技术工人有9.3万名。"
    pairs = seg.tag(text)
    assert "".join(w for w, _ in pairs) == text
    if seg.backend == "rjieba":
        assert [w for w, _ in pairs] == seg.cut(text)
    tags = dict(pairs)
    assert tags["钱塘"] == "ns"
    assert tags["技术工人"] == "n"
    assert all(isinstance(f, str) and f for _, f in pairs)


def test_texts_without_mixed_ascii_need_no_resplit() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policytext.segment import _MIXED_ASCII, _split_like_jieba

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.text(alphabet="ab12.%-+ /中文，\x00\n", min_size=1, max_size=5), max_size=8))
    def check(tokens: list[str]) -> None:
        if _MIXED_ASCII.search("".join(tokens)) is None:
            assert _split_like_jieba(list(tokens)) == tokens

    check()


def test_mixed_ascii_pair_survives_dropping_other_characters() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from policytext.segment import _MIXED_ASCII, _MIXED_ASCII_BYTES

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="ab12.%-+ /中文，\x00\n\u3000Ａ１", max_size=12))
    def check(text: str) -> None:
        if _MIXED_ASCII.search(text):
            assert _MIXED_ASCII_BYTES.search(text.encode("ascii", "ignore"))

    check()


def test_keeps_is_the_rule_of_words() -> None:
    from policytext.segment import Segmenter, load_stopwords

    seg = Segmenter()
    text = "各地要加快发展现代农业，2025年，全省新增 5G 基站1.2万个。"
    assert seg.words(text) == [t for t in seg.cut(text) if Segmenter.keeps(t)]
    assert seg.words(text, drop_stopwords=False) == [t for t in seg.cut(text) if Segmenter.keeps(t, False)]
    stop = next(iter(load_stopwords()))
    assert not Segmenter.keeps(stop) and Segmenter.keeps("农业") and not Segmenter.keeps("，")


def test_token_cache_keeps_the_newest_texts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policytext.segment as S

    monkeypatch.setattr(S, "CACHE_SIZE", 3)
    seg = S.Segmenter()
    for t in ["甲", "乙", "丙"]:
        seg.cached_tokens(t)
    seg._cache.clear()  # cleared from outside: the order list still names the old texts
    for t in ["丁", "戊", "己", "庚"]:
        seg.cached_tokens(t)
    assert list(seg._cache) == ["戊", "己", "庚"]


@given(st.lists(st.text(alphabet="ab12.%-+ 年\x00", min_size=1, max_size=6), max_size=8))
def test_split_like_jieba_splits_token_by_token(tokens: list[str]) -> None:
    from policytext.segment import _JIEBA_SKIP, _needs_split, _split_like_jieba

    expected = [p for t in tokens for p in (_JIEBA_SKIP.split(t) if _needs_split(t) else [t]) if p]
    assert _split_like_jieba(list(tokens)) == expected


def test_joined_tokens_are_the_cached_tokens(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import policytext.segment as S

    monkeypatch.setattr(S, "CACHE_SIZE", 2)
    seg = S.Segmenter()
    texts = ["技术工人有9.3万名", "2021-2025年 GDP", "", "产业工人", "技术工人有9.3万名", "a\x00b"]
    for text in texts:
        tokens = list(seg.cached_tokens(text))
        joined = seg.joined_tokens(text)
        if "\x00" in text:
            assert joined is None  # a NUL among the tokens: not told apart
        else:
            assert joined is not None and (joined.split("\x00") if joined else []) == tokens
    assert len(seg._joined) <= 3  # evicted with the cached texts


@pytest.mark.parametrize(
    "tokens, joined",
    [(["农", "业"], "农\x00业"), ([], ""), (["农业"], "农业"), (["农", ""], None), (["", "农"], None),
     (["农", "", "业"], None), ([""], None), (["a\x00b"], None), (["a", "\x00", "b"], None)],
)
def test_nul_joined_tells_the_tokens_apart_or_gives_none(tokens: list[str], joined: str | None) -> None:
    from policytext.segment import _nul_joined

    assert _nul_joined(tokens) == joined


@given(st.text(alphabet="aZ09.%-_ +，２一", max_size=8))
@settings(max_examples=500, deadline=None)
def test_needs_split_fast_path_gives_the_plain_rule(tok: str) -> None:
    """The ``isalnum`` shortcut of _needs_split answers as the two regular expressions do."""
    from policytext.segment import _JIEBA_SKIP, _JIEBA_WHOLE, _needs_split

    plain = len(tok) > 1 and tok.isascii() and not _JIEBA_WHOLE.fullmatch(tok) and bool(_JIEBA_SKIP.search(tok))
    assert _needs_split(tok) == plain, tok
