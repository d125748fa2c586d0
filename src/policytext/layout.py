"""Layout repair: turn the lines of a document into paragraphs with roles.

News and web text arrives broken: a photo caption block dropped into the middle of a
paragraph, list items on separate lines, bylines and decorations. This module finds
the paragraphs, gives each a ``role`` (``body``, ``heading``, ``caption``, ``byline``,
``other``) and rejoins a body paragraph that a caption block split. Nothing is dropped:
every non-blank line ends up in exactly one paragraph.

>>> from policytext.text import normalize
>>> t = "# 题目\\n\\n张三 李四\\n\\n正文第一段，说到“八大\\n\\n行动”等。\\n"
>>> [(p.role, t[p.start:p.end]) for p in find_paragraphs(t, normalize(t))]
[('heading', '# 题目'), ('byline', '张三 李四'), ('body', '正文第一段，说到“八大\\n\\n行动”等。')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from .document import Paragraph

__all__ = ["find_paragraphs"]

# A line ends a sentence (or a list item) when its last mark, closing quotes and brackets
# aside, is one of these. Lines hold no line break, so looking at the end is enough.
_CLOSERS = "”’」』）)"
_SENTENCE_MARKS = "。！？!?…"
_LIST_ITEM_MARKS = "；;"
_BYLINE = re.compile(
    r"^(?:(?:本报|新华社|人民网|央视网)?(?:记者|通讯员|特约记者|撰稿|作者|文|图|编辑|责任编辑)[ ：:/]"
    r"|——|—— )"
)
_NAMES_ONLY = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[ \u3000]+[\u4e00-\u9fff·]{2,4}){1,6}$")
_NUMBERED_HEADING = re.compile(r"^第[一二三四五六七八九十百零\d]+[章节编篇部分条]")
_CLAUSE_MARK = re.compile(r"[，。；！？,;]")
# The start of a numbered item or heading: never the continuation of a wrapped line.
_ITEM_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零\d]+[章节编篇部分条]|[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+(?:\.\d+)*[.、 ]|[①-⑳]|——|专栏|附件|图\s*\d|表\s*\d)"
)
# A line that can only continue the line before it: a unit or magnitude word cut from its
# number (``74.4⏎万亿元``), a copula cut from its subject (``主要预期目标⏎是：``), a closing mark.
_GLUED_START = re.compile(r"^(?:[万亿]|[元%‰]|(?:是|为)[：:]|[，、；：。）」』”’])")
_MIN_WRAPPED = 15
_MIN_WRAPPED_LINES = 5
_OFFICIAL_LINE = re.compile(r"^[\u4e00-\u9fff]{0,12}(?:总理|书记|省长|市长|主席|主任|区长|县长)[\u4e00-\u9fff \u3000]{1,5}$")
_CAPTION = re.compile(r"图为|^(?:航拍|图片|图：|图:|组图|资料图|摄影)|(?:摄|供图)[）)]?$")
_CREDIT = re.compile(r"^[（(].{0,40}(?:图片|摄影|供图|提供|来源|编辑|责编|记者).{0,20}[）)]$")
_SALUTATION = re.compile(r"^.{1,10}[：:]$")
# the first characters _BYLINE can match at; the longest line _OFFICIAL_LINE, _SALUTATION match
_BYLINE_FIRST = "本新人央记通特撰作文图编责—"
_MAX_OFFICIAL = 12 + 2 + 5
_MAX_SALUTATION = 11
# A fragment that cannot open a sentence: it continues a paragraph broken before it.
_CONTINUATION_START = re.compile(r"^(?:[等的了和与及或并而”’」』）)、，,；;。]|[^“‘「『（(]{0,12}[”’」』])")

_set: Final = object.__setattr__  # sets a field of a frozen dataclass (see _paragraph)

_MAX_HEADING = 40
_MAX_CAPTION = 60
_LOOKAHEAD = 6


@dataclass
class _Line:
    start: int
    end: int
    text: str
    norm: str  # the same span of the normalised text
    gap_before: int  # blank lines before this line
    role: str = "body"
    broken: bool = False  # stops mid-sentence (see _is_broken)


def _lines(text: str, norm: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = 0
    for start, raw in _raw_lines(text):
        body = raw.strip()  # the white space str.isspace knows
        if body:
            s = start + len(raw) - len(raw.lstrip())
            e = start + len(raw.rstrip())
            t = norm[s:e]
            lines.append(_Line(s, e, body, t, blank, broken=_is_broken(t)))
            blank = 0
        else:
            blank += 1
    return lines


def _raw_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` with its start offset, its line break left out (``\n``,
    ``\r\n`` or ``\r``); a text with ``\n`` breaks only is split without a regex scan."""
    if "\r" not in text:
        start = 0
        for raw in text.split("\n"):
            yield start, raw
            start += len(raw) + 1
        return
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        yield m.start(), m.group().rstrip("\r\n")
        if m.end() >= len(text):
            break


