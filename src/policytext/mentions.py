"""Mentions: document titles, target groups, slogans, places and organisations.

Precision first: a mention is reported only when a rule is confident.

* ``document``: a title in ``《…》`` (``name`` without the brackets), unless it names a
  programme or a work (``《新闻联播》``, ``电视剧《…》``; ``data/mentions/documents.json``);
* ``group``: a term of the target-group lexicon (``data/mentions/groups.txt``; extend it with
  :func:`load_groups`); a stated size next to it (``技术工人有9.3万名``, ``20万大学生``) is
  linked through ``facts``;
* ``slogan``: numbered slogans and formulas (``“1+1+6”``, ``五个共同``, ``十四五``, ``一老一小``);
* ``place``: provinces (``浙江``, ``浙江省``) and words the segmenter's dictionary knows as
  place names ending in an administrative suffix (``杭州市``, ``钱塘区``);
* ``organization``: a lexicon of state organs (``国务院``, ``生态环境部``) plus an
  organisation name or place followed by a few words ending in an organisation suffix
  (``钱塘区农业农村局``, ``中科院医学所``).

>>> [(m.kind, m.name) for m in extract_mentions("国务院印发《关于加快发展的意见》，惠及农民工。")]
[('organization', '国务院'), ('document', '关于加快发展的意见'), ('group', '农民工')]
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from .facts import Fact
from .text import fast_compile, longest_match, trie_pattern

__all__ = ["Mention", "extract_mentions", "load_groups", "group_terms", "KINDS"]

KINDS = ("document", "group", "slogan", "place", "organization")


@dataclass
class Mention:
    """A named item: a document title, target group, slogan, place or organisation."""

    start: int
    end: int
    text: str
    kind: str
    name: str
    facts: list[int] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        """The SPEC.md fields of this mention (without doc-level fields)."""
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "name": self.name, "facts": list(self.facts)}


# --------------------------------------------------------------------------- data


def _data(name: str) -> str:
    return resources.files("policytext").joinpath(f"data/mentions/{name}").read_text("utf-8")


def _terms(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        out.extend(line.split())
    return out


_EXTRA_GROUPS: list[str] = []


def load_groups(paths: Iterable[str | Path] = (), terms: Iterable[str] = ()) -> list[str]:
    """Add target-group terms (txt files, one term a line, and/or terms) to the lexicon.

    Returns the whole lexicon now in use.

    >>> "护林员" in load_groups(terms=["护林员"])
    True
    """
    added = [t for p in paths for t in _terms(Path(p).read_text(encoding="utf-8"))] + list(terms)
    _EXTRA_GROUPS.extend(t for t in added if t and t not in _EXTRA_GROUPS)
    _group_regex.cache_clear()
    _any_rule.cache_clear()  # the one-scan gate holds the group terms too
    return group_terms()


def group_terms() -> list[str]:
    """The target-group lexicon: shipped terms plus those added with :func:`load_groups`."""
    shipped = _terms(_data("groups.txt"))
    return shipped + [t for t in _EXTRA_GROUPS if t not in shipped]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _group_regex() -> re.Pattern[str]:
    terms = group_terms()
    # a trie tries the longest term first, as the sorted alternation does, but scans faster
    return re.compile(f"(?:{trie_pattern(terms) if terms else _alternation(terms)})(?!口)")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    slogans = json.loads(_data("slogans.json"))
    suffixes = json.loads(_data("suffixes.json"))
    media = json.loads(_data("documents.json"))
    provinces = _terms(_data("places.txt"))
    prov_forms = provinces + [p + s for p in provinces for s in ("省", "市", "自治区")]
    return {
        "slogan_lexicon": re.compile(f"(?:“(?:{trie_pattern(slogans['lexicon'])})|{trie_pattern(slogans['lexicon'])})”?"),
        "slogan_lexicon_gate": re.compile(trie_pattern(slogans["lexicon"])),
        # every slogan rule at once: a paragraph it finds nothing in has no slogan
        "slogan_any": _union_gate(slogans["lexicon"], [*slogans["patterns"], slogans["quoted"]["pattern"]]),
        "quoted_not_suffix": re.compile(slogans["quoted"]["not_suffix"]),
        "slogan_patterns": [(fast_compile(p), _literal_gate(p) or _gate(p), _reach(p)) for p in slogans["patterns"]],
        "provinces": set(prov_forms),
        "place_suffix": tuple(sorted(suffixes["place_suffix"], key=len, reverse=True)),
        "place_generic": set(suffixes["place_generic"]),
        "org_lexicon": re.compile(trie_pattern(_terms(_data("organizations.txt")))),
        "org_suffix": tuple(sorted(suffixes["org_suffix"], key=len, reverse=True)),
        "org_link": set(suffixes["org_link_words"]),
        "org_session": re.compile(suffixes["org_session"]),
        "org_generic": set(suffixes["org_generic"]),
        "org_bad_final": tuple(suffixes["org_bad_final"]),
        "org_stop": set(suffixes["org_stop_words"]),
        "quoted": fast_compile(slogans["quoted"]["pattern"]),
        "quoted_spec": slogans["quoted"],
        "max_org_tokens": int(suffixes["max_org_tokens"]),
        "media": {
            "before": re.compile(media["media_before"]),
            "after": re.compile(media["media_after"]),
            "programmes": set(media["programmes"]),
            "name": re.compile(media["programme_name"]),
        },
    }


def _reach(pattern: str) -> int:
    """How far before a text it contains a match of ``pattern`` can open: its longest match
    (look-arounds take no width); -1 when matches have no bound.

    >>> _reach("“?(?:十[四五]五)”?(?=规划)"), _reach(r"\\d+")
    (5, -1)
    """
    longest = longest_match(pattern)
    return longest if longest is not None and longest < 1000 else -1


_LEADING_LOOKBEHIND = re.compile(r"\(\?<[!=](?:[^()\\]|\\.)*\)")


def _gate(pattern: str) -> re.Pattern[str] | None:
    """A quick test for a rule that opens with a look-behind: the rule without it.

    It matches wherever the rule does (a look-behind only narrows), and ``re`` scans a
    pattern that opens with a character class far faster. None when there is none to drop.

    >>> _gate("(?<![一二])[一二]个").pattern
    '[一二]个'
    """
    m = _LEADING_LOOKBEHIND.match(pattern)
    return re.compile(pattern[m.end() :]) if m else None


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary (``ns`` place, ``nt`` organisation).

    Read straight from the ``word freq tag`` lines of the dictionary file that ships with
    jieba, as ``jieba.posseg`` reads them, without importing jieba (its tagger and
    prefix dictionary are not needed, and loading them took longer than the file).
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed (it is a dependency of policytext)")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    tags: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split(" ")
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return tags


# --------------------------------------------------------------------------- one scan for all rules

#: most expansions a rule's gate may hold (a product of classes grows quickly)
_GATE_MAX = 256

_Alt = tuple[str, str]  # (literal text, regex suffix: "" or a class such as \d)


def _expand(items: Any) -> list[str] | None:
    """Every string a sequence of literals, literal classes and branches matches, or None."""
    from re import _constants as c  # type: ignore[attr-defined]

    out = [""]
    for op, av in items:
        if op is c.LITERAL:
            opts = [chr(av)]
        elif op is c.IN and all(o is c.LITERAL for o, _ in av):
            opts = [chr(v) for _, v in av]
        elif op is c.BRANCH:
            alts = [_expand(a) for a in av[1]]
            if any(a is None for a in alts):
                return None
            opts = [s for a in alts for s in a]  # type: ignore[union-attr]
        elif op is c.SUBPATTERN and not av[1] and not av[2]:
            opts = _expand(av[3])  # type: ignore[assignment]
            if opts is None:
                return None
        else:
            return None
        out = [a + b for a in out for b in opts]
        if len(out) > _GATE_MAX:
            return None
    return out


def _runs(items: Any) -> list[list[_Alt]]:
    """Runs of required parts of a parsed pattern, each as the texts one of which every
    match contains (a literal text, maybe followed by a digit class)."""
    from re import _constants as c  # type: ignore[attr-defined]

    runs: list[list[_Alt]] = []
    run: list[str] | None = None

    def close(suffix: str = "") -> None:
        nonlocal run
        if run and all(run):
            runs.append([(s, suffix) for s in run])
        run = None

    todo = list(items)[::-1]
    while todo:
        op, av = todo.pop()
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: the characters around it are still adjacent
        if op is c.SUBPATTERN and not av[1] and not av[2] and _expand(av[3]) is None:
            todo.extend(list(av[3])[::-1])  # a group is its parts in sequence
            continue
        opts = _expand([(op, av)])
        if opts is not None:
            run = opts if run is None else [a + b for a in run for b in opts]
            if len(run) > _GATE_MAX:
                run = None
            continue
        digit = [(c.IN, [(c.CATEGORY, c.CATEGORY_DIGIT)])]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and list(av[2]) == digit:
            close(r"\d")
            continue
        close()
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            runs.extend(_runs(av[2]))
    close()
    return runs


def _gate_texts(pattern: str) -> list[_Alt] | None:
    """Texts one of which every match of ``pattern`` contains, or None when none are found.

    The run chosen is the longest (a digit class counts as one character), then the one
    with a digit class, then the one with fewest texts.

    >>> _gate_texts("(?<![一二])[一二]个(?:共同|确立)")
    [('一个共同', ''), ('一个确立', ''), ('二个共同', ''), ('二个确立', '')]
    >>> _gate_texts(r"\\d+(?:\\+\\d+)+")
    [('+', '\\\\d')]
    """
    from re import _parser  # type: ignore[attr-defined]

    tree = _parser.parse(pattern)
    if tree.state.flags & re.IGNORECASE:
        return None
    runs = _runs(tree)
    if not runs:
        return None
    return max(runs, key=lambda r: (min(len(s) + bool(x) for s, x in r), bool(r[0][1]), -len(r)))


def _literal_gate(pattern: str) -> re.Pattern[str] | None:
    """A quick test for a rule: the texts of :func:`_gate_texts` as one regex whose every
    branch opens with a literal (``re`` skips to those characters). None when there are none.

    >>> _literal_gate("“?(?:十[四五]五|[六七]五)”?(?=规划)").pattern
    '七五|六五|十(?:五五|四五)'
    """
    texts = _gate_texts(pattern)
    if texts is None:
        return None
    words = [s for s, suffix in texts if not suffix]
    fragments = sorted({re.escape(s) + suffix for s, suffix in texts if suffix})
    return re.compile("|".join(([_plain_trie(words)] if words else []) + fragments))


def _plain_trie(words: Iterable[str]) -> str:
    """:func:`trie_pattern` without its look-ahead on first characters: every branch opens
    with a literal, so ``re`` skips to the positions where a word can start."""
    by_first: dict[str, list[str]] = {}
    for w in set(words):
        if w:
            by_first.setdefault(w[0], []).append(w)
    return "|".join(trie_pattern(ws) for _, ws in sorted(by_first.items())) or "(?!)"


@lru_cache(maxsize=1)
def _any_rule() -> re.Pattern[str] | None:
    """One regex that finds something in every paragraph where a title, group, slogan or
    lexicon organisation can match (and maybe in others); None when no such gate is known.

    A paragraph it finds nothing in skips those rules: only the word-based place and
    organisation rules remain.
    """
    slogans = json.loads(_data("slogans.json"))
    words = {"《"} | set(group_terms()) | set(slogans["lexicon"]) | set(_terms(_data("organizations.txt")))
    return _union_gate(words, [*slogans["patterns"], slogans["quoted"]["pattern"]])


def _union_gate(words: Iterable[str], patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding something wherever one of ``words`` or a match of one of ``patterns``
    occurs (the words and the :func:`_gate_texts` of the patterns, every branch opening with
    a literal); None when a pattern has no gate texts.

    >>> _union_gate(["三农"], ["“?十四五”?"]).pattern
    '三农|十四五'
    """
    words = set(words)
    fragments: set[str] = set()
    for pattern in patterns:
        texts = _gate_texts(pattern)
        if texts is None:
            return None
        for s, suffix in texts:
            if suffix:
                fragments.add(re.escape(s) + suffix)
            else:
                words.add(s)
    return re.compile("|".join(([_plain_trie(words)] if words else []) + sorted(fragments)))


