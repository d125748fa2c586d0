"""Paragraph themes (placeholder: lands with issue 5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["THEMES", "ThemeAssignment", "default_theme_model", "main"]

THEMES = (
    "economy", "industry", "innovation", "workers", "students",
    "farmers", "education", "social", "environment", "governance",
)


class ThemeAssignment(NamedTuple):
    """Themes assigned to one paragraph, every theme's score, and the evidence (terms)."""

    themes: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]]


class _NoThemes:
    def assign(self, texts: Sequence[str]) -> list[ThemeAssignment]:
        return [ThemeAssignment([], {t: 0.0 for t in THEMES}, {}) for _ in texts]


def default_theme_model() -> _NoThemes:
    return _NoThemes()


def main(argv: Sequence[str] | None = None) -> int:
    print("policytext train: not available yet")
    return 2
