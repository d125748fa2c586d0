"""The fact engine on sentences written for these tests (real-looking figures, own wording)."""

from __future__ import annotations

import pytest

from policytext.facts import Fact, extract_facts


def one(text: str, **kw: object) -> Fact:
    facts = extract_facts(text, **kw)  # type: ignore[arg-type]
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "quantity"),
    [
        ("全县财政收入达到86.3亿元。", "86.3亿元", 8.63e9, "CNY", "amount"),
        ("计划三年内投入百亿元用于改造。", "百亿元", 1e10, "CNY", "amount"),
        ("出口额为1.2万亿美元。", "1.2万亿美元", 1.2e12, "USD", "amount"),
        ("园区共有企业1,234家。", "1,234家", 1234, "家", "count"),
        ("全省新增就业６．５万人。", "６．５万人", 65000, "人", "count"),
        ("建成两千三百个服务站。", "两千三百个", 2300, "个", "count"),
        ("城市空气优良率为８５．５％。", "８５．５％", 85.5, "%", "percent"),
        ("粮食产量达1.4万亿斤。", "1.4万亿斤", 1.4e12, "jin", "measure"),
        ("新建高标准农田3.2万亩。", "3.2万亩", 32000, "mu", "measure"),
        ("整治河道420公里。", "420公里", 420, "km", "measure"),
        ("规划面积18.6平方公里。", "18.6平方公里", 18.6, "km2", "measure"),
        ("年供水能力5亿立方米。", "5亿立方米", 5e8, "m3", "measure"),
        ("光伏装机新增120万千瓦。", "120万千瓦", 1.2e6, "kW", "measure"),
        ("全年发电量300亿千瓦时。", "300亿千瓦时", 3e10, "kWh", "measure"),
        ("造林面积2.5万公顷。", "2.5万公顷", 25000, "ha", "measure"),
        ("清运垃圾12万吨。", "12万吨", 120000, "t", "measure"),
        ("覆盖全市30万大学生。", "30万", 300000, None, "count"),
        ("受益群众将达120万。", "120万", 1.2e6, None, "count"),
        ("辖区内有8街道。", "8", 8, None, "count"),
        ("超过一半的村实现增收。", "超过一半", 50, "%", "percent"),
        ("三分之一的资金用于民生。", "三分之一", 100 / 3, "%", "percent"),
        ("惠及上百万农户。", "上百万", 1e6, None, "count"),
        ("引进数十家研发机构。", "数十家", 10, "家", "count"),
        ("落实三千余万元补助。", "三千余万元", 3e7, "CNY", "amount"),
        ("每亩补贴1500元/亩。", "1500元/亩", 1500, "CNY/mu", "amount"),
        ("网站访问量达2.3 亿人次。", "2.3 亿人次", 2.3e8, "人次", "count"),
        ("全省营收突破万亿元。", "突破万亿元", 1e12, "CNY", "amount"),
        ("七成以上的农户参加了合作社。", "七成以上", 70, "%", "percent"),
        ("细颗粒物浓度降至28微克/立方米。", "28微克/立方米", 28, "ug/m3", "measure"),
        ("赛事设15个分项。", "15个", 15, "个", "count"),
        ("外贸规模约占全国1/4。", "1/4", 25, "%", "percent"),
        ("电力装机新增五十三万千瓦。", "五十三万千瓦", 530000, "kW", "measure"),
        ("全年外送电量120亿度。", "120亿度", 1.2e10, "kWh", "measure"),
    ],
)
def test_value_unit_quantity(text: str, span: str, value: float, unit: str | None, quantity: str) -> None:
    f = one(text)
    assert f.text == span
    assert text[f.start:f.end] == span
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.quantity == quantity


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("工业增加值同比增长7.1%。", 7.1, "%"),
        ("单位能耗下降3.2%。", -3.2, "%"),
        ("城镇化率提高1.5个百分点。", 1.5, "pp"),
        ("税收收入比上年增加260亿元。", 2.6e10, "CNY"),
        ("贫困人口减少1200万。", -1.2e7, None),
        ("网上零售额增长2倍。", 2, "倍"),
        ("整体审批时间压缩了一半以上。", -50, "%"),
        ("物价涨幅3%左右。", 3, "%"),
    ],
)
def test_changes_and_signs(text: str, value: float, unit: str | None) -> None:
    f = one(text)
    assert f.quantity == "change"
    assert f.value == pytest.approx(value)
    assert f.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "覆盖率提高到92%。",  # a level reached, not a change
        "市场份额从8%提升到11%。",
    ],
)
def test_levels_reached_are_percent(text: str) -> None:
    assert {f.quantity for f in extract_facts(text)} == {"percent"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("该区营商环境排名全省第一。", 1),
        ("该市综合评价名列第三。", 3),
        ("人均收入居全市首位。", 1),
        ("出口增速居全国第4位。", 4),
        ("我国是全球第二大消费市场。", 2),
        ("该省营商环境排名升至12位。", 12),
    ],
)
def test_ranks(text: str, value: float) -> None:
    f = one(text)
    assert (f.quantity, f.value, f.unit) == ("rank", value, None)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("参观人数约3.5万人次。", "approx"),
        ("增长6%左右。", "approx"),
        ("新增岗位近2000个。", "approx"),
        ("投资超过300亿元。", "over"),
        ("营收突破千亿元。", "over"),
        ("开展活动500余场。", "over"),
        ("培训工人1200人以上。", "over"),
        ("补贴最高5000元。", "up_to"),
        ("失业率控制在5.5%以下。", "under"),
        ("不足10%的企业完成改造。", "under"),
        ("累计建成基站3.1万个。", "cumulative"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    assert one(text).qualifier == qualifier


def test_a_word_ending_in_a_qualifier_character_is_not_a_qualifier() -> None:
    f = one("新工艺节约30%的用水。")
    assert (f.text, f.qualifier) == ("30%", None)


def test_several_qualifiers_make_a_list() -> None:
    assert one("近五年累计培育企业300多家。").qualifier == ["over", "cumulative"]


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("预期增长6%－6.5%。", 6, 6.5, "%"),
        ("目标增长4.5%至5%。", 4.5, 5, "%"),
        ("每人补助3000—5000元。", 3000, 5000, "CNY"),
        ("建设2至3个示范区。", 2, 3, "个"),
    ],
)
def test_ranges(text: str, value: float, high: float, unit: str) -> None:
    f = one(text)
    assert (f.value, f.value_high, f.unit) == (value, high, unit)


