"""Mentions (placeholder: lands with issue 4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .facts import Fact

__all__ = ["Mention", "extract_mentions"]


@dataclass
class Mention:
    """A named item: a document title, target group, slogan, place or organisation."""

    start: int
    end: int
    text: str
    kind: str
    name: str
    facts: list[int] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


def extract_mentions(text: str, facts: Sequence[Fact] = ()) -> list[Mention]:
    """Mentions in one paragraph's text; offsets relative to ``text``."""
    return []
