"""Numeric facts (placeholder: the fact engine lands with issue 3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Fact", "extract_facts"]


@dataclass
class Fact:
    """One figure: value, unit, what it measures, period and qualifier."""

    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    quantity: str = "count"
    qualifier: str | list[str] | None = None
    indicator: str | None = None
    period: str | None = None
    year: int | None = None

    def to_record(self) -> dict[str, Any]:
        """The SPEC.md fields of this fact (without doc-level fields)."""
        return asdict(self)


def extract_facts(text: str, *, date: str | None = None, context_year: int | None = None) -> list[Fact]:
    """Facts in one paragraph's text; offsets relative to ``text``."""
    return []
