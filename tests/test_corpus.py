"""The researcher's Corpus: construction, docvars, caching, tidy tables, kwic, exports, plots.

Texts here are written for the tests (figures are realistic, sentences are our own).
"""

from __future__ import annotations

import doctest
import json
import multiprocessing
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest

import policytext.corpus as corpus_mod
from policytext.corpus import Corpus, CorpusDocument
from policytext.readers import InputItem

DOCS = [
    {
        "id": "r2022", "date": "2022-01-12", "title": "甲市报告", "source": "甲市", "region": "east",
        "text": "一、2021年工作回顾\n\n全年地区生产总值增长6.2%，粮食产量稳定在52万吨。\n\n"
                "二、2022年目标\n\n今年地区生产总值增长6%左右，城镇新增就业1.2万人以上。",
    },
    {
        "id": "r2023", "date": "2023", "title": "乙县报告", "source": "乙县", "region": "west",
        "text": "乙县去年新建幼儿园８所，高校毕业生就业率达到９５％。\n\n推进乡村振兴，农民收入增长7.1%。",
    },
    {"id": "n1", "text": "本文没有数字，只谈改革。", "date": None, "region": "east"},
]  # fmt: skip


class _Assign(NamedTuple):
    themes: list[str]
    scores: dict[str, float]
    evidence: dict[str, list[str]]


class KeywordThemes:
    """A deterministic theme model for the tests: a theme fires when its word occurs."""

    WORDS = {"farmers": "农", "workers": "就业", "economy": "生产总值"}

    def assign(self, texts: list[str]) -> list[_Assign]:
        out = []
        for t in texts:
            scores = {k: (1.0 if w in t else 0.0) for k, w in self.WORDS.items()}
            themes = [k for k, v in scores.items() if v]
            out.append(_Assign(themes, scores, {k: [self.WORDS[k]] for k in themes}))
        return out


@pytest.fixture
def corpus() -> Corpus:
    return Corpus(DOCS, theme_model=KeywordThemes())


# --------------------------------------------------------------------------- construction


@pytest.mark.parametrize(
    "documents, ids",
    [
        (["甲。", "乙。"], ["doc0", "doc1"]),
        ({"a": "甲。", "b": "乙。"}, ["a", "b"]),
        ([{"id": "x", "text": "甲。"}, {"doc_id": "y", "text": "乙。"}], ["x", "y"]),
        ([InputItem("i1", "甲。", date="2020"), CorpusDocument("c1", "乙。")], ["i1", "c1"]),
        ([], []),
    ],
)
def test_construct_from_lists_and_mappings(documents: Any, ids: list[str]) -> None:
    c = Corpus(documents)
    assert c.ids == ids and len(c) == len(ids)
    assert list(c.docvars["doc_id"]) == ids


@pytest.mark.parametrize(
    "documents, error",
    [
        ([{"id": "a", "text": "甲。"}, {"id": "a", "text": "乙。"}], ValueError),
        ([{"id": "a"}], ValueError),
        ([InputItem("bad", None)], ValueError),
        ([42], TypeError),
    ],
)
def test_construct_rejects_bad_input(documents: Any, error: type) -> None:
    with pytest.raises(error):
        Corpus(documents)


def test_docvars_standard_columns_and_meta(corpus: Corpus) -> None:
    dv = corpus.docvars
    assert list(dv.columns) == ["doc_id", "date", "year", "title", "source", "n_chars", "region"]
    assert dv["year"].tolist()[:2] == [2022, 2023] and pd.isna(dv["year"].iloc[2])
    assert dv["n_chars"].tolist() == [len(d["text"]) for d in DOCS]
    assert dv["region"].tolist() == ["east", "west", "east"]


