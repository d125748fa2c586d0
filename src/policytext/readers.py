"""Input readers (minimal version; the full reader set lands with issue 6)."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["InputError", "InputItem", "iter_documents"]


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


def iter_documents(paths: Sequence[str]) -> Iterator[InputItem]:
    """Yield documents from text files, folders and standard input (``-``)."""
    for p in paths:
        if p == "-":
            yield InputItem("stdin", sys.stdin.read(), origin="<stdin>")
            continue
        path = Path(p)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_dir() or f.suffix not in (".txt", ".md"):
                continue
            doc_id = str(f.relative_to(path).with_suffix("")) if path.is_dir() else f.stem
            try:
                yield InputItem(doc_id, f.read_text(encoding="utf-8"), origin=str(f))
            except (OSError, UnicodeDecodeError) as exc:
                yield InputItem(doc_id, None, origin=str(f), error=InputError("unreadable", f"{f}: {exc}"))