# --------------------------------------------------------------------------- extraction


def extract_mentions(text: str, facts: Sequence[Fact] = ()) -> list[Mention]:
    """Mentions in one paragraph's text; offsets relative to ``text``.

    ``facts`` (same offsets) lets a group mention link its stated size.

    >>> f = [Fact(start=6, end=11, text="9.3万名", value=93000.0, unit="名", quantity="count")]
    >>> [(m.name, m.facts) for m in extract_mentions("其中技术工人有9.3万名。", f) if m.kind == "group"]
    [('技术工人', [0])]
    """
    if not text or text.isspace():
        return []
    gate = _any_rule()
    first = 0  # no title, group, slogan word or lexicon organisation opens before this offset
    if gate is not None:
        hit = gate.search(text)
        if hit is None:
            # no title, group, slogan or lexicon organisation here: only the word rules remain
            names = _places_and_orgs(text, lexicon=False)
            return _with_names(text, names, [], []) if names else []
        # the gate holds every title mark, group, lexicon organisation and slogan gate text:
        # the scans of those rules start at its first find, not at the paragraph's start
        first = hit.start()
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text, first)] if "《" in text else []
    found: list[Mention] = [
        Mention(a, b, text[a:b], "document", text[a + 1 : b - 1]) for a, b in titles if not _media(text, a, b)
    ]

    def free(a: int, b: int, kinds: Iterable[str] = ()) -> bool:
        if titles and any(a < e and s < b for s, e in titles):
            return False
        return not any(m.kind in kinds and a < m.end and m.start < b for m in found)

    for m in _group_regex().finditer(text, first):
        if free(m.start(), m.end()):
            found.append(
                Mention(m.start(), m.end(), m.group(0), "group", m.group(0), _group_size(text, m, facts))
            )
    rules = _rules()
    slogans = _slogans(text, rules, first)
    if len(slogans) > 1:
        slogans.sort(key=lambda m: (m.start() - m.end(), m.start()))
    for m in slogans:
        if free(m.start(), m.end(), ("slogan",)):
            found.append(Mention(m.start(), m.end(), m.group(0), "slogan", m.group(0).strip("“”")))
    return _with_names(text, _places_and_orgs(text, first=first), found, titles)