def _ends_with(t: str, marks: str) -> bool:
    """Whether the last character of ``t``, closing quotes and brackets set aside, is one
    of ``marks``.

    >>> _ends_with("要干好。”）", _SENTENCE_MARKS), _ends_with("目标；", _SENTENCE_MARKS), _ends_with("”", "。")
    (True, False, False)
    """
    last = t.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in marks


def _classify(line: _Line) -> str:
    # each rule runs only when a cheap test of its first or last character or its length
    # allows a match (the tests are what the patterns anchor on)
    t = line.norm
    n = len(t)
    first = t[0]
    if first == "#":
        return "heading"
    if first in "（(" and _CREDIT.match(t):
        return "other"
    if first == "第" and _NUMBERED_HEADING.match(t) and n <= _MAX_HEADING and not _CLAUSE_MARK.search(t):
        return "heading"
    # a byline has no clause punctuation: "——2024年3月5日在……会议上", not "——经济回升向好。……"
    if first in _BYLINE_FIRST and n <= _MAX_CAPTION and _BYLINE.match(t) and not _CLAUSE_MARK.search(t):
        return "byline"
    if (" " in t or "\u3000" in t) and _NAMES_ONLY.match(t):
        return "byline"
    if n <= _MAX_OFFICIAL and _OFFICIAL_LINE.match(t):
        return "byline"
    if n <= _MAX_CAPTION and ("图" in t or "摄" in t or "航" in t) and _CAPTION.search(t):
        return "caption"
    last = t[-1]
    if n <= _MAX_SALUTATION and last in "：:" and _SALUTATION.match(t):
        return "other"
    if n > _MAX_HEADING or _ends_with(t, _SENTENCE_MARKS + _LIST_ITEM_MARKS):
        return "body"
    balanced = t.count("“") <= t.count("”") and t.count("（") <= t.count("）")
    return "heading" if balanced else "body"


def _is_broken(t: str) -> bool:
    """A body line that stops mid-sentence: no terminal mark, or an open quote."""
    return not _ends_with(t, _SENTENCE_MARKS + _LIST_ITEM_MARKS) and not t.endswith(("：", ":"))


def _is_wrapped(line: _Line, wrap_width: int | None) -> bool:
    """A line cut by a fixed line width: mid-clause, and long enough or as long as the
    document's other cut lines."""
    t = line.norm
    if len(t) < _MIN_WRAPPED or not line.broken or t.startswith("#"):
        return False
    if t.endswith(("，", "、")) or _CLAUSE_MARK.search(t):
        return True
    return wrap_width is not None and abs(len(t) - wrap_width) <= 2


def _wrap_width(lines: list[_Line]) -> int | None:
    """The usual length of lines that stop mid-sentence, when a fixed width cut them."""
    # counted in a plain dict (Counter is Python code); the first length with the
    # highest count wins, as in Counter.most_common(1)
    lengths: dict[int, int] = {}
    for ln in lines:
        n = len(ln.norm)
        if n >= _MIN_WRAPPED and ln.broken:
            lengths[n] = lengths.get(n, 0) + 1
    width, count = 0, 0
    for n, c in lengths.items():
        if c > count:
            width, count = n, c
    return width if count >= _MIN_WRAPPED_LINES else None


def _is_lone_sentence(t: str) -> bool:
    inner = t[:-1]
    return len(t) <= _MAX_CAPTION and _ends_with(t, _SENTENCE_MARKS) and not re.search(r"[。！？；]", inner)


