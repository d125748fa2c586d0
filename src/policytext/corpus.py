"""The researcher's Corpus: documents with variables, cached analysis, tidy tables, kwic.

A :class:`Corpus` holds documents and their *document variables* (``docvars``: date, year,
title, source, length and any metadata), analyses each document once, on demand, and
returns every kind of record as a tidy pandas DataFrame — one row per record — with the
document variables joined on, ready for ``groupby("year")``. ``kwic`` finds a word in
context with offsets into the original text; ``to_csv`` / ``to_parquet`` export any table.

>>> corpus = Corpus([
...     {"id": "a", "text": "今年全市地区生产总值增长5.5%。", "date": "2023-02", "title": "甲"},
...     {"id": "b", "text": "全县粮食产量达到12.3万吨。", "date": "2024"},
... ])
>>> corpus.docvars[["doc_id", "year", "title", "n_chars"]].to_dict("records")[0]
{'doc_id': 'a', 'year': 2023, 'title': '甲', 'n_chars': 17}
>>> k = corpus.kwic("生产总值", window=4)
>>> k[["doc_id", "start", "end", "left", "match", "right"]].to_dict("records")
[{'doc_id': 'a', 'start': 6, 'end': 10, 'left': '全市地区', 'match': '生产总值', 'right': '增长5.'}]
>>> facts = corpus.facts()
>>> facts.loc[facts["unit"] == "%", ["doc_id", "doc_year", "value"]].to_dict("records")
[{'doc_id': 'a', 'doc_year': 2023, 'value': 5.5}]

Document variables keep their own names in every table, except where a record has a field
of the same name: then the document's value is called ``doc_<name>`` (a fact's ``year`` is
the year its figure refers to; ``doc_year`` is the year of the document).
"""

from __future__ import annotations

import glob
import math
import operator
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .document import Document
from .output import LEAD_COLUMNS, SPEC_COLUMNS, write_records
from .pipeline import WHAT, Analysis, analyze, analyze_documents, parse_what
from .text import normalize

__all__ = ["Corpus", "CorpusDocument", "DOCVARS"]

#: The standard document variables, in column order (metadata keys follow them).
DOCVARS = ("doc_id", "date", "year", "title", "source", "n_chars")

_TYPE_OF = {"paragraphs": "paragraph", "facts": "fact", "targets": "target", "mentions": "mention"}
_KWIC_COLUMNS = ["doc_id", "start", "end", "left", "match", "right", "paragraph", "pattern"]
_THEME_COLUMNS = ["doc_id", "paragraph", "role", "theme", "score", "assigned"]


@dataclass(frozen=True)
class CorpusDocument:
    """One document of a corpus: its id, original text and metadata.

    >>> CorpusDocument("r2023", "正文", date="2023-03-05").year
    2023
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The calendar year of ``date`` (its first four digits), if any."""
        return _year_of(self.date)

    def __len__(self) -> int:
        return len(self.text)