def test_from_frame_columns_missing_values_and_timestamps() -> None:
    df = pd.DataFrame(
        {
            "uid": [7, 8],
            "body": ["全年粮食产量52万吨。", "今年增长6%。"],
            "when": [pd.Timestamp("2021-03-05"), pd.NaT],
            "province": ["江苏", None],
        }
    )
    c = Corpus.from_frame(df, id_col="uid", text_col="body", date_col="when")
    dv = c.docvars
    assert c.ids == ["7", "8"]
    assert dv["date"].tolist()[0] == "2021-03-05" and pd.isna(dv["date"].iloc[1])
    assert dv["year"].iloc[0] == 2021
    assert dv["province"].iloc[0] == "江苏" and pd.isna(dv["province"].iloc[1])
    assert "uid" not in dv.columns and "body" not in dv.columns
    with pytest.raises(KeyError):
        Corpus.from_frame(df, text_col="missing")


def test_from_frame_without_id_uses_index() -> None:
    df = pd.DataFrame({"text": ["甲。", "乙。"]}, index=["p", "q"])
    assert Corpus.from_frame(df).ids == ["p", "q"]


def test_read_folder_date_from_id_and_errors(tmp_path: Path) -> None:
    (tmp_path / "report-1999.txt").write_text("全年粮食总产量5万吨。", encoding="utf-8")
    (tmp_path / "report-2004.txt").write_bytes("今年增长8%左右。".encode("gbk"))
    (tmp_path / "news.jsonl").write_text(
        json.dumps(
            {"id": "n1", "text": "新增就业1万人。", "date": "2020-05-01"}, ensure_ascii=False
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    c = Corpus.read(tmp_path, date_from_id=r"(\d{4})")
    dv = c.docvars.set_index("doc_id")
    assert dv.loc["report-1999", "year"] == 1999 and dv.loc["report-2004", "year"] == 2004
    assert dv.loc["n1", "date"] == "2020-05-01" and dv.loc["n1", "year"] == 2020
    assert c["report-2004"].text == "今年增长8%左右。"
    assert [e["error"] for e in c.errors] == ["bad_json"]
    assert Corpus.read(str(tmp_path / "report-*.txt")).ids == ["report-1999", "report-2004"]


# --------------------------------------------------------------------------- container protocol


def test_indexing_iteration_and_membership(corpus: Corpus) -> None:
    assert corpus["r2023"].title == "乙县报告"
    assert corpus[0].id == "r2022" and corpus[-1].id == "n1"
    assert corpus[np.int64(1)].id == "r2023"
    assert corpus[1:].ids == ["r2023", "n1"]
    assert corpus[["n1", "r2022"]].ids == ["n1", "r2022"]
    assert [d.id for d in corpus] == corpus.ids
    assert "n1" in corpus and "zz" not in corpus
    with pytest.raises(KeyError):
        corpus["zz"]
    assert "3 documents" in repr(corpus) and "2022–2023" in repr(corpus)
    assert "documents, 2023," in repr(corpus.subset(year=2023))


@pytest.mark.parametrize(
    "args, kwargs, ids",
    [
        (("year >= 2023",), {}, ["r2023"]),
        ((lambda d: "改革" in d.text,), {}, ["n1"]),
        (([True, False, True],), {}, ["r2022", "n1"]),
        ((), {"region": "east"}, ["r2022", "n1"]),
        ((), {"year": range(2020, 2023)}, ["r2022"]),
        ((), {"source": ["乙县", "丙县"]}, ["r2023"]),
        (("year > 2000",), {"region": "west"}, ["r2023"]),
    ],
)
def test_subset(corpus: Corpus, args: tuple, kwargs: dict, ids: list[str]) -> None:
    assert corpus.subset(*args, **kwargs).ids == ids


def test_subset_errors(corpus: Corpus) -> None:
    with pytest.raises(ValueError):
        corpus.subset([True])
    with pytest.raises(KeyError):
        corpus.subset(nonexistent=1)


def test_set_docvar(corpus: Corpus) -> None:
    corpus.set_docvar("rank", [3, 1, 2]).set_docvar("flag", {"r2023": True})
    dv = corpus.docvars
    assert dv["rank"].tolist() == [3, 1, 2]
    assert dv["flag"].tolist()[1] is True and dv["flag"].isna().sum() == 2
    assert corpus.subset(rank=1).ids == ["r2023"]
    with pytest.raises(ValueError):
        corpus.set_docvar("year", [1, 2, 3])


def test_set_date_reanalyses_changed_documents(corpus: Corpus) -> None:
    before = corpus.facts()
    this_year = (before.doc_id == "r2022") & (before.period == "今年")
    assert set(before.loc[this_year, "year"]) == {2022}  # 今年 in a 2022 report
    corpus.set_docvar("date", {"r2022": "2019-03-01"})  # the others keep their dates
    after = corpus.facts()
    this_year = (after.doc_id == "r2022") & (after.period == "今年")
    assert this_year.any() and set(after.loc[this_year, "year"]) == {2019}
    assert corpus.docvars["year"].tolist()[:2] == [2019, 2023] and pd.isna(
        corpus.docvars["date"][2]
    )
    corpus.set_docvar("title", ["T1", None, 3])
    assert corpus.docvars["title"].tolist()[0] == "T1" and corpus["n1"].title == "3"
    with pytest.raises(ValueError):
        corpus.set_docvar("rank", [1])


# --------------------------------------------------------------------------- analysis cache


def test_analysis_runs_once_per_document_and_extends_on_demand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, tuple[str, ...]]] = []
    real, real_many = corpus_mod.analyze, corpus_mod.analyze_documents

    def counting(text: str, **kw: Any) -> Any:
        calls.append((kw["doc_id"], tuple(kw["what"])))
        return real(text, **kw)

    def counting_many(docs: Any, **kw: Any) -> Any:  # documents analysed together
        calls.extend((d.id, tuple(kw["what"])) for d in docs)
        return real_many(docs, **kw)

    monkeypatch.setattr(corpus_mod, "analyze", counting)
    monkeypatch.setattr(corpus_mod, "analyze_documents", counting_many)
    c = Corpus(DOCS[:2], what="facts", theme_model=KeywordThemes())
    c.facts()
    c.facts()
    c.paragraphs()
    assert calls == [("r2022", ("paragraphs", "facts")), ("r2023", ("paragraphs", "facts"))]
    c.targets()  # not computed yet: analysed again, keeping what was there
    assert calls[2:] == [
        ("r2022", ("paragraphs", "facts", "targets")),
        ("r2023", ("paragraphs", "facts", "targets")),
    ]
    sub = c.subset(region="west")
    sub.facts()
    sub.targets()
    assert len(calls) == 4  # a subset shares the cache
    assert sub.analysis("r2023") is c.analysis("r2023")


