"""GDP growth targets of China's government work reports beside last year's outcome.

For every national report in ``../shared/corpus/gov-report-national/`` this finds

* the growth target: a target in the plan part whose text names 国内生产总值 (or 经济增长)
  with a growth figure (``国内生产总值增长5%左右``), and
* the reported outcome of the year before: the first growth figure of 国内生产总值 in the
  review part (``国内生产总值…增长5.2%``),

using only the public ``policytext.analyze`` API, and prints one row per year.

    python examples/growth_targets.py [--csv growth_targets.csv] [--shared PATH]
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

import policytext
from policytext.targets import section_kinds

GDP = re.compile(r"国内生产总值|国民生产总值|经济增长|GDP")


def shared_root(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    default = Path(__file__).resolve().parents[1] / ".." / "shared"
    return Path(os.environ.get("POLICYTEXT_SHARED", default))


def growth_target(analysis: Any, year: int) -> dict[str, Any] | None:
    """The plan-part target that best reads as this year's GDP growth rate.

    Candidates are targets holding a growth figure (``change`` in %) of GDP; a target due
    this year (``今年``, the report's year) beats a multi-year one (``到2020年``, ``五年内``).
    """
    best, best_score = None, -1
    for t in analysis.targets:
        for i in t["facts"]:
            f = analysis.facts[i]
            before = analysis.document.text[t["start"] : f["start"]][-14:]
            if f["unit"] != "%" or not (f["quantity"] == "change" or re.search("增长|目标", before)):
                continue
            named = bool(f["indicator"] and GDP.search(f["indicator"]))
            if not (named or GDP.search(before)):
                continue
            score = 2 * (t["deadline"] == year) + ("今年" in t["text"] or f"{year}年" in t["text"]) + named
            if score > best_score:
                best_score = score
                best = {"target": f["value"], "target_high": f["value_high"], "target_text": t["text"]}
    return best


def growth_outcome(analysis: Any, review: set[int], year: int) -> dict[str, Any] | None:
    """The first GDP growth figure of the review part that speaks of the year before."""
    for f in analysis.facts:
        if f["paragraph"] not in review or f["unit"] != "%" or f["quantity"] != "change":
            continue
        if f["indicator"] and GDP.search(f["indicator"]) and f.get("year") in (None, year - 1):
            return {"outcome": f["value"], "outcome_text": f["text"], "outcome_year": f.get("year")}
    return None


def report_row(path: Path) -> dict[str, Any] | None:
    year = int(re.search(r"(\d{4})", path.stem).group(1))
    date = f"{year}-03-05"
    a = policytext.analyze(path.read_text(encoding="utf-8"), doc_id=path.stem, date=date, what="facts,targets")
    kinds = section_kinds([(p["text"], p["role"]) for p in a.paragraphs], date=date)
    review = {p["index"] for p, k in zip(a.paragraphs, kinds, strict=True) if k == "review"}
    target, outcome = growth_target(a, year), growth_outcome(a, review, year)
    if target is None:
        return None
    return {"year": year, **target, **(outcome or {"outcome": None, "outcome_text": None, "outcome_year": None})}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", help="also write the table to this CSV file")
    ap.add_argument("--shared", help="the shared/ folder (default ../shared or $POLICYTEXT_SHARED)")
    args = ap.parse_args(argv)
    folder = shared_root(args.shared) / "corpus" / "gov-report-national"
    files = sorted(folder.glob("gov-report-national-*.txt"))
    if not files:
        print(f"no reports found in {folder}")
        return 1
    rows = [r for r in map(report_row, files) if r]
    table = pd.DataFrame(rows, columns=["year", "target", "target_high", "outcome", "outcome_year", "target_text", "outcome_text"])
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
        print(table.drop(columns=["outcome_text", "target_text"]))
    print(f"\n{len(table)} of {len(files)} reports state a GDP growth target; "
          f"{table['outcome'].notna().sum()} also report last year's growth.")
    if args.csv:
        table.to_csv(args.csv, index=False, encoding="utf-8-sig")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
