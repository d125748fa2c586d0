"""Input readers: text files, folders, JSON Lines (optionally gzipped), CSV, Parquet, stdin.

Every reader yields :class:`InputItem` objects lazily, in input order, so an archive of any
size streams through in constant memory. A bad input never stops the stream: it becomes an
item whose ``error`` says what went wrong and where (``file:line``).

>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text(json.dumps({"id": "x1", "text": "今年增长5%。"}) + "\\n{oops\\n")
>>> [(i.id, i.text, i.error.code if i.error else None) for i in iter_documents([str(d / "a.jsonl")])]
[('x1', '今年增长5%。', None), ('a.jsonl:2', None, 'bad_json')]
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import json
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "SUPPORTED_SUFFIXES",
    "InputError",
    "InputItem",
    "decode_bytes",
    "detect_encoding",
    "input_kind",
    "item_from_record",
    "iter_documents",
]

#: File name endings read as input (a folder argument is searched for these).
SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".jsonl.gz", ".csv", ".parquet")

_SNIFF_BYTES = 1 << 16
_CSV_CHUNK = 1 << 16
_PARQUET_BATCH = 1024
_CSV_FIELD_LIMIT = 1 << 30


@dataclass(frozen=True)
class InputError:
    """Why an input could not be read: a short code and a sentence."""

    code: str
    message: str


@dataclass
class InputItem:
    """One document as read from an input, or an error in its place."""

    id: str
    text: str | None
    date: str | None = None
    title: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    error: InputError | None = None


@dataclass(frozen=True)
class _Fields:
    id: str = "id"
    text: str = "text"
    date: str = "date"
    title: str = "title"
    source: str = "source"


# --------------------------------------------------------------------------- decoding


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """Guess the encoding of ``sample``: ``utf-8-sig``, then ``gb18030``, then charset-normalizer.

    ``complete=False`` says the sample is the head of a longer file (a character may be cut
    at its end).

    >>> detect_encoding("增长".encode("gb18030"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "增长".encode())
    'utf-8-sig'
    """
    for enc in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(enc)().decode(sample, final=complete)
            return enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise UnicodeDecodeError("unknown", sample[:1], 0, 1, "no encoding decodes this input")
    return best.encoding


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    """Decode a whole file: ``encoding`` if given, else :func:`detect_encoding`.

    Line ends (``\\r\\n``) are kept as they are; a UTF-8 BOM is dropped.

    >>> decode_bytes("一\\r\\n二".encode("gbk"))
    '一\\r\\n二'
    """
    enc = encoding or detect_encoding(data)
    if enc.replace("_", "-").lower() in ("utf-8", "utf8"):
        enc = "utf-8-sig"
    return data.decode(enc)


def _sniff_stream_encoding(path: Path, encoding: str | None) -> str:
    """The encoding of a line-oriented file, from its head.

    A few bad lines must not change the choice (they become error items), so the candidate
    that decodes the most lines of the head wins: UTF-8 (BOM or not), then GB18030; the
    detector is asked only when neither decodes any line.
    """
    if encoding:
        return "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    with _open_binary(path) as fh:
        sample = fh.read(_SNIFF_BYTES)
        try:
            complete = not fh.read(1)
        except (OSError, EOFError):
            complete = False
    lines = sample.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    scores = {}
    for enc in ("utf-8-sig", "gb18030"):
        scores[enc] = sum(1 for line in lines if _decodes(line, enc))
    best = max(scores, key=lambda e: scores[e])  # ties keep UTF-8 (first)
    if scores[best]:
        return best
    return detect_encoding(sample, complete=complete)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _open_binary(path: Path) -> BinaryIO:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


# --------------------------------------------------------------------------- items


def _as_str(value: Any) -> str | None:
    """A metadata value as text: ``None``/NaN → ``None``, dates → ISO, numbers → ``str``."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return _as_str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _item_from_row(row: dict[str, Any], f: _Fields, origin: str, fallback_id: str) -> InputItem:
    """Build an item from one record (a JSON object, a CSV row, a Parquet row)."""
    doc_id = _as_str(row.get(f.id)) or fallback_id
    meta = {
        k: _json_safe(v) for k, v in row.items() if k not in (f.id, f.text, f.date, f.title, f.source)
    }
    common = {
        "date": _as_str(row.get(f.date)),
        "title": _as_str(row.get(f.title)),
        "source": _as_str(row.get(f.source)),
        "meta": meta,
        "origin": origin,
    }
    text = row.get(f.text)
    error = None
    if f.text not in row or text is None or (isinstance(text, float) and math.isnan(text)):
        error = InputError("missing_text", f"{origin}: no {f.text!r} field")
    elif not isinstance(text, str):
        error = InputError("bad_text", f"{origin}: {f.text!r} is a {type(text).__name__}, not a string")
    elif not text.strip():
        error = InputError("empty_text", f"{origin}: {f.text!r} is empty")
    if error is not None:
        return InputItem(doc_id, None, error=error, **common)
    return InputItem(doc_id, text, **common)


def item_from_record(
    record: dict[str, Any],
    *,
    origin: str,
    fallback_id: str | None = None,
    id_field: str = "id",
    text_field: str = "text",
    date_field: str = "date",
    title_field: str = "title",
    source_field: str = "source",
) -> InputItem:
    """An :class:`InputItem` from one record (dict) with the given field names.

    >>> item_from_record({"id": 7, "text": "增长5%", "region": "浙江"}, origin="x:1").meta
    {'region': '浙江'}
    """
    f = _Fields(id_field, text_field, date_field, title_field, source_field)
    return _item_from_row(record, f, origin, fallback_id or origin)


def _error(doc_id: str, origin: str, code: str, message: str) -> InputItem:
    return InputItem(doc_id, None, origin=origin, error=InputError(code, f"{origin}: {message}"))


# --------------------------------------------------------------------------- formats


def input_kind(path: Path | str) -> str | None:
    """The reader for a file name: ``text``, ``jsonl``, ``csv``, ``parquet`` or ``None``.

    >>> input_kind("a/b.jsonl.gz"), input_kind("x.MD"), input_kind("y.docx")
    ('jsonl', 'text', None)
    """
    name = str(path).lower()
    if name.endswith((".txt", ".md")):
        return "text"
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    return None


def _strip_suffix(name: str) -> str:
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _read_text_file(path: Path, doc_id: str, encoding: str | None) -> InputItem:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _error(doc_id, origin, "unreadable", str(exc))
    try:
        text = decode_bytes(data, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return _error(doc_id, origin, "undecodable", f"cannot decode ({exc})")
    if not text.strip():
        return _error(doc_id, origin, "empty_text", "the file is empty")
    return InputItem(doc_id, text, origin=origin)


def _iter_jsonl(path: Path, f: _Fields, encoding: str | None, name: str) -> Iterator[InputItem]:
    label = str(path)
    try:
        enc = _sniff_stream_encoding(path, encoding)
        fh = _open_binary(path)
    except (OSError, EOFError, UnicodeDecodeError, LookupError) as exc:
        yield _error(name, label, "unreadable", str(exc))
        return
    with fh:
        lineno = 0
        while True:
            try:
                raw = fh.readline()
            except (OSError, EOFError) as exc:  # a truncated or corrupt gzip stream
                origin = f"{label}:{lineno + 1}"
                yield _error(f"{name}:{lineno + 1}", origin, "unreadable", f"{exc}; rest of file skipped")
                return
            if not raw:
                return
            lineno += 1
            origin = f"{label}:{lineno}"
            try:
                line = raw.decode(enc)
            except (UnicodeDecodeError, LookupError) as exc:
                yield _error(f"{name}:{lineno}", origin, "undecodable", f"cannot decode line ({exc})")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _error(f"{name}:{lineno}", origin, "bad_json", f"malformed JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                yield _error(f"{name}:{lineno}", origin, "bad_json", f"a JSON {type(obj).__name__}, not an object")
                continue
            yield _item_from_row(obj, f, origin, f"{name}:{lineno}")


def _iter_csv(path: Path, f: _Fields, encoding: str | None, name: str) -> Iterator[InputItem]:
    label = str(path)
    try:
        enc = _sniff_stream_encoding(path, encoding)
        fh = open(path, encoding=enc, newline="", errors="strict", buffering=_CSV_CHUNK)
    except (OSError, UnicodeDecodeError, LookupError) as exc:
        yield _error(name, label, "unreadable", str(exc))
        return
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))  # long documents
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if header is None:
                return
            last_line = reader.line_num
            for row in reader:
                first = last_line + 1
                origin, fid = f"{label}:{first}", f"{name}:{first}"
                last_line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                record = dict(zip(header, row, strict=False))
                if len(row) > len(header):
                    yield _error(fid, origin, "bad_row", f"{len(row)} cells for {len(header)} columns")
                    continue
                yield _item_from_row(record, f, origin, fid)
        except UnicodeDecodeError as exc:
            origin = f"{label}:{reader.line_num + 1}"
            yield _error(f"{name}:{reader.line_num + 1}", origin, "undecodable", f"cannot decode ({exc}); rest of file skipped")
        except csv.Error as exc:
            origin = f"{label}:{reader.line_num}"
            yield _error(f"{name}:{reader.line_num}", origin, "bad_row", f"malformed CSV ({exc}); rest of file skipped")


def _iter_parquet(path: Path, f: _Fields, name: str) -> Iterator[InputItem]:
    label = str(path)
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds
        yield _error(name, label, "unreadable", f"not a readable Parquet file ({exc})")
        return
    row = 0
    for batch in pf.iter_batches(batch_size=_PARQUET_BATCH):
        for record in batch.to_pylist():
            row += 1
            yield _item_from_row(record, f, f"{label}:{row}", f"{name}:{row}")


def _iter_path(arg: str, f: _Fields, encoding: str | None) -> Iterator[InputItem]:
    path = Path(arg)
    if path.is_dir():
        files = sorted(
            (p for p in path.rglob("*") if p.is_file() and input_kind(p)),
            key=lambda p: p.relative_to(path).as_posix(),
        )
        for file in files:
            rel = file.relative_to(path)
            if any(part.startswith(".") for part in rel.parts):
                continue
            yield from _iter_file(file, rel.as_posix(), f, encoding)
        return
    if not path.exists():
        yield _error(_strip_suffix(path.name) or arg, arg, "not_found", "no such file or folder")
        return
    yield from _iter_file(path, path.name, f, encoding)


def _iter_file(path: Path, name: str, f: _Fields, encoding: str | None) -> Iterator[InputItem]:
    """Items of one file; ``name`` is its id stem (file name, or path under a folder argument)."""
    kind = input_kind(path)
    doc_id = _strip_suffix(name)
    if kind == "jsonl":
        yield from _iter_jsonl(path, f, encoding, name)
    elif kind == "csv":
        yield from _iter_csv(path, f, encoding, name)
    elif kind == "parquet":
        yield from _iter_parquet(path, f, name)
    elif kind == "text":
        yield _read_text_file(path, doc_id, encoding)
    else:
        # an explicitly named file of another type: read it as plain text
        yield _read_text_file(path, doc_id, encoding)


def iter_documents(
    paths: Sequence[str] = ("-",),
    *,
    id_field: str = "id",
    text_field: str = "text",
    date_field: str = "date",
    title_field: str = "title",
    source_field: str = "source",
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[InputItem]:
    """Yield documents from files, folders and standard input (``-``), in input order.

    ``paths`` may mix ``.txt``/``.md`` files (one document each; id = file name without
    suffix, or the ``/``-separated path relative to a folder argument), folders (recursed,
    sorted), ``.jsonl``/``.jsonl.gz``, ``.csv`` and ``.parquet`` files (one document per
    line/row, fields named by the ``*_field`` arguments; other fields go to ``meta``) and
    ``-`` for one document read from ``stdin`` (default ``sys.stdin``). ``encoding`` forces
    a text encoding; otherwise UTF-8 (with or without BOM), then GB18030, then a detector.
    """
    f = _Fields(id_field, text_field, date_field, title_field, source_field)
    for arg in paths or ("-",):
        if arg == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            try:
                text = decode_bytes(data if isinstance(data, bytes) else data.encode(), encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                yield _error("stdin", "<stdin>", "undecodable", f"cannot decode ({exc})")
                continue
            if not text.strip():
                yield _error("stdin", "<stdin>", "empty_text", "standard input is empty")
                continue
            yield InputItem("stdin", text, origin="<stdin>")
            continue
        yield from _iter_path(arg, f, encoding)
