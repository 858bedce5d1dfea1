"""``jixiao fill`` of evaluation systems, the workbook reader, and ``jixiao audit`` on the filled workbook.

No spreadsheet engine here: the reader evaluates intact formulas with the scoring core (the
LibreOffice tests prove the sheet computes the same).  What is proven: every leaf, rule, input
and manual score reaches the sheet; reading it back gives the same system (same scores, same
groups, same totals) and the same audit findings as the JSON, except what the workbook cannot
carry (the report's narrative and its other tables) — and edits of the workbook are found, with
their cells.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import 体系表头

from udfs.errors import 绩效自评错误
from udfs.evaluation import 体系审核, 体系转字典, 叶计分, 读取体系
from workbook_templates.readers.workbook import 读取模板
from workbook_templates.system_fill import 填入体系
from workbook_templates.system_layout import 体系函数版

# Findings that come from the report's text or its other tables, not from the indicator table.
只在报告中 = {"SCORE_MISSING_IN_TABLE", "TOTAL_NEEDS_NARRATIVE", "NARRATIVE_MISMATCH", "LABEL_MISMATCH", "RULE_TEXT_DIFFERS"}


def _读(path) -> dict:
    return {s.id: s for s in 读取模板(path)}


def _行(ws, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == code)


# --- what the fill writes --------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["体系函数版", "体系兼容版"])
def test_one_sheet_per_system_with_its_rows(版式名, 已填体系) -> None:
    path, result = 已填体系[("示例", 版式名)]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["市人社数据服务中心社保卡制发管理服务经费（2023年度）", "2018年度社会保障卡制作费项目", "评分规则"]
    assert result.表名 == wb.sheetnames[:2]
    for ws, expected in zip(wb.worksheets[:2], ({"指标组": 33, "末级指标": 38, "子规则": 2, "清单项": 19},
                                            {"指标组": 10, "末级指标": 19, "子规则": 2, "清单项": 0}), strict=True):
        h = 体系表头(ws, 3)
        kinds = [ws[f"{h['行类型']}{r}"].value for r in range(4, ws.max_row + 1)]
        assert {k: kinds.count(k) for k in expected} == expected, ws.title


def test_rules_and_inputs_reach_their_columns(已填体系) -> None:
    path, _ = 已填体系[("示例", "体系兼容版")]
    wb = openpyxl.load_workbook(path)
    sh, gz = wb["2018年度社会保障卡制作费项目"], wb["市人社数据服务中心社保卡制发管理服务经费（2023年度）"]
    h = 体系表头(sh, 3)
    b11 = _行(sh, "B11")
    cells = [sh[f"{h[k]}{b11}"].value for k in ("评分规则", "实际值", "目标值", "参数1", "参数2", "参数3", "参数4")]
    assert cells == ["每差扣分", 0.8431, 1, 0.02, 1, None, None]  # "84.31%" is stored as Excel stores it
    assert sh[f"{h['实际值']}{b11}"].number_format == "0.00%"
    c22 = _行(sh, "C22")
    assert sh[f"{h['评分规则']}{c22}"].value == "组合"
    part1, part2 = c22 + 1, c22 + 2
    assert [sh[f"{h['行类型']}{r}"].value for r in (part1, part2)] == ["子规则", "子规则"]
    assert [sh[f"{h['评分规则']}{r}"].value for r in (part1, part2)] == ["计数", "每差扣分"]
    assert [sh[f"{h['分值3']}{r}"].value for r in (part1, part2)] == [5, 2]
    assert sh[f"{h['参数3']}{part2}"].value == "反向"
    for code, score in (("B12", 3), ("C21", 12)):  # the report gives no input: manual, shown as such
        r = _行(sh, code)
        assert sh[f"{h['评分规则']}{r}"].value == "人工" and sh[f"{h['人工得分']}{r}"].value == score
    hg = 体系表头(gz, 3)
    sat = _行(gz, "37")
    assert [gz[f"{hg[k]}{sat}"].value for k in ("评分规则", "实际值", "上年值", "参数1", "参数2")] == ["满意度", 88.42, 88.04, 0.7, 1]
    xun = _行(gz, "23")  # 巡检: a checklist of five items, 0.5 + 0.5 + 0.5 + 1 + 0.5
    items = range(xun + 1, xun + 6)
    assert [gz[f"{hg['行类型']}{r}"].value for r in items] == ["清单项"] * 5
    assert [gz[f"{hg['分值4']}{r}"].value for r in items] == [0.5, 0.5, 0.5, 1, 0.5]
    assert [gz[f"{hg['是否符合']}{r}"].value for r in items] == ["是"] * 5


def test_raw_fixture_fills_every_leaf_as_manual_with_the_stated_scores(已填体系, 原始体系) -> None:
    path, result = 已填体系[("原始", "体系函数版")]
    read = _读(path)
    for system in 原始体系:
        again = read[system.id]
        assert all(leaf.评分规则 == {"规则": "人工"} for leaf in again.叶)
        r = 体系审核(again)
        assert r.总分 == {"guangzhou-2023-shebaoka-zhifa": Decimal("97.19"), "shanghai-2018-shebaoka-zhizuofei": Decimal(82)}[system.id]
    notes = "\n".join(result.提示)
    assert "10 资金支出率：评分表无得分，人工得分取报告正文的4.99分" in notes


def test_fill_notes_say_what_the_workbook_does_not_carry(已填体系) -> None:
    _, result = 已填体系[("示例", "体系函数版")]
    notes = "\n".join(result.提示)
    assert "10 资金支出率：评分表无得分（报告正文为4.99分），工作表按评分规则计算为4.99" in notes
    assert "15个末级指标为人工评分" in notes and "12个末级指标为人工评分" in notes
    assert "不写入工作表" in notes
    assert "不同" not in notes  # every leaf scores on the sheet as the JSON's rule says


def test_values_the_core_reads_as_percentages_are_written_as_percentages(体系模板目录, tmp_path) -> None:
    system = {"id": "t", "title": "测试体系", "levels": ["一级", "二级"], "leaves": [
        {"编号": "1", "层级": [{"名称": "产出", "分值": 5}], "名称": "支出率", "分值": 5,
         "评分规则": {"规则": "比例", "参数": {"实际值": "99.84"}}},  # against the default 100%: 99.84%
        {"编号": "2", "层级": [{"名称": "产出", "分值": 5}], "名称": "人数", "分值": 0,
         "评分规则": {"规则": "比例", "参数": {"实际值": "1831.53万人", "目标值": "1800万人", "分值": 4}}},
        {"编号": "3", "层级": [{"名称": "效益", "分值": 95}], "名称": "阶梯", "分值": 95,
         "评分规则": {"规则": "阶梯", "参数": {}}},
    ]}
    source = tmp_path / "体系.json"
    source.write_text(json.dumps({"systems": [system]}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "体系.xlsx"
    result = 填入体系(体系模板目录 / 体系函数版.文件名, 读取体系(source), out)
    notes = "\n".join(result.提示)
    assert "1 支出率：实际值'99.84'按百分比读作99.84%，写入为99.84%" in notes
    assert "2 人数：实际值'1831.53万人'的单位“万人”未写入" in notes
    assert "2 人数：评分规则的分值4与指标分值0不符；工作表按指标分值计算" in notes
    assert "2 人数：按工作表中的参数计得0.0，与JSON评分规则的4不同，请检查" in notes  # never silent
    assert "3 阶梯：评分规则“阶梯”不在下拉选项中" in notes
    ws = openpyxl.load_workbook(out)["测试体系"]
    h = 体系表头(ws, 3)
    assert ws[f"{h['实际值']}{_行(ws, '1')}"].value == 0.9984


def test_the_template_is_never_written_and_wrong_inputs_are_refused(体系模板目录, 种子体系, 种子表单, 模板目录, tmp_path) -> None:
    template = 体系模板目录 / 体系函数版.文件名
    before = hashlib.sha256(template.read_bytes()).digest()
    with pytest.raises(绩效自评错误, match="输出文件不能是输入文件"):
        填入体系(template, 种子体系, template)
    with pytest.raises(绩效自评错误, match="不能填入这个自评表模板"):
        填入体系(模板目录 / "项目支出绩效自评表.xlsx", 种子体系, tmp_path / "a.xlsx")
    with pytest.raises(绩效自评错误, match="给出的是项目支出绩效自评表"):
        填入体系(template, 种子表单, tmp_path / "b.xlsx")
    from workbook_templates.fill import 填入

    with pytest.raises(绩效自评错误, match="这是绩效评价指标体系评分表的模板"):
        填入(template, 种子表单, tmp_path / "c.xlsx")
    assert hashlib.sha256(template.read_bytes()).digest() == before
    assert not list(tmp_path.iterdir())  # nothing half-written
    填入体系(template, 种子体系, tmp_path / "ok.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["ok.xlsx"]  # no temporary file left behind


# --- reading it back ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["体系函数版", "体系兼容版"])
def test_reader_gives_back_the_same_system(版式名, 已填体系, 种子体系) -> None:
    path, _ = 已填体系[("示例", 版式名)]
    read = _读(path)
    for system in 种子体系:
        again = read[system.id]
        assert again.标题 == system.标题 and again.年度 == system.年度
        assert [(l.编号, l.名称) for l in again.叶] == [(l.编号, l.名称) for l in system.叶]
        assert [[n for n, _ in l.层级] for l in again.叶] == [[n for n, _ in l.层级] for l in system.叶]
        assert [Decimal(repr(l.分值)) for l in again.叶] == [Decimal(l.分值) for l in system.叶]
        for a, b in zip(again.叶, system.叶, strict=True):
            want, got = 叶计分(b), 叶计分(a)
            assert (got is None) == (want is None), a.编号
            if want is not None:
                assert (got.得分, got.分值) == (want.得分, want.分值), a.编号  # the same rule, from the cells
        mine, theirs = 体系审核(again), 体系审核(system)
        assert [(r.得分, r.来源) for r in mine.叶] == [(r.得分, r.来源) for r in theirs.叶]
        assert [(g.路径, g.填报分值, g.分值合计, g.得分合计) for g in mine.组] == \
               [(g.路径, g.填报分值, g.分值合计, g.得分合计) for g in theirs.组]
        assert (mine.总分, mine.等级) == (theirs.总分, theirs.等级)
        assert Decimal(repr(again.总分_得分)) == Decimal(system.总分_得分)  # 97.19 and 82, as the sheet computes


def test_round_trip_through_the_generic_json_is_stable(已填体系, 体系模板目录, tmp_path) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    first = [体系转字典(s) for s in 读取模板(path)]
    again_json = tmp_path / "再次.json"
    again_json.write_text(json.dumps({"systems": first}, ensure_ascii=False, default=str), encoding="utf-8")
    refilled = tmp_path / "再次.xlsx"
    result = 填入体系(体系模板目录 / 体系函数版.文件名, 读取体系(again_json), refilled)
    assert not [n for n in result.提示 if "不同" in n]
    second = [体系转字典(s) for s in 读取模板(refilled)]
    assert json.dumps(second, ensure_ascii=False, default=str) == json.dumps(first, ensure_ascii=False, default=str)


# --- the audit of a workbook --------------------------------------------------------------------------------


def _发现(result) -> list[tuple[str, str, str]]:
    return [(f.code, f.where["row"], f.message) for f in result.findings]


def test_audit_of_the_workbook_reports_what_the_json_audit_reports(已填体系, 种子体系) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    read = _读(path)
    for system in 种子体系:
        from_json, from_xlsx = 体系审核(system), 体系审核(read[system.id])
        carried = [f for f in _发现(from_json) if f[0] not in 只在报告中]
        found = _发现(from_xlsx)
        assert all(f in found for f in carried), system.id
        extra = [f for f in found if f not in carried]
        if system.id.startswith("shanghai"):
            # seed 002's table has no 得分情况说明 column; the workbook has one, and it is empty
            assert [(c, row) for c, row, _ in extra] == [("MISSING_REASON", r) for r in
                                                         ("B11 预算执行率", "C11 制卡数量完成率", "C12 制卡发放及时性", "C23 市民满意率")]
        else:
            assert extra == []
        assert {f[0] for f in _发现(from_json)} - {f[0] for f in found} <= 只在报告中
    shanghai = 体系审核(read["shanghai-2018-shebaoka-zhizuofei"])
    steps = {f.where["row"]: f.where["cell"] for f in shanghai.findings if f.code == "STEP_ROUNDING"}
    assert steps == {"C11 制卡数量完成率": "'2018年度社会保障卡制作费项目'!U25",
                     "C12 制卡发放及时性": "'2018年度社会保障卡制作费项目'!U26",
                     "C23 市民满意率": "'2018年度社会保障卡制作费项目'!U33"}
    guangzhou = 体系审核(read["guangzhou-2023-shebaoka-zhifa"])
    (count,) = [f for f in guangzhou.findings if f.code == "COUNT_MISMATCH"]
    assert count.message == "报告称有21个三级指标，评分表中为20个" and count.where["cell"].endswith("!AG7")
    manual = next(f for f in guangzhou.findings if f.code == "MANUAL_SCORES")
    assert "15个末级指标为人工评分" in manual.message


def _改(path: Path, tmp_path: Path, sheet: str, edits: dict[tuple[str, str], object]) -> Path:
    """A copy of a filled workbook with some cells typed over (code, column) -> value."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    h = 体系表头(ws, 3)
    for (code, key), value in edits.items():
        ws[f"{h[key]}{_行(ws, code)}"] = value
    out = tmp_path / "改过.xlsx"
    wb.save(out)
    return out


