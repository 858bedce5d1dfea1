"""The evaluation-system workbooks, part by part: names, merges, validation, checks, protection, print, chart.

Each test reads the files ``jixiao build`` / ``jixiao fill`` wrote (openpyxl), not the layout objects,
so a part the renderer drops fails here.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import 体系表头, 名称地址
from openpyxl.formula.tokenizer import Token, Tokenizer

import udfs
from udfs.rules.columns import 表列说明
from workbook_templates.system_build import 生成体系
from workbook_templates.system_layout import 体系兼容版, 体系函数版, 子规则选项, 规则选项

函数版文件, 兼容版文件 = 体系函数版.文件名, 体系兼容版.文件名
函数名 = {f.名称 for f in udfs.函数清单()}


def _函数(formula: str) -> set[str]:
    return {t.value[:-1] for t in Tokenizer(formula).items if t.type == Token.FUNC and t.subtype == Token.OPEN}


@pytest.fixture(scope="module")
def 函数表(体系模板目录):
    return openpyxl.load_workbook(体系模板目录 / 函数版文件)


@pytest.fixture(scope="module")
def 兼容表(体系模板目录):
    return openpyxl.load_workbook(体系模板目录 / 兼容版文件)


@pytest.fixture(scope="module")
def 广州(已填体系):
    path, result = 已填体系[("示例", "体系函数版")]
    return openpyxl.load_workbook(path)[result.表名[0]]


@pytest.fixture(scope="module")
def 上海兼容(已填体系):
    path, result = 已填体系[("示例", "体系兼容版")]
    return openpyxl.load_workbook(path)[result.表名[1]]


# --- files -------------------------------------------------------------------------------------------


def test_build_writes_both_workbooks_deterministically(tmp_path: Path) -> None:
    first, second = 生成体系(tmp_path / "一"), 生成体系(tmp_path / "二")
    assert [p.name for p in first] == [函数版文件, 兼容版文件]
    for a, b in zip(first, second, strict=True):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name
        with zipfile.ZipFile(a) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert any(n.startswith("xl/charts/chart") for n in z.namelist())
        wb = openpyxl.load_workbook(a)
        assert wb.sheetnames == ["评价体系", "评分规则"]
        marker = wb.defined_names["jixiao_模板"].attr_text
        assert marker == ('"体系函数版|1"' if a.name == 函数版文件 else '"体系兼容版|1"')


def test_blank_template_is_the_four_dimensions_with_spare_rows(函数表) -> None:
    ws = 函数表["评价体系"]
    h = 体系表头(ws)
    assert ws["A1"].value == "绩效评价指标体系评分表"
    assert [ws[f"{h['名称1']}{r}"].value for r in range(4, 32) if ws[f"{h['名称1']}{r}"].value] == ["决策", "过程", "产出", "效益"]
    kinds = [ws[f"{h['行类型']}{r}"].value for r in range(4, 32)]
    assert kinds.count("指标组") == 12 and kinds.count("末级指标") == 16
    # nothing scored yet: blank, not an error
    assert all(ws[f"{h['评分规则']}{r}"].value is None for r in range(4, 32))


# --- columns, names ------------------------------------------------------------------------------------


def test_columns_levels_rule_inputs_and_helpers(广州, 上海兼容) -> None:
    gz, sh = 体系表头(广州), 体系表头(上海兼容)
    assert [k for k in gz if k.startswith("名称")] == ["名称1", "名称2", "名称3", "名称4"]  # seed 000: 4 levels
    assert [k for k in sh if k.startswith("名称")] == ["名称1", "名称2", "名称3"]  # seed 002: 3 levels
    expected = ["指标解释", "评分标准", "评分规则", "实际值", "目标值", "上年值", "参数1", "参数2", "参数3", "参数4",
                "是否符合", "计分方式", "人工得分", "得分", "得分情况说明", "行类型", "层级", "下级分值合计", "检查", "参数说明"]
    assert [k for k in gz if not k.startswith(("名称", "分值", "编号"))][: len(expected) + 1] == expected + ["计分说明"]
    assert "计分说明" not in sh  # the 兼容版 has no function to explain a score
    # the printed area ends with 得分情况说明; helpers are to its right
    last = 广州.print_area.split(":")[-1].replace("$", "").rstrip("0123456789")
    assert last == gz["得分情况说明"]


def test_names_point_at_their_cells_and_none_hides_a_function(广州) -> None:
    names = set(广州.defined_names)
    assert {"体系名称", "年度", "体系编号", "体系表", "分值合计", "总得分", "等级", "一级汇总", "报告指标个数"} <= names
    assert not names & 函数名  # a name equal to a function name breaks the call (Err:509)
    h = 体系表头(广州)
    total = 广州[名称地址(广州, "总得分")]
    assert total.column_letter == h["得分"] and 广州.cell(total.row, 1).value == "合计"
    assert 广州[名称地址(广州, "分值合计")].row == total.row and 广州[名称地址(广州, "分值合计")].column_letter == h["分值1"]
    assert 广州.cell(广州[名称地址(广州, "等级")].row, 1).value == "评价等级"
    assert 广州[名称地址(广州, "体系名称")].value == "市人社数据服务中心社保卡制发管理服务经费（2023年度）绩效评价指标体系"
    assert 广州[名称地址(广州, "年度")].value == 2023
    assert 广州[名称地址(广州, "体系编号")].value == "guangzhou-2023-shebaoka-zhifa"
    counts = 名称地址(广州, "报告指标个数").split(":")[0]
    assert [广州[counts].offset(k, 1).value for k in range(4)] == [4, 9, 21, 38]  # what the report's text says


def test_merges(广州) -> None:
    merged = {str(r) for r in 广州.merged_cells.ranges}
    h = 体系表头(广州)
    assert f"A1:{h['得分情况说明']}1" in merged
    total = 广州[名称地址(广州, "总得分")].row
    assert f"A{total}:{h['名称1']}{total}" in merged and f"A{total + 1}:{h['名称1']}{total + 1}" in merged
    assert any(r.startswith(h["分值1"] + "2:") for r in merged)  # the 体系名称 input spans the header


# --- formulas -------------------------------------------------------------------------------------------


def test_function_build_scores_rules_with_the_core_and_compat_build_with_native_formulas(广州, 上海兼容) -> None:
    h = 体系表头(广州)
    rules = [r for r in range(4, 200) if 广州[f"{h['行类型']}{r}"].value in ("末级指标", "子规则")]
    formulas = [广州[f"{h['得分']}{r}"].value for r in rules]
    assert all(f.startswith("=") for f in formulas)
    assert all("体系得分(" in f for f in formulas)  # every leaf and part may hold a rule: one formula for all
    c22 = next(r for r in range(4, 60) if 上海兼容[f"A{r}"].value == "C22")
    hs = 体系表头(上海兼容)
    assert 上海兼容[f"{hs['评分规则']}{c22}"].value == "组合"
    native = [c for row in 上海兼容.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f"]
    assert len(native) > 100
    for cell in native:
        assert not _函数(cell.value) & 函数名, cell.coordinate  # no project function at all


def test_parent_rows_sum_their_leaves_and_carry_the_stated_weight(上海兼容) -> None:
    h = 体系表头(上海兼容)
    a = next(r for r in range(4, 40) if 上海兼容[f"{h['名称1']}{r}"].value == "项目决策")
    assert 上海兼容[f"{h['分值1']}{a}"].value == 6  # stated, typed
    assert 上海兼容[f"{h['分值1']}{a}"].protection.locked is False
    assert 'SUMIF($' in 上海兼容[f"{h['得分']}{a}"].value and '"末级指标"' in 上海兼容[f"{h['得分']}{a}"].value
    assert 上海兼容[f"{h['下级分值合计']}{a}"].value.startswith("=SUMIF(")
    assert "下级分值合计为" in 上海兼容[f"{h['检查']}{a}"].value


# --- validation, conditional formats, protection -------------------------------------------------------------


def test_rule_dropdown_and_other_validations(广州) -> None:
    h = 体系表头(广州)
    by_title = {dv.promptTitle or dv.errorTitle: dv for dv in 广州.data_validations.dataValidation}
    rule = by_title["评分规则"]
    assert rule.type == "list" and rule.formula1 == '"' + ",".join(规则选项) + '"'
    leaves = [r for r in range(4, 200) if 广州[f"{h['行类型']}{r}"].value == "末级指标"]
    assert {f"{h['评分规则']}{r}" for r in leaves} == {str(c) for rng in rule.sqref.ranges for c in [rng]}
    parts = by_title["子规则"]
    assert parts.formula1 == '"' + ",".join(子规则选项) + '"' and len(parts.sqref.ranges) == 2  # seed 000 #20
    assert by_title["是否符合"].formula1 == '"是,否"' and len(by_title["是否符合"].sqref.ranges) == 19
    assert by_title["分值"].type == "decimal" and by_title["人工得分"].type == "decimal"
    assert by_title["参数3"].type == "custom" and '"正向"' in by_title["参数3"].formula1
    assert '"整步"' in by_title["参数4"].formula1 and '"插值"' in by_title["参数2"].formula1


def test_conditional_formats_mark_every_check(广州) -> None:
    rules = [(str(cf.sqref), r.formula[0]) for cf in 广州.conditional_formatting for r in cf.rules]
    formulas = " ".join(f for _, f in rules)
    h = 体系表头(广州)
    assert sum(f"-${h['下级分值合计']}" in f for _, f in rules) == 3  # a group's 分值 ≠ its leaves', per level
    assert any("-100,9)<>0" in f for _, f in rules)  # the total is not 100
    assert f'${h["评分规则"]}' in formulas and '="人工"' in formulas  # manual scores stay visible
    assert any("<0,$" in f for _, f in rules)  # a score outside [0, 分值]
    assert any("LEN(TRIM($" + h["得分情况说明"] in f for _, f in rules)  # lost points without a reason
    assert any('LEFT(' in f and '="#"' in f for _, f in rules)  # error texts


def test_inputs_unlocked_formulas_locked_sheet_protected(广州) -> None:
    h = 体系表头(广州)
    assert 广州.protection.sheet
    leaf = next(r for r in range(4, 60) if 广州[f"{h['行类型']}{r}"].value == "末级指标")
    for key in ("评分规则", "实际值", "参数1", "人工得分", "得分情况说明", "分值4", "名称4"):
        assert 广州[f"{h[key]}{leaf}"].protection.locked is False, key
    for key in ("得分", "计分方式", "行类型", "检查", "参数说明"):
        assert 广州[f"{h[key]}{leaf}"].protection.locked is True, key


# --- print setup and chart -----------------------------------------------------------------------------------


def test_print_setup_a4_landscape_fit_to_width_with_titles(广州) -> None:
    ps = 广州.page_setup
    assert ps.orientation == "landscape" and int(ps.paperSize) == int(广州.PAPERSIZE_A4)
    assert (ps.fitToWidth, ps.fitToHeight) == (1, 0) and 广州.sheet_properties.pageSetUpPr.fitToPage
    assert 广州.print_title_rows.replace("$", "") == "3:3"  # the header row repeats on every page
    assert "&P" in 广州.oddFooter.center.text
    assert 广州.freeze_panes == f"{体系表头(广州)['指标解释']}4"


def test_summary_by_first_level_and_its_chart(广州) -> None:
    ws = 广州
    head = ws[名称地址(ws, "一级汇总").split(":")[0]]
    assert [ws.cell(head.row, head.column).value, ws.cell(head.row + 5, head.column).value] == ["一级指标", "合计"]
    h = 体系表头(ws)
    tops = [r for r in range(4, 120) if ws[f"{h['行类型']}{r}"].value == "指标组" and ws[f"{h['层级']}{r}"].value == 1]
    assert [ws.cell(head.row + k, head.column).value for k in range(1, 5)] == [
        f'=IF(LEN({h["名称1"]}{r}&"")=0,"（未命名）",""&{h["名称1"]}{r})' for r in tops]
    (chart,) = ws._charts
    series = chart.series[0]
    assert series.val.numRef.f.endswith(f"${head.row + 4}")  # 得分率 of the four 一级指标
    assert series.cat.numRef is not None or series.cat.strRef is not None


def test_rule_sheet_explains_every_rule_and_feeds_the_labels(函数表) -> None:
    ws = 函数表["评分规则"]
    rows = {ws[f"A{r}"].value: ws[f"J{r}"].value for r in range(3, 13)}
    assert list(rows) == list(规则选项)
    assert all(rows[name] == 表列说明(name) for name in rows)
    assert [ws.cell(6, c).value for c in range(2, 9)] == ["实际值", "目标值", None, "步长", "每步扣分", "方向", "取整"]
    assert all(ws.cell(4, c).value is None for c in range(2, 10))  # 组合 has no parameters of its own
    names = 函数表.defined_names
    assert names["规则名称"].attr_text == "'评分规则'!$A$3:$A$12"
    assert names["规则填写说明"].attr_text == "'评分规则'!$J$3:$J$12"


def test_formulas_do_not_depend_on_the_interpreter_run() -> None:
    # The answer lists of the checklist formulas come from sets: a build must not follow hash order.
    import subprocess
    import sys

    script = (
        "import hashlib, udfs.evaluation as e, workbook_templates.system_fill as f, workbook_templates.system_layout as l;"
        "s = e.读取体系('udfs/examples/evaluation_systems.json')[0];"
        "spec = l.体系表样(l.体系兼容版, f.体系转输入(s)[0]).表样;"
        "print(hashlib.sha256(repr([(g.ref, g.值) for g in spec.格们]).encode()).hexdigest())"
    )
    root = Path(__file__).parent.parent
    digests = {subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1
