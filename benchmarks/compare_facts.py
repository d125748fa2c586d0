"""Compare policytext's fact engine with JioNLP and Microsoft Recognizers-Text on the dev gold.

All systems are scored by the project's own scorer (``policytext.evaluation.evaluate``: span
overlap, one-to-one matching, value / unit / quantity / indicator accuracy among matches,
gold ``scope`` respected), on the same documents and dates.

* ``policytext`` — ``policytext.analyze(..., what="facts")``;
* ``jionlp`` — ``jionlp.extract_money`` (money only; value from its parse);
* ``recognizers`` — Microsoft Recognizers-Text, Chinese culture: number-with-unit currency
  and dimension models, percentage model and (for the remaining figures) the number model.

Two tables: all facts, and money facts only (gold and predictions restricted to CNY/USD),
which is the fair ground for JioNLP. Baselines are optional (``pip install
policytext[bench]``); a baseline that cannot be imported or run is reported as such.

    python benchmarks/compare_facts.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from policytext import analyze
from policytext.document import Document
from policytext.evaluation import default_shared_root, evaluate, load_gold
from policytext.pipeline import Analysis

GOLD = ("eval/dev-seed.jsonl", "eval/dev-facts.jsonl")
MONEY = {"CNY", "USD"}
_CURRENCY = {"人民币": "CNY", "元": "CNY", "Chinese yuan": "CNY", "美元": "USD", "United States dollar": "USD",
             "Dollar": "USD"}


def _record(text: str, start: int, end: int, value: Any, unit: str | None, quantity: str) -> dict[str, Any]:
    return {"type": "fact", "start": start, "end": end, "text": text[start:end], "value": value,
            "unit": unit, "quantity": quantity, "indicator": None}


def _wrap(facts_of: Callable[[str], list[dict[str, Any]]]) -> Callable[..., Analysis]:
    def analyzer(text: str, *, doc_id: str | None = None, date: str | None = None, **_: Any) -> Analysis:
        doc = Document.from_text(text, doc_id=doc_id, date=date)
        facts = []
        for line_start, line in _lines(text):
            for f in facts_of(line):
                f = dict(f, start=f["start"] + line_start, end=f["end"] + line_start, doc_id=doc_id)
                f["text"] = text[f["start"]:f["end"]]
                facts.append(f)
        return Analysis(doc, facts=facts)

    return analyzer


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


# -- baselines ------------------------------------------------------------------------


def jionlp_facts() -> Callable[[str], list[dict[str, Any]]]:
    import jionlp  # noqa: PLC0415

    extract_money = getattr(jionlp, "extract_money", None) or jionlp.ner.extract_money

    def run(line: str) -> list[dict[str, Any]]:
        out = []
        for m in extract_money(line, with_parsing=True):
            start, end = m["offset"]
            detail = m.get("detail") or {}
            num = detail.get("num")
            if isinstance(num, list):
                num = num[0]
            try:
                value = float(num) if num is not None else None
            except (TypeError, ValueError):
                value = None
            unit = _CURRENCY.get(detail.get("case") or "", detail.get("case"))
            out.append(_record(line, start, end, value, unit, "amount"))
        return out

    return run


def recognizers_facts() -> Callable[[str], list[dict[str, Any]]]:
    import emoji  # noqa: PLC0415

    if not hasattr(emoji, "UNICODE_EMOJI"):  # recognizers-text 1.0.2a2 expects emoji<2.0
        emoji.UNICODE_EMOJI = getattr(emoji, "EMOJI_DATA", {})
    from recognizers_number import Culture, recognize_number, recognize_percentage  # noqa: PLC0415
    from recognizers_number_with_unit import recognize_currency, recognize_dimension  # noqa: PLC0415

    culture = Culture.Chinese

    def value_of(res: Any) -> float | None:
        try:
            v = (res.resolution or {}).get("value")
            return float(str(v).rstrip("%")) if v is not None else None
        except (TypeError, ValueError):
            return None

    def run(line: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        taken: list[tuple[int, int]] = []

        def add(results: Any, kind: str) -> None:
            for res in results:
                s, e = res.start, res.end + 1
                if any(s < b and a < e for a, b in taken):
                    continue
                taken.append((s, e))
                unit = None
                if kind == "amount":
                    unit = _CURRENCY.get((res.resolution or {}).get("unit", ""), (res.resolution or {}).get("unit"))
                elif kind == "percent":
                    unit = "%"
                elif kind == "measure":
                    unit = (res.resolution or {}).get("unit")
                out.append(_record(line, s, e, value_of(res), unit, kind))

        add(recognize_currency(line, culture), "amount")
        add(recognize_percentage(line, culture), "percent")
        add(recognize_dimension(line, culture), "measure")
        add(recognize_number(line, culture), "count")
        return out

    return run


# -- scoring ----------------------------------------------------------------------------


def _money_gold(shared: Path, tmp: Path) -> list[Path]:
    """Copies of the gold with only money facts (and only the fact type)."""
    out = []
    for rel in GOLD:
        gold = load_gold(shared / rel)
        meta = {"type": "meta", "documents": gold.documents, "doc_dates": gold.doc_dates,
                "scope": {k: [list(s) for s in v] for k, v in gold.scope.items()}, "types": ["fact"]}
        path = tmp / Path(rel).name
        with path.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(meta, ensure_ascii=False) + "\n")
            for r in gold.records:
                if r["type"] == "fact" and r.get("unit") in MONEY:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        out.append(path)
    return out


def _money_only(analyzer: Callable[..., Analysis]) -> Callable[..., Analysis]:
    def run(*args: Any, **kw: Any) -> Analysis:
        a = analyzer(*args, **kw)
        a.facts = [f for f in a.facts if f.get("unit") in MONEY or f.get("quantity") == "amount"]
        return a

    return run


def _row(name: str, rep: Any, seconds: float) -> str:
    s = rep.facts
    acc = s.accuracy
    return (f"| {name} | {s.tp + s.fn} | {s.tp + s.fp} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
            f"{acc.get('value', 0):.3f} | {acc.get('unit', 0):.3f} | {acc.get('quantity', 0):.3f} | "
            f"{acc.get('indicator', 0):.3f} | {seconds:.1f} |")


def _speed(shared: Path, n: int) -> None:
    """Characters per second of extract_facts (per paragraph) and of plain jieba.lcut."""
    import jieba  # noqa: PLC0415

    from policytext.facts import extract_facts  # noqa: PLC0415
    from policytext.text import normalize  # noqa: PLC0415

    path = shared / "corpus" / "cctv-xinwenlianbo" / "xwlb-policy-news-2022-2026.jsonl"
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), fh, strict=False)]
    chars = sum(map(len, texts))
    jieba.lcut("预热")
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    t_jieba = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        for para in normalize(t).split("\n"):
            extract_facts(para)
    t_facts = time.perf_counter() - t0
    print(f"speed on {len(texts)} news items ({chars} chars): jieba.lcut {chars / t_jieba:,.0f} chars/s, "
          f"extract_facts {chars / t_facts:,.0f} chars/s ({t_jieba / t_facts:.1f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared/ folder (default ../shared)")
    parser.add_argument("--speed", type=int, default=0, metavar="N",
                        help="also time extract_facts against jieba.lcut on N news items")
    args = parser.parse_args(argv)
    shared = (args.shared or default_shared_root()).resolve()
    if args.speed:
        _speed(shared, args.speed)
    if not (shared / GOLD[0]).exists():
        print(f"no dev gold under {shared}", file=sys.stderr)
        return 2
    # facts only, so that the timing compares extractors, not the whole pipeline
    systems: dict[str, Callable[..., Analysis]] = {"policytext": partial(analyze, what="facts")}
    for name, factory in (("jionlp.extract_money", jionlp_facts), ("recognizers-text (zh)", recognizers_facts)):
        try:
            systems[name] = _wrap(factory())
        except Exception as exc:  # noqa: BLE001 - report any import/initialisation failure
            print(f"[{name}] not available: {type(exc).__name__}: {exc}", file=sys.stderr)
    header = ("| system | gold | pred | P | R | F1 | value | unit | quantity | indicator | seconds |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        money_gold = _money_gold(shared, Path(tmp))
        for title, gold_paths, wrap in (
            ("All facts", [shared / g for g in GOLD], lambda a: a),
            ("Money facts only (CNY/USD)", money_gold, _money_only),
        ):
            print(f"\n### {title}\n\n{header}")
            for name, analyzer in systems.items():
                t0 = time.perf_counter()
                try:
                    rep = evaluate(gold_paths, shared_root=shared, analyzer=wrap(analyzer))
                except Exception:  # noqa: BLE001
                    print(f"| {name} | failed: {traceback.format_exc(limit=1).strip().splitlines()[-1]} |")
                    continue
                print(_row(name, rep, time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
