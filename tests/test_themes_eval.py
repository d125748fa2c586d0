"""Theme floor on the dev gold (../shared/eval, paragraph records of dev-themes.jsonl and
dev-seed.jsonl), scored by ``policytext.evaluation.evaluate``. Skipped without ../shared.

The dev theme files annotate a *sample* of each document's paragraphs but carry no ``scope``
in their meta record; read literally (ANNOTATION.md: "a document without a scope entry was
annotated in full") every other paragraph of a 100-paragraph work report would count as
"no theme". The test therefore scores a copy of each gold file whose meta declares, for the
documents without a scope, the spans of their annotated paragraphs as the scope. Gold records
are copied unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.evaluation import evaluate
from policytext.themes import THEMES

GOLD_FILES = ("dev-themes.jsonl", "dev-seed.jsonl")
MACRO_F1_FLOOR = 0.80


def _with_paragraph_scope(src: Path, dst: Path) -> None:
    lines = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    meta, records = lines[0], lines[1:]
    scope = dict(meta.get("scope") or {})
    spans: dict[str, list[list[int]]] = {}
    for r in records:
        if r.get("type") == "paragraph" and r["doc_id"] not in scope:
            spans.setdefault(r["doc_id"], []).append([r["start"], r["end"]])
    meta = {**meta, "scope": {**spans, **scope}}
    dst.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [meta, *records]) + "\n",
                   encoding="utf-8")


@pytest.fixture(scope="module")
def report(shared: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("gold")
    paths = []
    for name in GOLD_FILES:
        _with_paragraph_scope(shared / "eval" / name, out / name)
        paths.append(out / name)
    return evaluate(paths, shared_root=shared)


def test_theme_macro_f1_floor(report) -> None:
    t = report.themes
    assert t.paragraphs >= 70, "all gold paragraphs are scored"
    detail = {k: round(v["f1"], 2) for k, v in t.per_theme.items()}
    assert t.macro_f1 >= MACRO_F1_FLOOR, f"macro-F1 {t.macro_f1:.3f} < {MACRO_F1_FLOOR}: {detail}"


def test_every_theme_is_found_at_least_once(report) -> None:
    per = report.themes.per_theme
    assert all(per[t]["f1"] > 0 for t in THEMES if per.get(t, {}).get("support")), per
