"""The self-evaluation rules: 执行率, indicator scores, tiers, profiles, totals, grades."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from udfs.errors import (
    人工得分无效,
    单位不一致,
    单位不明,
    口径不存在,
    口径文件有误,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    无法判定档次,
    绩效自评错误,
    金额单位不明,
    预算数无效,
)
from udfs.profiles import 取口径, 口径列表, 无法读取的口径文件, 重新加载
from udfs.scoring import 合计, 执行率, 执行率得分, 指标计分, 评价等级

# --- 执行率 ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "spent, budget, rate, score",
    [
        ("8.53", "18.00", "0.4739", "4.74"),  # seed 003 IC 卡: 47.39% → 4.74
        ("1,454,341.54", "1480000.00", "0.9827", "9.83"),  # seed 004 制卡设备
        ("5,882,050", "5882800.00", "0.9999", "10.00"),  # 99.99% × 10 = 9.9987 → 10.00
        ("3,503,794.7", "4104326.00", "0.8537", "8.54"),
        ("7.00", "7.00", "1.0000", "10.00"),
    ],
)
def test_execution_rate_from_seeds(spent, budget, rate, score):
    assert 执行率(spent, budget) == D(rate)
    assert 执行率得分(spent, budget, 10) == D(score)


def test_execution_rate_uses_full_year_budget_and_caps_score():
    assert 执行率得分(120, 100, 10) == D("10.00")  # over 100% never scores above 分值
    assert 执行率(120, 100) == D("1.2000")


def test_execution_rate_weight_from_profile():
    assert 执行率得分(9, 10, None, "湖北") == D("18.00")
    assert 执行率得分(9, 10) == D("9.00")


@pytest.mark.parametrize("budget, words", [(None, "为空"), ("0", "为0"), ("—", "为空"), (-5, "为-5")])
def test_missing_or_zero_budget_is_a_clear_message(budget, words):
    with pytest.raises(预算数无效) as e:
        执行率得分(5, budget, 10)
    assert e.value.field == "全年预算数" and words in e.value.reason


def test_amount_text_with_units():
    assert 执行率("620.82万元", "6,208,200元") == D("1.0000")


# --- quantitative indicators ------------------------------------------------------

@pytest.mark.parametrize(
    "target, actual, w, expected, met",
    [
        ("≥28万人", "29 万人", 10, "10.00", True),
        ("≥99%", "99%", 10, "10.00", True),
        ("≤24小时", "24 小时", 5, "5.00", True),
        ("=100%", "89.5%", 20, "17.90", False),  # seed 004 居住证: proportional
        ("=100%", "96.78%", 20, "19.36", False),  # seed 004 社保卡: printed 19.4
        ("≥90%", "81%", 10, "9.00", False),
        ("≤10%", "12%", 10, "8.33", False),  # 反向 footnote rule A/B × w
        ("=0次", "0次", 10, "10.00", True),
        ("=0次", "1次", 10, "0.00", False),
        ("≤0起", "2起", 4, "0.00", False),
        ("≥0个", "0个", 4, "4.00", True),
        (">95%", "96%", 3, "3.00", True),
        (">95%", "90%", 3, "2.84", False),
        ("<5毫秒", "4毫秒", 3, "3.00", True),
        ("<5毫秒", "10毫秒", 3, "1.50", False),
        ("≥5%", "-3%", 5, "0.00", False),  # negative actual counts as 0
        ("≤10%", "-5%", 10, "10.00", True),
        ("≥28万人", "290000人", 10, "10.00", True),  # unit conversion 人 → 万人
        ("≥28万人", "140000人", 10, "5.00", False),
        ("≤2小时", "90分钟", 5, "5.00", True),
        ("≥1次", "1", 8, "8.00", True),  # actual without unit takes the target's
        ("=100%", "110%", 10, "9.09", False),  # overshooting an exact target
    ],
)
def test_quantitative(target, actual, w, expected, met):
    r = 指标计分(target, actual, w)
    assert (r.得分, r.完成, r.类型) == (D(expected), met, "定量")


def test_never_above_weight_and_two_decimals():
    r = 指标计分("≥10", "31.9", 20)
    assert r.得分 == D("20.00")
    assert 指标计分("≥3", "1", 10).得分 == D("3.33")


def test_reverse_curve_is_a_profile_choice():
    assert 指标计分("≤10%", "12%", 10, "一体化").得分 == D("8.00")  # (1 − 2/10) × 10
    assert 指标计分("≤10%", "25%", 10, "一体化").得分 == D("0.00")  # from 2A on: 0
    assert 指标计分("≤10%", "25%", 10, "财政部").得分 == D("4.00")


def test_percent_written_without_the_sign():
    r = 指标计分("≥90%", "0.95", 10)
    assert r.完成 and any("按95%理解" in n for n in r.提示)
    r = 指标计分("≥90%", "81", 10)
    assert r.得分 == D("9.00") and any("按81%理解" in n for n in r.提示)


def test_target_without_sign_is_positive_with_a_note():
    r = 指标计分("100%", "98%", 10)
    assert r.得分 == D("9.80") and "未写比较符号" in r.提示[0]


def test_incompatible_units_name_both():
    with pytest.raises(单位不一致) as e:
        指标计分("≥28万人", "29张", 10)
    assert "万人" in e.value.reason and "张" in e.value.reason


def test_qualitative_actual_for_quantitative_target():
    # "达成预期指标" states the target was met (the 达成 tier): scored as met, the number asked for
    r = 指标计分("≥95%", "达成预期指标", 10)
    assert (r.得分, r.完成) == (10, True) and "没有写数值" in r.说明
    # words that say it was missed, but not by how much, score nothing made up
    for actual in ("未完成", "基本完成", "较好"):
        with pytest.raises(指标值无法识别) as e:
            指标计分("≥95%", actual, 10)
        assert "不是数值" in e.value.reason


def test_strict_zero_target_cannot_be_met():
    with pytest.raises(指标值无法识别):
        指标计分("<0次", "0次", 5)


# --- qualitative indicators -------------------------------------------------------

@pytest.mark.parametrize(
    "profile, expected, bounds",
    [("财政部", "3.50", ("3.00", "4.00")), ("湖北", "3.25", ("2.50", "4.00")), ("上海", "2.50", ("2.50", "4.00"))],
)
def test_partially_met_tier_by_profile(profile, expected, bounds):
    r = 指标计分("健全", "基本健全", 5, profile)
    assert r.档次 == "部分达成" and r.得分 == D(expected) and r.档次范围 == (D(bounds[0]), D(bounds[1]))


@pytest.mark.parametrize(
    "target, actual, tier",
    [
        ("健全", "健全", "达成"),
        ("完善", "完善", "达成"),
        ("达到预期效果", "达成预期指标", "达成"),
        ("提升", "提升", "达成"),
        ("下降", "下降", "达成"),
        ("合规", "合规", "达成"),
        ("达标", "达标", "达成"),
        ("有效", "有效", "达成"),
        ("完善", "基本完善", "部分达成"),
        ("健全", "不健全", "未达成"),
        ("提升", "下降", "未达成"),
    ],
)
def test_qualitative_words_of_real_forms(target, actual, tier):
    assert 指标计分(target, actual, 4).档次 == tier


def test_undecidable_qualitative_asks_for_a_person():
    with pytest.raises(无法判定档次) as e:
        指标计分("健全", "正在建设中", 5)
    assert "人工得分" in e.value.reason


def test_manual_score_inside_tier_is_kept_and_visible():
    r = 指标计分("完善", "完善", 4, 人工得分=3.5)
    assert r.得分 == D("3.50") and r.人工 and r.默认得分 == D("4.00") and "人工得分" in r.说明


def test_manual_score_outside_tier_is_refused():
    # seed 004 公务车辆: 完善/完善 given 2 of 4 — outside the 达成 tier (3.2–4)
    with pytest.raises(人工得分无效) as e:
        指标计分("完善", "完善", 4, 人工得分=2)
    assert "3.2–4" in e.value.reason


def test_not_applicable_target_with_points_is_refused():
    with pytest.raises(指标不适用):
        指标计分("不适用", "达成预期指标", 5)
    assert 指标计分("不适用", None, 0).类型 == "空"
    assert 指标计分(None, None, 0).得分 is None


def test_weight_problems():
    with pytest.raises(数值无法识别):
        指标计分("≥1次", "1次", None)
    with pytest.raises(数值无法识别):
        指标计分("≥1次", "1次", -5)


# --- totals, grades, profiles -----------------------------------------------------

def test_total_and_grade():
    assert 合计(["4.74", 15, 15, 10, 10, 15, 8, None, 7, 10]) == D("94.74")
    with pytest.raises(数值无法识别) as e:
        合计([10, "#指标值无法识别"])
    assert "第2项" in e.value.reason
    assert [评价等级(x) for x in (90, 89.99, 80, 60, 59.99)] == ["优", "良", "良", "中", "差"]
    with pytest.raises(数值无法识别):
        评价等级(101)


def test_unknown_profile_lists_known_ones():
    with pytest.raises(口径不存在) as e:
        取口径("江苏")
    assert "财政部" in e.value.reason


def test_user_profile_from_a_folder(tmp_path, monkeypatch):
    (tmp_path / "jiangxi.toml").write_text(
        '"名称" = "江西2017"\n"执行率分值" = 10\n"指标分值" = 90\n"超额需说明倍数" = 1.3\n'
        + "".join(
            f'[["定性档次"]]\n"档次" = "{n}"\n"上限" = {hi}\n"下限" = {lo}\n"默认" = {d}\n'
            for n, hi, lo, d in (("达成", 1, 0.8, 1), ("部分达成", 0.8, 0.5, 0.6), ("未达成", 0.5, 0, 0))
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JIXIAO_PROFILES", str(tmp_path))
    重新加载()
    try:
        assert "江西2017" in 口径列表()
        assert 指标计分("健全", "基本健全", 10, "江西2017").得分 == D("6.00")
    finally:
        monkeypatch.delenv("JIXIAO_PROFILES")
        重新加载()


def test_bad_user_profile_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text('"名称" = "坏"\n"执行率分值" = 10\n"指标分值" = 90\n"反向规则" = "随便"\n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_PROFILES", str(tmp_path))
    重新加载()
    try:
        with pytest.raises(口径文件有误) as e:
            取口径("坏")
        assert "bad.toml" in str(e.value) and "反向规则" in str(e.value)
        assert 取口径("上海").名称 == "上海"  # one bad file costs no other profile
    finally:
        monkeypatch.delenv("JIXIAO_PROFILES")
        重新加载()


def test_a_profile_file_that_is_not_toml_is_named_with_its_line(tmp_path, monkeypatch):
    (tmp_path / "自定义.toml").write_text('"名称" = "自定义"\n"执行率分值" = \n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_PROFILES", str(tmp_path))
    重新加载()
    try:
        with pytest.raises(口径文件有误) as e:
            取口径("自定义")
        assert "自定义.toml" in str(e.value) and "line 2" in str(e.value) and e.value.cell_text == "#口径文件有误"
        assert "自定义" in 无法读取的口径文件() and "自定义" not in 口径列表()
    finally:
        monkeypatch.delenv("JIXIAO_PROFILES")
        重新加载()


def test_a_profile_given_as_a_number_is_a_clear_error():
    with pytest.raises(口径不存在, match="口径应为名称"):
        取口径(3)


def test_unit_conversion_is_exact():
    # 30 分钟 is exactly 0.5 小时: multiply before dividing (found by the template tests)
    r = 指标计分("≤0.5小时", "30分钟", 10)
    assert r.完成 and r.得分 == 10 and "换算为0.5小时" in r.提示[0]


def test_full_marks_are_the_weight_itself():
    assert 指标计分("≥85%", "99%", D("3.333")).得分 == D("3.333")
    assert 指标计分("健全", "健全", D("3.333")).得分 == D("3.333")
    assert 指标计分("≥90%", "45%", D("3.333")).得分 == D("1.67")


# --- issue 9: each category scores as a person reads it -------------------------------------------------

@pytest.mark.parametrize(
    "target, actual, expected, met",
    [
        ("10月底前", "9月", "10", True),
        ("10月底前", "10月20日", "10", True),
        ("10月底前", "2024年5月", "10", True),
        ("6月30日前", "2024年5月", "10", True),
        ("12月底之前完成", "12月", "10", True),  # 鄂州 (forms_D)
        ("2019年", "2019年", "10", True),  # 鄂州: printed 15 of 15
        ("2024年6月", "2024年5月", "10", True),
        ("第三季度", "9月", "10", True),
        ("1-12月", "1-12月", "10", True),  # 大英 (forms_E)
        ("1-12月", "全年", "10", True),
        ("2021年1月-12月", "2021年12月", "10", True),
        ("2023.12", "2023年11月", "10", True),  # 保山: 2023.12 next to a date is a date
        # missed: the 反向 rule on the days taken, counted from the start of the target's year or period
        ("10月底前", "11月", "9.10", False),  # 304 ÷ 334 × 10
        ("6月30日前", "7月15日", "9.23", False),  # 181 ÷ 196 × 10
        ("2019年", "2020年3月", "8.00", False),  # 365 ÷ 456 × 10
        ("第三季度", "10月", "7.48", False),  # 92 ÷ 123 × 10, counted from 1 July
        ("2021年1月-12月", "2022年3月", "8.02", False),  # 365 ÷ 455 × 10
    ],
)
def test_deadlines(target, actual, expected, met):
    r = 指标计分(target, actual, 10)
    assert (r.得分, r.完成, r.类型) == (D(expected), met, "定量")


def test_a_missed_deadline_follows_the_profile_and_says_how_it_counted():
    r = 指标计分("10月底前", "11月", 10)
    assert "304天" in r.说明 and "334天" in r.说明 and "按11月30日计" in r.提示[0]
    assert 指标计分("10月底前", "11月", 10, "一体化").得分 == D("9.01")  # (1 − 30/304) × 10
    assert 指标计分("6月30日前", "12月31日", 10, "一体化").得分 == D("0.00")  # twice the time and more


@pytest.mark.parametrize(
    "target, actual, tier",
    [
        ("12月底之前完成", "按时完成", "达成"),
        ("10月底前", "已完成", "达成"),
        ("2023.12", "已完成", "达成"),
        ("10月底前", "未完成", "未达成"),
    ],
)
def test_a_deadline_met_in_words_is_a_tier(target, actual, tier):
    r = 指标计分(target, actual, 10)
    assert (r.类型, r.档次) == ("定性", tier)


def test_a_deadline_against_a_number_asks_for_a_date():
    with pytest.raises(指标值无法识别) as e:
        指标计分("10月底前", "100%", 10)
    assert "按时完成" in e.value.reason


@pytest.mark.parametrize(
    "target, actual, expected, met",
    [
        ("85%-95%", "90%", "10", True),
        ("85%～95%", "85%", "10", True),
        ("85%至95%", "95%", "10", True),
        ("85-95%", "0.9", "10", True),
        ("85%-95%", "68%", "8.00", False),  # below: 68 ÷ 85 × 10, a missed 正向 target against the lower bound
        ("85%-95%", "100%", "9.50", False),  # above: 95 ÷ 100 × 10, a missed 反向 target against the upper bound
        ("0-5次", "10次", "5.00", False),
    ],
)
def test_ranges(target, actual, expected, met):
    r = 指标计分(target, actual, 10)
    assert (r.得分, r.完成) == (D(expected), met)


def test_a_range_above_follows_the_profile():
    assert 指标计分("85%-95%", "100%", 10, "一体化").得分 == D("9.47")  # (1 − 5/95) × 10


def test_an_actual_range_is_refused():
    with pytest.raises(指标值无法识别):
        指标计分("≥90%", "85%-95%", 10)


@pytest.mark.parametrize(
    "target, actual, expected, met, note",
    [
        ("≥28万人", "29", "10", True, "按29万人理解"),
        ("≥28万人", "250000", "8.93", False, "按250000人即25万人理解"),  # not 250000万人 with full marks
        ("≥28万人", "280000", "10", True, "即28万人"),
        ("≥28万", "29", "10", True, "按29万理解"),
        ("≥1000", "1.2万", "10", True, "即12000"),  # not 1.2 of 1000万 (0.01 of 5 before)
        ("≥1000", "50万", "10", True, "即500000"),
        ("≥8000人", "1.2万", "10", True, "换算为12000人"),
        ("≥28", "29万人", "10", True, "按28万人理解"),
        ("≥1次", "1", "10", True, None),  # no multiplier: the bare number takes the unit, as before
    ],
)
def test_bare_numbers_by_magnitude(target, actual, expected, met, note):
    r = 指标计分(target, actual, 10)
    assert (r.得分, r.完成) == (D(expected), met)
    assert (note is None and not r.提示) or any(note in n for n in r.提示), r.提示


@pytest.mark.parametrize("actual", ["1", "3000"])
def test_an_implausible_bare_number_asks_for_the_unit(actual):
    # 1万人 is 3.6% of the target, 1人 0.0004%; 3000万人 is 107×, 3000人 1%: neither is a reading to score
    with pytest.raises(单位不明) as e:
        指标计分("≥28万人", actual, 10)
    assert e.value.cell_text == "#单位不明" and "请写明单位" in e.value.reason and isinstance(e.value, 单位不一致)


def test_two_plausible_readings_ask_for_the_unit_too():
    assert 指标计分("≥5百人", "10", 10).完成  # 10百人 is 2×, 10人 1/50: only 10百人 is plausible
    with pytest.raises(单位不明) as e:
        指标计分("≥1百人", "10", 10)  # 10百人 is 10×, 10人 is 1/10: both plausible
    assert "都说得通" in e.value.reason


@pytest.mark.parametrize(
    "target, actual, expected, met",
    [
        ("0起", "0起", "10", True),  # 衡山: 0起 / 0起
        ("0起", "2起", "0.00", False),
        ("0次", "无", "10", True),
        ("0", "0", "10", True),  # 衡山: 0 / 0
        ("0%", "1%", "0.00", False),
        ("0人次", "0人次", "10", True),  # 蔡甸 (forms_H)
        ("≥0个", "0个", "10", True),  # a signed zero keeps its sign
    ],
)
def test_an_unsigned_zero_target_allows_none(target, actual, expected, met):
    r = 指标计分(target, actual, 10)
    assert (r.得分, r.完成) == (D(expected), met)


@pytest.mark.parametrize(
    "target, actual, tier",
    [
        ("定性优良中低差", "优", "达成"),
        ("定性优良中低差", "良", "部分达成"),
        ("定性优良中低差", "中", "部分达成"),
        ("优良中低差", "低", "未达成"),
        ("优良中低差", "差", "未达成"),
        ("好坏", "好", "达成"),
        ("好坏", "坏", "未达成"),
        ("定性优良中低差", "达成预期指标", "达成"),  # 蔡甸 writes every actual so
    ],
)
def test_a_tier_list_as_the_target(target, actual, tier):
    assert 指标计分(target, actual, 10).档次 == tier


@pytest.mark.parametrize(
    "target, actual, expected",
    [
        ("≥2次", "两次", "10"),
        ("≥3个", "两个", "6.67"),
        ("≥100人", "一百二十人", "10"),
        ("≥10项", "十项", "10"),
        ("≥100百分比", "98%", "9.80"),
        ("=100%", "已完成100%", "10"),
        ("≥95%", "完成率98%", "10"),
        ("≥10次", "累计12次", "10"),
        ("≥5次", "共计3次", "6.00"),
        ("至少开展2次宣传", "3次宣传", "10"),
        ("≥300元/亩", "每亩300元", "10"),
        ("≥90%", "≥90%", "10"),  # 中江, 鄂州: the actual repeats the target's sign
        ("≥266米", "≥266米", "10"),
        ("≤300元/人·月", "320元/人*月", "9.38"),
        ("≥2次/年", "1次/年", "5.00"),
        ("≥100㎡", "120m²", "10"),
        ("小于0.9‰", "0.5‰", "10"),  # 蔡甸
        ("<1%", "0.5‰", "10"),
        ("≥1km", "900米", "9.00"),
        ("≥2个百分点", "1.5%", "7.50"),
    ],
)
def test_units_numerals_and_words(target, actual, expected):
    assert 指标计分(target, actual, 10).得分 == D(expected)


# --- 执行率 with the form's 金额单位 ------------------------------------------------------------------

@pytest.mark.parametrize(
    "spent, budget, unit, rate",
    [
        ("8.53万元", 18, "万元", "0.4739"),  # seed 003 with the unit written in the cell
        ("85300元", 18, "万元", "0.4739"),
        ("8.53", "180000元", "万元", "0.4739"),
        ("8.53", 18, "万元", "0.4739"),
        ("1,454,341.54", "148万元", "元", "0.9827"),
        ("8.53万元", 18, "单位：万元", "0.4739"),
        ("8.53万元", 18, "（万元）", "0.4739"),
        ("10萬", "10萬", None, "1.0000"),  # 黄冈 (forms_G)
        ("8.53万元", 18, None, "0.4739"),  # no 金额单位: the bare 18 shares 万元
        ("85300元", "18万元", None, "0.4739"),
        ("8.53", 18, None, "0.4739"),
    ],
)
def test_execution_rate_with_the_forms_amount_unit(spent, budget, unit, rate):
    assert 执行率(spent, budget, unit) == D(rate)


def test_execution_rate_score_with_the_amount_unit():
    assert 执行率得分("8.53万元", 18, 10, None, "万元") == D("4.74")
    assert 执行率得分("8.53万元", 18, 10) == D("4.74")  # was 10.00 from a rate of 473888.89%


def test_an_unknown_amount_unit_is_named():
    with pytest.raises(金额单位不明) as e:
        执行率("8.53万元", 18, "美元")
    assert e.value.cell_text == "#金额单位不明" and "美元" in e.value.reason
    assert isinstance(e.value, 数值无法识别)  # whoever catches unreadable amounts catches this


# --- bad input is a Chinese error on its field, never an InvalidOperation ---------------------------

@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: 执行率(D("NaN"), 18), "全年执行数"),
        (lambda: 执行率(18, D("Infinity")), "全年预算数"),
        (lambda: 执行率(D("1E999999"), 18), "全年执行数"),
        (lambda: 执行率("1" * 40, 18), "全年执行数"),
        (lambda: 执行率得分(5, 10, int("9" * 400)), "执行率分值"),
        (lambda: 指标计分("≥1次", "1次", "9" * 400), "分值"),
        (lambda: 指标计分("≥1次", "1次", D("sNaN")), "分值"),
        (lambda: 指标计分("≥1次", D("NaN"), 5), "实际完成值"),
        (lambda: 指标计分(D("-Infinity"), "1次", 5), "年度指标值"),
        (lambda: 指标计分("≥1次", "1次", 5, 人工得分=D("NaN")), "人工得分"),
        (lambda: 合计([1, D("Infinity")]), "第2项得分"),
        (lambda: 评价等级(D("NaN")), "总分"),
    ],
)
def test_bad_numbers_are_refused_on_their_field(call, field):
    with pytest.raises(绩效自评错误) as e:
        call()
    assert e.value.field == field and re.search(r"[\u4e00-\u9fff]", e.value.reason)


def test_tiny_budgets_and_huge_rates_stay_finite():
    # 999999999999999 of 0.000000000000001: a rate of 10^30 that quantize can still round
    assert 执行率(999999999999999, "0.000000000000001") == D("999999999999999000000000000000.0000")
    with pytest.raises(预算数无效):
        执行率(5, "0." + "0" * 30 + "1")  # below 10^-15: rounded away, the budget is 0


def test_a_profile_given_as_a_number():
    with pytest.raises(口径不存在):
        指标计分("≥1次", "1次", 5, 3)  # type: ignore[arg-type]
    with pytest.raises(口径不存在):
        执行率得分(5, 10, 10, 3)  # type: ignore[arg-type]
