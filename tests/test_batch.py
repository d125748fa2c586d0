"""``policytext extract``: ordering across --jobs, error records, formats, resume after SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from policytext.batch import Config, analyze_item, analyze_items
from policytext.readers import InputItem

# Sentence templates written for these tests (not from any corpus).
TEMPLATES = [
    "{y}年全县完成固定资产投资{a}亿元，同比增长{p}%。",
    "力争到{y2}年新建标准厂房{n}万平方米，培育规上企业{m}家。",
    "全年新增城镇就业{n}人，培训技术工人{m}人次，高校毕业生就业率保持在{p}%以上。",
    "计划投入资金{a}万元，改造老旧小区{m}个，惠及居民约{n}户。",
    "粮食播种面积稳定在{n}万亩，农村居民人均可支配收入增长{p}%。",
    "深入实施《乡村振兴促进条例》，推动“十四五”规划重点项目落地。",
]


def make_docs(n: int, *, paragraphs: int = 4, seed: int = 7) -> list[dict[str, str]]:
    """``n`` synthetic policy-style documents with ids and dates."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        paras = []
        for _ in range(paragraphs):
            sents = [
                rng.choice(TEMPLATES).format(
                    y=rng.randint(2015, 2024), y2=rng.randint(2025, 2035), a=rng.randint(2, 900),
                    p=round(rng.uniform(0.5, 12), 1), n=rng.randint(10, 90000), m=rng.randint(2, 300),
                )
                for _ in range(rng.randint(2, 4))
            ]  # fmt: skip
            paras.append("".join(sents))
        docs.append({"id": f"doc{i:04d}", "date": f"{rng.randint(2018, 2024)}-0{rng.randint(1, 9)}",
                     "text": "\n".join(paras)})  # fmt: skip
    return docs


def write_jsonl(path: Path, docs: list[dict[str, str]], bad_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(d, ensure_ascii=False) for d in docs]
    for at, line in sorted((bad_lines or {}).items()):
        lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def extract(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "policytext", "extract", "--quiet", *args]
    return subprocess.run(cmd, capture_output=True, env={**os.environ, **(env or {})}, **kw)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("archive")
    write_jsonl(d / "docs.jsonl", make_docs(60), bad_lines={5: "{broken", 20: json.dumps({"id": "nt"})})
    (d / "note.txt").write_text("本市今年计划新增绿地面积120公顷。\r\n", encoding="gb18030")
    return d


