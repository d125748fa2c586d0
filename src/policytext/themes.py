"""Paragraph themes: an explainable lexicon scorer, a learned classifier, users' own taxonomies.

Three kinds of theme model share one interface, ``assign(texts) -> list[ThemeAssignment]``:

* :class:`LexiconThemeScorer` — weighted term lists (package data, JSON), scored sentence by
  sentence: a theme must carry at least one full sentence (or ``；``-segment) to be assigned,
  and the evidence is the terms that fired. Needs no training data.
* :class:`ThemeClassifier` — a scikit-learn estimator (word n-gram TF-IDF over policytext's
  segmentation, optional character n-grams and lexicon features, linear models). Serialised
  to JSON + npz, never pickle.
* :class:`BlendThemeModel` — a weighted blend of the two; the shipped default.

>>> scorer = LexiconThemeScorer()
>>> scorer.assign(["全年粮食产量再创新高，农民收入持续增长。"])[0].themes
['farmers']
>>> a = default_theme_model().assign(["全省规上工业增加值增长8%，先进制造业集群加快壮大。"])[0]
>>> "industry" in a.themes
True

``policytext train`` trains a model on a user's labelled CSV or builds one from a user's
lexicon; :func:`load_theme_model` loads any saved model (or a lexicon JSON file).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .text import trie_pattern

__all__ = [
    "THEMES",
    "ThemeAssignment",
    "LexiconThemeScorer",
    "ThemeClassifier",
    "BlendThemeModel",
    "default_theme_model",
    "load_theme_model",
    "load_lexicon",
    "split_units",
    "main",
]

THEMES = (
    "economy", "industry", "innovation", "workers", "students",
    "farmers", "education", "social", "environment", "governance",
)

#: pseudo-theme of the lexicon: topics that carry no theme (a sentence they dominate fires none)
NONE_THEME = "none"

#: the characters that end a unit (sentence or ``；``-segment)
_UNIT_END_CHARS = "。！？!?；;\n"
_UNIT_END = re.compile(f"[{_UNIT_END_CHARS}]+")
#: whether a code point ends a unit (code points beyond the table do not)
_UNIT_END_TABLE = np.zeros(max(map(ord, _UNIT_END_CHARS)) + 2, dtype=bool)
_UNIT_END_TABLE[[ord(ch) for ch in _UNIT_END_CHARS]] = True
#: ``str.isspace`` by code point (no space character lies beyond U+3000)
_SPACE_TABLE = np.array([chr(c).isspace() for c in range(0x3002)], dtype=bool)


class ThemeAssignment(NamedTuple):
    """Themes assigned to one paragraph, every theme's score, and the evidence (terms)."""

    themes: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]]


def split_units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences and ``；``-segments of ``text`` (the units a theme must fill).

    >>> t = "扩大消费；稳定就业。加强教育"
    >>> [t[s:e] for s, e in split_units(t)]
    ['扩大消费；', '稳定就业。', '加强教育']
    """
    units: list[tuple[int, int]] = []
    pos = 0
    for m in _UNIT_END.finditer(text):
        if text[pos : m.start()].strip():
            units.append((pos, m.end()))
        pos = m.end()
    if text[pos:].strip():
        units.append((pos, len(text)))
    return units


# --------------------------------------------------------------------------- lexicon


def _data_path(*parts: str) -> Any:
    """The package data file ``data/themes/<parts>``."""
    return resources.files("policytext").joinpath("data", "themes", *parts)


def _as_weights(terms: Any) -> dict[str, float]:
    """A term list or ``{term: weight}`` as ``{term: weight}`` (a bare term weighs 3)."""
    if isinstance(terms, Mapping):
        return {str(k): float(v) for k, v in terms.items()}
    return {str(t): 3.0 for t in terms}


def load_lexicon(source: str | Path | Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A lexicon as ``{"themes": {theme: {term: weight}}, "contextual": {...}}``.

    ``source`` is ``None`` (the shipped lexicon), a path to a JSON file, or a mapping. Both the
    full form and a plain ``{theme: [term, ...]}`` / ``{theme: {term: weight}}`` are accepted; a
    bare term list gets weight 3 (a term that can carry a sentence alone).

    >>> lex = load_lexicon({"housing": ["住房", "租赁"], "roads": {"公路": 3, "桥梁": 2}})
    >>> sorted(lex["themes"]), lex["themes"]["roads"]["桥梁"]
    (['housing', 'roads'], 2.0)
    """
    if source is None:
        data = json.loads(_data_path("lexicon.json").read_text(encoding="utf-8"))
    elif isinstance(source, Mapping):
        data = dict(source)
    else:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    if "themes" not in data:
        data = {"themes": data}
    themes = {str(t): _as_weights(terms) for t, terms in data["themes"].items()}
    contextual = {str(t): _as_weights(terms) for t, terms in data.get("contextual", {}).items()}
    out = {k: v for k, v in data.items() if k not in ("themes", "contextual")}
    out.update(themes=themes, contextual=contextual)
    return out


#: texts shorter than this are scanned by the pattern (the array scan costs more to set up)
_SCAN_MIN_CHARS = 1200


class _IntTable:
    """Exact look-ups of many integer keys at once: a hash table with open addressing
    (linear probing, at most a quarter full), probed for all keys together.

    >>> table = _IntTable(np.array([7, 2**40, -3]), np.array([10, 11, 12]))
    >>> table.find(np.array([2**40, 5, 7, -3]), missing=-1).tolist()
    [11, -1, 10, 12]
    """

    _MIX = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        keys = np.asarray(keys).astype(np.int64)
        values = np.asarray(values, dtype=np.int64)
        bits = max(4, (4 * len(keys)).bit_length())
        self.shift = np.uint64(64 - bits)
        self.mask = (1 << bits) - 1
        self.keys = np.zeros(1 << bits, dtype=np.int64)
        self.values = np.zeros(1 << bits, dtype=np.int64)
        self.used = np.zeros(1 << bits, dtype=bool)
        # round p places, in each free slot, the first key that wants it at its p-th probe, so
        # every key's probes up to its slot find used slots (what :meth:`find` relies on)
        slot, pending = self._home(keys), np.arange(len(keys))
        self.probes = 0  # the most slots a key's search looks at
        while len(pending):
            self.probes += 1
            free = ~self.used[slot]
            claim, at = pending[free], slot[free]
            _, first = np.unique(at, return_index=True)
            won, at = claim[first], at[first]
            self.used[at], self.keys[at], self.values[at] = True, keys[won], values[won]
            placed = np.zeros(len(keys), dtype=bool)
            placed[won] = True
            left = ~placed[pending]
            pending, slot = pending[left], (slot[left] + 1) & self.mask
        # an empty slot holds a key that is no key of the table (nor, checked in :meth:`find`, a query's)
        self.empty = np.int64(-(2**63))
        while self.empty in self.keys[self.used]:
            self.empty += 1
        self.keys[~self.used] = self.empty

    def _home(self, keys: np.ndarray) -> np.ndarray:
        """The slot where each key's search starts."""
        return ((keys.view(np.uint64) * self._MIX) >> self.shift).view(np.int64)

    def find(self, keys: np.ndarray, missing: int) -> np.ndarray:
        """The value of each key, ``missing`` for a key not in the table."""
        keys = np.asarray(keys, dtype=np.int64)
        slot = self._home(keys)
        held = self.keys.take(slot)
        value = np.where(held == keys, self.values.take(slot), missing)
        todo = np.flatnonzero((held != keys) & (held != self.empty))  # an empty slot ends the search
        slot = slot[todo]
        for _ in range(1, self.probes):
            if not len(todo):
                break
            slot = (slot + 1) & self.mask
            held, wanted = self.keys.take(slot), keys[todo]
            match = held == wanted
            value[todo[match]] = self.values.take(slot[match])
            go_on = ~match & (held != self.empty)
            todo, slot = todo[go_on], slot[go_on]
        if self.empty in keys:  # the key of an empty slot, asked for: in no table
            value[keys == self.empty] = missing
        return value


