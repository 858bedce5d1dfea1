"""The self-evaluation rules: 执行率, indicator scores, tiers, profiles, totals, grades."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from udfs.errors import (
    人工得分无效,
    单位不一致,
    口径不存在,
    口径文件有误,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    无法判定档次,
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
    with pytest.raises(指标值无法识别) as e:
        指标计分("≥95%", "达成预期指标", 10)
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