@pytest.mark.parametrize(
    "text",
    [
        "2023年5月，项目开工。",
        "历时4个多月的征集结束了。",
        "近三年来变化明显。",
        "毕业5年内的青年可以申请。",
        "为0~6岁儿童提供服务。",
        "发布1.0版标准。",
        "举办首届博览会。",
        "第二十一届大会闭幕。",
        "十四届全国人大二次会议召开。",
        "实施“十四五”规划。",
        "推进“两新”工作。",
        "关心一老一小。",
        "落实“1+1+6”体系。",
        "践行“五个共同”理念。",
        "实施八大行动。",
        "打造千亿级产业。",
        "建设世界级港口。",
        "建成10万吨级码头。",
        "创建5A级景区。",
        "创新是第一动力。",
        "印发《三年行动计划（2023—2025年）》和《若干政策20条》。",
        "这是一个重要的节点。",
        "拨打12345热线。",
        "5G基站和C919客机。",
        "请按附件3填报。",
        "坚持中央八项规定精神。",
        "发展汽车零部件产业。",
        "出口保持两位数增长。",
        "把温暖送到千家万户。",
        "气温最高达38度。",
        "该企业入围全国百强，位列民营企业500强。",
        "市区两级按照1：1比例分担。",
        "详见专栏2和附表3。",
        "3.2在试点地区推广。",
        "企业开办时间压缩至3个工作日。",
    ],
)
def test_not_facts(text: str) -> None:
    assert extract_facts(text) == []


