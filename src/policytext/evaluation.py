"""Score extraction against gold annotations: ``policytext eval``.

Gold files are JSON Lines in the record schema, with a first ``meta`` line (``documents``,
``types``, ``doc_dates``, optional ``scope``). Scoring follows the annotation guideline:

* facts, targets and mentions: a prediction matches a gold record when their spans overlap
  (one-to-one, largest overlap first); precision, recall, F1; among matches, attribute
  accuracies (facts: value within relative error 1e-5, unit, quantity, indicator — one
  contains the other or character-overlap F1 ≥ 0.5 — and year where gold gives one;
  targets: deadline; mentions: kind);
* themes: each gold paragraph is compared with the predicted paragraph overlapping it
  most (none: no themes); per-theme precision/recall/F1 over the gold paragraphs and their
  macro average. Theme gold annotates chosen paragraphs, so paragraphs it does not name
  are not scored.

>>> from policytext.evaluation import char_f1
>>> round(char_f1("规上工业总产值", "工业总产值"), 3)
0.833
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pipeline import Analysis, analyze
from .themes import THEMES

__all__ = [
    "GoldFile",
    "SpanScores",
    "ThemeScores",
    "EvalReport",
    "load_gold",
    "evaluate",
    "default_shared_root",
    "char_f1",
    "main",
]

FACT_ATTRIBUTES = ("value", "unit", "quantity", "indicator", "year")
TARGET_ATTRIBUTES = ("deadline",)
MENTION_ATTRIBUTES = ("kind",)
#: Span record types: (type, the Analysis / EvalReport attribute, attributes compared).
_SPAN_TYPES = (
    ("fact", "facts", FACT_ATTRIBUTES),
    ("target", "targets", TARGET_ATTRIBUTES),
    ("mention", "mentions", MENTION_ATTRIBUTES),
)


def default_shared_root() -> Path:
    """``$POLICYTEXT_SHARED``, else ``../shared`` beside the repository (or the cwd)."""
    env = os.environ.get("POLICYTEXT_SHARED")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    for base in (repo, Path.cwd()):
        cand = (base / ".." / "shared").resolve()
        if cand.is_dir():
            return cand
    return (repo / ".." / "shared").resolve()


# -- gold --------------------------------------------------------------------------------


@dataclass
class GoldFile:
    """One gold file: its meta record and the records it annotates."""

    path: Path
    documents: dict[str, str]
    types: tuple[str, ...]
    doc_dates: dict[str, str | None]
    scope: dict[str, list[tuple[int, int]]]
    records: list[dict[str, Any]]


def load_gold(path: str | Path) -> GoldFile:
    """Read a gold file (first line: the meta record)."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh if line.strip()]
    if not lines or lines[0].get("type") != "meta":
        raise ValueError(f"{path}: the first line must be a meta record")
    meta, records = lines[0], lines[1:]
    scope = {k: [tuple(s) for s in v] for k, v in (meta.get("scope") or {}).items()}
    return GoldFile(
        path=path,
        documents=dict(meta["documents"]),
        types=tuple(meta.get("types") or sorted({r["type"] for r in records})),
        doc_dates=dict(meta.get("doc_dates") or {}),
        scope=scope,  # type: ignore[arg-type]
        records=records,
    )


def _load_text(shared: Path, ref: str) -> tuple[str, str | None]:
    """The text (and date, if the source has one) of ``path`` or ``path#ID``."""
    rel, _, rec_id = ref.partition("#")
    path = shared / rel
    if not rec_id:
        return path.read_text(encoding="utf-8"), None
    found = _records_by_id(path).get(rec_id)
    if found is None:
        raise KeyError(f"{ref}: record not found")
    return found


@functools.lru_cache(maxsize=8)
def _records_by_id(path: Path) -> dict[str, tuple[str, str | None]]:
    """``{id: (text, date)}`` of a JSON Lines file or of the policy-documents CSV (whose
    records are named ``LEVEL-NO``), read once however many gold documents it holds."""
    out: dict[str, tuple[str, str | None]] = {}
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out.setdefault(str(rec.get("id")), (rec["text"], rec.get("date")))
    elif path.suffix == ".csv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                found = (row["text"], row.get("release_date") or row.get("date"))
                if row.get("id"):
                    out.setdefault(row["id"], found)
                out.setdefault(f"{row.get('level')}-{row.get('no')}", found)
    return out