def test_jobs_give_the_same_records_in_order() -> None:
    one = Corpus(DOCS, theme_model=KeywordThemes()).records()
    two = Corpus(DOCS, theme_model=KeywordThemes(), jobs=2).records()
    assert one == two and one


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("kind", ["paragraphs", "facts", "targets", "mentions"])
def test_tables_offsets_and_docvars_join(corpus: Corpus, kind: str) -> None:
    frame = getattr(corpus, kind)()
    texts = {d["id"]: d["text"] for d in DOCS}
    assert len(frame) == sum(len(getattr(corpus.analysis(i), kind)) for i in corpus.ids)
    for row in frame.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    dv = corpus.docvars.set_index("doc_id")
    year_col = "doc_year" if "doc_year" in frame.columns else "year"
    for row in frame.to_dict("records"):
        assert row["title"] == dv.loc[row["doc_id"], "title"] or pd.isna(row["title"])
        assert row["region"] == dv.loc[row["doc_id"], "region"]
        expected = dv.loc[row["doc_id"], "year"]
        assert (pd.isna(row[year_col]) and pd.isna(expected)) or row[year_col] == expected
    assert list(frame.columns[:2]) == ["doc_id", "date"]


def test_fact_year_and_document_year_are_kept_apart(corpus: Corpus) -> None:
    facts = corpus.facts()
    assert {"year", "doc_year"} <= set(facts.columns)
    review = facts[(facts.doc_id == "r2022") & (facts.text == "6.2%")].iloc[0]
    assert review["doc_year"] == 2022 and review["value"] == 6.2


