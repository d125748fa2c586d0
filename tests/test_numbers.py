"""Number parsing: Arabic, full-width, Chinese numerals, magnitudes, fractions, round words."""

from __future__ import annotations

import pytest

from policytext.numbers import (
    parse_arabic,
    parse_chinese,
    parse_fraction,
    parse_number,
    parse_round,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", 1234.5),
        ("１９８７", 1987.0),
        ("６．５", 6.5),
        ("0", 0.0),
        ("12", 12.0),
    ],
)
def test_arabic(text: str, value: float) -> None:
    assert parse_arabic(text) == value


@pytest.mark.parametrize("text", ["", "1,23", "abc", "1" * 40])
def test_arabic_rejects(text: str) -> None:
    assert parse_arabic(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0), ("十", 10), ("十四", 14), ("二十一", 21), ("一百零五", 105),
        ("两千三百", 2300), ("一万二千", 12000), ("三千万", 3e7), ("十万", 1e5),
        ("百亿", 1e10), ("万亿", 1e12), ("五千亿", 5e11), ("一亿二千万", 1.2e8),
        ("十二万三千四百五十六", 123456), ("一九八七", 1987), ("三点五", 3.5),
    ],
)  # fmt: skip
def test_chinese(text: str, value: float) -> None:
    assert parse_chinese(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["十四五", "万万", "十十", "十百", "abc"])
def test_chinese_rejects_non_numerals(text: str) -> None:
    assert parse_chinese(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9.3万", 93000), ("1.3万亿", 1.3e12), ("三千余万", 3e7), ("8000亿", 8e11),
        ("上千万", 1e7), ("数十", 10), ("几百", 100), ("一半", 0.5), ("三分之一", 1 / 3),
        ("百分之五", 0.05), ("3分之2", 2 / 3),
    ],
)  # fmt: skip
def test_parse_number_mixed(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_fraction_and_round_helpers() -> None:
    assert parse_fraction("一半") == 0.5
    assert parse_fraction("五分") is None
    assert parse_round("上百") == 100
    assert parse_round("百") is None
