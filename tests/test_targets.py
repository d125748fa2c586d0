"""Targets and section kinds on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.facts import Fact
from policytext.targets import Target, extract_targets, section_headings, section_kinds

D = "2024-03-05"


@pytest.mark.parametrize(
    "text, section, expected",
    [
        # (text, deadline, verb, quantified) per target
        ("到2027年，全市基本建成创新型城市。", None, [("到2027年，全市基本建成创新型城市", 2027, "建成", False)]),
        ("力争到2026年，培育专精特新企业300家。", None, [("力争到2026年，培育专精特新企业300家", 2026, "力争", True)]),
        ("今年全省将新增城镇就业60万人以上。", None, [("今年全省将新增城镇就业60万人以上", 2024, "将", True)]),
        ("今年该省将把养老服务作为民生实事的重点。", None, [("今年该省将把养老服务作为民生实事的重点", 2024, "将", False)]),
        ("新建的水库将达1200万立方米库容。", None, [("将达1200万立方米库容", None, "将达", True)]),
        ("区里计划两年投入五十亿元。", None, [("计划两年投入五十亿元", None, "计划", True)]),
        ("今年拟安排专项资金80亿元、比上年增加5亿元。", "plan",
         [("今年拟安排专项资金80亿元、比上年增加5亿元", 2024, "拟", True)]),
        ("加强农田建设，新增高标准农田500万亩。", "plan", [("新增高标准农田500万亩", 2024, "新增", True)]),
        ("三年内完成老旧小区改造。", None, [("三年内完成老旧小区改造", None, "完成", False)]),
        ("“十五五”时期将累计建成绿色工厂200家。", None,
         [("“十五五”时期将累计建成绿色工厂200家", 2030, "将", True)]),
    ],
)
def test_targets(text: str, section: str | None, expected: list[tuple]) -> None:
    got = extract_targets(text, date=D, section=section)
    assert [(t.text, t.deadline, t.verb, t.quantified) for t in got] == expected
    for t in got:
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    "text, section",
    [
        ("力争取得新突破。", None),  # a commitment word alone
        ("确保游客平安返程。", None),
        ("大力推进数字政府建设。", "plan"),  # a bare task without figure or deadline
        ("预计今年粮食产量达到1.4万亿斤。", None),  # forecast
        ("预计全年财政支出28万亿元、比上年增加1万亿元。", "plan"),
        ("决赛将于3月5日晚在体育馆举行。", None),  # an event's timetable
        ("今年一季度，全区实现生产总值300亿元。", None),  # an outcome
        ("去年新增就业52万人，完成年度目标。", "plan"),  # past in a plan section
        ("全年新增城镇就业1200万人，增长5.2%。", "review"),  # review sections hold results
        ("研究院将致力于加强国际交流合作。", None),
        ("会议通过了《关于到2030年建设美丽城市的意见》。", None),  # inside a title
        ("到2021年底，已建成充电桩5万个。", None),  # a past year
        ("今年是全面实施规划的关键一年。", "plan"),
    ],
)
def test_not_targets(text: str, section: str | None) -> None:
    assert extract_targets(text, date=D, section=section) == []


def test_goal_list_split_into_items() -> None:
    text = "今年的主要预期目标是：地区生产总值增长5%左右；城镇新增就业60万人，城镇调查失业率5.5%以内；居民收入增长和经济增长同步。"
    got = extract_targets(text, date=D, section="plan")
    assert [t.text for t in got] == [
        "今年的主要预期目标是：地区生产总值增长5%左右",
        "城镇新增就业60万人",
        "城镇调查失业率5.5%以内",
        "居民收入增长和经济增长同步",
    ]
    assert {t.verb for t in got} == {"预期目标"}
    assert {t.deadline for t in got} == {2024}
    assert [t.quantified for t in got] == [True, True, True, False]


def test_goal_list_keeps_riders_with_their_item() -> None:
    text = "主要预期目标是：生产总值增长5%左右，在实际工作中努力争取更好结果；粮食产量稳定在300亿斤以上。"
    got = extract_targets(text, date="2026-01", section="plan")
    assert [t.object for t in got] == ["生产总值增长5%左右，在实际工作中努力争取更好结果", "粮食产量稳定在300亿斤以上"]
    assert [t.deadline for t in got] == [2026, 2026]


def test_facts_are_linked_by_containment() -> None:
    text = "前言部分有12个案例。今年计划新建学校16所。"
    facts = [
        Fact(start=5, end=8, text="12个", value=12, unit="个"),
        Fact(start=18, end=21, text="16所", value=16, unit="所"),
    ]
    (t,) = extract_targets(text, facts, date=D)
    assert isinstance(t, Target)
    assert t.facts == [1]
    assert t.to_record()["facts"] == [1]


def test_no_date_leaves_relative_deadlines_open() -> None:
    (t,) = extract_targets("今年将新建公园30个。")
    assert t.deadline is None and t.period == "今年"


def test_section_kinds_for_a_work_report() -> None:
    paras = [
        ("政府工作报告", "heading"),
        ("各位代表：", "other"),
        ("一、2023年工作回顾", "heading"),
        ("过去一年，经济回升向好。", "body"),
        ("（一）稳定经济运行。", "body"),
        ("二、2024年经济社会发展总体要求和政策取向", "heading"),
        ("今年发展主要预期目标是：增长5%左右。", "body"),
        ("三、2024年政府工作任务", "heading"),
        ("五年来，我们办成了许多大事。", "body"),
        ("加快建设现代化产业体系。", "body"),
    ]
    assert section_kinds(paras, date=D) == [
        None, None, "review", "review", "review", "plan", "plan", "plan", "review", "plan",
    ]


def test_section_kinds_review_turns_to_plan_on_the_current_year() -> None:
    paras = [
        ("一、1999年国内工作回顾", "heading"),
        ("经济结构有所调整。", "body"),
        ("2000年是世纪交替之年，做好今年工作意义重大。", "body"),
        ("二、坚持扩大内需", "heading"),
    ]
    assert section_kinds(paras, date="2000-03-05") == ["review", "review", "plan", "plan"]


def test_news_without_headings_has_no_sections() -> None:
    assert section_kinds([("记者从有关部门了解到，今年将新建公园30个。", "body")], date=D) == [None]


@pytest.mark.parametrize(
    "text, section, expected",
    [
        # a plan run of tasks, each with its own figure: one target per task
        ("新建污水管网80公里，新增停车位2000个，改造背街小巷40条。", "plan",
         ["新建污水管网80公里", "新增停车位2000个", "改造背街小巷40条"]),
        # a clause that only qualifies the figure before it stays with it
        ("新增养老床位3000张，比上年增加500张。", "plan", ["新增养老床位3000张，比上年增加500张"]),
        # a commitment that is complete in its first clause: later tasks are their own targets
        ("区里计划两年投入五十亿元，培育3个特色产业园。", None, ["计划两年投入五十亿元", "培育3个特色产业园"]),
        # a commitment with its deadline first governs the whole list
        ("力争到2028年，专利授权量突破900件，技术合同成交额达到20亿元。", None,
         ["力争到2028年，专利授权量突破900件，技术合同成交额达到20亿元"]),
        # a premise (在…基础上) is not the goal
        ("银行将在前期发放贷款50亿元的基础上，继续加大支持。", None, []),
        # an itinerary, an enumeration word
        ("考察队将前往海拔超过4000米的冰川。", None, []),
        ("统筹推进稳就业、保民生两项基本任务。", "plan", []),
    ],
)
def test_clause_lists(text: str, section: str | None, expected: list[str]) -> None:
    assert [t.text for t in extract_targets(text, date=D, section=section)] == expected


def test_duration_leaves_deadline_open_in_a_plan() -> None:
    (t, _) = extract_targets("县里计划三年投入专项资金9亿元，培育2个产业集群。", date=D, section="plan")
    assert t.deadline is None and t.period == "三年"


def test_goal_list_continues_from_the_previous_paragraph() -> None:
    got = extract_targets(
        "地区生产总值增长6%左右；城镇新增就业3万人以上；外贸结构继续优化。",
        date=D, section="plan", lead="今年全市发展的主要预期目标是：",
    )
    assert [(t.text, t.verb, t.deadline) for t in got] == [
        ("地区生产总值增长6%左右", "预期目标", 2024),
        ("城镇新增就业3万人以上", "预期目标", 2024),
        ("外贸结构继续优化", "预期目标", 2024),
    ]
    # without the cue the figure-less item is not a target
    assert [t.text for t in extract_targets("外贸结构继续优化。", date=D, section="plan")] == []


def test_five_year_plan_section_gives_its_end_year() -> None:
    text = "——坚持创新驱动。研发经费投入年均增长8%以上。"
    (t,) = extract_targets(text, date="2026-01", section="plan", heading="二、“十五五”时期主要目标任务")
    assert t.deadline == 2030 and t.verb == "增长"
    (t,) = extract_targets(text, date="2026-01", section="plan", heading="三、2026年重点工作")
    assert t.deadline == 2026


def test_review_sentences_inside_a_plan_paragraph() -> None:
    text = "过去一年，全市生产总值增长5.6%，新增就业12万人。今年将新增就业13万人。"
    assert [t.text for t in extract_targets(text, date=D, section="plan")] == ["今年将新增就业13万人"]


def test_heading_joined_to_its_paragraph() -> None:
    paras = [
        ("一、2025年工作回顾", "heading"),
        ("二、“十四五”成就和“十五五”目标\n这五年，我们办成了许多大事。", "body"),
        ("“十五五”时期是关键时期。", "body"),
    ]
    assert section_kinds(paras, date="2026-01") == ["review", "review", "plan"]
    assert section_headings(paras)[2] == "二、“十四五”成就和“十五五”目标"


@pytest.mark.parametrize(
    "text",
    [
        "项目全部投产后将每年增加化工原料80万吨。",  # an effect of a project, a forecast
        "今年首次将托育服务纳入民生实事。",  # 首次将 = 首次把, a report
        "精准施肥是今年该县确保粮食增产的重要手段之一。",
        "做好今年工作，要注重把握以下几点。",
    ],
)
def test_not_goals(text: str) -> None:
    assert extract_targets(text, date=D, section=None) == []


def test_run_first_rules_match_as_plain_regex() -> None:
    """Duration rules scanned from their literal find exactly the matches of the plain regex."""
    import re

    from policytext.targets import _run_first

    texts = ["三年内完成，去年内，12年之内", "二十年左右时间；一二三年内年内", "5年投入，十年建成，年内", "九九年之内三"]
    for pattern in [r"(?P<n>[一二两三四五六七八九十\d]+)年(?:内|之内|左右时间)",
                    r"(?P<n>[一二两三四五六七八九十\d]+)年(?=[投建完实新培开累]|时间)"]:  # fmt: skip
        fast, plain = _run_first(pattern), re.compile(pattern)
        for text in texts:
            for pos in range(len(text)):
                for end in (len(text), len(text) - 2, pos + 3):
                    want = [m.span() for m in plain.finditer(text, pos, end)]
                    assert [m.span() for m in fast.finditer(text, pos, end)] == want, (text, pos, end)


OPENER_ALPHABET = "年内之左右时间底前今明两到本世纪中叶要将达超过突破力争确保求取努实现计划拟即末十五“”0129，。；：主需目标新增亿元"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=OPENER_ALPHABET, min_size=1, max_size=40), lead=st.none() | st.text(alphabet=OPENER_ALPHABET, max_size=12))
def test_quiet_paragraphs_hold_no_opener(text: str, lead: str | None) -> None:
    """The opener gate is exact: a paragraph it calls quiet has no commitment word and no
    strong time phrase, so the full rules find no target in it either."""
    from policytext.targets import _commitments, _quiet, _times

    if not _quiet(text, lead):
        return
    assert _commitments(text) == []
    assert not any(t.strong for t in _times(text, 2024))
    assert not any(t.strong for t in _times(text, None))


def test_opener_gate_on_every_rule() -> None:
    """Every commitment word and strong time phrase of the shipped rules, in a made-up
    sentence, wakes the gate; the gate is built (no rule lacks its strings)."""
    from policytext.targets import _opener_cue, _quiet

    assert _opener_cue() is not None
    for word in ["力争", "确保", "力求", "争取", "努力实现", "计划建设", "拟安排", "将达到", "将建成", "即将",
                 "要加强", "到2030年", "2027年底前", "“十五五”末", "到本世纪中叶", "今明两年", "三年内",
                 "年底前", "本年度内"]:  # fmt: skip
        assert not _quiet(f"全市{word}新增企业5家。", None), word
    assert _quiet("全市新增企业5家。", None)
    assert not _quiet("全市新增企业5家。", "主要目标是：")


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="甲乙（(“‘《【「）)”’》】」。！？!?\n；;，,：:", max_size=30), data=st.data())
def test_paragraph_split_matches_plain_split(text: str, data: st.DataObject) -> None:
    """_Para.split (marks found once per paragraph, walked as bit-coded keys) splits as the
    regex-based _split does, for every kind of mark and every window."""
    from policytext.targets import _CLAUSE_END, _SEG_END, _SENT_END, _Para, _split

    para = _Para(text, (), [], None)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for marks in (_SENT_END, _SEG_END, _CLAUSE_END, _CLAUSE_END + _SEG_END):
        assert para.split(a, b, marks) == _split(text, a, b, marks), (text, a, b, marks)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=OPENER_ALPHABET + "三十五投建时间", min_size=1, max_size=40))
def test_deadline_rule_needles_hold_every_match(text: str) -> None:
    """Every match of a deadline rule holds one of the needles _TimeScan gates it on
    (for a rule scanned from its tail, the tail's finite words)."""
    import re

    from policytext.targets import _deadline_rules, load_rules

    for rule, (rx, _) in zip(_deadline_rules(), load_rules().deadlines, strict=True):
        plain = re.compile(getattr(rx, "rule", rx).pattern if not hasattr(rx, "rx") else rx.rx.pattern)
        for m in plain.finditer(text):
            assert not rule.needles or any(n in m.group() for n in rule.needles), (rx.pattern, text)
