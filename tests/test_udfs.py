"""The Excel functions: names, wizard descriptions, cell-safe errors, xlwings' view of them."""

from __future__ import annotations

import math
import re
import sys
import types
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs
from udfs import scoring

CJK = re.compile(r"[\u4e00-\u9fff]")
REQUIRED = {"执行率", "执行率得分", "指标得分", "指标表得分", "总分", "评价等级", "偏差提示",
            "比例得分", "扣分得分", "区间得分", "调整率得分", "满意度得分", "清单得分", "计数得分"}


def test_the_contract_functions_exist_with_chinese_descriptions():
    specs = {s.名称: s for s in udfs.函数清单()}
    assert REQUIRED <= set(specs)
    for name, spec in specs.items():
        assert callable(getattr(udfs, name))
        assert spec.类别 == "绩效自评"
        assert CJK.search(spec.说明), name
        for p in spec.参数:
            assert CJK.search(p.说明), (name, p.名称)
    # 金额单位 came last (issue 9): formulas written before it keep working.
    assert [p.名称 for p in specs["执行率得分"].参数] == ["全年执行数", "全年预算数", "分值", "口径", "金额单位"]
    assert [p.名称 for p in specs["执行率"].参数] == ["全年执行数", "全年预算数", "金额单位"]
    assert specs["执行率"].必填个数 == 2
    assert specs["执行率得分"].必填个数 == 2
    assert [p.名称 for p in specs["指标得分"].参数][:4] == ["年度指标值", "实际完成值", "分值", "口径"]
    assert specs["总分"].参数[0].可变 and specs["指标表得分"].数组


def test_values_from_the_seeds():
    assert udfs.执行率(8.53, 18) == 0.4739
    assert udfs.执行率得分(1454341.54, 1480000) == 9.83
    assert udfs.指标得分("≥28万人", "29 万人", 10) == 10.0
    assert udfs.指标得分("健全", "基本健全", 5, "上海") == 2.5
    assert udfs.总分(4.74, [[15], [15], [10], [10], [15], [8], [None], [7], [10]]) == 94.74
    assert udfs.评价等级(82) == "良"
    assert udfs.调整率得分(1092.66, 1773.84, 2) == 1.23


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda: udfs.执行率得分(8.53, None), "#预算数无效"),
        (lambda: udfs.执行率("八点五", 18), "#数值无法识别"),
        (lambda: udfs.指标得分("≥28万人", "29张", 10), "#单位不一致"),
        (lambda: udfs.指标得分("不适用", "达成预期指标", 5), "#指标不适用"),
        (lambda: udfs.指标得分("健全", "正在建设", 5), "#无法判定档次"),
        (lambda: udfs.指标得分("完善", "完善", 4, "财政部", 2), "#人工得分无效"),
        (lambda: udfs.指标得分("≥1次", "1次", 5, "江苏"), "#口径不存在"),
        (lambda: udfs.总分(10, "#指标值无法识别"), "#数值无法识别"),
        (lambda: udfs.扣分得分("90%", "100%", 5, "1%", 1, "正向", "四舍五入"), "#规则参数有误"),
    ],
)
def test_bad_input_gives_a_short_chinese_text_in_the_cell(call, text):
    assert call() == text


def test_reason_is_retrievable():
    assert "万人" in udfs.指标得分说明("≥28万人", "29张", 10) and "张" in udfs.指标得分说明("≥28万人", "29张", 10)
    assert "19.36" in udfs.指标得分说明("=100%", "96.78%", 20)


def test_a_bug_never_puts_a_traceback_in_a_cell(monkeypatch):
    def boom(*args):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(scoring, "指标计分", boom)
    assert udfs.指标得分("≥1", "1", 1) == "#计算出错"


def test_array_form_scores_a_whole_table_in_one_call():
    out = udfs.指标表得分(
        [["≥28万人"], ["=100%"], ["健全"], [None], ["≥百分之九十"]],
        [["29 万人"], ["96.78%"], ["基本健全"], [None], ["95%"]],
        [[10], [20], [5], [0], [10]],
        "上海",
    )
    assert out == [[10.0], [19.36], [2.5], [""], ["#指标值无法识别"]]
    assert udfs.指标表得分(["≥1"], ["1", "2"], [1]) == "#规则参数有误"


def test_deviation_prompt_and_weight_check():
    assert udfs.偏差提示(20, 17.9, "计划与需求存在差异") == ""
    assert udfs.偏差提示(20, 17.9, None) == "扣2.1分，请填写偏差原因分析及改进措施"
    assert udfs.偏差提示(20, 31.9, None) == "得分31.9超过分值20，请检查"
    assert udfs.偏差提示(20, "#单位不一致", None) == ""
    assert udfs.分值检查(10, [[15], [15], [10], [10], [15], [8], [0], [7], [10]]) == ""
    assert "110" in udfs.分值检查(20, [[15], [15], [10], [10], [15], [8], [0], [7], [10]])


def test_generic_rule_function_for_evaluation_sheets():
    assert udfs.按规则得分("每差扣分", [["实际值", "目标值", "分值", "步长", "每步扣分"]], [["99.60%", "100%", 8, "1%", 2]]) == 6.0
    assert udfs.按规则得分("满意度", ["满意度", "分值", "起算线", "上年满意度", "提升加分"], ["88.42", 4, "70%", "88.04", 1]) == 4.54


