"""Readers: every input type, encodings, and bad inputs turned into error items."""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from policytext.readers import decode_bytes, detect_encoding, input_kind, iter_documents

# Sentences written for these tests (not from any corpus).
SAMPLE = "全市新建口袋公园12个，\r\n年内计划再建8个。"
SAMPLE2 = "二〇二四年，本县粮食产量达到48.6万吨。"


def _items(paths, **kw):
    return list(iter_documents([str(p) for p in paths], **kw))


@pytest.mark.parametrize(
    "data, expected",
    [
        (SAMPLE.encode("utf-8"), SAMPLE),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE),
        (SAMPLE.encode("gb18030"), SAMPLE),
        (SAMPLE.encode("gbk"), SAMPLE),
        (SAMPLE2.encode("gb18030"), SAMPLE2),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "gb18030-2"],
)
def test_text_file_encodings_keep_crlf(tmp_path: Path, data: bytes, expected: str) -> None:
    f = tmp_path / "doc.txt"
    f.write_bytes(data)
    (item,) = _items([f])
    assert item.error is None
    assert item.text == expected
    assert ("\r\n" in item.text) == ("\r\n" in expected)
    assert item.id == "doc"


def test_forced_encoding_and_undecodable_file(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes(SAMPLE.encode("gb18030"))
    (item,) = _items([f], encoding="gb18030")
    assert item.text == SAMPLE
    (bad,) = _items([f], encoding="utf-8")
    assert bad.error is not None and bad.error.code == "undecodable"
    assert str(f) in bad.error.message and bad.text is None


def test_detect_encoding_partial_sample() -> None:
    data = SAMPLE.encode("utf-8")
    # a cut in the middle of a character is fine when the sample is the head of a file
    assert detect_encoding(data[:5], complete=False) == "utf-8-sig"
    assert decode_bytes(data) == SAMPLE


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a", "text": SAMPLE, "date": "2024-03", "title": "标题", "region": "某县"},
                   ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"text": SAMPLE2}, ensure_ascii=False),
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps(["a list"]),
    ]  # fmt: skip


EXPECTED_JSONL = [
    ("a", None), ("{name}:3", "bad_json"), ("{name}:4", None), ("c", "missing_text"),
    ("d", "bad_text"), ("e", "empty_text"), ("{name}:8", "bad_json"),
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_jsonl_and_gz(tmp_path: Path, suffix: str) -> None:
    data = ("\n".join(_jsonl_lines()) + "\n").encode("utf-8")
    f = tmp_path / ("docs" + suffix)
    f.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    items = _items([f])
    expected = [(i.format(name=f.name), code) for i, code in EXPECTED_JSONL]
    assert [(i.id, i.error.code if i.error else None) for i in items] == expected
    first = items[0]
    assert (first.text, first.date, first.title, first.meta) == (SAMPLE, "2024-03", "标题", {"region": "某县"})
    assert items[1].origin == f"{f}:3" and f"{f}:3" in items[1].error.message


def test_jsonl_gb18030_and_bad_line(tmp_path: Path) -> None:
    good = json.dumps({"id": "g", "text": SAMPLE2}, ensure_ascii=False).encode("gb18030")
    f = tmp_path / "g.jsonl"
    f.write_bytes(good + b"\n" + b'{"id": "h", "text": "\xff\xfe\xff"}\n')
    items = _items([f])
    assert items[0].text == SAMPLE2
    assert items[1].error.code == "undecodable" and items[1].origin.endswith(":2")


def test_truncated_gzip_is_an_error_not_a_crash(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(_jsonl_lines()[:1] * 200) + "\n").encode())
    f = tmp_path / "t.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    items = _items([f])
    assert items[-1].error is not None and items[-1].error.code == "unreadable"


