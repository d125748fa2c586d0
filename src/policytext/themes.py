"""Paragraph themes: an explainable lexicon scorer, a learned classifier, users' own taxonomies.

Three kinds of theme model share one interface, ``assign(texts) -> list[ThemeAssignment]``:

* :class:`LexiconThemeScorer` — weighted term lists (package data, JSON), scored sentence by
  sentence: a theme must carry at least one full sentence (or ``；``-segment) to be assigned,
  and the evidence is the terms that fired. Needs no training data.
* :class:`ThemeClassifier` — a scikit-learn estimator (word + character n-gram TF-IDF over
  policytext's segmentation, optional lexicon features, linear models). Serialised to JSON +
  npz, never pickle.
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
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

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

_UNIT_END = re.compile(r"[。！？!?；;\n]+")


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
    return resources.files("policytext").joinpath("data", "themes", *parts)


def _as_weights(terms: Any) -> dict[str, float]:
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


class LexiconThemeScorer:
    """Explainable theme scores from weighted term lists, sentence by sentence.

    Every sentence (or ``；``-segment) is a *unit*. In a unit, a theme's weight is the sum of
    the weights of its terms found there (leftmost-longest matching, each distinct term
    counted once). A unit *fires* a theme when that weight reaches ``fire_min``, is at least
    ``rel_min`` times the strongest theme of the unit, and beats the ``none`` pseudo-theme.
    *Contextual* terms (e.g. 改革, 试点 for governance) count only in a unit where no other
    theme fires. A theme's score is the share of the paragraph's characters in units that
    fire it, mapped to [0, 1] so that ``threshold`` (default 0.5) means a share of
    ``cov_min``; the strongest theme is kept whenever it fires a unit.

    Parameters
    ----------
    lexicon: ``None`` (shipped lexicon), a JSON path or a mapping (see :func:`load_lexicon`).
    fire_min, rel_min, cov_min, threshold: the decision rule above.

    >>> s = LexiconThemeScorer({"housing": ["住房", "租赁"]})
    >>> scores, evidence = s.score("发展保障性租赁住房。")
    >>> scores["housing"], evidence["housing"]
    (1.0, ['租赁', '住房'])
    """

    def __init__(
        self,
        lexicon: str | Path | Mapping[str, Any] | None = None,
        *,
        fire_min: float = 3.0,
        rel_min: float = 0.6,
        cov_min: float = 0.25,
        threshold: float = 0.5,
    ) -> None:
        self.lexicon = load_lexicon(lexicon)
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
        terms = sorted(self._entries, key=lambda t: (-len(t), t))
        self._pattern = re.compile("|".join(map(re.escape, terms))) if terms else None

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
        weights: dict[str, float] = {}
        ctx_weights: dict[str, float] = {}
        terms: dict[str, list[str]] = {}
        ctx_terms: dict[str, list[str]] = {}
        seen: set[str] = set()
        if self._pattern is None:
            return weights, terms
        for m in self._pattern.finditer(unit):
            term = m.group()
            if term in seen:
                continue
            seen.add(term)
            for theme, weight, contextual in self._entries[term]:
                w, t = (ctx_weights, ctx_terms) if contextual else (weights, terms)
                w[theme] = w.get(theme, 0.0) + weight
                t.setdefault(theme, []).append(term)
        if not any(w >= self.fire_min for th, w in weights.items() if th != NONE_THEME):
            for theme, w in ctx_weights.items():
                weights[theme] = weights.get(theme, 0.0) + w
                terms.setdefault(theme, []).extend(ctx_terms[theme])
        return weights, terms

    def _fired(self, weights: Mapping[str, float]) -> list[str]:
        real = {t: w for t, w in weights.items() if t != NONE_THEME}
        if not real:
            return []
        top = max(real.values())
        none = weights.get(NONE_THEME, 0.0)
        return [t for t, w in real.items()
                if w >= self.fire_min and w >= self.rel_min * top and w > none]

    def score(self, text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Every theme's score in [0, 1] and the terms that fired it in ``text``."""
        units = split_units(text)
        total = sum(e - s for s, e in units) or 1
        cover = dict.fromkeys(self.themes, 0.0)
        evidence: dict[str, list[str]] = {}
        for s, e in units:
            weights, terms = self.unit_scores(text[s:e])
            for theme in self._fired(weights):
                strength = min(1.0, weights[theme] / (2 * self.fire_min))
                cover[theme] = cover.get(theme, 0.0) + (e - s) * (0.5 + 0.5 * strength)
                ev = evidence.setdefault(theme, [])
                ev.extend(t for t in terms[theme] if t not in ev)
        scores = {t: _squash(cover[t] / total, self.cov_min) for t in self.themes}
        return scores, evidence

    def assign(self, texts: Sequence[str]) -> list[ThemeAssignment]:
        """Themes, scores and evidence of each text."""
        out = []
        for text in texts:
            scores, evidence = self.score(text)
            out.append(ThemeAssignment(_decide(scores, self.threshold), scores, evidence))
        return out

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """The score matrix (texts × themes), used as features by :class:`ThemeClassifier`."""
        return np.array([[self.score(t)[0][th] for th in self.themes] for t in texts], dtype=float)


def _squash(share: float, cov_min: float) -> float:
    """Map a coverage share to [0, 1] so that ``cov_min`` → 0.5 and 1 → ~1."""
    if share <= 0:
        return 0.0
    return round(1.0 - math.exp(-share * math.log(2) / cov_min), 4)


def _decide(scores: Mapping[str, float], threshold: float | Mapping[str, float]) -> list[str]:
    """Themes at or above their threshold; the top theme is kept if it scores at all."""
    def thr(t: str) -> float:
        return threshold.get(t, 0.5) if isinstance(threshold, Mapping) else threshold

    chosen = [t for t, s in scores.items() if s > 0 and s >= thr(t)]
    if not chosen and scores:
        best = max(scores, key=lambda t: scores[t])
        if scores[best] >= 0.5 * thr(best) and scores[best] > 0:
            chosen = [best]
    return sorted(chosen, key=lambda t: -scores[t])


@functools.lru_cache(maxsize=1)
def default_theme_model() -> Any:
    """The shipped theme model (loaded once)."""
    return LexiconThemeScorer()


def main(argv: Sequence[str] | None = None) -> int:
    """``policytext train``."""
    return 2