@pytest.mark.parametrize(
    "docvars, present, absent",
    [
        (False, [], ["date", "title", "region"]),
        (["title"], ["title"], ["date", "region"]),
        ("region", ["region"], ["title"]),
        (True, ["date", "doc_year", "title", "source", "n_chars", "region"], []),
    ],
)
def test_docvars_choice(
    corpus: Corpus, docvars: Any, present: list[str], absent: list[str]
) -> None:
    frame = corpus.facts(docvars=docvars)
    assert set(present) <= set(frame.columns)
    assert not set(absent) & set(frame.columns)


def test_empty_tables_keep_their_columns() -> None:
    c = Corpus({"n": "只谈改革。"}, theme_model=KeywordThemes())
    facts = c.facts()
    assert facts.empty
    assert {"doc_id", "start", "end", "text", "value", "unit", "indicator", "title"} <= set(
        facts.columns
    )
    assert Corpus([]).kwic("改革").empty


def test_themes_long_format_and_shares(corpus: Corpus) -> None:
    long = corpus.themes()
    paras = corpus.paragraphs()
    body = paras[paras.role == "body"]
    assert len(long) == 3 * len(body)  # every body paragraph scored for the 3 test themes
    assert set(long.columns) >= {"doc_id", "paragraph", "theme", "score", "assigned", "year"}
    assigned = corpus.themes(assigned_only=True)
    assert assigned["assigned"].all()
    assert len(assigned) == sum(len(t) for t in body["themes"])

    shares = corpus.theme_shares("region")
    for region, group in body.groupby("region"):
        for theme in ("farmers", "workers", "economy"):
            expected = 100.0 * sum(theme in t for t in group["themes"]) / len(group)
            got = shares.loc[region, theme] if theme in shares.columns else 0.0
            assert got == pytest.approx(expected)