def test_audit_finds_edits_of_the_workbook_at_their_cells(已填体系, tmp_path) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    sheet = "2018年度社会保障卡制作费项目"
    edited = _改(path, tmp_path, sheet, {
        ("A11", "分值3"): 2,          # a child's weight: A1 (4) and A (6) no longer add up, nor does the total
        ("C13", "得分"): 9,            # a score typed over its formula
        ("B12", "人工得分"): "满分",    # a manual score that is not a number
        ("B21", "人工得分"): 6,         # a manual score above its 分值 (5)
        ("B11", "参数1"): "两个百分点",  # a rule input that is not a number
    })
    result = 体系审核(_读(edited)["shanghai-2018-shebaoka-zhizuofei"])
    where = {(f.code, f.where["row"]): f.where.get("cell", "").rsplit("!", 1)[-1] for f in result.findings}
    assert where[("WEIGHT_SUM_MISMATCH", "项目决策／项目立项")] == "E5"
    assert where[("WEIGHT_SUM_MISMATCH", "项目决策")] == "C4"
    assert where[("TOTAL_WEIGHT", "合计")] == "C35"
    assert where[("LEAF_SCORE_MISMATCH", "C13 产品一次性合格率")] == "U27"
    assert where[("NUMBER_UNREADABLE", "B12 预算资金到位及时率")] == "T15"
    assert where[("SCORE_OUT_OF_RANGE", "B21 专项资金使用情况")] == "T17"
    assert where[("RULE_INVALID", "B11 预算执行率")] == "N14"
    messages = {f.code: f.message for f in result.findings}
    assert messages["WEIGHT_SUM_MISMATCH"].startswith("下级分值合计为")
    assert "步长" in messages["RULE_INVALID"]


