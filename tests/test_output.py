"""Writers: JSON Lines, gzip, CSV (BOM, Excel), Parquet, split folders, column order."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from policytext.output import LEAD_COLUMNS, column_order, format_for, write_records, write_table

RECORDS = [
    {"doc_id": "d1", "type": "paragraph", "index": 0, "start": 0, "end": 14, "text": "全县新增就业岗位3200个，同比增长4%。",
     "paragraph": 0, "role": "body", "themes": ["workers"], "scores": {"workers": 0.8}},
    {"doc_id": "d1", "type": "fact", "index": 0, "start": 8, "end": 13, "text": "3200个", "paragraph": 0,
     "sentence": 0, "value": 3200, "value_high": None, "unit": "个", "quantity": "count",
     "qualifier": None, "indicator": "就业岗位", "period": None, "year": None, "note": "额外"},
    {"doc_id": "d1", "type": "fact", "index": 1, "start": 16, "end": 18, "text": "4%", "paragraph": 0,
     "sentence": 0, "value": 4.5, "value_high": None, "unit": "%", "quantity": "change",
     "qualifier": ["approx", "over"], "indicator": "就业岗位", "period": "同比", "year": 2023},
    {"doc_id": "d2", "type": "error", "error": "bad_json", "message": "x.jsonl:2: malformed", "origin": "x.jsonl:2"},
]  # fmt: skip


def test_csv_has_bom_stable_columns_and_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    write_records(RECORDS, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(df.columns[: len(LEAD_COLUMNS)]) == list(LEAD_COLUMNS)
    assert list(df.columns).index("value") < list(df.columns).index("role") < list(df.columns).index("note")
    assert df.columns[-1] == "note"
    assert len(df) == len(RECORDS)
    assert json.loads(df.loc[2, "qualifier"]) == ["approx", "over"]
    assert json.loads(df.loc[0, "scores"]) == {"workers": 0.8}
    assert df.loc[1, "text"] == "3200个" and df.loc[3, "error"] == "bad_json"


def test_parquet_types_and_values(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    write_records(RECORDS, out)
    table = pq.read_table(out)
    schema = {f.name: str(f.type) for f in table.schema}
    assert schema["value"] == "double" and schema["start"] == "int64" and schema["year"] == "int64"
    assert schema["qualifier"] == "string"
    df = table.to_pandas()
    assert df["value"].tolist()[1:3] == [3200.0, 4.5]
    assert df.loc[2, "qualifier"] == '["approx", "over"]'
    assert df.loc[1, "qualifier"] is None or pd.isna(df.loc[1, "qualifier"])


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_jsonl_round_trip_and_deterministic_gzip(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    write_records(RECORDS, out)
    first = out.read_bytes()
    write_records(RECORDS, out)
    assert out.read_bytes() == first  # no timestamp in the gzip header
    data = gzip.decompress(first) if name.endswith(".gz") else first
    assert [json.loads(line) for line in data.decode("utf-8").splitlines()] == RECORDS
    assert "全县".encode() in data  # Chinese unescaped


def test_split_folder_one_file_per_type(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    spool.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    files = write_table(spool, tmp_path / "out", "csv", split=True)
    assert sorted(f.name for f in files) == ["errors.csv", "facts.csv", "paragraphs.csv"]
    facts = pd.read_csv(tmp_path / "out" / "facts.csv", encoding="utf-8-sig")
    assert len(facts) == 2 and "role" not in facts.columns and "error" not in facts.columns


@pytest.mark.parametrize(
    "path, fmt, expected",
    [("a.csv", None, "csv"), ("a.parquet", None, "parquet"), ("A.JSONL.GZ", None, "jsonl.gz"),
     (None, None, "jsonl"), ("a.txt", None, "jsonl"), ("a.csv", "parquet", "parquet")],
)  # fmt: skip
def test_format_for(path: str | None, fmt: str | None, expected: str) -> None:
    assert format_for(path, fmt) == expected


def test_format_for_rejects_unknown() -> None:
    with pytest.raises(ValueError):
        format_for("a.csv", "xlsx")


def test_column_order_only_spec_fields_of_present_types() -> None:
    cols = column_order(["doc_id", "type", "role", "themes", "zeta", "alpha"], ["paragraph"])
    assert cols[len(LEAD_COLUMNS):] == ["role", "themes", "scores", "zeta", "alpha"]


def test_finished_output_has_normal_file_permissions(tmp_path) -> None:
    import os
    import subprocess
    import sys

    src = tmp_path / "a.txt"
    src.write_text("全县生产总值增长5%。", encoding="utf-8")
    out = tmp_path / "out.csv"
    subprocess.run([sys.executable, "-m", "policytext", "extract", str(src), "-o", str(out), "-q"], check=True)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