def _with_names(
    text: str, names: list[tuple[str, int, int]], found: list[Mention], titles: list[tuple[int, int]]
) -> list[Mention]:
    """``found`` with the place and organisation candidates ``names`` that overlap no title
    and no mention of their kind (a place inside an organisation's name is part of that
    name), longest first; all sorted by position."""
    if len(names) > 1:
        names.sort(key=lambda c: (c[1] - c[2], c[1]))  # longest first
    for kind, a, b in names:
        if titles and any(a < e and s < b for s, e in titles):
            continue
        if found and any(a < m.end and m.start < b and (m.kind == kind or m.kind == "organization") for m in found):
            continue
        found.append(Mention(a, b, text[a:b], kind, text[a:b]))
    if len(found) > 1:
        found.sort(key=lambda m: (m.start, -m.end))
    return found


_TITLE: Final = re.compile(r"《[^《》\n]{1,120}》")


def _slogans(text: str, rules: dict[str, Any], first: int = 0) -> list[re.Match[str]]:
    """Matches of the slogan rules, rule by rule (lexicon, patterns, numbered quotes).

    ``first``: an offset before which no gate text of a slogan rule occurs (their gates
    search from there; a lexicon slogan may open one character earlier, with its ``“``).
    """
    gate = rules["slogan_any"]
    if gate is not None:
        hit = gate.search(text, first)
        if hit is None:
            return []
        first = hit.start()  # it holds the texts of every slogan rule's gate
    lexicon = rules["slogan_lexicon_gate"].search(text, first)
    out = list(rules["slogan_lexicon"].finditer(text, max(0, lexicon.start() - 1))) if lexicon else []
    for rx, gate, reach in rules["slogan_patterns"]:
        if gate is None:
            out.extend(rx.finditer(text))
            continue
        hit = gate.search(text, first)
        if hit is not None:
            # every match holds a text of the gate, so none opens more than reach before its first
            out.extend(rx.finditer(text, max(0, hit.start() - reach) if reach >= 0 else 0))
    quote = text.find("“")
    if quote >= 0:  # a numbered quote opens with its mark
        out.extend(m for m in rules["quoted"].finditer(text, quote) if _numbered_slogan(m.group(1), rules))
    return out


