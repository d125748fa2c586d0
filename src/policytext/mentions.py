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

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .facts import Fact
from .text import fast_compile, trie_pattern

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
    return group_terms()


def group_terms() -> list[str]:
    """The target-group lexicon: shipped terms plus those added with :func:`load_groups`."""
    shipped = _terms(_data("groups.txt"))
    return shipped + [t for t in _EXTRA_GROUPS if t not in shipped]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _group_regex() -> re.Pattern[str]:
    return re.compile(f"(?:{_alternation(group_terms())})(?!口)")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    slogans = json.loads(_data("slogans.json"))
    suffixes = json.loads(_data("suffixes.json"))
    media = json.loads(_data("documents.json"))
    provinces = _terms(_data("places.txt"))
    prov_forms = provinces + [p + s for p in provinces for s in ("省", "市", "自治区")]
    return {
        "slogan_lexicon": re.compile(f"(?:“(?:{trie_pattern(slogans['lexicon'])})|{trie_pattern(slogans['lexicon'])})”?"),
        "slogan_patterns": [fast_compile(p) for p in slogans["patterns"]],
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


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary (``ns`` place, ``nt`` organisation).

    ``jieba.posseg`` reads them from the dictionary file when imported; jieba's own
    tokenizer (its prefix dictionary, 0.7 s to build) is not needed for them.
    """
    import jieba.posseg as pseg

    return dict(pseg.dt.word_tag_tab)


# --------------------------------------------------------------------------- extraction


def extract_mentions(text: str, facts: Sequence[Fact] = ()) -> list[Mention]:
    """Mentions in one paragraph's text; offsets relative to ``text``.

    ``facts`` (same offsets) lets a group mention link its stated size.

    >>> f = [Fact(start=6, end=11, text="9.3万名", value=93000.0, unit="名", quantity="count")]
    >>> [(m.name, m.facts) for m in extract_mentions("其中技术工人有9.3万名。", f) if m.kind == "group"]
    [('技术工人', [0])]
    """
    if not text.strip():
        return []
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,120}》", text)]
    found: list[Mention] = [
        Mention(a, b, text[a:b], "document", text[a + 1 : b - 1]) for a, b in titles if not _media(text, a, b)
    ]

    def free(a: int, b: int, kinds: Iterable[str] = ()) -> bool:
        if any(a < e and s < b for s, e in titles):
            return False
        return not any(m.kind in kinds and a < m.end and m.start < b for m in found)

    for m in _group_regex().finditer(text):
        if free(m.start(), m.end()):
            found.append(
                Mention(m.start(), m.end(), m.group(0), "group", m.group(0), _group_size(text, m, facts))
            )
    rules = _rules()
    slogans = [m for rx in [rules["slogan_lexicon"], *rules["slogan_patterns"]] for m in rx.finditer(text)]
    slogans += [m for m in rules["quoted"].finditer(text) if _numbered_slogan(m.group(1), rules)]
    for m in sorted(slogans, key=lambda m: (m.start() - m.end(), m.start())):
        if free(m.start(), m.end(), ("slogan",)):
            found.append(Mention(m.start(), m.end(), m.group(0), "slogan", m.group(0).strip("“”")))
    for kind, a, b in sorted(_places_and_orgs(text), key=lambda c: (c[1] - c[2], c[1])):
        # longest first; a place inside an organisation's name is part of that name
        if free(a, b, (kind, "organization")):
            found.append(Mention(a, b, text[a:b], kind, text[a:b]))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def _media(text: str, a: int, b: int) -> bool:
    """Is the title ``text[a:b]`` a programme or a work (``微短剧《…》``, ``《新闻联播》``)?"""
    spec = _rules()["media"]
    name = re.sub(r"\d{4}年?", "", text[a + 1 : b - 1]).strip()
    return (
        name in spec["programmes"]
        or bool(spec["name"].search(name))
        or bool(spec["before"].search(text[max(0, a - 16) : a]))
        or bool(spec["after"].match(text[b : b + 8]))
    )


#: what may stand between a group and its size: 技术工人有9.3万名, 农村人口约14.68万人
_PERSON_UNITS = (None, "名", "人", "位", "户", "人次", "万人", "家庭")
_SIZE_LINK = r"(?:总数|总量|人数|数量|规模)?(?:共有|有|达到|达|约|为|共|合计)?"


def _group_size(text: str, m: re.Match[str], facts: Sequence[Fact]) -> list[int]:
    """Indices of count facts stating the group's size: ``30万名产业工人``, ``技术工人有9.3万名``."""
    out = []
    for i, f in enumerate(facts):
        if f.quantity != "count" or f.unit not in _PERSON_UNITS:
            continue
        before = f.end == m.start()
        after = f.start >= m.end() and re.fullmatch(_SIZE_LINK, text[m.end() : f.start])
        if before or after:
            out.append(i)
    return out


class _Tokens(Sequence[tuple[str, int, int]]):
    """``(word, start, end)`` of a segmentation, built only for the tokens looked at."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.ends = list(itertools.accumulate(map(len, words)))

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i: int) -> tuple[str, int, int]:  # type: ignore[override]
        w, e = self.words[i], self.ends[i]
        return w, e - len(w), e


@lru_cache(maxsize=1)
def _candidates() -> frozenset[str]:
    """Words that can open a place or an organisation: tagged ``ns``/``nt`` or a province."""
    return frozenset(w for w, t in _tags().items() if t in ("ns", "nt")) | _rules()["provinces"]


def _places_and_orgs(text: str) -> list[tuple[str, int, int]]:
    from .segment import default_segmenter

    rules = _rules()
    tags = _tags()
    out: list[tuple[str, int, int]] = []
    for m in rules["org_lexicon"].finditer(text):
        if text[m.end() : m.end() + 1] != "门":  # 农业农村部门: a generic department
            out.append(("organization", m.start(), m.end()))
    words = default_segmenter().cut(text)
    tokens = _Tokens(words)
    # only places (ns), organisations (nt) and provinces open a name: skip every other token
    heads_at = list(itertools.compress(itertools.count(), map(_candidates().__contains__, words)))
    places: list[tuple[int, int, int]] = []  # (start, end, index of last token)
    resume = 0  # a place that took its suffix token consumes it
    for i in heads_at:
        if i < resume:
            continue
        w, a, b = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        resume = i + 1
        if tags.get(w) == "ns" and nxt and nxt[1] == b and nxt[0] in rules["place_suffix"] and len(w) >= 2:
            merged = w + nxt[0]
            if merged not in rules["place_generic"]:
                places.append((a, nxt[2], i + 1))
                resume = i + 2
                continue
        if (
            tags.get(w) == "ns"
            and len(w) >= 2
            and nxt
            and nxt[1] == b
            and nxt[0][0] in rules["place_suffix"]
            and nxt[0] not in tags
            and w + nxt[0][0] not in rules["place_generic"]
        ):
            # the segmenter glued the suffix to the next word (江湾|区有): cut it off
            places.append((a, b + 1, i + 1))
            continue
        if _is_place(w, tags.get(w), rules):
            places.append((a, b, i))
    for a, b, _ in places:
        out.append(("place", a, b))
    # organisations: a place or a known organisation, then a few words ending in a suffix
    heads = [(a, k) for a, _, k in places]
    heads += [(tokens[k][1], k) for k in heads_at if tags.get(tokens[k][0]) == "nt"]
    lexicon_orgs = [(s, e) for kind, s, e in out if kind == "organization"]
    for a, k in heads:
        end = _org_tail(tokens, k, rules, tags)
        if end is not None:
            out.append(("organization", a, end))
        elif (
            tags.get(tokens[k][0]) == "nt"
            and len(tokens[k][0]) >= 3
            and tokens[k][0] not in rules["org_generic"]
            and tokens[k][0].endswith(rules["org_suffix"] + ("联", "社", "署", "办"))
        ):
            s, e = tokens[k][1], tokens[k][2]
            if not any(s < y and x < e for x, y in lexicon_orgs):
                out.append(("organization", s, e))
    return out


def _numbered_slogan(inner: str, rules: dict[str, Any]) -> bool:
    """A quoted phrase that opens with a numeral: ``两个确立``, ``三北``, ``一图一方案六清单``."""
    spec = rules["quoted_spec"]
    if inner in spec["not"] or re.search(spec["not_suffix"], inner):
        return False  # an honour, a prize, a festival: a name, not a slogan
    numerals = sum(ch in spec["numerals"] for ch in inner)
    return len(inner) == 2 or numerals >= 2 or inner[1] in spec["second"]


def _is_place(w: str, tag: str | None, rules: dict[str, Any]) -> bool:
    if w in rules["provinces"]:
        return True
    if tag != "ns" or len(w) < 3 or w.endswith(tuple(rules["place_generic"])):
        return False
    return w.endswith(rules["place_suffix"])


def _org_tail(
    tokens: Sequence[tuple[str, int, int]], k: int, rules: dict[str, Any], tags: dict[str, str]
) -> int | None:
    """End offset of an organisation name that starts at token ``k``, or None."""
    last_end = tokens[k][2]
    for j in range(k + 1, min(len(tokens), k + 1 + rules["max_org_tokens"])):
        w, a, b = tokens[j]
        if a != last_end or not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            return None
        if w in rules["org_link"] or rules["org_session"].fullmatch(w):
            last_end = b
            continue
        if w in rules["org_stop"] or (tags.get(w) or "n")[0] not in "nj":
            return None
        if w.endswith(rules["org_bad_final"]):
            return None
        if w.endswith(rules["org_suffix"]):
            return b
        last_end = b
    return None
