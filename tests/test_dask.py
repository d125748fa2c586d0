"""Dask: bag and DataFrame helpers and ``--engine dask`` on a real local cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")
dask_bag = pytest.importorskip("dask.bag")
dask_dataframe = pytest.importorskip("dask.dataframe")

from test_batch import extract, make_docs, write_jsonl  # noqa: E402

from policytext.batch import Config, analyze_item  # noqa: E402
from policytext.dask import analyze_bag, analyze_dataframe, record_columns  # noqa: E402
from policytext.readers import InputItem  # noqa: E402

DOCS = make_docs(12, paragraphs=2, seed=11)


def _local_records(docs: list[dict[str, str]]) -> list[dict]:
    out = []
    for d in docs:
        payload = analyze_item(InputItem(d["id"], d["text"], date=d["date"]), Config()).payload
        out.extend(json.loads(x) for x in payload.decode().splitlines())
    return out


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_bag_of_dicts_and_texts(client) -> None:
    bag = dask_bag.from_sequence(DOCS + ["全镇新修农村公路35公里。", {"id": "nt"}], npartitions=3)
    records = analyze_bag(bag).compute()
    local = _local_records(DOCS)
    assert records[: len(local)] == local
    tail = records[len(local) :]
    assert tail[-1]["type"] == "error" and tail[-1]["doc_id"] == "nt"
    assert any(r["type"] == "paragraph" and ":" in r["doc_id"] for r in tail)  # bare text: PART:POS id


def test_dataframe_of_records(client) -> None:
    frame = pd.DataFrame(DOCS)
    ddf = dask_dataframe.from_pandas(frame, npartitions=3)
    out = analyze_dataframe(ddf, what="paragraphs,facts").compute()
    assert list(out.columns) == record_columns("paragraphs,facts")
    expected = [r for r in _local_records(DOCS) if r["type"] in ("paragraph", "fact")]
    assert out["doc_id"].tolist() == [r["doc_id"] for r in expected]
    assert out["start"].tolist() == [r["start"] for r in expected]


def test_engine_dask_matches_local_bytes(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "d.jsonl", DOCS, bad_lines={3: "{bad"})
    local = extract(str(src))
    remote = extract(str(src), "--engine", "dask", "--jobs", "2")
    assert remote.returncode == local.returncode == 1, remote.stderr.decode()[-2000:]
    assert remote.stdout == local.stdout and local.stdout
