"""Paragraph themes: lexicon scorer, ThemeClassifier (scikit-learn compatibility, JSON+npz
round trip), blend/default model, loading, and ``policytext train`` on a user's CSV.

All sentences below are written for these tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

import policytext
from policytext.themes import (
    THEMES,
    LexiconThemeScorer,
    ThemeAssignment,
    ThemeClassifier,
    default_theme_model,
    load_lexicon,
    load_theme_model,
    main,
    split_units,
)

# --------------------------------------------------------------------------- lexicon


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年粮食总产量稳定在1.3万亿斤以上，农民人均可支配收入增长6%。", {"farmers"}),
        ("规上工业增加值增长7%，新培育专精特新企业120家，先进制造业集群加快壮大。", {"industry"}),
        ("全市研发经费投入强度达到3.1%，新建省级重点实验室8家。", {"innovation"}),
        ("城镇新增就业52万人，开展职业技能培训18万人次。", {"workers"}),
        ("新建改建幼儿园30所，义务教育阶段学校全部达到标准化办学要求。", {"education"}),
        ("推进城市大气污染治理，PM2.5平均浓度下降到29微克，地表水水质优良比例提高。", {"environment"}),
        ("新增养老服务床位5000张，城乡居民基本医疗保险财政补助标准再提高30元。", {"social"}),
        ("全省生产总值增长5.2%，社会消费品零售总额突破两万亿元，进出口总额稳中有升。", {"economy"}),
        ("深化全面从严治党，持之以恒纠治形式主义、官僚主义，坚定不移推进反腐败斗争。", {"governance"}),
        ("今年举办大学生创业大赛，为高校毕业生提供实习岗位两万个。", {"students"}),
    ],
)
def test_lexicon_single_theme(text: str, expected: set[str]) -> None:
    a = LexiconThemeScorer().assign([text])[0]
    assert set(a.themes) == expected
    for theme in expected:
        assert a.evidence[theme], "a theme comes with the terms that fired it"


@pytest.mark.parametrize(
    "text",
    [
        "坚定不移推进祖国和平统一，深化两岸交流合作。",  # Taiwan affairs: no theme
        "各位代表，请大会审议并提出意见。",  # procedural line
        "加强国防和军队现代化建设。",  # defence
    ],
)
def test_lexicon_no_theme(text: str) -> None:
    assert LexiconThemeScorer().assign([text])[0].themes == []


def test_passing_mention_is_not_a_theme() -> None:
    # one clause on schooling inside a long paragraph about farming does not make it education
    text = ("加快建设高标准农田，今年新建120万亩。稳定粮食播种面积，粮食产量保持在600亿斤以上。"
            "发展农村集体经济，促进农民持续增收，同时办好乡村学校。")
    a = LexiconThemeScorer().assign([text])[0]
    assert a.themes == ["farmers"]
    assert a.scores["education"] < 0.5


def test_scores_cover_every_theme_in_unit_interval() -> None:
    a = LexiconThemeScorer().assign(["推动制造业数字化转型。"])[0]
    assert set(a.scores) == set(THEMES)
    assert all(0.0 <= s <= 1.0 for s in a.scores.values())


def test_contextual_terms_do_not_override_an_area_theme() -> None:
    # a reform inside one area gets that area's theme only, not governance
    a = LexiconThemeScorer().assign(["深化医疗卫生体制改革，推进公立医院改革试点。"])[0]
    assert "social" in a.themes and "governance" not in a.themes


def test_split_units_keeps_offsets() -> None:
    t = "第一句。第二段；第三句！"
    assert [t[s:e] for s, e in split_units(t)] == ["第一句。", "第二段；", "第三句！"]


def test_user_lexicon_plain_lists(tmp_path: Path) -> None:
    path = tmp_path / "lex.json"
    path.write_text(json.dumps({"housing": ["住房", "租赁"], "transport": ["地铁", "公交"]},
                               ensure_ascii=False), encoding="utf-8")
    model = load_theme_model(path)
    a = model.assign(["新开通地铁线路两条，优化公交线网。", "筹集保障性租赁住房一万套。"])
    assert [x.themes for x in a] == [["transport"], ["housing"]]
    assert load_lexicon(path)["themes"]["housing"]["住房"] == 3.0


# --------------------------------------------------------------------------- classifier

TOPICS = {
    "farm": ["粮食", "农民", "农村", "耕地", "乡村", "养殖", "种植", "农业"],
    "factory": ["制造业", "工厂", "生产线", "企业", "工业", "产能", "园区", "设备"],
    "school": ["学校", "教师", "课程", "学生", "幼儿园", "教学", "校园", "招生"],
}
FILLER = ["今年", "继续", "推进", "加快", "全面", "提升", "建设", "完善"]


def synthetic(n_per_class: int = 12, seed: int = 0) -> tuple[list[str], list[str]]:
    """Short made-up texts: topic words with neutral filler, one topic per text."""
    rng = np.random.default_rng(seed)
    X, y = [], []
    for label, words in TOPICS.items():
        for _ in range(n_per_class):
            picked = list(rng.choice(words, 3, replace=False)) + list(rng.choice(FILLER, 2))
            rng.shuffle(picked)
            X.append("，".join(picked) + "。")
            y.append(label)
    return X, y


@pytest.fixture(scope="module")
def data() -> tuple[list[str], list[str]]:
    return synthetic()


def test_classifier_learns_and_predicts(data) -> None:
    X, y = data
    clf = ThemeClassifier(min_df=1).fit(X, y)
    assert list(clf.classes_) == ["factory", "farm", "school"]
    assert clf.predict(["农民种植粮食。", "企业新建生产线。", "学校招聘教师。"]).tolist() == [
        "farm", "factory", "school"]
    proba = clf.predict_proba(X)
    assert proba.shape == (len(X), 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert clf.decision_function(X).shape == (len(X), 3)
    assert clf.score(X, y) == 1.0


def test_constructor_stores_params_only() -> None:
    clf = ThemeClassifier(C=2.5, lexicon="default")
    assert clf.get_params()["C"] == 2.5 and clf.get_params()["lexicon"] == "default"
    assert not hasattr(clf, "coef_")
    clf.set_params(C=0.5)
    assert clf.C == 0.5


def test_clone_gives_unfitted_copy_with_same_params(data) -> None:
    X, y = data
    clf = ThemeClassifier(min_df=1, C=3.0).fit(X, y)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    assert not hasattr(twin, "coef_")


def test_pipeline_and_grid_search(data) -> None:
    X, y = data
    pipe = Pipeline([("strip", FunctionTransformer(lambda xs: [x.strip() for x in xs])),
                     ("clf", ThemeClassifier(min_df=1))])
    grid = GridSearchCV(pipe, {"clf__C": [0.5, 4.0], "clf__char_ngram_range": [None, (1, 2)]},
                        cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="f1_macro")
    grid.fit(X, y)
    assert set(grid.best_params_) == {"clf__C", "clf__char_ngram_range"}
    assert grid.best_score_ > 0.8
    assert grid.predict(["乡村养殖和种植。"]).tolist() == ["farm"]


def test_multilabel_fit_predict(data) -> None:
    X, y = data
    Y = [[label] for label in y]
    X = X + ["粮食种植，学校招生。", "农村学校，乡村教师。"]
    Y = Y + [["farm", "school"], ["farm", "school"]]
    clf = ThemeClassifier(min_df=1, threshold=0.4).fit(X, Y)
    assert clf.multilabel_ and list(clf.classes_) == ["factory", "farm", "school"]
    pred = clf.predict(["工厂生产线，企业设备。"])
    assert pred.shape == (1, 3) and pred[0].tolist() == [1, 0, 0]
    assert clf.predict_labels(["种植粮食的农民。"]) == [["farm"]]
    # an indicator matrix works too
    ind = np.array([[lab in labels for lab in ("factory", "farm", "school")] for labels in Y], dtype=int)
    assert ThemeClassifier(min_df=1).fit(X, ind).predict(X[:1]).shape == (1, 3)


@pytest.mark.parametrize("lexicon", [None, "default"])
def test_save_load_round_trip(tmp_path: Path, data, lexicon) -> None:
    X, y = data
    clf = ThemeClassifier(min_df=1, lexicon=lexicon).fit(X, y)
    clf.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["model.json", "weights.npz"]
    back = ThemeClassifier.load(tmp_path / "m")
    probe = X + ["农业农村工作。", "制造业和学校。", "无关的一句话。"]
    assert back.predict(probe).tolist() == clf.predict(probe).tolist()
    assert np.allclose(back.predict_proba(probe), clf.predict_proba(probe), atol=1e-6)
    assert back.get_params() == clf.get_params()
    # the loaded model is a theme model: assign() with evidence
    a = load_theme_model(tmp_path / "m").assign(["农民种植粮食。"])[0]
    assert isinstance(a, ThemeAssignment) and a.themes == ["farm"] and a.evidence["farm"]


def test_no_pickle_in_saved_model(tmp_path: Path, data) -> None:
    X, y = data
    ThemeClassifier(min_df=1).fit(X, y).save(tmp_path / "m")
    with np.load(tmp_path / "m" / "weights.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)


# --------------------------------------------------------------------------- default model, pipeline


def test_default_model_is_loaded_once_and_assigns() -> None:
    model = default_theme_model()
    assert default_theme_model() is model
    a = model.assign(["加快发展现代农业，粮食产量稳定增长，农民收入持续提高。"])[0]
    assert a.themes == ["farmers"]
    assert set(THEMES) <= set(a.scores) and all(0 <= s <= 1 for s in a.scores.values())


def test_analyze_uses_a_custom_theme_model(tmp_path: Path) -> None:
    path = tmp_path / "lex.json"
    path.write_text(json.dumps({"housing": ["住房"]}, ensure_ascii=False), encoding="utf-8")
    a = policytext.analyze("今年新建保障性住房一万套。", doc_id="d", theme_model=load_theme_model(path))
    assert a.paragraphs[0]["themes"] == ["housing"]
    assert a.paragraphs[0]["evidence"] == {"housing": ["住房"]}


# --------------------------------------------------------------------------- policytext train


def write_csv(path: Path, rows: list[tuple[str, str]], cols=("text", "label")) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(rows)


def test_train_csv_custom_taxonomy(tmp_path: Path, data, capsys) -> None:
    X, y = data
    write_csv(tmp_path / "lab.csv", list(zip(X, y, strict=False)), cols=("body", "topic"))
    out = tmp_path / "model"
    rc = main(["--csv", str(tmp_path / "lab.csv"), "--text-col", "body", "--label-col", "topic",
               "-o", str(out), "--cv", "3"])
    assert rc == 0
    assert "cross-validated macro-F1" in capsys.readouterr().out
    model = load_theme_model(out)
    assert model.predict(["学校教师课程。"]).tolist() == ["school"]
    a = policytext.analyze("乡村种植粮食，农民养殖。", doc_id="d", theme_model=model)
    assert a.paragraphs[0]["themes"] == ["farm"]


def test_train_csv_multilabel(tmp_path: Path, data) -> None:
    X, y = data
    rows = list(zip(X, y, strict=False)) + [("粮食种植，学校招生。", "farm;school")] * 2
    write_csv(tmp_path / "lab.csv", rows)
    assert main(["--csv", str(tmp_path / "lab.csv"), "--multi-sep", ";", "-o", str(tmp_path / "m")]) == 0
    assert load_theme_model(tmp_path / "m").multilabel_


def test_train_lexicon(tmp_path: Path) -> None:
    lex = tmp_path / "lex.json"
    lex.write_text(json.dumps({"roads": {"公路": 3, "桥梁": 3}}, ensure_ascii=False), encoding="utf-8")
    assert main(["--lexicon", str(lex), "-o", str(tmp_path / "m")]) == 0
    assert load_theme_model(tmp_path / "m").assign(["新建农村公路和桥梁。"])[0].themes == ["roads"]


def test_train_missing_column_is_a_clear_error(tmp_path: Path, data) -> None:
    write_csv(tmp_path / "lab.csv", [("a", "b")])
    with pytest.raises(SystemExit, match="column 'content'"):
        main(["--csv", str(tmp_path / "lab.csv"), "--text-col", "content", "-o", str(tmp_path / "m")])