def test_bare_numbers_in_a_list_share_the_last_unit() -> None:
    facts = extract_facts("城乡覆盖率分别提高3.5、12个百分点。")
    assert [(f.text, f.value, f.unit) for f in facts] == [("3.5", 3.5, "pp"), ("12个百分点", 12, "pp")]


@pytest.mark.parametrize("text", ["气温升到35度。", "第3位获奖者发言。", "截止日期6/1。"])
def test_more_non_facts(text: str) -> None:
    assert extract_facts(text) == []


def test_distributive_list_binds_indicators() -> None:
    text = "全县粮食产量和蔬菜产量分别为52.3万吨、18.6万吨，分别增长2.1%、4.5%。"
    facts = extract_facts(text)
    assert [f.value for f in facts] == pytest.approx([523000, 186000, 2.1, 4.5])
    assert [f.indicator for f in facts] == ["粮食产量", "蔬菜产量", "粮食产量", "蔬菜产量"]
    assert [f.quantity for f in facts] == ["measure", "measure", "change", "change"]


def test_indicators_before_and_after() -> None:
    text = "去年，全市地区生产总值8200亿元，增长5.6%；建成32所中小学。"
    facts = extract_facts(text, date="2024-02")
    assert [f.indicator for f in facts] == ["地区生产总值", "地区生产总值", "中小学"]


def test_period_and_year_resolution() -> None:
    text = "今年第一季度，出口额增长9%。去年，进口额下降2%。截至2021年底，注册企业4万家。"
    facts = extract_facts(text, date="2022-05-10")
    assert [(f.period, f.year) for f in facts] == [
        ("今年第一季度", 2022), ("去年", 2021), ("截至2021年底", 2021),
    ]  # fmt: skip


def test_year_never_from_clock_and_context_year() -> None:
    assert one("出口额增长9%。").year is None
    assert one("出口额增长9%。", context_year=2023).year == 2023
    assert one("今年出口额增长9%。", context_year=2023).year is None  # 今年 needs a date
    assert one("今年出口额增长9%。", date="2024").year == 2024


def test_comparison_base_is_not_the_period() -> None:
    f = extract_facts("2021年零售总额比2012年增长1.1倍。")[0]
    assert f.period == "2021年"


def test_to_record_has_spec_fields() -> None:
    rec = one("投资12亿元。").to_record()
    for key in ("start", "end", "text", "value", "value_high", "unit", "quantity", "qualifier",
                "indicator", "period", "year"):
        assert key in rec


def test_offsets_in_longer_text() -> None:
    text = "第一段没有数字。\n第二段：新建学校12所，投入资金3.4亿元。"
    for f in extract_facts(text):
        assert text[f.start:f.end] == f.text


