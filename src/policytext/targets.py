"""Targets (placeholder: lands with issue 4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .facts import Fact

__all__ = ["Target", "extract_targets", "section_kinds"]


@dataclass
class Target:
    """A statement of what is to be achieved."""

    start: int
    end: int
    text: str
    verb: str | None = None
    object: str | None = None
    deadline: int | None = None
    period: str | None = None
    year: int | None = None
    quantified: bool = False
    facts: list[int] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


def section_kinds(paragraphs: Sequence[tuple[str, str]], *, date: str | None = None) -> list[str | None]:
    """'review' | 'plan' | None for each (text, role) paragraph."""
    return [None] * len(paragraphs)


def extract_targets(
    text: str, facts: Sequence[Fact] = (), *, date: str | None = None, section: str | None = None
) -> list[Target]:
    """Targets in one paragraph's text; offsets relative to ``text``."""
    return []
