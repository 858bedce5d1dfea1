"""The audit on the 13 real seed forms (seeds 003 and 004) and on their known mistakes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from udfs.audit import 审核
from udfs.forms import _表单, 表单列表, 表单转字典, 读取表单

# (id, 执行率, 执行率得分) recomputed by hand in CHECKS.md
RATES = {
    "huangshan-2024-jinbao": ("1.0000", "10.00"),
    "huangshan-2024-icka": ("0.4739", "4.74"),
    "huangshan-2024-renshe-xinxi": ("1.0000", "10.00"),
    "shanghai-2021-jiaohuan": ("1.0000", "10.00"),
    "shanghai-2021-shengxun": ("0.9999", "10.00"),
    "shanghai-2021-zhika-shebei": ("0.9827", "9.83"),
    "shanghai-2021-gongwuche": ("0.9996", "10.00"),
    "shanghai-2021-xinxi-yunwei": ("0.8537", "8.54"),
    "shanghai-2021-yiwangtongban": ("0.9563", "9.56"),
    "shanghai-2021-xinxi-shengji": ("0.9696", "9.70"),
    "shanghai-2021-juzhuzheng": ("0.9549", "9.55"),
    "shanghai-2021-jinglaoka": ("0.9973", "9.97"),
    "shanghai-2021-shebaoka": ("0.9937", "9.94"),
}

# Printed 总分 that the rules reproduce exactly under the 上海 profile (half marks for 基本健全);
# the two forms whose printed totals rest on a mistake are recomputed to the corrected value.
TOTALS_SHANGHAI_PROFILE = {
    "shanghai-2021-jiaohuan": "97.5", "shanghai-2021-shengxun": "97.5", "shanghai-2021-zhika-shebei": "97.33",
    "shanghai-2021-xinxi-yunwei": "96.04", "shanghai-2021-yiwangtongban": "97.06", "shanghai-2021-xinxi-shengji": "97.2",
    "shanghai-2021-juzhuzheng": "94.95", "shanghai-2021-jinglaoka": "97.47",
    "shanghai-2021-shebaoka": "96.80",  # printed 96.84 uses 19.4 for 19.36
    "shanghai-2021-gongwuche": "100",  # printed 98 gives 2 of 4 to 完善/完善
}


@pytest.fixture(scope="module")
def forms(seed_forms_json):
    return {f.id: f for f in (_表单(f, i, "seed") for i, f in enumerate(seed_forms_json["forms"], 1))}


def codes(result, level=None):
    return [(f.code, f.where["row"]) for f in result.findings if level is None or f.level == level]


@pytest.mark.parametrize("form_id", sorted(RATES))
def test_execution_rate_of_every_seed_form(forms, form_id):
    r = 审核(forms[form_id])
    assert (r.执行率, r.执行率得分) == tuple(D(x) for x in RATES[form_id])


def test_every_quantitative_score_of_every_seed_form(forms):
    """Every stated score of a quantitative row is reproduced, except the one known mistake."""
    checked = 0
    for form in forms.values():
        r = 审核(form)
        for row in r.指标:
            if row.计分 is None or row.计分.类型 != "定量":
                continue
            checked += 1
            if (form.id, row.三级指标) == ("shanghai-2021-shebaoka", "社会保障卡制发卡数量 完成率"):
                assert (row.得分, row.填报得分) == (D("19.36"), D("19.4"))
            else:
                assert row.得分 == row.填报得分, (form.id, row.三级指标)
    assert checked == 99  # all quantitative rows of the 13 forms


def test_qualitative_rows_are_reproduced_under_the_shanghai_profile(forms):
    for form_id, total in TOTALS_SHANGHAI_PROFILE.items():
        r = 审核(forms[form_id], "上海")
        assert r.总分 == D(total), form_id
        for row in r.指标:
            if row.计分 and row.计分.类型 == "定性" and row.三级指标 != "管理人员责任制度":
                assert row.得分 == row.填报得分, (form_id, row.三级指标)


def test_huangshan_totals(forms):
    assert 审核(forms["huangshan-2024-icka"]).总分 == D("94.74")
    assert 审核(forms["huangshan-2024-renshe-xinxi"]).总分 == D("100")
    # 两个“不适用”却计5分的指标无法按规则计分，总分因此不给数字（不照抄）
    jinbao = 审核(forms["huangshan-2024-jinbao"])
    assert jinbao.总分 is None and jinbao.等级 is None


# --- every mismatch of CHECKS.md (part A) is reported -----------------------------------

def test_checks_gongwuche_qualitative_scored_outside_tier(forms):
    r = 审核(forms["shanghai-2021-gongwuche"])
    f = [f for f in r.findings if f.code == "QUAL_OUT_OF_TIER"]
    assert len(f) == 1 and "管理人员责任制度" in f[0].where["row"] and "3.2–4" in f[0].message
    assert "基本完善" in f[0].message  # suggests writing the actual as it is


@pytest.mark.parametrize("form_id, printed, right", [("shanghai-2021-xinxi-shengji", "96.97%", "96.96%"), ("shanghai-2021-jinglaoka", "99.74%", "99.73%")])
def test_checks_printed_execution_rate_wrong(forms, form_id, printed, right):
    r = 审核(forms[form_id])
    f = [f for f in r.findings if f.code == "RATE_MISMATCH"]
    assert len(f) == 1 and f[0].level == "错误" and printed in f[0].message and right in f[0].message
    assert f[0].where == {"form": form_id, "row": "年度资金总额", "column": "执行率"}


def test_checks_rounded_to_one_decimal(forms):
    r = 审核(forms["shanghai-2021-shebaoka"])
    f = [f for f in r.findings if f.code == "ROUNDING"]
    assert len(f) == 1 and "19.4" in f[0].message and "19.36" in f[0].message


def test_checks_observations_are_reported(forms):
    jinbao = 审核(forms["huangshan-2024-jinbao"])
    assert [f.where["row"] for f in jinbao.findings if f.code == "NOT_APPLICABLE_SCORED"] == [
        "指标第7行（经济效益指标）", "指标第9行（生态效益指标）"]
    assert len([f for f in 审核(forms["huangshan-2024-renshe-xinxi"]).findings if f.code == "EMPTY_ROW"]) == 2
    assert any(f.code == "BUDGET_ADJUSTED" and "87.83%" in f.message for f in 审核(forms["huangshan-2024-renshe-xinxi"]).findings)
    # half marks for 基本健全 are outside the national 60–80% tier: a warning, not an error
    assert any(f.code == "QUAL_OUT_OF_TIER" and f.level == "警告" for f in 审核(forms["shanghai-2021-jiaohuan"]).findings)


def test_forms_without_mistakes_get_no_error(forms):
    with_mistakes = {"shanghai-2021-xinxi-shengji", "shanghai-2021-jinglaoka"}
    for form_id, form in forms.items():
        errors = codes(审核(form), "错误")
        assert bool(errors) == (form_id in with_mistakes), (form_id, errors)
    for form_id in TOTALS_SHANGHAI_PROFILE:
        if form_id not in with_mistakes | {"shanghai-2021-gongwuche", "shanghai-2021-shebaoka"}:
            assert codes(审核(forms[form_id], "上海"), "错误") == codes(审核(forms[form_id], "上海"), "警告") == []


# --- the mistakes domain.md lists, planted into real forms -------------------------------

def audit_of(seed_form, form_id, change):
    data = seed_form(form_id)
    change(data)
    return 审核(_表单(data, 1, "test"), "上海" if form_id.startswith("shanghai") else None)


def test_uncapped_ratio(seed_form):
    def change(d):
        d["indicators"][0].update({"年度指标值": "≥15万人", "实际完成值": "29万人", "分值": "10", "得分": "19.33"})
    r = audit_of(seed_form, "huangshan-2024-jinbao", change)
    assert ("SCORE_ABOVE_WEIGHT", "指标第1行（服务养老保险参保人数）") in codes(r, "错误")


def test_full_marks_for_a_missed_target(seed_form):
    def change(d):
        d["indicators"][0]["实际完成值"] = "89.5%"  # 敬老卡制发卡数量完成率 =100%, stated 20
    r = audit_of(seed_form, "shanghai-2021-jinglaoka", change)
    f = [f for f in r.findings if f.code == "FULL_MARKS_MISSED_TARGET"]
    assert len(f) == 1 and "17.9" in f[0].message
    assert ("MISSING_REASON", "指标第1行（敬老卡制发卡数量完成率）") in codes(r, "警告")


def test_fund_total_row_left_empty(seed_form):
    def change(d):
        d["funds"]["年度资金总额"].update({"年初预算数": "0", "全年预算数": "0", "全年执行数": "0", "执行率": None, "得分": None})
    r = audit_of(seed_form, "huangshan-2024-icka", change)
    assert ("FUND_TOTAL_EMPTY", "年度资金总额") in codes(r, "错误")
    assert r.执行率 == D("0.4739")  # taken from the sub-rows, and said so
    # so is 年初预算数 (18 = 18): not "年初预算数0与全年预算数18不同"
    assert not [f for f in r.findings if f.code == "BUDGET_ADJUSTED"]


def test_weight_100_typed_for_10(seed_form):
    r = audit_of(seed_form, "huangshan-2024-icka", lambda d: d["funds"]["年度资金总额"].update({"分值": "100"}))
    assert ("WEIGHT_TYPO", "年度资金总额") in codes(r, "错误")
    assert r.执行率得分 == D("4.74")


def test_weights_summing_to_110(seed_form):
    r = audit_of(seed_form, "huangshan-2024-icka", lambda d: d["indicators"][0].update({"分值": "25", "得分": "25"}))
    assert ("WEIGHTS_SUM", "绩效指标") in codes(r, "错误")
    assert any("110" in f.message for f in r.findings if f.code == "WEIGHTS_SUM")


def test_total_that_is_not_the_sum(seed_form):
    r = audit_of(seed_form, "huangshan-2024-icka", lambda d: d.update({"总分_得分": "95.74"}))
    assert ("TOTAL_SUM", "总分") in codes(r, "错误")


def test_wrong_proportional_score(seed_form):
    r = audit_of(seed_form, "shanghai-2021-juzhuzheng", lambda d: d["indicators"][0].update({"得分": "18.5"}))
    f = [f for f in r.findings if f.code == "SCORE_MISMATCH"]
    assert len(f) == 1 and "17.9" in f[0].message


def test_execution_score_not_capped(seed_form):
    def change(d):
        d["funds"]["年度资金总额"].update({"全年执行数": "20.00", "执行率": "111.11%", "得分": "11.11"})
    r = audit_of(seed_form, "huangshan-2024-icka", change)
    assert ("SCORE_ABOVE_WEIGHT", "年度资金总额") in codes(r, "错误")
    assert ("OVER_BUDGET", "年度资金总额") in codes(r, "警告")


def test_points_lost_without_reason(seed_form):
    r = audit_of(seed_form, "shanghai-2021-juzhuzheng", lambda d: d["indicators"][0].update({"偏差原因分析及改进措施": None}))
    assert ("MISSING_REASON", "指标第1行（正式居住证制发卡数量完成率）") in codes(r, "警告")


def test_manual_override_is_visible(seed_form):
    def change(d):
        d["indicators"][12]["人工得分"] = "3.5"
        d["indicators"][12]["得分"] = "3.5"
    r = audit_of(seed_form, "shanghai-2021-gongwuche", change)
    assert ("OVERRIDE", "指标第13行（管理人员责任制度）") in codes(r, "提示")


def test_unreadable_values_are_errors_with_place(seed_form):
    r = audit_of(seed_form, "huangshan-2024-jinbao", lambda d: d["indicators"][1].update({"年度指标值": "≥百分之九十九"}))
    f = [f for f in r.findings if f.code == "VALUE_UNREADABLE"]
    assert f and f[0].where["column"] == "年度指标值" and "阿拉伯数字" in f[0].message


def test_json_round_trip(tmp_path, forms):
    import json

    path = tmp_path / "forms.json"
    path.write_text(json.dumps({"forms": [表单转字典(f) for f in forms.values()]}, ensure_ascii=False), encoding="utf-8")
    again = {f.id: f for f in 读取表单(path)}
    assert {k: 审核(v).as_json() for k, v in again.items()} == {k: 审核(v).as_json() for k, v in forms.items()}


def test_json_shape(forms):
    out = 审核(forms["huangshan-2024-icka"]).as_json()
    assert set(out) == {"id", "执行率", "执行率得分", "总分", "等级", "indicators", "findings"}
    assert out["执行率"] == 0.4739 and out["执行率得分"] == 4.74 and out["总分"] == 94.74 and out["等级"] == "优"
    assert out["indicators"][0] == {"三级指标": "持卡人数", "得分": 15, "填报得分": 15}
    assert out["indicators"][6] == {"三级指标": "生态效益", "得分": None, "填报得分": None}
    assert set(out["findings"][0]) == {"level", "code", "message", "where"}


def test_manual_score_outside_its_tier_is_an_error(seed_form):
    r = audit_of(seed_form, "shanghai-2021-gongwuche", lambda d: d["indicators"][12].update({"人工得分": "2"}))
    f = [f for f in r.findings if f.code == "OVERRIDE_INVALID"]
    assert len(f) == 1 and f[0].level == "错误" and "3.2–4" in f[0].message and f[0].where["column"] == "人工得分"


def _分组表(一级们: list[str], 分值们: list[int]) -> dict:
    rows = [{"一级指标": l1, "二级指标": "数量指标", "三级指标": f"指标{i}", "年度指标值": "≥10个", "实际完成值": "10个",
             "分值": str(w), "得分": str(w)} for i, (l1, w) in enumerate(zip(一级们, 分值们), 1)]
    return {"id": "分组", "项目名称": "甲", "主管部门": "乙", "实施单位": "丙",
            "funds": {"年度资金总额": {"年初预算数": "10", "全年预算数": "10", "全年执行数": "10", "分值": "10",
                                   "执行率": "100%", "得分": "10"}},
            "indicators": rows, "总分_分值": "100", "总分_得分": "100"}


@pytest.mark.parametrize("一级们, 分值们, expected", [
    (["产出指标(50分)"] * 2 + ["效益指标(40分)"] * 2, [25, 25, 20, 20], []),
    (["产出指标(50分)"] * 2 + ["效益指标(40分)"] * 2, [30, 25, 20, 15],
     ["“产出指标”标注50分，其下各指标分值合计55", "“效益指标”标注40分，其下各指标分值合计35"]),
    # 重庆's 2023 template prints the range a group's weights may take
    (["产出指标(40-50)分"] * 2 + ["效益指标（30分-40分）"] * 2, [25, 20, 25, 20],
     ["“效益指标”标注30–40分，其下各指标分值合计45"]),
    (["产出指标(40-50)分"] * 2 + ["效益指标（30分-40分）"] * 2, [25, 25, 20, 20], []),
    (["产出指标(40-50)分"] * 2 + ["效益指标（30分-40分）"] * 2, [30, 25, 20, 15],
     ["“产出指标”标注40–50分，其下各指标分值合计55"]),
])
def test_a_group_label_states_the_points_of_its_indicators(一级们, 分值们, expected):
    (form,) = 表单列表({"forms": [_分组表(一级们, 分值们)]}, "分组.json")
    got = [f.message for f in 审核(form).findings if f.code == "GROUP_WEIGHT_MISMATCH"]
    assert got == expected


def test_a_numeric_target_answered_with_a_sentence_is_scored_as_stated_and_the_number_asked_for():
    """湖北 蔡甸 2021 writes 达成预期指标 as every 实际完成值, also against 不低于95% or 0起: the form states
    the target was met, so the row gets its points (not a flood of errors), and a 警告 asks for the number."""
    data = _分组表(["产出指标"] * 4, [25, 25, 20, 20])
    for row, (target, actual) in zip(data["indicators"], [("不低于95%", "达成预期指标"), ("0起", "已完成"),
                                                           ("≥10个", "10个"), ("≥10个", "未完成")]):
        row["年度指标值"], row["实际完成值"] = target, actual
    (form,) = 表单列表({"forms": [data]}, "蔡甸.json")
    result = 审核(form)
    assert [r.得分 for r in result.指标][:3] == [D(25), D(25), D(20)]
    assert [f.where["row"] for f in result.findings if f.code == "ACTUAL_WITHOUT_NUMBER"] == \
        ["指标第1行（指标1）", "指标第2行（指标2）"]
    # "未完成" says the target was missed but not by how much: no score is made up
    assert result.指标[3].得分 is None and "VALUE_UNREADABLE" in {f.code for f in result.findings}
