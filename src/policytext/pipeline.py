"""The analysis pipeline: one document in, flat records (SPEC.md schema) out.

>>> a = analyze("# 标题\\n\\n今年第一季度，全区实现生产总值291.74亿元。", doc_id="d1", date="2022-05")
>>> [(r["type"], r["role"]) for r in a.paragraphs]
[('paragraph', 'heading'), ('paragraph', 'body')]
>>> all(a.document.text[r["start"]:r["end"]] == r["text"] for r in a.records())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .document import Document, Paragraph
from .facts import extract_facts
from .mentions import extract_mentions
from .targets import extract_targets, section_headings, section_kinds
from .themes import default_theme_model

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["WHAT", "Analysis", "analyze", "analyze_document", "analyze_documents", "parse_what"]

#: Record kinds, in the order they are written for each document.
WHAT = ("paragraphs", "facts", "targets", "mentions")
_TYPE_OF = {"paragraphs": "paragraph", "facts": "fact", "targets": "target", "mentions": "mention"}

#: Roles whose paragraphs are searched for facts, targets and mentions.
_ANALYSED_ROLES = ("body", "heading", "caption")


def parse_what(what: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"facts,targets"`` → ``("facts", "targets")``; ``None`` → all kinds, in WHAT order.

    Singular forms (``fact``) are accepted.
    """
    if what is None:
        return WHAT
    hashable = isinstance(what, str | tuple)
    if hashable and what in _PARSED:  # the engine asks for every document
        return _PARSED[what]  # type: ignore[index]
    items = what.split(",") if isinstance(what, str) else list(what)
    chosen = set()
    for item in items:
        name = item.strip().lower()
        if not name:
            continue
        if name == "all":
            chosen.update(WHAT)
            break
        if not name.endswith("s"):
            name += "s"
        if name not in WHAT:
            raise ValueError(f"unknown record kind {item!r}; choose from {', '.join(WHAT)}")
        chosen.add(name)
    kinds = tuple(k for k in WHAT if k in chosen)
    if hashable and len(_PARSED) < 1024:
        _PARSED[what] = kinds  # type: ignore[index]
    return kinds


#: parsed ``what`` arguments, by the string or tuple given
_PARSED: dict[str | tuple[str, ...], tuple[str, ...]] = {}