def test_theme_shares_by_custom_docvar(corpus: Corpus) -> None:
    corpus.set_docvar("decade", lambda d: d.year // 10 * 10 if d.year else None)
    shares = corpus.theme_shares("decade")
    assert 2020 in shares.index and shares.index.name == "decade"
    assert (shares.values >= 0).all() and (shares.values <= 100).all()


# --------------------------------------------------------------------------- kwic

KWIC_TEXT = "就业优先。稳就业、促就业。\n\nGDP增长５％，gdp总量；就就就。"


@pytest.mark.parametrize(
    "pattern, kwargs, starts",
    [
        ("就业", {}, [0, 6, 10]),
        ("5%", {}, [20]),  # full-width ５％ in the text
        ("５％", {}, [20]),  # and a full-width pattern
        ("GDP", {}, [15]),
        ("GDP", {"ignore_case": True}, [15, 23]),
        ("就就", {}, [29]),  # matches of one pattern do not overlap
        (r"[稳促]就业", {"regex": True}, [5, 9]),
        (["优先", "总量"], {}, [2, 26]),
        ("不存在", {}, []),
        (r"x*", {"regex": True}, []),  # empty matches are no keywords
    ],
)
def test_kwic_matches(pattern: Any, kwargs: dict, starts: list[int]) -> None:
    c = Corpus({"k": KWIC_TEXT})
    k = c.kwic(pattern, window=3, **kwargs)
    assert k["start"].tolist() == starts
    for row in k.itertuples():
        assert KWIC_TEXT[row.start : row.end] == row.match
        assert row.left == KWIC_TEXT[max(0, row.start - 3) : row.start]
        assert row.right == KWIC_TEXT[row.end : row.end + 3]


@pytest.mark.parametrize(
    "window, left, right",
    [(0, "", ""), (2, "", "优先"), (100, "", KWIC_TEXT[2:])],
)
def test_kwic_window_at_text_edges(window: int, left: str, right: str) -> None:
    row = Corpus({"k": KWIC_TEXT}).kwic("就业", window=window).iloc[0]
    assert (row["left"], row["right"]) == (left, right)


def test_kwic_paragraph_docvars_and_pattern_column(corpus: Corpus) -> None:
    k = corpus.kwic(["就业", "生产总值"], window=5, docvars=["year"])
    assert list(k.columns[:2]) == ["doc_id", "year"]
    assert set(k["pattern"]) == {"就业", "生产总值"}
    for row in k.itertuples():
        doc = corpus.document(row.doc_id)
        p = doc.paragraphs[row.paragraph]
        assert p.start <= row.start < p.end


@pytest.mark.parametrize("pattern, window", [("", 5), ([], 5), ("就业", -1)])
def test_kwic_rejects_bad_arguments(pattern: Any, window: int) -> None:
    with pytest.raises(ValueError):
        Corpus({"k": KWIC_TEXT}).kwic(pattern, window=window)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    "kind", ["facts", "targets", "paragraphs", "mentions", "themes", "docvars"]
)
def test_csv_has_bom_and_round_trips(corpus: Corpus, tmp_path: Path, kind: str) -> None:
    path = corpus.to_csv(tmp_path / "sub" / f"{kind}.csv", kind)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(path, encoding="utf-8-sig")
    expected = corpus.docvars if kind == "docvars" else getattr(corpus, kind)()
    assert len(back) == len(expected)
    if kind in ("facts", "targets", "paragraphs", "mentions") and len(back):
        assert back["text"].tolist() == expected["text"].tolist()
        assert back["start"].tolist() == expected["start"].tolist()
        assert set(back["title"].dropna()) == set(expected["title"].dropna())
    if kind == "facts":
        assert back["value"].tolist() == pytest.approx(expected["value"].tolist())
        assert "doc_year" in back.columns and "year" in back.columns


def test_csv_lists_are_json(corpus: Corpus, tmp_path: Path) -> None:
    back = pd.read_csv(corpus.to_csv(tmp_path / "p.csv", "paragraphs"), encoding="utf-8-sig")
    assert [json.loads(t) for t in back["themes"]] == corpus.paragraphs()["themes"].tolist()


@pytest.mark.parametrize("kind", ["facts", "paragraphs", "themes"])
def test_parquet_round_trip(corpus: Corpus, tmp_path: Path, kind: str) -> None:
    back = pd.read_parquet(corpus.to_parquet(tmp_path / f"{kind}.parquet", kind))
    expected = getattr(corpus, kind)()
    assert len(back) == len(expected)
    if kind == "facts":
        assert back["value"].tolist() == pytest.approx(expected["value"].tolist())
        assert back["text"].tolist() == expected["text"].tolist()
    if kind == "themes":
        assert back["score"].tolist() == pytest.approx(expected["score"].tolist())


