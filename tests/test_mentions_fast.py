"""The one-scan gate of the mention rules finds something wherever a rule can match, and the
place/organisation walk gives what the rules say on made-up texts."""

from __future__ import annotations

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policytext.mentions import (
    _TITLE,
    _any_rule,
    _data,
    _gate_texts,
    _group_regex,
    _numbered_slogan,
    _rules,
    _slogans,
    extract_mentions,
)

_SLOGANS = json.loads(_data("slogans.json"))
_ALPHABET = "“”《》+0123456789一二两三四五六七八九十百千万双个大共同确立时期规划，。农民工国务院省市区"


def _gate_regex(pattern: str) -> re.Pattern[str]:
    texts = _gate_texts(pattern)
    assert texts is not None
    return re.compile("|".join(re.escape(s) + x for s, x in texts))


@given(st.text(alphabet=_ALPHABET, max_size=40))
@settings(max_examples=400)
def test_each_slogan_gate_finds_every_match(text: str) -> None:
    for pattern in [*_SLOGANS["patterns"], _SLOGANS["quoted"]["pattern"]]:
        if re.search(pattern, text):
            assert _gate_regex(pattern).search(text), (pattern, text)


@given(st.text(alphabet=_ALPHABET, max_size=40))
@settings(max_examples=400)
def test_any_rule_gate_finds_every_rule(text: str) -> None:
    gate = _any_rule()
    assert gate is not None
    if gate.search(text) is None:
        rules = _rules()
        assert "《" not in text
        assert _group_regex().search(text) is None
        assert rules["slogan_lexicon"].search(text) is None
        assert rules["org_lexicon"].search(text) is None
        assert all(rx.search(text) is None for rx, _, _ in rules["slogan_patterns"])
        assert rules["quoted"].search(text) is None


def test_gate_texts_of_shapes() -> None:
    assert _gate_texts("“\\d+”") == [("“", "\\d")]
    assert _gate_texts("(?:甲|乙)丙?") == [("甲", ""), ("乙", "")]
    assert _gate_texts("甲|乙?") is None  # a branch with an empty way through: no gate
    assert _gate_texts("(?i)ab") is None


def test_texts_without_gate_hit_keep_place_and_org_rules() -> None:
    text = "杭州市农业农村局召开会议，钱塘区开展培训。"
    assert _any_rule().search(text) is None  # type: ignore[union-attr]
    found = [(m.kind, m.name) for m in extract_mentions(text)]
    assert ("organization", "杭州市农业农村局") in found


@given(st.text(alphabet=_ALPHABET, max_size=40))
@settings(max_examples=400)
def test_slogan_gate_finds_every_slogan_rule(text: str) -> None:
    rules = _rules()
    if rules["slogan_any"].search(text) is None:
        assert rules["slogan_lexicon"].search(text) is None
        assert all(rx.search(text) is None for rx, _, _ in rules["slogan_patterns"])
        assert rules["quoted"].search(text) is None


def _walk_by_heads(text: str) -> list[tuple[str, int, int]]:
    """The place/organisation walk as first written (head indices, then start offsets):
    the reference for the one-pass walk of ``_places_and_orgs``."""
    from policytext.mentions import _NS, _NT, _NT_ALONE, _PLACE, _org_tail, _place_state

    rules, table, segmenter = _place_state()
    out: list[tuple[str, int, int]] = []
    for m in rules["org_lexicon"].finditer(text):
        if text[m.end() : m.end() + 1] != "门":
            out.append(("organization", m.start(), m.end()))
    lexicon_orgs = len(out)
    words = segmenter.cached_tokens(text)

    def has(w: str, flag: int) -> bool:
        return bool(table.roles.get(w, 0) & flag)

    heads_at = [i for i, w in enumerate(words) if w in table.roles]
    starts = [len("".join(words[:i])) for i in heads_at]
    n, generic = len(words), rules["place_generic"]
    heads: list[tuple[int, int, int]] = []
    nt_heads: list[tuple[int, int, int]] = []
    resume = 0
    for i, a in zip(heads_at, starts, strict=True):
        w = words[i]
        e = a + len(w)
        if has(w, _NT):
            nt_heads.append((a, i, e))
        if i < resume:
            continue
        resume = i + 1
        if has(w, _NS) and i + 1 < n:
            nxt = words[i + 1]
            if nxt in table.suffix and w + nxt not in generic:
                out.append(("place", a, e + len(nxt)))
                heads.append((a, i + 1, e + len(nxt)))
                resume = i + 2
                continue
            if nxt[0] in table.suffix and nxt not in table.tagged and w + nxt[0] not in generic:
                out.append(("place", a, e + 1))
                heads.append((a, i + 1, e + len(nxt)))
                continue
        if has(w, _PLACE):
            out.append(("place", a, e))
            heads.append((a, i, e))
    for a, k, e in heads + nt_heads:
        end = _org_tail(words, k, e, table.max_org_tokens, rules)
        if end is not None:
            out.append(("organization", a, end))
        elif has(words[k], _NT_ALONE):
            s = e - len(words[k])
            if not any(s < y and x < e for _, x, y in out[:lexicon_orgs]):
                out.append(("organization", s, e))
    return out


_PLACE_PIECES = ["杭州", "市", "钱塘", "区", "江湾", "区有", "浙江", "省", "农业农村", "局", "中科院", "医学",
                 "所", "人民政府", "国务院", "召开", "会议", "，", "。", "深圳", "圳", "的", "新华社", "县", "镇"]


@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=14))
@settings(max_examples=300)
def test_one_pass_walk_gives_the_head_walk(pieces: list[str]) -> None:
    from policytext.mentions import _places_and_orgs

    text = "".join(pieces)
    assert _places_and_orgs(text) == _walk_by_heads(text)


@given(st.text(alphabet=_ALPHABET + "“一个共同十四五规划", max_size=40))
@settings(max_examples=400)
def test_no_rule_match_opens_before_the_gate_first_find(text: str) -> None:
    """The scans start at the one-scan gate's first find: nothing of theirs opens before it."""
    hit = _any_rule().search(text)  # type: ignore[union-attr]
    if hit is None:
        return
    first, rules = hit.start(), _rules()
    for rx in (_TITLE, _group_regex(), rules["org_lexicon"], rules["slogan_any"], rules["slogan_lexicon_gate"]):
        assert all(m.start() >= first for m in rx.finditer(text)), (rx.pattern[:40], text)
    assert all(m.start() >= first - 1 for m in rules["slogan_lexicon"].finditer(text)), text


@given(st.text(alphabet=_ALPHABET + "“一个共同十四五规划", max_size=40))
@settings(max_examples=400)
@example("农民工说，“十四五”规划和七五期间，十一个共同与“两个确立”，“1+1+6”与3+2+1年")
@example("一个共同十四五规划“十四五”")
def test_slogan_windows_find_what_whole_scans_find(text: str) -> None:
    """_slogans scans windows from the gates' first finds: the same matches as whole scans."""
    rules = _rules()
    whole = [m.span() for m in rules["slogan_lexicon"].finditer(text)]
    for rx, _, _ in rules["slogan_patterns"]:
        whole += [m.span() for m in rx.finditer(text)]
    whole += [m.span() for m in rules["quoted"].finditer(text) if _numbered_slogan(m.group(1), rules)]
    hit = _any_rule().search(text)  # type: ignore[union-attr]
    found = [m.span() for m in _slogans(text, rules, hit.start())] if hit else []
    assert sorted(found) == sorted(whole), text