def test_csv_with_custom_fields_multiline_and_missing_text(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"no": [1, 2, 3], "body": [SAMPLE, "", "第三行\n带换行"], "release_date": ["2023-05-01", "", "2021"]}
    )
    f = tmp_path / "p.csv"
    df.to_csv(f, index=False, encoding="utf-8-sig")
    items = _items([f], id_field="no", text_field="body", date_field="release_date")
    assert [i.id for i in items] == ["1", "2", "3"]
    assert items[0].text == SAMPLE.replace("\r\n", "\n") or items[0].text == SAMPLE
    assert items[0].date == "2023-05-01"
    assert items[1].error.code in ("missing_text", "empty_text")
    assert items[2].text == "第三行\n带换行" and items[2].origin == f"{f}:5"


def test_csv_cell_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    long_text = SAMPLE2 * 20_000  # ~440,000 characters, over the 131,072 default limit
    f = tmp_path / "long.csv"
    pd.DataFrame({"id": ["L"], "text": [long_text]}).to_csv(f, index=False)
    (item,) = _items([f])
    assert item.error is None and item.text == long_text


def test_csv_gbk(tmp_path: Path) -> None:
    f = tmp_path / "g.csv"
    f.write_bytes(("id,text\nk1," + SAMPLE2 + "\n").encode("gbk"))
    (item,) = _items([f])
    assert (item.id, item.text) == ("k1", SAMPLE2)


def test_parquet_row_batches(tmp_path: Path) -> None:
    n = 2500  # more than one reader batch
    df = pd.DataFrame(
        {"id": [f"r{i}" for i in range(n)], "text": [f"第{i}号文件，投资{i}万元。" for i in range(n)],
         "date": pd.to_datetime(["2022-01-02"] * n), "score": range(n)}
    )  # fmt: skip
    df.loc[5, "text"] = None
    f = tmp_path / "d.parquet"
    df.to_parquet(f)
    items = _items([f])
    assert len(items) == n
    assert items[0].date == "2022-01-02" and items[0].meta == {"score": 0}
    assert items[5].error.code == "missing_text"
    assert items[-1].id == f"r{n - 1}" and items[-1].origin == f"{f}:{n}"


def test_folder_recursive_sorted_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "z.md").write_text(SAMPLE2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b" / "y.jsonl").write_text(json.dumps({"id": "j1", "text": SAMPLE}) + "\n", encoding="utf-8")
    (tmp_path / "b" / "notes.docx").write_bytes(b"ignored")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    items = _items([tmp_path])
    assert [i.id for i in items] == ["a", "b/c/z", "j1"]


def test_missing_path_and_stdin() -> None:
    items = list(iter_documents(["/no/such/file.txt", "-"], stdin=io.BytesIO(SAMPLE.encode("gb18030"))))
    assert items[0].error.code == "not_found"
    assert (items[1].id, items[1].text) == ("stdin", SAMPLE)
    (empty,) = iter_documents(["-"], stdin=io.BytesIO(b""))
    assert empty.error.code == "empty_text"


@pytest.mark.parametrize(
    "name, kind",
    [("a.txt", "text"), ("a.MD", "text"), ("a.jsonl", "jsonl"), ("a.jsonl.gz", "jsonl"),
     ("a.csv", "csv"), ("a.parquet", "parquet"), ("a.json", None), ("a.gz", None)],
)  # fmt: skip
def test_input_kind(name: str, kind: str | None) -> None:
    assert input_kind(name) == kind


SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


@pytest.mark.shared
def test_real_archives_stream() -> None:
    jsonl = SHARED / "cctv-xinwenlianbo" / "xwlb-policy-news-2022-2026.jsonl"
    csvf = SHARED / "policy-docs-central-shandong" / "policy-docs-central-shandong.csv"
    if not jsonl.exists() or not csvf.exists():
        pytest.skip("../shared corpus absent")
    it = iter_documents([str(jsonl)])
    first = [next(it) for _ in range(5)]
    assert all(i.error is None and i.date for i in first)
    docs = list(iter_documents([str(csvf)], id_field="no", date_field="release_date", title_field="title_en"))
    assert len(docs) == 221 and all(d.error is None for d in docs)
    assert docs[0].meta.get("level") in ("central", "shandong")