@pytest.mark.parametrize(
    ("text", "kw", "period", "year"),
    [
        ("“十四五”时期，累计新增就业5000万人。", {}, "“十四五”时期", None),
        ("2021年1-9月，出口增长20%。", {}, "2021年1-9月", 2021),
        ("前三季度，投资增长5%。", {"date": "2023-10-20"}, "前三季度", 2023),
        ("到2025年，建成基站10万个。", {}, "到2025年", 2025),
        ("上半年，进口下降3%。", {"date": "2023-03", "context_year": 2022}, "上半年", 2022),
        ("近五年，累计减税2万亿元。", {"date": "2023-03"}, "近五年", None),
        ("截至2022年底，注册用户3亿户。", {}, "截至2022年底", 2022),
        ("在2023年度考核中，此次共评出先进单位12家。", {"date": "2024-05"}, "2023年度", 2023),
        ("近日，有关部门推出30项举措。", {"date": "2024-05"}, "近日", 2024),
    ],
)
def test_periods(text: str, kw: dict, period: str, year: int | None) -> None:
    f = extract_facts(text, **kw)[-1]
    assert (f.period, f.year) == (period, year)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        # a place ranked inside a contest named by 在…中
        ("在全省营商环境评价中，该县排名第二。", "营商环境评价"),
        # place and time before the counted thing
        ("梳理出18项该市今年重点推进的改革。", "重点推进"),
        # a count glued to the next figure counts the same thing
        ("建成1条420公里长输水干线。", "长输水干线"),
        # one-character nouns of older reports
        ("煤由六亿吨增加到八亿吨。", "煤"),
        # verbs that also make nouns are not cut (转移支付, 签约服务, 开发区)
        ("争取中央转移支付资金400亿元。", "中央转移支付资金"),
        ("经济技术开发区生产总值增长8%。", "经济技术开发区生产总值"),
        ("新建成应急水源10个。", "应急水源"),
        # a cut word at the start of a following noun phrase is a prefix
        ("1200个新投产项目增加产值300亿元。", "新投产项目增加产值"),
    ],
)
def test_indicator_rules(text: str, indicator: str) -> None:
    assert extract_facts(text)[0].indicator == indicator


def test_parallel_modifiers_share_the_head() -> None:
    facts = extract_facts("城镇、农村居民人均消费支出分别增长4.1%、6.3%。")
    assert [f.indicator for f in facts] == ["城镇居民人均消费支出", "农村居民人均消费支出"]


@pytest.mark.parametrize(
    ("text", "span", "indicator"),
    [
        # the subject of a rank clause, even when it is a change word
        ("两区产值分别增长8.1%、7.7%，增速居全省首位。", "居全省首位", "增速"),
        ("投资增长5%，增速高于全省0.8个百分点。", "0.8个百分点", "增速"),
        # a figure qualifying the money noun after it
        ("县财政安排2亿元奖补资金。", "2亿元", "奖补资金"),
        ("对新认定的企业给予最高200万元奖励。", "最高200万元", "奖励"),
        ("按每户2000元的标准给予一次性补助。", "2000元", "一次性补助"),
        ("每年安排不少于50%的土地出让收益用于农业。", "不少于50%", "土地出让收益"),
        # a verb of doing inside a long subject: its object is measured
        ("交通部门今年计划开行夜间公交线路35条。", "35条", "夜间公交线路"),
        # a generic total names the same thing as the figure before it
        ("新增上市公司12家，总数达到86家。", "86家", "新增上市公司"),
        # a one-character place noun after a count
        ("覆盖周边5个镇3万多名群众。", "5个", "镇"),
        # per-household and per-capita words keep their 均
        ("全村户均增收6200元。", "6200元", "全村户均"),
        ("减碳约30万吨。", "约30万吨", "减碳"),
    ],
)
def test_indicator_generalisations(text: str, span: str, indicator: str) -> None:
    fact = next(f for f in extract_facts(text) if f.text == span)
    assert fact.indicator == indicator


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # a count word referring back to things already named is a determiner
        ("出口和进口分别增长6%和4%，两项指标均居全国前列。", ["6%", "4%"]),
        ("上述三个项目都已开工。", []),
        ("引进两条智能生产线。", ["两条"]),
        # the base of a rate
        ("每千名老年人拥有养老床位32张。", ["32张"]),
        ("每10万人口拥有卫生技术人员780人。", ["780人"]),
        # 来 as an approximate suffix
        ("一天能挣200来块钱。", ["200来块钱"]),
    ],
)
def test_which_counts_are_facts(text: str, spans: list[str]) -> None:
    assert [f.text for f in extract_facts(text)] == spans


