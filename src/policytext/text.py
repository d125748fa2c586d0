"""Length-preserving text normalisation and sentence splitting.

Every function here keeps offsets: ``normalize(s)`` returns a string of exactly
``len(s)`` characters, so a span found in the normalised text indexes the original
text unchanged.

>>> normalize("２０２３年增长６．５％, 约1,234.5亿元")
'2023年增长6.5%， 约1,234.5亿元'
>>> split_sentences("今年增长5%。明年增长6%！")
[(0, 7), (7, 14)]
"""

from __future__ import annotations

import re

__all__ = ["normalize", "split_sentences", "is_cjk", "strip_span"]

_FULLWIDTH_OFFSET = 0xFEE0

# Full-width ASCII punctuation that keeps its Chinese form after normalisation: the
# parsers downstream expect the Chinese marks, so only digits, letters and the marks
# that behave like ASCII inside numbers are folded to ASCII.
_KEEP_FULLWIDTH = set("，：；（）！？")

_SPACE_LIKE = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}

_DASHES_TO_HYPHEN = {"\uff0d", "\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "\ufe63"}


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if ch in _SPACE_LIKE:
        return " "
    if ch in _DASHES_TO_HYPHEN:
        return "-"
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - _FULLWIDTH_OFFSET)
    return ch


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def normalize(text: str) -> str:
    """Return ``text`` with full-width forms folded, of exactly the same length.

    * full-width digits, letters, ``％``, ``．``, ``－`` and similar become ASCII;
    * NBSP, ideographic and other odd spaces become an ASCII space;
    * an ASCII ``,`` is kept only as a thousands separator (``1,234``); elsewhere it is
      Chinese punctuation and becomes ``，``; likewise ``:`` becomes ``：`` and ``;``
      becomes ``；`` unless they stand between digits (``10:30``);
    * ``.`` after a CJK character and not before a digit becomes ``。``;
    * ``!`` / ``?`` become ``！`` / ``？``.

    Line breaks (``\\r``, ``\\n``) are left alone.

    >>> normalize("５月伊始,钱塘区")
    '5月伊始，钱塘区'
    """
    chars = [_fold_char(ch) for ch in text]
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch not in ",:;.!?":
            continue
        prev = chars[i - 1] if i > 0 else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        if ch == ",":
            if _is_digit(prev) and _thousands_group_follows(chars, i + 1):
                continue
            chars[i] = "，"
        elif ch == ":":
            if _is_digit(prev) and _is_digit(nxt):
                continue
            chars[i] = "："
        elif ch == ";":
            chars[i] = "；"
        elif ch == ".":
            if prev and is_cjk(prev) and not _is_digit(nxt):
                chars[i] = "。"
        elif ch == "!":
            chars[i] = "！"
        elif ch == "?":
            chars[i] = "？"
    out = "".join(chars)
    assert len(out) == len(text)
    return out


def _thousands_group_follows(chars: list[str], j: int) -> bool:
    """True when exactly three digits start at ``j`` (``1,234`` but not ``5,12``)."""
    if j + 3 > len(chars):
        return False
    if not all(_is_digit(c) for c in chars[j : j + 3]):
        return False
    return j + 3 == len(chars) or not _is_digit(chars[j + 3])


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (the common and extension-A blocks)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


# Sentence ends: Chinese and ASCII terminal marks (ASCII ones were folded by normalize),
# optionally followed by closing quotes/brackets. "；" ends a sentence too (list items).
_SENTENCE_END = re.compile(r"[。！？；…]+[”’」』）)]*|\n+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans ``(s, e)`` (absolute offsets).

    ``text`` should be normalised (see :func:`normalize`) so that ASCII marks used as
    Chinese punctuation are recognised; a ``.`` between digits never ends a sentence.
    Leading and trailing white space is trimmed from each span; empty spans are dropped.

    >>> split_sentences("增长6.5%。其中：A；B")
    [(0, 7), (7, 12), (12, 13)]
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        span = strip_span(text, pos, m.end() if m.group()[0] != "\n" else m.start())
        if span:
            spans.append(span)
        pos = m.end()
    tail = strip_span(text, pos, end)
    if tail:
        spans.append(tail)
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` past surrounding white space; ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