_YEAR: Final = re.compile(r"\d{4}年?")  # a year in a title (《2025年政府工作报告》)


def _media(text: str, a: int, b: int) -> bool:
    """Is the title ``text[a:b]`` a programme or a work (``微短剧《…》``, ``《新闻联播》``)?"""
    spec = _rules()["media"]
    name = _YEAR.sub("", text[a + 1 : b - 1]).strip()
    return (
        name in spec["programmes"]
        or bool(spec["name"].search(name))
        or bool(spec["before"].search(text[max(0, a - 16) : a]))
        or bool(spec["after"].match(text[b : b + 8]))
    )


#: what may stand between a group and its size: 技术工人有9.3万名, 农村人口约14.68万人
_PERSON_UNITS = (None, "名", "人", "位", "户", "人次", "万人", "家庭")
_SIZE_LINK: Final = re.compile(r"(?:总数|总量|人数|数量|规模)?(?:共有|有|达到|达|约|为|共|合计)?")


def _group_size(text: str, m: re.Match[str], facts: Sequence[Fact]) -> list[int]:
    """Indices of count facts stating the group's size: ``30万名产业工人``, ``技术工人有9.3万名``."""
    out = []
    for i, f in enumerate(facts):
        if f.quantity != "count" or f.unit not in _PERSON_UNITS:
            continue
        before = f.end == m.start()
        after = f.start >= m.end() and _SIZE_LINK.fullmatch(text, m.end(), f.start)
        if before or after:
            out.append(i)
    return out


