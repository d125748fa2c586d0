"""The cheap tests that let the fact engine skip a regex call never skip a match.

Each gate (a first-character set, a needed word, a length bound, a search window, the
look-ahead that drops lone Chinese numerals from the atom scan) is checked against the
plain pattern on generated strings made of the characters and words the rules are
written with, so that matches are frequent.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.facts import _advance, _masked, _rules, _tail_start

_LEX = json.loads((resources.files("policytext") / "data" / "facts" / "lexicon.json").read_text(encoding="utf-8"))
_R = _rules()

# pieces the generated strings are made of: words of the lexicons, numerals, units,
# punctuation and a few plain characters
_WORDS = sorted(
    set(_LEX["time_after"]) | set(_LEX["time_after_unit"]) | set(_LEX["indicator_leading"])
    | set(_LEX["cumulative_words"]) | set(_LEX["indicator_trailing"]) | set(_LEX["object_cut_verbs"])
    | set(_LEX["weak_periods"]) | set(_R.units) | set(_R.pre_q) | set(_R.post_q)
    | set(_LEX["change_cues"]["positive"]) | set(_LEX["change_cues"]["negative"])
    | set("0123456789０１２一二两三四五六七八九十百千万亿零〇多余来半上数几大年月日季度今去明近来前全第")
    | {"分之", "、", "和", "及", "以及", "，", "。", " ", "\n", "/", "-", "至", "到", "约", "超过", "比", "较",
       "去年同期", "上半年", "“", "”", "的", "企业", "资金", "产值", "值", "率", "增速", "新"}
)
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=14).map("".join)


def _starts_ok(first: frozenset[str] | None, digit: bool, ch: str) -> bool:
    return first is None or ch in first or (digit and ch.isdecimal())


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_first_character_gates(text: str) -> None:
    r = _R
    for pos in range(len(text) + 1):
        ch = text[pos: pos + 1]
        if r.time_after.match(text, pos):
            assert ch in r.time_after_first, (text, pos)
        if r.time_after_unit.match(text, pos):
            assert ch in r.time_after_unit_first, (text, pos)
        phrase = text[pos:]
        if r.period.match(phrase):
            assert _starts_ok(r.period_first, r.period_first_digit, ch), phrase
        if r.lead.match(phrase):
            assert ch in r.lead_first, phrase


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_word_and_length_gates(text: str) -> None:
    r = _R
    if r.cumulative.search(text):
        assert r.cumulative_core is None or r.cumulative_core in text
    for lo in range(len(text)):
        for hi in range(lo, min(len(text), lo + 8) + 1):
            if r.list_join.match(text[lo:hi]):
                assert hi - lo <= r.list_join_max, text[lo:hi]


def test_list_join_bound_is_tight() -> None:
    assert _R.list_join.match(" 以及 \n") and len(" 以及 \n") == _R.list_join_max


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_tail_windows_find_the_same_match(text: str) -> None:
    r = _R
    for rx, width in ((r.trail, r.trail_width), (r.change_tail, r.change_width),
                      (r.object_cut, r.object_cut_width)):
        for lo in range(0, len(text), 3):
            phrase = text[lo:]
            plain = rx.search(phrase)
            fast = rx.search(phrase, _tail_start(phrase, width))
            assert (plain and (plain.span(), plain.groups())) == (fast and (fast.span(), fast.groups())), (rx.pattern, phrase)


# the look-ahead after a lone Chinese numeral, and the atom without it
_LONE = re.compile(r"\(\?\(pre\)\|\(\?=\[(?:\\.|[^\]\\])*\]\)\)")
_ATOM_PLAIN = re.compile(_LONE.sub("", _R.atom.pattern))


def test_atom_has_the_lone_numeral_look_ahead() -> None:
    assert len(_LONE.findall(_R.atom.pattern)) == 1


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_lone_numeral_look_ahead_keeps_matches(text: str) -> None:
    got = [(m.span(), m.groups()) for m in _R.atom.finditer(text)]
    want = [(m.span(), m.groups()) for m in _ATOM_PLAIN.finditer(text)]
    assert got == want, text


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(1, 200), max_size=20), st.lists(st.integers(0, 220), max_size=12))
def test_advance_is_bisect_for_ordered_positions(ends: set[int], positions: list[int]) -> None:
    bounds = [0, *sorted(ends)]
    k = 0
    for pos in sorted(positions):
        k = _advance(bounds, k, pos)
        assert k == bisect_right(bounds, pos) - 1, (bounds, pos)


_NONFACT_TEXT = st.lists(st.sampled_from(sorted(
    set(_LEX["slogan_patterns"][:26]) | set("0123456789:：+版图表第首届次时分附一二三十大个项AGPDx ，。、")
    | {"编号", "专栏", "方案", "全会", "会议", "全国", "“", "”", "《", "》", "12", "3.5", "10时30分"})), max_size=16).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NONFACT_TEXT)
def test_window_needle_search_keeps_the_mask(text: str) -> None:
    r = _R
    for s in range(len(text)):
        for e in range(s + 1, min(len(text), s + 4) + 1):
            plain = _masked(text, s, e, r)
            assert _masked(text, s, e, r, find_needles=True) == plain, (text, s, e)