def find_paragraphs(text: str, norm: str) -> list[Paragraph]:
    """Find the paragraphs of ``text`` (``norm`` is its normalised form).

    Rules, applied in order:

    1. every non-blank line is a candidate; roles come from its shape (``#`` headings,
       short lines without a sentence end, bylines, ``图为`` captions, credits);
    2. a body line broken mid-sentence is rejoined with the first following line that
       reads as its continuation (``等。``, ``行动”；…``), and the short lone-sentence lines
       in between become captions;
    3. a short lone-sentence line after a gap of two or more blank lines, next to
       another caption or a broken paragraph, is a caption;
    2b. a line cut mid-clause by a fixed width (PDF extractions), or one that can only
       continue the line before it (``74.4⏎万亿元``), is joined to that line;
    4. body lines ending in ``；`` continue into the next body line (list items);
    5. short unpunctuated lines after the last body paragraph are decoration (``other``).
    """
    lines = _lines(text, norm)
    for ln in lines:
        ln.role = _classify(ln)

    merged_into: dict[int, int] = {}

    # 2. rejoin broken paragraphs across caption blocks
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.role == "body" and ln.broken:
            for j in range(i + 1, min(len(lines), i + 1 + _LOOKAHEAD)):
                cand = lines[j].norm
                if lines[j].role in ("body", "heading") and _CONTINUATION_START.match(cand):
                    between = range(i + 1, j)
                    if all(_is_lone_sentence(lines[k].norm) or lines[k].role == "caption" for k in between):
                        for k in between:
                            lines[k].role = "caption"
                        lines[j].role = "body"
                        merged_into[j] = i
                        break
                if lines[j].role == "body" and not _is_lone_sentence(cand):
                    break
        i += 1

    # 2b. hard-wrapped lines (text extracted from PDF): a line that stops mid-clause and
    # runs straight into the next line, with no blank line between, continues there
    wrap_width = _wrap_width(lines)
    for i in range(len(lines) - 1):
        a, b = lines[i], lines[i + 1]
        if (i + 1) in merged_into or b.gap_before:
            continue
        tb = b.norm
        glued = a.broken and bool(_GLUED_START.match(tb))
        if (glued or _is_wrapped(a, wrap_width)) and not _ITEM_START.match(tb) and not tb.startswith("#"):
            merged_into[i + 1] = i
            a.role = b.role = "body"

    # 3. isolated lone-sentence lines after a large gap, beside other captions
    for i, ln in enumerate(lines):
        if ln.role != "body" or i in merged_into:
            continue
        t = ln.norm
        if ln.gap_before >= 2 and _is_lone_sentence(t) and len(t) <= 40:
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is None or nxt.role in ("heading", "caption") or nxt.gap_before >= 2:
                ln.role = "caption"

    # 4. list items: a body line ending in "；" continues into the next body line
    for i in range(len(lines) - 1):
        if (i + 1) in merged_into:
            continue
        a, b = lines[i], lines[i + 1]
        if a.role == "body" and b.role == "body" and _ends_with(a.norm, _LIST_ITEM_MARKS):
            merged_into[i + 1] = i

    # 5. trailing decoration
    last_body = max((i for i, ln in enumerate(lines) if ln.role == "body"), default=-1)
    for ln in lines[last_body + 1 :]:
        if ln.role == "heading" and not ln.text.startswith("#") and not _ITEM_START.match(ln.text):
            ln.role = "other"

    # resolve merges (chains a<-b<-c) into groups of line indices
    root: dict[int, int] = {}
    for j in sorted(merged_into):
        r = merged_into[j]
        while r in root:
            r = root[r]
        root[j] = r
    by_root: dict[int, list[int]] = {}
    for i in range(len(lines)):
        r = root.get(i, i)
        by_root.setdefault(r, []).append(i)
    groups = [by_root[r] for r in sorted(by_root)]

    # markdown hard breaks ("  \n") join short heading/decoration lines into one block
    groups = _join_hard_breaks(groups, lines, text)

    paragraphs: list[Paragraph] = []
    for g in sorted(groups, key=lambda g: lines[g[0]].start):
        first, last = lines[g[0]], lines[g[-1]]
        pieces = tuple((lines[k].start, lines[k].end) for k in g)
        role = "body" if any(lines[k].role == "body" for k in g) else first.role
        paragraphs.append(_paragraph(len(paragraphs), first.start, last.end, role, _coalesce(pieces, text)))
    return paragraphs


def _paragraph(index: int, start: int, end: int, role: str, pieces: tuple[tuple[int, int], ...]) -> Paragraph:
    """``Paragraph(index, start, end, role, pieces)``, its fields set directly: the frozen
    dataclass's ``__init__`` is Python code that sets each field through a looked-up
    ``object.__setattr__``, a large share of building a short document.

    >>> _paragraph(0, 2, 5, "body", ((2, 5),)) == Paragraph(0, 2, 5, "body", ((2, 5),))
    True
    """
    p = object.__new__(Paragraph)
    _set(p, "index", index)
    _set(p, "start", start)
    _set(p, "end", end)
    _set(p, "role", role)
    _set(p, "pieces", pieces)
    return p


def _join_hard_breaks(groups: list[list[int]], lines: list[_Line], text: str) -> list[list[int]]:
    """Join a heading or decoration line to the one before it when only a markdown hard
    break (two spaces and a line break) separates them: they are one visual block."""
    out: list[list[int]] = []
    for g in groups:
        if out and len(g) == 1 and lines[g[0]].role in ("heading", "other"):
            prev = lines[out[-1][-1]]
            between = text[prev.end : lines[g[0]].start]
            if prev.role in ("heading", "other") and between.rstrip("\r\n").endswith("  ") and between.count("\n") + between.count("\r") - between.count("\r\n") == 1:
                out[-1].append(g[0])
                continue
        out.append(list(g))
    return out


def _coalesce(pieces: tuple[tuple[int, int], ...], text: str) -> tuple[tuple[int, int], ...]:
    """Merge adjacent pieces separated only by a single line break (one visual block)."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out and text[out[-1][1] : s].strip(" \t") in ("\n", "\r\n", "\r"):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)