# -- scores ------------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class SpanScores:
    """Span-matching scores for one record type, with attribute accuracies."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    attribute_hits: Counter[str] = field(default_factory=Counter)
    attribute_total: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[2]

    @property
    def accuracy(self) -> dict[str, float]:
        """Attribute accuracy among matched pairs (1.0 when nothing was compared)."""
        return {
            k: (self.attribute_hits[k] / n if n else 1.0) for k, n in sorted(self.attribute_total.items())
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "compared": dict(self.attribute_total),
        }


@dataclass
class ThemeScores:
    """Per-theme confusion counts over paragraphs."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0, 0] for t in THEMES})
    paragraphs: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def per_theme(self) -> dict[str, dict[str, float]]:
        out = {}
        for t, (tp, fp, fn) in self.counts.items():
            p, r, f = _prf(tp, fp, fn)
            out[t] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
        return out

    @property
    def macro_f1(self) -> float:
        """Macro F1 over the themes that occur in gold or predictions."""
        used = [v["f1"] for t, v in self.per_theme.items() if sum(self.counts[t]) > 0]
        return sum(used) / len(used) if used else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"paragraphs": self.paragraphs, "macro_f1": self.macro_f1, "per_theme": self.per_theme}


@dataclass
class EvalReport:
    """Scores for facts, targets and themes over a set of gold files."""

    facts: SpanScores = field(default_factory=SpanScores)
    targets: SpanScores = field(default_factory=SpanScores)
    mentions: SpanScores = field(default_factory=SpanScores)
    themes: ThemeScores = field(default_factory=ThemeScores)
    documents: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "facts": self.facts.as_dict(),
            "targets": self.targets.as_dict(),
            "mentions": self.mentions.as_dict(),
            "themes": self.themes.as_dict(),
        }