@dataclass
class Analysis:
    """The result of analysing one document: the document and its records."""

    document: Document
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def records(self, what: str | Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Records of the chosen kinds: paragraphs, then facts, targets, mentions."""
        out: list[dict[str, Any]] = []
        for kind in parse_what(what):
            out.extend(getattr(self, kind))
        return out

    def to_frame(self, kind: str = "facts") -> pd.DataFrame:
        """One kind of record as a tidy DataFrame, one row per record.

        ``kind`` is a record kind (``facts``, ``targets``, ``mentions``, ``paragraphs``) or
        ``sentences`` / ``tokens`` for the document's sentences and word tokens.

        >>> analyze("生产总值291.74亿元。", doc_id="d").to_frame("paragraphs").shape[0]
        1
        >>> list(analyze("技术工人有9.3万名。", doc_id="d").to_frame("tokens")["token"])[:2]
        ['技术工人', '有']
        """
        import pandas as pd

        doc = self.document
        if kind in ("sentences", "sentence"):
            rows = [
                {"doc_id": doc.id, "sentence": s.index, "paragraph": s.paragraph, "start": s.start,
                 "end": s.end, "text": doc.text[s.start : s.end]}
                for s in doc.sentences
            ]
            return pd.DataFrame(rows, columns=["doc_id", "sentence", "paragraph", "start", "end", "text"])
        if kind in ("tokens", "token"):
            rows = [
                {"doc_id": doc.id, "token": w, "start": s, "end": e, "paragraph": p}
                for w, s, e, p in doc.tokens()
            ]
            return pd.DataFrame(rows, columns=["doc_id", "token", "start", "end", "paragraph"])
        (name,) = parse_what(kind)
        return pd.DataFrame.from_records(getattr(self, name))

    def __repr__(self) -> str:
        return (
            f"Analysis(doc_id={self.document.id!r}, paragraphs={len(self.paragraphs)}, "
            f"facts={len(self.facts)}, targets={len(self.targets)}, mentions={len(self.mentions)})"
        )


def analyze(
    text: str,
    *,
    doc_id: str | None = None,
    date: str | None = None,
    title: str | None = None,
    source: str | None = None,
    meta: dict[str, Any] | None = None,
    what: str | Iterable[str] | None = None,
    theme_model: Any = None,
) -> Analysis:
    """Analyse one document's text.

    ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) resolves relative periods such as
    ``今年``; it is never taken from the machine clock. ``what`` limits the work to some
    record kinds (paragraph records are always built: they are cheap). ``theme_model``
    replaces the default theme model (anything with ``assign(texts)``).
    """
    doc = Document.from_text(text, doc_id=doc_id, date=date, title=title, source=source, meta=meta)
    return analyze_document(doc, what=what, theme_model=theme_model)


def analyze_document(
    doc: Document, *, what: str | Iterable[str] | None = None, theme_model: Any = None
) -> Analysis:
    """Analyse a :class:`Document` that is already built."""
    return analyze_documents([doc], what=what, theme_model=theme_model)[0]


def analyze_documents(
    docs: Sequence[Document], *, what: str | Iterable[str] | None = None, theme_model: Any = None
) -> list[Analysis]:
    """Analyse several built documents, as :func:`analyze_document` does each of them.

    The theme model scores the body paragraphs of all the documents in one ``assign``
    call (it judges each paragraph on its own), so its fixed cost per call is paid once
    for the batch instead of once per document: short news items gain most.

    >>> docs = [Document.from_text(t, doc_id=i) for i, t in (("a", "今年增长5%。"), ("b", "新建学校3所。"))]
    >>> [(a.document.id, [f["text"] for f in a.facts]) for a in analyze_documents(docs)]
    [('a', ['5%']), ('b', ['3所'])]
    """
    kinds = parse_what(what)
    results: list[Analysis] = []
    views_of: list[list[str]] = []
    for doc in docs:
        result = Analysis(doc)
        views = [doc.paragraph_view(p) for p in doc.paragraphs]
        if any(k in kinds for k in ("facts", "targets", "mentions")):
            _extract_spans(doc, views, kinds, result)
        if "facts" not in kinds:
            result.facts = []  # computed only because targets and mentions link to them
        results.append(result)
        views_of.append(views)
    model = theme_model if theme_model is not None else default_theme_model()
    bodies = [[i for i, p in enumerate(doc.paragraphs) if p.role == "body"] for doc in docs]
    texts = [views[i] for views, body in zip(views_of, bodies, strict=True) for i in body]
    assignments = iter(model.assign(texts) if texts else ())
    for result, body in zip(results, bodies, strict=True):
        result.paragraphs = _paragraph_records(result.document, {i: next(assignments) for i in body})
    return results


def _extract_spans(doc: Document, views: Sequence[str], kinds: tuple[str, ...], result: Analysis) -> None:
    """Facts, targets and mentions of every analysed paragraph, appended to ``result``."""
    with_roles = [(v, p.role) for v, p in zip(views, doc.paragraphs, strict=True)]
    sections = section_kinds(with_roles, date=doc.date)
    headings = section_headings(with_roles) if "targets" in kinds else [None] * len(views)
    doc_year = doc.year()

    for n, (p, view, section) in enumerate(zip(doc.paragraphs, views, sections, strict=True)):
        if p.role not in _ANALYSED_ROLES:
            # bylines and credit lines name places and organisations too (no facts there)
            if "mentions" in kinds:
                for m in extract_mentions(view):
                    result.mentions.append(_linked_record(doc, "mention", p, m, 0, len(result.mentions)))
            continue
        facts = extract_facts(view, date=doc.date, context_year=_context_year(section, doc_year))
        first_fact = len(result.facts)
        for f in facts:
            result.facts.append(_span_record(doc, "fact", p, f.to_record(), len(result.facts)))
        if "targets" in kinds:
            lead = views[n - 1] if n > 0 else None
            for t in extract_targets(view, facts, date=doc.date, section=section, lead=lead, heading=headings[n]):
                result.targets.append(_linked_record(doc, "target", p, t, first_fact, len(result.targets)))
        if "mentions" in kinds:
            for m in extract_mentions(view, facts):
                result.mentions.append(_linked_record(doc, "mention", p, m, first_fact, len(result.mentions)))


def _linked_record(doc: Document, type_: str, para: Paragraph, item: Any, first_fact: int, index: int) -> dict[str, Any]:
    """A target or mention record, its paragraph-local fact indices made document-wide."""
    fields = item.to_record()
    fields["facts"] = [first_fact + i for i in fields.get("facts") or []]
    return _span_record(doc, type_, para, fields, index)


def _context_year(section: str | None, doc_year: int | None) -> int | None:
    """The year a section speaks of: a work report reviews the year before its date and
    plans the year of its date; elsewhere a sentence needs its own time phrase."""
    if doc_year is None or section is None:
        return None
    return doc_year - 1 if section == "review" else doc_year


def _span_record(doc: Document, type_: str, para: Paragraph, fields: dict[str, Any], index: int) -> dict[str, Any]:
    """The record of a span found in ``para``'s view (offsets relative to it); the paragraph
    is known, so only the sentence is looked up (the view blanks out any caption inside it)."""
    start = para.start + int(fields.pop("start"))
    end = para.start + int(fields.pop("end"))
    fields.pop("text", None)
    sent = doc.sentence_at(start)
    record: dict[str, Any] = {
        "doc_id": doc.id,
        "type": type_,
        "index": index,
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "paragraph": para.index,
        "sentence": sent.index if sent else None,
    }
    record.update(fields)
    return record


def _paragraph_records(doc: Document, assignments: dict[int, Any]) -> list[dict[str, Any]]:
    """One record per paragraph; ``assignments`` maps a body paragraph's index to its themes."""
    records: list[dict[str, Any]] = []
    for i, p in enumerate(doc.paragraphs):
        a = assignments.get(i)
        records.append(
            {
                "doc_id": doc.id,
                "type": "paragraph",
                "index": p.index,
                "start": p.start,
                "end": p.end,
                "text": doc.text[p.start : p.end],
                "paragraph": p.index,
                "role": p.role,
                "themes": list(a.themes) if a else [],
                "scores": dict(a.scores) if a else {},
                "evidence": dict(a.evidence) if a else {},
            }
        )
    return records