@pytest.mark.parametrize(
    ("text", "kw", "value", "quantity", "year"),
    [
        ("单位能耗下降2.1%，减碳约80万吨。", {}, -8e5, "change", None),
        ("技术合同成交额是2019年的1.8倍。", {"context_year": 2023}, 1.8, "change", 2023),
        ("2024年至2026年，改造老旧小区900个。", {}, 900, "count", 2026),
        ("粮食产量连续8年稳定在600亿斤以上。", {"date": "2024-01", "context_year": 2023}, 6e10, "measure", 2023),
        ("铁路日均发送旅客1200万人次。", {"date": "2024-06-28"}, 1.2e7, "count", 2024),
    ],
)
def test_change_words_and_years(text: str, kw: dict, value: float, quantity: str, year: int | None) -> None:
    f = extract_facts(text, **kw)[-1]
    assert (f.value, f.quantity, f.year) == (pytest.approx(value), quantity, year)


@pytest.mark.parametrize(
    ("text", "indicators"),
    [
        # 年均 / 连年 / 迈上 are adverbs and verbs, not part of the indicator
        ("各项收入年均增长5.2%。", ["各项收入"]),
        ("粮食产量连年稳定在1.2万亿斤以上。", ["粮食产量"]),
        ("地区生产总值迈上3万亿元台阶。", ["地区生产总值"]),
        # four-character last items lend their head to two-character modifiers
        ("刑事、治安案件分别下降12%、9%。", ["刑事案件", "治安案件"]),
        # …but a noun in its own right does not take a head (能耗 is not 能耗化碳排放量)
        ("单位产值用水量、能耗、二氧化碳排放量分别下降10%、8%、9%。", ["单位产值用水量", "能耗", "二氧化碳排放量"]),
        # a comparison names the comparator after 高于, the subject before it
        ("零售额增长6%，增速高于同期全国增速0.4个百分点。", ["零售额", "增速"]),
        ("营业收入同比去年增长12.5%。", ["营业收入"]),
        # 由…的A发展到/升至…的B: both figures measure the subject
        ("制造业比重由2015年的30.1%升至2023年的38.2%。", ["制造业比重", "制造业比重"]),
        ("研究人员由2015年的300多名发展到如今的超过1000名。", ["研究人员", "研究人员"]),
        # the following noun, but not a generic one, and not across a verb
        ("完成扩招20万人目标。", ["扩招"]),
        ("12个示范项目建成投用。", ["示范项目"]),
        ("85%以上的事项实现网上办理。", ["事项"]),
        # a list cut at 、 keeps no odd quotation mark
        ("培育“小巨人”、“单项冠军”企业120家。", ["单项冠军企业"]),
        # a rank after 、 inherits the subject of the figure before it
        ("实际利用外资180亿美元、稳居中部首位。", ["实际利用外资", "实际利用外资"]),
        # after a verb of allocation the figure qualifies the noun that follows
        ("提前下达明年800亿元重点建设项目清单和600亿元中央预算内投资计划。", ["重点建设项目清单", "中央预算内投资计划"]),
        ("今年拟安排地方政府专项债券3.8万亿元。", ["地方政府专项债券"]),
        ("武汉将300万元生态补偿金交给下游城市。", ["生态补偿金"]),
        # the counted people before a verb
        ("让近4000万人次残疾人得到康复服务。", ["残疾人"]),
        # 口 counts wells, not ports
        ("厂里7000多口油井实现自动化。", ["油井"]),
        ("开放12个口岸。", ["口岸"]),
        # a count before a relative clause counts the head noun after 的
        ("到2025年，培育20家社会效益突出、创新能力强、具有国际影响力的领军企业，打造5个具有区域影响力的产业集群。",
         ["领军企业", "产业集群"]),
        ("吸引5万名来自全国的游客。", ["游客"]),
        ("新增12家年营收超亿元的企业。", ["企业", "年营收"]),
        # …but not a possessive, nor a frame like …的基础上
        ("建成14所高校的实验室。", ["高校"]),
        ("在做好老年人健康管理等12项免费公共卫生服务项目的基础上，", ["免费公共卫生服务项目"]),
    ],
)
def test_indicator_of_each_figure(text: str, indicators: list[str]) -> None:
    assert [f.indicator for f in extract_facts(text)] == indicators


