"""Batch benchmarks over ../shared/corpus: throughput vs jieba, --jobs scaling, peak memory.

Not a test: prints ratios (the machine is shared, absolute times vary). Usage::

    python benchmarks/throughput.py                 # all three measures
    python benchmarks/throughput.py speed --max-chars 0          # the whole corpus
    python benchmarks/throughput.py jobs memory
    python benchmarks/throughput.py stages                       # CPU seconds per stage
    python benchmarks/throughput.py profile --max-chars 300000   # pyinstrument tree
    python benchmarks/throughput.py speed --source               # src/ as plain Python

It runs the installed package (``pip install .`` compiles the rule modules with mypyc; it
prints which modules run compiled); ``--source`` runs a snapshot of ``src/`` instead, as
plain Python (a snapshot, so edits made while it runs cannot skew it).

* ``speed``: in one process, plain ``jieba.lcut`` over the documents (baseline) vs the whole
  pipeline (all record types, records encoded as JSON Lines), alternated ``--repeat`` times
  (best CPU time of each side); target pipeline ≥ 2× jieba.
* ``jobs``: wall time of ``policytext extract --jobs 1`` vs ``--jobs 2`` on the sample
  archive (target ≥ 1.5×).
* ``memory``: peak RSS of ``policytext extract -o OUT.jsonl`` on the archive vs the archive
  repeated 4 times (target ≤ 1.3×).
* ``stages``: CPU seconds of each stage (document building, sections, facts, targets,
  mentions, themes, records + JSON) — where the time goes, without a profiler's overhead.

The sample archive takes documents of every corpus source (government reports, CPC reports,
CCTV news, policy documents, CPPCC proposals) in one fixed shuffled order until
``--max-chars`` (0: all 6.4M characters), so each source counts by its share of the corpus.
(An earlier round-robin sample favoured long reports, where the pipeline is relatively
fastest; ``speed`` now also prints the ratio per source.)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SHARED = Path(os.environ.get("POLICYTEXT_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
CORPUS = SHARED / "corpus"
SNAPSHOT = ""

# (glob under corpus/, reader keyword arguments)
SOURCES = [
    ("gov-report-national/*.txt", {}),
    ("gov-report-provincial-2026/*.txt", {}),
    ("cpc-congress-reports/*.txt", {}),
    ("cctv-xinwenlianbo/*.jsonl", {}),
    ("policy-docs-central-shandong/*.csv", {"id_field": "no", "date_field": "release_date", "title_field": "title_en"}),
    ("jiangsu-cppcc-proposals-2022/*.csv", {"date_field": "publish_time"}),
]  # fmt: skip


def _source(pattern: str, kw: dict[str, str]) -> Iterator[dict[str, str]]:
    from policytext.readers import iter_documents

    files = sorted(str(p) for p in CORPUS.glob(pattern) if p.name != "manifest.csv")
    for item in iter_documents(files, **kw):
        if item.error is None and item.text:
            yield {"id": f"{pattern.split('/')[0]}/{item.id}", "text": item.text,
                   "date": item.date, "title": item.title}  # fmt: skip


def build_archive(path: Path, max_chars: int, copies: int = 1) -> tuple[int, int]:
    """Write a JSON Lines sample archive; return (docs, chars).

    Every document of the corpus sources, in one shuffled order (``random.Random(0)``),
    taken until ``max_chars`` (``0``: the whole corpus). Each source is then represented
    by its share of the corpus, short news items as much as long reports: per-document
    costs weigh as they do on a real archive.
    """
    everything = [doc for pattern, kw in SOURCES for doc in _source(pattern, kw)]
    random.Random(0).shuffle(everything)
    docs, chars = [], 0
    for doc in everything:
        if max_chars and chars >= max_chars:
            break
        docs.append(doc)
        chars += len(doc["text"])
    with open(path, "w", encoding="utf-8") as fh:
        for k in range(copies):
            for d in docs:
                fh.write(json.dumps({**d, "id": f"{d['id']}#{k}"}, ensure_ascii=False) + "\n")
    return len(docs) * copies, chars * copies


def speed(archive: Path, repeat: int = 3) -> dict[str, Any]:
    """jieba vs the pipeline, alternated ``repeat`` times; the best (least) CPU time of each
    counts, as ``timeit`` does: on a shared machine the slower runs measure the neighbours.

    The pipeline runs as ``policytext extract --jobs 1`` runs it (``run_local``: chunks of
    documents, records encoded as JSON Lines), over the documents of each corpus source in
    turn; ``by_source`` gives the ratio for each source, the totals sum them.
    """
    import jieba

    from policytext.batch import Config, analyze_item, run_local
    from policytext.readers import iter_documents

    items = list(iter_documents([str(archive)]))
    chars = sum(len(i.text or "") for i in items)
    jieba.setLogLevel(60)
    jieba.initialize()
    config = Config()
    analyze_item(items[0], config)  # build models outside the clock
    groups: dict[str, list[Any]] = {}
    for i in items:
        groups.setdefault(i.id.split("/")[0], []).append(i)
    cpu: dict[tuple[str, str], float] = {}
    wall: dict[tuple[str, str], float] = {}
    for _ in range(repeat):
        for src, group in groups.items():
            for name in ("jieba", "pipeline"):
                t, c = time.perf_counter(), time.process_time()
                if name == "jieba":
                    for i in group:
                        jieba.lcut(i.text)
                else:
                    for _result in run_local(group, config, jobs=1):
                        pass
                key = (name, src)
                wall[key] = min(wall.get(key, float("inf")), time.perf_counter() - t)
                cpu[key] = min(cpu.get(key, float("inf")), time.process_time() - c)
    total = {name: sum(v for (n, _), v in cpu.items() if n == name) for name in ("jieba", "pipeline")}
    total_wall = {name: sum(v for (n, _), v in wall.items() if n == name) for name in ("jieba", "pipeline")}
    return {"docs": len(items), "chars": chars,
            "jieba_chars_per_cpu_s": chars / total["jieba"], "pipeline_chars_per_cpu_s": chars / total["pipeline"],
            "pipeline_over_jieba_cpu": total["jieba"] / total["pipeline"],
            "pipeline_over_jieba_wall": total_wall["jieba"] / total_wall["pipeline"],
            "by_source": {src: round(cpu["jieba", src] / cpu["pipeline", src], 3) for src in sorted(groups)},
            "repeat": repeat, "loadavg_1min": os.getloadavg()[0]}  # fmt: skip


def _extract(args: list[str]) -> tuple[float, int]:
    """Run extract in a child process; return (wall seconds, peak RSS KiB of that process)."""
    code = (
        "import resource, sys\n"
        "from policytext.batch import main\n"
        "rc = main(sys.argv[1:])\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ)
    if SNAPSHOT:  # the code as it was when the benchmark started (others may be editing the tree)
        env["PYTHONPATH"] = os.pathsep.join([SNAPSHOT, env.get("PYTHONPATH", "")])
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, "--quiet", *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if res.returncode not in (0, 1):
        raise RuntimeError(res.stderr[-2000:])
    rss = next(int(x.split()[1]) for x in res.stderr.splitlines() if x.startswith("MAXRSS"))
    return wall, rss


def jobs(archive: Path, tmp: Path) -> dict[str, float]:
    """--jobs 1 vs 2: the engine in this process (no interpreter start-up) and the CLI."""
    from policytext.batch import Config, analyze_item, run_local
    from policytext.readers import iter_documents

    items = list(iter_documents([str(archive)]))
    analyze_item(items[0], Config())  # models loaded and warm for both runs (workers fork from here)
    engine = {}
    for n in (1, 2):
        t = time.perf_counter()
        payloads = [r.payload for r in run_local(items, Config(), jobs=n)]
        engine[n] = (time.perf_counter() - t, b"".join(payloads))
    t1, _ = _extract([str(archive), "-o", str(tmp / "j1.jsonl"), "--jobs", "1"])
    t2, _ = _extract([str(archive), "-o", str(tmp / "j2.jsonl"), "--jobs", "2"])
    same = (tmp / "j1.jsonl").read_bytes() == (tmp / "j2.jsonl").read_bytes() and engine[1][1] == engine[2][1]
    return {"engine_jobs1_s": engine[1][0], "engine_jobs2_s": engine[2][0],
            "engine_speedup": engine[1][0] / engine[2][0],
            "cli_jobs1_s": t1, "cli_jobs2_s": t2, "cli_speedup": t1 / t2, "identical": same,
            "loadavg_1min": os.getloadavg()[0], "cpus": os.cpu_count()}  # fmt: skip


def memory(max_chars: int, tmp: Path) -> dict[str, float]:
    a1, a4 = tmp / "m1.jsonl", tmp / "m4.jsonl"
    build_archive(a1, max_chars)
    build_archive(a4, max_chars, copies=4)
    _, r1 = _extract([str(a1), "-o", str(tmp / "m1.out.jsonl")])
    _, r4 = _extract([str(a4), "-o", str(tmp / "m4.out.jsonl")])
    return {"archive_mib": a1.stat().st_size / 2**20, "rss1_mib": r1 / 1024,
            "rss4_mib": r4 / 1024, "ratio": r4 / r1}  # fmt: skip


def stages(archive: Path, repeat: int = 3) -> dict[str, float]:
    """CPU seconds of each stage of the pipeline over the archive (no profiler overhead).

    The stages run as the engine runs them (chunks of documents, paragraph by paragraph,
    then themes for the chunk's body paragraphs at once), so the segmentation cache behaves
    as in a real run (mentions segment a paragraph, themes reuse it); ``records`` (building
    and JSON-encoding the records, the pipeline's glue) is a whole run minus the stages. Each figure is the best of ``repeat`` passes.
    """
    from policytext.batch import Config, _chunks, analyze_item, run_local
    from policytext.document import Document
    from policytext.facts import extract_facts
    from policytext.mentions import extract_mentions
    from policytext.pipeline import _ANALYSED_ROLES, _context_year
    from policytext.readers import iter_documents
    from policytext.segment import default_segmenter
    from policytext.targets import extract_targets, section_headings, section_kinds
    from policytext.themes import default_theme_model

    items = list(iter_documents([str(archive)]))
    analyze_item(items[0], Config())
    model = default_theme_model()
    names = ["document", "sections", "facts", "targets", "mentions", "themes"]
    best: dict[str, float] = {}

    def cold() -> None:  # no paragraph's tokens remembered from an earlier pass
        cache = getattr(default_segmenter(), "_cache", None)
        if cache is not None:
            cache.clear()

    for _ in range(repeat):
        cpu = dict.fromkeys(names, 0.0)

        def clock(name: str, fn: Any, cpu: dict[str, float] = cpu) -> Any:
            c = time.process_time()
            out = fn()
            cpu[name] += time.process_time() - c
            return out

        cold()
        for chunk in _chunks(items):  # as the engine runs: the chunk's bodies themed at once
            bodies: list[str] = []
            for it in chunk:
                doc = clock("document", lambda it=it: Document.from_text(it.text, doc_id=it.id, date=it.date))
                views = [doc.paragraph_view(p) for p in doc.paragraphs]
                pairs = [(v, p.role) for v, p in zip(views, doc.paragraphs, strict=True)]
                secs = clock("sections", lambda pairs=pairs, doc=doc: section_kinds(pairs, date=doc.date))
                heads = clock("sections", lambda pairs=pairs: section_headings(pairs))
                for n, (p, v, sec) in enumerate(zip(doc.paragraphs, views, secs, strict=True)):
                    if p.role not in _ANALYSED_ROLES:
                        continue
                    year = _context_year(sec, doc.year())
                    facts = clock("facts", lambda v=v, doc=doc, year=year: extract_facts(v, date=doc.date, context_year=year))
                    lead = views[n - 1] if n else None
                    clock("targets", lambda v=v, f=facts, d=doc.date, s=sec, lead=lead, h=heads[n]:
                          extract_targets(v, f, date=d, section=s, lead=lead, heading=h))
                    clock("mentions", lambda v=v, f=facts: extract_mentions(v, f))
                bodies += [v for v, p in zip(views, doc.paragraphs, strict=True) if p.role == "body"]
            clock("themes", lambda bodies=bodies: model.assign(bodies))
        cold()
        whole = time.process_time()
        for _result in run_local(items, Config(), jobs=1):
            pass
        cpu["total"] = time.process_time() - whole
        best = {k: min(best.get(k, float("inf")), v) for k, v in cpu.items()}
    best["records"] = max(0.0, best["total"] - sum(best[k] for k in names))
    total = best.pop("total")
    return {"total_cpu_s": total, **{f"{k}_cpu_s": v for k, v in best.items()},
            **{f"{k}_share": v / total for k, v in best.items()}}  # fmt: skip


def profile(archive: Path) -> None:
    """Where the pipeline's time goes (pyinstrument, one process)."""
    from pyinstrument import Profiler

    from policytext.batch import Config, analyze_item
    from policytext.readers import iter_documents

    items = list(iter_documents([str(archive)]))
    analyze_item(items[0], Config())
    prof = Profiler()
    prof.start()
    for i in items:
        analyze_item(i, Config())
    prof.stop()
    print(prof.output_text(unicode=False, color=False))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="*", default=["speed", "jobs", "memory"],
                   choices=["speed", "jobs", "memory", "stages", "profile"])
    p.add_argument("--max-chars", type=int, default=1_500_000,
                   help="sample archive size (speed, jobs, stages); 0 = the whole corpus")  # fmt: skip
    p.add_argument("--memory-chars", type=int, default=300_000, help="base archive size for memory")
    p.add_argument("--repeat", type=int, default=3, help="speed, stages: runs; the best counts")
    p.add_argument("--source", action="store_true",
                   help="run a snapshot of src/ as pure Python instead of the installed package")
    args = p.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        global SNAPSHOT
        if args.source:
            src = Path(__file__).resolve().parents[1] / "src" / "policytext"
            shutil.copytree(src, tmp / "snapshot" / "policytext",
                            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))  # fmt: skip
            SNAPSHOT = str(tmp / "snapshot")
            sys.path.insert(0, SNAPSHOT)
        import policytext
        from policytext import compiled_modules

        print(f"policytext: {policytext.__file__}; compiled: {', '.join(compiled_modules()) or 'none'}")
        archive = tmp / "archive.jsonl"
        n, chars = build_archive(archive, args.max_chars)
        print(f"sample archive: {n} documents, {chars} characters")
        for name in args.what:
            result = {"speed": lambda: speed(archive, args.repeat), "jobs": lambda: jobs(archive, tmp),
                      "memory": lambda: memory(args.memory_chars, tmp), "stages": lambda: stages(archive, args.repeat),
                      "profile": lambda: profile(archive)}[name]()  # fmt: skip
            if result is None:
                continue
            print(name, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