# what a word of the tag table can do in the place and organisation walk (bit flags)
_NT: Final = 1  # an organisation (tagged nt): opens an organisation's name
_NS: Final = 2  # a place of two characters or more (tagged ns): takes a following suffix
_PLACE: Final = 4  # a place on its own (a province, or ns ending in a suffix)
_NT_ALONE: Final = 8  # an organisation on its own, with no tail


@dataclass(frozen=True)
class _Words:
    """Word tables of the place and organisation rules, built once from the rules and tags."""

    roles: dict[str, int]  # the heads that can yield a name → their _NT/_NS/_PLACE/_NT_ALONE flags
    named: frozenset[str]  # the words of roles (a set finds that a word is not there sooner)
    single: str  # the one-character words of roles, side by side (a quick test for the many such tokens)
    suffix: frozenset[str]  # administrative suffixes (省, 市, 自治区 …)
    tagged: frozenset[str]  # every word of the dictionary's tag table
    max_org_tokens: int  # most words of an organisation's tail


@lru_cache(maxsize=1)
def _words() -> _Words:
    rules, tags = _rules(), _tags()
    ns = {w for w, t in tags.items() if t == "ns"}
    nt = {w for w, t in tags.items() if t == "nt"}
    heads = frozenset(ns | nt) | rules["provinces"]
    alone_ends = rules["org_suffix"] + ("联", "社", "署", "办")
    roles: dict[str, int] = {}
    for w in heads:
        flags = (
            (_NT if w in nt else 0)
            | (_NS if w in ns and len(w) >= 2 else 0)
            | (_PLACE if _is_place(w, tags.get(w), rules) else 0)
            | (_NT_ALONE if w in nt and len(w) >= 3 and w not in rules["org_generic"] and w.endswith(alone_ends) else 0)
        )
        if flags:
            roles[w] = flags
    return _Words(
        roles=roles,
        named=frozenset(roles),
        single="".join(sorted(w for w in roles if len(w) == 1)),
        suffix=frozenset(rules["place_suffix"]),
        tagged=frozenset(tags),
        max_org_tokens=int(rules["max_org_tokens"]),
    )