def _year_of(date: Any) -> int | None:
    if date is None:
        return None
    head = str(date).strip()[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def _clean(value: Any) -> Any:
    """``None`` for missing values (NaN, NaT, pandas NA); timestamps as ISO dates."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value) is True:
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


def _as_document(item: Any, position: int) -> CorpusDocument:
    """A corpus document from a string, a mapping, an ``InputItem``-like object or a Document."""
    if isinstance(item, CorpusDocument):
        return item
    if isinstance(item, str):
        return CorpusDocument(f"doc{position}", item)
    if isinstance(item, Mapping):
        known = {"id", "doc_id", "text", "date", "title", "source", "meta"}
        doc_id = item.get("id", item.get("doc_id"))
        meta = dict(item.get("meta") or {})
        meta.update({k: v for k, v in item.items() if k not in known})
        text = item.get("text")
        if not isinstance(text, str):
            raise ValueError(f"document {position} has no text")
        return CorpusDocument(
            str(doc_id) if doc_id is not None else f"doc{position}",
            text,
            date=_str_or_none(item.get("date")),
            title=_str_or_none(item.get("title")),
            source=_str_or_none(item.get("source")),
            meta=meta,
        )
    if isinstance(item, Document):
        return CorpusDocument(
            item.id, item.text, item.date, item.title, item.source, dict(item.meta)
        )
    if hasattr(item, "text") and hasattr(item, "id"):  # readers.InputItem
        if item.text is None:
            raise ValueError(f"document {item.id!r} has no text")
        return CorpusDocument(
            str(item.id), item.text, _str_or_none(item.date), _str_or_none(item.title),
            _str_or_none(item.source), dict(getattr(item, "meta", None) or {}),
        )  # fmt: skip
    raise TypeError(f"cannot make a document of {type(item).__name__}")


def _str_or_none(value: Any) -> str | None:
    value = _clean(value)
    return None if value is None else str(value)


_AnalysisArgs = tuple[CorpusDocument, tuple[str, ...], Any]


def _analyze_one(args: _AnalysisArgs) -> Analysis | str:
    """Analyse one document; a failure is returned as its message (one bad document must not
    stop a corpus)."""
    doc, kinds, theme_model = args
    try:
        return analyze(
            doc.text, doc_id=doc.id, date=doc.date, title=doc.title, source=doc.source,
            meta=dict(doc.meta), what=kinds, theme_model=theme_model,
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - reported in Corpus.errors
        return f"{type(exc).__name__}: {exc}"


_CHUNK_DOCS = 64


def _chunked(jobs_args: list[_AnalysisArgs], size: int) -> list[list[_AnalysisArgs]]:
    """Consecutive documents asking for the same record kinds, at most ``size`` at a time
    (the corpus spreads its documents over its ``jobs`` processes, 64 at most per chunk)."""
    chunks: list[list[_AnalysisArgs]] = []
    for args in jobs_args:
        if chunks and len(chunks[-1]) < size and chunks[-1][0][1] == args[1]:
            chunks[-1].append(args)
        else:
            chunks.append([args])
    return chunks


def _analyze_chunk(chunk: list[_AnalysisArgs]) -> list[Analysis | str]:
    """Analyse documents together, as the batch engine does (one theme-model call for all
    their paragraphs: see :func:`~policytext.pipeline.analyze_documents`); should that fail,
    one at a time, so that only the bad document fails."""
    _, kinds, theme_model = chunk[0]
    try:
        docs = [_document_of(d) for d, _, _ in chunk]
        return list(analyze_documents(docs, what=kinds, theme_model=theme_model))
    except Exception:  # noqa: BLE001 - isolate the document that failed
        return [_analyze_one(args) for args in chunk]


def _document_of(doc: CorpusDocument) -> Document:
    """The :class:`~policytext.document.Document` (layout, sentences) of a corpus document."""
    return Document.from_text(doc.text, doc_id=doc.id, date=doc.date, title=doc.title,
                              source=doc.source, meta=dict(doc.meta))  # fmt: skip


def _failed(doc: CorpusDocument) -> Analysis:
    """An empty analysis standing for a document whose analysis failed."""
    try:
        document = _document_of(doc)
    except Exception:  # noqa: BLE001 - the layout itself failed: keep the bare text
        document = Document(doc.id, doc.text, doc.date, doc.title, doc.source, dict(doc.meta))
        document.norm = normalize(doc.text)
    return Analysis(document)


class Corpus:
    """Documents with document variables, analysed lazily and once.

    Build one from a list (strings, dicts with ``id``/``text``/``date``/``title``/``source``
    and any other keys as metadata, ``InputItem``s) or a mapping ``{doc_id: text}``; or with
    :meth:`read` (files, folders, JSON Lines, CSV, Parquet) or :meth:`from_frame`.

    ``what`` names the record kinds to compute when the corpus is analysed (default: all;
    ``what="facts,targets"`` skips mentions). A table of a kind not yet computed triggers
    the analysis it needs. ``jobs`` > 1 analyses documents in that many processes (results
    keep document order). ``theme_model`` replaces the default theme model. ``progress``
    shows a progress bar while documents are analysed. A document whose analysis fails
    gets no records, a warning and an entry in :attr:`errors`; the others are analysed.

    >>> c = Corpus({"x": "今年新增城镇就业1.2万人。", "y": "全面推进乡村振兴。"})
    >>> len(c), list(c.ids), c["y"].text
    (2, ['x', 'y'], '全面推进乡村振兴。')
    >>> c.subset(lambda d: "就业" in d.text).ids
    ['x']
    """

    def __init__(
        self,
        documents: Iterable[Any] | Mapping[str, str] = (),
        *,
        what: str | Iterable[str] | None = None,
        jobs: int = 1,
        theme_model: Any = None,
        progress: bool = False,
    ) -> None:
        if isinstance(documents, Mapping):
            documents = [{"id": k, "text": v} for k, v in documents.items()]
        docs = [_as_document(item, i) for i, item in enumerate(documents)]
        seen: set[str] = set()
        for d in docs:
            if d.id in seen:
                raise ValueError(f"duplicate doc_id {d.id!r}: document ids must be unique")
            seen.add(d.id)
        self._docs: list[CorpusDocument] = docs
        self._by_id: dict[str, int] = {d.id: i for i, d in enumerate(docs)}
        self.what: tuple[str, ...] = parse_what(what)
        self.jobs = max(1, int(jobs))
        self.theme_model = theme_model
        self.progress = progress
        self.errors: list[dict[str, Any]] = []
        self._analyses: dict[str, Analysis] = {}
        self._kinds: dict[str, frozenset[str]] = {}
        self._documents: dict[str, Document] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def read(
        cls,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        *,
        date_from_id: str | None = None,
        what: str | Iterable[str] | None = None,
        jobs: int = 1,
        theme_model: Any = None,
        progress: bool = False,
        **reader_options: Any,
    ) -> Corpus:
        """Read documents with :func:`policytext.readers.iter_documents`.

        ``paths``: files, folders (recursed) or glob patterns (``"reports/*-20??.txt"``).
        ``reader_options`` go to the reader (``id_field``, ``text_field``, ``date_field``,
        ``title_field``, ``source_field``, ``encoding``). ``date_from_id`` is a regular
        expression searched in each document id when the input gives no date: its first
        group (or the whole match) becomes the date, e.g. ``r"(\\d{4})"`` for file names
        like ``report-2023.txt``. Inputs that cannot be read are skipped and listed in
        :attr:`errors` (dicts with ``doc_id``, ``error``, ``message``, ``origin``).

        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "report-2021.txt").write_text("全年粮食产量保持稳定。", encoding="utf-8")
        >>> Corpus.read(d, date_from_id=r"(\\d{4})").docvars[["doc_id", "year"]].to_dict("records")
        [{'doc_id': 'report-2021', 'year': 2021}]
        """
        from .readers import iter_documents

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        pattern = re.compile(date_from_id) if date_from_id else None
        expanded: list[str] = []
        for p in map(str, paths):
            matches = sorted(glob.glob(p, recursive=True)) if glob.has_magic(p) else []
            expanded.extend(matches if matches and not os.path.exists(p) else [p])
        docs: list[CorpusDocument] = []
        errors: list[dict[str, Any]] = []
        for item in iter_documents(expanded, **reader_options):
            if item.error is not None or item.text is None:
                code = item.error.code if item.error else "empty_text"
                message = item.error.message if item.error else "no text"
                errors.append(
                    {"doc_id": item.id, "error": code, "message": message, "origin": item.origin}
                )
                continue
            date = item.date
            if date is None and pattern is not None:
                m = pattern.search(item.id)
                if m:
                    date = m.group(1) if m.groups() else m.group(0)
            docs.append(_as_document(
                {"id": item.id, "text": item.text, "date": date, "title": item.title,
                 "source": item.source, "meta": item.meta}, len(docs)))  # fmt: skip
        corpus = cls(docs, what=what, jobs=jobs, theme_model=theme_model, progress=progress)
        corpus.errors = errors
        return corpus

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        id_col: str | None = None,
        text_col: str = "text",
        date_col: str | None = "date",
        title_col: str | None = "title",
        source_col: str | None = "source",
        meta_cols: Sequence[str] | None = None,
        what: str | Iterable[str] | None = None,
        jobs: int = 1,
        theme_model: Any = None,
        progress: bool = False,
    ) -> Corpus:
        """A corpus from a DataFrame, one document per row.

        ``id_col`` defaults to a column ``id`` or ``doc_id``, else the row index. A named column
        that is absent is ignored. ``meta_cols`` (default: every other column except the
        derived ``year`` and ``n_chars``) become document variables.

        >>> df = pd.DataFrame({"id": ["p1"], "text": ["建设高标准农田5万亩。"], "province": ["江苏"]})
        >>> Corpus.from_frame(df).docvars.loc[0, ["doc_id", "province"]].tolist()
        ['p1', '江苏']
        """
        if text_col not in df.columns:
            raise KeyError(
                f"no text column {text_col!r} in the frame (columns: {list(df.columns)})"
            )
        if id_col is None:
            id_col = next((c for c in ("id", "doc_id") if c in df.columns), None)
        named = {
            "id": id_col,
            "text": text_col,
            "date": date_col,
            "title": title_col,
            "source": source_col,
        }
        named = {k: v for k, v in named.items() if v is not None and v in df.columns}
        used = set(named.values())
        if meta_cols is None:
            extra = [c for c in df.columns if c not in used and c not in ("year", "n_chars")]
        else:
            extra = list(meta_cols)
        docs = []
        for index, row in df.iterrows():
            text = _clean(row[text_col])
            if not isinstance(text, str):
                raise ValueError(f"row {index!r} has no text in column {text_col!r}")
            doc_id = _clean(row[named["id"]]) if "id" in named else index
            docs.append(CorpusDocument(
                str(doc_id), text,
                date=_str_or_none(row[named["date"]]) if "date" in named else None,
                title=_str_or_none(row[named["title"]]) if "title" in named else None,
                source=_str_or_none(row[named["source"]]) if "source" in named else None,
                meta={str(c): _clean(row[c]) for c in extra},
            ))  # fmt: skip
        return cls(docs, what=what, jobs=jobs, theme_model=theme_model, progress=progress)

    def _derive(self, docs: Sequence[CorpusDocument]) -> Corpus:
        sub = Corpus(
            docs,
            what=self.what,
            jobs=self.jobs,
            theme_model=self.theme_model,
            progress=self.progress,
        )
        for d in docs:  # share what is already computed
            if d.id in self._analyses:
                sub._analyses[d.id] = self._analyses[d.id]
                sub._kinds[d.id] = self._kinds[d.id]
            if d.id in self._documents:
                sub._documents[d.id] = self._documents[d.id]
        return sub

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[CorpusDocument]:
        return iter(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    def __getitem__(self, key: str | int | slice | Sequence[str]) -> Any:
        """``corpus["id"]`` or ``corpus[0]`` → a :class:`CorpusDocument`; a slice or a list of
        ids → a sub-corpus (sharing cached analyses)."""
        if isinstance(key, str):
            try:
                return self._docs[self._by_id[key]]
            except KeyError:
                raise KeyError(f"no document {key!r} in the corpus") from None
        if isinstance(key, slice):
            return self._derive(self._docs[key])
        try:
            return self._docs[operator.index(key)]  # int, numpy integer
        except TypeError:
            pass
        return self._derive([self[k] for k in key])

    def __repr__(self) -> str:
        years = [y for y in (d.year for d in self._docs) if y is not None]
        span = ""
        if years:
            low, high = min(years), max(years)
            span = f", {low}" if low == high else f", {low}–{high}"
        return f"Corpus({len(self)} documents{span}, {len(self._analyses)} analysed)"

    @property
    def ids(self) -> list[str]:
        """Document ids, in corpus order."""
        return [d.id for d in self._docs]

    @property
    def docvars(self) -> pd.DataFrame:
        """One row per document: ``doc_id, date, year, title, source, n_chars`` + metadata."""
        rows = [self._docvar_row(d) for d in self._docs]
        df = pd.DataFrame.from_records(rows, columns=_docvar_columns(rows))
        df["year"] = df["year"].astype("Int64")
        df["n_chars"] = df["n_chars"].astype("int64")
        return df

    @staticmethod
    def _docvar_row(d: CorpusDocument) -> dict[str, Any]:
        row: dict[str, Any] = {
            "doc_id": d.id, "date": d.date, "year": d.year, "title": d.title,
            "source": d.source, "n_chars": len(d.text),
        }  # fmt: skip
        for k, v in d.meta.items():
            row.setdefault(str(k), v)
        return row

    def set_docvar(
        self, name: str, values: Sequence[Any] | Mapping[str, Any] | Callable[[CorpusDocument], Any]
    ) -> Corpus:
        """Add or replace a document variable; return the corpus itself.

        ``date``, ``title`` and ``source`` set those fields (a new date drops the cached
        analysis of the documents it changes: relative periods resolve by date); any other
        name is kept in each document's metadata. ``doc_id``, ``year`` and ``n_chars``
        derive from the documents and cannot be set.

        ``values``: one value per document in corpus order, a mapping ``doc_id → value``
        (documents it does not name keep their value, ``None`` for a new variable), or a
        function of a :class:`CorpusDocument`.

        >>> c = Corpus([{"id": "a", "text": "正文。", "date": "1987"}, {"id": "b", "text": "正文。", "date": "2004"}])
        >>> c.set_docvar("decade", lambda d: d.year // 10 * 10).docvars["decade"].tolist()
        [1980, 2000]
        """
        if name in ("doc_id", "year", "n_chars"):
            raise ValueError(f"{name!r} is derived from the documents and cannot be set")
        if callable(values):
            new = [values(d) for d in self._docs]
        elif isinstance(values, Mapping):
            new = [values[d.id] if d.id in values else self._current(d, name) for d in self._docs]
        else:
            new = list(values)
            if len(new) != len(self._docs):
                raise ValueError(f"{len(new)} values for {len(self._docs)} documents")
        docs = []
        for d, v in zip(self._docs, new, strict=True):
            if name in ("date", "title", "source"):
                v = _str_or_none(v)
                if name == "date" and v != d.date:  # relative periods resolve by date
                    self._analyses.pop(d.id, None)
                    self._kinds.pop(d.id, None)
                    self._documents.pop(d.id, None)
                docs.append(replace(d, **{name: v}))
            else:
                docs.append(replace(d, meta={**d.meta, name: v}))
        self._docs = docs
        return self

    def __add__(self, other: Corpus) -> Corpus:
        """The documents of both corpora (ids must stay unique), sharing their analyses.

        >>> (Corpus({"a": "甲。"}) + Corpus({"b": "乙。"})).ids
        ['a', 'b']
        """
        if not isinstance(other, Corpus):
            return NotImplemented
        both = self._derive([*self._docs, *other._docs])
        both._analyses.update(other._analyses)
        both._kinds.update(other._kinds)
        both._documents.update(other._documents)
        both.errors = [*self.errors, *other.errors]
        return both

    def sample(self, n: int, *, seed: int | None = None) -> Corpus:
        """``n`` documents drawn at random without replacement, in corpus order.

        >>> c = Corpus({str(i): "正文。" for i in range(10)})
        >>> len(c.sample(3, seed=1)), c.sample(3, seed=1).ids == c.sample(3, seed=1).ids
        (3, True)
        """
        import random

        if not 0 <= n <= len(self._docs):
            raise ValueError(f"cannot sample {n} of {len(self._docs)} documents")
        chosen = set(random.Random(seed).sample(range(len(self._docs)), n))
        return self._derive([d for i, d in enumerate(self._docs) if i in chosen])

    def to_frame(self) -> pd.DataFrame:
        """The documents as a DataFrame: :attr:`docvars` plus a ``text`` column.

        ``Corpus.from_frame(corpus.to_frame())`` gives the corpus back.
        """
        frame = self.docvars
        frame.insert(1, "text", [d.text for d in self._docs])
        return frame

    @staticmethod
    def _current(d: CorpusDocument, name: str) -> Any:
        return getattr(d, name) if name in ("date", "title", "source") else d.meta.get(name)

    def subset(
        self,
        condition: str | Callable[[CorpusDocument], bool] | Sequence[bool] | None = None,
        **equals: Any,
    ) -> Corpus:
        """The documents that meet a condition, as a new corpus sharing cached analyses.

        ``condition`` is a :meth:`pandas.DataFrame.query` string over :attr:`docvars`
        (``"year >= 2000"``), a function of a :class:`CorpusDocument`, or booleans, one per
        document. Keyword arguments compare document variables: ``source="cctv"``, or
        membership for a list/set/tuple/range: ``year=range(1978, 1990)``.

        >>> c = Corpus([{"id": str(y), "text": "正文。", "date": str(y)} for y in (1990, 2000, 2010)])
        >>> c.subset("year >= 2000").ids, c.subset(year=[1990, 2010]).ids
        (['2000', '2010'], ['1990', '2010'])
        """
        keep = [True] * len(self._docs)
        if isinstance(condition, str):
            chosen = set(self.docvars.query(condition)["doc_id"])
            keep = [d.id in chosen for d in self._docs]
        elif callable(condition):
            keep = [bool(condition(d)) for d in self._docs]
        elif condition is not None:
            flags = list(condition)
            if len(flags) != len(self._docs):
                raise ValueError(f"{len(flags)} booleans for {len(self._docs)} documents")
            keep = [bool(f) for f in flags]
        if equals:
            rows = [self._docvar_row(d) for d in self._docs]
            for name, wanted in equals.items():
                if rows and name not in rows[0] and not any(name in r for r in rows):
                    raise KeyError(f"no document variable {name!r}")
                many = isinstance(wanted, (list, set, frozenset, tuple, range))
                keep = [
                    k and ((r.get(name) in wanted) if many else (r.get(name) == wanted))
                    for k, r in zip(keep, rows, strict=True)
                ]
        return self._derive([d for d, k in zip(self._docs, keep, strict=True) if k])

    # ------------------------------------------------------------------ analysis
    def analyze(self, what: str | Iterable[str] | None = None) -> Corpus:
        """Analyse every document not yet analysed for ``what`` (default: the corpus's
        ``what``), in ``jobs`` processes; return the corpus itself."""
        self._ensure(parse_what(what) if what is not None else self.what)
        return self

    def _ensure(self, kinds: Iterable[str]) -> None:
        need = frozenset(kinds) | {"paragraphs"}
        todo = [d for d in self._docs if not need <= self._kinds.get(d.id, frozenset())]
        if not todo:
            return
        want = need | frozenset(self.what)
        jobs_args = []
        for d in todo:
            chosen = want | self._kinds.get(d.id, frozenset())
            jobs_args.append((d, tuple(k for k in WHAT if k in chosen), self.theme_model))
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(jobs_args), unit="doc", desc="analysing")
        chunks = _chunked(jobs_args, size=min(_CHUNK_DOCS, -(-len(jobs_args) // max(1, self.jobs))))
        if self.jobs > 1 and len(chunks) > 1:
            with ProcessPoolExecutor(max_workers=min(self.jobs, len(chunks))) as pool:
                for chunk, results in zip(chunks, pool.map(_analyze_chunk, chunks), strict=True):
                    for args, result in zip(chunk, results, strict=True):
                        self._store(args, result)
                    if bar is not None:
                        bar.update(len(chunk))
        else:
            for chunk in chunks:
                for args, result in zip(chunk, _analyze_chunk(chunk), strict=True):
                    self._store(args, result)
                if bar is not None:
                    bar.update(len(chunk))
        if bar is not None:
            bar.close()

    def _store(
        self, args: tuple[CorpusDocument, tuple[str, ...], Any], result: Analysis | str
    ) -> Analysis:
        doc, chosen, _ = args
        if isinstance(result, str):
            self.errors = [e for e in self.errors if e.get("doc_id") != doc.id]
            self.errors.append(
                {"doc_id": doc.id, "error": "analysis_failed", "message": result, "origin": ""}
            )
            warnings.warn(f"analysis of {doc.id!r} failed: {result}", RuntimeWarning, stacklevel=4)
            result = _failed(doc)
        self._analyses[doc.id] = result
        self._kinds[doc.id] = frozenset(chosen)
        self._documents[doc.id] = result.document
        return result

    def analysis(self, doc_id: str) -> Analysis:
        """The :class:`~policytext.pipeline.Analysis` of one document (computed if needed)."""
        doc = self[doc_id]
        have = self._kinds.get(doc.id, frozenset())
        if not frozenset(self.what) | {"paragraphs"} <= have:
            chosen = frozenset(self.what) | have | {"paragraphs"}
            kinds = tuple(k for k in WHAT if k in chosen)
            args = (doc, kinds, self.theme_model)
            self._store(args, _analyze_one(args))
        return self._analyses[doc.id]

    def document(self, doc_id: str) -> Document:
        """The :class:`~policytext.document.Document` (paragraphs, sentences) of one document;
        built without running the analysers."""
        if doc_id not in self._documents:
            self._documents[doc_id] = _document_of(self[doc_id])
        return self._documents[doc_id]

    def records(self, what: str | Iterable[str] | None = None) -> list[dict[str, Any]]:
        """All records of the chosen kinds, document by document (as ``Analysis.records``)."""
        kinds = parse_what(what) if what is not None else self.what
        self._ensure(kinds)
        out: list[dict[str, Any]] = []
        for d in self._docs:
            out.extend(self._analyses[d.id].records(kinds))
        return out

    def summary(self) -> pd.DataFrame:
        """One row per document: :attr:`docvars` plus counts of paragraphs, body paragraphs,
        sentences and of the records of every kind the corpus computes (``what``).

        >>> Corpus({"a": "今年增长5%。新增就业1万人。"}, what="facts").summary()[
        ...     ["doc_id", "paragraphs", "sentences", "facts"]].to_dict("records")
        [{'doc_id': 'a', 'paragraphs': 1, 'sentences': 2, 'facts': 2}]
        """
        self._ensure(self.what)
        frame = self.docvars
        analyses = [self._analyses[d.id] for d in self._docs]
        frame["paragraphs"] = [len(a.document.paragraphs) for a in analyses]
        frame["body_paragraphs"] = [
            sum(p.role == "body" for p in a.document.paragraphs) for a in analyses
        ]
        frame["sentences"] = [len(a.document.sentences) for a in analyses]
        for kind in self.what:
            if kind != "paragraphs":
                frame[kind] = [len(getattr(a, kind)) for a in analyses]
        return frame

    # ------------------------------------------------------------------ tables
    def table(self, kind: str, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Records of one kind (``paragraphs``, ``facts``, ``targets``, ``mentions``) as a
        tidy DataFrame with document variables joined (see :meth:`facts`)."""
        (name,) = parse_what(kind)
        self._ensure([name])
        rows = []
        for d in self._docs:
            rows.extend(getattr(self._analyses[d.id], name))
        columns = _record_columns(_TYPE_OF[name], rows)
        frame = pd.DataFrame.from_records(rows, columns=columns)
        for col in ("index", "start", "end", "paragraph", "sentence", "year", "deadline"):
            if col in frame.columns and col in columns:
                frame[col] = frame[col].astype("Int64")
        return self._join_docvars(frame, docvars)

    def paragraphs(self, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Paragraph records (role, themes, scores, evidence), one row per paragraph."""
        return self.table("paragraphs", docvars=docvars)

    def facts(self, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Fact records, one row per numeric fact, with document variables joined.

        ``docvars=False`` leaves them out; a list of names joins only those. A document
        variable whose name a record field already uses is joined as ``doc_<name>``.
        """
        return self.table("facts", docvars=docvars)

    def targets(self, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Target records, one row per target, with document variables joined."""
        return self.table("targets", docvars=docvars)

    def mentions(self, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Mention records, one row per mention, with document variables joined."""
        return self.table("mentions", docvars=docvars)

    def themes(
        self, *, assigned_only: bool = False, docvars: bool | Sequence[str] = True
    ) -> pd.DataFrame:
        """Paragraph themes in long format: ``doc_id, paragraph, role, theme, score, assigned``.

        One row per scored (paragraph, theme) pair — body paragraphs only, since only they
        are scored; ``assigned`` says whether the theme was assigned to the paragraph.
        ``assigned_only=True`` keeps the assigned pairs.
        """
        self._ensure(["paragraphs"])
        rows = []
        for d in self._docs:
            for p in self._analyses[d.id].paragraphs:
                themes = set(p.get("themes") or [])
                scores = dict(p.get("scores") or {})
                for t in themes - set(scores):
                    scores[t] = float("nan")
                for theme, score in scores.items():
                    if assigned_only and theme not in themes:
                        continue
                    rows.append({
                        "doc_id": d.id, "paragraph": p["paragraph"], "role": p.get("role"),
                        "theme": theme, "score": score, "assigned": theme in themes,
                    })  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=_THEME_COLUMNS)
        frame["paragraph"] = frame["paragraph"].astype("Int64")
        frame["assigned"] = frame["assigned"].astype(bool)
        return self._join_docvars(frame, docvars)

    def theme_shares(
        self, by: str | Sequence[str] = "year", *, role: str | None = "body"
    ) -> pd.DataFrame:
        """Share of paragraphs carrying each theme, per group of documents, in per cent.

        Rows are the values of ``by`` (a document variable, e.g. ``year`` or ``source``),
        columns the themes; a cell is 100 × (paragraphs of that group assigned the theme) /
        (all paragraphs of the group with the given ``role``; ``None`` = every role). A
        paragraph may carry several themes, so a row can sum to more than 100.

        >>> c = Corpus([{"id": "a", "text": "全年粮食产量再创新高，农民收入持续增长。", "date": "2020"}])
        >>> c.theme_shares("year").loc[2020, "farmers"]
        np.float64(100.0)
        """
        by_cols = [by] if isinstance(by, str) else list(by)
        paras = self.paragraphs(docvars=by_cols)
        if role is not None:
            paras = paras[paras["role"] == role]
        keys = [f"doc_{c}" if f"doc_{c}" in paras.columns else c for c in by_cols]
        totals = paras.groupby(keys, dropna=False).size()
        exploded = paras[[*keys, "themes"]].explode("themes").dropna(subset=["themes"])
        counts = (
            exploded.groupby([*keys, "themes"], dropna=False).size().unstack("themes", fill_value=0)
        )
        counts = counts.reindex(totals.index, fill_value=0)
        shares = counts.div(totals, axis=0) * 100.0
        ordered = [t for t in _theme_order() if t in shares.columns]
        shares = shares[ordered + [c for c in shares.columns if c not in ordered]]
        shares.columns.name = "theme"
        shares.index.names = by_cols
        return shares.sort_index()

    # ------------------------------------------------------------------ kwic
    def kwic(
        self,
        pattern: str | Sequence[str],
        window: int = 20,
        *,
        regex: bool = False,
        ignore_case: bool = False,
        docvars: bool | Sequence[str] = False,
    ) -> pd.DataFrame:
        """Keyword in context: every match of ``pattern`` with ``window`` characters each side.

        Returns ``doc_id, start, end, left, match, right, paragraph, pattern``: ``start`` and
        ``end`` index the document's original text (``text[start:end] == match``), ``left``
        and ``right`` are the original characters before and after (fewer at the text's
        edges), ``paragraph`` the index of the enclosing paragraph. Matching runs on the
        normalised text, so ``5%`` also finds ``５％``; a literal pattern is normalised the
        same way. ``pattern`` may be a list (one ``pattern`` value per row); matches of one
        pattern do not overlap. ``docvars=True`` joins the document variables.

        >>> c = Corpus({"d": "就业优先。稳就业、促就业。"})
        >>> c.kwic("就业", window=2)[["start", "left", "match", "right"]].values.tolist()
        [[0, '', '就业', '优先'], [6, '。稳', '就业', '、促'], [10, '、促', '就业', '。']]
        """
        if window < 0:
            raise ValueError("window must be >= 0")
        patterns = [pattern] if isinstance(pattern, str) else list(pattern)
        if not patterns or any(not p for p in patterns):
            raise ValueError("kwic needs a non-empty pattern")
        flags = re.IGNORECASE if ignore_case else 0
        compiled = [
            (p, re.compile(p if regex else re.escape(normalize(p)), flags)) for p in patterns
        ]
        rows = []
        for d in self._docs:
            doc = self.document(d.id)
            found = []
            for raw, rx in compiled:
                for m in rx.finditer(doc.norm):
                    if m.end() == m.start():
                        continue  # an empty regex match has no keyword
                    found.append((m.start(), m.end(), raw))
            for start, end, raw in sorted(found, key=lambda x: (x[0], x[1])):
                para = doc.paragraph_at(start)
                rows.append({
                    "doc_id": d.id, "start": start, "end": end,
                    "left": doc.text[max(0, start - window):start], "match": doc.text[start:end],
                    "right": doc.text[end:end + window],
                    "paragraph": para.index if para is not None else None, "pattern": raw,
                })  # fmt: skip
        frame = pd.DataFrame.from_records(rows, columns=_KWIC_COLUMNS)
        for col in ("start", "end", "paragraph"):
            frame[col] = frame[col].astype("Int64")
        return self._join_docvars(frame, docvars) if docvars else frame

    # ------------------------------------------------------------------ export
    def _export_records(self, kind: str, docvars: bool | Sequence[str]) -> list[dict[str, Any]]:
        name = kind.strip().lower()
        if name == "docvars":
            return [{k: _clean(v) for k, v in r.items()} for r in self.docvars.to_dict("records")]
        if name == "themes":
            frame = self.themes(docvars=docvars)
            return [{k: _clean(v) for k, v in r.items()} for r in frame.to_dict("records")]
        kinds = parse_what(name)
        self._ensure(kinds)
        chosen = _chosen_docvars(docvars, self._docs)
        out = []
        for d in self._docs:
            row = self._docvar_row(d)
            extra = {k: row.get(k) for k in chosen if k != "doc_id"}
            for rec in self._analyses[d.id].records(kinds):
                merged = dict(rec)
                for k, v in extra.items():
                    merged[f"doc_{k}" if k in rec else k] = v
                out.append(merged)
        return out

    def to_csv(
        self,
        path: str | os.PathLike[str],
        kind: str = "facts",
        *,
        docvars: bool | Sequence[str] = True,
    ) -> Path:
        """Write a table as CSV, UTF-8 with a BOM so that Excel reads the Chinese.

        ``kind``: ``facts``, ``targets``, ``mentions``, ``paragraphs`` (or several, comma
        separated, or ``all``: one file with a ``type`` column), ``themes`` or ``docvars``.
        List and dict values (``themes``, ``qualifier``, ``facts``) are written as JSON.
        Read it back with ``pd.read_csv(path, encoding="utf-8-sig")``.
        """
        return self._write(path, kind, "csv", docvars)

    def to_parquet(
        self,
        path: str | os.PathLike[str],
        kind: str = "facts",
        *,
        docvars: bool | Sequence[str] = True,
    ) -> Path:
        """Write a table as Parquet (same kinds and columns as :meth:`to_csv`)."""
        return self._write(path, kind, "parquet", docvars)

    def to_jsonl(
        self,
        path: str | os.PathLike[str],
        kind: str = "all",
        *,
        docvars: bool | Sequence[str] = True,
    ) -> Path:
        """Write records as JSON Lines (lists and dicts kept as JSON values)."""
        return self._write(path, kind, "jsonl", docvars)

    def _write(
        self, path: str | os.PathLike[str], kind: str, fmt: str, docvars: bool | Sequence[str]
    ) -> Path:
        dest = Path(path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_records(self._export_records(kind, docvars), dest, fmt)
        return dest

    # ------------------------------------------------------------------ helpers
    def _join_docvars(self, frame: pd.DataFrame, docvars: bool | Sequence[str]) -> pd.DataFrame:
        chosen = _chosen_docvars(docvars, self._docs)
        names = [c for c in chosen if c != "doc_id"]
        if not names:
            return frame
        dv = self.docvars[["doc_id", *names]]
        renamed = {c: f"doc_{c}" for c in names if c in frame.columns}
        dv = dv.rename(columns=renamed)
        joined = frame.merge(dv, on="doc_id", how="left", sort=False)
        new = [renamed.get(c, c) for c in names]
        order = ["doc_id", *new, *[c for c in frame.columns if c != "doc_id"]]
        return joined[order]


def _docvar_columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols = list(DOCVARS)
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def _chosen_docvars(docvars: bool | Sequence[str], docs: Sequence[CorpusDocument]) -> list[str]:
    if docvars is True:
        rows = [Corpus._docvar_row(d) for d in docs]
        return _docvar_columns(rows)
    if not docvars:
        return []
    if isinstance(docvars, str):
        return [docvars]
    return list(docvars)


def _record_columns(record_type: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Stable columns for a record kind: lead columns, its SPEC fields, then any others."""
    lead = [c for c in LEAD_COLUMNS if not (record_type == "paragraph" and c == "sentence")]
    spec = [c for c, types in SPEC_COLUMNS.items() if record_type in types]
    cols = [*lead, *spec]
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def _theme_order() -> tuple[str, ...]:
    try:
        from .themes import THEMES
    except ImportError:  # pragma: no cover - themes always ships THEMES
        return ()
    return tuple(THEMES)
