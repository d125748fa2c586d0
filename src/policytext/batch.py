"""``policytext extract``: ordered, parallel, resumable batch runs over archives.

Documents stream from :mod:`policytext.readers` in input order; chunks of them are analysed
in worker processes (``--jobs N``) or on a Dask cluster (``--engine dask``) and their records
come back in input order, so the output is byte-identical for any ``--jobs`` and engine.

With ``-o OUT`` records go to a spool ``OUT.partial`` (JSON Lines) in committed batches; after
each commit ``OUT.progress`` records how many input documents are done and the byte offset
of the committed end. A run killed at any moment and restarted with ``--resume`` (same
arguments) truncates the uncommitted tail, skips the documents already done and carries on;
at the end the spool is turned into ``OUT`` (JSON Lines, gzip, CSV or Parquet) and replaced
atomically, then the spool and checkpoint are removed.

A bad input or a document whose analysis fails becomes an ``error`` record; everything else
is still processed and the exit status is 1 at the end.

>>> main(["--help"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import json
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .document import Document
from .output import copy_to_stream, encode_records, format_for, write_table
from .pipeline import WHAT, Analysis, analyze_document, analyze_documents, parse_what
from .readers import InputItem, iter_documents

__all__ = ["Config", "DocResult", "analyze_items", "error_record", "main", "run"]

#: A chunk sent to a worker holds at most this many documents or characters (chunks of
#: 64 documents / 60k characters measured ≈ 4 % more CPU on the benchmark sample; a chunk's
#: paragraphs must stay within the segmenter's cache, ``segment.CACHE_SIZE``, for the
#: theme model to reuse their tokens).
CHUNK_DOCS = 128
CHUNK_CHARS = 120_000
#: Commit the spool at most this often (seconds) or after this many documents
#: (environment overrides: POLICYTEXT_COMMIT_SECONDS, POLICYTEXT_COMMIT_DOCS).
COMMIT_SECONDS = float(os.environ.get("POLICYTEXT_COMMIT_SECONDS", "2.0"))
COMMIT_DOCS = int(os.environ.get("POLICYTEXT_COMMIT_DOCS", "500"))


@dataclass(frozen=True)
class Config:
    """What each worker needs to analyse documents (small and picklable)."""

    what: tuple[str, ...] = WHAT
    themes: str | None = None


@dataclass(frozen=True)
class DocResult:
    """One input document's output: JSON Lines bytes, characters read, error records."""

    payload: bytes
    chars: int
    errors: int


# --------------------------------------------------------------------------- worker side

_THEME_MODELS: dict[str, Any] = {}


def load_themes(path: str | None) -> Any:
    """The theme model stored at ``path`` (cached per process); ``None`` → the default model."""
    if path is None:
        return None
    if path not in _THEME_MODELS:
        try:
            from .themes import load_theme_model  # type: ignore[attr-defined]
        except ImportError as exc:
            raise RuntimeError(
                "--themes needs policytext.themes.load_theme_model, which this version lacks"
            ) from exc
        _THEME_MODELS[path] = load_theme_model(path)
    return _THEME_MODELS[path]


def error_record(item: InputItem, code: str, message: str) -> dict[str, Any]:
    """The ``error`` record standing for an input that could not be analysed.

    >>> error_record(InputItem("a", None, origin="a.jsonl:3"), "bad_json", "a.jsonl:3: oops")["origin"]
    'a.jsonl:3'
    """
    return {"doc_id": item.id, "type": "error", "error": code, "message": message, "origin": item.origin}


def analyze_item(item: InputItem, config: Config) -> DocResult:
    """Analyse one input item into its records' JSON Lines; failures become error records."""
    if item.error is not None:
        rec = error_record(item, item.error.code, item.error.message)
        return DocResult(encode_records([rec]), 0, 1)
    try:
        analysis = analyze_document(_document(item), what=config.what, theme_model=load_themes(config.themes))
        return _encoded(item, analysis, config)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a run
        where = item.origin or item.id
        rec = error_record(item, "analysis_failed", f"{where}: {type(exc).__name__}: {exc}")
        return DocResult(encode_records([rec]), len(item.text or ""), 1)


