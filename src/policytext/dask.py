"""Dask integration: analyse a Dask bag or DataFrame of documents on a cluster.

Needs the optional extra ``pip install 'policytext[dask]'``. Records are exactly those of
``policytext extract`` (the same per-document code runs on the workers).

>>> import dask.bag as db  # doctest: +SKIP
>>> bag = db.from_sequence([{"id": "a", "text": "今年增长5%。", "date": "2023"}], npartitions=1)  # doctest: +SKIP
>>> records = analyze_bag(bag).compute()  # doctest: +SKIP
>>> records[0]["doc_id"], records[0]["type"]  # doctest: +SKIP
('a', 'paragraph')

A DataFrame with ``id``/``text`` (and optional ``date``/``title``/``source``) columns gives a
DataFrame of records of one or more kinds, with a fixed column set (see :func:`record_columns`);
list and dict values are JSON strings, fields outside the schema go to a JSON ``extra`` column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .batch import Config, analyze_item
from .output import LEAD_COLUMNS, SPEC_COLUMNS
from .pipeline import parse_what
from .readers import InputItem, item_from_record

__all__ = ["analyze_bag", "analyze_dataframe", "analyze_records", "record_columns", "record_dtypes"]

_TYPE_OF = {"paragraphs": "paragraph", "facts": "fact", "targets": "target", "mentions": "mention"}
_DTYPES = {
    "index": "Int64", "start": "Int64", "end": "Int64", "paragraph": "Int64", "sentence": "Int64",
    "year": "Int64", "deadline": "Int64", "value": "float64", "value_high": "float64",
    "quantified": "boolean",
}  # fmt: skip


def _fields(kw: dict[str, str]) -> dict[str, str]:
    names = ("id_field", "text_field", "date_field", "title_field", "source_field")
    return {k: v for k, v in kw.items() if k in names}


def analyze_records(
    items: Iterable[InputItem], *, what: str | Iterable[str] | None = None, themes: str | None = None
) -> list[dict[str, Any]]:
    """Records (dicts) for input items, in order; bad items give ``error`` records."""
    config = Config(what=parse_what(what), themes=themes)
    out: list[dict[str, Any]] = []
    for item in items:
        payload = analyze_item(item, config).payload.decode("utf-8")
        out.extend(json.loads(line) for line in payload.splitlines())
    return out


def _bag_partition(
    part: Sequence[Any], number: int, what: Any, themes: str | None, fields: dict[str, str]
) -> list[dict[str, Any]]:
    items = []
    for i, element in enumerate(part):
        origin = f"partition {number}:{i}"
        if isinstance(element, str):
            items.append(InputItem(f"{number}:{i}", element, origin=origin))
        elif isinstance(element, dict):
            items.append(item_from_record(element, origin=origin, fallback_id=f"{number}:{i}", **fields))
        else:
            items.append(item_from_record({}, origin=origin, fallback_id=f"{number}:{i}", **fields))
    return analyze_records(items, what=what, themes=themes)


def analyze_bag(
    bag: Any,
    *,
    what: str | Iterable[str] | None = None,
    themes: str | None = None,
    **fields: str,
) -> Any:
    """A ``dask.bag.Bag`` of texts or dicts → a bag of records, in input order.

    Dict elements use ``id``/``text``/``date``/``title``/``source`` (rename with
    ``id_field=`` …); a bare string gets the id ``PARTITION:POSITION``.
    """
    import dask
    import dask.bag as db

    what = parse_what(what)
    fields = _fields(fields)
    parts = [
        dask.delayed(_bag_partition)(part, n, what, themes, fields)
        for n, part in enumerate(bag.to_delayed())
    ]
    return db.from_delayed(parts)


def record_columns(what: str | Iterable[str] | None = None) -> list[str]:
    """The columns of :func:`analyze_dataframe` output for the chosen record kinds.

    >>> record_columns("facts")[-5:]
    ['year', 'error', 'message', 'origin', 'extra']
    """
    types = {_TYPE_OF[k] for k in parse_what(what)} | {"error"}
    spec = [c for c, owners in SPEC_COLUMNS.items() if types & set(owners)]
    return list(LEAD_COLUMNS) + spec + ["extra"]


def record_dtypes(what: str | Iterable[str] | None = None) -> dict[str, str]:
    """Pandas dtypes of :func:`record_columns` (nullable integers, strings for the rest)."""
    return {c: _DTYPES.get(c, "string") for c in record_columns(what)}


def records_frame(records: Iterable[dict[str, Any]], what: Any = None) -> pd.DataFrame:
    """Records as a DataFrame with the fixed columns and dtypes of ``what``."""
    columns = record_columns(what)
    known = set(columns)
    rows = []
    for rec in records:
        row: dict[str, Any] = {}
        extra = {k: v for k, v in rec.items() if k not in known}
        for c in columns[:-1]:
            v = rec.get(c)
            row[c] = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
        row["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
        rows.append(row)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(record_dtypes(what))


def _frame_partition(
    part: pd.DataFrame, what: Any, themes: str | None, fields: dict[str, str]
) -> pd.DataFrame:
    items = [
        item_from_record(row, origin=f"row {index}", fallback_id=str(index), **fields)
        for index, row in zip(part.index, part.to_dict("records"), strict=True)
    ]
    return records_frame(analyze_records(items, what=what, themes=themes), what)


def analyze_dataframe(
    ddf: Any,
    *,
    what: str | Iterable[str] | None = None,
    themes: str | None = None,
    **fields: str,
) -> Any:
    """A dask DataFrame with ``id``/``text`` columns → a dask DataFrame of records.

    One row per record of the chosen kinds (``what``, default all) in input order; the
    columns are :func:`record_columns` (``meta`` is declared, so nothing is computed early).
    A row without an id gets its index as id.
    """
    what = parse_what(what)
    fields = _fields(fields)
    meta = records_frame([], what)
    return ddf.map_partitions(_frame_partition, what, themes, fields, meta=meta)
