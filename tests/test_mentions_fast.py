"""The one-scan gate of the mention rules finds something wherever a rule can match, and the
place/organisation walk gives what the rules say on made-up texts."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.mentions import (
    _any_rule,
    _data,
    _gate_texts,
    _group_regex,
    _rules,
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
        assert all(rx.search(text) is None for rx, _ in rules["slogan_patterns"])
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
        assert all(rx.search(text) is None for rx, _ in rules["slogan_patterns"])
        assert rules["quoted"].search(text) is None