def test_jobs_give_byte_identical_output_and_error_records(archive: Path) -> None:
    args = [str(archive / "docs.jsonl"), str(archive / "note.txt")]
    one = extract(*args, "--jobs", "1")
    two = extract(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 1, one.stderr.decode()
    assert one.stdout == two.stdout and one.stdout
    records = [json.loads(line) for line in one.stdout.decode("utf-8").splitlines()]
    errors = [r for r in records if r["type"] == "error"]
    assert [(e["doc_id"], e["error"]) for e in errors] == [("docs.jsonl:6", "bad_json"), ("nt", "missing_text")]
    assert errors[0]["origin"].endswith("docs.jsonl:6")
    order = list(dict.fromkeys(r["doc_id"] for r in records))
    assert order[:6] == ["doc0000", "doc0001", "doc0002", "doc0003", "doc0004", "docs.jsonl:6"]
    assert order[-1] == "note"
    assert len(order) == 60 + 2 + 1


def test_clean_run_exits_zero_and_stdin(tmp_path: Path) -> None:
    res = extract("-", input="全区新建5G基站300个。".encode("gbk"))
    assert res.returncode == 0
    recs = [json.loads(x) for x in res.stdout.decode().splitlines()]
    assert recs and all(r["doc_id"] == "stdin" for r in recs)


def test_analysis_exception_becomes_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    from policytext import pipeline

    real = pipeline.extract_facts

    def flaky(text: str, **kw):  # fails inside the pipeline on one document's text
        if "增长6%" in text:
            raise ZeroDivisionError("simulated failure")
        return real(text, **kw)

    monkeypatch.setattr(pipeline, "extract_facts", flaky)
    items = [InputItem("ok1", "今年增长5%。", origin="a:1"), InputItem("boom", "增长6%。", origin="a:2"),
             InputItem("ok2", "增长7%。", origin="a:3")]  # fmt: skip
    results = analyze_items(items, Config())
    assert [r.errors for r in results] == [0, 1, 0]
    rec = json.loads(results[1].payload)
    assert (rec["doc_id"], rec["type"], rec["error"]) == ("boom", "error", "analysis_failed")
    assert "a:2" in rec["message"] and "ZeroDivisionError" in rec["message"]
    # the documents around the bad one keep their records, as if analysed one by one
    assert [r.payload for r in results] == [analyze_item(i, Config()).payload for i in items]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl.gz"])
def test_file_formats_hold_the_same_records(archive: Path, tmp_path: Path, suffix: str) -> None:
    src = str(archive / "docs.jsonl")
    ref = extract(src, "--what", "paragraphs,facts")
    out = tmp_path / ("out" + suffix)
    res = extract(src, "--what", "paragraphs,facts", "-o", str(out))
    assert res.returncode == 1 and out.exists()
    assert not Path(str(out) + ".partial").exists() and not Path(str(out) + ".progress").exists()
    expected = [json.loads(x) for x in ref.stdout.decode().splitlines()]
    if suffix == ".csv":
        assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
        df = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    elif suffix == ".parquet":
        df = pd.read_parquet(out)
    else:
        df = pd.read_json(out, lines=True, dtype=False)
    assert len(df) == len(expected)
    assert df["doc_id"].tolist() == [r["doc_id"] for r in expected]
    assert df["text"].fillna("").tolist() == [r.get("text") or "" for r in expected]


def test_csv_on_stdout_and_split_folder(archive: Path, tmp_path: Path) -> None:
    import io

    res = extract(str(archive / "note.txt"), "--format", "csv")
    assert res.returncode == 0 and res.stdout.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(io.BytesIO(res.stdout), encoding="utf-8-sig")
    assert set(df["doc_id"]) == {"note"} and "paragraph" in set(df["type"])
    out = tmp_path / "split"
    res = extract(str(archive / "docs.jsonl"), "-o", str(out), "--split", "--format", "csv")
    assert res.returncode == 1
    names = sorted(p.name for p in out.iterdir())
    assert "errors.csv" in names and "paragraphs.csv" in names
    errors = pd.read_csv(out / "errors.csv", encoding="utf-8-sig")
    assert errors["error"].tolist() == ["bad_json", "missing_text"]


def test_resume_refuses_other_arguments(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    Path(str(out) + ".progress").write_text(json.dumps({"fingerprint": "x", "docs": 1, "offset": 0,
                                                         "errors": 0}))  # fmt: skip
    Path(str(out) + ".partial").write_bytes(b"")
    res = extract(str(archive / "docs.jsonl"), "-o", str(out), "--resume")
    assert res.returncode != 0 and b"other arguments" in res.stderr


def test_themes_option_fails_cleanly_on_missing_model(tmp_path: Path) -> None:
    res = extract("-", "--themes", str(tmp_path / "missing.json"), input="增长5%。".encode())
    assert res.returncode == 2 and b"theme model" in res.stderr


def test_themes_option_uses_the_model(tmp_path: Path) -> None:
    themes = pytest.importorskip("policytext.themes")
    if not hasattr(themes, "save_lexicon_model"):
        pytest.skip("themes module without model files")
    model = themes.save_lexicon_model(themes.LexiconThemeScorer(), tmp_path / "lex")
    text = "大力发展职业教育，开展技术工人技能培训3万人次。\n新建幼儿园12所。"
    res = extract("-", "--themes", str(model), "--what", "paragraphs", input=text.encode())
    assert res.returncode == 0, res.stderr.decode()
    got = [json.loads(x) for x in res.stdout.decode().splitlines()]
    from policytext.pipeline import analyze

    expected = analyze(text, doc_id="stdin", what="paragraphs", theme_model=themes.LexiconThemeScorer())
    assert [(r["themes"], r["scores"]) for r in got] == [(r["themes"], r["scores"]) for r in expected.paragraphs]


# --------------------------------------------------------------------------- resume after SIGKILL


def _kill_when(args: list[str], progress: Path, docs: int, env: dict[str, str]) -> int | None:
    """Run extract, SIGKILL it once its checkpoint shows ``docs`` documents done (or at once
    for ``docs=0``, i.e. during start-up); return the documents done when killed."""
    cmd = [sys.executable, "-m", "policytext", "extract", "--quiet", *args]
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while docs and proc.poll() is None and time.monotonic() < deadline:
            try:
                state = json.loads(progress.read_text())
            except (OSError, ValueError):
                state = {}
            if state.get("docs", 0) >= docs or state.get("complete"):
                break
            time.sleep(0.01)
        time.sleep(random.Random(docs).uniform(0, 0.05))  # land between commits too
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    try:
        return json.loads(progress.read_text())["docs"]
    except (OSError, ValueError):
        return None


@pytest.mark.slow
@pytest.mark.parametrize("suffix, jobs", [(".jsonl", "1"), (".csv", "2")])
def test_resume_after_sigkill_gives_exactly_the_uninterrupted_output(
    tmp_path: Path, suffix: str, jobs: str
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(300, paragraphs=6, seed=3), bad_lines={40: "{x"})
    env = {"POLICYTEXT_COMMIT_DOCS": "7", "POLICYTEXT_COMMIT_SECONDS": "0.05"}
    ref = tmp_path / ("ref" + suffix)
    assert extract(str(src), "-o", str(ref), "--jobs", jobs).returncode == 1
    out = tmp_path / ("out" + suffix)
    progress = Path(str(out) + ".progress")
    # kill points: during start-up, then once the checkpoint passes these document counts
    seen = []
    for i, docs in enumerate([0, 15, 16, 120, 230, 301]):
        args = [str(src), "-o", str(out), "--jobs", jobs] + (["--resume"] if i else [])
        seen.append(_kill_when(args, progress, docs, env))
    assert any(d and 0 < d < 301 for d in seen), seen  # some kills landed mid-run
    res = extract(str(src), "-o", str(out), "--jobs", jobs, "--resume", env=env)
    # 1 (inputs had errors), or 0 if the last kill came after the run had finished
    finished_before = b"nothing to resume" in res.stderr
    assert res.returncode == (0 if finished_before else 1), res.stderr.decode()
    assert out.read_bytes() == ref.read_bytes()
    assert not progress.exists() and not Path(str(out) + ".partial").exists()
    again = extract(str(src), "-o", str(out), "--resume")
    assert again.returncode == 0 and out.read_bytes() == ref.read_bytes()


def test_resume_after_a_kill_between_checkpoint_and_spool_removal(tmp_path: Path) -> None:
    """A run killed after dropping its checkpoint but before its spool is complete (OUT is
    final): resuming says so, exits 0, leaves OUT as it is and removes the stale spool."""
    src = write_jsonl(tmp_path / "in.jsonl", make_docs(5, seed=4))
    out = tmp_path / "out.csv"
    assert extract(str(src), "-o", str(out)).returncode == 0
    final = out.read_bytes()
    spool = Path(str(out) + ".partial")
    spool.write_bytes(b'{"doc_id": "left over"}\n')  # what the kill left behind
    res = extract(str(src), "-o", str(out), "--resume")
    assert res.returncode == 0 and b"nothing to resume" in res.stderr
    assert out.read_bytes() == final and not spool.exists()


def test_warm_up_sets_models_aside_and_collects_young_objects_less_often() -> None:
    """The batch engine freezes the loaded models out of the collector's passes and raises the
    youngest generation's threshold (a run makes many short-lived objects, few cycles); a
    cycle made afterwards is still collected."""
    import gc
    import weakref

    from policytext import batch

    before = gc.get_threshold()
    try:
        batch._warm_up(Config())
        assert gc.get_threshold()[0] >= batch.GC_ALLOCATIONS
        assert gc.get_freeze_count() > 0

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