def test_all_kinds_in_one_file(corpus: Corpus, tmp_path: Path) -> None:
    path = corpus.to_jsonl(tmp_path / "all.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {r["type"] for r in rows} >= {"paragraph", "fact"}
    assert all(r["region"] in ("east", "west") for r in rows)
    assert len(rows) == len(corpus.records())


# --------------------------------------------------------------------------- docstrings


@pytest.mark.parametrize("module", ["policytext.corpus", "policytext.plotting"])
def test_docstring_examples(module: str) -> None:
    import importlib

    pytest.importorskip("matplotlib")
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- plotting


@pytest.fixture
def plotting(monkeypatch: pytest.MonkeyPatch) -> Any:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import policytext.plotting as plotting

    find = plotting.cjk_font
    find.cache_clear()
    yield plotting
    find.cache_clear()


class _Font(NamedTuple):
    name: str


@pytest.mark.parametrize(
    "installed, files, expected",
    [
        (["DejaVu Sans", "Liberation Serif"], [], None),
        (["DejaVu Sans"], ["/fonts/DejaVuSans.ttf"], None),
        (["DejaVu Sans", "WenQuanYi Zen Hei"], [], "WenQuanYi Zen Hei"),
        (["AR PL UMing CN", "Noto Sans CJK JP", "Noto Sans CJK SC"], [], "Noto Sans CJK SC"),
        (["SimHei"], [], "SimHei"),
        # installed after matplotlib cached its font list: found among the system's files
        (
            ["DejaVu Sans"],
            ["/fonts/x.ttf", "/usr/share/fonts/wqy-microhei.ttc"],
            "WenQuanYi Micro Hei",
        ),
    ],
)
def test_cjk_font_discovery(
    plotting: Any,
    monkeypatch: pytest.MonkeyPatch,
    installed: list[str],
    files: list[str],
    expected: str | None,
) -> None:
    from matplotlib import font_manager

    fonts = [_Font(n) for n in installed]
    added: list[str] = []

    def addfont(path: str) -> None:
        added.append(path)
        fonts.append(_Font("WenQuanYi Micro Hei"))

    monkeypatch.setattr(font_manager.fontManager, "ttflist", fonts)
    monkeypatch.setattr(font_manager.fontManager, "addfont", addfont)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: files)
    assert plotting.cjk_font() == expected
    assert all("wqy" in p for p in added)  # only CJK-looking files are registered
    lang = "zh" if expected else "en"
    assert plotting.label("年份", "Year") == ("年份" if lang == "zh" else "Year")
    assert plotting.theme_label("workers") == plotting.THEME_LABELS["workers"][lang == "en"]