def analyze_items(items: Sequence[InputItem], config: Config) -> list[DocResult]:
    """Analyse a chunk of items (the unit of work sent to a process or a Dask worker).

    The chunk's documents are analysed together (:func:`~policytext.pipeline.analyze_documents`:
    one theme-model call for all their paragraphs), with the same results as
    :func:`analyze_item` on each. Should anything fail, every item of the chunk is analysed
    on its own, so that only the bad document becomes an error record.
    """
    results: list[DocResult | None] = [None] * len(items)
    batch: list[tuple[int, Document]] = []
    for k, item in enumerate(items):
        if item.error is None:
            try:
                batch.append((k, _document(item)))
                continue
            except Exception:  # noqa: BLE001 - analysed alone below, into its error record
                pass
        results[k] = analyze_item(item, config)
    try:
        docs = [doc for _, doc in batch]
        analyses = analyze_documents(docs, what=config.what, theme_model=load_themes(config.themes))
        for (k, _), analysis in zip(batch, analyses, strict=True):
            results[k] = _encoded(items[k], analysis, config)
    except Exception:  # noqa: BLE001 - isolate the document that failed
        for k, _ in batch:
            results[k] = analyze_item(items[k], config)
    return [r for r in results if r is not None]


def _document(item: InputItem) -> Document:
    return Document.from_text(
        item.text or "", doc_id=item.id, date=item.date, title=item.title, source=item.source, meta=item.meta
    )


def _encoded(item: InputItem, analysis: Analysis, config: Config) -> DocResult:
    return DocResult(encode_records(analysis.records(config.what)), len(item.text or ""), 0)


#: net allocations between collections of the youngest generation in the batch engine
GC_ALLOCATIONS = 50_000


def _warm_up(config: Config) -> None:
    """Build the segmenter and models once per process, then set them aside from the
    garbage collector.

    The models are hundreds of thousands of long-lived objects; ``gc.freeze`` moves them to
    a permanent generation, so the collector's full passes during a run no longer walk them
    (about a tenth of the CPU time on a news archive). Objects made later are collected as
    usual, but the youngest generation is collected after :data:`GC_ALLOCATIONS` net
    allocations instead of 700: analysing a paragraph makes thousands of short-lived objects
    that reference counting frees, and the default threshold ran a collection for about every
    three documents (≈ 3 % of the CPU time) to find almost no cycles. Only the batch engine
    does this, never ``import policytext``.
    """
    load_themes(config.themes)
    analyze_item(InputItem("warm-up", "今年增长5%。\n力争到2030年建成示范区。"), config)
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if 0 < young < GC_ALLOCATIONS:
        gc.set_threshold(GC_ALLOCATIONS, middle, old)


# --------------------------------------------------------------------------- engines


def _chunks(items: Iterable[InputItem]) -> Iterator[list[InputItem]]:
    chunk: list[InputItem] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item.text or "")
        if len(chunk) >= CHUNK_DOCS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _ordered(submit: Any, items: Iterable[InputItem], window: int) -> Iterator[DocResult]:
    """Submit chunks with at most ``window`` in flight; yield results in input order.

    ``submit(chunk)`` returns something with ``.result()`` (a future) or ``.get()``.
    """
    pending: deque[Any] = deque()
    for chunk in _chunks(items):
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from _result(pending.popleft())
    while pending:
        yield from _result(pending.popleft())


def _result(handle: Any) -> list[DocResult]:
    return handle.get() if hasattr(handle, "get") else handle.result()


def run_local(items: Iterable[InputItem], config: Config, jobs: int = 1) -> Iterator[DocResult]:
    """Analyse items in this process (``jobs=1``) or a pool of ``jobs`` processes, in order."""
    if jobs <= 1:
        _warm_up(config)
        for chunk in _chunks(items):
            yield from analyze_items(chunk, config)
        return
    import multiprocessing as mp

    ctx = mp.get_context()
    if ctx.get_start_method() == "fork":
        _warm_up(config)  # workers inherit the loaded models
    with ctx.Pool(jobs, initializer=_warm_up, initargs=(config,)) as pool:
        yield from _ordered(lambda c: pool.apply_async(analyze_items, (c, config)), items, 3 * jobs)


