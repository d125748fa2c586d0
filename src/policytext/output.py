"""Writers: JSON Lines (optionally gzipped), CSV with a BOM (Excel), Parquet.

Records are flat dicts (SPEC.md schema); writers treat them generically. JSON Lines keeps
every value as it is; in CSV and Parquet a list or dict value becomes a JSON string in its
cell. Columns come in a stable order: :data:`LEAD_COLUMNS`, then the SPEC fields of the
record types present (:data:`SPEC_COLUMNS` order), then any other field in order of first
appearance.

Tables are written from a JSON Lines *spool* in two streaming passes (columns and types
first, then rows), so memory stays flat however many records there are; the destination
is replaced atomically, so a reader never sees a half-written file.

>>> import tempfile, pathlib, pandas as pd
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> recs = [{"doc_id": "d", "type": "fact", "start": 0, "end": 3, "text": "5万人", "value": 50000.0,
...          "qualifier": ["approx"], "note": "x"}]
>>> write_records(recs, d / "out.csv")
>>> (d / "out.csv").read_bytes()[:3] == b"\\xef\\xbb\\xbf"
True
>>> pd.read_csv(d / "out.csv", encoding="utf-8-sig")["qualifier"][0]
'["approx"]'
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

__all__ = [
    "FORMATS",
    "LEAD_COLUMNS",
    "SPEC_COLUMNS",
    "column_order",
    "copy_to_stream",
    "dumps",
    "encode_records",
    "format_for",
    "iter_spool",
    "split_name",
    "write_records",
    "write_table",
]

FORMATS = ("jsonl", "jsonl.gz", "csv", "parquet")

#: Columns every table starts with.
LEAD_COLUMNS = ("doc_id", "type", "index", "start", "end", "text", "paragraph", "sentence")

#: SPEC fields, in table order, and the record types that carry them.
SPEC_COLUMNS: dict[str, tuple[str, ...]] = {
    "value": ("fact",),
    "value_high": ("fact",),
    "unit": ("fact",),
    "quantity": ("fact",),
    "qualifier": ("fact",),
    "indicator": ("fact",),
    "period": ("fact", "target"),
    "year": ("fact", "target"),
    "deadline": ("target",),
    "verb": ("target",),
    "object": ("target",),
    "quantified": ("target",),
    "facts": ("target", "mention"),
    "kind": ("mention",),
    "name": ("mention",),
    "role": ("paragraph",),
    "themes": ("paragraph",),
    "scores": ("paragraph",),
    "error": ("error",),
    "message": ("error",),
    "origin": ("error",),
}

#: Declared Parquet types of known columns (used whenever the values fit them).
_DECLARED = {
    "index": "int", "start": "int", "end": "int", "paragraph": "int", "sentence": "int",
    "year": "int", "deadline": "int", "value": "float", "value_high": "float", "quantified": "bool",
}  # fmt: skip

_ROW_GROUP = 20_000


def dumps(record: dict[str, Any]) -> str:
    """One record as a compact JSON line (UTF-8 text, Chinese unescaped, no trailing newline).

    >>> dumps({"doc_id": "d", "text": "增长", "value": 5.9})
    '{"doc_id":"d","text":"增长","value":5.9}'
    """
    return _encode(record).decode("utf-8")


def encode_records(records: Iterable[dict[str, Any]]) -> bytes:
    """Records as JSON Lines bytes, one ``\\n``-terminated line each.

    >>> encode_records([{"a": 1}, {"b": [1.5, None]}])
    b'{"a":1}\\n{"b":[1.5,null]}\\n'
    """
    return b"".join([_encode(r) + b"\n" for r in records])


def _encode(record: dict[str, Any]) -> bytes:
    """orjson (several times faster than :mod:`json` on record-sized dicts); the standard
    encoder, with the same compact separators, for what orjson refuses (integers beyond
    64 bits, non-string keys)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def format_for(path: str | os.PathLike[str] | None, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else from the suffix of ``path``, else ``jsonl``.

    >>> format_for("out.CSV"), format_for("x.jsonl.gz"), format_for(None), format_for("a", "parquet")
    ('csv', 'jsonl.gz', 'jsonl', 'parquet')
    """
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
        return fmt
    name = str(path or "").lower()
    for candidate in sorted(FORMATS, key=len, reverse=True):
        if name.endswith("." + candidate):
            return candidate
    return "jsonl"


def split_name(record_type: str) -> str:
    """The file stem of one record type in a split output folder (``fact`` → ``facts``)."""
    return record_type + "s" if record_type else "records"


# --------------------------------------------------------------------------- spool reading


def iter_spool(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file, one at a time."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (list, dict)):
        return "complex"
    return "str"


class _Columns:
    """Column names (first-appearance order), the record types seen and value kinds."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}
        self.types: set[str] = set()

    def add(self, record: dict[str, Any]) -> None:
        self.types.add(str(record.get("type", "")))
        for key, value in record.items():
            kinds = self.seen.setdefault(key, set())
            kind = _kind(value)
            if kind:
                kinds.add(kind)

    def order(self) -> list[str]:
        return column_order(self.seen, self.types)


def column_order(fields: Iterable[str], types: Iterable[str]) -> list[str]:
    """Lead columns, SPEC columns of ``types``, then the other ``fields`` in the given order.

    >>> column_order(["text", "doc_id", "zz", "value"], ["fact"])[:8]
    ['doc_id', 'type', 'index', 'start', 'end', 'text', 'paragraph', 'sentence']
    >>> column_order(["zz", "value"], ["fact"])[8:]
    ['value', 'value_high', 'unit', 'quantity', 'qualifier', 'indicator', 'period', 'year', 'zz']
    """
    fields = list(fields)
    types = set(types)
    spec = [c for c, owners in SPEC_COLUMNS.items() if types & set(owners) or c in fields]
    fixed = list(LEAD_COLUMNS) + spec
    return fixed + [c for c in fields if c not in fixed]


def _cell(value: Any) -> Any:
    """A value for a table cell: lists and dicts as JSON strings."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _arrow_type(column: str, kinds: set[str]) -> str:
    declared = _DECLARED.get(column)
    fits = {"int": {"int"}, "float": {"int", "float"}, "bool": {"bool"}}
    if declared and kinds <= fits[declared]:
        return declared
    for name in ("bool", "int", "float"):
        if kinds and kinds <= fits[name]:
            return name
    return "str"


# --------------------------------------------------------------------------- writing


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace_atomically(dest: Path, write: Any) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + dest.name + ".", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file private (0600); give it the permissions of a normal file
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_csv(spool: Path, dest: IO[str], keep: Any) -> None:
    cols = _Columns()
    for rec in iter_spool(spool):
        if keep(rec):
            cols.add(rec)
    order = cols.order()
    writer = csv.writer(dest)
    writer.writerow(order)
    for rec in iter_spool(spool):
        if keep(rec):
            writer.writerow(["" if (v := _cell(rec.get(c))) is None else v for c in order])


def _write_parquet(spool: Path, dest: Path, keep: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = _Columns()
    for rec in iter_spool(spool):
        if keep(rec):
            cols.add(rec)
    order = cols.order()
    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    kinds = {c: _arrow_type(c, cols.seen.get(c, set())) for c in order}
    schema = pa.schema([(c, arrow[kinds[c]]) for c in order])

    def convert(column: str, value: Any) -> Any:
        if value is None:
            return None
        if kinds[column] == "str":
            return value if isinstance(value, str) else str(_cell(value))
        if kinds[column] == "float":
            return float(value)
        return value

    with pq.ParquetWriter(dest, schema) as writer:
        batch: list[dict[str, Any]] = []
        for rec in iter_spool(spool):
            if not keep(rec):
                continue
            batch.append({c: convert(c, rec.get(c)) for c in order})
            if len(batch) >= _ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def _write_one(spool: Path, dest: Path, fmt: str, keep: Any = lambda r: True) -> None:
    def write(tmp: Path) -> None:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                _write_csv(spool, fh, keep)
        elif fmt == "parquet":
            _write_parquet(spool, tmp, keep)
        elif fmt in ("jsonl", "jsonl.gz"):
            with open(spool, "rb") as src, open(tmp, "wb") as raw:
                out: IO[bytes] = (
                    gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
                    if fmt == "jsonl.gz"
                    else raw
                )
                for line in src:
                    if line.strip() and keep(json.loads(line)):
                        out.write(line)
                out.close()
        else:
            raise ValueError(f"unknown output format {fmt!r}")

    _replace_atomically(dest, write)


def write_table(
    spool: str | os.PathLike[str], dest: str | os.PathLike[str], fmt: str, *, split: bool = False
) -> list[Path]:
    """Write the records of a JSON Lines ``spool`` to ``dest`` in ``fmt``; return the files.

    With ``split=True`` ``dest`` is a folder that receives one file per record type
    (``facts.csv``, ``targets.csv`` …, ``errors.csv``). Every file is replaced atomically.
    """
    spool, dest = Path(spool), Path(dest)
    if not split:
        if fmt == "jsonl":
            # a plain copy: the spool already is the output
            _replace_atomically(dest, lambda tmp: shutil.copyfile(spool, tmp))
        else:
            _write_one(spool, dest, fmt)
        return [dest]
    types: list[str] = []
    for rec in iter_spool(spool):
        t = str(rec.get("type", ""))
        if t not in types:
            types.append(t)
    files = []
    for t in types:
        target = dest / f"{split_name(t)}.{fmt}"
        _write_one(spool, target, fmt, keep=lambda r, t=t: str(r.get("type", "")) == t)
        files.append(target)
    return files


def write_records(
    records: Iterable[dict[str, Any]],
    dest: str | os.PathLike[str] | None = None,
    fmt: str | None = None,
    *,
    split: bool = False,
) -> None:
    """Write records to ``dest`` (format from ``fmt`` or the suffix); ``None`` = stdout (JSON Lines or CSV)."""
    fmt = format_for(dest, fmt)
    with tempfile.TemporaryDirectory() as tmpdir:
        spool = Path(tmpdir) / "records.jsonl"
        with open(spool, "wb") as fh:
            for rec in records:
                fh.write(encode_records([rec]))
        if dest is None:
            copy_to_stream(spool, fmt, sys.stdout.buffer)
        else:
            write_table(spool, dest, fmt, split=split)


def copy_to_stream(spool: str | os.PathLike[str], fmt: str, stream: IO[bytes]) -> None:
    """Write a spool to a binary stream (standard output) as JSON Lines or CSV (UTF-8, BOM)."""
    if fmt == "jsonl":
        with open(spool, "rb") as fh:
            shutil.copyfileobj(fh, stream)
    elif fmt == "csv":
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
        _write_csv(Path(spool), text, lambda r: True)
        text.flush()
        text.detach()
    else:
        raise ValueError(f"{fmt} output needs a file: use -o OUT.{fmt}")
    stream.flush()