@pytest.fixture()
def xlwings_udfs(monkeypatch):
    """xlwings.udfs with its Windows-only imports stubbed, as platform-notes.md describes."""
    for name in ("pythoncom", "pywintypes"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    win32 = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = object  # type: ignore[attr-defined]
    win32.client = client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32com", win32)
    monkeypatch.setitem(sys.modules, "win32com.client", client)
    sys.modules["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    import xlwings.udfs as xu

    return xu


def test_xlwings_sees_names_docs_and_category(xlwings_udfs):
    f = xlwings_udfs.xlfunc(category="绩效自评")(udfs.执行率得分)
    info = f.__xlfunc__
    assert info["name"] == "执行率得分" and info["category"] == "绩效自评"
    assert [a["name"] for a in info["args"]] == ["全年执行数", "全年预算数", "分值", "口径", "金额单位"]
    assert info["args"][3]["optional"] == "财政部" and "口径" in info["args"][3]["doc"]
    assert "执行率" in info["ret"]["doc"]
    varargs = xlwings_udfs.func_sig(udfs.总分)
    assert varargs["vararg"] == "得分"


# --- issue 9: the form's 金额单位, and bad input that never reaches a traceback or inf ----------------

def test_execution_rate_takes_the_forms_amount_unit_last():
    assert udfs.执行率("8.53万元", 18) == 0.4739  # was 4738.8889 (473888.89 %)
    assert udfs.执行率("8.53万元", 18, "万元") == 0.4739
    assert udfs.执行率("85300元", 18, "万元") == 0.4739
    assert udfs.执行率得分("8.53万元", 18, 10, "财政部", "万元") == 4.74
    assert udfs.执行率得分(8.53, 18, 10, "财政部", "") == 4.74  # an empty 金额单位 cell: as before
    assert udfs.执行率得分(8.53, 18) == 4.74
    assert udfs.执行率("8.53万元", 18, "美元") == "#金额单位不明"
    assert udfs.执行率得分("8.53万元", 18, 10, "财政部", "人") == "#金额单位不明"


def test_indicator_cells_read_what_accountants_write():
    assert udfs.指标得分("10月底前", "11月", 10) == 9.1
    assert udfs.指标得分("12月底之前完成", "按时完成", 5) == 5.0
    assert udfs.指标得分("85%-95%", "100%", 10) == 9.5
    assert udfs.指标得分("≥28万人", "250000", 10) == 8.93
    assert udfs.指标得分("≥28万人", "1", 10) == "#单位不明"
    assert udfs.指标得分("0起", "2起", 5) == 0.0
    assert udfs.指标得分("定性优良中低差", "良", 10, "上海") == 5.0
    assert "304天" in udfs.指标得分说明("10月底前", "11月", 10)


_坏值 = [
    Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("1E999999"), Decimal("1E-999999"),
    "1" * 40, 10**400, float("nan"), float("inf"), 1e300, 1e-300, -0.0, True, "9" * 5000, "0." + "0" * 400 + "1",
]


@pytest.mark.parametrize("bad", _坏值, ids=lambda v: repr(v)[:24])
def test_bad_values_give_a_chinese_error_text_in_every_cell(bad):
    calls = [
        lambda: udfs.执行率(bad, 18), lambda: udfs.执行率(8.53, bad), lambda: udfs.执行率(8.53, 18, bad),
        lambda: udfs.执行率得分(bad, 18), lambda: udfs.执行率得分(8.53, 18, bad), lambda: udfs.执行率得分(8.53, 18, 10, bad),
        lambda: udfs.指标得分(bad, "1次", 5), lambda: udfs.指标得分("≥1次", bad, 5), lambda: udfs.指标得分("≥1次", "1次", bad),
        lambda: udfs.指标得分("≥1次", "1次", 5, "财政部", bad), lambda: udfs.指标表得分([[bad]], [["1"]], [[5]]),
        lambda: udfs.总分(bad, 5), lambda: udfs.评价等级(bad), lambda: udfs.偏差提示(bad, 5, None),
        lambda: udfs.偏差提示(5, bad, None), lambda: udfs.分值检查(bad, [[90]]),
    ]
    for call in calls:
        out = call()
        _cell_safe(out)


def _cell_safe(out):
    if isinstance(out, list):
        for v in out:
            _cell_safe(v)
    elif isinstance(out, float):
        assert math.isfinite(out), out
    elif isinstance(out, str):
        assert out != "#计算出错"
        assert not out.startswith("#") or re.fullmatch(r"#[\u4e00-\u9fff]+", out), out


def test_a_profile_given_as_a_number_is_a_cell_error():
    assert udfs.指标得分("≥1次", "1次", 5, 3) == "#口径不存在"
    assert udfs.执行率得分(5, 10, 10, 3.0) == "#口径不存在"
    assert udfs.评价等级(90, 3) == "#口径不存在"


_任意 = st.one_of(
    st.none(), st.text(max_size=20), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(["≥28万人", "10月底前", "85%-95%", "两次", "8.53万元", "万元", "上海", "0起", "按时完成", "1.2万"]),
)


@settings(max_examples=400, deadline=None)
@given(_任意, _任意, _任意, _任意)
def test_cells_never_show_a_traceback_or_inf(a, b, c, d):
    _cell_safe(udfs.指标得分(a, b, c))
    _cell_safe(udfs.指标得分(a, b, 10, "财政部", d))
    _cell_safe(udfs.执行率(a, b, c))
    _cell_safe(udfs.执行率得分(a, b, c, "财政部", d))