def run_dask(
    items: Iterable[InputItem], config: Config, jobs: int = 1, scheduler: str | None = None
) -> Iterator[DocResult]:
    """Analyse items on a Dask cluster (``scheduler`` address, or a local one), in order."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise RuntimeError("--engine dask needs the extra: pip install 'policytext[dask]'") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _ordered(
            lambda c: client.submit(analyze_items, c, config, pure=False), items, 3 * workers
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(
    items: Iterable[InputItem],
    config: Config,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[DocResult]:
    """Results for ``items`` in input order with the chosen engine."""
    if engine == "dask":
        return run_dask(items, config, jobs, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}")
    return run_local(items, config, jobs)


# --------------------------------------------------------------------------- checkpointed spool


class Spool:
    """An append-only JSON Lines file with a sidecar checkpoint, for resumable runs.

    ``OUT.progress`` holds ``{"fingerprint", "docs", "offset", "errors", "complete"}``;
    bytes past ``offset`` in ``OUT.partial`` are an uncommitted tail, dropped on resume.
    """

    def __init__(self, out: Path, fingerprint: str, *, resume: bool) -> None:
        base = str(out).rstrip("/\\")
        self.path = Path(base + ".partial")
        self.progress = Path(base + ".progress")
        self.fingerprint = fingerprint
        self.docs = self.errors = 0
        self.complete = False
        offset = 0
        if resume and self.progress.exists():
            state = json.loads(self.progress.read_text(encoding="utf-8"))
            if state.get("fingerprint") != fingerprint:
                raise SystemExit(
                    f"policytext extract: {self.progress} was written by a run with other "
                    "arguments; rerun with the same arguments or without --resume"
                )
            offset = int(state["offset"])
            if not self.path.exists() or self.path.stat().st_size < offset:
                raise SystemExit(f"policytext extract: {self.path} is shorter than its checkpoint")
            self.docs, self.errors = int(state["docs"]), int(state["errors"])
            self.complete = bool(state.get("complete"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh: BinaryIO = open(self.path, "r+b" if offset else "wb")  # noqa: SIM115
        self.fh.truncate(offset)
        self.fh.seek(offset)
        self.offset = offset
        self.last_commit = time.monotonic()
        self.uncommitted = 0
        if not offset:
            self.commit()

    def add(self, result: DocResult) -> None:
        self.fh.write(result.payload)
        self.offset += len(result.payload)
        self.docs += 1
        self.errors += result.errors
        self.uncommitted += 1
        if self.uncommitted >= COMMIT_DOCS or time.monotonic() - self.last_commit >= COMMIT_SECONDS:
            self.commit()

    def commit(self, *, complete: bool = False) -> None:
        """Make everything written so far durable, then record it in the checkpoint."""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.complete = complete
        state = {
            "fingerprint": self.fingerprint,
            "docs": self.docs,
            "offset": self.offset,
            "errors": self.errors,
            "complete": complete,
        }
        tmp = self.progress.with_name(self.progress.name + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.progress)
        self.last_commit = time.monotonic()
        self.uncommitted = 0

    def close(self) -> None:
        self.fh.close()

    def remove(self) -> None:
        """Drop the checkpoint, then the spool (once the checkpoint is gone, OUT is final)."""
        self.progress.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policytext extract",
        description="Extract facts, targets, mentions and paragraph themes from documents.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help=".txt/.md file, folder, .jsonl(.gz), .csv, .parquet, or - for stdin (default)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (format from suffix) or folder with --split")
    p.add_argument("--format", choices=["jsonl", "jsonl.gz", "csv", "parquet"], help="output format")
    p.add_argument("--split", action="store_true", help="OUT is a folder: one file per record type")
    p.add_argument("--what", default=None, help="record kinds: " + ",".join(WHAT) + " (default all)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run into OUT")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.add_argument("--id-field", default="id")
    p.add_argument("--text-field", default="text")
    p.add_argument("--date-field", default="date")
    p.add_argument("--title-field", default="title")
    p.add_argument("--source-field", default="source")
    p.add_argument("--encoding", default=None, help="input encoding (default: detect)")
    p.add_argument("--themes", metavar="MODEL_PATH", help="theme model file (policytext train)")
    return p  # fmt: skip


def _fingerprint(args: argparse.Namespace, fmt: str, what: tuple[str, ...]) -> str:
    """A hash of every argument that changes the output (not --jobs, --engine, --quiet),
    and of the size and mtime of each input file named on the command line."""
    key = {
        "paths": [p if p == "-" else str(Path(p).resolve()) for p in args.paths],
        "files": [_file_stamp(p) for p in args.paths],
        "what": what,
        "format": fmt,
        "split": args.split,
        "fields": [args.id_field, args.text_field, args.date_field, args.title_field, args.source_field],
        "encoding": args.encoding,
        "themes": str(Path(args.themes).resolve()) if args.themes else None,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def _file_stamp(path: str) -> list[int] | None:
    """Size and modification time of an input file (a changed input must not be resumed)."""
    p = Path(path)
    if path == "-" or not p.is_file():
        return None
    st = p.stat()
    return [st.st_size, st.st_mtime_ns]


class _Progress:
    """A tqdm bar on stderr (documents, chars/s, errors) when stderr is a terminal."""

    def __init__(self, quiet: bool, initial: int = 0) -> None:
        self.bar = None
        self.chars = 0
        self.errors = 0
        self.start = time.monotonic()
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(initial=initial, unit="doc", file=sys.stderr, dynamic_ncols=True)

    def update(self, result: DocResult) -> None:
        self.chars += result.chars
        self.errors += result.errors
        if self.bar is not None:
            rate = self.chars / max(time.monotonic() - self.start, 1e-9)
            self.bar.set_postfix_str(f"{rate:,.0f} chars/s, {self.errors} errors", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``policytext extract``; returns 0, 1 when some input failed, 2 on usage errors."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        what = parse_what(args.what)
        fmt = format_for(args.output, args.format)
    except ValueError as exc:
        parser.error(str(exc))
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.resume and not args.output:
        parser.error("--resume needs -o OUT")
    if args.split and not args.output:
        parser.error("--split needs -o FOLDER")
    if fmt == "parquet" and not args.output:
        parser.error("parquet output needs -o OUT.parquet")
    if args.themes:
        try:
            load_themes(args.themes)
        except Exception as exc:  # noqa: BLE001 - any failure to load is reported the same way
            print(f"policytext extract: cannot load theme model {args.themes}: {exc}", file=sys.stderr)
            return 2
    config = Config(what=what, themes=args.themes)
    items = iter_documents(
        args.paths or ["-"],
        id_field=args.id_field,
        text_field=args.text_field,
        date_field=args.date_field,
        title_field=args.title_field,
        source_field=args.source_field,
        encoding=args.encoding,
    )
    engine = {"jobs": args.jobs, "engine": args.engine, "scheduler": args.scheduler}
    if not args.output:
        return _to_stdout(items, config, fmt, args.quiet, engine)
    return _to_file(items, config, Path(args.output), fmt, args, what, engine)


def _to_stdout(
    items: Iterable[InputItem], config: Config, fmt: str, quiet: bool, engine: dict[str, Any]
) -> int:
    out = sys.stdout.buffer
    progress = _Progress(quiet)
    try:
        if fmt == "jsonl":
            for result in run(items, config, **engine):
                out.write(result.payload)
                progress.update(result)
            out.flush()
        else:  # a table needs all its columns first: spool to a temporary file
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                spool = Path(tmp) / "records.jsonl"
                with open(spool, "wb") as fh:
                    for result in run(items, config, **engine):
                        fh.write(result.payload)
                        progress.update(result)
                copy_to_stream(spool, fmt, out)
    finally:
        progress.close()
    return 1 if progress.errors else 0


def _to_file(
    items: Iterable[InputItem],
    config: Config,
    out: Path,
    fmt: str,
    args: argparse.Namespace,
    what: tuple[str, ...],
    engine: dict[str, Any],
) -> int:
    progress_file = Path(str(out).rstrip("/\\") + ".progress")
    if args.resume and not progress_file.exists() and out.exists():
        # a run killed between dropping its checkpoint and its spool left the spool behind
        Path(str(out).rstrip("/\\") + ".partial").unlink(missing_ok=True)
        print(f"policytext extract: {out} is complete (no checkpoint); nothing to resume", file=sys.stderr)
        return 0
    spool = Spool(out, _fingerprint(args, fmt, what), resume=args.resume)
    progress = _Progress(args.quiet, initial=spool.docs)
    progress.errors = spool.errors
    try:
        if not spool.complete:
            todo = itertools.islice(items, spool.docs, None)
            for result in run(todo, config, **engine):
                spool.add(result)
                progress.update(result)
            spool.commit(complete=True)
    finally:
        spool.close()
        progress.close()
    write_table(spool.path, out, fmt, split=args.split)
    errors = spool.errors
    spool.remove()
    if errors and not args.quiet:
        print(f"policytext extract: {errors} input(s) failed; see the error records", file=sys.stderr)
    return 1 if errors else 0
