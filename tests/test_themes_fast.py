"""The fast paths of the theme models give exactly what the plain rules give."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.text import trie_pattern
from policytext.themes import (
    LexiconThemeScorer,
    _round4,
    _TermScanner,
    _Tfidf,
    _word_features,
    default_theme_model,
)

TERMS = ["农业", "农业农村", "农村", "村", "产业", "产业链", "链", "工业", "A股", "A"]
ALPHABET = "农业村产链工A股 。；\n，的1"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=1, max_size=4),
       st.sampled_from([TERMS, [t for t in TERMS if len(t) > 1]]))
def test_scanner_finds_what_the_pattern_finds(texts: list[str], terms: list[str]) -> None:
    pattern = re.compile(trie_pattern(terms))
    joined = "\n".join(texts)
    expected = [(m.start(), m.group()) for m in pattern.finditer(joined)]
    scanner = _TermScanner(terms, pattern)
    scanner.min_chars = 0  # the array scan even for short texts
    starts, found = scanner.scan(texts)
    assert list(zip(starts, found, strict=True)) == expected


def _plain_fired(scorer: LexiconThemeScorer, weights: dict[str, float]) -> list[str]:
    """The themes a unit with theme weights ``weights`` fires, as the class docstring says."""
    from policytext.themes import NONE_THEME

    real = {t: w for t, w in weights.items() if t != NONE_THEME}
    if not real:
        return []
    top = max(real.values())
    none = weights.get(NONE_THEME, 0.0)
    return [t for t, w in real.items() if w >= scorer.fire_min and w >= scorer.rel_min * top and w > none]


def _plain_score(scorer: LexiconThemeScorer, text: str) -> tuple[dict, dict]:
    """The lexicon rule unit by unit, as first written (the reference of score_many)."""
    from policytext.themes import NONE_THEME, _squash, split_units

    cover = dict.fromkeys(scorer.themes, 0.0)
    evidence: dict[str, list[str]] = {}
    none_cover, sole = 0.0, {}
    units = split_units(text)
    total = sum(e - s for s, e in units) or 1
    for s, e in units:
        weights, terms = scorer.unit_scores(text[s:e])
        fired = _plain_fired(scorer, weights)
        if not fired and weights.get(NONE_THEME, 0.0) >= scorer.fire_min:
            none_cover += e - s
        if len(fired) == 1 and e - s >= scorer.sole_min_chars:
            sole[fired[0]] = sole.get(fired[0], 0) + 1
        for theme in fired:
            strength = min(1.0, weights[theme] / (2 * scorer.fire_min))
            cover[theme] = cover.get(theme, 0.0) + (e - s) * (0.5 + 0.5 * strength)
            ev = evidence.setdefault(theme, [])
            ev.extend(t for t in terms[theme] if t not in ev)
    scores = {t: _squash(cover[t] / total, scorer.cov_min) if cover[t] else 0.0 for t in scorer.themes}
    for t, n in sole.items():
        if t in scores and scorer.sole_score:
            scores[t] = max(scores[t], min(1.0, scorer.sole_score * n))
    if none_cover:
        scores = {t: round(s * min(1.0, cover[t] / none_cover), 4) for t, s in scores.items()}
    return scores, evidence


LEXICON = {"themes": {"farm": {"农业": 3, "农村": 2, "村": 1}, "ind": {"产业": 2, "产业链": 3, "工业": 3},
                      "none": {"A股": 3}},
           "contextual": {"ind": {"链": 2}}}


#: contextual terms of a theme the lexicon does not list, and of the none topics
LEXICON_ODD = {"themes": {"farm": {"农业": 3, "农村": 2.5, "村": 0.1}, "ind": {"产业": 1.5, "工业": 3}},
               "contextual": {"extra": {"链": 3}, "none": {"A股": 3}, "farm": {"农业": 1}}}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\u3000？!\t", max_size=40), min_size=1, max_size=4),
       st.sampled_from([0.0, 0.4]), st.sampled_from([LEXICON, LEXICON_ODD]),
       st.sampled_from([(3.0, 0.6), (1.0, 0.0), (2.5, 1.0)]))
def test_score_many_equals_the_plain_rule(texts: list[str], sole_score: float, lexicon: dict,
                                          rule: tuple[float, float]) -> None:
    fire_min, rel_min = rule
    scorer = LexiconThemeScorer(lexicon, sole_score=sole_score, sole_min_chars=3, fire_min=fire_min,
                                rel_min=rel_min)
    scorer.score_many([""])  # builds the scanner
    scorer._tables.scanner.min_chars = 0  # the array scan even for short texts
    got = scorer.score_many(texts)
    for text, (scores, evidence) in zip(texts, got, strict=True):
        want_scores, want_evidence = _plain_score(scorer, text)
        assert list(scores.items()) == list(want_scores.items())
        assert list(evidence.items()) == list(want_evidence.items())


def test_changed_rule_is_not_served_from_memory() -> None:
    scorer = LexiconThemeScorer(LEXICON)
    text = "发展农村产业。"
    scorer.score(text)
    scorer.fire_min = 1.0
    assert scorer.score(text) == _plain_score(scorer, text)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_round4_is_python_round(value: float) -> None:
    values = np.array([value, np.float32(value), value / 3])
    assert _round4(values).tolist() == [round(float(v), 4) for v in values]


def test_round4_halves() -> None:
    values = np.array([k / 20000 for k in range(0, 20001)] + [0.00005, 0.12345, 2.675e-4])
    assert _round4(values).tolist() == [round(float(v), 4) for v in values]


def test_word_ids_give_the_rows_of_the_feature_lists() -> None:
    texts = ["全省规上工业增加值增长8%，先进制造业集群加快壮大。", "", "新建学校12所，农村学校办学条件改善",
             "发展现代农业 发展现代农业", "的了和"]
    docs = [_word_features(t, (1, 2)) for t in texts]
    vocab = sorted({f for d in docs for f in d} - {"发展 现代农业"}) + ["未知 词"]
    vec = _Tfidf(vocab, np.linspace(1, 2, len(vocab)))
    fast, plain = vec.transform_words(texts, (1, 2)), vec.transform(docs)
    assert (fast != plain).nnz == 0
    assert fast.data.tobytes() == plain.data.tobytes()


def test_word_ids_with_words_outside_the_vocabulary() -> None:
    # n-grams over words the vocabulary lacks (id 0) must match nothing, in any position
    known = ["发展现代农业，建设美丽乡村", "推进乡村振兴，发展特色产业"]
    vocab = sorted({f for t in known for f in _word_features(t, (1, 3))})
    texts = ["发展数字农业，建设美丽乡村", "推进城乡融合，发展特色产业", "发展现代农业，建设美丽乡村"]
    vec = _Tfidf(vocab, np.linspace(1, 2, len(vocab)))
    fast, plain = vec.transform_words(texts, (1, 3)), vec.transform([_word_features(t, (1, 3)) for t in texts])
    assert (fast != plain).nnz == 0
    assert fast.data.tobytes() == plain.data.tobytes()


def test_default_model_evidence_and_scores_are_consistent() -> None:
    model = default_theme_model()
    texts = ["全省规上工业增加值增长8%，先进制造业集群加快壮大。", "农民收入持续增长，粮食产量再创新高。"]
    together = model.assign(texts)
    alone = [model.assign([t])[0] for t in texts]
    assert together == alone
    clf = model.classifier.assign(texts)
    assert all(set(a.evidence) == set(a.themes) for a in clf)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7]), min_size=3, max_size=3),
                min_size=1, max_size=5), st.sampled_from([0.5, 0.4]))
def test_decide_rows_equals_decide(rows: list[list[float]], threshold: float) -> None:
    from policytext.themes import _decide, _decide_rows

    names = ["a", "b", "c"]
    got = _decide_rows(np.array(rows), threshold)
    assert got is not None
    assert [[names[j] for j in r] for r in got] == [_decide(dict(zip(names, r, strict=True)), threshold)
                                                    for r in rows]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from([1e-30, 0.25, 0.5, 1.0, 3.5, 1e30, np.inf])),
                min_size=1, max_size=40))
def test_strongest_first_is_lexsort(cells: list[tuple[int, float]]) -> None:
    from policytext.themes import _strongest_first

    group = np.sort(np.array([g for g, _ in cells], dtype=np.int64))
    value = np.array([v for _, v in cells], dtype=np.float32)
    assert _strongest_first(group, value).tolist() == np.lexsort((-value, group)).tolist()


def test_blend_with_per_theme_thresholds_decides_by_the_plain_rule() -> None:
    from policytext.themes import BlendThemeModel, _decide

    model = default_theme_model()
    thresholds = {"industry": 0.3, "farmers": 0.9}
    blend = BlendThemeModel(model.lexicon, model.classifier, weight=model.weight, threshold=thresholds)
    texts = ["全省规上工业增加值增长8%，先进制造业集群加快壮大。", "农民收入持续增长，粮食产量再创新高。", "天气晴朗"]
    for a in blend.assign(texts):
        assert a.themes == _decide(a.scores, thresholds)
        assert set(a.evidence) == set(a.themes)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), min_size=1, max_size=30))
def test_leftmost_keeps_what_a_left_to_right_scan_keeps(spans: list[tuple[int, int]]) -> None:
    spans = sorted(spans)
    pos = np.array([p for p, _ in spans], dtype=np.int64)
    end = pos + np.array([n for _, n in spans], dtype=np.int64)
    want, last_end = [], 0
    for p, e in zip(pos.tolist(), end.tolist(), strict=True):
        want.append(p >= last_end)
        if want[-1]:
            last_end = e
    assert _TermScanner._leftmost(pos, end).tolist() == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=1e-9, max_value=1.0, allow_nan=False), min_size=1, max_size=20),
       st.sampled_from([0.25, 0.1, 0.5]))
def test_squash_many_is_squash(shares: list[float], cov_min: float) -> None:
    from policytext.themes import _squash, _squash_many

    got = _squash_many(np.array(shares), cov_min).tolist()
    assert got == [_squash(s, cov_min) for s in shares]


def test_squash_many_on_a_grid() -> None:
    from policytext.themes import _squash, _squash_many

    shares = [k / 997 for k in range(1, 998)] + [k / 20000 for k in range(1, 20001)]
    for cov_min in (0.25, 0.3):
        assert _squash_many(np.array(shares), cov_min).tolist() == [_squash(s, cov_min) for s in shares]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(-2**62, 2**62), max_size=60), st.lists(st.integers(-2**62, 2**62), max_size=30))
def test_int_table_finds_exactly_its_keys(keys: set[int], others: list[int]) -> None:
    from policytext.themes import _IntTable

    keys_ = sorted(keys)
    table = _IntTable(np.array(keys_, dtype=np.int64), np.arange(len(keys_)) * 3)
    queries = keys_ + others
    value = table.find(np.array(queries, dtype=np.int64), missing=-1)
    assert (value >= 0).tolist() == [q in keys for q in queries]
    assert value[: len(keys_)].tolist() == [3 * i for i in range(len(keys_))]


def test_int_table_with_crowded_slots() -> None:
    from policytext.themes import _IntTable

    keys = np.concatenate([np.arange(3000) << 52, np.arange(3000) + 10**9])  # many keys share a home slot
    table = _IntTable(keys, np.arange(len(keys)))
    queries = np.concatenate([keys, keys + 1, keys - 1])
    value = table.find(queries, missing=-1)
    known = set(keys.tolist())
    assert (value >= 0).tolist() == [q in known for q in queries.tolist()]
    assert value[: len(keys)].tolist() == list(range(len(keys)))


# --- token ids read from the text's code points (_ShortTokens) vs the dict memo (_TokenIds)

# figures (ASCII, full-width, Arabic-Indic digits), spaces, a non-BMP character, punctuation,
# stopwords, dropped-only characters, and words of the vocabulary below
TOKEN_PIECES = ["农业", "发展", "的", "了", "，", "。", "1", "12", "３", "٣", "2024", "3.5", "5%", "%", " ",
                "a", "A", "VT-4", "𠀀", "——", "…", "\x00", "0", "新", "词", "农", "和", "第"]
VOCAB = {"农业": 1, "发展": 2, "0": 3, "新词": 4, "0%": 5, "——": 6, "的": 7, "A": 8, "农业农村发展": 9, "a b": 10}


def _memo_ids(tokens: list[str], word_id: dict[str, int]) -> list[int]:
    from policytext.themes import _TokenIds

    memo = _TokenIds(word_id)
    return [memo[t] for t in tokens]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TOKEN_PIECES), min_size=1, max_size=5).map("".join), max_size=40))
def test_short_token_ids_are_the_memo_ids(tokens: list[str]) -> None:
    from policytext.themes import _ShortTokens, _TokenIds

    size = np.array([len(t) for t in tokens], dtype=np.int64)
    got = _ShortTokens(VOCAB).ids("".join(tokens), size, _TokenIds(VOCAB))
    assert got.tolist() == _memo_ids(tokens, VOCAB)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from([t for t in TOKEN_PIECES if t != "\x00"]), min_size=1, max_size=5)
                         .map("".join), max_size=12), max_size=6))
def test_ids_of_nul_joined_paragraphs_are_the_memo_ids(paragraphs: list[list[str]]) -> None:
    # the theme model's path: each paragraph's tokens joined by NUL, paragraphs joined by NUL
    from policytext.themes import _ShortTokens, _TokenIds

    joined = "\x00".join("\x00".join(p) for p in paragraphs if p)
    got = _ShortTokens(VOCAB).ids_of_joined(joined, _TokenIds(VOCAB))
    assert got.tolist() == _memo_ids([t for p in paragraphs for t in p], VOCAB)


def test_short_token_ids_table_cases() -> None:
    from policytext.themes import _ShortTokens, _TokenIds

    cases = [  # token, why
        ("农业", "a vocabulary word"), ("的", "a stopword, though in the vocabulary"), ("，", "punctuation"),
        ("12", "digits fold to 0"), ("３", "a full-width digit"), ("2024", "four digits"), ("20245", "five digits"),
        ("5%", "digits and a sign: folded by the memo"), ("a b", "a space"), ("𠀀", "beyond the BMP"),
        ("——", "a vocabulary word with no letter: dropped"), ("新词", "a two-character vocabulary word"),
        ("农业农村发展", "longer than four characters"), ("", "empty"), ("\x00\x00", "control characters"),
        ("词新", "unknown"),
    ]
    tokens = [t for t, _ in cases]
    size = np.array([len(t) for t in tokens], dtype=np.int64)
    got = _ShortTokens(VOCAB).ids("".join(tokens), size, _TokenIds(VOCAB)).tolist()
    want = _memo_ids(tokens, VOCAB)
    assert got == want, [(why, g, w) for (_, why), g, w in zip(cases, got, want, strict=True) if g != w]
    assert want[:4] == [1, -1, -1, 3] and want[10] == -1


def test_every_bmp_character_alone_has_the_memo_id() -> None:
    from policytext.themes import _ShortTokens, _token_id

    for vocab in (VOCAB, {}):
        short = _ShortTokens(vocab)
        want = [_token_id(chr(c), vocab) for c in range(0x10000)]
        assert short.single.tolist() == want


def test_default_model_reads_the_same_ids_as_the_memo() -> None:
    # the default model's vocabulary, on real tokens of the segmenter
    import gc

    from policytext.segment import default_segmenter
    from policytext.themes import _TokenIds, _WordIndex

    model = default_theme_model()
    text = "全省规上工业增加值增长8.5%，2024年新建学校12所；ＧＤＰ达到３万亿元 左右，“十四五”时期……"
    model.assign([text])
    index = next(o for o in gc.get_objects() if isinstance(o, _WordIndex))
    tokens = list(default_segmenter().cached_tokens(text))
    memo = _TokenIds(index.token_ids.word_id)
    assert index.ids(tokens).tolist() == [memo[t] for t in tokens]


def test_char_flags_are_the_per_character_rules() -> None:
    from policytext.themes import _char_flags

    digit = re.compile(r"\d")
    want = [(1 if chr(c).isalnum() else 0) | (2 if digit.match(chr(c)) else 0) | (4 if c == 0x20 else 0)
            for c in range(0x10000)]
    assert _char_flags().tolist() == want