def test_reform_cuts_are_changes() -> None:
    facts = extract_facts("审批事项平均减时间60%、减材料40%。")
    assert [(f.quantity, f.value) for f in facts] == [("change", -60), ("change", -40)]


@pytest.mark.parametrize(
    ("text", "span", "value", "quantity", "indicator"),
    [
        ("居民存款新增3万多亿元。", "3万多亿元", 3e12, "amount", "居民存款"),
        ("改造工程惠及近千万家庭。", "近千万", 1e7, "count", "家庭"),
        ("使用500亿元失业保险基金支持稳岗。", "500亿元", 5e10, "amount", "失业保险基金"),
        ("一次性增加2万亿元地方债务限额置换存量债务。", "2万亿元", 2e12, "change", "地方债务限额"),
        ("粮食产量首次跃上1.3万亿斤新台阶。", "1.3万亿斤", 1.3e12, "measure", "粮食产量"),
        # a share opening a new clause does not inherit the change before the comma
        ("限制条目减少一半，90%以上实行备案。", "90%以上", 90, "percent", "限制条目"),
        ("推进首批10项及第二批15项重点改革。", "10项", 10, "count", "重点改革"),
        ("通高铁的县（市、区）达到45个。", "45个", 45, "count", "通高铁的县（市、区）"),
        # a cut of a named thing is a change
        ("出口的光伏产品累计减少碳排放约41亿吨。", "约41亿吨", -4.1e9, "change", "出口的光伏产品累计减少碳排放"),
        ("为企业削减成本超过500亿元。", "超过500亿元", -5e10, "change", "为企业削减成本"),
        ("工业增加值达3000亿元。", "3000亿元", 3e11, "amount", "工业增加值"),
        # 超万家 is a figure
        ("设立分支机构超万家。", "超万家", 1e4, "count", "分支机构"),
        # 发展中国家 is a noun, 和 opens the next item
        ("与43个发展中国家签署55份备忘录。", "43个", 43, "count", "发展中国家"),
        ("表彰先进个人9人和先进集体3个。", "9人", 9, "count", "先进个人"),
        # a purpose after the money is not its noun
        ("三年安排450亿元支持以AI为引领的新兴产业。", "450亿元", 4.5e10, "amount", "三年安排"),
        # a verb of the clause after the counted noun is not a relative clause
        ("力争在20个重点产业赛道形成一批处于市场领先地位的标志性成果。", "20个", 20, "count", "重点产业赛道"),
        # cuts of a named thing apply to money and measures, not to counted items
        ("投资增速、能耗降低幅度等12个指标好于预期。", "12个", 12, "count", "指标好于预期"),
    ],
)
def test_value_kind_and_indicator_in_context(text: str, span: str, value: float, quantity: str, indicator: str) -> None:
    f = next(f for f in extract_facts(text) if f.text == span)
    assert (f.value, f.quantity, f.indicator) == (pytest.approx(value), quantity, indicator)


def test_qun_before_zhong_is_not_a_classifier() -> None:
    f = one("惠及76万群众。")
    assert (f.text, f.unit, f.indicator) == ("76万", None, "群众")


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "quantity", "indicator"),
    [
        ("连续四年蝉联全国推广面积第一。", "蝉联全国推广面积第一", 1, None, "rank", "推广面积"),
        ("实现3.5微米极薄铜箔量产。", "3.5微米", 3.5, "um", "measure", "极薄铜箔量产"),
    ],
)
def test_ranks_and_small_measures(text: str, span: str, value: float, unit: str | None, quantity: str,
                                  indicator: str) -> None:
    f = one(text)
    assert (f.text, f.value, f.unit, f.quantity, f.indicator) == (span, value, unit, quantity, indicator)


