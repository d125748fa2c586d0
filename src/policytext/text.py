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
import sys
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["normalize", "split_sentences", "sentence_spans", "is_cjk", "trie_pattern", "fast_compile", "GatedPattern"]

_FULLWIDTH_OFFSET = 0xFEE0

# Full-width ASCII punctuation that keeps its Chinese form after normalisation: the
# parsers downstream expect the Chinese marks, so only digits, letters and the marks
# that behave like ASCII inside numbers are folded to ASCII.
_KEEP_FULLWIDTH = set("，：；（）！？")

_SPACE_LIKE = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}

_DASHES_TO_HYPHEN = {"\uff0d", "\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "\ufe63"}


def _fold_table() -> dict[int, str]:
    table = {ord(ch): " " for ch in _SPACE_LIKE}
    table.update({ord(ch): "-" for ch in _DASHES_TO_HYPHEN})
    for code in range(0xFF01, 0xFF5F):
        if chr(code) not in _KEEP_FULLWIDTH and code not in table:
            table[code] = chr(code - _FULLWIDTH_OFFSET)
    # ASCII marks that are always Chinese punctuation
    table.update({ord(";"): "；", ord("!"): "！", ord("?"): "？"})
    return table


_FOLD = {chr(k): v for k, v in _fold_table().items()}
_FOLDABLE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_FOLD)) + "]")


def _fold(m: re.Match[str]) -> str:
    return _FOLD[m.group()]

# ``,`` unless it is a thousands separator (a digit before, exactly three digits after);
# ``:`` unless it stands between digits (``10:30``); ``.`` after a CJK character and not
# before a digit
_CONTEXT_MARK = re.compile(
    r",(?:(?<![0-9],)|(?![0-9]{3}(?![0-9])))|:(?:(?<![0-9]:)|(?![0-9]))"
    r"|\.(?<=[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]\.)(?![0-9])"
)
_CHINESE_MARK = {",": "，", ":": "：", ".": "。"}


def _chinese_mark(m: re.Match[str]) -> str:
    return _CHINESE_MARK[m.group()]


def normalize(text: str) -> str:
    """Return ``text`` with full-width forms folded, of exactly the same length.

    * full-width digits, letters, ``％``, ``．``, ``－`` and similar become ASCII;
    * NBSP, ideographic and other odd spaces become an ASCII space;
    * an ASCII ``,`` is kept only as a thousands separator (``1,234``); elsewhere it is
      Chinese punctuation and becomes ``，``; likewise ``:`` becomes ``：`` and ``;``
      becomes ``；`` unless they stand between digits (``10:30``);
    * ``.`` after a CJK character and not before a digit becomes ``。``;
    * ``!`` / ``?`` become ``！`` / ``？``.

    Line breaks (``\\r``, ``\\n``) are left alone. Two regular expressions: one folds single
    characters, one rewrites the marks whose reading depends on their neighbours.

    >>> normalize("５月伊始,钱塘区")
    '5月伊始，钱塘区'
    """
    out = _CONTEXT_MARK.sub(_chinese_mark, _FOLDABLE.sub(_fold, text))
    assert len(out) == len(text)
    return out


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (the common and extension-A blocks)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


