"""Theme floor on the dev gold (../shared/eval: the paragraph records of dev-themes.jsonl and
dev-seed.jsonl), scored by ``policytext.evaluation.evaluate`` with the default theme model.
Skipped without ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.evaluation import evaluate
from policytext.themes import THEMES

GOLD_FILES = ("dev-themes.jsonl", "dev-seed.jsonl")
MACRO_F1_FLOOR = 0.80


@pytest.fixture(scope="module")
def report(shared: Path):
    return evaluate([shared / "eval" / name for name in GOLD_FILES])


def test_theme_macro_f1_floor(report) -> None:
    t = report.themes
    assert t.paragraphs >= 70, "all gold paragraphs are scored"
    detail = {k: round(v["f1"], 2) for k, v in t.per_theme.items()}
    assert t.macro_f1 >= MACRO_F1_FLOOR, f"macro-F1 {t.macro_f1:.3f} < {MACRO_F1_FLOOR}: {detail}"


def test_every_theme_is_found_at_least_once(report) -> None:
    per = report.themes.per_theme
    assert all(per[t]["f1"] > 0 for t in THEMES if per.get(t, {}).get("support")), per