def _places_and_orgs(text: str, lexicon: bool = True, first: int = 0) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of place and organisation candidates, overlapping ones included.

    ``lexicon=False`` skips the organisation lexicon (for a text known to hold none of it);
    ``first``: an offset before which no lexicon organisation opens (its scan starts there).
    """
    rules, table, segmenter = _place_state()
    out: list[tuple[str, int, int]] = []
    if lexicon:
        for m in rules["org_lexicon"].finditer(text, first):
            if text[m.end() : m.end() + 1] != "门":  # 农业农村部门: a generic department
                out.append(("organization", m.start(), m.end()))
    lexicon_orgs = len(out)  # the first entries of out
    words: tuple[str, ...] = segmenter.cached_tokens(text)
    heads = _name_heads(text, words, table, rules["place_generic"], out)
    # organisations: a place or a known organisation, then a few words ending in a suffix
    for a, k, e in heads:
        end = _org_tail(words, k, e, table.max_org_tokens, rules)
        if end is not None:
            out.append(("organization", a, end))
        elif table.roles.get(words[k], 0) & _NT_ALONE:
            s = e - len(words[k])
            if not any(s < y and x < e for _, x, y in out[:lexicon_orgs]):
                out.append(("organization", s, e))
    return out


def _name_heads(
    text: str, words: tuple[str, ...], table: _Words, generic: set[str], out: list[tuple[str, int, int]]
) -> list[tuple[int, int, int]]:
    """One walk over the tokens ``words`` of ``text``: adds the places to ``out`` and returns
    the heads of organisation names, ``(start, index of the last token, its end)``: the
    places in order, then the known organisations (tagged nt) in order.

    Only places (ns), organisations (nt) and provinces open a name: every other token is
    skipped after one look-up.
    """
    roles = table.roles
    named = table.named
    single = table.single
    suffix = table.suffix
    n = len(words)
    heads: list[tuple[int, int, int]] = []
    nt_heads: list[tuple[int, int, int]] = []  # known organisations (tagged nt)
    resume = 0  # a place that took its suffix token consumes it
    e = 0  # end offset of token i
    for i in range(n):
        w = words[i]
        size = len(w)
        a = e
        e = a + size
        if size == 1 and w not in single:
            continue  # most one-character tokens (punctuation, particles) open no name
        if w not in named:
            continue
        flags = roles[w]
        if flags & _NT:
            nt_heads.append((a, i, e))
        if i < resume:
            continue
        if flags & _NS and i + 1 < n:
            nxt = words[i + 1]
            if nxt in suffix and w + nxt not in generic:
                out.append(("place", a, e + len(nxt)))
                heads.append((a, i + 1, e + len(nxt)))
                resume = i + 2
                continue
            if nxt[0] in suffix and nxt not in table.tagged and w + nxt[0] not in generic:
                # the segmenter glued the suffix to the next word (江湾|区有): cut it off
                out.append(("place", a, e + 1))
                heads.append((a, i + 1, e + len(nxt)))
                continue
        if flags & _PLACE:
            out.append(("place", a, e))
            heads.append((a, i, e))
    heads += nt_heads
    return heads


@lru_cache(maxsize=1)
def _place_state() -> tuple[dict[str, Any], _Words, Any]:
    """The rules, word tables and segmenter of the place and organisation rules."""
    from .segment import default_segmenter

    return _rules(), _words(), default_segmenter()


def _numbered_slogan(inner: str, rules: dict[str, Any]) -> bool:
    """A quoted phrase that opens with a numeral: ``两个确立``, ``三北``, ``一图一方案六清单``."""
    spec = rules["quoted_spec"]
    if inner in spec["not"] or rules["quoted_not_suffix"].search(inner):
        return False  # an honour, a prize, a festival: a name, not a slogan
    numerals = sum(ch in spec["numerals"] for ch in inner)
    return len(inner) == 2 or numerals >= 2 or inner[1] in spec["second"]


def _is_place(w: str, tag: str | None, rules: dict[str, Any]) -> bool:
    if w in rules["provinces"]:
        return True
    if tag != "ns" or len(w) < 3 or w.endswith(tuple(rules["place_generic"])):
        return False
    return w.endswith(rules["place_suffix"])


_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]+")

# what a word does in an organisation's tail
_STOP: Final = 0
_GO_ON: Final = 1
_END: Final = 2


def _tail_role(w: str, rules: dict[str, Any], tags: dict[str, str]) -> int:
    """Does ``w`` stop a tail, carry it on, or end it (an organisation suffix)?"""
    if not _CHINESE_WORD.fullmatch(w):
        return _STOP
    if w in rules["org_link"] or rules["org_session"].fullmatch(w):
        return _GO_ON
    if w in rules["org_stop"] or (tags.get(w) or "n")[0] not in "nj":
        return _STOP
    if w.endswith(rules["org_bad_final"]):
        return _STOP
    if w.endswith(rules["org_suffix"]):
        return _END
    return _GO_ON


#: roles of the words seen in tails (judged once a word; bounded, beyond it not stored)
_TAIL_ROLES: Final[dict[str, int]] = {}
_TAIL_ROLES_SIZE: Final = 200_000


def _org_tail(words: tuple[str, ...], k: int, end: int, most: int, rules: dict[str, Any]) -> int | None:
    """End offset of an organisation name whose first part ends with token ``k`` (at offset
    ``end``) and goes on for at most ``most`` words, or None."""
    roles = _TAIL_ROLES
    for j in range(k + 1, min(len(words), k + 1 + most)):
        w = words[j]
        end += len(w)
        role = roles.get(w)
        if role is None:
            role = _tail_role(w, rules, _tags())
            if len(roles) < _TAIL_ROLES_SIZE:
                roles[w] = role
        if role == _END:
            return end
        if role == _STOP:
            return None
    return None
