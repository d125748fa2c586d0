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
from typing import Any, NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

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
        """Theme weights and terms of a unit from the terms found in it, left to right."""
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
        none_cover = 0.0
        sole: dict[str, int] = {}
        found = [(m.start(), m.group()) for m in self._pattern.finditer(text)] if self._pattern else []
        k = 0
        for s, e in units:
            first = k
            while k < len(found) and found[k][0] < e:
                k += 1
            if first == k:
                continue  # no term: the unit fires nothing
            weights, terms = self._weigh(term for pos, term in found[first:k] if pos >= s)
            fired = self._fired(weights)
            if not fired and weights.get(NONE_THEME, 0.0) >= self.fire_min:
                none_cover += e - s
            if len(fired) == 1 and e - s >= self.sole_min_chars:
                sole[fired[0]] = sole.get(fired[0], 0) + 1
            for theme in fired:
                strength = min(1.0, weights[theme] / (2 * self.fire_min))
                cover[theme] = cover.get(theme, 0.0) + (e - s) * (0.5 + 0.5 * strength)
                ev = evidence.setdefault(theme, [])
                ev.extend(t for t in terms[theme] if t not in ev)
        scores = {t: _squash(cover[t] / total, self.cov_min) if cover[t] else 0.0 for t in self.themes}
        for t, n in sole.items():  # a whole sentence about one theme carries it
            if t in scores and self.sole_score:
                scores[t] = max(scores[t], min(1.0, self.sole_score * n))
        if none_cover:  # a paragraph mostly about no-theme topics: damp what fired elsewhere
            scores = {t: round(s * min(1.0, cover[t] / none_cover), 4) for t, s in scores.items()}
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
        from scipy import sparse

        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        flat = list(itertools.chain.from_iterable(docs))
        cols = np.fromiter(map(self.index.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(docs)), lengths)
        known = cols >= 0
        X = sparse.csr_matrix((np.ones(int(known.sum())), (rows[known], cols[known])),
                              shape=(len(docs), len(self.names)))
        X.sum_duplicates()
        if self.sublinear_tf:
            np.log(X.data, X.data)
            X.data += 1
        X.data *= self.idf[X.indices]
        lengths = np.diff(X.indptr)
        row_of = np.repeat(np.arange(len(lengths)), lengths)
        norms = np.sqrt(np.bincount(row_of, weights=X.data**2, minlength=len(lengths)))
        X.data /= norms[row_of]
        return X.astype(np.float32)


def _is_multilabel(y: Any) -> bool:
    if isinstance(y, np.ndarray) or hasattr(y, "toarray"):
        return getattr(y, "ndim", 1) == 2
    first = next(iter(y), None)
    return isinstance(first, (list, tuple, set, frozenset, np.ndarray))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """A theme classifier over texts: a scikit-learn estimator.

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
        scores = np.asarray(Xf @ self.coef_.T) + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Class probabilities (multi-label: independent per-label probabilities)."""
        return self._proba(self.decision_function(X))

    def _proba(self, z: np.ndarray) -> np.ndarray:
        if self.multilabel_:
            return _sigmoid(z.reshape(len(z), -1))
        if z.ndim == 1:
            p = _sigmoid(z)
            return np.column_stack([1 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def _thresholds(self) -> np.ndarray:
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
        Xf = self._features(texts)
        proba = self._proba(self._decision(Xf))
        names = None
        classes = [str(c) for c in self.classes_.tolist()]
        if self.multilabel_:
            on = proba >= self._thresholds()
            order = np.argsort(-proba, axis=1, kind="stable")
        out = []
        indptr = Xf.indptr.tolist()
        on_rows = on.tolist() if self.multilabel_ else None
        for i, row in enumerate(proba.tolist()):
            if on_rows is not None:
                chosen = [j for j in order[i].tolist() if on_rows[i][j]]
            else:
                chosen = [max(range(len(row)), key=row.__getitem__)]
            lo, hi = indptr[i], indptr[i + 1]
            data, indices = Xf.data[lo:hi], Xf.indices[lo:hi]
            evidence: dict[str, list[str]] = {}
            for j in chosen:
                if names is None:
                    names = self.feature_names()
                ci = j if self.coef_.shape[0] > 1 else 0
                sign = -1.0 if (self.coef_.shape[0] == 1 and j == 0) else 1.0
                contrib = sign * data * self.coef_[ci, indices]
                top = np.argsort(-contrib, kind="stable")[:n_evidence]
                evidence[classes[j]] = [names[k] for k in indices[top[contrib[top] > 0]].tolist()]
            scores = {c: round(v, 4) for c, v in zip(classes, row, strict=False)}
            out.append(ThemeAssignment([classes[j] for j in chosen], scores, evidence))
        return out

    # -- persistence (JSON + npz, no pickle)
    def _state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
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


def _write_model(path: str | Path, meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> Path:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    if arrays:
        np.savez_compressed(out / "weights.npz", **arrays)
    return out


def _read_model(path: Any) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
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
        lex = [self.lexicon.score(t) for t in texts]  # (scores, evidence): its own decision is not needed
        clf = self.classifier.assign(texts) if texts else []
        w, v = self.weight, 1 - self.weight
        out = []
        for (a_scores, a_evidence), b in zip(lex, clf, strict=False):
            b_scores = b.scores
            themes = dict.fromkeys([*a_scores, *b_scores])
            scores = {t: round(w * a_scores.get(t, 0.0) + v * b_scores.get(t, 0.0), 4) for t in themes}
            chosen = _decide(scores, self.threshold)
            evidence = {t: list(dict.fromkeys([*a_evidence.get(t, []),
                                               *(f[2:] for f in b.evidence.get(t, []) if f[:2] == "w:")]))
                        for t in chosen}
            out.append(ThemeAssignment(chosen, scores, evidence))
        return out

    def save(self, path: str | Path) -> Path:
        """Write the blend (lexicon, classifier, weights) as ``model.json`` + ``weights.npz``."""
        meta, arrays = self.classifier._state()
        blend = {"kind": "blend", "format": 1, "weight": self.weight, "threshold": self.threshold,
                 "lexicon": _lexicon_state(self.lexicon), "classifier": meta}
        return _write_model(path, blend, arrays)


def _lexicon_state(scorer: LexiconThemeScorer) -> dict[str, Any]:
    lex = scorer.lexicon
    return {"config": scorer.config(), "themes": lex["themes"], "contextual": lex["contextual"]}


def save_lexicon_model(scorer: LexiconThemeScorer, path: str | Path) -> Path:
    """Save a lexicon scorer as a model directory (``model.json``)."""
    return _write_model(path, {"kind": "lexicon", "format": 1, **_lexicon_state(scorer)}, {})


def _model_from(meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> Any:
    kind = meta.get("kind")
    if kind == "classifier":
        return ThemeClassifier._from_state(meta, arrays)
    if kind == "lexicon":
        return LexiconThemeScorer.from_config(meta.get("config", {}), meta)
    if kind == "blend":
        lex = meta["lexicon"]
        return BlendThemeModel(LexiconThemeScorer.from_config(lex.get("config", {}), lex),
                               ThemeClassifier._from_state(meta["classifier"], arrays),
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
        return _model_from(*_read_model(base))
    return LexiconThemeScorer()


# --------------------------------------------------------------------------- CLI


def _read_labelled_csv(path: str | Path, text_col: str, label_col: str, sep: str | None) -> tuple[list[str], list[Any]]:
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
    clf = ThemeClassifier(C=args.C, lexicon="default" if args.with_lexicon else None)
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