class _TermScanner:
    """Leftmost-longest matches of a term list in a text, as ``pattern.finditer`` finds them
    (``pattern`` is the terms' :func:`trie_pattern`), but with numpy: a position is a
    candidate when its two characters open a term (or its character is a one-character
    term); each candidate's longest term is found by hashing its next ``n`` characters for
    ``n = 1, 2, …`` as long as they open some term; the matches kept are checked character by
    character against their terms (after a hash collision the pattern itself is asked).
    """

    _MUL = np.uint64(0x100000001B3)

    def __init__(self, terms: Iterable[str], pattern: re.Pattern[str]) -> None:
        self.names = sorted(set(terms))  # a term's id is its index here
        self.ids = {t: i for i, t in enumerate(self.names)}
        self.min_chars = _SCAN_MIN_CHARS
        self.pattern = pattern
        # a code point's row (first characters) and column (second characters) in ``opens``
        top = max((ord(ch) for t in self.names for ch in t[:2]), default=0) + 2
        self.top = top - 1  # code points from here on open no term
        self.first = np.zeros(top, dtype=np.int32)
        self.second = np.zeros(top, dtype=np.int32)
        for table, chars in ((self.first, {t[0] for t in self.names}), (self.second, {t[1:2] for t in self.names})):
            for k, ch in enumerate(sorted(chars - {""}), 1):
                table[ord(ch)] = k
        self.opens = np.zeros((self.first.max() + 1, self.second.max() + 1), dtype=bool)
        for t in self.names:  # column 0: any character after a one-character term
            self.opens[self.first[ord(t[0])], self.second[ord(t[1])] if len(t) > 1 else slice(None)] = True
        self.opens[0, :] = False
        # per length n: the terms' first n characters, and the id of the term each spells out
        # (-1: only a prefix); looked up by hash in ``self.prefixes[n]``
        prefixes: dict[int, dict[str, int]] = {}
        for i, t in enumerate(self.names):
            for n in range(1, len(t)):
                prefixes.setdefault(n, {}).setdefault(t[:n], -1)
            prefixes.setdefault(len(t), {})[t] = i
        self.longest = max(prefixes, default=0)
        hashes = [np.array([self._hash(p) for p in prefixes.get(n, {})], dtype=np.uint64)
                  for n in range(self.longest + 1)]
        # two prefixes with one hash: the pattern finds the terms
        self.hashed = all(len(np.unique(h)) == len(h) for h in hashes)
        self.prefixes = [_IntTable(h.view(np.int64), np.array(list(prefixes.get(n, {}).values()), dtype=np.int64))
                         if self.hashed else None for n, h in enumerate(hashes)]
        self.single = any(len(t) == 1 for t in self.names)  # some term is one character
        # what ``self.prefixes[n]`` says of a term's first n <= 2 characters, by their rows and
        # columns in ``opens`` (-2: opens no term): looked up directly, not hashed
        self.short = [np.full(self.opens.shape, -2, dtype=np.int64) for _ in range(3)]
        for n in (1, 2):
            for p, i in prefixes.get(n, {}).items():
                self.short[n][self.first[ord(p[0])], self.second[ord(p[1])] if n == 2 else 0] = i
        self.spelling = np.zeros((len(self.names), self.longest), dtype=np.int64)  # code points, 0-padded
        for i, t in enumerate(self.names):
            self.spelling[i, : len(t)] = [ord(ch) for ch in t]

    @classmethod
    def _hash(cls, term: str) -> int:
        """The polynomial hash of ``term``'s code points (mod 2**64), as :meth:`find` computes it."""
        h = 0
        for ch in term:
            h = (h * int(cls._MUL) + ord(ch)) % 2**64
        return h

    def scan(self, texts: Sequence[str]) -> tuple[list[int], list[str]]:
        """Start offsets and terms of the matches in ``"\\n".join(texts)`` (no term holds ``\\n``).

        >>> import re
        >>> sc = _TermScanner(["生产", "生产总值", "村"], re.compile(trie_pattern(["生产", "生产总值", "村"])))
        >>> sc.scan(["生产总值", "农村生产"])
        ([0, 6, 7], ['生产总值', '村', '生产'])
        """
        joined = "\n".join(texts)
        starts, ids = self.find(joined, _code_points(joined))
        return starts.tolist(), [self.names[i] for i in ids.tolist()]

    def find(self, text: str, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start offsets and term ids of the matches in ``text`` (``code``: its code points)."""
        size = len(code)
        if size == 0 or not self.names:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if not self.hashed or size < self.min_chars:
            return self._ask_pattern(text)
        clipped = np.minimum(code, self.top)
        row = self.first[clipped] * self.opens.shape[1]  # row offsets in the flat ``opens``
        opens = np.empty(size, dtype=bool)
        opens[:-1] = self.opens.ravel()[row[:-1] + self.second[clipped[1:]]]
        opens[-1] = self.opens.ravel()[row[-1]]  # the last character: column 0
        cand_pos = np.flatnonzero(opens)
        best = np.zeros(len(cand_pos), dtype=np.int64)  # length of the longest term at each candidate
        ident = np.zeros(len(cand_pos), dtype=np.int64)  # and its id
        alive = np.arange(len(cand_pos))  # candidates whose next n characters open some term
        for n in range(1, self.longest + 1):  # the hash of the next n characters, n = 1, 2, …
            pos = cand_pos[alive]
            if n == 1 and not self.single:
                continue  # each candidate's first character opens a term, and none is a term
            if n <= 2:  # the first characters' row (and column) in ``opens``
                cell = row[pos] if n == 1 else row[pos] + self.second[clipped[np.minimum(pos + 1, size - 1)]]
                term = self.short[n].ravel()[cell]
            else:
                if n == 3:
                    h = code[pos].astype(np.uint64) * self._MUL + code[pos + 1]  # pos + 2 <= size
                h = h * self._MUL + code[np.minimum(pos + (n - 1), size - 1)].astype(np.uint64)
                term = self.prefixes[n].find(h.view(np.int64), missing=-2)  # -2: opens no term
            ok = (term > -2) & (pos + n <= size)
            full = ok & (term >= 0)
            best[alive[full]] = n
            ident[alive[full]] = term[full]
            alive = alive[ok]
            if n >= 3:
                h = h[ok]
            if not len(alive):
                break
        on = best > 0
        pos, end, ident = cand_pos[on], cand_pos[on] + best[on], ident[on]
        keep = self._leftmost(pos, end)
        pos, ident = pos[keep], ident[keep]
        window = code[np.minimum(pos[:, None] + np.arange(self.longest), size - 1)]
        spelled = self.spelling[ident]
        if np.array_equal(np.where(spelled > 0, window, 0), spelled):
            return pos, ident
        return self._ask_pattern(text)  # a hash collision

    def _ask_pattern(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`find` by the pattern itself."""
        found = [(m.start(), self.ids[m.group()]) for m in self.pattern.finditer(text)]
        return np.array([p for p, _ in found], dtype=np.int64), np.array([i for _, i in found], dtype=np.int64)

    @staticmethod
    def _leftmost(pos: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Which of the matches ``[pos, end)`` (sorted by ``pos``) a left-to-right scan keeps:
        those that do not start inside the last kept one."""
        reach = np.maximum.accumulate(end)
        keep = pos >= np.concatenate(([0], reach[:-1]))  # nothing before reaches in: kept anyway
        if keep.all():
            return keep
        unsure = np.flatnonzero(~keep)
        sure = np.maximum.accumulate(np.where(keep, np.arange(len(keep)), -1))[unsure]  # >= 0: match 0 is kept
        last_new, new_end = -1, 0
        for i, p, e, last_sure, sure_end in zip(unsure.tolist(), pos[unsure].tolist(), end[unsure].tolist(),
                                                sure.tolist(), end[sure].tolist(), strict=True):
            kept_end = new_end if last_new > last_sure else sure_end  # where the last kept match ends
            if p >= kept_end:
                keep[i] = True
                last_new, new_end = i, e
        return keep


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (uint32).

    >>> _code_points("A农").tolist()
    [65, 20892]
    """
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _first_of_each(keys: np.ndarray) -> np.ndarray:
    """Indices of the first occurrence of each distinct value of ``keys``, ascending.

    >>> _first_of_each(np.array([5, 3, 5, 1, 3])).tolist()
    [0, 1, 3]
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.ones(len(keys), dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    return np.sort(order[new])


class _LexiconTables:
    """A lexicon as arrays: the term scanner, and each term's entries ``(theme, weight,
    contextual)`` (``entries[start[id]:start[id + 1]]`` for term id ``id``). Themes are
    columns of ``axis``: the scorer's themes, themes only contextual terms name, ``none`` last."""

    def __init__(self, entries: Mapping[str, list[tuple[str, float, bool]]], pattern: re.Pattern[str],
                 themes: Sequence[str]) -> None:
        self.scanner = _TermScanner(entries, pattern)
        named = dict.fromkeys(th for e in entries.values() for th, _, _ in e if th != NONE_THEME)
        self.axis = [*themes, *(t for t in named if t not in themes), NONE_THEME]
        self.n_real = len(self.axis) - 1
        column = {t: i for i, t in enumerate(self.axis)}
        rows = [entries[t] for t in self.scanner.names]
        self.start = np.concatenate(([0], np.cumsum([len(r) for r in rows]))).astype(np.int64)
        flat = [e for r in rows for e in r]
        self.theme = np.array([column[th] for th, _, _ in flat], dtype=np.int64)
        self.weight = np.array([w for _, w, _ in flat], dtype=np.float64)
        self.contextual = np.array([c for _, _, c in flat], dtype=bool)


class _Units(NamedTuple):
    """The units of texts joined by ``\\n`` (those :func:`split_units` finds in each text):
    start offsets, sizes in characters, and the index of the text each is in."""

    start: np.ndarray
    size: np.ndarray
    text: np.ndarray

    @classmethod
    def of(cls, joined: str, code: np.ndarray, lengths: Sequence[int]) -> _Units:
        """The units of the texts of ``lengths`` characters, joined (``code``: code points).

        >>> t = "扩大消费；稳定就业。\\n 。加强"
        >>> u = _Units.of(t, _code_points(t), [10, 4])
        >>> u.start.tolist(), u.size.tolist(), u.text.tolist()
        ([0, 5, 13], [5, 5, 2], [0, 0, 1])
        """
        n = len(code)
        end = _UNIT_END_TABLE[np.minimum(code, len(_UNIT_END_TABLE) - 1)]
        opens = ~end
        opens[1:] &= end[:-1]
        start = np.flatnonzero(opens)  # a run of characters that end nothing starts here
        marks = np.flatnonzero(end)
        cut = np.append(marks, n)[np.searchsorted(marks, start)]  # where its end marks begin
        text_end = np.cumsum(np.asarray(lengths, dtype=np.int64) + 1) - 1  # the "\n" after each text
        text = np.searchsorted(text_end, start)
        stop = np.minimum(np.append(start[1:], n), text_end[text])  # end marks run to the next unit
        kept = np.ones(len(start), dtype=bool)  # a blank run is no unit
        for i in np.flatnonzero(_SPACE_TABLE[np.minimum(code[start], len(_SPACE_TABLE) - 1)]).tolist():
            kept[i] = not joined[start[i] : cut[i]].isspace()
        return cls(start[kept], (stop - start)[kept], text[kept])

    def totals(self, n_texts: int) -> np.ndarray:
        """Characters in units per text (1 for a text without units)."""
        total = np.bincount(self.text, weights=self.size, minlength=n_texts)
        total[total == 0] = 1
        return total


class _UnitTerms:
    """The lexicon entries of the distinct terms of each unit that has terms ("units" here:
    those units only), and the theme weights they add up to."""

    def __init__(self, tables: _LexiconTables, unit_size: np.ndarray, unit_text: np.ndarray,
                 entry_unit: np.ndarray, entry: np.ndarray, entry_term: np.ndarray) -> None:
        self.tables = tables
        self.unit_size, self.unit_text = unit_size, unit_text
        self.entry_unit, self.entry_term = entry_unit, entry_term
        self.entry_theme = tables.theme[entry]
        self.entry_contextual = tables.contextual[entry]
        width = len(tables.axis)
        cell = entry_unit * width + self.entry_theme
        shape = (len(unit_size), width)

        def tally(which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """The selected entries' weights per (unit, theme), added in order, and their presence."""
            w = np.bincount(cell[which], weights=tables.weight[entry[which]], minlength=shape[0] * width)
            return w.reshape(shape), (np.bincount(cell[which], minlength=shape[0] * width) > 0).reshape(shape)

        self.regular, self.regular_on = tally(~self.entry_contextual)
        self.context, self.context_on = tally(self.entry_contextual)

    @classmethod
    def of(cls, tables: _LexiconTables, units: _Units, starts: np.ndarray, term_ids: np.ndarray) -> _UnitTerms:
        """From the matches (``starts``, ``term_ids``, in text order) and the units."""
        unit = np.searchsorted(units.start, starts, side="right") - 1
        first = _first_of_each(unit * len(tables.scanner.names) + term_ids)  # each term of a unit once
        unit, term = unit[first], term_ids[first]
        count = tables.start[term + 1] - tables.start[term]
        which = np.repeat(np.arange(len(term)), count)
        entry = tables.start[term][which] + np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
        unit = unit[which]  # ascending
        step = np.concatenate(([True], unit[1:] != unit[:-1]))
        with_terms, local = unit[step], np.cumsum(step) - 1
        return cls(tables, units.size[with_terms], units.text[with_terms], local, entry, term[which])


class LexiconThemeScorer:
    """Explainable theme scores from weighted term lists, sentence by sentence.

    Every sentence (or ``；``-segment) is a *unit*. In a unit, a theme's weight is the sum of
    the weights of its terms found there (leftmost-longest matching, each distinct term
    counted once). A unit *fires* a theme when that weight reaches ``fire_min``, is at least
    ``rel_min`` times the strongest theme of the unit, and beats the ``none`` pseudo-theme.
    *Contextual* terms (e.g. 改革, 试点 for governance) count only in a unit where no other
    theme fires. A theme's score is the share of the paragraph's characters in units that
    fire it, mapped to [0, 1] so that ``threshold`` (default 0.5) means a share of
    ``cov_min``, and damped by the share of units that only the ``none`` topics fire; the
    strongest theme is kept if it reaches half the threshold.

    Parameters
    ----------
    lexicon: ``None`` (shipped lexicon), a JSON path or a mapping (see :func:`load_lexicon`).
    fire_min, rel_min, cov_min, threshold: the decision rule above.
    sole_score: if > 0, each unit of at least ``sole_min_chars`` characters that fires one
        theme alone lifts that theme's score to ``sole_score`` × (number of such units): a
        more liberal reading of "one full sentence suffices" (off by default: on the
        project's hand labels it added more passing mentions than it found themes).

    >>> s = LexiconThemeScorer({"housing": ["住房", "租赁"]})
    >>> scores, evidence = s.score("发展保障性租赁住房。")
    >>> scores["housing"], evidence["housing"]
    (0.9375, ['租赁', '住房'])
    """

    def __init__(
        self,
        lexicon: str | Path | Mapping[str, Any] | None = None,
        *,
        fire_min: float = 3.0,
        rel_min: float = 0.6,
        cov_min: float = 0.25,
        threshold: float = 0.5,
        sole_score: float = 0.0,
        sole_min_chars: int = 12,
    ) -> None:
        self.lexicon = load_lexicon(lexicon)
        self.sole_score = sole_score
        self.sole_min_chars = sole_min_chars
        self.fire_min = fire_min
        self.rel_min = rel_min
        self.cov_min = cov_min
        self.threshold = threshold
        self.themes = tuple(t for t in self.lexicon["themes"] if t != NONE_THEME)
        self._entries: dict[str, list[tuple[str, float, bool]]] = {}
        for contextual, table in ((False, self.lexicon["themes"]), (True, self.lexicon["contextual"])):
            for theme, terms in table.items():
                for term, weight in terms.items():
                    if term:
                        self._entries.setdefault(term, []).append((theme, weight, contextual))
        # terms never hold a unit's end mark, so one scan of a paragraph finds each unit's terms
        self._entries = {t: e for t, e in self._entries.items() if not _UNIT_END.search(t) and t.strip()}
        self._pattern = re.compile(trie_pattern(self._entries)) if self._entries else None
        self._tables: _LexiconTables | None = None  # built on first use

    @classmethod
    def from_config(cls, config: Mapping[str, Any], lexicon: Mapping[str, Any]) -> LexiconThemeScorer:
        """A scorer from saved parameters and a lexicon mapping."""
        keys = ("fire_min", "rel_min", "cov_min", "threshold")
        return cls(lexicon, **{k: config[k] for k in keys if k in config})

    def config(self) -> dict[str, float]:
        """The decision parameters (for saving)."""
        return {"fire_min": self.fire_min, "rel_min": self.rel_min,
                "cov_min": self.cov_min, "threshold": self.threshold}

    def unit_scores(self, unit: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Theme weights of one unit and the terms behind them (``none`` included)."""
        if self._pattern is None:
            return {}, {}
        return self._weigh(m.group() for m in self._pattern.finditer(unit))

    def _weigh(self, found: Iterable[str]) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Theme weights and terms of a unit from the terms found in it, left to right (the rule
        as written for one unit; :meth:`_fire` applies it, and the firing rule of the class
        docstring, to all units at once)."""
        weights: dict[str, float] = {}
        ctx_weights: dict[str, float] = {}
        terms: dict[str, list[str]] = {}
        ctx_terms: dict[str, list[str]] = {}
        for term in dict.fromkeys(found):  # each distinct term counts once
            for theme, weight, contextual in self._entries[term]:
                w, t = (ctx_weights, ctx_terms) if contextual else (weights, terms)
                w[theme] = w.get(theme, 0.0) + weight
                t.setdefault(theme, []).append(term)
        if ctx_weights and not any(w >= self.fire_min for th, w in weights.items() if th != NONE_THEME):
            for theme, w in ctx_weights.items():
                weights[theme] = weights.get(theme, 0.0) + w
                terms.setdefault(theme, []).extend(ctx_terms[theme])
        return weights, terms

    def score(self, text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Every theme's score in [0, 1] and the terms that fired it in ``text``."""
        return self.score_many([text])[0]

    def score_many(self, texts: Iterable[str]) -> list[tuple[dict[str, float], dict[str, list[str]]]]:
        """:meth:`score` of each text, worked out for all texts at once with array operations
        (the rule of :meth:`unit_scores` and of the class docstring, unit by unit).

        >>> s = LexiconThemeScorer({"housing": ["住房", "租赁"]})
        >>> [sc["housing"] for sc, _ in s.score_many(["发展租赁住房。", "修路。"])]
        [0.9375, 0.0]
        """
        scores, evidence = self._score_rows(list(texts))
        return list(zip((dict(zip(self.themes, row, strict=True)) for row in scores.tolist()), evidence,
                        strict=True))

    def _score_rows(self, texts: Sequence[str]) -> tuple[np.ndarray, list[dict[str, list[str]]]]:
        """:meth:`score_many` as a score matrix (texts × :attr:`themes`) and the evidence."""
        if self._pattern is not None and self._tables is None:
            self._tables = _LexiconTables(self._entries, self._pattern, self.themes)
        joined = "\n".join(texts)
        code = _code_points(joined)
        starts, term_ids = self._tables.scanner.find(joined, code) if self._tables else ([], [])
        if not len(starts):
            return np.zeros((len(texts), len(self.themes))), [{} for _ in texts]
        units = _Units.of(joined, code, [len(t) for t in texts])
        found = _UnitTerms.of(self._tables, units, starts, term_ids)
        fired, none_fires, weights, context_used = self._fire(found)
        scores = self._paragraph_scores(found, fired, none_fires, weights, units.totals(len(texts)))
        return scores, self._evidence(found, fired, context_used, len(texts))

    def _fire(self, found: _UnitTerms) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The rule of :meth:`_weigh` and the class docstring for every unit with terms: which themes
        it fires (units × real themes), whether only the ``none`` topics fire it, the real
        themes' weights, and whether its contextual terms count."""
        real = found.tables.n_real
        fire_min = self.fire_min
        strong = (found.regular_on[:, :real] & (found.regular[:, :real] >= fire_min)).any(axis=1)
        context_used = ~strong & found.context_on.any(axis=1)
        use = context_used[:, None]
        weights = found.regular + np.where(use, found.context, 0.0)
        present = (found.regular_on | (found.context_on & use))[:, :real]
        real_w, none_w = weights[:, :real], weights[:, real]
        top = np.where(present, real_w, -np.inf).max(axis=1)
        top[~present.any(axis=1)] = 0.0
        fired = present & (real_w >= fire_min) & (real_w >= self.rel_min * top[:, None]) & (real_w > none_w[:, None])
        none_fires = ~fired.any(axis=1) & (none_w >= fire_min)
        return fired, none_fires, real_w, context_used

    def _paragraph_scores(self, found: _UnitTerms, fired: np.ndarray, none_fires: np.ndarray, weights: np.ndarray,
                          totals: np.ndarray) -> np.ndarray:
        """Theme scores (texts × themes) from what the units fire."""
        n_texts, real = len(totals), found.tables.n_real
        size, text = found.unit_size, found.unit_text
        rows, cols = np.nonzero(fired)  # unit by unit, as the characters are added up
        factor = 0.5 + 0.5 * np.minimum(1.0, weights[rows, cols] / (2 * self.fire_min))
        cover = np.bincount(text[rows] * real + cols, weights=size[rows] * factor,
                            minlength=n_texts * real).reshape(n_texts, real)[:, : len(self.themes)]
        scores = np.zeros_like(cover)
        at = np.nonzero(cover)
        scores[at] = _squash_many(cover[at] / totals[at[0]], self.cov_min)
        if self.sole_score:  # a whole sentence about one theme carries it
            alone = (fired.sum(axis=1) == 1) & (size >= self.sole_min_chars)
            theme = np.argmax(fired[alone], axis=1)
            sole = np.bincount(text[alone] * real + theme, minlength=n_texts * real).reshape(n_texts, real)
            sole = sole[:, : len(self.themes)]
            scores = np.where(sole > 0, np.maximum(scores, np.minimum(1.0, self.sole_score * sole)), scores)
        none_cover = np.bincount(text[none_fires], weights=size[none_fires], minlength=n_texts)
        damped = np.flatnonzero(none_cover)  # a paragraph mostly about no-theme topics: damp the rest
        if len(damped):
            ratio = np.minimum(1.0, cover[damped] / none_cover[damped, None])
            scores[damped] = _round4(scores[damped] * ratio)
        return scores

    def _evidence(self, found: _UnitTerms, fired: np.ndarray, context_used: np.ndarray,
                  n_texts: int) -> list[dict[str, list[str]]]:
        """Each text's terms per fired theme: themes in the order they first fire, terms in the
        order the units list them (regular terms before contextual ones), each term once."""
        unit, theme, ctx = found.entry_unit, found.entry_theme, found.entry_contextual
        used = (~ctx | context_used[unit]) & (theme < found.tables.n_real)
        used[used] = fired[unit[used], theme[used]]
        order = np.flatnonzero(used)
        order = order[np.argsort(unit[order] * 2 + ctx[order], kind="stable")]  # by unit, regular first
        out: list[dict[str, list[str]]] = [{} for _ in range(n_texts)]
        if not len(order):
            return out
        names, axis = found.tables.scanner.names, found.tables.axis
        group = found.unit_text[unit[order]] * len(axis) + theme[order]  # (text, theme)
        term = found.entry_term[order]
        first = _first_of_each(group * len(names) + term)  # each term once per text and theme
        group, term = group[first], term[first]
        by_group = np.argsort(group, kind="stable")  # in a group, terms in order
        grouped = group[by_group]
        start = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
        bounds = [*start.tolist(), len(grouped)]
        terms = [names[t] for t in term[by_group].tolist()]
        seq = np.argsort(by_group[start])  # each text's themes in the order they fire
        lo, hi = start[seq].tolist(), [bounds[g + 1] for g in seq.tolist()]
        key = grouped[start[seq]]
        for text, th, a, b in zip((key // len(axis)).tolist(), (key % len(axis)).tolist(), lo, hi, strict=True):
            out[text][axis[th]] = terms[a:b]
        return out

    def assign(self, texts: Sequence[str]) -> list[ThemeAssignment]:
        """Themes, scores and evidence of each text."""
        return [ThemeAssignment(_decide(scores, self.threshold), scores, evidence)
                for scores, evidence in self.score_many(texts)]

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """The score matrix (texts × themes), used as features by :class:`ThemeClassifier`."""
        return self._score_rows(list(texts))[0]


def _squash(share: float, cov_min: float) -> float:
    """Map a coverage share to [0, 1] so that ``cov_min`` → 0.5 and 1 → ~1."""
    if share <= 0:
        return 0.0
    return round(1.0 - math.exp(-share * math.log(2) / cov_min), 4)


def _squash_many(share: np.ndarray, cov_min: float) -> np.ndarray:
    """:func:`_squash` of every (positive) share, exactly.

    numpy's ``exp`` may differ from ``math.exp`` in the last bit; that moves a value's fourth
    decimal only when it lies within rounding error of a half, and those few values are
    squashed by :func:`_squash` itself (elsewhere ``rint(v · 10⁴) / 10⁴`` is ``round(v, 4)``,
    see :func:`_round4`).

    >>> _squash_many(np.array([0.25, 0.1, 1.0]), 0.25).tolist() == [_squash(s, 0.25) for s in (0.25, 0.1, 1.0)]
    True
    """
    y = (1.0 - np.exp(-share * math.log(2) / cov_min)) * 10000.0
    out = np.rint(y) / 10000.0
    near = np.abs(y - np.floor(y) - 0.5) < 1e-6
    for k in np.flatnonzero(near | (share <= 0)).tolist():
        out[k] = _squash(float(share[k]), cov_min)
    return out


def _round4(x: np.ndarray) -> np.ndarray:
    """``round(v, 4)`` of every value (as Python rounds: the double nearest the decimal).

    ``rint(v · 10⁴) / 10⁴`` is that double unless ``v · 10⁴`` lies within rounding error of a
    half; those few values are rounded by Python.

    >>> _round4(np.array([0.123449, 0.5, 2.675e-4])).tolist() == [round(v, 4) for v in (0.123449, 0.5, 2.675e-4)]
    True
    """
    x = np.asarray(x, dtype=np.float64)
    y = x * 10000.0
    out = np.rint(y) / 10000.0
    near = np.abs(y - np.floor(y) - 0.5) < 1e-6
    if near.any():
        flat, src = out.reshape(-1), x.reshape(-1)
        for k in np.flatnonzero(near.reshape(-1)).tolist():
            flat[k] = round(float(src[k]), 4)
    return out


def _decide_rows(scores: np.ndarray, threshold: float | Mapping[str, float]) -> list[list[int]] | None:
    """:func:`_decide` of every row of a score matrix, as column indices (``None`` for a
    per-theme threshold: the caller decides row by row).

    >>> _decide_rows(np.array([[0.2, 0.7, 0.6], [0.3, 0.1, 0.0], [0.1, 0.0, 0.2]]), 0.5)
    [[1, 2], [0], []]
    """
    if isinstance(threshold, Mapping):
        return None
    return _picked_rows(scores, _decide_mask(scores, threshold))


def _picked_rows(scores: np.ndarray, on: np.ndarray) -> list[list[int]]:
    """The columns ``on`` marks in each row of ``scores``, highest score first (ties: by column).

    >>> _picked_rows(np.array([[0.2, 0.7, 0.7], [0.3, 0.1, 0.0]]), np.array([[True, True, True], [False] * 3]))
    [[1, 2, 0], []]
    """
    rows, cols = np.nonzero(on)
    order = np.lexsort((cols, -scores[rows, cols], rows))  # per row, highest first
    out: list[list[int]] = [[] for _ in range(len(scores))]
    for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
        out[i].append(j)
    return out


def _decide_mask(scores: np.ndarray, threshold: float) -> np.ndarray:
    """Which themes (columns) :func:`_decide` picks in each row of a score matrix.

    >>> _decide_mask(np.array([[0.2, 0.7, 0.6], [0.3, 0.1, 0.0]]), 0.5).tolist()
    [[False, True, True], [True, False, False]]
    """
    on = (scores > 0) & (scores >= threshold)
    best = np.argmax(scores, axis=1)
    top = scores[np.arange(len(scores)), best]
    fallback = ~on.any(axis=1) & (top >= 0.5 * threshold) & (top > 0)  # the top theme if it scores at all
    on[fallback, best[fallback]] = True
    return on


def _decide(scores: Mapping[str, float], threshold: float | Mapping[str, float]) -> list[str]:
    """Themes at or above their threshold; the top theme is kept if it scores at all."""
    if isinstance(threshold, Mapping):
        thr = {t: threshold.get(t, 0.5) for t in scores}
        chosen = [t for t, s in scores.items() if s > 0 and s >= thr[t]]
    else:
        thr = None
        chosen = [t for t, s in scores.items() if s > 0 and s >= threshold]
    if not chosen and scores:
        best = max(scores, key=scores.__getitem__)
        limit = thr[best] if thr is not None else threshold
        if scores[best] >= 0.5 * limit and scores[best] > 0:
            chosen = [best]
    return sorted(chosen, key=lambda t: -scores[t])


# --------------------------------------------------------------------------- learned model

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_WHITE = re.compile(r"\s\s+")


def _preprocess(text: str) -> str:
    """Numbers folded to ``0`` so that figures do not become vocabulary."""
    return _DIGITS.sub("0", text)


def _words(text: str) -> list[str]:
    """Content words of policytext's segmentation, numbers folded to ``0``.

    The text is segmented as it is (the segmenter remembers recent paragraphs, so the
    mention rules and the theme model share one segmentation) and figures are folded per
    token.

    >>> _words("新建学校12所")
    ['新建', '学校', '0', '所']
    """
    from .segment import default_segmenter

    words = default_segmenter().words(text)
    if not _DIGITS.search(text):
        return words
    return [w if w.isalpha() else _DIGITS.sub("0", w) for w in words]


def _word_features(text: str, ngram_range: Sequence[int] = (1, 1)) -> list[str]:
    """Word n-gram features of ``text`` (n-grams joined by a space, as scikit-learn does).

    >>> _word_features("发展现代农业", (1, 2))
    ['发展', '现代农业', '发展 现代农业']
    """
    words = _words(text)
    lo, hi = ngram_range
    feats = list(words) if lo == 1 else []
    for n in range(max(2, lo), hi + 1):
        feats.extend(map(" ".join, zip(*(words[i:] for i in range(n)), strict=False)))
    return feats


def _char_features(text: str, ngram_range: Sequence[int] = (1, 3)) -> list[str]:
    """Character n-grams of ``text`` after number folding, as scikit-learn's ``analyzer="char"``.

    >>> _char_features("农业", (1, 2))
    ['农', '业', '农业']
    """
    t = _WHITE.sub(" ", _preprocess(text))
    lo, hi = ngram_range
    feats: list[str] = []
    for n in range(lo, hi + 1):
        feats.extend(t[i : i + n] for i in range(len(t) - n + 1))
    return feats


def _identity(features: list[str]) -> list[str]:
    """The feature list itself (scikit-learn's analyzer for lists already analysed)."""
    return features


class _Tfidf:
    """TF-IDF rows over a fixed vocabulary, computed as scikit-learn's ``TfidfVectorizer``
    (raw or sublinear counts × idf, rows L2-normalised) from feature lists.

    Prediction needs no scikit-learn vectoriser: a dict look-up per feature and a few array
    operations for the whole batch.
    """

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray, sublinear_tf: bool = False) -> None:
        self.names = list(vocabulary)
        self.index = {f: i for i, f in enumerate(self.names)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.sublinear_tf = sublinear_tf

    @classmethod
    def fit(cls, docs: Sequence[list[str]], *, min_df: int, max_features: int | None,
            sublinear_tf: bool) -> _Tfidf:
        """Vocabulary and idf as ``TfidfVectorizer.fit`` chooses them."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer=_identity, min_df=min_df, max_features=max_features,
                              sublinear_tf=sublinear_tf, dtype=np.float32).fit(docs)
        return cls(vec.get_feature_names_out().tolist(), vec.idf_, sublinear_tf)

    def transform(self, docs: Sequence[list[str]]) -> Any:
        """A CSR matrix (float32), one L2-normalised row per feature list."""
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        flat = list(itertools.chain.from_iterable(docs))
        cols = np.fromiter(map(self.index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(docs)), lengths)
        known = cols >= 0
        return self._matrix(rows[known], cols[known], len(docs))

    def transform_words(self, texts: Sequence[str], ngram_range: Sequence[int]) -> Any:
        """:meth:`transform` of the word n-gram features of ``texts`` (see :func:`_word_features`),
        with n-grams looked up as integers instead of joined strings; ``None`` when the
        vocabulary or a token does not allow it (the caller then builds the feature lists).

        >>> vec = _Tfidf(["农业", "发展 农业"], np.ones(2))
        >>> [round(v, 3) for v in vec.transform_words(["发展农业"], (1, 2)).toarray()[0].tolist()]
        [0.707, 0.707]
        """
        from .segment import default_segmenter

        index = self._word_index(tuple(ngram_range))
        if index is None:
            return None
        segmenter = default_segmenter()
        joined = list(map(segmenter.joined_tokens, texts))
        if any(j is None for j in joined):  # NULs that do not separate the tokens: read them
            tokens = list(map(segmenter.cached_tokens, texts))
            lengths = list(map(len, tokens))
            a = index.ids(list(itertools.chain.from_iterable(tokens)))
        else:
            lengths = [j.count("\0") + 1 if j else 0 for j in joined]  # type: ignore[union-attr]
            a = index.spelled.ids_of_joined("\0".join(j for j in joined if j), index.token_ids)
        if len(a) and a.min() < -1:
            return None  # a token with a space: only the joined strings say which n-gram it is
        rows = np.repeat(np.arange(len(texts)), lengths)
        kept = a >= 0  # stopwords and punctuation dropped before n-grams are formed
        a, rows = a[kept], rows[kept]
        rows_out, cols_out = [], []
        if index.unigram is not None:
            col = index.unigram[a]
            known = col >= 0
            rows_out.append(rows[known])
            cols_out.append(col[known])
        for n in index.sizes:
            m = len(a) - n + 1
            if n == 1 or m <= 0:
                continue
            ok = index.starts[a[:m]] & (rows[:m] == rows[n - 1 :])  # opens an n-gram, all in one text
            at = np.flatnonzero(ok)
            key = a[at]
            for k in range(1, n):
                key = key * index.base + a[at + k]
            # an unknown word (id 0) makes no n-gram: a key is its words' ids as digits in base
            # ``base``, and no n-gram of the vocabulary has a digit 0
            col = index.grams.find(key, missing=-1)
            hit = col >= 0
            rows_out.append(rows[at[hit]])
            cols_out.append(col[hit])
        if not rows_out:
            return self._matrix(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), len(texts))
        return self._matrix(np.concatenate(rows_out), np.concatenate(cols_out), len(texts))

    def _word_index(self, ngram_range: tuple[int, ...]) -> _WordIndex | None:
        """The :class:`_WordIndex` of this vocabulary for ``ngram_range`` (built once)."""
        cache = self.__dict__.setdefault("_word_indexes", {})
        if ngram_range not in cache:
            cache[ngram_range] = _WordIndex.build(self.names, ngram_range)
        return cache[ngram_range]

    def _matrix(self, rows: np.ndarray, cols: np.ndarray, n_rows: int) -> Any:
        """The CSR matrix (float32) of feature occurrences ``(rows[k], cols[k])``: counts (or
        ``1 + log`` counts) × idf, each row L2-normalised."""
        from scipy import sparse

        n_cols = len(self.names)
        cells = rows * n_cols + cols
        if n_rows * n_cols < 2**31:
            cells = cells.astype(np.int32)  # sorts faster
        cells, counts = np.unique(cells, return_counts=True)  # row by row, by column
        cells = cells.astype(np.int64)
        rows = cells // n_cols
        cols = cells - rows * n_cols
        data = counts.astype(np.float64)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1
        data *= self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data**2, minlength=n_rows))
        data /= norms[rows]
        indptr = np.zeros(n_rows + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return sparse.csr_matrix((data.astype(np.float32), cols.astype(np.int32), indptr),
                                 shape=(n_rows, n_cols))


class _WordIndex(NamedTuple):
    """A word n-gram vocabulary as integers: each word of the vocabulary has an id (from 1;
    0 is an unknown word), ``unigram[id]`` is a word's column (-1: none); an n-gram of two
    or more words is the number ``w1·base^(n-1) + … + wn``, ``grams`` gives its column, and
    ``starts[id]`` says whether some n-gram opens with the word."""

    sizes: tuple[int, ...]
    base: int
    unigram: np.ndarray | None
    starts: np.ndarray
    grams: _IntTable
    token_ids: _TokenIds
    spelled: _ShortTokens

    def ids(self, tokens: Sequence[str]) -> np.ndarray:
        """The word id of each token, as :class:`_TokenIds` gives it (see :class:`_ShortTokens`).

        >>> index = _WordIndex.build(["农业", "发展 农业"], (1, 2))
        >>> index.ids(["发展", "农业", "，", "新词", "12"]).tolist()
        [2, 1, -1, 0, 0]
        """
        size = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        return self.spelled.ids("".join(tokens), size, self.token_ids)

    @classmethod
    def build(cls, names: Sequence[str], ngram_range: tuple[int, ...]) -> _WordIndex | None:
        """The index of the n-gram vocabulary ``names`` (``None`` when it does not fit in integers)."""
        lo, hi = ngram_range
        sizes = ((1,) if lo == 1 else ()) + tuple(range(max(2, lo), hi + 1))  # as _word_features
        if not sizes:
            return None
        word_id: dict[str, int] = {}
        grams = []
        for col, name in enumerate(names):
            parts = name.split(" ")  # tokens hold no space (checked per token), so this is exact
            if len(parts) in sizes:
                grams.append(([word_id.setdefault(w, len(word_id) + 1) for w in parts], col))
        base = len(word_id) + 1
        if base**hi >= 2**62:
            return None
        unigram = np.full(base, -1, dtype=np.int64) if 1 in sizes else None
        starts = np.zeros(base, dtype=bool)
        keys, cols = [], []
        for ids, col in grams:
            if len(ids) == 1:
                unigram[ids[0]] = col  # type: ignore[index]
            else:
                starts[ids[0]] = True
                keys.append(functools.reduce(lambda k, w: k * base + w, ids, 0))
                cols.append(col)
        starts[0] = False
        grams = _IntTable(np.array(keys, dtype=np.int64), np.array(cols, dtype=np.int64))
        token_ids = _TokenIds(word_id)
        return cls(sizes, base, unigram, starts, grams, token_ids, _ShortTokens(word_id))


class _TokenIds(dict):  # type: ignore[type-arg]
    """Token → word id of a :class:`_WordIndex`, filled on first sight of a token: -1 for a
    token :meth:`Segmenter.words` drops (stopword, punctuation, space), -2 for one holding a
    space, else the id of the token with figures folded to ``0`` (0 when not in the vocabulary).
    """

    def __init__(self, word_id: Mapping[str, int]) -> None:
        super().__init__()
        self.word_id = word_id

    def __missing__(self, token: str) -> int:
        """The id of a token seen for the first time (remembered)."""
        if len(self) >= _TOKEN_MEMO_SIZE:
            self.clear()
        value = self[token] = _token_id(token, self.word_id)
        return value


#: distinct tokens remembered by a :class:`_TokenIds` (cleared when full)
_TOKEN_MEMO_SIZE = 500_000


@functools.lru_cache(maxsize=1)
def _char_flags() -> np.ndarray:
    """Per BMP code point: bit 1 ``str.isalnum``, bit 2 a digit (``\\d``, as :data:`_DIGITS`
    reads it), bit 4 the space.

    ``re`` tells the classes of all 65,536 characters at once (``[^\\W_]`` is exactly
    ``str.isalnum``: a word character is alphanumeric or ``_``), far quicker than a loop.

    >>> flags = _char_flags()
    >>> [int(flags[ord(ch)]) for ch in "农A5，５ "]
    [1, 1, 3, 0, 3, 4]
    """
    every = "".join(map(chr, range(0x10000)))

    def kept(pattern: str) -> np.ndarray:  # where the characters not matching pattern are
        code = np.frombuffer(re.sub(pattern, "\0", every).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return code != 0

    flags = kept(r"[\W_]").astype(np.uint8) | (kept(r"\D").astype(np.uint8) << 1)
    flags[0x20] |= 4
    return flags


class _ShortTokens:
    """:class:`_TokenIds` for many tokens at once, from their code points instead of one dict
    look-up per token.

    A token of one to four BMP characters is one exact integer (16 bits per character),
    looked up in a table of the words of its length: the vocabulary's words (their ids) and
    the stopwords (-1). A one-character token is read from an array holding the memo's
    answer for every BMP character. A token the table lacks is the figure ``0``'s id when it
    is all digits, -1 when it has no letter, digit or CJK character (what
    :meth:`Segmenter.keeps` drops), else 0. Tokens this cannot judge (digits mixed with
    other characters, a space, a character beyond the BMP, five characters or more: about
    2 % of a news archive's tokens) are asked of the dict :class:`_TokenIds`.

    On a news archive the dict look-ups took a tenth of the pipeline's time: the dict (tens
    of thousands of tokens) and its keys are out of the processor's caches by the time the
    theme model runs, so each look-up waits on memory.
    """

    longest = 4

    def __init__(self, word_id: Mapping[str, int]) -> None:
        from .segment import load_stopwords

        flags = self.flags = _char_flags()
        stopwords = load_stopwords()
        self.figure = word_id.get("0", 0)  # the id of a token of digits only (folded to "0")
        # what the table says of a word: its id, or -1 for a stopword (keeps() drops those first);
        # words the memo judges otherwise are left out: a word with no letter, digit or CJK
        # character (dropped), or holding a figure (folded), a space or a non-BMP character
        values = {w: i for w, i in word_id.items() if any(ch.isalnum() for ch in w) and not _has_flag(w, 2 | 4)}
        values.update((w, -1) for w in stopwords if not _has_flag(w, 4))
        # one character: kept if a letter, digit or CJK character (a digit folds to "0"), else dropped
        self.single = np.where(flags & 1, 0, -1).astype(np.int64)
        self.single[(flags & 2) != 0] = self.figure
        for w, value in values.items():
            if len(w) == 1:
                self.single[ord(w)] = value
        self.tables: dict[int, _IntTable] = {}  # by length: the words' keys and values
        for size in range(2, self.longest + 1):
            words = [w for w in values if len(w) == size]
            keys = np.array([self._key(w) for w in words], dtype=np.uint64).view(np.int64)
            self.tables[size] = _IntTable(keys, np.array([values[w] for w in words], dtype=np.int64))

    @staticmethod
    def _key(word: str) -> int:
        """A word of at most four BMP characters as one integer, as :meth:`ids` computes it."""
        key = 0
        for ch in word:
            key = (key << 16) | ord(ch)
        return key

    def ids(self, text: str, size: np.ndarray, memo: Mapping[str, int]) -> np.ndarray:
        """The id of each token of ``text``, whose tokens are ``size`` characters long, in
        order; ``memo`` (a :class:`_TokenIds`) answers the tokens the arrays cannot judge."""
        return self._ids(text, _code_points(text).astype(np.int64), np.cumsum(size) - size, size, memo)

    def ids_of_joined(self, joined: str, memo: Mapping[str, int]) -> np.ndarray:
        """The id of each token of ``joined``, tokens separated by NUL characters (as
        :meth:`Segmenter.joined_tokens` gives them; ``""`` holds no token)."""
        if not joined:
            return np.zeros(0, dtype=np.int64)
        code = _code_points(joined).astype(np.int64)
        nul = np.flatnonzero(code == 0)
        start = np.concatenate(([0], nul + 1))
        return self._ids(joined, code, start, np.append(nul, len(code)) - start, memo)

    def _ids(self, text: str, code: np.ndarray, start: np.ndarray, size: np.ndarray,
             memo: Mapping[str, int]) -> np.ndarray:
        """The ids of the tokens ``text[start:start + size]`` (``code``: the code points of ``text``)."""
        n = len(size)
        out = np.full(n, -1, dtype=np.int64)  # an empty token is dropped
        beyond = code > 0xFFFF
        flags = self.flags[np.where(beyond, 0, code)] | (beyond * 8).astype(np.uint8)
        ask = [np.flatnonzero(size > self.longest)]
        one = np.flatnonzero(size == 1)
        out[one] = self.single[np.minimum(code[start[one]], 0xFFFF)]
        ask.append(one[beyond[start[one]]])
        for length, table in self.tables.items():
            at = np.flatnonzero(size == length)
            first = start[at]
            key = code[first]
            any_flag = all_flag = flags[first]
            for k in range(1, length):
                key = (key << 16) | code[first + k]
                any_flag = any_flag | flags[first + k]
                all_flag = all_flag & flags[first + k]
            value = table.find(key, missing=-9)  # the only words with digits in a table are stopwords
            unknown = np.where(all_flag & 2, self.figure, np.where(any_flag & 1, 0, -1))
            out[at] = np.where(value != -9, value, unknown)
            ask.append(at[((any_flag & (4 | 8)) != 0) | ((any_flag & 2) != (all_flag & 2))])
        wait = np.concatenate(ask)
        if len(wait):
            out[wait] = [memo[text[a:b]] for a, b in zip(start[wait].tolist(), (start + size)[wait].tolist(), strict=True)]
        return out


def _token_id(token: str, word_id: Mapping[str, int]) -> int:
    """The id :class:`_TokenIds` gives a token: -1 for a token :meth:`Segmenter.words` drops
    (stopword, punctuation, space), -2 for one holding a space, else the id of the token with
    figures folded to ``0`` (0 when not in the vocabulary).

    >>> _token_id("，", {}), _token_id("12", {"0": 7}), _token_id("新词", {})
    (-1, 7, 0)
    """
    from .segment import Segmenter

    # the rule of Segmenter.words, then the folding of _words
    if not Segmenter.keeps(token):
        return -1
    if " " in token:
        return -2
    return word_id.get(_DIGITS.sub("0", token), 0)


def _has_flag(word: str, bits: int) -> bool:
    """Does a character of ``word`` carry one of the :func:`_char_flags` ``bits``, or lie
    beyond the BMP?"""
    flags = _char_flags()
    return any(ord(ch) > 0xFFFF or flags[ord(ch)] & bits for ch in word)


def _strongest_first(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """The order of ``np.lexsort((-value, group))`` (by group, then largest value first; ties
    keep their order) for positive values; float32 values are sorted as one integer key.

    >>> _strongest_first(np.array([0, 0, 0, 1]), np.array([0.5, 2.0, 0.5, 1.0], dtype=np.float32)).tolist()
    [1, 0, 2, 3]
    """
    if value.dtype != np.float32 or not len(group) or group.max() >= 2**32:
        return np.lexsort((-value, group))
    # a positive float32's bits grow with its value
    key = (group.astype(np.int64) << 31) | (0x7F800000 - value.view(np.int32)).astype(np.int64)
    return np.argsort(key, kind="stable")


def _is_multilabel(y: Any) -> bool:
    """Whether ``y`` holds label lists or an indicator matrix rather than one label per text."""
    if isinstance(y, np.ndarray) or hasattr(y, "toarray"):
        return getattr(y, "ndim", 1) == 2
    first = next(iter(y), None)
    return isinstance(first, (list, tuple, set, frozenset, np.ndarray))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped so that ``exp`` never overflows."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def _jsonable(value: Any) -> Any:
    """``value`` as JSON can hold it (tuples as lists, numpy scalars as Python ones)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


class _ThemeClassifierCore:
    """A theme classifier over texts: a scikit-learn estimator (:class:`ThemeClassifier`).

    Features are word n-grams of policytext's segmentation and, optionally, character n-grams
    (both TF-IDF, numbers folded to ``0``) and the lexicon scorer's theme scores; the model is
    linear (logistic regression; one binary model per label for multi-label ``y``).
    scikit-learn chooses the vocabulary and idf at ``fit``; features are then computed by
    dict look-ups into that vocabulary (:class:`_Tfidf`), the same at fit and predict time, and
    a paragraph's segmentation is shared with the mention rules (see ``Segmenter.cut``).

    ``fit(X, y)`` takes a list of texts and either one label per text (multiclass) or a list
    of label lists / an indicator matrix (multi-label). For multi-label data ``predict``
    returns an indicator matrix (columns = ``classes_``) and :meth:`predict_labels` the label
    lists. ``save(path)`` / :meth:`load` use JSON + npz (no pickle).

    Parameters
    ----------
    word_ngram_range, char_ngram_range: n-gram ranges; ``None`` drops that block (the default:
        word unigrams only; character n-grams help on short paragraphs).
    min_df: minimum document frequency of a feature.
    max_word_features, max_char_features: vocabulary caps (keep saved models small).
    C: inverse regularisation strength.
    class_weight: ``"balanced"`` or ``None``.
    lexicon: ``None`` (no lexicon features), ``"default"`` (shipped lexicon), a path or a mapping.
    lexicon_weight: scale of the lexicon features.
    threshold: probability needed for a label in multi-label prediction.
    sublinear_tf: ``1 + log(tf)`` term frequencies (off: raw counts did better on long texts).

    >>> from policytext.themes import ThemeClassifier
    >>> clf = ThemeClassifier(min_df=1).fit(
    ...     ["粮食丰收农民增收", "农村道路建设", "工厂扩产", "制造业升级"],
    ...     ["farm", "farm", "ind", "ind"])
    >>> clf.predict(["农民种粮"]).tolist()
    ['farm']
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] | None = (1, 1),
        char_ngram_range: tuple[int, int] | None = None,
        min_df: int = 2,
        max_word_features: int | None = 50000,
        max_char_features: int | None = 50000,
        C: float = 1.0,
        class_weight: str | None = "balanced",
        lexicon: str | Path | Mapping[str, Any] | None = None,
        lexicon_weight: float = 1.0,
        threshold: float = 0.5,
        sublinear_tf: bool = False,
        max_iter: int = 2000,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.C = C
        self.class_weight = class_weight
        self.lexicon = lexicon
        self.lexicon_weight = lexicon_weight
        self.threshold = threshold
        self.sublinear_tf = sublinear_tf
        self.max_iter = max_iter

    # -- features
    def _make_scorer(self) -> LexiconThemeScorer | None:
        """The lexicon scorer whose scores are features (``None`` without lexicon features)."""
        if self.lexicon is None or self.lexicon is False:
            return None
        return LexiconThemeScorer(None if self.lexicon == "default" else self.lexicon)

    def _analyzers(self) -> list[tuple[str, Any]]:
        """``(kind, function text → feature list)`` of the blocks this model uses."""
        out: list[tuple[str, Any]] = []
        if self.word_ngram_range is not None:
            out.append(("word", functools.partial(_word_features, ngram_range=tuple(self.word_ngram_range))))
        if self.char_ngram_range is not None:
            out.append(("char", functools.partial(_char_features, ngram_range=tuple(self.char_ngram_range))))
        return out

    def _features(self, X: Sequence[str], *, fit: bool = False) -> Any:
        """The feature matrix (CSR): TF-IDF blocks, then the lexicon scores if any."""
        from scipy import sparse

        texts = [str(x) for x in X]
        blocks = []
        if fit:
            self.vectorizers_ = {}
            self._names = None
        for kind, analyze in self._analyzers():
            if not fit and kind == "word":
                X = self.vectorizers_[kind].transform_words(texts, tuple(self.word_ngram_range))
                if X is not None:
                    blocks.append(X)
                    continue
            docs = [analyze(t) for t in texts]
            if fit:
                min_df = self.min_df if len(texts) > self.min_df else 1
                cap = self.max_word_features if kind == "word" else self.max_char_features
                self.vectorizers_[kind] = _Tfidf.fit(docs, min_df=min_df, max_features=cap,
                                                     sublinear_tf=self.sublinear_tf)
            blocks.append(self.vectorizers_[kind].transform(docs))
        if fit:
            self.lexicon_scorer_ = self._make_scorer()
        if self.lexicon_scorer_ is not None:
            lex = self.lexicon_scorer_.features(texts) * self.lexicon_weight
            blocks.append(sparse.csr_matrix(lex.astype(np.float32)))
        if len(blocks) == 1:
            return blocks[0]
        return sparse.hstack(blocks, format="csr") if blocks else sparse.csr_matrix((len(texts), 0))

    def feature_names(self) -> list[str]:
        """Names of the feature columns (``w:``, ``c:``, ``lex:`` prefixes); built once."""
        names = getattr(self, "_names", None)
        if names is None:
            names = []
            for kind, vec in self.vectorizers_.items():
                names.extend(f"{kind[0]}:{f}" for f in vec.names)
            if self.lexicon_scorer_ is not None:
                names.extend(f"lex:{t}" for t in self.lexicon_scorer_.themes)
            self._names = names
        return names

    # -- sklearn API
    def fit(self, X: Sequence[str], y: Any, sample_weight: Any = None) -> ThemeClassifier:
        """Fit on texts ``X`` and labels ``y`` (labels, label lists or an indicator matrix)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import MultiLabelBinarizer

        self.multilabel_ = _is_multilabel(y)
        if self.multilabel_:
            if isinstance(y, np.ndarray) or hasattr(y, "toarray"):
                Y = np.asarray(y.toarray() if hasattr(y, "toarray") else y, dtype=int)
                self.classes_ = np.arange(Y.shape[1])
            else:
                mlb = MultiLabelBinarizer()
                Y = mlb.fit_transform([list(labels) for labels in y])
                self.classes_ = mlb.classes_
        else:
            y = np.asarray(y)
            self.classes_ = np.unique(y)
        Xf = self._features(X, fit=True)
        lr = dict(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=0)
        if self.multilabel_:
            coef = np.zeros((len(self.classes_), Xf.shape[1]))
            intercept = np.zeros(len(self.classes_))
            for j in range(len(self.classes_)):
                col = Y[:, j]
                if col.min() == col.max():  # a label always (or never) present
                    intercept[j] = 10.0 if col[0] else -10.0
                    continue
                m = LogisticRegression(solver="liblinear", **lr).fit(Xf, col, sample_weight=sample_weight)
                coef[j], intercept[j] = m.coef_[0], m.intercept_[0]
        else:
            if len(self.classes_) < 2:
                raise ValueError("ThemeClassifier needs at least two classes")
            m = LogisticRegression(**lr).fit(Xf, y, sample_weight=sample_weight)
            coef, intercept = m.coef_, m.intercept_
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = intercept.astype(np.float32)
        self.n_features_ = Xf.shape[1]
        return self

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores (one column per class; one column for a binary problem)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "coef_")
        return self._decision(self._features(X))

    def _decision(self, Xf: Any) -> np.ndarray:
        """Linear scores of a feature matrix (one column per class; one for a binary problem)."""
        scores = np.asarray(Xf @ self._coef_columns()) + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def _coef_columns(self) -> np.ndarray:
        """``coef_.T`` laid out row by row (the product would copy it so on every call)."""
        cached = self.__dict__.get("_coef_t")
        if cached is None or cached[0] is not self.coef_:
            cached = self._coef_t = (self.coef_, np.ascontiguousarray(self.coef_.T))
        return cached[1]

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Class probabilities (multi-label: independent per-label probabilities)."""
        return self._proba(self.decision_function(X))

    def _proba(self, z: np.ndarray) -> np.ndarray:
        """Class probabilities from linear scores (softmax; sigmoid per label for multi-label)."""
        if self.multilabel_:
            return _sigmoid(z.reshape(len(z), -1))
        if z.ndim == 1:
            p = _sigmoid(z)
            return np.column_stack([1 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def _thresholds(self) -> np.ndarray:
        """The probability each label needs (multi-label prediction)."""
        t = getattr(self, "thresholds_", None)
        return np.full(len(self.classes_), self.threshold) if t is None else np.asarray(t)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Labels (multiclass) or an indicator matrix (multi-label)."""
        proba = self.predict_proba(X)
        if self.multilabel_:
            return (proba >= self._thresholds()).astype(int)
        return self.classes_[np.argmax(proba, axis=1)]

    def predict_labels(self, X: Sequence[str]) -> list[list[Any]]:
        """Label lists per text (both multiclass and multi-label)."""
        if not self.multilabel_:
            return [[label] for label in self.predict(X).tolist()]
        return [[c for c, on in zip(self.classes_.tolist(), row, strict=False) if on] for row in self.predict(X)]

    # -- theme-model interface
    def assign(self, texts: Sequence[str], *, n_evidence: int = 5) -> list[ThemeAssignment]:
        """Themes, probabilities and the strongest features behind each assigned theme."""
        if not len(texts):
            return []
        Xf, proba, chosen = self._assign_parts(texts)
        classes = [str(c) for c in self.classes_.tolist()]
        pairs = [(i, j) for i, picks in enumerate(chosen) for j in picks]
        found = iter(self._evidence(Xf, pairs, n_evidence))
        out = []
        for row, picks in zip(_round4(proba).tolist(), chosen, strict=True):
            evidence = {classes[j]: next(found) for j in picks}
            scores = dict(zip(classes, row, strict=True))
            out.append(ThemeAssignment([classes[j] for j in picks], scores, evidence))
        return out

    def _assign_parts(self, texts: Sequence[str]) -> tuple[Any, np.ndarray, list[list[int]]]:
        """The feature matrix, the class probabilities (texts × classes) and each text's chosen
        classes (indices, most probable first)."""
        Xf = self._features(texts)
        proba = self._proba(self._decision(Xf))
        if self.multilabel_:
            rows, cols = np.nonzero(self._chosen_mask(proba))
            order = np.lexsort((cols, -proba[rows, cols], rows))  # per text, most probable first
            chosen = [[] for _ in range(len(proba))]
            for i, j in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
                chosen[i].append(j)
        else:
            chosen = [[j] for j in np.argmax(proba, axis=1).tolist()]
        return Xf, proba, chosen

    def _chosen_mask(self, proba: np.ndarray) -> np.ndarray:
        """Which classes (columns) each text (row) gets: those reaching their threshold
        (multi-label) or the most probable one."""
        if self.multilabel_:
            return proba >= self._thresholds()
        mask = np.zeros(proba.shape, dtype=bool)
        mask[np.arange(len(proba)), np.argmax(proba, axis=1)] = True
        return mask

    def _evidence(self, Xf: Any, pairs: Sequence[tuple[int, int]], n: int) -> list[list[str]]:
        """For each ``(row, class)`` pair, the names of the (at most ``n``) features of the row
        that add most to the class (stable order: the first column wins a tie)."""
        rows = np.array([i for i, _ in pairs], dtype=np.int64)
        cls = np.array([j for _, j in pairs], dtype=np.int64)
        return self._top_features(Xf, rows, cls, n, self.feature_names())

    def _top_features(self, Xf: Any, rows: np.ndarray, cls: np.ndarray, n: int,
                      names: Sequence[Any]) -> list[list[Any]]:
        """:meth:`_evidence` of the pairs ``(rows[k], cls[k])``, with the features named by
        ``names`` (one per column; a column named ``None`` is left out of the lists, after the
        top ``n`` are chosen)."""
        if not len(rows):
            return []
        lo = Xf.indptr[rows].astype(np.int64)
        size = Xf.indptr[rows + 1] - lo
        pair = np.repeat(np.arange(len(rows)), size)
        pos = np.arange(len(pair)) + np.repeat(lo - (np.cumsum(size) - size), size)  # cells of the rows
        col = Xf.indices.take(pos)
        if self.coef_.shape[0] > 1:  # (flat indices: faster than a two-axis look-up)
            contrib = Xf.data.take(pos) * self.coef_.take(cls.take(pair) * self.coef_.shape[1] + col)
        else:  # binary: one coefficient row, for class 1
            contrib = Xf.data.take(pos) * self.coef_[0].take(col)
            np.negative(contrib, out=contrib, where=cls.take(pair) == 0)
        up = np.flatnonzero(contrib > 0)
        pair, col, contrib = pair.take(up), col.take(up), contrib.take(up)
        order = _strongest_first(pair, contrib)
        pair, col = pair.take(order), col.take(order)
        count = np.bincount(pair, minlength=len(rows))  # features per pair
        rank = np.arange(len(pair)) - (np.cumsum(count) - count).take(pair)  # place in its pair
        found = [names[c] for c in col[rank < n].tolist()]  # pair by pair
        ends = np.cumsum(np.minimum(count, n)).tolist()
        out = [found[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        if None in found:
            out = [[f for f in feats if f is not None] for feats in out]
        return out

    def _word_names(self) -> list[str | None]:
        """Each feature column's word (``w:`` features, prefix dropped) or ``None``; built once."""
        words = self.__dict__.get("_words")
        if words is None or words[0] is not self.feature_names():
            names = self.feature_names()
            words = self._words = (names, [f[2:] if f[:2] == "w:" else None for f in names])
        return words[1]

    # -- persistence (JSON + npz, no pickle)
    def _state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """The classifier as JSON metadata and arrays (what :meth:`save` writes)."""
        params = {k: _jsonable(v) for k, v in self.get_params().items()}
        if params["lexicon"] not in (None, "default"):
            params["lexicon"] = self.lexicon_scorer_.lexicon if self.lexicon_scorer_ else None
        meta = {
            "kind": "classifier",
            "format": 1,
            "params": params,
            "classes": [_jsonable(c) for c in self.classes_.tolist()],
            "multilabel": bool(self.multilabel_),
            "thresholds": [float(t) for t in self._thresholds()],
            "vocabulary": {k: list(vec.names) for k, vec in self.vectorizers_.items()},
        }
        arrays = {"coef": self.coef_, "intercept": self.intercept_}
        for k, vec in self.vectorizers_.items():
            arrays[f"idf_{k}"] = vec.idf.astype(np.float32)
        return meta, arrays

    @classmethod
    def _from_state(cls, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> ThemeClassifier:
        """A classifier from the metadata and arrays :meth:`_state` gives."""
        params = dict(meta["params"])
        for key in ("word_ngram_range", "char_ngram_range"):
            if params.get(key) is not None:
                params[key] = tuple(params[key])
        clf = cls(**params)
        clf.multilabel_ = bool(meta["multilabel"])
        clf.classes_ = np.array(meta["classes"])
        clf.thresholds_ = np.array(meta["thresholds"], dtype=float)
        clf.vectorizers_ = {}
        for kind, vocab in meta["vocabulary"].items():
            clf.vectorizers_[kind] = _Tfidf(vocab, arrays[f"idf_{kind}"], params.get("sublinear_tf", False))
        clf._names = None
        clf.lexicon_scorer_ = clf._make_scorer()
        clf.coef_ = np.asarray(arrays["coef"], dtype=np.float32)
        clf.intercept_ = np.asarray(arrays["intercept"], dtype=np.float32)
        clf.n_features_ = clf.coef_.shape[1]
        return clf

    def save(self, path: str | Path) -> Path:
        """Write ``model.json`` and ``weights.npz`` into the directory ``path``."""
        meta, arrays = self._state()
        return _write_model(path, meta, arrays)

    @classmethod
    def load(cls, path: str | Path) -> ThemeClassifier:
        """A classifier saved by :meth:`save`."""
        meta, arrays = _read_model(path)
        if meta.get("kind") != "classifier":
            raise ValueError(f"{path} holds a {meta.get('kind')!r} model, not a classifier")
        return cls._from_state(meta, arrays)


@functools.lru_cache(maxsize=1)
def _estimator_class() -> type:
    """:class:`ThemeClassifier`: the classifier with scikit-learn's estimator bases (``clone``,
    ``get_params``, ``score``, pipelines and grid search), made on first use. Predicting with
    a loaded model needs none of scikit-learn, so analysing text never imports it (about a
    second of every process's start-up)."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    namespace = {"__module__": __name__, "__doc__": _ThemeClassifierCore.__doc__}
    return type("ThemeClassifier", (_ThemeClassifierCore, ClassifierMixin, BaseEstimator), namespace)


def __getattr__(name: str) -> Any:
    if name == "ThemeClassifier":  # PEP 562: the estimator class is made when first asked for
        cls = _estimator_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:  # what type checkers see of the class _estimator_class makes
    from sklearn.base import BaseEstimator, ClassifierMixin

    class ThemeClassifier(_ThemeClassifierCore, ClassifierMixin, BaseEstimator): ...


def _write_model(path: str | Path, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> Path:
    """Write ``model.json`` (and ``weights.npz`` when there are arrays) into the directory ``path``."""
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    if arrays:
        np.savez_compressed(out / "weights.npz", **arrays)
    return out


def _read_model(path: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The metadata and arrays of a model directory (a path or a package resource)."""
    base = path if hasattr(path, "joinpath") else Path(path)
    meta = json.loads(base.joinpath("model.json").read_text(encoding="utf-8"))
    arrays: dict[str, np.ndarray] = {}
    weights = base.joinpath("weights.npz")
    if weights.is_file():
        with weights.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    return meta, arrays


# --------------------------------------------------------------------------- blend, loading


class BlendThemeModel:
    """Lexicon scores and classifier probabilities averaged with weight ``weight`` on the lexicon.

    A theme is assigned when the blended score reaches ``threshold`` (the top theme is kept if
    it reaches half of it); evidence is the lexicon's terms plus the classifier's strongest
    word features.
    """

    def __init__(self, lexicon: LexiconThemeScorer, classifier: ThemeClassifier, *,
                 weight: float = 0.5, threshold: float = 0.5) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.weight = weight
        self.threshold = threshold

    def assign(self, texts: Sequence[str]) -> list[ThemeAssignment]:
        """Themes, blended scores and evidence of each text."""
        texts = list(texts)
        if not texts:
            return []
        lex_scores, lex_evidence = self.lexicon._score_rows(texts)  # its own decision is not needed
        clf = self.classifier
        Xf = clf._features(texts)
        proba = clf._proba(clf._decision(Xf))
        classes = [str(c) for c in clf.classes_.tolist()]
        themes = list(dict.fromkeys([*self.lexicon.themes, *classes]))
        class_cols = [themes.index(c) for c in classes]
        a = np.zeros((len(texts), len(themes)))
        a[:, : lex_scores.shape[1]] = lex_scores
        b = np.zeros((len(texts), len(themes)))
        b[:, class_cols] = _round4(proba)  # the classifier's scores
        blended = _round4(self.weight * a + (1 - self.weight) * b)
        rows = blended.tolist()
        if isinstance(self.threshold, Mapping):  # per-theme thresholds
            decided = [[themes.index(t) for t in _decide(dict(zip(themes, row, strict=True)), self.threshold)]
                       for row in rows]
            on = np.zeros(blended.shape, dtype=bool)
            for i, picks in enumerate(decided):
                on[i, picks] = True
        else:
            on = _decide_mask(blended, self.threshold)
            decided = _picked_rows(blended, on)
        scores = list(map(dict, map(zip, itertools.repeat(themes), rows)))
        picked = [[themes[j] for j in picks] if picks else [] for picks in decided]
        evidence = [{t: lex_ev.get(t, []) for t in p} if p else {}
                    for p, lex_ev in zip(picked, lex_evidence, strict=True)]
        out: list[ThemeAssignment] = list(map(tuple.__new__, itertools.repeat(ThemeAssignment),
                                              zip(picked, scores, evidence, strict=True)))
        # the classifier's word evidence for the themes both the blend and the classifier chose
        text, cls = np.nonzero(on[:, class_cols] & clf._chosen_mask(proba))
        found = clf._top_features(Xf, text, cls, 5, clf._word_names())
        for i, j, words in zip(text.tolist(), cls.tolist(), found, strict=True):
            if words:
                ev = out[i].evidence
                terms = ev[classes[j]]  # distinct, as the words are
                ev[classes[j]] = terms + [w for w in words if w not in terms] if terms else words
        return out

    def save(self, path: str | Path) -> Path:
        """Write the blend (lexicon, classifier, weights) as ``model.json`` + ``weights.npz``."""
        meta, arrays = self.classifier._state()
        blend = {"kind": "blend", "format": 1, "weight": self.weight, "threshold": self.threshold,
                 "lexicon": _lexicon_state(self.lexicon), "classifier": meta}
        return _write_model(path, blend, arrays)


def _lexicon_state(scorer: LexiconThemeScorer) -> dict[str, Any]:
    """A lexicon scorer's decision parameters and term lists, as saved in ``model.json``."""
    lex = scorer.lexicon
    return {"config": scorer.config(), "themes": lex["themes"], "contextual": lex["contextual"]}


def save_lexicon_model(scorer: LexiconThemeScorer, path: str | Path) -> Path:
    """Save a lexicon scorer as a model directory (``model.json``)."""
    return _write_model(path, {"kind": "lexicon", "format": 1, **_lexicon_state(scorer)}, {})


def _model_from(meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray], *, estimator: bool = True) -> Any:
    """The theme model (classifier, lexicon or blend) that saved metadata and arrays describe.

    ``estimator=False`` builds a classifier without scikit-learn's estimator bases: it predicts
    and assigns the same, for the default model of the analysis pipeline.
    """
    kind = meta.get("kind")
    classifier = _estimator_class() if estimator else _ThemeClassifierCore
    if kind == "classifier":
        return classifier._from_state(meta, arrays)
    if kind == "lexicon":
        return LexiconThemeScorer.from_config(meta.get("config", {}), meta)
    if kind == "blend":
        lex = meta["lexicon"]
        return BlendThemeModel(LexiconThemeScorer.from_config(lex.get("config", {}), lex),
                               classifier._from_state(meta["classifier"], arrays),
                               weight=meta["weight"], threshold=meta["threshold"])
    raise ValueError(f"unknown theme model kind {kind!r}")


def load_theme_model(path: str | Path) -> Any:
    """A theme model from a model directory (classifier, lexicon or blend) or a lexicon JSON file.

    Anything returned has ``assign(texts)`` and plugs into ``policytext.analyze(...,
    theme_model=...)``.
    """
    p = Path(path)
    if p.is_file():
        data = json.loads(p.read_text(encoding="utf-8"))
        if data.get("kind") in ("classifier", "blend"):
            return _model_from(*_read_model(p.parent))
        if data.get("kind") == "lexicon":
            return LexiconThemeScorer.from_config(data.get("config", {}), data)
        return LexiconThemeScorer(data)
    if not (p / "model.json").is_file():
        raise FileNotFoundError(f"no theme model in {path} (expected model.json)")
    return _model_from(*_read_model(p))


@functools.lru_cache(maxsize=1)
def default_theme_model() -> Any:
    """The shipped theme model (blend of lexicon and classifier), loaded once.

    Falls back to the lexicon scorer when the shipped weights are missing.
    """
    base = _data_path("default")
    if base.joinpath("model.json").is_file():
        return _model_from(*_read_model(base), estimator=False)
    return LexiconThemeScorer()


# --------------------------------------------------------------------------- CLI


def _read_labelled_csv(path: str | Path, text_col: str, label_col: str, sep: str | None) -> tuple[list[str], list[Any]]:
    """The texts (blank ones dropped) and labels (label lists with ``sep``) of a labelled CSV."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in (text_col, label_col):
        if col not in df.columns:
            raise SystemExit(f"policytext train: column {col!r} not in {path} (columns: {', '.join(df.columns)})")
    df = df[df[text_col].str.strip() != ""]
    texts = df[text_col].tolist()
    if sep:
        labels: list[Any] = [[x.strip() for x in v.split(sep) if x.strip()] for v in df[label_col]]
    else:
        labels = df[label_col].tolist()
    return texts, labels


def main(argv: Sequence[str] | None = None) -> int:
    """``policytext train``: a theme model from a labelled CSV or from a lexicon.

    ``policytext train --csv labelled.csv --text-col text --label-col label -o model_dir``
    ``policytext train --lexicon my_lexicon.json -o model_dir``
    """
    ap = argparse.ArgumentParser(
        prog="policytext train",
        description="Train a theme model from a labelled CSV, or build one from a lexicon.")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--csv", help="labelled CSV (one text per row)")
    src.add_argument("--lexicon", help="lexicon JSON: {theme: [terms]} or {theme: {term: weight}}")
    ap.add_argument("-o", "--output", required=True, help="model directory to write")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--label-col", default="label")
    ap.add_argument("--multi-sep", default=None,
                    help="separator of several labels in one cell (e.g. ';'): multi-label training")
    ap.add_argument("--with-lexicon", action="store_true",
                    help="append the shipped lexicon's theme scores as features")
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--cv", type=int, default=0, help="report k-fold cross-validated macro-F1")
    args = ap.parse_args(argv)
    if args.lexicon:
        scorer = LexiconThemeScorer(args.lexicon)
        out = save_lexicon_model(scorer, args.output)
        print(f"lexicon model with {len(scorer.themes)} themes written to {out}")
        return 0
    texts, labels = _read_labelled_csv(args.csv, args.text_col, args.label_col, args.multi_sep)
    clf = _estimator_class()(C=args.C, lexicon="default" if args.with_lexicon else None)
    if args.cv and not args.multi_sep:
        from sklearn.model_selection import StratifiedKFold, cross_val_score

        cv = StratifiedKFold(args.cv, shuffle=True, random_state=0)
        f1 = cross_val_score(clf, texts, labels, cv=cv, scoring="f1_macro")
        print(f"{args.cv}-fold cross-validated macro-F1: {f1.mean():.3f} (± {f1.std():.3f})")
    clf.fit(texts, labels)
    out = clf.save(args.output)
    print(f"classifier over {len(clf.classes_)} labels from {len(texts)} texts written to {out}",
          file=sys.stderr)
    return 0
