"""Targets: what a text commits to achieve, with its deadline and figures.

A target is a future commitment with an explicit deadline (``到2025年``, ``今年`` with a
commitment word, ``三年内``), an explicit quantity to reach (``将达865万``, ``拟安排…3.9万亿元``)
or an item of a list introduced as goals (``主要预期目标是：A；B；C``). Bare intentions
(``力争取得新突破``), forecasts (``预计…``), event timetables and outcomes reported in a
review section are not targets. The rules (commitment words, deadline patterns, list cues,
section cues) live in ``data/targets/rules.json``.

>>> [t.text for t in extract_targets("今年将新增就业1200万人以上。", date="2024-03-05")]
['今年将新增就业1200万人以上']
>>> extract_targets("到2027年，基本建成统一大市场。", date="2024")[0].deadline
2027
>>> extract_targets("预计全年增长5%左右。", date="2024")
[]
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from .facts import Fact
from .text import fast_compile, finite_words, longest_match, trie_pattern

__all__ = ["Target", "extract_targets", "section_kinds", "section_headings", "load_rules"]


@dataclass
class Target:
    """A statement of what is to be achieved.

    ``facts`` holds indices into the facts list given to :func:`extract_targets` (the facts
    whose spans lie inside the target's span); ``period`` is the time phrase as written and
    ``year`` its resolved calendar year (``deadline`` is that year when the phrase is a
    deadline).
    """

    start: int
    end: int
    text: str
    verb: str | None = None
    object: str | None = None
    deadline: int | None = None
    period: str | None = None
    year: int | None = None
    quantified: bool = False
    facts: list[int] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """The SPEC.md fields of this target (without doc-level fields)."""
        return {"start": self.start, "end": self.end, "text": self.text, "verb": self.verb,
                "object": self.object, "deadline": self.deadline, "period": self.period,
                "year": self.year, "quantified": self.quantified, "facts": list(self.facts)}


# --------------------------------------------------------------------------- rules


_Rx = Any  # re.Pattern[str], a GatedPattern or (deadlines) a _RunFirst


@dataclass(frozen=True)
class _Rules:
    commitment: tuple[tuple[_Rx, str], ...]
    goal_cue: _Rx
    goal_word: _Rx
    announced: _Rx
    expected_verb: str
    plain_verb: str
    continuation: _Rx
    clause_continuation: _Rx
    condition: _Rx
    forecast: _Rx
    event: _Rx
    past: _Rx
    comparison: _Rx
    action: _Rx
    quantity: _Rx
    quantity_digit: _Rx
    enumeration: _Rx
    movement: _Rx
    not_goal_end: _Rx
    condition_open: _Rx
    deadlines: tuple[tuple[_Rx, dict[str, Any]], ...]
    five_year_plans: dict[str, int]
    heading: _Rx
    review_heading: _Rx
    plan_heading: _Rx
    review_paragraph: _Rx
    plan_paragraph: _Rx
    heading_now: _Rx


@lru_cache(maxsize=1)
def load_rules() -> _Rules:
    """The compiled rules of ``data/targets/rules.json`` (cached)."""
    raw = json.loads(
        resources.files("policytext").joinpath("data/targets/rules.json").read_text("utf-8")
    )
    gl, sec = raw["goal_list"], raw["sections"]
    return _Rules(
        commitment=tuple((fast_compile(p), v) for p, v in raw["commitment"]["patterns"]),
        goal_cue=fast_compile(gl["pattern"]),
        goal_word=fast_compile(gl["goal_word"]),
        announced=fast_compile(raw["announced"]),
        expected_verb=gl["expected_verb"],
        plain_verb=gl["plain_verb"],
        continuation=fast_compile(gl["continuation"]),
        clause_continuation=fast_compile(raw["clause_continuation"]),
        condition=fast_compile(gl["condition"]),
        forecast=fast_compile(raw["forecast"]),
        event=fast_compile(raw["event"]),
        past=fast_compile(raw["past"]),
        comparison=fast_compile(raw["comparison"]),
        action=fast_compile(raw["action"]),
        quantity=fast_compile(raw["quantity"]),
        quantity_digit=fast_compile(raw["quantity_min_digit"]),
        enumeration=fast_compile(raw["enumeration"]),
        movement=fast_compile(raw["movement"]),
        not_goal_end=fast_compile(raw["not_goal_end"]),
        condition_open=fast_compile(raw["condition_open"]),
        deadlines=tuple((_run_first(d["re"]), d) for d in raw["deadline"]["patterns"]),
        five_year_plans=dict(raw["five_year_plans"]),
        heading=fast_compile(sec["heading"]),
        review_heading=fast_compile(sec["review_heading"]),
        plan_heading=fast_compile(sec["plan_heading"]),
        review_paragraph=fast_compile(sec["review_paragraph"]),
        plan_paragraph=fast_compile(sec["plan_paragraph"]),
        heading_now=fast_compile(sec["heading_now"]),
    )


_RUN_HEAD = re.compile(r"\(\?P<\w+>(\[(?:\\.|[^\]\\])*\])\+\)")


class _RunFirst:
    r"""A rule ``(?P<n>[CLASS]+)X…`` whose literal ``X`` is not in the class, scanned from
    ``X``: ``re`` tries a rule that opens with a class at every position but finds a
    literal fast. A match is a run of class characters ending right before an ``X`` where
    the rest of the rule matches; it starts where that run starts (or at the end of the
    previous match), so the whole rule matched there gives exactly ``finditer``'s matches.

    >>> rx = _run_first(r"(?P<n>[一二三\d]+)年(?:内|之内)")
    >>> [m.group() for m in rx.finditer("三年内完成，去年内，12年之内")]
    ['三年内', '12年之内']
    """

    def __init__(self, rule: re.Pattern[str], run: str, tail: str) -> None:
        self.rule, self.run, self.tail = rule, re.compile(run), re.compile(tail)
        self.pattern = rule.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        at = pos + 1  # pos: end of the last match; at: where the next X may stand (after a run)
        while (t := self.tail.search(text, at, endpos)) is not None:
            x = start = t.start()
            while start > pos and self.run.match(text, start - 1):
                start -= 1
            m = self.rule.match(text, start, endpos) if start < x else None
            if m is None:
                at = x + 1
                continue
            yield m
            pos = m.end()
            at = pos + 1

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rule.match(text, pos, endpos)


def _run_first(pattern: str) -> Any:
    """:class:`_RunFirst` for a rule of that shape, else :func:`fast_compile`."""
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    head = _RUN_HEAD.match(pattern)
    items = list(_parser.parse(pattern))
    if head and len(items) > 1 and items[0][0] is c.SUBPATTERN and items[1][0] is c.LITERAL:
        body = list(items[0][1][3])
        run = head.group(1)
        if (
            len(body) == 1
            and body[0][0] is c.MAX_REPEAT
            and body[0][1][0] == 1
            and not re.match(run, chr(items[1][1]))
        ):
            return _RunFirst(re.compile(pattern), run, pattern[head.end() :])
    return fast_compile(pattern)


# --------------------------------------------------------------------------- helpers

_OPEN: Final = "（(“‘《【「"
_CLOSE: Final = "）)”’》】」"
_FIGURE_CHAR = re.compile(r"[\d百千万亿]")
_SENT_END: Final = "。！？!?\n"
_SEG_END: Final = "；;"
_CLAUSE_END: Final = "，,：:"
_TRIM: Final = " \t\u3000，,：:；;、。！？"
_NOT_TRIM = re.compile("[^" + re.escape(_TRIM) + "]")
#: every character :func:`_split` may look at, whatever its marks
_MARKS: Final = _OPEN + _CLOSE + _SENT_END + _SEG_END + _CLAUSE_END


@lru_cache(maxsize=64)
def _doc_year(date: str | None) -> int | None:
    m = re.match(r"\s*(\d{4})", date or "")
    return int(m.group(1)) if m else None


@lru_cache(maxsize=16)
def _split_chars(marks: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(_OPEN + _CLOSE + marks) + "]")


def _split(text: str, a: int, b: int, marks: str) -> list[tuple[int, int]]:
    """Split ``text[a:b]`` after each mark in ``marks`` that stands outside brackets/quotes."""
    out, depth, s = [], 0, a
    for m in _split_chars(marks).finditer(text, a, b):  # only brackets and marks matter
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 or ch == "\n":
            out.append((s, m.end()))
            s = m.end()
            depth = 0
    if s < b:
        out.append((s, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


@dataclass
class _Time:
    start: int
    end: int
    text: str
    strong: bool
    year: int | None
    duration: bool


def _gated(rx: Any) -> tuple[Any, tuple[str, ...]]:
    """``(finditer, needles)`` of a compiled rule: its bare regex's ``finditer`` and the
    strings one of which a match needs (empty when there is no such set)."""
    needles = getattr(rx, "needles", None)
    return (rx.rx.finditer, needles) if needles else (rx.finditer, ())


def _present(text: str, needles: tuple[str, ...]) -> bool:
    """Does ``text`` hold one of ``needles`` (always, when there are none)?"""
    if not needles:
        return True
    for n in needles:
        if n in text:
            return True
    return False


class _DeadlineRule:
    """One deadline rule: its ``finditer``, needles (see :func:`_gated`) and spec fields."""

    def __init__(self, rx: Any, spec: dict[str, Any]) -> None:
        self.finditer, self.needles = _gated(rx)
        if not self.needles and isinstance(rx, _RunFirst):
            # a match ends with a match of the literal tail: one of its few strings, if few
            self.needles = finite_words(rx.tail.pattern) or ()
        self.kind: str = spec["kind"]
        self.strong: bool = spec["strength"] == "strong"
        self.add: int = int(spec.get("add", 0))
        self.fixed: int = int(spec["year"]) if self.kind == "fixed" else 0
        self.duration: bool = self.kind == "duration"
        self.group = -1  # index of its needle set among the rules' (rules share sets)
        self.dated: bool = self.kind in ("year", "fyp")  # a past year is no deadline


@lru_cache(maxsize=1)
def _deadline_rules() -> tuple[_DeadlineRule, ...]:
    """The deadline rules, in order."""
    rules = tuple(_DeadlineRule(rx, spec) for rx, spec in load_rules().deadlines)
    groups: dict[tuple[str, ...], int] = {}
    for r in rules:
        r.group = groups.setdefault(r.needles, len(groups))
    return rules


@lru_cache(maxsize=1)
def _time_cue() -> re.Pattern[str] | None:
    """Strings one of which every time phrase holds (every deadline rule's needles), as one
    pattern; None when a rule has no such strings."""
    needles: list[str] = []
    for rx, _ in load_rules().deadlines:
        found = getattr(fast_compile(rx.tail.pattern) if isinstance(rx, _RunFirst) else rx, "needles", None)
        if not found:
            return None
        needles.extend(found)
    return re.compile(trie_pattern(needles))


@lru_cache(maxsize=1)
def _time_cue_chars() -> str | None:
    """The first characters of :func:`_time_cue`'s strings (a time phrase holds one), or
    None. A few ``in`` tests for them are cheaper than scanning for the strings."""
    cue = _time_cue()
    if cue is None:
        return None
    return "".join(dict.fromkeys(n[0] for n in _time_cue_needles()))


@lru_cache(maxsize=1)
def _time_cue_needles() -> tuple[str, ...]:
    """The strings of :func:`_time_cue` (every deadline rule's needles)."""
    needles: list[str] = []
    for rx, _ in load_rules().deadlines:
        found = getattr(fast_compile(rx.tail.pattern) if isinstance(rx, _RunFirst) else rx, "needles", None)
        needles.extend(found or ())
    return tuple(needles)


@lru_cache(maxsize=1)
def _opener_cue() -> re.Pattern[str] | None:
    """One pattern for the strings one of which every commitment word and every strong
    time phrase holds (per rule: the few strings it can match, see
    :func:`~policytext.text.finite_words`, else its needles; for a duration rule, those of
    its literal tail), or None when a rule has no such strings. A paragraph where it finds nothing
    holds neither, so outside a plan section and without a goal list it holds no target
    (see :func:`_gated_times`); one regex scan answers that faster than a ``str.find`` per
    needle.

    >>> cue = _opener_cue()
    >>> cue is not None and cue.search("会议指出，要加强管理。") is not None
    True
    >>> cue is not None and cue.search("会议强调，加强管理。") is None
    True
    """
    needles: list[str] = []
    for rx, _ in load_rules().commitment:
        words: tuple[str, ...] | None = finite_words(rx.pattern) or getattr(rx, "needles", None)
        if not words:
            return None
        needles.extend(words)
    rules = _deadline_rules()
    for i, (rx, _) in enumerate(load_rules().deadlines):
        if not rules[i].strong:
            continue
        core = fast_compile(rx.tail.pattern) if isinstance(rx, _RunFirst) else rx  # a match holds one of core's
        found: tuple[str, ...] | None = finite_words(core.pattern) or getattr(core, "needles", None)
        if not found:
            return None
        needles.extend(found)
    return re.compile(trie_pattern(needles))


def _holds_char(text: str, chars: str) -> bool:
    """Does ``text`` hold one of ``chars``?"""
    for i in range(len(chars)):
        if chars[i] in text:
            return True
    return False


@lru_cache(maxsize=1)
def _strong_rules() -> int:
    """How many deadline rules, in order, hold every strong one: a rule's matches depend only
    on the rules before it, so these alone find every strong time phrase."""
    rules = _deadline_rules()
    return max((i + 1 for i, r in enumerate(rules) if r.strong), default=0)


def _times(text: str, doc_year: int | None, n_rules: int = -1) -> list[_Time]:
    """All time phrases that can act as deadlines, left to right, without overlaps (those of
    the first ``n_rules`` rules when given)."""
    scan = _TimeScan(text, doc_year)
    scan.run(n_rules if n_rules >= 0 else len(_deadline_rules()))
    return scan.result()


class _TimeScan:
    """The deadline rules run in order over one text, resumable: a rule's matches depend
    only on the rules before it, so running the first ``n`` rules and later the rest finds
    what running all at once finds."""

    def __init__(self, text: str, doc_year: int | None) -> None:
        cue = _time_cue_chars()
        self.text, self.doc_year = text, doc_year
        self.done = 0  # rules run so far
        self.empty = cue is not None and not _holds_char(text, cue)  # no rule can match
        self.found: list[_Time] = []
        self.taken: list[tuple[int, int]] = []
        self.present: list[int] = [-1] * len(_deadline_rules())  # per needle set: -1 unknown, 0, 1

    def run(self, upto: int) -> None:
        """Run the rules up to (not including) index ``upto``."""
        if self.empty:
            return
        text, doc_year, found, taken, present = self.text, self.doc_year, self.found, self.taken, self.present
        deadline_rules = _deadline_rules()
        plans = load_rules().five_year_plans
        for i in range(self.done, min(upto, len(deadline_rules))):
            rule = deadline_rules[i]
            needles = rule.needles
            if needles:
                has = present[rule.group]
                if has < 0:
                    has = present[rule.group] = 1 if _present(text, needles) else 0
                if not has:
                    continue
            kind = rule.kind
            for m in rule.finditer(text):
                ms: int = m.start()
                me: int = m.end()
                if taken and _overlaps(taken, ms, me):
                    continue
                year: int | None = None
                if kind == "year":
                    year = int(m.group("y"))
                elif kind == "relative":
                    year = doc_year + rule.add if doc_year else None
                elif kind == "fyp":
                    year = plans.get(m.group("f"))
                elif kind == "fixed":
                    year = rule.fixed
                if rule.dated and doc_year and year is not None and year < doc_year:
                    continue  # a past year is a reference, not a deadline
                taken.append((ms, me))
                found.append(_Time(ms, me, m.group(0), rule.strong, year, rule.duration))
        self.done = max(self.done, min(upto, len(deadline_rules)))

    def result(self) -> list[_Time]:
        """The time phrases found so far, left to right."""
        return sorted(self.found, key=lambda t: t.start)


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Does ``[a, b)`` overlap one of ``spans``?"""
    for s, e in spans:
        if a < e and s < b:
            return True
    return False


def _gated_times(text: str, facts: Sequence[Fact], section: str | None, year: int | None) -> list[_Time] | None:
    """The time phrases of a paragraph without a goal list, or None when nothing in it can
    open a target (see :meth:`_Para.may_open`): no time phrase and no figure, or, outside a
    plan section, no commitment word and no strong time phrase.

    >>> [t.text for t in _gated_times("2025年将新增5万人。", (), None, 2024) or ()]
    ['2025年']
    >>> _gated_times("2025年新增5万人。", (), None, 2024) is None
    True
    """
    if facts or _FIGURE_CHAR.search(text):
        # cheapest first: the commitment words, then the rules that find strong time phrases
        scan = _TimeScan(text, year)
        if section != "plan" and not _commitments(text):
            scan.run(_strong_rules())
            if not any(t.strong for t in scan.found):
                return None
        scan.run(len(_deadline_rules()))
        return scan.result()
    times = _times(text, year)
    if not times:
        return None
    if section != "plan" and not any(t.strong for t in times) and not _commitments(text):
        return None
    return times


def _quantities(para: _Para, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of figures in ``[a, b)``: the facts given plus a conservative fallback pattern."""
    rules = load_rules()
    text = para.text
    spans = para.facts_in(a, b)
    if not _uncovered_figure(text, a, b, spans):
        # the fallback needs a digit or 百千万亿 inside (quantity_min_digit) and skips a
        # match overlapping a fact: it needs such a character outside the facts
        return sorted(spans)
    for m in rules.quantity.finditer(text, a, min(len(text), b + 2)):
        if m.end() > b or not rules.quantity_digit.search(m.group(0)):
            continue
        if any(m.start() < e and s < m.end() for s, e in spans):
            continue
        if (m.start() > 0 and text[m.start() - 1] in "《“") or _inside_title(text, m.start()):
            continue
        spans.append((m.start(), m.end()))
    return sorted(spans)


def _uncovered_figure(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Does ``text[a:b]`` hold a digit or 百千万亿 outside ``spans`` (sorted by start)?

    >>> _uncovered_figure("新增5万人，3项", 0, 8, [(2, 5)]), _uncovered_figure("新增5万人", 0, 5, [(2, 5)])
    (True, False)
    """
    pos = a
    while (m := _FIGURE_CHAR.search(text, pos, b)) is not None:
        p: int = m.start()
        cover = -1
        for s, e in spans:
            if s > p:
                break
            if p < e:
                cover = max(cover, e)
        if cover < 0:
            return True
        pos = cover
    return False


def _inside_title(text: str, pos: int) -> bool:
    left = text.rfind("《", 0, pos)
    return left >= 0 and text.find("》", left, pos) < 0


def _is_past(chunk: str, *, announced: bool = False) -> bool:
    """Does ``chunk`` report the past? Comparisons (``比上年``) do not count; with
    ``announced``, neither do verbs that announce a plan (``明确了…目标``)."""
    rules = load_rules()
    chunk = rules.comparison.sub("", chunk)
    if announced:
        chunk = rules.announced.sub("", chunk)
    return bool(rules.past.search(chunk))


_NON_DIGITS = re.compile(r"\D*")


def _governed(para: _Para, q: tuple[int, int], clause: tuple[int, int], after: int) -> bool:
    """Is the figure at ``q`` the object of an action (``新增…``, ``达…``, ``按…安排``)?"""
    rules = load_rules()
    text = para.text
    if para.past(*clause):
        return False
    if text.find("基础上", q[1], clause[1]) >= 0 and rules.condition_open.search(text, clause[0], q[0]):
        return False  # 在先期安排2000亿元的基础上… states a premise, not the goal
    lead = _NON_DIGITS.match(text, q[0], q[1])
    window = text[max(clause[0], after) : q[0]] + (lead.group(0) if lead else "")
    tail = text[q[1] : min(clause[1], q[1] + 4)]
    return bool(rules.action.search(window)) or tail.startswith(_GOVERNING_TAIL)


#: what a figure's tail may open with to make it governed without an action word before it
_GOVERNING_TAIL = ("安排", "左右", "以上")
#: marks of a regex whose matches depend on the text around them
_CONTEXT = re.compile(r"\(\?(?:<?[=!])|[\^$]|\\[bBAZ]")


@lru_cache(maxsize=1)
def _action_in_context() -> bool:
    """Does the action rule look outside its match (look-arounds, anchors)? If not, it
    matches a piece of text wherever that piece stands."""
    return bool(_CONTEXT.search(load_rules().action.pattern))


def _clause_of(clauses: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    for c in clauses:
        if c[0] <= pos < c[1]:
            return c
    return clauses[-1]


@lru_cache(maxsize=1)
def _commitment_rules() -> tuple[tuple[Any, tuple[str, ...], str], ...]:
    """The commitment rules as ``(finditer, needles, label)``, in order."""
    return tuple((*_gated(rx), label) for rx, label in load_rules().commitment)


@lru_cache(maxsize=8)
def _commitments(text: str) -> list[tuple[int, int, int, str]]:
    """The matches of the commitment rules in ``text`` outside titles, as ``(start, rule
    index, end, label)`` in order of start, then of rule. The rules never match across the
    marks that end a clause, so a clause's matches are those of the whole text that start
    inside it."""
    out: list[tuple[int, int, int, str]] = []
    for i, (finditer, needles, label) in enumerate(_commitment_rules()):
        if _present(text, needles):
            out.extend((m.start(), i, m.end(), label) for m in finditer(text) if not _inside_title(text, m.start()))
    out.sort()
    return out


def _commitment(para: _Para, a: int, b: int) -> tuple[int, int, str] | None:
    """The first commitment word in clause ``text[a:b]``: (start, end, verb label).

    Each rule offers its first match starting at or after ``a``, kept if it ends by ``b``;
    the earliest start wins, then the earlier rule. Walking the merged matches in that order,
    the first one that is its rule's first and ends by ``b`` is that winner.
    """
    coms, starts = para.commitments()
    k = bisect.bisect_left(starts, a)
    seen: set[int] | None = None
    while k < len(starts) and starts[k] < b:
        s, rule, e, label = coms[k]
        if seen is None or rule not in seen:
            if e <= b:
                return s, e, label
            seen = (seen or set()) | {rule}
        k += 1
    return None


# --------------------------------------------------------------------------- sections


def section_kinds(paragraphs: Sequence[tuple[str, str]], *, date: str | None = None) -> list[str | None]:
    """'review' | 'plan' | None for each ``(text, role)`` paragraph of a document, in order.

    A work report's top-level heading (``一、2023年工作回顾``) opens a review section, a later
    one (``二、2024年…总体要求``, ``三、…政府工作任务``) a plan section; inside a review
    section a paragraph about the current year (``今年是…``, ``2024年是…``) starts the plan.
    Anywhere, a paragraph that opens with ``过去一年``/``五年来``… is review.

    >>> section_kinds([("一、2023年工作回顾", "heading"), ("增长5.2%。", "body"),
    ...                ("二、2024年政府工作任务", "heading"), ("增长5%左右。", "body")], date="2024")
    ['review', 'review', 'plan', 'plan']
    """
    rules = load_rules()
    year = _doc_year(date)
    current: str | None = None
    out: list[str | None] = []
    for text, role in paragraphs:
        line, t = _heading_line(text, role)
        m = rules.heading.match(line or "")
        if line and m:
            title = line[m.end() :]
            years = [int(y) for y in re.findall(r"(\d{4})年", title)]
            if rules.review_heading.search(title):
                current = "review"
            elif rules.plan_heading.search(title) or (year and any(y >= year for y in years)):
                current = "plan"
            elif year and years and all(y < year for y in years):
                current = "review"
            elif current is not None:
                current = "plan"
            if not t:
                out.append(current)
                continue
        kind = current
        if rules.review_paragraph.match(t):
            kind = "review"
        elif current == "review" and role == "body" and _opens_current_year(t, year):
            current = kind = "plan"
        out.append(kind)
    return out


def section_headings(paragraphs: Sequence[tuple[str, str]]) -> list[str | None]:
    """The top-level heading (``二、“十五五”时期主要目标任务``) each ``(text, role)`` paragraph
    stands under, or None before the first one; a heading paragraph gets its own text.

    >>> section_headings([("序言", "body"), ("二、“十五五”时期主要目标", "heading"), ("经济年均增长5%左右。", "body")])
    [None, '二、“十五五”时期主要目标', '二、“十五五”时期主要目标']
    """
    current: str | None = None
    out: list[str | None] = []
    for text, role in paragraphs:
        line, _ = _heading_line(text, role)
        current = line or current
        out.append(current)
    return out


def _heading_line(text: str, role: str) -> tuple[str | None, str]:
    """(top-level heading, the rest) of a paragraph whose first line is such a heading, else
    (None, the stripped text); a layout that joined a heading to the next paragraph is undone.
    """
    t = text.strip()
    first, _, rest = t.partition("\n")
    first = first.strip()
    if role in ("heading", "body", "other") and len(first) <= 60 and load_rules().heading.match(first):
        return first, rest.strip()
    return None, t


def _opens_current_year(t: str, year: int | None) -> bool:
    rules = load_rules()
    if rules.plan_paragraph.match(t):
        return True
    f = re.match(r"“(十[一二三四五]五|[六七八九]五)”(?:时期|期间)?是", t)
    if f and year and rules.five_year_plans.get(f.group(1), 0) >= year:
        return True  # 2026: “十五五”时期是… opens the plan after a review of the last five years
    m = re.match(r"(\d{4})年是", t)
    return bool(m and year and int(m.group(1)) >= year)


# --------------------------------------------------------------------------- targets


def extract_targets(
    text: str,
    facts: Sequence[Fact] = (),
    *,
    date: str | None = None,
    section: str | None = None,
    lead: str | None = None,
    heading: str | None = None,
) -> list[Target]:
    """Targets in one paragraph's text; offsets relative to ``text``.

    ``facts`` are the paragraph's facts (same offsets); a target lists the indices of those
    inside its span. ``date`` (``YYYY[-MM[-DD]]``) resolves ``今年``; ``section`` is the
    paragraph's kind from :func:`section_kinds`: nothing in a ``'review'`` section is a
    target, and in a ``'plan'`` section a task with a figure (``新增高标准农田8000万亩``) is
    one even without a commitment word, its deadline defaulting to the document's year, or
    to the end of a five-year plan that the section's ``heading`` names
    (``二、“十五五”时期主要目标任务`` → 2030; see :func:`section_headings`). ``lead`` is the
    previous paragraph's text: when it ends with a goal-list cue (``主要预期目标是：``) this
    paragraph's first sentence is that list.

    >>> t = extract_targets("主要预期目标是：增长5%左右；就业保持稳定。", date="2024-03-05")
    >>> [(x.text, x.verb, x.deadline, x.quantified) for x in t]
    [('主要预期目标是：增长5%左右', '预期目标', 2024, True), ('就业保持稳定', '预期目标', 2024, False)]
    """
    if section == "review" or not text or text.isspace():
        return []
    if section != "plan" and _quiet(text, lead):
        return []  # no goal list, no commitment word, no strong time phrase: nothing opens a target
    year = _doc_year(date)
    found: list[Target] = []
    rules = load_rules()
    fallback = _heading_deadline(heading, year)
    in_review = False
    cue = _lead_cue(lead, year, section, fallback)
    goal_cue = _has_goal_cue(text)
    if cue is None and not goal_cue:
        # without a goal list, every target comes from a segment that _Para.may_open lets through
        gated = _gated_times(text, facts, section, year)
        if gated is None:
            return []
        times = gated
    else:
        times = _times(text, year)
    para = _Para(text, facts, times, section)
    if cue is not None:
        sb = para.split(0, len(text), _SENT_END)[0][1]
        handled = _goal_items(text, 0, sb, True, _trim(text, 0, sb)[0], times, cue, found) or 0
        for ga, gb in para.split(handled, sb, _SEG_END):
            if para.may_open(ga, gb):
                _segment_targets(para, ga, gb, year, section, found, fallback)
        text_from = sb
    else:
        text_from = 0
    for sa, sb in para.split(text_from, len(text), _SENT_END):
        # inside a paragraph, a sentence opening with 过去一年… reports results up to one about 今年…
        head = text[sa:sb].lstrip(_TRIM)
        if rules.review_paragraph.match(head):
            in_review = True
        elif in_review and rules.plan_paragraph.match(head):
            in_review = False
        if in_review:
            continue
        handled = _goal_list(text, sa, sb, times, year, section, found, fallback) if goal_cue else sa
        for ga, gb in para.split(handled, sb, _SEG_END):
            if para.may_open(ga, gb):
                _segment_targets(para, ga, gb, year, section, found, fallback)
    for t in found:
        a, b = t.start, t.end
        t.text = text[a:b]
        t.facts = [i for i, f in enumerate(facts) if a <= f.start and f.end <= b]
        t.quantified = bool(para.facts_in(a, b)) or bool(_quantities(para, a, b))  # facts first: cheap
    return found


def _quiet(text: str, lead: str | None) -> bool:
    """Can nothing open a target in paragraph ``text`` outside a plan section: no goal-list
    cue ends ``lead`` (checked loosely: it ends with a colon), ``text`` holds no goal-list
    cue and :func:`_opener_cue` finds nothing in it? Then :func:`extract_targets` finds no
    target, without building anything for the paragraph.

    >>> _quiet("会议强调，加强管理。", None), _quiet("会议强调，要加强管理。", None)
    (True, False)
    >>> _quiet("会议强调，加强管理。", "主要目标是：")
    False
    """
    cue = _opener_cue()
    if cue is None or cue.search(text) is not None:
        return False
    if lead and lead.rstrip(" \t\u3000\n").endswith(("：", ":")):
        return False  # the previous paragraph may open a goal list (see _lead_cue)
    return not _has_goal_cue(text)


def _has_goal_cue(text: str) -> bool:
    """Does ``text`` hold a goal-list cue? Every match holds one of the cue's needles and is
    at most as wide as the cue's widest match, so when the cue does not look outside its
    match, scanning the window around each needle found answers (the cue scans slowly:
    it opens with optional words).

    >>> _has_goal_cue("今年的目标是：增长5%。"), _has_goal_cue("实现目标。")
    (True, False)
    """
    rx = load_rules().goal_cue
    needles: tuple[str, ...] | None = getattr(rx, "needles", None)
    width = _goal_cue_width()
    if not needles or width < 0:
        return rx.search(text) is not None
    for n in needles:
        k = text.find(n)
        while k >= 0:
            if rx.search(text, max(0, k + len(n) - width), k + width) is not None:
                return True
            k = text.find(n, k + 1)
    return False


@lru_cache(maxsize=1)
def _goal_cue_width() -> int:
    """The longest match the goal-list cue can have, or -1 when unbounded or when the cue
    looks outside its match (look-arounds, anchors)."""
    pattern = load_rules().goal_cue.pattern
    width = longest_match(pattern)
    return -1 if width is None or _CONTEXT.search(pattern) else width


def _default_deadline(
    text: str, year: int | None, section: str | None, fallback: int | None = None
) -> int | None:
    """The deadline of a plan task without its own: a later five-year plan it names, else
    ``fallback`` (the section's), else the document's year."""
    if section != "plan":
        return None
    rules = load_rules()
    for m in re.finditer(r"“(十[一二三四五]五|[六七八九]五)”", text):
        end = rules.five_year_plans.get(m.group(1))
        if end and year and end > year:
            return end
    return fallback or year


@lru_cache(maxsize=64)
def _heading_deadline(heading: str | None, year: int | None) -> int | None:
    """The end of a later five-year plan that a section heading is about, else None.

    >>> _heading_deadline("二、“十五五”时期主要目标任务", 2026)
    2030
    >>> _heading_deadline("三、奋力实现“十五五”良好开局", 2026) is None
    True
    """
    if not heading or not year:
        return None
    rules = load_rules()
    if rules.heading_now.search(heading) or any(int(y) >= year for y in re.findall(r"(\d{4})年", heading)):
        return None
    for m in re.finditer(r"“?(十[一二三四五]五|[六七八九]五)”?(?:时期|期间|规划|发展|主要|目标)", heading):
        end = rules.five_year_plans.get(m.group(1))
        if end and end > year:
            return end
    return None


@dataclass
class _Cue:
    """A goal-list cue: the verb its items get, their deadline and the time phrase before it."""

    verb: str
    deadline: int | None
    period: str | None
    year: int | None


def _lead_cue(
    lead: str | None, year: int | None, section: str | None, fallback: int | None
) -> _Cue | None:
    """The goal-list cue that ends the paragraph ``lead`` (``…主要预期目标是：``), if any."""
    if not lead or section == "review":
        return None
    rules = load_rules()
    tail = lead.rstrip(" \t\u3000\n")
    if not tail.endswith(("：", ":")):
        return None
    sa = _split(tail, 0, len(tail), _SENT_END)[-1][0]
    cues = list(rules.goal_cue.finditer(tail, sa))
    m = cues[-1] if cues else None
    if m is None or m.end() < len(tail) or not rules.goal_word.search(m.group(0)):
        return None
    head = tail[sa : m.start()]
    if _is_past(head, announced=True) or rules.forecast.search(head):
        return None
    before = [t for t in _times(tail, year) if sa <= t.start < m.start()]
    return _make_cue(m.group(0), before, year, section, tail, fallback)


def _goal_list(
    text: str,
    sa: int,
    sb: int,
    times: Sequence[_Time],
    year: int | None,
    section: str | None,
    out: list[Target],
    fallback: int | None = None,
) -> int:
    """Targets of a goal list in sentence ``[sa, sb)``; returns where other rules may resume."""
    rules = load_rules()
    m = rules.goal_cue.search(text, sa, sb)
    if not m or m.end() >= sb:
        return sa
    head = text[sa : m.start()]
    if _is_past(head, announced=True) or rules.forecast.search(head) or not rules.goal_word.search(m.group(0)):
        return sa
    clauses = _split(text, sa, sb, _CLAUSE_END + _SEG_END)
    cue_clause = _clause_of(clauses, m.start())
    before = [t for t in times if sa <= t.start < m.start()]
    in_clause = [t for t in before if t.start >= cue_clause[0]]
    cue = _make_cue(m.group(0), before, year, section, text, fallback)
    colon = text[m.end() - 1] in "：:"
    body_end = sb if colon else _clause_of(clauses, m.end())[1]
    first_start = in_clause[0].start if in_clause else m.start()
    return _goal_items(text, m.end(), body_end, colon, first_start, times, cue, out) or sa


def _make_cue(
    word: str, before: Sequence[_Time], year: int | None, section: str | None, text: str, fallback: int | None
) -> _Cue:
    rules = load_rules()
    verb = rules.expected_verb if "预期" in word else rules.plain_verb
    deadline = next((t.year for t in reversed(before) if t.year is not None), None)
    if deadline is None:
        deadline = year if verb == rules.expected_verb else _default_deadline(text, year, section, fallback)
    last = before[-1] if before else None
    return _Cue(verb, deadline, last.text if last else None, last.year if last else None)


def _goal_items(
    text: str,
    body_start: int,
    body_end: int,
    colon: bool,
    first_start: int,
    times: Sequence[_Time],
    cue: _Cue,
    out: list[Target],
) -> int | None:
    """One target per item of the list in ``[body_start, body_end)``; the end of the last."""
    rules = load_rules()
    spans = (_trim(text, a, b) for a, b in _split(text, body_start, body_end, "，,；;"))
    pieces = [p for p in spans if p[0] < p[1]]
    items: list[list[int]] = []
    pending_start: int | None = None
    for a, b in pieces:
        piece = text[a:b]
        if piece.strip("等") == "":
            continue  # a list closing with 等等
        if rules.condition.match(piece) or _only_time(piece, times, a):
            pending_start = a if pending_start is None else pending_start
            continue
        if items and pending_start is None and rules.continuation.match(piece):
            items[-1][1] = b
            continue
        items.append([pending_start if pending_start is not None else a, b])
        pending_start = None
    if not colon and items:
        # without a colon only the first goal (and a time phrase before it) belongs to the cue
        items = items[:1]
    for n, (a, b) in enumerate(items):
        start = first_start if n == 0 else a
        own = [t for t in times if a <= t.start < b and t.year is not None and t.strong]
        out.append(
            Target(
                start=start,
                end=b,
                text=text[start:b],
                verb=cue.verb,
                object=text[a:b],
                deadline=own[0].year if own else cue.deadline,
                period=own[0].text if own else cue.period,
                year=own[0].year if own else cue.year,
            )
        )
    return items[-1][1] if items else None


def _only_time(piece: str, times: Sequence[_Time], a: int) -> bool:
    for t in times:
        if t.start == a and t.end - t.start >= len(piece.rstrip("，,")) - 1:
            return True
    return False


_N_OPEN: Final = len(_OPEN)
_N_BRACKETS: Final = len(_OPEN) + len(_CLOSE)
_NEWLINE: Final = _MARKS.index("\n")
_MARK_BITS: dict[str, int] = {}
_COMMON: Final = "。，“”（）"  # the marks most paragraphs hold (a speed choice: any set gives the same keys)
_ALL_MARKS: Final = tuple(range(len(_MARKS)))  # indices into _MARKS
_COMMON_MARKS: Final = tuple(i for i in range(len(_MARKS)) if _MARKS[i] in _COMMON)
_RARE_MARK: Final = re.compile("[" + re.escape("".join(ch for ch in _MARKS if ch not in _COMMON)) + "]")


def _mark_keys(text: str) -> list[int]:
    """The characters of ``_MARKS`` in ``text`` as ``offset * 64 + index in _MARKS``, in
    order of offset: one ``str.find`` per occurrence of each mark (far cheaper than a regex
    scan of a class of CJK characters).

    >>> [(v >> 6, _MARKS[v & 63]) for v in _mark_keys("甲（乙，丙）。")]
    [(1, '（'), (3, '，'), (5, '）'), (6, '。')]
    """
    keyed: list[int] = []
    # most paragraphs hold only the common marks: one scan for the others spares a
    # str.find per absent mark
    for i in _ALL_MARKS if _RARE_MARK.search(text) is not None else _COMMON_MARKS:
        ch = _MARKS[i]
        k = text.find(ch)
        while k >= 0:
            keyed.append(k * 64 + i)
            k = text.find(ch, k + 1)
    keyed.sort()
    return keyed


def _mark_bits(marks: str) -> int:
    """The characters of ``marks`` as a bit set over their indices in ``_MARKS``.

    >>> _mark_bits("；;") == (1 << _MARKS.index("；")) | (1 << _MARKS.index(";"))
    True
    """
    bits = _MARK_BITS.get(marks)
    if bits is None:
        bits = 0
        for ch in marks:
            i = _MARKS.find(ch)
            if i >= 0:
                bits |= 1 << i
        _MARK_BITS[marks] = bits
    return bits


class _Para:
    """Scans of one paragraph done once and looked up per segment or clause by offset: time
    phrases, the facts' figures, commitment words, which clauses report the past.

    It also gates :func:`_segment_targets` (:meth:`may_open`): every opener of a target
    starts at a commitment word or a strong time phrase in the segment, except a task in a
    plan section, which :func:`_qualify` keeps only with a governed figure (a fact, or the
    fallback pattern, which needs a digit or 百千万亿; governed by an action word before it
    or 安排/左右/以上 after it); other openers need such a figure or a time phrase, all
    inside the segment (a time phrase in the clause before the opener starts at most 3
    characters after that clause, hence the margin).

    >>> t = "要加强管理，提高水平。同时，2025年将新增5万人。"
    >>> p, k = _Para(t, (), _times(t, 2024), None), t.index("同")
    >>> p.may_open(0, k), p.may_open(k, len(t))
    (False, True)
    """

    def __init__(self, text: str, facts: Sequence[Fact], times: Sequence[_Time], section: str | None) -> None:
        rules = load_rules()
        self.text, self.facts, self.times = text, facts, times
        # facts that count as figures, in order of start
        self.fact_spans = sorted(
            (f.start, f.end) for f in facts if f.quantity != "rank" and not rules.enumeration.fullmatch(f.text)
        )
        self.fact_starts = [s for s, _ in self.fact_spans]
        self.time_starts = [t.start for t in times]
        self.strong = [t for t in times if t.strong]
        self.strong_starts = [t.start for t in self.strong]
        self._coms: tuple[list[tuple[int, int, int, str]], list[int]] | None = None
        self._past: dict[tuple[int, int], bool] = {}
        self.plan = section == "plan"
        self._openers: list[int] | None = None
        self._keyed: list[int] | None = None  # the marks of the text, see _mark_keys
        self._can: dict[str, bool] = {}

    def split(self, a: int, b: int, marks: str) -> list[tuple[int, int]]:
        """:func:`_split` of ``text[a:b]``, from one scan of the paragraph for the marks."""
        keyed = self._keyed
        if keyed is None:
            keyed = self._keyed = _mark_keys(self.text)
        bits = _mark_bits(marks)
        out: list[tuple[int, int]] = []
        depth, s = 0, a
        k, n, stop = bisect.bisect_left(keyed, a * 64), len(keyed), b * 64
        while k < n and keyed[k] < stop:
            v: int = keyed[k]
            k += 1
            i = v & 63
            if i < _N_OPEN:
                depth += 1
            elif i < _N_BRACKETS:
                depth = max(0, depth - 1)
            elif not (bits >> i) & 1:
                continue
            elif depth == 0 or i == _NEWLINE:
                e = (v >> 6) + 1
                out.append((s, e))
                s = e
                depth = 0
        if s < b:
            out.append((s, b))
        return out

    def openers(self) -> list[int]:
        """Starts of the commitment words and strong time phrases, in order."""
        if self._openers is None:
            self._openers = sorted(self.commitments()[1] + self.strong_starts)
        return self._openers

    def commitments(self) -> tuple[list[tuple[int, int, int, str]], list[int]]:
        """:func:`_commitments` of the text and their starts."""
        if self._coms is None:
            coms = _commitments(self.text)
            self._coms = coms, [c[0] for c in coms]
        return self._coms

    def past(self, a: int, b: int) -> bool:
        """:func:`_is_past` of ``text[a:b]``, remembered."""
        found = self._past.get((a, b))
        if found is None:
            found = self._past[(a, b)] = _is_past(self.text[a:b])
        return found

    def first_strong(self, a: int, b: int) -> _Time | None:
        """The first strong time phrase starting in ``[a, b)``."""
        k = bisect.bisect_left(self.strong_starts, a)
        return self.strong[k] if k < len(self.strong) and self.strong_starts[k] < b else None

    def facts_in(self, a: int, b: int) -> list[tuple[int, int]]:
        """Spans of the figure facts inside ``[a, b]``, in order of start."""
        spans, k = self.fact_spans, bisect.bisect_left(self.fact_starts, a)
        out = []
        while k < len(spans) and spans[k][0] <= b:
            if spans[k][1] <= b:
                out.append(spans[k])
            k += 1
        return out

    def has_figure(self, a: int, b: int) -> bool:
        """Can ``[a, b)`` hold a figure (:func:`_quantities`): a fact, or a digit or 百千万亿?"""
        return bool(self.facts_in(a, b)) or bool(_FIGURE_CHAR.search(self.text, a, b))  # cheap first

    def can(self, name: str, rx: Any) -> bool:
        """Can rule ``rx`` (a :class:`GatedPattern` or a regex) match anywhere in the
        paragraph, by its needles? Remembered under ``name``."""
        found = self._can.get(name)
        if found is None:
            needles: tuple[str, ...] | None = getattr(rx, "needles", None)
            found = self._can[name] = _present(self.text, needles) if needles else True
        return found

    def may_open(self, a: int, b: int) -> bool:
        """Can segment ``text[a:b]`` hold a target?"""
        if self.plan:  # a task with a governed figure, or a target opened as elsewhere
            if _any_in(self.time_starts, a, b + 3) and _any_in(self.openers(), a, b):
                return True
        elif not _any_in(self.openers(), a, b):
            return False
        elif _any_in(self.time_starts, a, b + 3):
            return True
        return self.has_figure(a, b) and self.may_govern(a, b)

    def may_govern(self, a: int, b: int) -> bool:
        """Can a figure in ``[a, b)`` be governed (:func:`_governed`)? The action word before
        it, or the word its tail opens with, lies inside ``[a, b)``."""
        if _action_in_context() or load_rules().action.search(self.text, a, b):
            return True
        return any(self.text.find(w, a, b) >= 0 for w in _GOVERNING_TAIL)


def _any_in(starts: list[int], a: int, b: int) -> bool:
    """Does sorted ``starts`` hold a value in ``[a, b)``?"""
    k = bisect.bisect_left(starts, a)
    return k < len(starts) and starts[k] < b


@dataclass
class _Opener:
    clause: int
    start: int
    verb: str | None
    verb_end: int
    kind: str  # commit | deadline | plan | item
    parent: int | None = None  # for an item: index of the opener whose list it continues


def _segment_targets(
    para: _Para,
    ga: int,
    gb: int,
    year: int | None,
    section: str | None,
    out: list[Target],
    fallback: int | None = None,
) -> None:
    """Targets opened by a commitment word, a deadline or (in a plan) a task with a figure.

    A clause list after a complete goal (``计划三年投入30亿元，培育2个产业集群``) or a run of
    tasks in a plan section (``新建农田4.5万亩，新增绿地120公顷``) gives one target per clause
    that holds its own governed figure; clauses that only qualify the one before
    (``比上年增加…``, ``其中…``) or carry no figure of their own stay with it.
    """
    rules = load_rules()
    text = para.text
    clauses = [c for c in para.split(ga, gb, _CLAUSE_END) if _NOT_TRIM.search(text, c[0], c[1])]
    if not clauses:
        return
    fc = rules.forecast.search(text, ga, gb) if para.can("forecast", rules.forecast) else None
    forecast_from = fc.start() if fc else gb
    openers: list[_Opener] = []
    # does the current target already hold a goal with a figure? (a clause and the position
    # after which to look, until a later clause needs to know)
    complete: bool | tuple[int, int, int] = False
    for k, (ca, cb) in enumerate(clauses):
        if ca >= forecast_from or (fc and ca <= fc.start() < cb):
            break
        com = _commitment(para, ca, cb)
        if com:
            openers.append(_Opener(k, com[0], com[2], com[1], "commit"))
            complete = (ca, cb, com[1])
            continue
        strong = para.first_strong(ca, cb)
        if strong and not para.past(ca, cb):
            openers.append(_Opener(k, strong.start, None, strong.end, "deadline"))
            complete = (ca, cb, strong.end)
            continue
        if not openers:
            if section != "plan":
                continue
        elif complete is not True:
            if complete is False or not _own_figure(para, (complete[0], complete[1]), complete[2]):
                complete = False
                continue
            complete = True
        if not para.has_figure(ca, cb):
            continue  # no own figure (checked first: the cheapest test)
        s = _trim(text, ca, cb)[0]
        if rules.clause_continuation.match(text[s:cb]):
            continue
        if para.past(ca, cb) or not _own_figure(para, (ca, cb), ca):
            continue
        parent = next((n for n in range(len(openers) - 1, -1, -1) if openers[n].kind != "item"), None)
        kind = "plan" if section == "plan" and (parent is None or openers[parent].kind == "plan") else "item"
        openers.append(_Opener(k, s, None, s, kind, parent if kind == "item" else None))
        complete = True
    built: dict[int, Target | None] = {}
    for n, op in enumerate(openers):
        last = (openers[n + 1].clause if n + 1 < len(openers) else len(clauses)) - 1
        if last < op.clause:
            continue
        end = _trim(text, clauses[op.clause][0], clauses[last][1])[1]
        parent_target = built.get(op.parent) if op.parent is not None else None
        if op.kind == "item" and parent_target is None:
            if section != "plan":
                built[n] = None
                continue
            op.kind = "plan"
        target = _qualify(para, op, clauses, last, end, year, section, parent_target, fallback)
        built[n] = target
        if target is not None:
            out.append(target)


def _own_figure(para: _Para, clause: tuple[int, int], after: int) -> bool:
    """Does the clause hold a governed figure after position ``after``?"""
    a = max(after, clause[0])
    if not para.has_figure(a, clause[1]):
        return False
    qs = _quantities(para, a, clause[1])
    return any(_governed(para, q, clause, clause[0]) for q in qs)


def _qualify(
    para: _Para,
    op: _Opener,
    clauses: Sequence[tuple[int, int]],
    last: int,
    end: int,
    year: int | None,
    section: str | None,
    parent: Target | None = None,
    fallback: int | None = None,
) -> Target | None:
    """Build the target opened by ``op`` over clauses ``op.clause..last``, or None."""
    rules = load_rules()
    text, times = para.text, para.times
    ca, cb = clauses[op.clause]
    start = op.start
    # a time phrase that opens the clause (or stands alone in the clause before) leads the target
    prev_time = None
    if op.clause > 0 and op.kind != "item":
        pa, pb = clauses[op.clause - 1]
        p = _trim(text, pa, pb)
        lone = [t for t in times if t.start >= p[0] and t.end >= p[1] - 2 and t.start <= p[0] + 3]
        if lone:
            prev_time = lone[0]
    own = [t for t in times if ca <= t.start < cb]
    weak_ok = [t for t in own] + ([prev_time] if prev_time else [])
    strong_span = [t for t in times if ca <= t.start < end and t.strong]
    deadline_t = next(
        (t for t in weak_ok if (t.strong or op.kind != "deadline") and (t.strong or not t.duration)), None
    ) or (strong_span[0] if strong_span else None)
    period_t = deadline_t or next((t for t in own if t.start >= op.start), None)
    if op.kind == "commit" and para.past(ca, cb) and not deadline_t:
        return None
    if op.kind == "commit" and rules.movement.match(text, op.verb_end):
        return None  # 将前往…, 将如约而至: an itinerary, not a goal
    if para.can("not_goal_end", rules.not_goal_end) and rules.not_goal_end.search(text, start, end):
        return None  # …是今年确保稳产的重要手段之一, 要注重以下几点: not a goal
    leading = [t for t in own if t.start < start]
    if leading:
        start = min(start, leading[0].start)
        if text[max(ca, start - 1) : start] == "从":
            start -= 1
    elif prev_time and op.kind != "plan" and deadline_t is prev_time:
        start = prev_time.start
    bare = op.kind in ("plan", "item")
    quantities = _quantities(para, op.verb_end if not bare else ca, end)
    governed = [
        q for q in quantities if _governed(para, q, _clause_of(clauses, q[0]), op.start if q[0] < cb else 0)
    ]
    if bare and not governed:
        return None
    if not governed and deadline_t is None:
        return None
    if not governed and para.can("event", rules.event) and rules.event.search(text, ca, end):
        return None
    if para.can("forecast", rules.forecast) and rules.forecast.search(text, start, end):
        return None
    if op.kind == "deadline" and (end - op.verb_end < 4 or text[op.verb_end : op.verb_end + 2].lstrip("，,")[:1] in "是为"):
        return None
    deadline = deadline_t.year if deadline_t else None
    # a duration (计划三年…, 三年内) is not a calendar deadline
    open_ended = (deadline_t is not None and deadline_t.duration) or (
        deadline_t is None and any(t.duration for t in own)
    )
    if op.kind == "item" and parent is not None and deadline_t is None:
        deadline, open_ended = parent.deadline, parent.deadline is None
        period_t = None
    if deadline is None and not open_ended:
        earlier = [t.year for t in times if t.end <= start and t.strong and t.year]
        deadline = earlier[-1] if earlier else _default_deadline(text, year, section, fallback)
    verb = op.verb
    obj_start = max(op.verb_end, deadline_t.end if deadline_t and deadline_t.start >= start else 0)
    if verb is None:
        # the action word nearest before the first governed figure (…投入年均增长10% → 增长)
        frm = obj_start if not bare else start
        acts = list(rules.action.finditer(text, frm, governed[0][0])) if governed else []
        am = acts[-1] if acts else rules.action.search(text, frm, end)
        verb = am.group(0) if am else None
    obj_a, obj_b = _trim(text, obj_start, end)
    return Target(
        start=start,
        end=end,
        text=text[start:end],
        verb=verb,
        object=text[obj_a:obj_b] or None,
        deadline=deadline,
        period=period_t.text if period_t else (parent.period if parent is not None else None),
        year=period_t.year if period_t else (parent.year if parent is not None else None),
    )
