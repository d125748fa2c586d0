"""Numeric facts: the figures of a paragraph with value, unit, indicator and period.

A single compiled regular expression finds candidate quantities (a number with its
magnitude word, unit and adjacent qualifiers); ranks (``排名第一``, ``居全省首位``) have
their own pattern. Each candidate is then checked against the non-fact rules (dates,
durations, ages, ordinals, slogans, class words, numbers in ``《》`` titles), and given
its quantity kind, sign, indicator (the phrase naming what is measured), period and
year. All lexicons live in ``data/facts/*.json``.

>>> [(f.text, f.value, f.unit, f.quantity, f.indicator)
...  for f in extract_facts("全市生产总值达到1.2万亿元，同比增长6%。")]
[('1.2万亿元', 1200000000000.0, 'CNY', 'amount', '生产总值'), ('6%', 6.0, '%', 'change', '生产总值')]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from typing import Any, Final

from .numbers import MAGNITUDES, parse_fraction, parse_number, parse_round
from .text import longest_match, trie_pattern

__all__ = ["Fact", "extract_facts"]


@dataclass
class Fact:
    """One figure: value, unit, what it measures, period and qualifier."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    quantity: str = "count"
    qualifier: str | list[str] | None = None
    indicator: str | None = None
    period: str | None = None
    year: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The SPEC.md fields of this fact (without doc-level fields).

        An explicit dict: ``dataclasses.asdict`` deep-copies every field and is slow.
        """
        q = self.qualifier
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "value_high": self.value_high, "unit": self.unit, "quantity": self.quantity,
                "qualifier": list(q) if isinstance(q, list) else q, "indicator": self.indicator,
                "period": self.period, "year": self.year}


# ---------------------------------------------------------------------------------------
# lexicons and patterns (built once)

_CN: Final = "零〇一二两三四五六七八九十百千万亿"
_INF: Final = float("inf")
_CN_SMALL: Final = "一二两三四五六七八九十"
_MAG_CHARS: Final = frozenset("十百千万亿")
_CJK = r"\u4e00-\u9fff"


_ATOM_GROUPS = ("pre", "num", "single", "more", "mag", "more2", "mag3", "sep", "num2", "mag2", "big", "unit", "per", "post")
# numbers of the atom groups the scan asks positions of (a number is cheaper than a name)
_NUM: Final = 2
_MORE: Final = 4
_MAG: Final = 5
_MORE2: Final = 6
_NUM2: Final = 9
_MAG2: Final = 10
_BIG: Final = 11


# The atom's last part: a match that is one Chinese numeral alone (``一`` of ``统一``: group
# ``single`` set, no other group but ``num``) fails. Such a match is never a figure (``_scan``
# drops bare Chinese numerals), and as it is one character long the scan resumes at the next
# position either way: the other matches are the same, and ``_scan`` sees ~12k fewer per 1.5M
# characters. Everything after ``num`` is optional, so the failure backtracks to no match.
_ONE_CHAR_FAILS = "(?(single)" + "".join(
    f"(?({g})|" for g in ("pre", "more", "mag", "more2", "mag3", "sep", "big", "unit", "per", "post")) \
    + "(?!)" + ")" * 11


def _load(name: str) -> dict[str, Any]:
    path = resources.files("policytext") / "data" / "facts" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _first_chars(pattern: str, digits: str = "0-9") -> str | None:
    r"""Characters that can start a match of ``pattern`` (as a regex class body), if simple.

    ``digits`` is what a leading ``\d`` stands for. A leading group of alternatives
    (``(?:编号|代码)``) gives the first characters of its branches.

    >>> _first_chars("“?十[一二]五")
    '“十'
    >>> _first_chars(r"(?:编号|(?<!地)图) ?\d+")
    '编图'
    """
    if pattern.startswith("\\d"):
        return digits
    if pattern.startswith("["):
        return pattern[1: pattern.index("]")] if "]" in pattern else None
    if pattern.startswith(("(?<!", "(?<=")) and ")" in pattern:  # a simple look-behind first
        return _first_chars(pattern[pattern.index(")") + 1:], digits)
    if pattern.startswith("“?"):
        rest = _first_chars(pattern[2:], digits)
        return None if rest is None else "“" + rest
    if pattern.startswith("(?:"):
        branches = _group_branches(pattern)
        if branches is None:
            return None
        firsts = [_first_chars(b, digits) for b in branches]
        return None if any(f is None for f in firsts) else "".join(firsts)  # type: ignore[arg-type]
    if not pattern or pattern[0] in "()\\.^$*+?{|":
        return None
    return re.escape(pattern[0])


def _group_branches(pattern: str) -> list[str] | None:
    r"""The top-level branches of the ``(?:…)`` group ``pattern`` opens, or ``None`` if the
    group may match nothing (it is followed by ``?``, ``*`` or ``{``) or is not simple.

    >>> _group_branches(r"(?:专栏|附(?:件|表)) ?\d+")
    ['专栏', '附(?:件|表)']
    """
    depth, start, i, branches = 0, 3, 3, []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return None
            i = close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == ")":
            branches.append(pattern[start:i])
            if pattern[i + 1: i + 2] in ("?", "*", "{") or not all(branches):
                return None
            return branches
        elif ch == "|" and not depth:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return None


def _scan_fast(patterns: list[str], digits: str = "0-9") -> re.Pattern[str]:
    """One alternation of ``patterns`` behind a look-ahead on their first characters.

    The look-ahead lets the regex engine skip the positions no pattern can start at,
    which makes scanning several times faster; it does not change what matches as long
    as ``digits`` covers what ``\\d`` matches in the text.
    """
    body = "|".join(f"(?:{p})" for p in patterns)
    firsts = [_first_chars(p, digits) for p in patterns]
    if any(f is None for f in firsts):
        return re.compile(body)
    return re.compile(f"(?=[{''.join(firsts)}])(?:{body})")  # type: ignore[arg-type]


def _last_chars(words: list[str], patterns: list[str]) -> frozenset[str] | None:
    """Characters a match of the alternation of literal ``words`` and regex ``patterns``
    can end with; ``None`` if a pattern does not end with a plain CJK character (or holds
    an alternation).

    >>> sorted(_last_chars(["比重", "水平"], ["(?<![人户])均"]))
    ['\\n', '均', '平', '重']
    """
    ends = [w[-1] for w in words if w]
    for p in patterns:
        if len(p) < 2 or not "\u4e00" <= p[-1] <= "\u9fff" or p[-2] == "\\" or "|" in p:
            return None
        ends.append(p[-1])
    return None if len(ends) < len(words) + len(patterns) else frozenset(ends) | {"\n"}


def _max2(a: int, b: int) -> int:
    """``max`` of two positions: compiled, a native call (``builtins.max`` is a generic one).

    >>> _max2(0, -3), _max3(4, 9, 2), _min2(5, 7)
    (0, 9, 5)
    """
    return a if a >= b else b


def _max3(a: int, b: int, c: int) -> int:
    """``max`` of three positions (see :func:`_max2`)."""
    m = a if a >= b else b
    return m if m >= c else c


def _min2(a: int, b: int) -> int:
    """``min`` of two positions (see :func:`_max2`)."""
    return a if a <= b else b


def _max_width(pattern: str) -> int:
    """The most characters a match of ``pattern`` can span (:func:`~policytext.text.longest_match`);
    a huge number if unbounded.

    >>> _max_width(r"(?:增长|下降)了?(?<!新)$"), _max_width(r"\\d+") > 10**6
    (3, True)
    """
    width = longest_match(pattern)
    return width if width is not None else 1 << 40  # longer than any text held in memory


def _tail_start(s: str, width: int) -> int:
    """Where a search of a ``$``-anchored pattern whose matches span at most ``width``
    characters can start in ``s``: a match ends at its end or before a final newline,
    so none starts earlier (look-behinds still see the characters before).

    >>> _tail_start("全市地区生产总值", 3), _tail_start("增长", 3)
    (4, 0)
    """
    return _max2(0, len(s) - width - 1)


def _gate(words: Any) -> str:
    """A look-ahead on the first characters of the literal ``words``: put before their
    alternation, it lets the regex engine reject a position with one test instead of
    trying every word (the matches are the same).

    >>> _gate(["以上", "左右", "多"])
    '(?=[以多左])'
    """
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words if w}))) + "])"


def _firsts(words: list[str], extra: str = "") -> frozenset[str]:
    """First characters of the non-empty literal ``words``, plus ``extra`` (those of
    optional parts put before their alternation).

    >>> sorted(_firsts(["年", "月份"], "多"))
    ['多', '年', '月']
    """
    assert all(words), "an empty word would match anywhere"
    return frozenset(w[0] for w in words) | frozenset(extra)


def _common_core(words: list[str]) -> str | None:
    """The shortest of ``words`` if every word holds it, else ``None``: a text without it
    holds none of the words.

    >>> _common_core(["累计", "共计累计"]), _common_core(["累计", "共计"])
    ('累计', None)
    """
    core = min(words, key=len) if words else ""
    return core if core and all(core in w for w in words) else None


def _lookahead_chars(pattern: str) -> tuple[frozenset[str] | None, bool]:
    r"""The characters the look-ahead ``(?=[…])`` that opens ``pattern`` admits, and whether
    ``\d`` is among them (any decimal digit: ``str.isdecimal``, as ``re`` tests it);
    ``(None, False)`` if ``pattern`` does not open with such a look-ahead.

    >>> chars, digit = _lookahead_chars(r"(?=[今0-2\d])(?:今年|\d+)")
    >>> sorted(chars), digit
    (['0', '1', '2', '今'], True)
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    tree = _parser.parse(pattern)
    if tree.state.flags & (re.ASCII | re.IGNORECASE) or not len(tree) or tree[0][0] is not c.ASSERT or tree[0][1][0] != 1 or len(tree[0][1][1]) != 1:
        return None, False
    op, av = tree[0][1][1][0]
    digit = False
    if op is c.IN:  # \d (Unicode digits in a str pattern) is told apart, the rest read as a class
        rest = [(o, v) for o, v in av if not (o is c.CATEGORY and v is c.CATEGORY_DIGIT)]
        digit, av = len(rest) < len(av), rest
    chars = _class_chars(op, av, 0x110001)  # ranges of any width
    return (None, False) if chars is None else (frozenset(chars), digit)


def _alt(words: Any) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _class_chars(op: Any, av: Any, widest: int) -> set[str] | None:
    """The characters one item of a parsed pattern (``re._parser``) matches when it is a
    literal or a character class of literals and of ranges narrower than ``widest`` code
    points; ``None`` for anything else (categories, negated classes, other items).

    >>> from re import _parser
    >>> sorted(_class_chars(*_parser.parse("[0-2年]")[0], 64))
    ['0', '1', '2', '年']
    >>> _class_chars(*_parser.parse("[\\\\d年]")[0], 64) is None
    True
    """
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.LITERAL:
        return {chr(av)}
    if op is not c.IN:
        return None
    out: set[str] = set()
    for o, v in av:
        if o is c.LITERAL:
            out.add(chr(v))
        elif o is c.RANGE and v[1] - v[0] < widest:
            out.update(chr(x) for x in range(v[0], v[1] + 1))
        else:
            return None
    return out


def _needles(pattern: str) -> set[str] | None:
    """Strings one of which every match of ``pattern`` contains, from its literal parts
    (look-arounds and optional parts ignored); ``None`` when no such set is found.

    A character class of up to 64 characters counts as its characters, and the last
    repetition of a repeated one adjoins what follows: ``[一二]+大`` needs ``一大`` or ``二大``.

    >>> sorted(_needles("(?<![一二])[一二]{1,3}大(?![项类])"))
    ['一大', '二大']
    >>> sorted(_needles(r"(?:编号|电话)[:：]? ?\\d+"))
    ['电话', '编号']
    >>> _needles(r"\\d+") is None
    True
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def chars(op: Any, av: Any) -> set[str] | None:
        found = _class_chars(op, av, 64)
        return found if found is not None and len(found) <= 64 else None

    def _words(op: Any, av: Any) -> set[str] | None:
        """The texts of a group of plain literal alternatives (``(?:全国|中央)``)."""
        if op is c.SUBPATTERN and not av[1] and len(av[3]) == 1:
            op, av = av[3][0]
        if op is not c.BRANCH:
            return None
        out: set[str] = set()
        for alt in av[1]:
            if not alt or any(o is not c.LITERAL for o, _ in alt):
                return None
            out.add("".join(chr(v) for _, v in alt))
        return out

    def seq(items: Any) -> set[str] | None:
        options: list[set[str]] = []
        run: set[str] = {""}
        for op, av in items:
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero width: the characters around it are still adjacent
            one = chars(op, av)
            if one is not None:
                longer = {a + b for a in run for b in one}
                if len(longer) > 64:
                    options.append(run)
                    longer = one
                run = longer
                continue
            repeated = chars(*av[2][0]) if (op is c.MAX_REPEAT or op is c.MIN_REPEAT) and av[0] >= 1 \
                and len(av[2]) == 1 else None
            if repeated is not None:  # x+ : its first copy ends the run, its last one opens the next
                options.append({a + b for a in run for b in repeated} if len(run) * len(repeated) <= 64 else run)
                run = repeated
                continue
            words = _words(op, av)
            if words is not None and len(run) * len(words) <= 256:  # (?:全国|中央): a run goes on
                run = {a + b for a in run for b in words}
                continue
            options.append(run)
            run = {""}
            found: set[str] | None = None
            if op is c.SUBPATTERN and not av[1]:  # a group without inline flags
                found = seq(av[3])
            elif op is c.BRANCH:
                alts = [seq(a) for a in av[1]]
                found = None if any(a is None for a in alts) else set().union(*alts)  # type: ignore[arg-type]
            elif (op is c.MAX_REPEAT or op is c.MIN_REPEAT) and av[0] >= 1:
                found = seq(av[2])
            if found:
                options.append(found)
        options.append(run)
        pool = [o for o in options if o and "" not in o]
        return max(pool, key=lambda o: (min(map(len, o)), -len(o))) if pool else None

    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None
    return None if tree.state.flags & re.IGNORECASE else seq(tree)


def _reach(pattern: str) -> int | None:
    r"""How many characters from its start a match attempt of ``pattern`` can read at most
    (look-aheads included), or ``None`` if unbounded or anchored: a scan that only wants
    the matches starting at or before ``pos`` can stop at ``pos + reach + 1``.

    >>> _reach(r"(?:今年|\d{4}年)(?:底|末)?"), _reach(r"\d{1,2}月(?=[，,])"), _reach(r"\d+")
    (6, 4, None)
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def seq(items: Any) -> int | None:
        total = 0
        for op, av in items:
            one: int | None
            if op is c.ASSERT or op is c.ASSERT_NOT:
                one = 0 if av[0] < 0 else seq(av[1])  # a look-behind reads before the start only
            elif op is c.BRANCH:
                alts = [seq(a) for a in av[1]]
                one = None if any(a is None for a in alts) else max(alts)  # type: ignore[type-var]
            elif op is c.SUBPATTERN:
                one = seq(av[3])
            elif op is c.MAX_REPEAT or op is c.MIN_REPEAT:
                body = seq(av[2])
                one = None if body is None or av[1] == c.MAXREPEAT else av[1] * body
            elif op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
                one = 1
            else:  # anchors, group references, …: no bound claimed
                return None
            if one is None:
                return None
            total += one
        return total

    return seq(_parser.parse(pattern))


def _end_chars(pattern: str) -> frozenset[str] | None:
    r"""Characters a match of ``pattern`` can end with (``"\n"`` added: ``$`` also matches
    before a final newline), or ``None`` if unknown or if it can match an empty string.

    >>> sorted(_end_chars(r"\d{4}年(?:底|末)?|今天(?:（[^）]{1,10}）)?"))
    ['\n', '天', '年', '底', '末', '）']
    >>> _end_chars(r"\d+") is None
    True
    """
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def item(op: Any, av: Any) -> tuple[set[str], bool] | None:  # (end characters, may be empty)
        if op is c.LITERAL or op is c.IN:
            found = _class_chars(op, av, 256)
            return None if found is None else (found, False)
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            return set(), True
        if op is c.SUBPATTERN:
            return seq(av[3])
        if op is c.BRANCH:
            chars: set[str] = set()
            empty = False
            for alt in av[1]:
                one = seq(alt)
                if one is None:
                    return None
                chars |= one[0]
                empty = empty or one[1]
            return chars, empty
        if op is c.MAX_REPEAT or op is c.MIN_REPEAT:
            body = seq(av[2])
            return None if body is None else (body[0], av[0] == 0 or body[1])
        return None

    def seq(items: Any) -> tuple[set[str], bool] | None:
        chars: set[str] = set()
        listed: list[tuple[Any, Any]] = list(items)
        for k in range(len(listed) - 1, -1, -1):
            one = item(*listed[k])
            if one is None:
                return None
            chars |= one[0]
            if not one[1]:
                return chars, False
        return chars, True

    found = seq(_parser.parse(pattern))
    return None if found is None or found[1] else frozenset(found[0]) | {"\n"}


def _needle_scan(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex for the needles of all ``patterns`` (see :func:`_needles`): a text span
    holding no match of it holds no match of any pattern. ``None`` if a pattern has none.

    Its branches (one per first character) all open with a literal, so that ``re`` skips
    to the positions where a needle starts (the look-aheads ``trie_pattern`` puts before
    many first characters would make it try every position).

    >>> _needle_scan(["第\\\\d+", "(?:编号|代码) ?\\\\d+", "附(?:件|表)?"]).pattern
    '代码|第|编号|附'
    """
    needles: set[str] = set()
    for p in patterns:
        found = _needles(p)
        if found is None:
            return None
        needles |= found
    needles = {n for n in needles if not any(m != n and m in n for m in needles)}  # 附 covers 附件
    by_first: dict[str, list[str]] = {}
    for n in needles:
        by_first.setdefault(n[0], []).append(n)
    return re.compile("|".join(trie_pattern(words) for _, words in sorted(by_first.items())))


class _Rules:
    """Compiled lexicons and patterns."""

    def __init__(self) -> None:
        units = _load("units.json")
        lex = _load("lexicon.json")
        self.units: dict[str, tuple[str, str]] = {}
        self.factors: dict[str, float] = {}  # 三成 → 30 %
        for kind, quantity in (("money", "amount"), ("percent", "percent"),
                               ("multiple", "change"), ("measure", "measure")):
            for surface, (norm, factor) in units[kind].items():
                self.units[surface] = (norm, quantity)
                if factor != 1:
                    self.factors[surface] = factor
        for surface in units["count"]:
            self.units.setdefault(surface, (surface, "count"))
        self.count_units = set(units["count"])
        self.pre_q: dict[str, str | None] = lex["prefix_qualifiers"]
        self.post_q: dict[str, str] = lex["suffix_qualifiers"]
        cues = lex["change_cues"]
        self.neg_cues = set(cues["negative"])
        arabic = r"(?<![\d.,])[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
        cn = f"(?<![{_CN}])[{_CN}]+"
        # the same, marking a lone numeral (group ``single``): see _ONE_CHAR_FAILS. Without
        # a prefix, a lone numeral makes a match only if one of the groups after ``num``
        # matches, and each of those starts with one of these characters (or a space):
        # the look-ahead drops the other lone numerals (一 of 统一) before the engine tries
        # every optional group and backtracks out of them (the matches are the same)
        follow = "".join(sorted(set("多余来 万千百十亿-－—–~～〜至到大/")
                                | {u[0] for u in self.units} | {q[0] for q in self.post_q}))
        cn_one = f"(?<![{_CN}])[{_CN}](?:(?![{_CN}])(?P<single>)(?(pre)|(?=[{re.escape(follow)}]))|[{_CN}]+)"
        mag = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![瓦克米]))"
        frac = (rf"(?:[{_CN}]{{1,6}}|\d{{1,6}})分之(?:[{_CN}]{{1,6}}|\d{{1,6}}(?:\.\d{{1,6}})?)"
                rf"|(?<![\d./])[1-9]\d?/[1-9]\d{{0,2}}(?![\d/])")
        round_ = f"[上数几](?:{_alt(k for k in MAGNITUDES if k != '十亿')})"
        post = _alt(self.post_q)
        unit_alt = self._unit_alt(lex["unit_not_before"])
        starts = re.escape("".join(sorted({k[0] for k in self.pre_q})))
        # look-aheads on first characters (the overall one, and before the number, the
        # prefix, magnitude, range, unit and suffix alternatives) only spare the engine
        # trying alternatives that cannot match: the matches are the same
        self.atom = re.compile(
            rf"(?=[{starts}0-9０-９{_CN}上数几])"
            rf"(?:{_gate(self.pre_q)}(?P<pre>{_alt(k for k in self.pre_q)}))?"
            rf"(?=[\d{_CN}上数几])(?P<num>{frac}|一半|{round_}|{arabic}|{cn_one})"
            rf"(?P<more>[多余]|来(?=[个块名人家位次天元斤吨条万千亿]))?(?: ?(?=[万千百十亿])(?P<mag>{mag}))?(?P<more2>[多余])?(?P<mag3>(?<=万[多余])亿)?"
            rf"(?:(?=[ \-－—–~～〜至到])(?P<sep> ?(?:-|－|—{{1,2}}|–|~|～|〜|至|到) ?)(?P<num2>{arabic}|{cn})(?P<mag2>{mag})?)?"
            rf"(?P<big>大)?(?: ?{_gate(self.units)}(?P<unit>{unit_alt}))?(?:/(?P<per>{unit_alt}|年|月|日|天|人|户|小时))?"
            rf"(?:{_gate(self.post_q)}(?P<post>{post}))?"
            rf"{_ONE_CHAR_FAILS}"
        )
        # _candidate unpacks m.groups() in this order (one call instead of one per group)
        assert tuple(self.atom.groupindex) == _ATOM_GROUPS, self.atom.groupindex
        assert [self.atom.groupindex[g] for g in ("num", "more", "mag", "more2", "num2", "mag2", "big")] \
            == [_NUM, _MORE, _MAG, _MORE2, _NUM2, _MAG2, _BIG]
        self.range_sep = re.compile(r" ?(?:-|－|—{1,2}|–|~|～|〜|至|到) ?")
        rank_verbs = _alt(lex["rank_verbs"])
        rank_firsts = re.escape("".join(sorted({w[0] for w in lex["rank_verbs"]})) + "第")
        self.rank = re.compile(  # the look-ahead skips positions no branch can start at
            rf"(?=[{rank_firsts}])(?:(?P<verb>{rank_verbs})(?P<scope>[^\s，。；、：！？“”第首\d{_CN_SMALL}]{{0,8}}?)"
            rf"(?:第(?P<n>\d{{1,3}}|[{_CN_SMALL}]{{1,3}})(?P<pos>位|名)?|(?P<first>首位))"
            rf"|第(?P<n2>\d{{1,3}}|[{_CN_SMALL}]{{1,3}})(?:大|(?P<pos2>[位名]))(?![{_CJK}])"
            rf"|第(?P<n3>\d{{1,3}}|[{_CN_SMALL}]{{1,3}})大(?=[{_CJK}]))"
        )
        self.time_after = re.compile(rf"(?:个)?(?:多|半)?(?:{_alt(lex['time_after'])})")
        self.time_after_unit = re.compile(rf"(?:多|半)?(?:{_alt(lex['time_after_unit'])})")
        # characters a match of time_after / time_after_unit can start with: a figure
        # followed by another character needs no match attempt
        self.time_after_first = _firsts(lex["time_after"], "个多半")
        self.time_after_unit_first = _firsts(lex["time_after_unit"], "多半")
        self.nonfact = _scan_fast(lex["nonfact_patterns"] + lex["slogan_patterns"], digits=r"\d")
        # a window without a match of this has no non-fact match: _masked skips its scan
        self.nonfact_needles = _needle_scan(lex["nonfact_patterns"] + lex["slogan_patterns"])
        self.period = _scan_fast(lex["period_patterns"])
        # the characters its first look-ahead admits (a phrase opening otherwise holds no
        # period at its start) and whether ``\d`` is among them
        self.period_first, self.period_first_digit = _lookahead_chars(self.period.pattern)
        self.period_full = re.compile(f"(?:{self.period.pattern})$")
        self.period_reach = _reach(self.period.pattern)  # None: unbounded
        self.period_last = _end_chars(self.period.pattern)  # None: unknown
        self.mask_quote = re.compile(r"“[^“”\n]{1,12}”|《[^《》\n]{0,80}》")
        self.any_number = re.compile(rf"[0-9０-９{_CN}半首]")
        self.has_num = re.compile(rf"[\d{_CN_SMALL}百千万亿]")
        self.bare_stop = set(lex["bare_stop_after"])
        self.ind_stop = set(lex["indicator_stop"])
        self.cut = re.compile(_alt(lex["indicator_cut_words"]))
        self.adjectives = tuple(lex["adjective_before_de"])
        trailing = "|".join([_alt(lex["indicator_trailing"]), *lex["indicator_trailing_patterns"]])
        bases = _alt(lex["change_bases"])
        cue = _alt(cues["positive"] + cues["negative"])
        self.change_tail = re.compile(
            rf"(?:(?:{bases})|[比较][^，。；、]{{1,12}}?)?(?:分别)?(?<!新)(?P<cue>{cue})了?(?:约|近|超过|超)?$"
        )
        self.level_tail = re.compile(r"(?:提高|提升|增加|增长|上升|下降|降低|减少|扩大|缩小|压缩|达)(?:到|至)$")
        self.trail = re.compile(f"(?:{trailing})$")
        # last characters a match of these end-anchored patterns can have: a phrase ending
        # in another character needs no search (None: unknown, always search); ``$`` also
        # matches before a final newline, so a phrase ending in one is always searched
        self.change_last = frozenset(w[-1] for w in cues["positive"] + cues["negative"]) | set("了约近过超\n")
        self.trail_last = _last_chars(lex["indicator_trailing"], lex["indicator_trailing_patterns"])
        # the longest match of these end-anchored patterns: a search need not start
        # further than that (plus a final newline) from the end of the phrase
        self.trail_width = _max_width(self.trail.pattern)
        self.change_width = _max_width(self.change_tail.pattern)
        self.lead = re.compile(f"^(?:{_alt(lex['indicator_leading'])})")
        self.lead_first = _firsts(lex["indicator_leading"])  # a phrase opening otherwise has no lead
        self.cumulative = re.compile(_alt(lex["cumulative_words"]))
        # a word every cumulative word holds (None: none): a paragraph without it has none
        self.cumulative_core = _common_core(lex["cumulative_words"])
        self.unit_list = re.compile(r"(?<![\d.,])(?:\d{1,6}(?:\.\d{1,4})?、){1,12}$")
        self.list_number = re.compile(r"\d+(?:\.\d+)?")
        self.place_suffixes = tuple("区市省县镇乡村国州")
        self.contest = re.compile(r"在([^，。；：在]{2,30}?)中")
        self.weak_periods = frozenset(lex["weak_periods"])
        self.prefix_not_after: dict[str, str] = lex["prefix_not_after"]
        self.rank_context = re.compile(r"排名|位次|名次|排位|排行")
        self.list_join = re.compile(r"^ ?(?:、|和|及|与|以及|，) ?$")
        self.list_join_max = 5  # its longest match, " 以及 " with the final newline $ allows
        self.fenbie_split = re.compile(r"、|和|及|与")
        self.verb_start = re.compile(
            rf"^(?:{cue}|到|至|为|是|达|{_alt(self.pre_q)}|{_alt(lex['predicate_start'])})")
        self.qualifier_tail = re.compile(f"(?:{_alt(self.pre_q)})$")
        self.verb_inside = re.compile(rf"(?:{cue})(?:到|至|了)|扩大|提高|增长|下降|减少")
        self.nominal_cues = frozenset(lex["nominal_cues"])
        self.self_named_cues = frozenset(lex["self_named_cues"])
        self.generic = frozenset(lex["generic_indicators"])
        self.money_object = re.compile(
            rf"{lex['money_noun_lead']}(?P<np>[{_CJK}“”]{{0,8}}?(?:{_alt(lex['money_nouns'])}))(?=[，。；、：！？\s]|$|{_alt(lex['money_object_followers'])})")
        self.not_object = re.compile(_alt(lex["not_in_money_object"]))
        self.object_verb = re.compile(_alt(lex["object_verbs"]))
        self.determiner_tail = re.compile(f"(?:{_alt(lex['determiners_before_count'])})$")
        self.distributive = re.compile(f"[{lex['distributive_adverbs']}]")
        self.follow_not = frozenset(lex["follow_not_indicator"])
        self.head_modifiers = frozenset(lex["shared_head_modifiers"])
        self.clause_end = re.compile(r"[，。；：！？\n,;:]")
        self.has_digit = re.compile(r"[0-9]")
        self.modifier_start = re.compile(_alt(lex["modifier_starts"]))
        self.relative_marker = re.compile(_alt(lex["relative_markers"]))
        self.object_cut = re.compile(
            rf"(?P<cue>{_alt(lex['object_cut_verbs'])})(?![到至为了])[{_CJK}]{{1,5}}(?<![值率])(?:约|近|超过|超)?$")
        self.object_cut_width = _max_width(self.object_cut.pattern)
        self.money_follower = re.compile(_alt(lex["money_object_followers"]))
        self.region_lead = re.compile(r"^(?:全国|全省|全市|全区|全县|世界|全球|国内|省内|同类城市|中部|西部|东部)+")
        self.allocation_tail = re.compile(rf"(?:{_alt(lex['allocation_verbs'])})(?:明年|今年|当年|年内|全年)?$")
        self.count_join = re.compile(r"(?:及|和|与|以及)[^，。；、\d]{0,6}")
        self.comparison = re.compile(_alt(lex["comparison_leads"]))

    def _unit_alt(self, not_before: dict[str, str]) -> str:
        """Unit alternation, longest first; ``家`` in ``家庭`` is not a unit."""
        parts = []
        for u in sorted(self.units, key=len, reverse=True):
            stop = not_before.get(u)
            parts.append(re.escape(u) + (f"(?![{re.escape(stop)}])" if stop else ""))
        return "|".join(parts)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


# ---------------------------------------------------------------------------------------
# extraction


@dataclass
class _Cand:
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str | None
    quantity: str
    qualifiers: list[str]
    is_count_unit: bool = False
    arabic: bool = True
    scaled: bool = False  # a magnitude word or unit factor was applied


def _masked(text: str, s: int, e: int, r: _Rules, *, patterns: bool = True, quotes: bool = True,
            find_needles: bool = False) -> bool:
    """Is ``text[s:e]`` inside a ``《》`` title, a short quoted slogan, or a non-fact pattern?

    ``patterns=False`` checks titles and quotes only (ranks are ordinals by nature);
    ``quotes=False`` says the text holds no ``“`` or ``《`` at all; ``find_needles``: first
    look for one of the non-fact patterns' needles in the scanned window (one short search;
    every match holds a needle, so a window without one holds no match).
    """
    n = len(text)
    lo = _max2(0, s - 84)
    if quotes and (text.find("“", lo, e) >= 0 or text.find("《", lo, e) >= 0):
        for m in r.mask_quote.finditer(text, lo, _min2(n, e + 84)):
            if m.start() < e and s < m.end() and r.has_num.search(m.group()):
                return True
            if m.start() >= e:
                break
    if not patterns:
        return False
    lo, hi = _max2(0, s - 24), _min2(n, e + 24)
    if find_needles and r.nonfact_needles is not None and r.nonfact_needles.search(text, lo, hi) is None:
        return False  # a match within the window would hold a needle within it
    for m in r.nonfact.finditer(text, lo, hi):
        if m.start() < e and s < m.end():
            return True
        if m.start() >= e:
            break
    return False


def _overlaps(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    i = bisect_right(starts, e - 1) - 1
    # spans are sorted by start; check a few before (they may be long, e.g. titles)
    for j in range(i, _max2(i - 8, -1), -1):
        a, b = spans[j]
        if a < e and s < b:
            return True
    return False


@lru_cache(maxsize=8192)
def _number(s: str) -> float | None:
    """``parse_number``, remembered: the same numerals recur across paragraphs."""
    return parse_number(s)


@lru_cache(maxsize=8192)
def _num_value(num: str, mag: str | None) -> float | None:
    """Value of ``num`` scaled by the magnitude word ``mag`` (remembered).

    >>> _num_value("4.06", "万亿")
    4060000000000.0
    """
    value = parse_number(num)
    if value is None:
        return None
    if mag:
        value = _scale(value, MAGNITUDES[mag])
    return value


def _scale(value: float, factor: float) -> float:
    """``4.06 × 1e12`` without binary rounding noise (4060000000000.0, not …9.9995)."""
    return float(Decimal(repr(value)) * Decimal(int(factor)))


def _candidate(m: re.Match[str], groups: tuple[Any, ...], text: str, r: _Rules) -> _Cand | None:
    """Check one atom match against the non-fact rules; ``None`` if it is not a fact.

    ``groups`` is ``m.groups()`` (named as in ``_ATOM_GROUPS``). The caller has already
    rejected a unitless number followed by a time word (``_time_word_after``).
    """
    pre, num, _single, more, mag, more2, mag3, _sep, num2, mag2, big, unit_s, per, post = groups
    start, end = m.start(), m.end()
    num_start = m.start(_NUM)
    prev = text[num_start - 1] if num_start > 0 else ""
    nxt = text[end] if end < len(text) else ""
    is_arabic = num[0].isdigit() or num[0] in "０１２３４５６７８９"
    is_frac = "分之" in num or num == "一半" or "/" in num
    is_round = num[0] in "上数几" and not is_arabic
    # 近千万家庭, 超百万: a magnitude word with a qualifier is a round figure
    is_mag_word = bool(pre) and len(num) >= 2 and set(num) <= _MAG_CHARS
    if num in ("亿", "万", "十") and not (pre and unit_s):
        return None  # (超万家 is a figure)  # a magnitude word alone (亿人次 after a stray space) is not a number
    if prev and prev.isascii() and (prev.isalnum() or prev in ".+/_"):
        return None
    if prev == "每" and not pre:
        return None  # 每千名老年人, 每10万人口: the base of a rate, not a figure
    if nxt and nxt.isascii() and (nxt.isalpha() or nxt == "+"):
        return None
    if unit_s in ("瓦", "克", "米", "瓦时") and not is_arabic and num.endswith("千") and len(num) > 1:
        num, unit_s = num[:-1], "千" + unit_s  # 五十三万千瓦: 千瓦 is the unit
    if big and mag and not unit_s:
        end = m.start(_BIG)  # 30万大学生: 大 begins the noun
        nxt = "大"
    if nxt in (r.time_after_unit_first if unit_s else r.time_after_first) \
            and (r.time_after_unit if unit_s else r.time_after).match(text, end) and (
            not unit_s or unit_s not in r.count_units or unit_s == "个" or text.startswith("级", end)):
        return None  # 4个多月, 10万吨级; 12家年营收超亿元的企业 is a count
    unit: str | None
    quantity: str | None
    if is_frac:
        value = parse_fraction(num)
        if value is None or unit_s:
            return None
        unit, quantity, value = "%", "percent", value * 100
    else:
        value = parse_round(num) if is_round else _num_value(num, mag)
        if value is None or value != value or value == _INF:
            return None
        if mag3:  # 4万多亿元
            value = _scale(value, MAGNITUDES["亿"])
        unit = quantity = None
        if unit_s:
            if value == 0 and not is_arabic:
                return None  # 零部件, 零售: 零 before a classifier is not a count
            if unit_s.strip() == "度" and value < 1e4:
                return None  # 35度 is a temperature or an angle; 345亿度 is electricity
            unit, quantity = r.units[unit_s.strip()]
            value *= r.factors.get(unit_s.strip(), 1)
            if per:  # 1750元/亩 → CNY/mu
                unit = f"{unit}/{r.units[per][0] if per in r.units else per}"
        elif big and not is_arabic:
            return None  # 八大行动: a numbered slogan
        elif not is_round and not is_mag_word:
            if not is_arabic:
                return None  # bare Chinese numerals are words, not figures
            if not mag and not big:
                if not nxt or nxt in r.bare_stop or not ("\u4e00" <= nxt <= "\u9fff"):
                    return None
                if not 0 < value < 100 or value != int(value) or prev in _CN:
                    return None  # 101房间, 12345热线: codes; 7省市: a small bare count
        if unit_s and not is_arabic and not is_round and value == 1 and not mag and quantity == "count":
            return None  # 一个 / 一项: an article, not a count
        if quantity is None:
            quantity = "count"
    value_high = None
    if num2:
        value_high = _num_value(num2, mag2)
        if value_high is None:
            return None
        if not mag2 and mag:
            value_high = _scale(value_high, MAGNITUDES[mag])
        if not mag and mag2:
            value = _scale(value, MAGNITUDES[mag2])
        if value_high <= value or not unit_s:
            return None
    pre = pre or ""
    if pre and start > 0 and text[start - 1] in r.prefix_not_after.get(pre, ""):
        pre, start = "", m.start(_NUM)  # 节约30%: 约 belongs to the word before
    quals: list[str] = []
    more = more or more2
    for q in (r.pre_q.get(pre), "over" if is_round else None,
              ("approx" if more == "来" else "over") if more else None,
              r.post_q.get(post or "")):
        if q and q not in quals:
            quals.append(q)
    return _Cand(start, end, value, value_high, unit, quantity or "count", quals,
                 is_count_unit=bool(unit_s and unit_s in r.count_units), arabic=is_arabic,
                 scaled=bool(mag or mag2 or is_mag_word or (unit_s and unit_s in r.factors)))


def _time_word_after(m: re.Match[str], groups: tuple[Any, ...], text: str, r: _Rules) -> bool:
    """Does a time word follow the number of a unitless atom match (``2024年``, ``3月``)?

    The commonest reason an atom is not a fact, checked before the rest of ``_candidate``.
    The number ends where the last of its groups that matched ends (``num``, ``more``,
    ``mag``, ``more2``, ``num2``, ``mag2`` follow one another in the pattern); ``groups``
    is ``m.groups()``.
    """
    last = _NUM
    for g in (_MAG2, _NUM2, _MORE2, _MAG, _MORE):
        if groups[g - 1] is not None:
            last = g
            break
    e = m.end(last)
    return e < len(text) and text[e] in r.time_after_first and r.time_after.match(text, e) is not None


def _rank_candidates(text: str, r: _Rules) -> list[_Cand]:
    out: list[_Cand] = []
    if "第" not in text and "首位" not in text:
        return out  # every rank phrase holds 第 or 首位
    for m in r.rank.finditer(text):
        if m.group("n2") or m.group("n3"):
            if m.group("n2") and not m.group("pos2"):
                continue  # 第一大 at the end of a clause: not a rank phrase
            value = _number(m.group("n2") or m.group("n3"))
            start = m.start()
        else:
            end = m.end()
            nxt = text[end] if end < len(text) else ""
            if not m.group("pos") and not m.group("first") and "\u4e00" <= nxt <= "\u9fff":
                continue  # 第一批 / 第一方阵: an ordinal, not a rank
            value = 1.0 if m.group("first") else _number(m.group("n"))
            start = m.start("verb")
            if m.group("verb") in ("居", "列") and start > 0 and text[start - 1] in "位名":
                start -= 1  # 位居 / 名列 written as one word
        if value is None:
            continue
        out.append(_Cand(start, m.end(), value, None, None, "rank", []))
    return out


def _scan(text: str, r: _Rules) -> list[_Cand]:
    quotes = "“" in text or "《" in text
    ranks = [c for c in _rank_candidates(text, r) if not _masked(text, c.start, c.end, r, patterns=False, quotes=quotes)]
    rank_spans = [(c.start, c.end) for c in ranks]
    rstarts = [s for s, _ in rank_spans]
    cands: list[_Cand] = []
    for m in r.atom.finditer(text):
        groups = m.groups()
        pre, num, unit = groups[0], groups[1], groups[11]
        if unit is None and num[0] in _CN and not num.endswith("半") and "分之" not in num \
                and not (pre and len(num) >= 2 and set(num) <= _MAG_CHARS):
            continue  # a bare Chinese numeral (一些, 二是): never a figure
        if unit is None and _time_word_after(m, groups, text, r):
            continue  # 2024年, 3月: a date, not a figure
        c = _candidate(m, groups, text, r)  # cheap checks first: most Chinese numerals are words
        if c is None:
            continue
        s, e = m.start(_NUM), m.end(_NUM)
        if rank_spans and _overlaps(rank_spans, rstarts, s, e):
            continue
        if _masked(text, s, e, r, quotes=quotes, find_needles=True):
            continue
        if not c.arabic and c.is_count_unit and not c.scaled and _anaphoric(text, c, r):
            continue
        cands.append(c)
    cands.extend(ranks)
    cands.extend(_shared_unit_lists(cands, text, r))
    cands.sort(key=_START)
    # 12个千亩粮仓: a measure glued to a count describes the counted thing
    cands = [c for i, c in enumerate(cands)
             if not (i and cands[i - 1].is_count_unit and cands[i - 1].end == c.start
                     and not c.arabic and c.quantity in ("measure", "amount"))]
    return _merge_ranges(cands, text, r)


_START: Final = attrgetter("start")


def _anaphoric(text: str, c: _Cand, r: _Rules) -> bool:
    """``这两项``, ``…，两项指标增速均居…``: a count word that refers back to things already
    named (after a demonstrative, or opening a clause whose predicate is distributive) is a
    determiner, not a figure; ``引进两条生产线`` counts what was done.

    >>> [f.text for f in extract_facts("投资和消费分别增长9%和6%，两项指标均居全省前列。")]
    ['9%', '6%']
    """
    lo = _max2(0, c.start - 8)
    head = text[lo:c.start]
    cut = max(head.rfind(ch) for ch in "，。；：、\n")
    head = head[cut + 1:] if cut >= 0 else ("" if lo == 0 else head)
    if head and r.determiner_tail.search(head):
        return True
    if head.strip():
        return False
    tail = text[c.end:c.end + 12]
    stop = _CLAUSE_END.search(tail)
    return bool(r.distributive.search(tail[: stop.start()] if stop else tail))


def _shared_unit_lists(cands: list[_Cand], text: str, r: _Rules) -> list[_Cand]:
    """``分别提高20.9、36.2、54个百分点``: bare numbers listed before a figure share its unit."""
    out = []
    for c in cands:
        if c.unit is None or c.quantity == "rank" or c.scaled or c.value_high is not None:
            continue
        if text.find("、", _max2(0, c.start - 2), c.start) < 0:
            continue  # the list ends in 、 right before the figure (or before a final newline)
        m = r.unit_list.search(text, _max2(0, c.start - 64), c.start)
        if not m:
            continue
        for n in r.list_number.finditer(m.group()):
            value = _number(n.group())
            if value is None:
                continue
            s = m.start() + n.start()
            out.append(_Cand(s, s + len(n.group()), value, None, c.unit, c.quantity, [],
                             is_count_unit=c.is_count_unit))
    return out


def _merge_ranges(cands: list[_Cand], text: str, r: _Rules) -> list[_Cand]:
    """``4.5%至5%`` / ``6%－6.5%``: two atoms with one unit joined by a range mark → one fact."""
    out: list[_Cand] = []
    for c in cands:
        p = out[-1] if out else None
        if (p is not None and p.unit == c.unit and p.unit is not None and p.value_high is None
                and c.value_high is None and c.value > p.value and p.quantity != "rank"
                and r.range_sep.fullmatch(text, p.end, c.start)
                and not set(c.qualifiers) - {"approx", "over", "under"}):
            p.end, p.value_high = c.end, c.value
            p.qualifiers += [q for q in c.qualifiers if q not in p.qualifiers]
            continue
        out.append(c)
    return out


# ---------------------------------------------------------------------------------------
# context: sentences, periods, indicators

_CJK_RE: Final = re.compile(r"[\u4e00-\u9fff]")
_FUNCTION_CHARS: Final = set("的了在是和有为将已中等约共其也都还就并从由到至比较达按计占各该此这那每仅再又升降增减与及或")
_SENT_END: Final = re.compile(r"[。！？!?\n]")
_CLAUSE_END: Final = re.compile(r"[，,；;：:。！？!?\n、]")
_WIDE_END: Final = re.compile(r"[，,；;：:。！？!?\n]")
_YEAR: Final = re.compile(r"(?<!\d)(\d{4})年")


def _periods(text: str, last: int, r: _Rules) -> list[tuple[int, int, str]]:
    """The period phrases of ``text`` (start, end, text) that start before ``last``, the
    position of the last figure: a later one governs no figure.

    >>> _periods("2023年增长5%，今年", 7, _rules())
    [(0, 5, '2023年')]
    """
    periods = []
    reach = r.period_reach  # a match starting at or before last reads nothing past last + reach
    end = len(text) if reach is None else _min2(len(text), last + reach + 1)
    for m in r.period.finditer(text, 0, end):
        s, e = m.span()
        if s > last:
            break
        if e > s:
            periods.append((s, e, m.group()))
    return periods


def _boundaries(text: str, pattern: re.Pattern[str], last: int) -> list[int]:
    """Ends of the one-character ``pattern`` matches up to position ``last`` (inclusive):
    all that ``_last_before(bounds, pos)`` needs for ``pos <= last``.

    >>> _boundaries("一。二。三。", _SENT_END, 3)
    [2, 4]
    """
    return [m.end() for m in pattern.finditer(text, 0, last + 1)]


_SENT_CHARS: Final = frozenset("。！？!?\n")
_WIDE_CHARS: Final = frozenset("，,；;：:。！？!?\n")


def _all_boundaries(text: str, last: int) -> tuple[list[int], list[int], list[int]]:
    """``_boundaries`` for ``_SENT_END``, ``_CLAUSE_END`` and ``_WIDE_END`` in one scan
    (clause ends hold the other two), each led by a 0: ``bounds[bisect_right(bounds, pos) - 1]``
    is then ``_last_before(bounds, pos)`` for any ``pos >= 0``.

    >>> _all_boundaries("一，二。三、四", 6)
    ([0, 4], [0, 2, 4, 6], [0, 2, 4])
    """
    clause = [0]
    wide = [0]
    sent = [0]
    for m in _CLAUSE_END.finditer(text, 0, last + 1):
        e = m.end()
        clause.append(e)
        ch = text[e - 1]
        if ch in _WIDE_CHARS:
            wide.append(e)
            if ch in _SENT_CHARS:
                sent.append(e)
    return sent, clause, wide


def _advance(bounds: list[int], k: int, pos: int) -> int:
    """``bisect_right(bounds, pos) - 1`` for ascending ``bounds`` when ``bounds[k] <= pos``,
    found by stepping on from ``k``: cheaper for positions that come in order.

    >>> _advance([0, 4, 9, 12], 1, 10), _advance([0, 4, 9, 12], 0, 3)
    (2, 0)
    """
    n = len(bounds)
    while k + 1 < n and bounds[k + 1] <= pos:
        k += 1
    return k


def _last_before(bounds: list[int], pos: int) -> int:
    i = bisect_right(bounds, pos) - 1
    return bounds[i] if i >= 0 else 0


def _clause_start(text: str, bounds: list[int], pos: int, lo: int | None = None) -> int:
    """Start of the clause holding ``pos``; a ``、`` or ``，`` inside brackets does not end a
    clause (``通高速公路县（市、区）达82个``). ``lo``: ``_last_before(bounds, pos)`` if known.

    >>> _clause_start("县（市、区）达82个", [0, 4], 8)
    0
    """
    if lo is None:
        lo = _last_before(bounds, pos)
    for _ in range(4):
        if lo <= 0 or text.rfind("（", _max2(0, lo - 24), lo) <= text.rfind("）", _max2(0, lo - 24), lo):
            break
        lo = _last_before(bounds, text.rfind("（", _max2(0, lo - 24), lo))
    return lo


def _strip_phrase(phrase: str, r: _Rules, *, keep_nominal: bool = False) -> str:
    """Remove time phrases, connectives and verbs around an indicator phrase.

    A nominal change word (``增速``) is kept when it is what a rank ranks (``keep_nominal``)
    or when something stood between it and the figure (``增速高于全国0.5个百分点``);
    ``减碳`` names its own object.

    >>> _strip_phrase("增速高于全国", _rules()), _strip_phrase("收入增长", _rules())
    ('增速', '收入')
    """
    for i in range(8):
        old = phrase
        closed = phrase.endswith("）") and "（" in phrase
        phrase = phrase.strip(" “”\"'（(）)：:")
        if closed and phrase.count("（") > phrase.count("）"):
            phrase += "）"  # 县（市、区）: a closing bracket that belongs to the phrase
        first = phrase[:1]
        m = r.period.match(phrase) if r.period_first is None or first in r.period_first \
            or (r.period_first_digit and first.isdecimal()) else None
        if m and m.end():
            phrase = phrase[m.end():]
            first = phrase[:1]
        m = r.lead.match(phrase) if first in r.lead_first else None
        if m and m.end() < len(phrase):
            phrase = phrase[m.end():]
        m = r.change_tail.search(phrase, _tail_start(phrase, r.change_width)) if phrase[-1:] in r.change_last else None
        if m and not (m.start() == m.start("cue") and (
                (m.group("cue") in r.nominal_cues and (keep_nominal or i > 0))
                or (m.start() == 0 and m.group("cue") in r.self_named_cues))):
            phrase = phrase[: m.start()]
        m = r.trail.search(phrase, _tail_start(phrase, r.trail_width)) \
            if r.trail_last is None or phrase[-1:] in r.trail_last else None
        if m:
            phrase = phrase[: m.start()]
        m = r.period_full.search(phrase[-16:]) \
            if phrase and (r.period_last is None or phrase[-1] in r.period_last) else None
        if m and m.start() > 0 or (m and len(phrase) <= 16):
            phrase = phrase[: len(phrase) - len(m.group())] if m.group() else phrase
        if phrase == old:
            break
    phrase = phrase.strip(" ，、")
    if phrase.count("“") != phrase.count("”"):  # 、“瞪羚”企业 cut from a list: drop the odd quote
        phrase = phrase.replace("“", "").replace("”", "") if len(phrase) > 2 else phrase
    if "分别" in phrase:
        phrase = phrase[: phrase.find("分别")]
    if len(phrase) == 1:  # 钢由…: a one-character noun, unless it is a function word
        return phrase if "\u4e00" <= phrase <= "\u9fff" and phrase not in _FUNCTION_CHARS else ""
    return phrase


def _following_phrase(text: str, pos: int, r: _Rules, *, across_de: bool) -> str:
    """The noun phrase right after a figure (``14所高校``): up to punctuation or ``的``."""
    n = len(text)
    if across_de and pos < n and text[pos] == "的":
        pos += 1
    end = pos
    limit = _min2(n, pos + 16)
    while end < limit and text[end] not in r.ind_stop and not text[end].isdigit():
        end += 1
    phrase = text[pos:end]
    if end < n and text[end] == "的" and phrase.endswith(r.adjectives):
        return _following_phrase(text, end + 1, r, across_de=False)
    if r.verb_start.match(phrase) or phrase in r.follow_not or phrase.startswith(("和", "及", "与", "以及")):
        return ""  # 9人和1个集体: the next item of a list, not the counted noun
    for pat in (r.cut, r.verb_inside, r.period):  # 县扩大到 → 县; 品种今天上市 → 品种
        m = pat.search(phrase, 1)
        if m and pat is r.cut and m.start() < 2:  # 新投产项目: a prefix, not a cut
            m = pat.search(phrase, m.end())
        if m:
            if pat is r.period and phrase[: m.start()].endswith(r.place_suffixes):
                # 32项钱塘区今年重点推进的工作: place and time first, the counted thing after
                return _following_phrase(text, pos + m.end(), r, across_de=False)
            phrase = phrase[: m.start()]
    if end < n and text[end].isdigit():  # 国家和地区约130家: the qualifier belongs to the next figure
        phrase = r.qualifier_tail.sub("", phrase).rstrip("和及与或、")
    phrase = phrase.strip(" “”\"'")
    if phrase.endswith(("到", "至")) or phrase in r.follow_not:
        return ""  # 800多名发展到…: a verb of reaching, not a noun
    if len(phrase) == 1 and phrase in r.place_suffixes and (end >= n or text[end] in "，。；、" or text[end].isdigit()):
        return phrase  # 3个村1200多名群众: a one-character place noun
    return phrase if len(phrase) >= 2 and "\u4e00" <= phrase[0] <= "\u9fff" or phrase.startswith("“") else (phrase if len(phrase) >= 2 else "")


def _relative_head(text: str, pos: int, r: _Rules) -> str:
    """The head noun after a relative clause: ``培育20家创新能力强、具有国际影响力的领军企业``
    → ``领军企业``; a short possessive (``14所高校的实验室``) is left to the caller.

    >>> _relative_head("5个具有区域影响力的产业集群，", 2, _rules())
    '产业集群'
    """
    m = r.clause_end.search(text, pos, _min2(len(text), pos + 48))
    seg = text[pos: m.start() if m else _min2(len(text), pos + 48)]
    first = seg.find("的")
    if first < 0 or r.has_digit.search(seg):
        return ""
    pre = seg[:first]
    if not ("、" in pre or r.modifier_start.match(pre) or r.relative_marker.search(pre)) or r.cut.search(pre):
        return ""  # (…赛道形成一批…的成果: a verb of the clause, not a relative clause)
    head = seg[seg.rfind("的") + 1:]
    if head.endswith(("上", "下", "中", "里", "内", "外", "时", "后")) or head == "同时":
        return ""  # …项目的基础上: a frame, not the counted noun
    cut = r.cut.search(head, 2)
    if cut:
        head = head[: cut.start()]
    head = head.strip(" “”")
    return head if 2 <= len(head) <= 12 and _CJK_RE.match(head) else ""


def _money_object(text: str, pos: int, r: _Rules) -> str:
    """The money noun a figure qualifies: ``安排3亿元奖补资金``, ``给予最高500万元奖励``,
    ``按每个3万元的标准给予一次性建设补助``.

    >>> _money_object("3亿元奖补资金，", 3, _rules())
    '奖补资金'
    """
    m = r.money_object.match(text, pos)
    if not m or r.not_object.search(m.group("np")) or r.verb_start.match(m.group("np")):
        return ""
    return m.group("np")


def _object_of(phrase: str, r: _Rules) -> str:
    """A long phrase that holds a verb of doing names its object after the verb:
    ``铁路部门将每天安排开行旅客列车`` → ``旅客列车``, ``开发公益性岗位`` → ``公益性岗位``.

    >>> _object_of("铁路部门将每天安排开行旅客列车", _rules())
    '旅客列车'
    """
    if len(phrase) < 6:
        return phrase
    verb_end = -1  # where the last verb ends
    for v in r.object_verb.finditer(phrase):
        verb_end = v.end()
    rest = phrase[verb_end:] if verb_end >= 0 else ""
    return rest if len(rest) >= 2 and rest[0] not in _FUNCTION_CHARS else phrase


def _share_head(parts: list[str]) -> list[str]:
    """``城镇、农村居民收入`` → ``城镇居民收入``, ``农村居民收入``: two-character parallel
    modifiers share the head of the last item.

    >>> _share_head(["城镇", "农村居民人均收入"])
    ['城镇居民人均收入', '农村居民人均收入']
    """
    r = _rules()
    if len(parts) < 2 or len(parts[-1]) < 4 or parts[-1][:2] not in r.head_modifiers:
        return parts
    head = parts[-1][2:]
    return [p + head if len(p) == 2 and p in r.head_modifiers else p for p in parts[:-1]] + [parts[-1]]


@lru_cache(maxsize=1024)
def _resolve_year(period: str | None, doc_year: int | None, context_year: int | None) -> int | None:
    """The year ``period`` speaks of (remembered: the same periods and dates recur).

    >>> _resolve_year("去年", 2024, None), _resolve_year("2021年至2023年", 2024, None)
    (2023, 2023)
    """
    if period is None:
        return context_year
    years = _YEAR.findall(period) if "年" in period else None
    if years:  # 2024年至2025年: a span ends in its last year
        return int(years[-1])
    if doc_year is None:
        return None
    if period.startswith(("去年", "上年")):
        return doc_year - 1
    if period.startswith("前年"):
        return doc_year - 2
    if period.startswith("明年"):
        return doc_year + 1
    if period.startswith(("近日", "近期")):
        return doc_year
    if period.startswith("连续"):  # 连续9年稳定在…: a run ending in the year spoken of
        return context_year or doc_year
    if period.startswith(("近", "过去", "这", "十", "截至目前")) or "年来" in period or "十" in period:
        return None
    if period.startswith(("全年", "上半年", "下半年", "前三季度", "第", "一季度", "二季度", "三季度", "四季度",
                          "截至")) or period[0].isdigit():
        return context_year or doc_year
    return doc_year


def _find_period(
    text: str, periods: list[tuple[int, int, str]], pends: list[int], pos: int, sent_start: int,
    weak: frozenset[str] = frozenset(),
) -> tuple[str | None, str | None]:
    """The period phrase governing ``pos`` in its sentence, and the last one of the paragraph.

    Comparison bases (``比2012年``) are skipped; a deictic word (``此次``, ``目前``) yields to
    an explicit period earlier in the same sentence (``2021年度…此次…``).
    """
    i = bisect_right(pends, pos) - 1
    found: str | None = None
    earlier: str | None = None
    for _ in range(16):
        if i < 0:
            break
        ps, _pe, ptext = periods[i]
        i -= 1
        if ps > 0 and (text[ps - 1] in "比较" or (text[ps - 1] in "是为" and text.startswith("的", _pe))):
            continue  # 比2012年 / 是2020年的2.3倍: a comparison base
        earlier = earlier or ptext
        if ps < sent_start:
            break
        if ptext not in weak:
            return ptext, earlier
        found = found or ptext
    return found, earlier


_DATE_YEAR: Final = re.compile(r"\s*(\d{4})")


@lru_cache(maxsize=256)
def _parse_year(date: str | None) -> int | None:
    """The year a ``YYYY[-MM[-DD]]`` date opens with (remembered: a document's paragraphs
    share their date).

    >>> _parse_year("2024-03"), _parse_year(None)
    (2024, None)
    """
    if not date:
        return None
    m = _DATE_YEAR.match(str(date))
    return int(m.group(1)) if m else None


def extract_facts(text: str, *, date: str | None = None, context_year: int | None = None) -> list[Fact]:
    """Facts in one paragraph's text; offsets relative to ``text``.

    ``date`` (``YYYY[-MM[-DD]]``) resolves ``今年``/``去年``; ``context_year`` is the year a
    section speaks of and is used when a sentence has no period of its own.

    >>> f = extract_facts("去年新增就业1244万人。", date="2024-03")[0]
    >>> (f.value, f.unit, f.indicator, f.period, f.year)
    (12440000.0, '人', '新增就业', '去年', 2023)
    """
    r = _rules()
    if not text or not r.any_number.search(text):
        return []
    cands = _scan(text, r)
    if not cands:
        return []
    doc_year = _parse_year(date)
    last = cands[-1].start  # context is looked up before a figure only, never after the last
    sent_bounds, clause_bounds, wide_bounds = _all_boundaries(text, last)  # each led by 0
    brackets = "（" in text  # else a clause starts at its last boundary
    years: dict[str | None, int | None] = {}  # period → year, within this paragraph
    periods = _periods(text, last, r)
    pstarts = [p[1] for p in periods]
    cumulative_possible = r.cumulative_core is None or r.cumulative_core in text

    facts: list[Fact] = []
    prev: _Cand | None = None
    prev_fact: Fact | None = None
    group: list[str] = []
    group_idx = 0
    group_sent = -1
    sent_k = clause_k = wide_k = 0
    for c in cands:
        # figures come in order: each boundary index only moves forward
        sent_k = _advance(sent_bounds, sent_k, c.start)
        clause_k = _advance(clause_bounds, clause_k, c.start)
        wide_k = _advance(wide_bounds, wide_k, c.start)
        sent_start = sent_bounds[sent_k]
        clause_lo = clause_bounds[clause_k]
        same_sentence = prev is not None and prev.end > sent_start
        between = text[prev.end:c.start] if same_sentence and prev is not None else None
        continuation = between is not None and len(between) <= r.list_join_max and bool(r.list_join.match(between))

        # kind of figure: change cue before it, or inherited along a list
        if c.quantity != "rank":
            lo = _max3(clause_lo, c.start - 24, prev.end if same_sentence and prev else 0)
            before = text[lo:c.start]
            cue = None if before.endswith(("到", "至", "\n")) and r.level_tail.search(before) \
                else r.change_tail.search(before, _tail_start(before, r.change_width)) \
                if before[-1:] in r.change_last else None
            if cue and cue.group("cue") == "增" and before[: cue.start("cue")].endswith("新"):
                cue = None  # 新增: newly added, a level
            if cue is None and c.quantity in ("amount", "measure"):
                cue = r.object_cut.search(before, _tail_start(before, r.object_cut_width))  # 减少碳排放约41亿吨: a cut of the named thing
            if cue and c.quantity in ("amount", "percent", "count", "measure", "change"):
                c.quantity = "change"
                if cue.group("cue") in r.neg_cues:
                    c.value, c.value_high = -c.value, (-c.value_high if c.value_high is not None else None)
            elif (continuation and prev is not None and prev.quantity == "change"
                  and prev.unit == c.unit and c.quantity != "change"
                  and not (between is not None and "，" in between and _CJK_RE.match(text, c.end))):  # 95%以上实行…: a new clause
                c.quantity = "change"
                if prev.value < 0:
                    c.value = -c.value
            if c.unit == "pp":
                c.quantity = "change"
            elif c.unit == "倍":
                c.quantity = "change"

        # 排名从78位上升到43位: places in a ranking are ranks, not counts of people
        if c.unit in ("位", "名") and r.rank_context.search(text, _max2(0, c.start - 16), c.start):
            c.unit, c.quantity, c.is_count_unit = None, "rank", False

        # cumulative
        if cumulative_possible and c.quantity != "change" and "cumulative" not in c.qualifiers:
            seg = text[_max2(sent_start, c.start - 40):c.start]
            semi = _max2(seg.rfind("；"), seg.rfind(";"))
            if semi >= 0:
                seg = seg[semi + 1:]
            if r.cumulative.search(seg):
                c.qualifiers.append("cumulative")

        # indicator
        indicator = ""
        wide_lo = _max3(wide_bounds[wide_k], c.start - 60, prev.end if same_sentence and prev else 0)
        wide = text[wide_lo:c.start]
        if "分别" in wide and not continuation:
            subj = _strip_phrase(wide[: wide.rfind("分别")], r) if wide.rfind("分别") > 0 else ""
            if subj:
                parts = _share_head([p for p in r.fenbie_split.split(subj) if p])
                group = parts if len(parts) >= 2 else []
            elif group_sent != sent_start:
                group = []
            group_idx, group_sent = 0, sent_start
            if group:
                indicator = group[0]
        elif continuation and group and group_sent == sent_start:
            group_idx += 1
            indicator = group[group_idx] if group_idx < len(group) else ""
        else:
            group = [] if group_sent != sent_start else group
        if not indicator:
            follow = ""
            if c.quantity in ("count", "measure") or c.is_count_unit:
                follow = (_relative_head(text, c.end, r) if c.is_count_unit else "") \
                    or _following_phrase(text, c.end, r, across_de=c.quantity == "measure")
            elif c.quantity in ("amount", "percent") or c.unit == "CNY":
                follow = _money_object(text, c.end, r)
                if not follow and c.unit == "CNY" and r.allocation_tail.search(text, _max2(0, c.start - 12), c.start):
                    follow = _following_phrase(text, c.end, r, across_de=False)  # 下达1000亿元建设项目清单
                    if r.money_follower.match(follow):
                        follow = ""  # 安排450亿元支持…: a purpose, not a noun
            before = ""
            if not follow:  # the phrase before the figure counts only when none follows it
                lo = _max3(_clause_start(text, clause_bounds, c.start, clause_lo) if brackets else clause_lo, c.start - 40,
                         prev.end if same_sentence and prev else 0)
                before = _object_of(_strip_phrase(text[lo:c.start], r, keep_nominal=c.quantity == "rank"), r)
                cmp_ = r.comparison.search(before)
                if cmp_:  # 增速高于同期全国增速0.4个百分点: what follows 高于 is the comparator
                    before = before[: cmp_.start()] if cmp_.start() >= 2 else ""
                if not before and c.quantity == "percent" and text.startswith("的", c.end):
                    follow = _following_phrase(text, c.end, r, across_de=True)  # 90%以上的政务服务
                if (not follow and same_sentence and prev_fact is not None and before[-1:] in ("和", "及", "与")
                        and before[:-1] == prev_fact.indicator and prev is not None and text[prev.end:c.start] == before):
                    # 800亿元项目清单和600亿元投资计划: the next item of a list of figure + noun
                    follow = _following_phrase(text, c.end, r, across_de=False)
                if before in r.generic and c.quantity != "rank" and same_sentence and prev_fact is not None and prev_fact.indicator:
                    before = prev_fact.indicator  # 企业136家，总数达到598家: the total of the same thing
            if follow:
                indicator = follow
            elif before:
                indicator = before
            elif same_sentence and prev_fact is not None:
                indicator = prev_fact.indicator or ""
            if c.quantity == "rank" and (not indicator or indicator.endswith(r.place_suffixes)):
                # 在…评价中，某区排名第一: a place is ranked within the contest named by 在…中
                contests = list(r.contest.finditer(text, _max2(sent_start, c.start - 80), c.start))
                if contests:
                    contest = contests[-1]
                    indicator = _strip_phrase(contest.group(1), r) or indicator
            if c.quantity == "rank" and not indicator:
                # 蝉联全国推广面积第一: what is ranked may stand inside the rank phrase
                rm = r.rank.match(text, c.start)
                scope = r.region_lead.sub("", rm.group("scope") or "") if rm and rm.group("verb") else ""
                indicator = scope if len(scope) >= 2 else ""
        # period
        period, earlier = _find_period(text, periods, pstarts, c.start, sent_start, r.weak_periods)
        if period is not None:
            year = years[period] if period in years else years.setdefault(
                period, _resolve_year(period, doc_year, context_year))
        elif context_year is not None:
            year = context_year
        else:  # a period set by an earlier sentence of the paragraph, else the document's
            year = _resolve_year(earlier, doc_year, None) if earlier else doc_year
        quals = c.qualifiers
        fact = Fact(  # positional (start, end, text, value, value_high, unit, quantity, qualifier,
            # indicator, period, year): keywords cost more than the rest of building a fact
            c.start, c.end, text[c.start:c.end],
            round(c.value, 6) if c.quantity == "percent" and c.value != int(c.value) else c.value,
            c.value_high, c.unit, c.quantity,
            None if not quals else quals[0] if len(quals) == 1 else list(quals),
            indicator or None, period, year,
        )
        facts.append(fact)
        prev, prev_fact = c, fact
    # 1条530公里长总干线, 五大项31个小项: a count glued to the next figure counts the same thing
    # 首批12项及第二批14项重点改革: a count joined to the next one shares its noun
    for k in range(len(facts) - 1):
        a, b = facts[k], facts[k + 1]
        if a.quantity == "count" and a.unit and b.indicator and (
                a.end == b.start or (a.unit == b.unit and r.count_join.fullmatch(text, a.end, b.start))):
            a.indicator = b.indicator
    return facts
