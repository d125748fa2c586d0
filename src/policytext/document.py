"""The document model: a text with exact offsets, its paragraphs and sentences.

Offsets are ``str`` indices into :attr:`Document.text` exactly as decoded; analysis
runs on :attr:`Document.norm`, a length-preserving normalisation of it, so an offset
found in ``norm`` indexes ``text`` unchanged.

>>> doc = Document.from_text("# 标题\\n\\n今年增长5%。明年增长6%。", doc_id="d1")
>>> [(p.role, doc.text[p.start:p.end]) for p in doc.paragraphs]
[('heading', '# 标题'), ('body', '今年增长5%。明年增长6%。')]
>>> [doc.text[s.start:s.end] for s in doc.sentences]
['# 标题', '今年增长5%。', '明年增长6%。']
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from .text import normalize, sentence_spans

__all__ = ["Document", "Paragraph", "Sentence", "ROLES"]

ROLES = ("body", "heading", "caption", "byline", "other")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph after layout repair.

    ``pieces`` are the raw line spans it was rebuilt from; for a paragraph that a
    caption block split, ``[start, end)`` covers all pieces and the caption lines in
    between stay paragraphs of their own (role ``caption``).
    """

    index: int
    start: int
    end: int
    role: str
    pieces: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``index`` counts within the document, ``paragraph`` is its paragraph."""

    index: int
    paragraph: int
    start: int
    end: int


@dataclass
class Document:
    """A document: id, original text, optional metadata, paragraphs and sentences."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    norm: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    # derived look-up tables (views, piece and sentence starts), built on first use
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        doc_id: str | None = None,
        date: str | None = None,
        title: str | None = None,
        source: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Document:
        """Build a document, normalise it and find its paragraphs and sentences."""
        from .layout import find_paragraphs

        doc = cls(
            id=doc_id if doc_id is not None else "doc",
            text=text,
            date=date,
            title=title,
            source=source,
            meta=dict(meta or {}),
        )
        doc.norm = normalize(text)
        doc.paragraphs = find_paragraphs(text, doc.norm)
        doc.sentences = _find_sentences(doc)
        return doc

    # -- views ---------------------------------------------------------------------
    def paragraph_view(self, paragraph: Paragraph) -> str:
        """The normalised text of ``paragraph[start:end]`` with the gaps between its
        pieces (caption lines a layout break put inside it) and its line breaks blanked
        out with spaces.

        The view has the paragraph's length, so ``paragraph.start + i`` is the absolute
        offset of the view's character ``i``.
        """
        key = _view_key(paragraph)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        view = self._cache[key] = _view(self.norm, paragraph)
        return view

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph whose text holds ``offset`` (a caption inside a rejoined
        paragraph wins over the paragraph around it: pieces never overlap)."""
        if "pieces" not in self._cache:
            pieces = sorted((s, e, p.index) for p in self.paragraphs for s, e in p.pieces)
            self._cache["pieces"] = pieces
            self._cache["piece_starts"] = [s for s, _, _ in pieces]
        pieces = self._cache["pieces"]
        i = bisect.bisect_right(self._cache["piece_starts"], offset) - 1
        if i >= 0 and offset < pieces[i][1]:
            return self.paragraphs[pieces[i][2]]
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset``, if any."""
        if "sentence_starts" not in self._cache:
            self._cache["sentence_starts"] = [x.start for x in self.sentences]
        i = bisect.bisect_right(self._cache["sentence_starts"], offset) - 1
        while i >= 0:
            s = self.sentences[i]
            if s.start <= offset < s.end:
                return s
            if s.end <= offset:
                break
            i -= 1
        return None

    def tokens(self, segmenter: Any = None) -> list[tuple[str, int, int, int]]:
        """Word tokens of every paragraph as ``(word, start, end, paragraph)``.

        Offsets are absolute; white space is skipped. ``segmenter`` defaults to the shared
        :func:`policytext.segment.default_segmenter`.
        """
        from .segment import default_segmenter

        seg = segmenter or default_segmenter()
        out: list[tuple[str, int, int, int]] = []
        for p in self.paragraphs:
            for word, s, e in seg.tokenize(self.paragraph_view(p)):
                if word.strip():
                    out.append((self.text[p.start + s : p.start + e], p.start + s, p.start + e, p.index))
        return out

    def year(self) -> int | None:
        """The calendar year of the document date (``2022-05`` → 2022), if any."""
        if not self.date:
            return None
        head = str(self.date)[:4]
        return int(head) if head.isdigit() else None


def _find_sentences(doc: Document) -> list[Sentence]:
    paragraphs = doc.paragraphs
    norm, cache = doc.norm, doc._cache
    views: list[str] = []
    for p in paragraphs:  # doc.paragraph_view(p) of a new document, without its look-up
        view = cache[_view_key(p)] = _view(norm, p)
        views.append(view)
    # in text order; a caption inside a rejoined paragraph sorts among its sentences
    spans = sentence_spans(views, [p.start for p in paragraphs])
    # Sentence(i, paragraph, s, e) with its fields set directly: the frozen dataclass's
    # __init__ looks up object.__setattr__ for each field (a tenth of building a document)
    new, put = object.__new__, object.__setattr__
    out: list[Sentence] = []
    for i, (s, e, k) in enumerate(spans):
        x = new(Sentence)
        put(x, "index", i)
        put(x, "paragraph", paragraphs[k].index)
        put(x, "start", s)
        put(x, "end", e)
        out.append(x)
    return out


def _view_key(paragraph: Paragraph) -> tuple[str, int, int]:
    """Where :meth:`Document.paragraph_view` keeps the view of ``paragraph`` in the cache."""
    return ("view", paragraph.start, paragraph.end)


def _view(norm: str, paragraph: Paragraph) -> str:
    """The view of :meth:`Document.paragraph_view`, computed from the normalised text.

    >>> _view("甲\\n乙丙。", Paragraph(0, 0, 4, "body", ((0, 4),)))
    '甲 乙丙'
    """
    view = norm[paragraph.start : paragraph.end]
    if len(paragraph.pieces) > 1:
        chars = [" "] * len(view)
        for s, e in paragraph.pieces:
            chars[s - paragraph.start : e - paragraph.start] = view[s - paragraph.start : e - paragraph.start]
        view = "".join(chars)
    if "\n" in view or "\r" in view:
        # a line break inside a paragraph is layout (a hard wrap), not punctuation
        view = view.replace("\r", " ").replace("\n", " ")
    return view
