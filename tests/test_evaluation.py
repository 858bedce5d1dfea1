"""Evaluation-report rules and the two seed evaluation systems (seeds 000 and 002)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from importlib import resources
from pathlib import Path

import pytest

from udfs.errors import 规则参数有误
from udfs.evaluation import 体系审核, 体系转字典, 读取体系
from udfs.rules import (
    区间得分,
    扣分得分,
    按规则计分,
    比例得分,
    清单得分,
    清单扣分,
    满意度得分,
    计数得分,
    调整率得分,
)

EXAMPLE = Path(str(resources.files("udfs") / "examples" / "evaluation_systems.json"))
RAW = Path(__file__).parent / "data" / "evaluation_systems.json"


# --- the rules, with the seeds' own numbers ------------------------------------------

def test_proportional():
    assert 比例得分("99.84%", 5).得分 == D("4.99")  # seed 000 资金支出率
    assert 比例得分(1090.899732 / 1092.660282, 5).得分 == D("4.99")
    assert 比例得分("1831.53", 4, "1800").得分 == D("4.00")  # capped
    assert 比例得分("76.51%", 2, "80%").得分 == D("1.91")


def test_step_deduction():
    assert 扣分得分("84.31%", "100%", 5, "2%", 1).得分 == D("0.00")  # seed 002 B11: 0 of 5
    assert 扣分得分("80.43%", "100%", 12, "2%", 1).得分 == D("2.00")  # C11
    assert 扣分得分("99.60%", "100%", 8, "1%", 2).得分 == D("6.00")  # C12: 6 of 8
    assert 扣分得分("98.47%", "99%", 10, "1%", 1).得分 == D("9.00")  # C23
    assert 扣分得分("80.43%", "100%", 12, "2%", 1, 取整="比例").得分 == D("2.22")  # the literal reading
    assert 扣分得分("99.60%", "100%", 8, "1%", 2, 取整="去尾").得分 == D("8.00")
    assert 扣分得分("11.68", "12", 3, "1", "0.1", 方向="反向").得分 == D("3.00")  # 每超出1个工作日扣0.1分
    assert 扣分得分("14.5", "12", 3, "1", "0.1", 方向="反向").得分 == D("2.70")


def test_band():
    assert 区间得分("99.76%", "95%", "85%", 3).得分 == D("3.00")
    assert 区间得分("90%", "95%", "85%", 3).得分 == D("1.50")
    assert 区间得分("84%", "95%", "85%", 3).得分 == D("0.00")
    assert 区间得分("90%", "95%", "85%", 3, "比例").得分 == D("2.84")


def test_adjustment_rate():
    r = 调整率得分("1092.66", "1773.84", 2)  # seed 000: −38.40% → 1.23 of 2
    assert r.得分 == D("1.23") and "-38.4%" in r.说明


def test_satisfaction():
    assert 满意度得分("88.42", 4, "70%", "88.04", 1).得分 == D("4.54")  # 4 × 88.42% + 1
    assert 满意度得分("88.00", 4, "70%", "88.04", 1).得分 == D("3.52")  # no improvement, no bonus
    assert 满意度得分("98.69%", 5, "85%").得分 == D("4.93")
    assert 满意度得分("80%", 5, "85%").得分 == D("0.00")  # below the floor


def test_checklists_and_counts():
    assert 清单得分(["是", "是", "是", "是", "是"], [0.5, 0.5, 0.5, 1, 0.5]).得分 == D("3.00")
    assert 清单得分(["是", "否"], [1.5, 1.5]).得分 == D("1.50")
    assert 清单扣分(["符合", "不符合", "×"], 0.5, 2).得分 == D("1.00")
    assert 计数得分(5, 5, 5, 1).得分 == D("5.00")
    assert 计数得分(7, 10, 6, 1).得分 == D("3.00")  # "≥10得6分，每减少1个扣1分"
    assert 计数得分(2, 10, 6, 1).得分 == D("0.00")


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: 清单得分(["是", "也许"], [1, 1]), "应填“是”或“否”"),
        (lambda: 扣分得分("90%", "100%", 5, "0%", 1), "步长"),
        (lambda: 扣分得分("90%", "100%", 5, "1%", 1, 取整="四舍五入"), "取整"),
        (lambda: 按规则计分("随便", {}), "没有名为"),
        (lambda: 按规则计分("比例", {"实际": 1}), "没有参数"),
        (lambda: 区间得分("90%", "90%", "90%", 3), "不能相同"),
    ],
)
def test_rule_parameter_errors_are_clear(call, words):
    with pytest.raises(规则参数有误) as e:
        call()
    assert words in str(e.value)


# --- the two seed systems -------------------------------------------------------------

@pytest.fixture(scope="module")
def example():
    return {s.id: 体系审核(s) for s in 读取体系(EXAMPLE)}


@pytest.fixture(scope="module")
def raw():
    return {s.id: 体系审核(s) for s in 读取体系(RAW)}


def test_example_is_the_fixture_plus_rules():
    a, b = json.loads(EXAMPLE.read_text(encoding="utf-8")), json.loads(RAW.read_text(encoding="utf-8"))
    for sa, sb in zip(a["systems"], b["systems"]):
        for la, lb in zip(sa["leaves"], sb["leaves"]):
            rule = la.pop("评分规则")
            assert la == lb and rule


def test_totals_and_grades(example, raw):
    for results in (example, raw):
        assert (results["guangzhou-2023-shebaoka-zhifa"].总分, results["guangzhou-2023-shebaoka-zhifa"].等级) == (D("97.19"), "优")
        assert (results["shanghai-2018-shebaoka-zhizuofei"].总分, results["shanghai-2018-shebaoka-zhizuofei"].等级) == (D("82.00"), "良")


def test_every_deterministic_leaf_is_computed_by_rule(example):
    gz = {r.叶.编号: r for r in example["guangzhou-2023-shebaoka-zhifa"].叶}
    ruled = {k for k, r in gz.items() if r.来源 == "规则"}
    assert ruled == {str(i) for i in [9, 10, 11, *range(18, 25), *range(26, 39)]}  # CHECKS B.1 "OK" rows
    assert (gz["10"].得分, gz["11"].得分, gz["37"].得分, gz["38"].得分) == (D("4.99"), D("1.23"), D("4.54"), D("4.93"))
    for r in gz.values():
        assert r.得分 == (r.填报得分 if r.填报得分 is not None else D("4.99"))
    sh = {r.叶.编号: r for r in example["shanghai-2018-shebaoka-zhizuofei"].叶}
    assert {k for k, r in sh.items() if r.来源 == "规则"} == {"B11", "C11", "C12", "C13", "C22", "C23", "C24"}
    assert {k: sh[k].得分 for k in ("B11", "C11", "C12", "C23")} == {"B11": D(0), "C11": D(2), "C12": D(6), "C23": D(9)}
    assert all(r.得分 == r.填报得分 for r in sh.values())


def test_manual_leaves_are_shown_as_manual(example, raw):
    sh = example["shanghai-2018-shebaoka-zhizuofei"]
    assert {r.叶.编号 for r in sh.叶 if r.来源 == "人工"} == {"A11", "A12", "A13", "A21", "A22", "B12", "B21", "B22", "B23", "B31", "B32", "C21"}
    f = [f for f in sh.findings if f.code == "MANUAL_SCORES"]
    assert len(f) == 1 and "B12" in f[0].message and "C21" in f[0].message
    assert all(r.来源 == "人工" for r in raw["guangzhou-2023-shebaoka-zhifa"].叶 if r.叶.编号 != "10")


def test_parent_sums(example):
    groups = {g.路径: g for g in example["guangzhou-2023-shebaoka-zhifa"].组}
    assert (groups[("项目管理",)].分值合计, groups[("项目管理",)].得分合计) == (D(24), D("23.22"))
    assert groups[("项目管理", "资金管理")].得分合计 == D("10.22")
    assert groups[("项目效益", "满意度")].得分合计 == D("9.47")
    sh = {g.路径: g for g in example["shanghai-2018-shebaoka-zhizuofei"].组}
    assert [sh[(k,)].得分合计 for k in ("项目决策", "项目管理", "项目绩效")] == [D(6), D(24), D(52)]


def _codes(result):
    return {(f.code, f.where["row"]) for f in result.findings}


def test_checks_guangzhou_mistakes_are_flagged(example):
    r = example["guangzhou-2023-shebaoka-zhifa"]
    c = _codes(r)
    assert ("SCORE_MISSING_IN_TABLE", "10 资金支出率") in c  # table prints no 得分 cell
    assert ("TOTAL_NEEDS_NARRATIVE", "合计") in c  # Σ table cells 92.2 ≠ 97.19
    assert ("COUNT_MISMATCH", "三级") in c  # report says 21, table has 20
    f = [f for f in r.findings if f.code == "NARRATIVE_MISMATCH"]
    assert len(f) == 1 and "保障措施" in f[0].where["row"] and "分值3" in f[0].message and "分值5" in f[0].message
    assert not [f for f in r.findings if f.level == "错误"]


def test_checks_shanghai_mistakes_are_flagged(example):
    r = example["shanghai-2018-shebaoka-zhizuofei"]
    c = _codes(r)
    for leaf in ("C11 制卡数量完成率", "C12 制卡发放及时性", "C23 市民满意率"):
        assert ("STEP_ROUNDING", leaf) in c
    step = {f.where["row"]: f.message for f in r.findings if f.code == "STEP_ROUNDING"}
    assert "2.22" in step["C11 制卡数量完成率"] and "7.2" in step["C12 制卡发放及时性"] and "9.47" in step["C23 市民满意率"]
    narrative = {f.where["row"]: f.message for f in r.findings if f.code == "NARRATIVE_MISMATCH"}
    assert "得 1 分" in narrative["B11 预算执行率"] and "得 6分" in narrative["B32 项目管理制度执行的有效性"]
    labels = [f.message for f in r.findings if f.code == "LABEL_MISMATCH"]
    assert any("A11" in m and "A13" in m for m in labels) and any("绩效目标明确性" in m for m in labels)
    assert ("RULE_TEXT_DIFFERS", "A22 绩效指标明确性") in c
    assert not [f for f in r.findings if f.level == "错误"]


def test_a_wrong_leaf_score_is_an_error(tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    leaf = next(l for l in data["systems"][0]["leaves"] if l["seq"] == 37)
    leaf["得分"] = "5"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = 体系审核(读取体系(path)[0])
    f = [f for f in r.findings if f.code == "LEAF_SCORE_MISMATCH"]
    assert len(f) == 1 and "4.54" in f[0].message
    assert any(f.code == "TOTAL_SUM" and "97.65" in f.message for f in r.findings)


def test_generic_shape_round_trip(tmp_path, example):
    for result in example.values():
        path = tmp_path / f"{result.id}.json"
        path.write_text(json.dumps({"systems": [体系转字典(result.体系)]}, ensure_ascii=False), encoding="utf-8")
        again = 体系审核(读取体系(path)[0])
        assert again.总分 == result.总分
        assert [(r.得分, r.来源) for r in again.叶] == [(r.得分, r.来源) for r in result.叶]
