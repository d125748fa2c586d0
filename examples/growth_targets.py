"""GDP growth targets of China's government work reports beside last year's outcome.

For every national report in ``../shared/corpus/gov-report-national/`` this finds

* the growth target: a target of the plan part, due in the report's year, holding a growth
  figure of GDP (``国内生产总值增长5%左右``); an item of the year's goal list
  (``预期目标是：…``) wins over other targets;
* the outcome of the year before: the first GDP growth figure of the review part (or of a
  sentence opening with ``过去一年``) that speaks of last year;

both outside sentences about several years (``年均增长``, ``五年来``, ``比2002年增长``,
``“八五”期间``) and ignoring indicators that only name GDP (``单位国内生产总值能耗``,
``占国内生产总值比重``). It uses only the public ``policytext.analyze`` API, prints one row
per report that has either figure, and the coverage (how many reports gave each). A year
left empty is a miss, not a guess: the early reports state plans in other terms, and some
texts break a figure across lines.

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
#: indicators that name GDP but measure something else (energy intensity, a share of GDP)
NOT_GROWTH = re.compile(r"单位|能耗|比重|占|强度|比例|人均")
#: sentences about several years, not last year's or this year's growth
MULTI_YEAR = re.compile(r"年均|平均每年|五年|十年|“[^”]{1,3}五”|[六七八九]五|期间|以来|累计|比(?:19|20)\d\d年")
REVIEW_CUE = re.compile(r"^(?:过去一年|过去的一年|一年来|去年|刚刚过去的|刚过去的)")


def shared_root(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    default = Path(__file__).resolve().parents[1] / ".." / "shared"
    return Path(os.environ.get("POLICYTEXT_SHARED", default))


def _sentence(analysis: Any, pos: int) -> str:
    doc = analysis.document
    s = doc.sentence_at(pos)
    return doc.text[s.start : s.end] if s else ""


def _gdp_growth(fact: dict[str, Any]) -> bool:
    ind = fact["indicator"] or ""
    return fact["unit"] == "%" and bool(GDP.search(ind)) and not NOT_GROWTH.search(ind)


def growth_target(analysis: Any, plan: set[int], year: int) -> dict[str, Any] | None:
    """This year's GDP growth target: a target of the plan part, due this year, holding a
    growth figure of GDP, outside sentences about several years (``年均``, ``五年``).

    An item of the year's goal list (verb ``预期目标``) beats any other target.
    """
    best, best_score = None, -1
    for t in analysis.targets:
        if t["paragraph"] not in plan or t["deadline"] not in (year, None):
            continue
        if MULTI_YEAR.search(_sentence(analysis, t["start"])):
            continue
        for i in t["facts"]:
            f = analysis.facts[i]
            if not _gdp_growth(f) or f["quantity"] not in ("change", "percent"):
                continue
            score = 2 * (t["verb"] in ("预期目标", "目标")) + (t["deadline"] == year)
            if score > best_score:
                best_score = score
                best = {"target": f["value"], "target_high": f["value_high"], "target_text": t["text"]}
    return best


def growth_outcome(analysis: Any, review: set[int], year: int) -> dict[str, Any] | None:
    """Last year's GDP growth: the first GDP growth figure reported for the year before,
    in the review part or in a sentence that opens with ``过去一年``/``去年``, outside
    sentences about several years (a five-year review's ``年均增长``)."""
    doc = analysis.document
    for f in analysis.facts:
        if not _gdp_growth(f) or f["quantity"] != "change" or f.get("year") not in (None, year - 1):
            continue
        sentence = _sentence(analysis, f["start"])
        if MULTI_YEAR.search(sentence):
            continue
        para = doc.paragraphs[f["paragraph"]]
        s = doc.sentence_at(f["start"])
        earlier = doc.text[para.start : s.start] if s else ""
        in_review = f["paragraph"] in review or any(
            REVIEW_CUE.match(x.strip()) for x in [*re.split(r"(?<=。)", earlier), sentence]
        )
        if in_review:
            return {"outcome": f["value"], "outcome_text": sentence.strip(), "outcome_year": f.get("year")}
    return None


def report_row(path: Path) -> dict[str, Any]:
    year = int(re.search(r"(\d{4})", path.stem).group(1))
    date = f"{year}-03-05"
    a = policytext.analyze(path.read_text(encoding="utf-8"), doc_id=path.stem, date=date, what="facts,targets")
    kinds = section_kinds([(p["text"], p["role"]) for p in a.paragraphs], date=date)
    review = {p["index"] for p, k in zip(a.paragraphs, kinds, strict=True) if k == "review"}
    plan = {p["index"] for p, k in zip(a.paragraphs, kinds, strict=True) if k == "plan"}
    target = growth_target(a, plan, year) or {"target": None, "target_high": None, "target_text": None}
    outcome = growth_outcome(a, review, year) or {"outcome": None, "outcome_text": None, "outcome_year": None}
    return {"year": year, **target, **outcome}


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
    rows = [report_row(f) for f in files]
    cols = ["year", "target", "target_high", "outcome", "outcome_year", "target_text", "outcome_text"]
    table = pd.DataFrame(rows, columns=cols)
    shown = table.dropna(subset=["target", "outcome"], how="all")
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
        print(shown.drop(columns=["outcome_text", "target_text"]).to_string(index=False))
    both = int((table["target"].notna() & table["outcome"].notna()).sum())
    print(
        f"\ncoverage: {len(files)} reports; growth target found in {table['target'].notna().sum()}, "
        f"last year's growth in {table['outcome'].notna().sum()}, both in {both}."
    )
    if args.csv:
        table.to_csv(args.csv, index=False, encoding="utf-8-sig")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
