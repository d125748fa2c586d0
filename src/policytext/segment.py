"""Word segmentation with jieba semantics and a policy-domain dictionary.

Two backends give the same tokens: ``rjieba`` (jieba-rs, about 20x faster) where it is
installed, plain ``jieba`` otherwise. Both load the dictionary shipped in
``policytext/data/dict/policy_terms.txt`` with the same frequencies, and a user may add
their own dictionary files (same format: ``term [freq [tag]]``).

>>> seg = Segmenter()
>>> seg.cut("钱塘区共有30万名产业工人，其中技术工人有9.3万名")[:6]
['钱塘', '区', '共有', '30', '万名', '产业工人']
>>> "技术工人" in seg.cut("技术工人有9.3万名")
True
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import re
import sys
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "Segmenter",
    "default_segmenter",
    "load_terms",
    "load_stopwords",
    "cut",
    "tokenize",
    "main",
]

DEFAULT_FREQ = 5000

#: texts whose tokens a :class:`Segmenter` remembers (the pipeline segments each paragraph
#: for several analysers: themes and mentions share one segmentation)
CACHE_SIZE = 2048


def _data_text(*parts: str) -> str:
    return resources.files("policytext").joinpath("data", *parts).read_text(encoding="utf-8")


def _parse_terms(text: str) -> list[tuple[str, int, str | None]]:
    terms: list[tuple[str, int, str | None]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 else DEFAULT_FREQ
        tag = parts[2] if len(parts) > 2 else None
        terms.append((word, freq, tag))
    return terms


def load_terms(paths: Iterable[str | Path] = ()) -> list[tuple[str, int, str | None]]:
    """The shipped policy dictionary followed by the terms of ``paths``."""
    terms = _parse_terms(_data_text("dict", "policy_terms.txt"))
    for path in paths:
        terms.extend(_parse_terms(Path(path).read_text(encoding="utf-8")))
    return terms


@functools.lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The shipped stopword list."""
    return frozenset(w for w, _, _ in _parse_terms(_data_text("dict", "stopwords.txt")))


def _rjieba_available() -> bool:
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return False
    return True