def test_plots_fall_back_to_latin_labels_without_cjk_font(
    plotting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plotting, "cjk_font", lambda: None)
    shares = pd.DataFrame(
        {"farmers": [30.0, 10.0], "environment": [1.0, 9.5]},
        index=pd.Index([1985, 2015], name="year"),
    )
    ax = plotting.plot_theme_shares(shares)
    texts = [
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_ylabel(),
        *[t.get_text() for t in ax.get_legend().get_texts()],
    ]
    assert all(t.isascii() for t in texts), texts
    assert "%" in ax.get_ylabel() and ax.get_xlabel() == "Year"
    assert [line.get_ydata().tolist() for line in ax.get_lines()] == [[30.0, 10.0], [1.0, 9.5]]
    plt.close(ax.figure)

    table = pd.DataFrame(
        {
            "year": [2021, 2019, 2020],
            "target": [6.0, 6.0, None],
            "target_high": [None, 6.5, None],
            "outcome": [8.1, 6.1, 2.3],
        }
    )
    ax = plotting.plot_targets_vs_outcomes(table)
    assert all(t.isascii() for t in (ax.get_title(), ax.get_ylabel()))
    target_line, outcome_line = ax.get_lines()[:2]
    assert target_line.get_xdata().tolist() == [2019, 2020, 2021]  # sorted by year
    assert outcome_line.get_ydata().tolist() == [6.1, 2.3, 8.1]
    plt.close(ax.figure)

    gappy = pd.DataFrame({"year": [2010, 2013], "target": [8.0, 7.5], "outcome": [10.4, 7.8]})
    ax = plotting.plot_targets_vs_outcomes(gappy, target_high=None)
    ys = ax.get_lines()[1].get_ydata().tolist()
    assert ax.get_lines()[1].get_xdata().tolist() == [2010, 2011, 2012, 2013]
    assert ys[0] == 10.4 and ys[3] == 7.8 and all(y != y for y in ys[1:3])  # NaN: a gap
    plt.close(ax.figure)
    with pytest.raises(KeyError):
        plotting.plot_theme_shares(shares, themes=["nope"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_document_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    if jobs > 1 and multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched analyser reaches worker processes only when they are forked")
    from policytext import pipeline

    real = pipeline.extract_facts

    def flaky(text: str, **kw: Any) -> Any:  # fails inside the pipeline on one document's text
        if "幼儿园" in text:
            raise RuntimeError("engine bug")
        return real(text, **kw)

    monkeypatch.setattr(pipeline, "extract_facts", flaky)
    c = Corpus(DOCS, theme_model=KeywordThemes(), jobs=jobs)
    with pytest.warns(RuntimeWarning, match="r2023"):
        facts = c.facts()
    assert set(facts["doc_id"]) == {"r2022"}
    assert [(e["doc_id"], e["error"]) for e in c.errors] == [("r2023", "analysis_failed")]
    assert "engine bug" in c.errors[0]["message"]
    assert c.kwic("幼儿园")["doc_id"].tolist() == ["r2023"]  # the text is still searchable


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    Corpus(DOCS[:2], theme_model=KeywordThemes(), progress=True).analyze()
    assert "2/2" in capsys.readouterr().err


def test_add_sample_and_frame_round_trip(corpus: Corpus) -> None:
    corpus.facts()
    more = Corpus({"extra": "新增就业2万人。"}, theme_model=KeywordThemes())
    both = corpus + more
    assert both.ids == [*corpus.ids, "extra"]
    assert both.analysis("r2022") is corpus.analysis("r2022")  # shared, not re-analysed
    with pytest.raises(ValueError):
        corpus + corpus  # duplicate ids

    s = corpus.sample(2, seed=7)
    assert len(s) == 2 and set(s.ids) <= set(corpus.ids)
    assert s.ids == [i for i in corpus.ids if i in s.ids]  # corpus order kept
    assert corpus.sample(2, seed=7).ids == s.ids
    with pytest.raises(ValueError):
        corpus.sample(4)

    frame = corpus.to_frame()
    assert list(frame.columns[:2]) == ["doc_id", "text"]
    back = Corpus.from_frame(frame)
    pd.testing.assert_frame_equal(back.docvars, corpus.docvars)
    assert [d.text for d in back] == [d.text for d in corpus]


def test_summary_counts(corpus: Corpus) -> None:
    s = corpus.summary().set_index("doc_id")
    for doc_id in corpus.ids:
        a = corpus.analysis(doc_id)
        assert s.loc[doc_id, "paragraphs"] == len(a.document.paragraphs)
        assert s.loc[doc_id, "sentences"] == len(a.document.sentences)
        for kind in ("facts", "targets", "mentions"):
            assert s.loc[doc_id, kind] == len(getattr(a, kind))
    assert s.loc["r2022", "body_paragraphs"] == 2 and s.loc["r2022", "paragraphs"] == 4
    assert "region" in s.columns


@pytest.mark.parametrize(
    "text, pattern, regex, n",
    [
        ("第一段增长５．２％。\r\n\r\n第二段增长5.2%。", "5.2%", False, 2),
        ("标题\r\n\r\n就业，就业，就业", "就业", False, 3),
        ("全年新增１,２００人，另有1,200人。", r"\d,\d{3}人", True, 2),
        ("\u3000\u3000缩进的段落提到农民工。\n\n另一段也提到农民工。", "农民工", False, 2),
    ],
)
def test_kwic_offsets_index_the_original_text(text: str, pattern: str, regex: bool, n: int) -> None:
    c = Corpus({"d": text})
    k = c.kwic(pattern, window=4, regex=regex)
    assert len(k) == n
    doc = c.document("d")
    for row in k.itertuples():
        assert text[row.start : row.end] == row.match
        assert row.left + row.match + row.right == text[max(0, row.start - 4) : row.end + 4]
        assert doc.paragraph_at(row.start).index == row.paragraph
    assert k["paragraph"].is_monotonic_increasing