def test_reader_refuses_a_broken_sheet_in_chinese_naming_the_cell(已填体系, tmp_path) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    wb = openpyxl.load_workbook(path)
    ws = wb["2018年度社会保障卡制作费项目"]
    h = 体系表头(ws, 3)
    ws[f"{h['行类型']}{_行(ws, 'A12')}"] = None
    out = tmp_path / "缺行类型.xlsx"
    wb.save(out)
    with pytest.raises(绩效自评错误, match=r"第7行没有行类型（'2018年度社会保障卡制作费项目'!W7）"):
        读取模板(out)


def test_blank_template_reads_as_no_systems(体系模板目录) -> None:
    assert 读取模板(体系模板目录 / 体系函数版.文件名) == []


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_build_then_fill_the_systems_json(tmp_path) -> None:
    from addin.cli import cli

    out = tmp_path / "模板"
    r = CliRunner().invoke(cli, ["build", "--out", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert {"绩效评价指标体系评分表.xlsx", "绩效评价指标体系评分表_兼容版.xlsx"} <= {p.name for p in out.iterdir()}
    raw = Path(__file__).parent / "data" / "evaluation_systems.json"
    filled = tmp_path / "体系.xlsx"
    r = CliRunner().invoke(cli, ["fill", str(out / "绩效评价指标体系评分表.xlsx"), str(raw), "--out", str(filled)])
    assert r.exit_code == 0, r.output
    assert "已填入 2 张表" in r.output and "资金支出率：评分表无得分，人工得分取报告正文的4.99分" in r.output
    r = CliRunner().invoke(cli, ["fill", str(out / "项目支出绩效自评表.xlsx"), str(raw), "--out", str(tmp_path / "错.xlsx")])
    assert r.exit_code == 2 and "不能填入这个自评表模板" in r.output


def _审核工作簿可用(path: Path) -> bool:
    """Whether the reader registered for .xlsx hands system sheets to workbook_templates.readers.template."""
    from workbook_templates import readers as sources

    try:
        return any(type(x).__name__ == "评价体系" for x in sources.读取(path))
    except 绩效自评错误:
        return False


def test_cli_audit_of_a_filled_workbook(已填体系) -> None:
    from addin.cli import cli

    path, _ = 已填体系[("示例", "体系兼容版")]
    assert _审核工作簿可用(path)  # the .xlsx reader (readers.workbook) hands 体系表 sheets to readers.system
    r = CliRunner().invoke(cli, ["audit", "--json", str(path)])
    assert r.exit_code == 0, r.output  # warnings only
    data = json.loads(r.stdout)
    systems = {s["id"]: s for s in data["systems"]}
    assert systems["guangzhou-2023-shebaoka-zhifa"]["总分"] == 97.19
    assert systems["shanghai-2018-shebaoka-zhizuofei"]["等级"] == "良"
    steps = [f for f in systems["shanghai-2018-shebaoka-zhizuofei"]["findings"] if f["code"] == "STEP_ROUNDING"]
    assert [f["where"]["cell"] for f in steps] == [f"'2018年度社会保障卡制作费项目'!U{r}" for r in (25, 26, 33)]
    assert r.stderr.count("无法读取") == 0