class Segmenter:
    """A jieba-compatible segmenter with the policy dictionary loaded.

    Parameters
    ----------
    backend:
        ``"auto"`` (rjieba where installed, else jieba), ``"rjieba"`` or ``"jieba"``.
    hmm:
        Use the HMM for unknown words, as jieba does by default.
    user_dicts:
        Extra dictionary files (``term [freq [tag]]`` per line).

    Instances are independent: they never touch jieba's global dictionary.
    """

    def __init__(
        self,
        backend: str = "auto",
        *,
        hmm: bool = True,
        user_dicts: Sequence[str | Path] = (),
    ) -> None:
        if backend == "auto":
            backend = "rjieba" if _rjieba_available() else "jieba"
        if backend not in ("rjieba", "jieba"):
            raise ValueError(f"unknown segmentation backend {backend!r} (use 'rjieba' or 'jieba')")
        self.backend = backend
        self.hmm = hmm
        self.user_dicts = tuple(str(p) for p in user_dicts)
        self._terms = load_terms(self.user_dicts)
        self._impl = self._build()
        self._cache: dict[str, tuple[str, ...]] = {}
        # the cached texts' tokens joined by NUL characters (see joined_tokens), evicted with them
        self._joined: dict[str, str | None] = {}
        # the cached texts, oldest first (a dict's first key is slow to find once many
        # keys have been deleted before it)
        self._order: collections.deque[str] = collections.deque()
        self._pos: Any = None  # jieba's POS tagger, built on first use (jieba backend)
        # keeps() per token, memoised (drop_stopwords → token → kept)
        self._keep = {True: _KeepMemo(True), False: _KeepMemo(False)}

    def _build(self):  # type: ignore[no-untyped-def]
        if self.backend == "rjieba":
            import rjieba

            impl = rjieba.Jieba()
            for word, freq, tag in self._terms:
                impl.add_word(word, freq, tag)
            return impl
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        impl = jieba.Tokenizer()
        impl.initialize()
        for word, freq, tag in self._terms:
            impl.add_word(word, freq, tag)
        return impl

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` (white space kept as tokens, as jieba does).

        The tokens of the last :data:`CACHE_SIZE` texts are remembered, so analysers that
        segment the same paragraph share the work.
        """
        return list(self.cached_tokens(text))

    def cached_tokens(self, text: str) -> tuple[str, ...]:
        """The tokens of :meth:`cut` as the cache holds them (a tuple, no copy made).

        >>> Segmenter().cached_tokens("产业工人")
        ('产业工人',)
        """
        tokens = self._cache.get(text)
        if tokens is None:
            tokens = tuple(self._cut(text))
            if len(self._cache) >= CACHE_SIZE:
                try:  # oldest first (skipping texts no longer cached); another thread may be evicting too
                    while True:
                        old = self._order.popleft()
                        self._joined.pop(old, None)
                        if self._cache.pop(old, None) is not None:
                            break
                except IndexError:
                    pass
            self._cache[text] = tokens
            self._joined[text] = _nul_joined(tokens)  # made while the new tokens are in the CPU's caches
            self._order.append(text)
        return tokens

    def joined_tokens(self, text: str) -> str | None:
        """The tokens of :meth:`cached_tokens` joined by NUL characters, remembered with them;
        ``None`` if that would not tell the tokens apart (a token is empty or holds a NUL).

        The theme model reads a paragraph's tokens from this one string: reading the token
        strings themselves, long after the segmenter made them, waits on memory.

        >>> Segmenter().joined_tokens("技术工人有9.3万名").split("\\0")
        ['技术工人', '有', '9.3', '万名']
        """
        if text in self._joined:
            return self._joined[text]
        tokens = self.cached_tokens(text)  # cut now: the joined tokens are remembered with them
        return self._joined[text] if text in self._joined else _nul_joined(tokens)

    def _cut(self, text: str) -> list[str]:
        if self.backend == "rjieba":
            tokens = self._impl.cut(text, self.hmm)
            # a token to re-split mixes ASCII letters or digits with other ASCII characters,
            # so the text has such a pair side by side (most texts have none); the pair is
            # still side by side in the text's ASCII characters alone, far quicker to search
            if self.hmm and _MIXED_ASCII_BYTES.search(text.encode("ascii", "ignore")):
                return _split_like_jieba(tokens)
            return tokens
        return self._impl.lcut(text, HMM=self.hmm)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Tokens with jieba part-of-speech tags (``ns`` place, ``nt`` organisation …).

        The tokens are those of :meth:`cut`; the tags come from the dictionary (rjieba)
        or from jieba's own tagger (jieba), so they can differ between backends for words
        outside the dictionary.
        """
        if self.backend == "rjieba":
            pairs = self._impl.tag(text, self.hmm)
            if not self.hmm:
                return pairs
            out: list[tuple[str, str]] = []
            for word, flag in pairs:
                pieces = _split_like_jieba([word])
                out.extend((p, flag if len(pieces) == 1 else ("m" if p[0].isdigit() else "x")) for p in pieces)
            return out
        tagger = self._tagger()
        return [(w, f) for w, f in tagger.lcut(text, HMM=self.hmm)]

    def _tagger(self):  # type: ignore[no-untyped-def]
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._impl)
        return self._pos

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """Tokens with their ``(word, start, end)`` offsets into ``text``."""
        words = self.cut(text)
        ends = list(itertools.accumulate(map(len, words)))
        return list(zip(words, [0, *ends[:-1]], ends, strict=True))

    def words(self, text: str, *, drop_stopwords: bool = True) -> list[str]:
        """Content tokens: those :meth:`keeps` (no white space, punctuation or, by default,
        stopwords)."""
        keep = self._keep[drop_stopwords]
        if len(keep) >= _KEEP_MEMO_SIZE:
            keep.clear()
        tokens = self.cached_tokens(text)
        return list(itertools.compress(tokens, map(keep.__getitem__, tokens)))

    @staticmethod
    def keeps(token: str, drop_stopwords: bool = True) -> bool:
        """Is ``token`` a content word (what :meth:`words` keeps)? It must hold a letter,
        digit or CJK character and (by default) not be a stopword.

        >>> [Segmenter.keeps(t) for t in ["产业工人", "，", " ", "的", "2025"]]
        [True, False, False, False, True]
        """
        if drop_stopwords and token in load_stopwords():
            return False
        return token[:1].isalnum() or _has_word_char(token)

    def __repr__(self) -> str:
        return f"Segmenter(backend={self.backend!r}, hmm={self.hmm}, user_dicts={self.user_dicts!r})"


# jieba's HMM path splits a run of non-Chinese characters on this pattern (its
# ``finalseg.re_skip``); jieba-rs keeps such runs whole (``2021-2025``, ``VT-4``).
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_JIEBA_WHOLE = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?")


# an ASCII letter or digit next to another ASCII character (NUL included): a token that
# jieba would split further is ASCII and holds both kinds, so its text holds such a pair
_MIXED_ASCII = re.compile(
    r"[a-zA-Z0-9][\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f][a-zA-Z0-9]"
)

_MIXED_ASCII_BYTES = re.compile(_MIXED_ASCII.pattern.encode("ascii"))


def _split_like_jieba(tokens: list[str]) -> list[str]:
    """Re-split rjieba's non-Chinese tokens the way jieba's HMM path does.

    >>> _split_like_jieba(["2021-2025", "年", "3.5%"])
    ['2021', '-', '2025', '年', '3.5%']
    """
    # only an ASCII token can need it, and str.isascii reads a flag: most tokens are
    # skipped without looking at their characters
    for tok in filter(str.isascii, tokens):
        if len(tok) > 1 and _needs_split(tok):
            break
    else:
        return tokens  # the common case
    out: list[str] = []
    for tok in tokens:
        if _needs_split(tok):
            out.extend(piece for piece in _JIEBA_SKIP.split(tok) if piece)
        else:
            out.append(tok)
    return out


def _needs_split(tok: str) -> bool:
    """Would jieba's HMM path split the token ``tok``?

    An ASCII token of letters and digits only (``2025``, ``GDP``, the most common kind) is
    one whole piece: ``str.isalnum`` says so without the regular expressions.

    >>> [_needs_split(t) for t in ["2025", "3.5%", "2021-2025", "VT-4", "，"]]
    [False, False, True, True, False]
    """
    if len(tok) < 2 or not tok.isascii() or tok.isalnum():
        return False
    return not _JIEBA_WHOLE.fullmatch(tok) and bool(_JIEBA_SKIP.search(tok))


def _nul_joined(tokens: Sequence[str]) -> str | None:
    """``"\\0".join(tokens)``, or ``None`` if the NULs would not separate exactly the tokens
    (a token empty or holding a NUL).

    >>> _nul_joined(["农", "业"]), _nul_joined([]), _nul_joined(["农", ""]), _nul_joined(["a\\0b"])
    ('农\\x00业', '', None, None)
    """
    joined = "\0".join(tokens)
    if joined.count("\0") != max(0, len(tokens) - 1):
        return None  # a token holds a NUL
    if tokens and ("\0\0" in joined or joined[:1] == "\0" or joined[-1:] == "\0" or not joined):
        return None  # an empty token
    return joined


def _has_word_char(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


#: distinct tokens a segmenter remembers the :meth:`Segmenter.keeps` answer of (cleared when full)
_KEEP_MEMO_SIZE = 500_000


class _KeepMemo(dict):  # type: ignore[type-arg]
    """token → :meth:`Segmenter.keeps`, filled on first sight of a token."""

    def __init__(self, drop_stopwords: bool) -> None:
        super().__init__()
        self.drop_stopwords = drop_stopwords

    def __missing__(self, token: str) -> bool:
        value = self[token] = Segmenter.keeps(token, self.drop_stopwords)
        return value


@functools.lru_cache(maxsize=4)
def default_segmenter(backend: str = "auto") -> Segmenter:
    """A shared :class:`Segmenter` with the default settings (built once per process)."""
    return Segmenter(backend)


def cut(text: str) -> list[str]:
    """Tokens of ``text`` with the default segmenter."""
    return default_segmenter().cut(text)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Tokens with offsets, with the default segmenter."""
    return default_segmenter().tokenize(text)


def main(argv: Sequence[str] | None = None) -> int:
    """``policytext segment``: print tokens, space-separated, one line per paragraph."""
    parser = argparse.ArgumentParser(prog="policytext segment", description=main.__doc__)
    parser.add_argument("paths", nargs="*", help="inputs as for `policytext extract` (default: stdin)")
    parser.add_argument("--backend", default="auto", choices=["auto", "rjieba", "jieba"])
    parser.add_argument("--no-hmm", action="store_true", help="turn off the HMM for unknown words")
    parser.add_argument("--dict", action="append", default=[], help="an extra dictionary file")
    parser.add_argument("--stopwords", action="store_true", help="drop stopwords and punctuation")
    args = parser.parse_args(argv)

    from .document import Document
    from .readers import iter_documents

    seg = Segmenter(args.backend, hmm=not args.no_hmm, user_dicts=args.dict)
    out = sys.stdout
    status = 0
    for item in iter_documents(args.paths or ["-"]):
        if item.error is not None:
            print(f"policytext segment: {item.error.message}", file=sys.stderr)
            status = 1
            continue
        doc = Document.from_text(item.text or "", doc_id=item.id)
        for p in doc.paragraphs:
            view = doc.paragraph_view(p)
            tokens = seg.words(view) if args.stopwords else [w for w in seg.cut(view) if w.strip()]
            out.write(" ".join(tokens) + "\n")
    return status