# A sentence: from a non-space character through a run of terminal marks (Chinese and
# ASCII ones, the latter folded by normalize) and any closing quotes or brackets after it;
# or a run that a line break or the end of the text cuts off, trailing white space left
# out. "；" ends a sentence too (list items). One scan finds the trimmed spans directly.
_ENDS = "。！？；…"
_SENTENCE = re.compile(
    rf"[^\s{_ENDS}][^{_ENDS}\n]*[{_ENDS}]+[”’」』）)]*"  # text, then its terminal marks
    rf"|[{_ENDS}]+[”’」』）)]*"  # terminal marks alone
    rf"|[^\s{_ENDS}](?:[^{_ENDS}\n]*[^\s{_ENDS}])?"  # text cut off by a line break or the end
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans ``(s, e)`` (absolute offsets).

    ``text`` should be normalised (see :func:`normalize`) so that ASCII marks used as
    Chinese punctuation are recognised; a ``.`` between digits never ends a sentence.
    Leading and trailing white space is trimmed from each span; empty spans are dropped.

    >>> split_sentences("增长6.5%。其中：A；B")
    [(0, 7), (7, 12), (12, 13)]
    >>> split_sentences(" 第一句！” \\n 第二句 \\n")
    [(1, 6), (9, 12)]
    """
    return [m.span() for m in _SENTENCE.finditer(text, start, len(text) if end is None else end)]


def sentence_spans(views: list[str], starts: list[int]) -> list[tuple[int, int, int]]:
    """The sentences of a document's paragraph views as ``(start, end, k)``: absolute offsets
    (``starts[k]`` is where ``views[k]`` starts) and the position ``k`` of the view, in text
    order (sorted by start, then end; ties keep view order), as :func:`split_sentences`
    finds them in each view.

    >>> sentence_spans(["甲。乙。", "丙"], [0, 10])
    [(0, 2, 0), (2, 4, 0), (10, 11, 1)]
    >>> sentence_spans(["甲。  乙。", "图"], [0, 2])  # a caption inside a rejoined paragraph
    [(0, 2, 0), (2, 3, 1), (4, 6, 0)]
    """
    out: list[tuple[int, int, int]] = []
    ordered = True
    last_s = last_e = -1
    for k in range(len(views)):
        base = starts[k]
        for m in _SENTENCE.finditer(views[k]):
            s: int = base + m.start()
            e: int = base + m.end()
            if s < last_s or (s == last_s and e < last_e):
                ordered = False
            last_s, last_e = s, e
            out.append((s, e, k))
    if not ordered:  # sort() is stable: ties keep view order
        out.sort(key=_span_key)
    return out


def _span_key(x: tuple[int, int, int]) -> tuple[int, int]:
    return x[0], x[1]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest first, built as a trie.

    Equivalent to ``"|".join(sorted(words, key=len, reverse=True))`` (escaped) — at a given
    position the longest word that matches wins, and shorter ones are tried on backtracking
    — but Python's ``re`` scans it far faster: it branches on one character at a time
    instead of trying every word in turn.

    >>> trie_pattern(["生产", "生产总值", "生活"])
    '生(?:产(?:总值)?|活)'
    >>> re.findall(trie_pattern(["生产", "生产总值"]), "生产总值和生产")
    ['生产总值', '生产']
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        if word:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = True

    def build(node: dict[str, Any], root: bool = False) -> str:
        leaves = sorted(ch for ch, child in node.items() if ch and child == {"": True})
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items())
                if ch and child != {"": True}]
        if len(leaves) == 1 or root:
            # at the root every branch opens with a literal, so that ``re`` can skip ahead
            # to the characters that start a word
            alts.extend(re.escape(ch) for ch in leaves)
        elif leaves:
            alts.append("[" + "".join(re.escape(ch) for ch in leaves) + "]")
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else f"{body}?"

    if not trie:
        return "(?!)"
    firsts = sorted(trie)
    if len(firsts) <= _TRIE_BUCKET:
        return build(trie, root=True)
    # many first characters: ``re`` would try the root's branches one by one at every
    # candidate position, so the branches are grouped, each group behind a look-ahead on
    # its first characters (two or three times faster for a lexicon of ~900 words)
    groups = []
    for i in range(0, len(firsts), _TRIE_BUCKET):
        chars = firsts[i : i + _TRIE_BUCKET]
        groups.append(f"(?={_char_class(chars)})" + build({ch: trie[ch] for ch in chars}, root=True))
    return f"(?={_char_class(firsts)})(?:" + "|".join(groups) + ")"


#: first characters per group in a large :func:`trie_pattern`
_TRIE_BUCKET = 48


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


# --------------------------------------------------------------------------- fast rules


def _group_end(pattern: str, i: int) -> int:
    """Index just past the group that opens at ``pattern[i] == "("`` (escapes and classes skipped)."""
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _literal_first(pattern: str) -> str:
    """The same regular expression with its leading look-behinds moved after its first
    character when that is a plain literal: ``(?<!努)力争`` → ``力(?<!(?:努)力)争``.

    ``re`` scans for a pattern's first literal very fast, but tries a pattern that opens
    with a look-behind at every position.

    >>> _literal_first("(?<![即必])(?<!首次)将(?=[\\u4e00-\\u9fff])")
    '将(?<!(?:[即必])将)(?<!(?:首次)将)(?=[\\u4e00-\\u9fff])'
    """
    behinds, i = [], 0
    while pattern.startswith(("(?<!", "(?<="), i):
        end = _group_end(pattern, i)
        behinds.append((pattern[i : i + 4], pattern[i + 4 : end - 1]))
        i = end
    if not behinds or i >= len(pattern) or not ("\u4e00" <= pattern[i] <= "\u9fff"):
        return pattern
    if pattern[i + 1 : i + 2] in ("?", "*", "+", "{"):
        return pattern  # the character is optional or repeated
    first = pattern[i]
    return first + "".join(f"{kind}(?:{body}){first})" for kind, body in behinds) + pattern[i + 1 :]


def _case_sensitive_tree(pattern: str) -> Any:
    """``pattern`` parsed by ``re._parser`` (the tree :func:`_needles` and
    :func:`finite_words` read), or ``None`` when it does not parse or ignores case (its
    literals would not be the strings it matches).

    >>> _case_sensitive_tree("年内") is not None, _case_sensitive_tree("(?i)ab"), _case_sensitive_tree("(")
    (True, None, None)
    """
    from re import _parser  # type: ignore[attr-defined]

    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None
    return None if tree.state.flags & re.IGNORECASE else tree


def _needles(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (from its literal parts,
    look-arounds and optional parts ignored), or None when there is no such small set.

    >>> _needles("(?:(?:主要)?预期|奋斗)?目标(?:任务)? ?(?:是|为)|主要指标[，,]?：")
    ('主要指标', '目标')
    >>> _needles("已经|已(?!有)|累计|截至|以来|了") is None
    True
    """
    from re import _constants as c  # type: ignore[attr-defined]

    def seq(items: Any) -> set[str] | None:
        options: list[set[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero width: the characters around it are still adjacent
            if run:
                options.append({"".join(run)})
                run = []
            found: set[str] | None = None
            if op is c.SUBPATTERN and not av[1]:  # a group without inline flags
                found = seq(av[3])
            elif op is c.IN and all(o is c.LITERAL for o, _ in av):  # 个|大 parses as [个大]
                found = {chr(v) for _, v in av}
            elif op is c.BRANCH:
                alts = [seq(a) for a in av[1]]
                found = None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                found = seq(av[2])
            if found:
                options.append(found)
        if run:
            options.append({"".join(run)})
        # the rarest set: long needles, few of them; a needle holding another is redundant
        options = [{n for n in o if not any(m != n and m in n for m in o)} for o in options]
        pool = [o for o in options if len(o) <= 4] or options
        return max(pool, key=lambda o: (min(map(len, o)), -len(o))) if pool else None

    tree = _case_sensitive_tree(pattern)
    found = None if tree is None else seq(tree)
    return tuple(sorted(found)) if found and len(found) <= 4 else None


def longest_match(pattern: str) -> int | None:
    """The most characters a match of ``pattern`` can span (look-arounds and anchors read
    characters but span none), or ``None`` when matches have no bound.

    >>> longest_match(r"(?:增长|下降)了?(?<!新)$"), longest_match("“?(?:十[四五]五)”?(?=规划)"), longest_match(r"\\d+")
    (3, 5, None)
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    width = int(_parser.parse(pattern).getwidth()[1])
    return None if width >= c.MAXREPEAT - 1 else width


def finite_words(pattern: str, limit: int = 8) -> tuple[str, ...] | None:
    """The strings ``pattern`` can match, when they are at most ``limit`` non-empty literal
    strings (look-arounds and anchors ignored: they only narrow the matches, so every
    match is one of these strings), else None. Unlike :func:`_needles`, a literal is
    joined to the alternatives after it: ``年(?:内|之内)`` gives ``年内``, ``年之内``, not ``年``.

    >>> finite_words("年(?:内|之内|左右时间)")
    ('年之内', '年内', '年左右时间')
    >>> finite_words("要(?<!(?:[主需])要)(?![求素])"), finite_words("到(?:明年)?底")
    (('要',), ('到底', '到明年底'))
    >>> finite_words(r"\\d+年") is None, finite_words("a?") is None
    (True, True)
    """
    from re import _constants as c  # type: ignore[attr-defined]

    def seq(items: Any) -> list[str] | None:
        words = [""]
        for op, av in items:
            alts: list[str] | None = None
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero width
            if op is c.LITERAL:
                alts = [chr(av)]
            elif op is c.SUBPATTERN and not av[1]:  # a group without inline flags
                alts = seq(av[3])
            elif op is c.IN and all(o is c.LITERAL for o, _ in av):
                alts = [chr(v) for _, v in av]
            elif op is c.BRANCH:
                parts = [seq(a) for a in av[1]]
                alts = None if any(p is None for p in parts) else [w for p in parts for w in p or ()]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
                body = seq(av[2])
                alts = None if body is None else ["", *body]
            if alts is None:
                return None
            words = [w + a for w in words for a in alts]
            if len(words) > limit:
                return None
        return words

    tree = _case_sensitive_tree(pattern)
    found = None if tree is None else seq(tree)
    if not found or "" in found:
        return None
    return tuple(sorted(set(found)))


class GatedPattern:
    """A compiled rule that skips the regular expression when the text lacks every string
    a match must contain (a few ``str.find`` calls are far cheaper than a regex scan, and
    most rules fire in few paragraphs). Same methods and results as ``re.Pattern``."""

    def __init__(self, rx: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.rx, self.needles, self.pattern = rx, needles, rx.pattern

    def _present(self, text: str, pos: int, endpos: int) -> bool:
        if pos == 0 and endpos >= len(text):
            for n in self.needles:
                if n in text:
                    return True
            return False
        for n in self.needles:
            if text.find(n, pos, endpos) >= 0:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.search(text, pos, endpos) if self._present(text, pos, endpos) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.match(text, pos, endpos) if self._present(text, pos, endpos) else None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.fullmatch(text, pos, endpos) if self._present(text, pos, endpos) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, pos, endpos) if self._present(text, pos, endpos) else iter(())

    def sub(self, repl: str, text: str) -> str:
        return self.rx.sub(repl, text) if self._present(text, 0, len(text)) else text


def fast_compile(pattern: str) -> re.Pattern[str] | GatedPattern:
    """``re.compile`` of ``pattern``, made faster to scan without changing its matches:
    leading look-behinds move after the first literal (:func:`_literal_first`), and where
    every match needs one of a few strings the regex is skipped on texts that lack them
    (:class:`GatedPattern`).

    >>> rx = fast_compile("(?<!努)力争|确保")
    >>> rx.pattern, rx.needles, [m.group() for m in rx.finditer("力争确保努力争取")]
    ('力(?<!(?:努)力)争|确保', ('力争', '确保'), ['力争', '确保'])
    """
    rx = re.compile(_literal_first(pattern))
    needles = _needles(pattern)
    return GatedPattern(rx, needles) if needles else rx
