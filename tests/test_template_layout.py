"""The built workbooks, part by part: names, merges, protection, checks, print setup, styles.

Each test reads the file ``jixiao build`` wrote (openpyxl), not the layout objects, so a
part that the renderer drops fails here.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.formula.tokenizer import Token, Tokenizer

import udfs
from udfs.errors import 绩效自评错误
from udfs.profiles import 口径列表
from workbook_templates.build import 生成
from workbook_templates.form_layout import 兼容版, 函数版, 标准指标分组
from workbook_templates.sheetkit import 估计行高, 格

函数版文件 = "项目支出绩效自评表.xlsx"
兼容版文件 = "项目支出绩效自评表_兼容版.xlsx"
函数名 = {f.名称 for f in udfs.函数清单()}


@pytest.fixture(scope="module")
def 函数表(模板目录):
    return openpyxl.load_workbook(模板目录 / 函数版文件)


@pytest.fixture(scope="module")
def 兼容表(模板目录):
    return openpyxl.load_workbook(模板目录 / 兼容版文件)


def _地址(ws, name: str) -> str:
    (_, ref), = ws.defined_names[name].destinations
    return ref.replace("$", "")


def _左(ws, addr: str, steps: int = 1):
    cell = ws[addr.split(":")[0]]
    return ws.cell(cell.row, cell.column - steps).value


def _上(ws, addr: str, steps: int = 1):
    cell = ws[addr.split(":")[0]]
    return ws.cell(cell.row - steps, cell.column).value


# --- files -----------------------------------------------------------------------------------


def test_build_writes_both_workbooks_with_their_sheets(模板目录: Path) -> None:
    assert sorted(p.name for p in 模板目录.iterdir()) == sorted([函数版文件, 兼容版文件])
    assert openpyxl.load_workbook(模板目录 / 函数版文件).sheetnames == ["自评清单", "自评表"]
    assert openpyxl.load_workbook(模板目录 / 兼容版文件).sheetnames == ["自评清单", "自评表", "计分口径"]


def test_build_is_deterministic(tmp_path: Path) -> None:
    first, second = 生成(tmp_path / "一"), 生成(tmp_path / "二")
    for a, b in zip(first, second):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name
        with zipfile.ZipFile(a) as z:
            # nothing in the file depends on the clock: entries and document dates are fixed
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = z.read("docProps/core.xml").decode()
        assert "2024-01-01T00:00:00Z" in core and core.count("2024-01-01T00:00:00Z") == 2


def test_build_variant_in_yuan_and_profile(tmp_path: Path) -> None:
    生成(tmp_path, 金额单位="元", 口径="上海")
    ws = openpyxl.load_workbook(tmp_path / 函数版文件)["自评表"]
    assert ws[_地址(ws, "金额单位")].value == "元"
    assert ws[_地址(ws, "口径")].value == "上海"
    assert ws["A5"].value == '="项目资金"&CHAR(10)&"（"&金额单位&"）"'  # the label follows the unit cell


def test_build_rejects_unknown_unit_and_profile_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(绩效自评错误, match="金额单位'美元'不受支持"):
        生成(tmp_path, 金额单位="美元")
    with pytest.raises(绩效自评错误, match="没有名为'北京'的口径"):
        生成(tmp_path, 口径="北京")
    assert not any(tmp_path.iterdir())


# --- the form's frame ------------------------------------------------------------------------------


@pytest.mark.parametrize("表", ["函数表", "兼容表"])
def test_title_header_funds_goals_and_total_rows(表: str, request) -> None:
    ws = request.getfixturevalue(表)["自评表"]
    last = "I" if 表 == "函数表" else "K"
    assert ws["A1"].value == "项目支出绩效自评表"
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value.startswith('=IF(年度="",')  # （YYYY年度） from the 年度 cell
    assert [ws["A3"].value, ws["A4"].value] == ["项目名称", "主管部门"]
    assert _左(ws, _地址(ws, "实施单位"), 2 if 表 == "兼容表" else 1) == "实施单位"
    labels = [ws.cell(r, 2).value for r in range(6, 10)]
    assert labels == ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
    for name in ("年初预算数", "全年预算数", "全年执行数"):
        assert _上(ws, _地址(ws, name)) == name
    assert _上(ws, _地址(ws, "执行率分值")) == "分值"
    assert _上(ws, _地址(ws, "预算执行率")) == "执行率"
    assert _上(ws, _地址(ws, "预算执行率得分")) == "得分"
    assert [ws.cell(r, 7 if 表 == "函数表" else 9).value for r in range(7, 10)] == ["—"] * 3
    assert _上(ws, _地址(ws, "预期目标")) == "预期目标"
    assert _上(ws, _地址(ws, "实际完成情况")) == "实际完成情况"
    total = ws[_地址(ws, "总得分")].row
    assert ws.cell(total, 1).value == "总分"
    assert ws.cell(total + 1, 1).value == "评价等级"
    assert ws[_地址(ws, "等级")].row == total + 1


def test_indicator_table_columns_in_form_order(函数表, 兼容表) -> None:
    for ws, headers in (
        (函数表["自评表"], ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                            "偏差原因分析及改进措施"]),
        (兼容表["自评表"], ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值",
                            "分值", "得分", "偏差原因分析及改进措施"]),
    ):
        (_, ref), = ws.defined_names["指标表"].destinations
        top = ws[ref.replace("$", "")][0]
        assert [ws.cell(top[0].row - 1, c.column).value for c in top] == headers


def test_standard_groups_are_prefilled_and_merged(函数表) -> None:
    ws = 函数表["自评表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    row = 13
    for level1, subs in 标准指标分组:
        n1 = sum(n for _, n in subs)
        assert ws.cell(row, 2).value == level1
        assert (f"B{row}:B{row + n1 - 1}" in merged) == (n1 > 1)
        for level2, n2 in subs:
            assert ws.cell(row, 3).value == level2
            assert (f"C{row}:C{row + n2 - 1}" in merged) == (n2 > 1), level2
            row += n2
    assert f"A12:A{row - 1}" in merged  # the 绩效指标 label runs down the whole table
    assert _地址(ws, "指标表") == f"B13:I{row - 1}"


# --- names -----------------------------------------------------------------------------------------------


def test_defined_names_for_the_key_cells(函数表, 兼容表) -> None:
    wanted = {"项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数", "执行率分值",
              "预算执行率", "预算执行率得分", "总得分", "等级", "指标表", "口径", "金额单位", "年度", "表单编号",
              "预期目标", "实际完成情况", "资金表", "人工得分列", "分值合计"}
    for wb in (函数表, 兼容表):
        ws = wb["自评表"]
        assert wanted <= set(ws.defined_names), wanted - set(ws.defined_names)
        for name in wanted:
            (sheet, _), = ws.defined_names[name].destinations
            assert sheet == "自评表"  # sheet-scoped: every form sheet has its own
    assert {"口径表", "口径名称"} <= set(兼容表.defined_names)


def test_no_defined_name_hides_a_function(函数表, 兼容表) -> None:
    # A name equal to a function name breaks =总分(...) in LibreOffice (Err:509).
    for wb in (函数表, 兼容表):
        names = set(wb.defined_names) | {n for ws in wb.worksheets for n in ws.defined_names}
        assert not names & 函数名


# --- formulas ----------------------------------------------------------------------------------------------


def _函数(formula: str) -> set[str]:
    return {t.value[:-1] for t in Tokenizer(formula).items if t.type == Token.FUNC and t.subtype == Token.OPEN}


def test_function_build_calls_the_core_only_where_its_rules_are_needed(函数表) -> None:
    ws = 函数表["自评表"]
    # the whole table is scored in one call; each row takes its part of the text natively
    assert ws[_地址(ws, "计分结果")].value == "=指标表计分(E13:E29,F13:F29,G13:G29,口径,J13:J29)"
    assert ws[_地址(ws, "计分结果")].number_format == ";;;"  # kept, never shown
    for r in (13, 29):
        score, why = ws[f"H{r}"].value, ws[f"L{r}"].value
        assert score.startswith("=IFERROR(VALUE(") and "计分结果" in score and "ROW()-ROW($H$12)" in score
        assert why.startswith("=MID(") and "计分结果" in why
    assert ws["H13"].value == ws["H29"].value  # the same formula in every row: rows can be inserted and copied
    # 执行率 and its score are native while the amounts are numbers; Python reads amounts typed with units
    assert ws[_地址(ws, "预算执行率")].value.endswith(",执行率(全年执行数,全年预算数,金额单位)))")
    assert ws[_地址(ws, "预算执行率得分")].value.endswith(",执行率得分(全年执行数,全年预算数,执行率分值,口径,金额单位)))")
    assert "偏差提示(" not in ws["K13"].value and ws["K13"].value.startswith("=IF(OR(H13=\"\"")
    assert "总分(" not in ws[_地址(ws, "总得分")].value and "#请改正第" in ws[_地址(ws, "总得分")].value
    assert ws[_地址(ws, "等级")].value == '=IF(OR(总得分="",LEFT(总得分&"",1)="#"),"",评价等级(总得分,口径))'


def test_compat_build_uses_native_functions_only(兼容表) -> None:
    native = {"IF", "AND", "OR", "NOT", "ISNUMBER", "ISTEXT", "ISNA", "MATCH", "INDEX", "ROUND", "MIN", "MAX",
              "SUM", "SUMPRODUCT", "LEFT", "TRIM", "LEN", "N", "IFERROR", "CHAR", "ROW"}
    used: set[str] = set()
    for ws in 兼容表.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    used |= _函数(c.value)
    assert used and used <= native, used - native
    ws = 兼容表["自评表"]
    assert "一体化" in ws["N13"].value and "INDEX(口径表,口径行,4)" in ws["N13"].value  # 反向 rule from the profile table
    assert ws["J13"].value.startswith("=IF(OR(M13=\"\",N13=\"\"")  # 得分 = 规则得分 unless 人工得分


def test_profile_sheet_is_a_snapshot_of_udfs_profiles(兼容表) -> None:
    from udfs.profiles import 取口径

    ws = 兼容表["计分口径"]
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 17)] for r in range(3, 3 + len(口径列表()))}
    assert set(rows) == set(口径列表())
    for name, values in rows.items():
        p = 取口径(name)
        assert values[1] == p.执行率分值 and values[3] == p.反向规则
        assert values[9] == float(p.档次("部分达成").默认)  # 上海 0.5, 湖北 0.65, 财政部 0.7


# --- protection, input cells, checks ------------------------------------------------------------------------


@pytest.mark.parametrize("表", ["函数表", "兼容表"])
def test_sheet_protected_without_password_inputs_unlocked_computed_locked(表: str, request) -> None:
    wb = request.getfixturevalue(表)
    ws = wb["自评表"]
    assert ws.protection.sheet is True
    assert ws.protection.password is None and ws.protection.hashValue is None
    inputs = [_地址(ws, n) for n in ("项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数",
                                      "执行率分值", "预期目标", "实际完成情况", "口径", "金额单位", "年度")]
    (_, ref), = ws.defined_names["指标表"].destinations
    table = ws[ref.replace("$", "")]
    input_cols = {"三级指标", "年度指标值", "实际完成值", "分值", "偏差原因分析及改进措施", "指标性质", "指标值", "度量单位"}
    for row in table:
        for c in row:
            if ws.cell(12, c.column).value in input_cols:
                inputs.append(c.coordinate)
    for addr in inputs:
        cell = ws[addr]
        assert cell.protection.locked is False, addr
        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), addr  # visibly shaded
    computed = [_地址(ws, n) for n in ("预算执行率", "预算执行率得分", "总得分", "等级", "分值合计")]
    computed += [c.coordinate for c in (r[8 if 表 == "兼容表" else 6] for r in table)]  # the 得分 column
    for addr in computed:
        assert ws[addr].protection.locked is True, addr
        assert ws[addr].data_type == "f", addr
    for sheet in wb.worksheets:
        assert sheet.protection.sheet is True, sheet.title


def _校验(ws) -> list:
    return list(ws.data_validations.dataValidation)


def _覆盖(dv, addr: str) -> bool:
    return any(addr in rng for rng in dv.sqref.ranges)


def test_data_validation_amounts_and_closed_vocabularies(函数表, 兼容表) -> None:
    for wb in (函数表, 兼容表):
        ws = wb["自评表"]
        checks = _校验(ws)
        for name in ("年初预算数", "全年预算数", "全年执行数"):
            dv, = [d for d in checks if _覆盖(d, _地址(ws, name))]
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
            assert dv.showErrorMessage and "不小于0" in dv.error
        unit, = [d for d in checks if _覆盖(d, _地址(ws, "金额单位"))]
        assert unit.formula1 == '"万元,元"'
    profile, = [d for d in _校验(函数表["自评表"]) if _覆盖(d, "K3")]
    assert profile.formula1 == '"' + ",".join(口径列表()) + '"'
    ws = 兼容表["自评表"]
    kind, = [d for d in _校验(ws) if _覆盖(d, "E13")]
    assert kind.formula1 == '"≥,≤,=,>,<,定性,不适用"'
    tier, = [d for d in _校验(ws) if _覆盖(d, "L20")]
    assert tier.formula1 == '"达成,部分达成,未达成"'
    compat_profile, = [d for d in _校验(ws) if _覆盖(d, "M3")]
    assert compat_profile.formula1 == "口径名称"


def test_conditional_formats_flag_missing_reasons_and_scores_above_weight(函数表, 兼容表) -> None:
    for ws, why, score in ((函数表["自评表"], "I13", "H13"), (兼容表["自评表"], "K13", "J13")):
        rules = [(str(cf.sqref), r.formula[0], r.dxf) for cf in ws.conditional_formatting for r in cf.rules]
        lost = [f for rng, f, _ in rules if rng.startswith(why)]
        assert any(f"{score}<" in f and "LEN(TRIM" in f for f in lost), lost
        above = [f for rng, f, _ in rules if rng.startswith(score)]
        assert any(f"{score}>" in f for f in above), above
        assert any("LEN($" in f and ">0" in f for f in above)  # 人工得分 shown


def test_comments_explain_the_inputs(函数表, 兼容表) -> None:
    ws = 函数表["自评表"]
    assert "不用年初预算数" in ws["E5"].comment.text
    assert "≥28万人" in ws["E12"].comment.text
    assert "必须填写" in ws["I12"].comment.text
    assert "档次" in ws["J12"].comment.text
    ws = 兼容表["自评表"]
    assert "实际填 29" in ws["H12"].comment.text
    assert "达成、部分达成、未达成" in ws["L12"].comment.text


# --- print setup and styles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("表", "区域"), [("函数表", "A1:I31"), ("兼容表", "A1:K31")])
def test_print_setup_a4_one_page_titles_page_numbers(表: str, 区域: str, request) -> None:
    ws = request.getfixturevalue(表)["自评表"]
    assert ws.print_area == f"'自评表'!${区域[0]}$1:${区域[3]}${区域[4:]}"
    assert ws.print_title_rows == "$12:$12"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.page_setup.blackAndWhite  # Excel prints without the yellow input shading
    helper = "J" if 表 == "函数表" else "L"
    assert ws[f"{helper}12"].value in ("人工得分", "完成档次")  # helpers sit right of the print area


def test_fonts_borders_widths_and_text_inputs(函数表) -> None:
    ws = 函数表["自评表"]
    fonts = {c.font.name for row in ws["A1:I31"] for c in row if not isinstance(c, MergedCell)}
    assert fonts <= {"宋体", "仿宋"}
    assert ws["A1"].font.b and ws["A1"].font.sz == 18
    assert all(ws.cell(13, c).border.left.style == "thin" for c in range(1, 10))
    assert ws["E13"].number_format == "@"  # "=100%" stays text when typed
    assert ws[_地址(ws, "全年预算数")].number_format == "#,##0.00"
    assert ws[_地址(ws, "预算执行率")].number_format == "0.00%"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHI"}
    assert widths["D"] >= 18 and widths["I"] >= 18  # 三级指标 and 偏差原因 hold wrapped text
    assert ws.row_dimensions[13].height >= 20


def test_row_heights_grow_with_wrapped_chinese_text() -> None:
    widths = dict(函数版.列宽)
    short = 估计行高([格("B11:E11", "2024 年已完成项目绩效目标。", "输入长文")], widths)[11]
    long = 估计行高([格("B11:E11", "项目总额 18 万元。" + "扩大社会保障卡应用覆盖面，" * 40, "输入长文")], widths)[11]
    assert short < 25
    assert long > 15 * 15  # 520 characters at about 25 a line
    tall_merge = 估计行高([格("C13:C14", "服务对象满意度指标" * 3, "输入文字居中")], widths)
    assert tall_merge[13] + tall_merge[14] > 40  # a merged label spreads its height over its rows


def test_compat_sheet_says_how_to_fill_it(兼容表) -> None:
    ws = 兼容表["自评表"]
    note = ws["A33"].value
    assert "指标性质" in note and "度量单位" in note and "实际填 29" in note and "完成档次" in note
    assert re.search("A33:K33", " ".join(str(r) for r in ws.merged_cells.ranges))
    assert ws.print_area.endswith("$K$31")  # the 说明 is for the screen: below the printed form
    assert 兼容版.末列 == "K" and 函数版.末列 == "I"
