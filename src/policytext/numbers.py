"""Parse numbers as they are written in Chinese text.

Arabic numerals (``1,234.5``, full-width ``１９８７``, ``６．５``), Chinese numerals
(``两千三百``, ``一万二千``, ``十四``, ``零``), mixes with magnitude words (``9.3万``,
``1.3万亿``, ``百亿``, ``三千余万``), fractions (``一半``, ``三分之一``, ``百分之五``) and
round words (``上千万``, ``数十``).

>>> parse_number("9.3万")
93000.0
>>> parse_number("两千三百")
2300.0
>>> parse_number("三分之一")
0.3333333333333333
>>> parse_round("上千万")
10000000.0
"""

from __future__ import annotations

import json
import re
from importlib import resources

__all__ = [
    "CN_DIGITS",
    "MAGNITUDES",
    "parse_arabic",
    "parse_chinese",
    "parse_fraction",
    "parse_number",
    "parse_round",
    "to_ascii",
]

#: Chinese digit characters and their values.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

def _load_magnitudes() -> dict[str, float]:
    path = resources.files("policytext") / "data" / "facts" / "magnitudes.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    words = {k: float(v) for k, v in table.items() if not k.startswith("_")}
    return dict(sorted(words.items(), key=lambda kv: -len(kv[0])))


#: Magnitude words that may follow a number, longest first (data/facts/magnitudes.json).
MAGNITUDES: dict[str, float] = _load_magnitudes()

# Longest Arabic number we accept as a figure; longer digit runs are codes, not quantities.
_MAX_DIGITS = 24
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def to_ascii(s: str) -> str:
    """Fold full-width digits, ``．`` and ``，`` to ASCII.

    >>> to_ascii("６．５")
    '6.5'
    """
    return s.translate(_FULLWIDTH)


def parse_arabic(s: str) -> float | None:
    """``"1,234.5"`` → 1234.5; full-width accepted; ``None`` if not a plain Arabic number.

    >>> parse_arabic("１９８７")
    1987.0
    """
    s = to_ascii(s)
    if not _ARABIC_RE.fullmatch(s) or len(s) > _MAX_DIGITS:
        return None
    return float(s.replace(",", ""))


def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral (``两千三百``, ``一万二千``, ``十四``, ``三点五``, ``百亿``).

    Returns ``None`` for strings that are not a well-formed numeral (``十四五``).

    >>> parse_chinese("一万二千")
    12000.0
    >>> parse_chinese("十四五") is None
    True
    """
    if not s or len(s) > 32:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_chinese(whole) if whole else 0.0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{int(w)}.{''.join(str(CN_DIGITS[c]) for c in frac)}")
    if all(c in CN_DIGITS for c in s):  # digit-by-digit: 一九八七 / 二〇二三
        return float("".join(str(CN_DIGITS[c]) for c in s)) if len(s) > 1 else float(CN_DIGITS[s])
    total = 0.0  # finished 亿 sections
    section = 0.0  # current section below 亿
    group = 0.0  # current group below 万
    digit: int | None = None
    last_small = 10_000  # size of the last small unit in the group (to reject 十四五)
    last_big = 10**12  # size of the last big unit (万, 亿)
    for c in s:
        if c in CN_DIGITS:
            if digit is not None and CN_DIGITS[c] != 0 and digit != 0:
                return None  # two digits in a row (十四五's 四五)
            digit = CN_DIGITS[c]
        elif c in _SMALL_UNITS:
            unit = _SMALL_UNITS[c]
            if unit >= last_small:
                return None
            group += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
        elif c in _BIG_UNITS:
            unit = _BIG_UNITS[c]
            group += digit or 0
            digit = None
            if unit == 1e8:
                if last_big <= 1e8 and section == 0 and group == 0 and total:
                    total *= 1e8  # 万亿: a magnitude applied to the whole
                else:
                    total = (total + section + group or 1) * unit
                section = 0.0
            else:
                if last_big <= 1e4:
                    return None
                section = (group or 1) * unit
            group = 0.0
            last_small = 10_000
            last_big = unit
        else:
            return None
    group += digit or 0
    return float(total + section + group)


def parse_fraction(s: str) -> float | None:
    """``一半`` → 0.5; ``三分之一`` / ``3分之1`` / ``1/3`` → 1/3; ``百分之五`` → 0.05.

    >>> parse_fraction("百分之五")
    0.05
    """
    if s == "一半":
        return 0.5
    if "/" in s:  # 1/4 written with a slash: numerator first
        num_s, _, den_s = s.partition("/")
        num, den = parse_number(num_s), parse_number(den_s)
        return num / den if num is not None and den and num < den else None
    den_s, sep, num_s = s.partition("分之")
    if not sep:
        return None
    den = 100.0 if den_s == "百" else parse_number(den_s)
    num = parse_number(num_s)
    if not den or num is None:
        return None
    return num / den


def parse_round(s: str) -> float | None:
    """Round words ``上千万`` → 1e7, ``数十`` → 10, ``几百`` → 100, ``上百`` → 100.

    The value is the lower bound; the caller adds the ``over`` qualifier.

    >>> parse_round("数十")
    10.0
    """
    if len(s) < 2 or s[0] not in "上数几":
        return None
    return MAGNITUDES.get(s[1:])


def parse_number(s: str) -> float | None:
    """Parse any numeral form this module knows; ``None`` if it is not a number.

    A trailing magnitude word multiplies (``1.3万亿`` → 1.3e12); ``余``/``多`` inside
    (``三千余万``) are ignored (they are qualifiers).

    >>> parse_number("1.3万亿")
    1300000000000.0
    >>> parse_number("三千余万")
    30000000.0
    >>> parse_number("６．５")
    6.5
    """
    s = to_ascii(s.strip()).replace("余", "").replace("多", "")
    if not s:
        return None
    if "分之" in s or s == "一半" or "/" in s:
        return parse_fraction(s)
    if s[0] in "上数几" and len(s) > 1 and s[1:] in MAGNITUDES:
        return parse_round(s)
    m = _ARABIC_RE.match(s)
    if m:
        base = parse_arabic(m.group())
        rest = s[m.end():]
        if base is None:
            return None
        if not rest:
            return base
        mag = MAGNITUDES.get(rest)
        return base * mag if mag else None
    value = parse_chinese(s)
    if value is not None:
        return value
    # a Chinese numeral followed by a magnitude word (三千万 is already handled; 三千余万 → 三千 + 万)
    for word, mag in MAGNITUDES.items():
        if s.endswith(word) and len(s) > len(word):
            head = parse_chinese(s[: -len(word)])
            if head is not None:
                return head * mag
    return None