def char_f1(a: str, b: str) -> float:
    """Character-multiset overlap F1 of two strings."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _same_value(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        g, p = float(gold), float(pred)
    except (TypeError, ValueError):
        return False
    if math.isclose(g, p, rel_tol=1e-5, abs_tol=1e-9):
        return True
    return abs(g - p) <= 1e-5 * max(abs(g), abs(p))


def _same_indicator(gold: Any, pred: Any) -> bool:
    if not gold or not pred:
        return not gold and not pred
    g, p = str(gold), str(pred)
    return g in p or p in g or char_f1(g, p) >= 0.5


def _same(attr: str, gold: Any, pred: Any) -> bool:
    if attr == "value":
        return _same_value(gold, pred)
    if attr == "indicator":
        return _same_indicator(gold, pred)
    if attr == "deadline" or attr == "year":
        return (None if gold is None else int(gold)) == (None if pred is None else int(pred))
    return gold == pred


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _in_scope(rec: dict[str, Any], spans: list[tuple[int, int]] | None) -> bool:
    if spans is None:
        return True
    return any(min(rec["end"], e) > max(rec["start"], s) for s, e in spans)


def _match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping spans, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov > 0:
                pairs.append((-ov, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _score_spans(
    scores: SpanScores,
    doc_id: str,
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    attributes: Sequence[str],
) -> None:
    matches = _match(gold, pred)
    matched_g = {g for g, _ in matches}
    matched_p = {p for _, p in matches}
    scores.tp += len(matches)
    scores.fn += len(gold) - len(matched_g)
    scores.fp += len(pred) - len(matched_p)
    for gi in range(len(gold)):
        if gi not in matched_g:
            scores.errors.append({"doc_id": doc_id, "error": "missed", "gold": gold[gi]})
    for pi in range(len(pred)):
        if pi not in matched_p:
            scores.errors.append({"doc_id": doc_id, "error": "spurious", "pred": pred[pi]})
    for gi, pi in matches:
        g, p = gold[gi], pred[pi]
        for attr in attributes:
            if attr == "year" and "year" not in g:
                continue
            scores.attribute_total[attr] += 1
            if _same(attr, g.get(attr), p.get(attr)):
                scores.attribute_hits[attr] += 1
            else:
                scores.errors.append(
                    {"doc_id": doc_id, "error": f"wrong {attr}", "gold": g, "pred": p}
                )


def _score_themes(
    scores: ThemeScores,
    doc_id: str,
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
) -> None:
    for g in gold:
        best, best_ov = None, 0
        for i, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov > best_ov:
                best, best_ov = i, ov
        gold_themes = set(g.get("themes") or [])
        pred_themes = set(pred[best].get("themes") or []) if best is not None else set()
        scores.paragraphs += 1
        _count_themes(scores, gold_themes, pred_themes)
        if gold_themes != pred_themes:
            scores.errors.append(
                {
                    "doc_id": doc_id,
                    "error": "themes",
                    "start": g["start"],
                    "gold": sorted(gold_themes),
                    "pred": sorted(pred_themes),
                    "text": g.get("text", "")[:60],
                    "scores": pred[best].get("scores") if best is not None else None,
                }
            )


def _count_themes(scores: ThemeScores, gold: set[str], pred: set[str]) -> None:
    for t in gold | pred:
        c = scores.counts.setdefault(t, [0, 0, 0])
        if t in gold and t in pred:
            c[0] += 1
        elif t in pred:
            c[1] += 1
        else:
            c[2] += 1


def evaluate(
    gold_paths: Iterable[str | Path],
    *,
    shared_root: str | Path | None = None,
    analyzer: Callable[..., Analysis] = analyze,
) -> EvalReport:
    """Run ``analyzer`` on every gold document and score it.

    ``shared_root`` is the folder the gold's document paths are relative to (default:
    the gold file's grandparent, i.e. ``shared/`` for ``shared/eval/dev-*.jsonl``).
    """
    report = EvalReport()
    for gp in gold_paths:
        gold = load_gold(gp)
        root = Path(shared_root) if shared_root is not None else gold.path.resolve().parent.parent
        for doc_id, ref in gold.documents.items():
            text, source_date = _load_text(root, ref)
            date = gold.doc_dates.get(doc_id, source_date)
            analysis = analyzer(text, doc_id=doc_id, date=date)
            report.documents += 1
            spans = gold.scope.get(doc_id)
            mine = [r for r in gold.records if r.get("doc_id") == doc_id]
            for type_, kind, attributes in _SPAN_TYPES:
                if type_ in gold.types:
                    pred = [r for r in getattr(analysis, kind) if _in_scope(r, spans)]
                    gold_recs = [r for r in mine if r["type"] == type_]
                    _score_spans(getattr(report, kind), doc_id, gold_recs, pred, attributes)
            if "paragraph" in gold.types:
                pred = [r for r in analysis.paragraphs if _in_scope(r, spans)]
                _score_themes(report.themes, doc_id, [r for r in mine if r["type"] == "paragraph"], pred)
    return report


# -- command line -----------------------------------------------------------------------


def _format_report(report: EvalReport) -> str:
    lines = [f"documents: {report.documents}", ""]
    lines.append(f"{'':10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  accuracy among matches")
    for name, s in (("facts", report.facts), ("targets", report.targets), ("mentions", report.mentions)):
        if s.tp + s.fp + s.fn == 0:
            continue  # no gold of this type and nothing predicted in scope
        acc = "  ".join(f"{k} {v:.3f}" for k, v in s.accuracy.items())
        lines.append(
            f"{name:10} {s.tp + s.fn:5d} {s.tp + s.fp:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {acc}"
        )
    t = report.themes
    lines += ["", f"themes: {t.paragraphs} gold paragraphs, macro-F1 {t.macro_f1:.3f}"]
    for theme, v in t.per_theme.items():
        if v["support"] or sum(t.counts[theme]):
            lines.append(f"  {theme:12} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  n={v['support']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``policytext eval GOLD.jsonl ...``: print precision, recall, F1 and accuracies."""
    parser = argparse.ArgumentParser(prog="policytext eval", description=main.__doc__)
    parser.add_argument("gold", nargs="+", help="gold files (JSON Lines, meta record first)")
    parser.add_argument("--shared", help="folder the gold's document paths are relative to")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--errors", choices=["fact", "target", "mention", "paragraph"], help="also list the mismatches of one type"
    )
    args = parser.parse_args(argv)
    report = evaluate(args.gold, shared_root=args.shared)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(_format_report(report))
    if args.errors:
        errs = {"fact": report.facts, "target": report.targets, "mention": report.mentions, "paragraph": report.themes}[args.errors].errors
        print(f"\n{len(errs)} {args.errors} mismatches:")
        for e in errs:
            print(json.dumps(_short(e), ensure_ascii=False))
    return 0


def _short(err: dict[str, Any]) -> dict[str, Any]:
    keep = ("start", "end", "text", "kind", "name", "value", "value_high", "unit", "quantity", "qualifier", "indicator", "period", "year", "deadline", "verb", "object")
    out = dict(err)
    for side in ("gold", "pred"):
        if isinstance(out.get(side), dict):
            out[side] = {k: v for k, v in out[side].items() if k in keep}
    return out
