"""年度指标值 / 实际完成值 parsing: every spelling real forms use, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.amounts import 保留两位, 解析金额, 转数字
from udfs.errors import 数值无法识别
from udfs.units import 拆分单位, 换算系数
from udfs.values import 格式化指标值, 解析指标值


@pytest.mark.parametrize(
    "text, op, number, unit",
    [
        ("≥28万人", "≥", "28", "万人"),
        ("≧95%", "≥", "95", "%"),
        (">=90%", "≥", "90", "%"),
        ("＞=90%", "≥", "90", "%"),
        ("＞90%", ">", "90", "%"),
        (">1800万人", ">", "1800", "万人"),
        ("≤24小时", "≤", "24", "小时"),
        ("≦10%", "≤", "10", "%"),
        ("<=5毫秒", "≤", "5", "毫秒"),
        ("＜5", "<", "5", ""),
        ("<5", "<", "5", ""),
        ("=100%", "=", "100", "%"),
        ("═100%", "=", "100", "%"),
        ("＝100%", "=", "100", "%"),
        ("$\\geq 90\\%$", "≥", "90", "%"),
        ("$\\leq 5\\%$", "≤", "5", "%"),
        ("９８％", None, "98", "%"),
        ("29 万人", None, "29", "万人"),
        ("5,882,050", None, "5882050", ""),
        ("1 454 341.54", None, "1454341.54", ""),
        ("≥113 万人", "≥", "113", "万人"),
        ("11.68个工作日", None, "11.68", "个工作日"),
        ("=0起", "=", "0", "起"),
        ("不少于40万张", "≥", "40", "万张"),
        ("不低于2000个", "≥", "2000", "个"),
        ("2小时内", "≤", "2", "小时"),
        ("95%以上", "≥", "95", "%"),
        ("≥95%（抽样调查）", "≥", "95", "%"),
        ("0.2", None, "0.2", ""),
        ("-5%", None, "-5", "%"),
    ],
)
def test_quantitative_spellings(text, op, number, unit):
    v = 解析指标值(text)
    assert v.类型 == "定量", v
    assert (v.比较, v.数值, v.单位) == (op, Decimal(number), unit)


def test_actual_repeating_the_sign_keeps_the_number():
    assert 解析指标值("≤5毫秒").数值 == Decimal(5)
    assert 解析指标值("=0%").数值 == 0


@pytest.mark.parametrize("text", ["不适用", "不涉及", " 不适用 "])
def test_not_applicable(text):
    assert 解析指标值(text).类型 == "不适用"


@pytest.mark.parametrize("text", [None, "", "—", "——", "-", "/", "空", "  "])
def test_placeholders_are_empty(text):
    assert 解析指标值(text).类型 == "空"


@pytest.mark.parametrize("text", ["健全", "基本健全", "达到预期效果", "提升", "与相关政府职能部门实现信息交换共享", "2023年底前完成"])
def test_qualitative(text):
    assert 解析指标值(text).类型 == "定性"


@pytest.mark.parametrize(
    "text, reason_part",
    [
        ("≥百分之九十", "比较符号"),
        ("95%左右", "无法识别为单位"),
        ("100%完成", "无法识别为单位"),
    ],
)
def test_unreadable_values_say_why_in_chinese(text, reason_part):
    v = 解析指标值(text)
    assert v.类型 == "无法识别"
    assert reason_part in v.原因 and text in v.原因


def test_numbers_from_excel_cells():
    assert 解析指标值(0.95).数值 == Decimal("0.95")
    assert 解析指标值(12).数值 == 12


def test_units_with_multipliers():
    assert 拆分单位("万人") == (Decimal(10000), "人")
    assert 换算系数("人", "万人") == Decimal("0.0001")
    assert 换算系数("亿元", "万元") == Decimal(10000)
    assert 换算系数("毫秒", "秒") == Decimal("0.001")
    assert 换算系数("天", "工作日") is None
    assert 换算系数("个", "张") is None


def test_amounts():
    assert 解析金额("620.82万元", 单位="万元") == Decimal("620.82")
    assert 解析金额("5,882,050") == Decimal(5882050)
    assert 解析金额("３，５０３，７９４．７") == Decimal("3503794.7")
    assert 解析金额("1亿元", 单位="万元") == Decimal(10000)
    assert 解析金额("—") is None
    with pytest.raises(数值无法识别) as e:
        解析金额("约六百万", 字段="全年执行数")
    assert "全年执行数" in str(e.value)


def test_half_up_rounding_not_bankers():
    assert 保留两位(Decimal("2.345")) == Decimal("2.35")
    assert 保留两位(转数字(4.935)) == Decimal("4.94")  # 4.935 as typed, not its binary neighbour


# --- properties -------------------------------------------------------------------

_片段 = st.sampled_from(
    ["≥", "≤", ">=", "＞=", "＜", "=", "═", "＝", "$\\geq ", "\\%$", "%", "％", "万", "人", "次", "小时", "个工作日",
     "不适用", "—", "-", "健全", "基本", "不", " ", ",", ".", "（", "）", "以上", "内", "不低于", "0", "1", "5", "9",
     "２", "８", "亿", "元"]
)
任意文本 = st.one_of(st.text(max_size=40), st.lists(_片段, max_size=8).map("".join))


@settings(max_examples=600, deadline=None)
@given(任意文本)
def test_parser_never_raises(text):
    v = 解析指标值(text)
    assert v.类型 in ("定量", "定性", "不适用", "空", "无法识别")
    if v.类型 == "无法识别":
        assert v.原因


@settings(max_examples=600, deadline=None)
@given(任意文本)
def test_format_then_parse_is_identity(text):
    v = 解析指标值(text)
    if v.类型 == "无法识别":
        return
    assert 解析指标值(格式化指标值(v)) == v


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([None, "≥", "≤", "=", ">", "<"]),
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False),
    st.sampled_from(["", "%", "万人", "人", "小时", "个工作日", "次", "元"]),
)
def test_structured_values_round_trip(op, number, unit):
    text = f"{op or ''}{number}{unit}"
    v = 解析指标值(text)
    assert v.类型 == "定量" and v.比较 == op and v.数值 == number and v.单位 == unit
