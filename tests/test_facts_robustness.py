"""extract_facts never raises, keeps offsets, and stays linear on pathological input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.facts import extract_facts
from policytext.text import normalize

# characters the rules care about, so random text hits many code paths
_ALPHABET = st.sampled_from(
    list("0123456789０１２３.,．%％‰-－—~至到约近超过余多以上下左右万亿千百十一二两三四五六七八九零")
    + list("元美亿个名家项人次吨亩公里平方米倍百分点排名第首位居分别和、，。；：“”《》（）\n 年月日增长下降比")
)


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_never_raises_and_offsets_hold(text: str) -> None:
    for view in (text, normalize(text)):
        for f in extract_facts(view, date="2024-03-05", context_year=2023):
            assert view[f.start:f.end] == f.text
            assert f.start < f.end
            assert f.value == f.value  # not NaN


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode(text: str) -> None:
    for f in extract_facts(text):
        assert text[f.start:f.end] == f.text


def _cost(make, n: int) -> float:
    """Best of three runs (CPU seconds of this process) of extract_facts on make(n)."""
    text = make(n)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        extract_facts(text)
        best = min(best, time.process_time() - t0)
    return best


_PATHOLOGICAL = {
    "digits": lambda n: "增长" + "1" * n + "元",
    "approx": lambda n: "约" * n + "5%",
    "fenbie": lambda n: "、".join(f"指标{i % 10}" for i in range(n // 8)) + "分别为"
    + "、".join(f"{i % 97}亿元" for i in range(n // 8)) + "。",
    "long_line": lambda n: ("全市生产总值增长5.2%，新建学校12所，" * (n // 20))[:n],
    "chinese_run": lambda n: "一" * n + "个",
    "quotes": lambda n: "“" * n + "1" + "”" * 3,
}


def test_pathological_inputs_scale_linearly() -> None:
    # no timing limit: the cost of a four times longer input must not blow up. Linear is ~4x,
    # quadratic ~16x; the wide gap between them keeps a loaded machine from failing the test
    # (doubling the input, 2x against 4x, did under load)
    for name, make in _PATHOLOGICAL.items():
        small, large = _cost(make, 10_000), _cost(make, 40_000)
        assert large < 9 * small + 0.05, (name, small, large)


def test_pathological_inputs_at_full_size() -> None:
    facts = extract_facts("1" * 200_000)
    assert facts == []
    assert extract_facts("约" * 100_000) == []
    items = 20_000
    text = "、".join(f"项目{i}" for i in range(items)) + "分别投资" + "、".join(f"{i + 1}亿元" for i in range(items)) + "。"
    facts = extract_facts(text)
    assert len(facts) == items
    sentence = "各地坚持稳中求进工作总基调，统筹推进发展和安全，持续改善民生福祉，全市生产总值增长5.2%。"
    line = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    facts = extract_facts(line)
    assert len(facts) == 1_000_000 // len(sentence)
    assert all(line[f.start:f.end] == f.text for f in facts[:100])
