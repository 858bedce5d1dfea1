"""The ribbon actions, run on Linux through the openpyxl workbook (addin.workbook.文件工作簿).

Every action runs on workbooks built from the template and filled with the 13 seed forms
(the session fixture 已填 of conftest.py), and its result is checked cell by cell: against
the scoring core computed from the forms' text, against the audit, and — where a real
engine is needed — against LibreOffice recomputing the saved file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lo_support import needs_libreoffice, pdf_page_count, pdf_words
from openpyxl.worksheet.formula import ArrayFormula

from addin import actions, buttons
from addin.workbook import 文件工作簿, 标记公式
from addin.workbook.rows import 调整引用
from udfs.audit import 审核
from udfs.errors import 表单格式有误
from workbook_templates import readers as sources
from workbook_templates.engine.office import CellError

DATA = Path(__file__).parent / "data"
LO = needs_libreoffice()


@pytest.fixture()
def 函数版(已填, tmp_path) -> Path:
    """A private copy of the seed-filled 函数版 workbook."""
    return Path(shutil.copy(已填["函数版"][0], tmp_path / "自评表.xlsx"))


@pytest.fixture()
def 兼容版(已填, tmp_path) -> Path:
    return Path(shutil.copy(已填["兼容版"][0], tmp_path / "自评表_兼容版.xlsx"))


def _散列(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _格(c):
    v = c.value.text if isinstance(c.value, ArrayFormula) else c.value
    # style proxies compare by identity: compare what they say
    return (v, c.data_type, *map(repr, (c.font, c.fill, c.border, c.alignment, c.protection)), c.number_format)


def 内容(path: Path, *, 不含标记: bool = True) -> dict:
    """Everything a person sees or typed in each sheet: cells with styles, merges, names, checks."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cfs = sorted(
            (str(cf.sqref), tuple(tuple(r.formula) for r in cf.rules if not (不含标记 and 标记公式 in "".join(r.formula))))
            for cf in ws.conditional_formatting
        )
        out[ws.title] = {
            "cells": {c.coordinate: _格(c) for row in ws.iter_rows() for c in row
                      if c.value is not None or c.has_style},
            "merges": sorted(str(m) for m in ws.merged_cells.ranges),
            "names": {n: d.attr_text for n, d in ws.defined_names.items()},
            "dv": sorted((str(d.sqref), d.formula1, d.formula2) for d in ws.data_validations.dataValidation),
            "cf": [c for c in cfs if c[1]],
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        }
    return out


# --- 新建自评表 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_new_form_sheet_is_named_from_the_project_listed_and_nothing_else_changes(版式名, 已填, tmp_path):
    source = Path(shutil.copy(已填[版式名][0], tmp_path / "源.xlsx"))
    digest, before = _散列(source), 内容(source)
    wb = 文件工作簿(source)
    first = wb.表单表()[0]
    made = [actions.新建自评表(wb, "新建项目/一期"), actions.新建自评表(wb, "新建项目/一期")]
    assert made == ["新建项目_一期", "新建项目_一期(2)"]  # legal and unique sheet names
    out = wb.保存(tmp_path / "新.xlsx")
    assert _散列(source) == digest  # the input file is never written
    after = 内容(out)
    for sheet, content in before.items():
        if sheet != "自评清单":
            assert after[sheet] == content, sheet  # existing forms untouched, cell by cell
    listing_before, listing = before["自评清单"]["cells"], after["自评清单"]["cells"]
    assert {k: v for k, v in listing.items() if k in listing_before} == listing_before
    new = openpyxl.load_workbook(out)
    ws = new["自评清单"]
    for row, name in ((17, made[0]), (18, made[1])):
        assert ws[f"A{row}"].value == row - 3
        # a plain sheet name goes unquoted into references, as Excel writes it (表引用)
        ref = name if re.fullmatch(r"\w+", name) else f"'{name}'"
        assert ws[f"B{row}"].value == f"=\"\"&{ref}!项目名称"
        assert ws[f"H{row}"].hyperlink.location == f"{ref}!A1"
        assert ws[f"F{row}"].value == f"={ref}!总得分"
    form, src = new[made[0]], new[first]
    assert form["B3"].value == "新建项目/一期"  # the name as typed; the sheet name is the legal one
    for field in ("主管部门", "实施单位", "年度", "金额单位", "口径"):  # a unit's common header fields
        addr = form.defined_names[field].attr_text.split("!")[1].replace("$", "")
        assert form[addr].value == src[addr].value, field
    assert set(form.defined_names) == set(src.defined_names)  # 指标表, 总得分 … on the new sheet too
    names = new.sheetnames  # the new forms follow the last form (before 计分口径 in the 兼容版)
    at = names.index(made[0])
    assert names[at - 1] == wb.表单表()[12] == 已填[版式名][1].表名[-1] and names[at + 1] == made[1]


@LO
def test_new_form_computes_in_libreoffice_and_its_listing_row_follows_it(函数版, 函数office, tmp_path):
    wb = 文件工作簿(函数版)
    name = actions.新建自评表(wb, "新增的项目")
    rng = lambda n: wb.名称区域(name, n)
    wb.写(name, rng("全年预算数"), 200)
    wb.写(name, rng("全年执行数"), 150)
    wb.写(name, "D13", "培训人次")
    wb.写(name, "E13", "≥100人次", 文本=True)
    wb.写(name, "F13", "80人次", 文本=True)
    wb.写(name, "G13", 10)
    out = wb.保存(tmp_path / "填了新表.xlsx")
    with 函数office.open(out) as doc:
        doc.recalc()
        assert doc.get(name, "预算执行率") == 0.75
        assert doc.get(name, "预算执行率得分") == 7.5
        assert doc.get(name, "H13") == 8  # 80/100 × 10
        assert doc.get_range("自评清单", "B17:G17")[0][:2] == ["新增的项目", 200]
        assert doc.get("自评清单", "F17") == doc.get(name, "总得分") == 15.5


# --- 新增指标行 -----------------------------------------------------------------------------------

IC卡 = "发放社会保障 IC 卡业务费"  # 9 rows (13–21); one-row 二级 groups; 一级 产出 13–16, 效益 17–20, 满意度 21
制卡 = "2021年(社保卡中心)制卡设备更新及维护费"  # 数量指标 13–14, 社会效益指标 17–19


def _表(ws, name: str) -> tuple[int, int]:
    ref = ws.defined_names[name].attr_text.split("!")[1].replace("$", "")
    first, _, last = ref.partition(":")
    row = lambda s: int(re.sub(r"\D", "", s))
    return row(first), row(last or first)


def _输入(ws, row: int, cols="DEFGIJ") -> list:
    return [ws[f"{c}{row}"].value for c in cols]


@pytest.mark.parametrize("表, 选中, 新行, 二级合并, 一级合并", [
    (IC卡, 14, 15, "C14:C15", "B13:B17"),   # a one-row 二级 in the middle of its 一级
    (IC卡, 16, 17, "C16:C17", "B13:B17"),   # the last row of its 一级: both merges re-made
    (IC卡, 21, 22, "C21:C22", "B21:B22"),   # the table's last row: the row goes in above, inputs move
    (制卡, 13, 15, "C13:C15", "B13:B17"),   # a two-row 二级 group: the row goes below the group
    (制卡, 18, 20, "C17:C20", "B17:B21"),   # selected in the middle of a three-row group
], ids=["中间一行组", "一级末行", "表末行", "两行组", "三行组中间"])
def test_insert_indicator_row_keeps_formulas_merges_checks_and_names(函数版, tmp_path, 表, 选中, 新行, 二级合并, 一级合并):
    before = openpyxl.load_workbook(函数版)[表]
    r1, r2 = _表(before, "指标表")
    rows_before = {r: _输入(before, r) for r in range(r1, r2 + 1)}
    wb = 文件工作簿(函数版)
    wb.选区 = (表, f"D{选中}")
    assert actions.新增指标行(wb) == 新行
    out = wb.保存(tmp_path / "插入.xlsx")
    ws = openpyxl.load_workbook(out)[表]
    assert _表(ws, "指标表") == (r1, r2 + 1)
    assert _表(ws, "人工得分列") == (r1, r2 + 1)
    assert _输入(ws, 新行) == [None] * 6  # a blank row for the user
    for r, values in rows_before.items():  # every indicator is still there, in order
        assert _输入(ws, r if r < 新行 else r + 1) == values, r
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert 二级合并 in merges and 一级合并 in merges
    # the row formulas find their record by position, so the new row has the same text as its neighbours
    assert ws[f"H{新行}"].value == ws[f"H{r1}"].value and "计分结果" in ws[f"H{新行}"].value
    assert ws[f"K{新行}"].value.startswith(f'=IF(OR(H{新行}="",LEFT(H{新行}&"",1)="#",G{新行}=""),"",')
    last = r2 + 1
    table_call = ws[ws.defined_names["计分结果"].attr_text.split("!")[1].replace("$", "")].value
    assert f"E{r1}:E{last}" in table_call and f"J{r1}:J{last}" in table_call  # the one call covers the new row
    assert f"SUM(预算执行率得分,H{r1}:H{last})" in ws[ws.defined_names["总得分"].attr_text.split("!")[1].replace("$", "")].value
    assert ws[f"G{last + 1}"].value == f"=SUM(执行率分值,G{r1}:G{last})"
    sqrefs = {str(d.sqref) for d in ws.data_validations.dataValidation}
    assert f"G{r1}:G{last}" in sqrefs and f"B{r1}:B{last}" in sqrefs
    assert any(str(cf.sqref) == f"H{r1}:H{last}" for cf in ws.conditional_formatting)
    assert ws.print_area.endswith(f"$I${last + 2}")
    assert ws.row_dimensions[新行].height  # formatted like its neighbours
    assert repr(ws[f"E{新行}"].fill) == repr(ws[f"E{r1}"].fill) and ws[f"E{新行}"].protection.locked is False


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_a_filled_new_row_counts_in_the_total(版式名, 已填, tmp_path):
    """The audit of the saved file includes the new row; in LibreOffice see the test below."""
    source = Path(shutil.copy(已填[版式名][0], tmp_path / "源.xlsx"))
    wb = 文件工作簿(source)
    row = actions.新增指标行(wb, IC卡, 21)
    cols = {"函数版": {"D": "新增指标", "E": "≥10次", "F": "8次", "G": 5},
            "兼容版": {"D": "新增指标", "E": "≥", "F": 10, "G": "次", "H": 8, "I": 5}}[版式名]
    for col, value in cols.items():
        wb.写(IC卡, f"{col}{row}", value, 文本=True)
    out = wb.保存(tmp_path / "加行.xlsx")
    form = next(f for f in sources.读取(out) if f.项目名称 == IC卡)
    result = 审核(form)
    assert [r.三级 for r in form.指标][-2:] == ["群众满意度", "新增指标"]
    assert result.指标[-1].得分 == 4  # 8/10 × 5
    assert float(result.总分) == 94.74 + 4
    assert any(f.code == "WEIGHTS_SUM" for f in result.findings)  # 105 points now: the audit says so


@LO
@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_inserted_row_is_live_in_libreoffice(版式名, 已填, 函数office, tmp_path):
    wb = 文件工作簿(Path(shutil.copy(已填[版式名][0], tmp_path / "源.xlsx")))
    row = actions.新增指标行(wb, 制卡, 18)
    cols, score = {"函数版": ({"D": "新增指标", "E": "≥10次", "F": "8次", "G": 5}, "H"),
                   "兼容版": ({"D": "新增指标", "E": "≥", "F": 10, "G": "次", "H": 8, "I": 5}, "J")}[版式名]
    for col, value in cols.items():
        wb.写(制卡, f"{col}{row}", value, 文本=True)
    out = wb.保存(tmp_path / "加行.xlsx")
    with 函数office.open(out) as doc:
        doc.recalc()
        assert doc.get(制卡, f"{score}{row}") == 4
        assert doc.get(制卡, "总得分") == 98.33 + 4  # 9.83 + 88.5 + 4 under the 财政部 profile
        assert doc.get(制卡, "分值合计") == 105


def test_insert_row_says_what_is_wrong_with_the_selection(函数版):
    wb = 文件工作簿(函数版)
    with pytest.raises(表单格式有误, match="不在绩效指标表中"):
        actions.新增指标行(wb, IC卡, 6)
    with pytest.raises(表单格式有误, match="不是由模板生成的自评表"):
        actions.新增指标行(wb, "自评清单", 5)
    wb.选区 = None
    wb.wb.active = 0
    wb.wb.active.sheet_view.selection[0].activeCell = "B5"
    with pytest.raises(表单格式有误, match="不是由模板生成的自评表"):
        actions.新增指标行(wb)


def test_references_to_rows_below_move_on_every_sheet():
    assert 调整引用("=SUM(G13:G21)+'表 1'!H30+其他!H30+$A$12", "表 1", 15, 本表=True) == \
        "=SUM(G13:G22)+'表 1'!H31+其他!H30+$A$12"
    assert 调整引用("='表 1'!总得分+'表 1'!$B$20:$I$40", "表 1", 15) == "='表 1'!总得分+'表 1'!$B$21:$I$41"
    assert 调整引用('=LEN("A20")+ROW(20:22)', "表", 21, 本表=True) == '=LEN("A20")+ROW(20:23)'


# --- 重新计算 ---------------------------------------------------------------------------------------


def test_recalc_writes_every_score_as_the_cells_value(函数版, 种子表单, 计算格, 预期, tmp_path):
    wb = 文件工作簿(函数版)
    totals = actions.重新计算(wb)
    out = wb.保存(tmp_path / "已算.xlsx")
    values = openpyxl.load_workbook(out, data_only=True)
    formulas = openpyxl.load_workbook(out)
    compared = 0
    for form, sheet in zip(种子表单, 计算格(out), strict=True):
        name, cells = sheet["sheet"], sheet["cells"]
        want = 预期(form, sheet["口径"], sheet["人工得分"], cells["得分"])
        got = lambda a, name=name: values[name][a].value  # noqa: E731
        for key in ("预算执行率", "预算执行率得分", "总得分", "等级"):
            w = want[key]
            assert got(cells[key]) == (None if w == "" else w), (name, key)
            compared += 1
        for addr, w in zip(cells["得分"], want["得分"], strict=True):
            assert got(addr) == (None if w == "" else w), (name, addr)  # error texts travel too
            assert "计分结果" in formulas[name][addr].value  # the formula stays
            compared += 1
        assert totals[name] == got(cells["总得分"])
    assert compared > 150


@LO
def test_recalculated_values_are_what_libreoffice_computes(函数版, 函数office, tmp_path):
    wb = 文件工作簿(函数版)
    actions.重新计算(wb)
    out = wb.保存(tmp_path / "已算.xlsx")
    cached = openpyxl.load_workbook(out, data_only=True)
    checked = 0
    with 函数office.open(out) as doc:
        doc.recalc()
        for sheet, cells in wb.缓存.items():
            for addr, value in cells.items():
                live = doc.get(sheet, addr)
                stored = cached[sheet][addr].value
                assert ("" if stored is None else stored) == value  # openpyxl reads an empty <v/> as None
                assert (str(live) if isinstance(live, CellError) else live) == value, (sheet, addr)
                checked += 1
    assert checked > 150


# --- 校验 -------------------------------------------------------------------------------------------

社保卡 = "2021年(社保卡中心)社会保障卡制作费"
敬老卡 = "2021年(社保卡中心)敬老卡制作费"


def test_audit_sheet_lists_links_and_marks_every_finding_and_changes_nothing_typed(函数版, tmp_path):
    wb = 文件工作簿(函数版)
    wb.写(社保卡, "H13", 19.4)  # the published form's rounded score, typed over the formula
    wb.写(敬老卡, "H6", "99.74%", 文本=True)  # its published 执行率 (2,557,145 / 2,564,000 = 99.73%)
    typed = wb.保存(tmp_path / "已填.xlsx")
    before = 内容(typed)
    wb = 文件工作簿(typed)
    results = actions.校验(wb)
    out = wb.保存(tmp_path / "已校验.xlsx")
    after = 内容(out)
    assert {k: v for k, v in after.items() if k != "校验结果"} == before  # only marks were added
    expected = []
    for r in (审核(f) for f in sources.读取(typed)):
        for f in r.findings:
            sheet, _, addr = (f.where.get("cell") or "").rpartition("!")
            expected.append((f.level, str(r.表单.项目名称), addr, f.message, f.code))
    assert [(x.level, x.code) for r in results for x in r.findings] == [(e[0], e[4]) for e in expected]
    ws = openpyxl.load_workbook(out)["校验结果"]
    rows = [(r[1], r[3], r[4] or "", r[6], r[7]) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert rows == expected
    assert ws["A2"].value.startswith(f"共 13 张自评表：错误 {sum(e[0] == '错误' for e in expected)} 条")
    for i, e in enumerate(expected, 4):
        if e[2]:
            link = ws[f"E{i}"].hyperlink.location
            sheet = link.rpartition("!")[0].strip("'")
            assert link.endswith(f"!{e[2]}") and sheet in wb.表单表()
    assert ("错误", "RATE_MISMATCH") in [(e[0], e[4]) for e in expected if e[2] == "H6"]
    assert ("警告", "ROUNDING") in [(e[0], e[4]) for e in expected if e[2] == "H13"]
    marks = _标记(out)
    want: dict[tuple[str, str], str] = {}
    for r in results:
        for f in r.findings:
            if f.level in ("错误", "警告") and f.where.get("cell"):
                sheet, _, addr = f.where["cell"].rpartition("!")
                key = (sheet.strip("'"), addr)
                want[key] = "错误" if "错误" in (want.get(key), f.level) else f.level
    assert marks == want and marks[(敬老卡, "H6")] == "错误" and marks[(社保卡, "H13")] == "警告"


def _标记(path: Path) -> dict[tuple[str, str], str]:
    colour = {"00FFC7CE": "错误", "00FFEB9C": "警告"}
    out = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                if 标记公式 in "".join(rule.formula):
                    assert rule.priority == 1 and rule.stopIfTrue
                    for rng in cf.sqref.ranges:
                        out[(ws.title, str(rng))] = colour[rule.dxf.fill.fgColor.rgb]
    return out


def test_a_second_audit_clears_the_old_marks(函数版, tmp_path):
    wb = 文件工作簿(函数版)
    formula = wb.公式(社保卡, "H13")
    wb.写(社保卡, "H13", 19.4)
    actions.校验(wb)
    assert (社保卡, "H13") in _标记(wb.保存(tmp_path / "一.xlsx"))
    wb.写(社保卡, "H13", formula)  # the user puts the formula back
    actions.校验(wb)
    out = wb.保存(tmp_path / "二.xlsx")
    assert (社保卡, "H13") not in _标记(out)
    assert openpyxl.load_workbook(out).sheetnames.count("校验结果") == 1
    assert "ROUNDING" not in [r[7] for r in openpyxl.load_workbook(out)["校验结果"].iter_rows(min_row=4, values_only=True)]


# --- 导出 ---------------------------------------------------------------------------------------------


@LO
@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_pdf_has_one_page_per_form_with_its_scores(版式名, 已填, 函数office, tmp_path):
    source = Path(shutil.copy(已填[版式名][0], tmp_path / "自评表.xlsx"))
    wb = 文件工作簿(source)
    pdf = actions.导出(wb, "pdf", office=函数office)
    assert pdf == tmp_path / "自评表.pdf"
    results = [审核(f) for f in sources.读取(source)]
    assert pdf_page_count(pdf) == len(results) == 13  # no 自评清单, no 计分口径: forms only
    for page, r in enumerate(results, 1):
        text = pdf_words(pdf, page)
        assert re.sub(r"\s", "", r.表单.项目名称) in text, page
        if r.总分 is not None:
            assert f"总分100{r.总分:.2f}" in text and re.search(f"评价等级(等级：)?{r.等级}", text), page
        assert f"{r.执行率 * 100:.2f}%" in text and f"{r.执行率得分:.2f}" in text, page
    one = actions.导出(wb, "pdf", 表=IC卡, office=函数office)
    assert one.name == f"自评表_{IC卡}.pdf" and pdf_page_count(one) == 1
    assert "94.74" in pdf_words(one, 1) and "47.39%" in pdf_words(one, 1)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def _加宏(xlsx: Path, xlsm: Path) -> Path:
    """An .xlsm as the add-in ships it: the workbook plus a VBA project and a ribbon part."""
    from addin.vbaproject import VbaModule, build_vba_project

    vba = build_vba_project([VbaModule("ThisWorkbook", "document", ""),
                             VbaModule("绩效自评", "standard", 'Public Function 版本号() As String\n版本号 = "1"\nEnd Function')])
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                data = data.replace(b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            if info.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdUi" Type="http://schemas.microsoft.com/office/2007/relationships/ui/extensibility" Target="customUI/customUI14.xml"/></Relationships>')
            dst.writestr(info, data)
        dst.writestr("xl/vbaProject.bin", vba)
        dst.writestr("customUI/customUI14.xml", '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"/>')
    return xlsm


@LO
def test_macro_free_copy_has_values_the_same_layout_and_no_vba(已填, 函数office, 种子表单, 计算格, 预期, tmp_path):
    source = _加宏(已填["函数版"][0], tmp_path / "自评表.xlsm")
    digest = _散列(source)
    wb = 文件工作簿(source)
    wb.wb.defined_names["外部"] = openpyxl.workbook.defined_name.DefinedName("外部", attr_text="[1]Sheet1!$A$1")
    out = actions.导出(wb, "xlsx", office=函数office)
    assert out == tmp_path / "自评表_无宏版.xlsx" and _散列(source) == digest
    parts = zipfile.ZipFile(out).namelist()
    assert not [p for p in parts if "vbaProject" in p or "customUI" in p or "externalLink" in p]
    types = zipfile.ZipFile(out).read("[Content_Types].xml").decode()
    assert "macroEnabled" not in types and "spreadsheetml.sheet.main+xml" in types
    plain = openpyxl.load_workbook(out)
    assert not [c.coordinate for ws in plain.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert "外部" not in plain.defined_names and "jixiao_模板" not in plain.defined_names
    # every computed cell holds the value the core computes from the form's text
    for form, sheet in zip(种子表单, 计算格(已填["函数版"][0]), strict=True):
        name, cells = sheet["sheet"], sheet["cells"]
        want = 预期(form, sheet["口径"], sheet["人工得分"], cells["得分"])
        ws = plain[name]
        for key in ("预算执行率", "预算执行率得分", "总得分", "等级"):
            shown = ws[cells[key]].value
            assert ("" if shown is None else shown) == want[key], (name, key)  # a blank value is no cell
        for key in ("得分", "偏差提示", "计分说明"):
            assert [ws[a].value for a in cells[key]] == [None if w == "" else w for w in want[key]], (name, key)
        assert ws["A2"].value == f"（{form.年度}年度）"
    # the same layout and styles, cell by cell; typed values unchanged
    original = openpyxl.load_workbook(已填["函数版"][0])
    for ws in original.worksheets:
        copy = plain[ws.title]
        assert sorted(map(str, copy.merged_cells.ranges)) == sorted(map(str, ws.merged_cells.ranges))
        assert {k: d.width for k, d in copy.column_dimensions.items()} == {k: d.width for k, d in ws.column_dimensions.items()}
        assert {k: d.height for k, d in copy.row_dimensions.items()} == {k: d.height for k, d in ws.row_dimensions.items()}
        assert copy.print_area == ws.print_area and copy.page_setup.fitToHeight == ws.page_setup.fitToHeight
        for row in ws.iter_rows():
            for c in row:
                d = copy[c.coordinate]
                assert _格(d)[2:] == _格(c)[2:], (ws.title, c.coordinate)
                if c.data_type != "f":
                    assert d.value == c.value, (ws.title, c.coordinate)
    # it is still a readable form: the audit gives the same results as for the original
    assert [审核(f).as_json() for f in sources.读取(out)] == [审核(f).as_json() for f in sources.读取(已填["函数版"][0])]


def test_json_export_reads_back_to_the_same_audit(函数版):
    wb = 文件工作簿(函数版)
    out = actions.导出(wb, "json")
    assert out == 函数版.with_name("自评表_数据.json")
    back = sources.读取(out)

    def 去单元格(results):  # JSON has no cells; everything else must be equal
        for r in results:
            for f in r["findings"]:
                f["where"].pop("cell", None)
        return results

    got = 去单元格([审核(f).as_json() for f in back])
    assert got == 去单元格([审核(f).as_json() for f in sources.读取(函数版)])
    assert len(got) == 13 and got[1]["总分"] == 94.74


def test_csv_export_has_one_row_per_indicator_and_neutralises_formulas(函数版):
    import csv

    wb = 文件工作簿(函数版)
    wb.写(IC卡, "D13", "=HYPERLINK(\"http://example.com\",\"点我\")", 文本=True)
    wb.写(IC卡, "I13", "+1 元", 文本=True)
    wb.写(IC卡, "I14", "@SUM(A1)", 文本=True)
    path = wb.保存(函数版.with_name("改.xlsx"))
    out = actions.导出(文件工作簿(path), "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM as Chinese, not mojibake
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    forms = sources.读取(path)
    assert len(rows) == sum(len(f.指标) for f in forms)
    ic = [r for r in rows if r["项目名称"] == IC卡]
    assert ic[0]["三级指标"] == "'=HYPERLINK(\"http://example.com\",\"点我\")"
    assert ic[0]["偏差原因分析及改进措施"] == "'+1 元" and ic[1]["偏差原因分析及改进措施"] == "'@SUM(A1)"
    targets = [r["年度指标值"] for r in rows]
    assert "'=100%" in targets and "=100%" not in targets and not any(t and t[0] in "=+-@" for t in targets)
    scores = [(r["项目名称"], r["规则得分"]) for r in rows]
    want = [(str(f.项目名称), "" if s.得分 is None else format(s.得分.normalize(), "f"))
            for f in forms for s in 审核(f).指标]
    assert scores == want


def test_export_never_writes_over_its_input_and_names_outputs_by_suffix(函数版, tmp_path):
    from addin.export import 输出路径

    wb = 文件工作簿(函数版)
    with pytest.raises(表单格式有误, match="工作簿本身"):
        actions.导出(wb, "json", 输出=函数版)
    with pytest.raises(表单格式有误, match="覆盖输入文件"):
        输出路径(tmp_path / "a.pdf", "", ".pdf")
    with pytest.raises(表单格式有误, match="不支持的导出格式"):
        actions.导出(wb, "docx")
    unsaved = 文件工作簿.模板()
    with pytest.raises(表单格式有误, match="请先保存工作簿"):
        actions.导出(unsaved, "json")


# --- 汇总清单 -------------------------------------------------------------------------------------------


def test_summary_of_the_workbook_is_written_beside_it_and_opened(函数版):
    wb = 文件工作簿(函数版)
    path = actions.汇总清单(wb)
    assert path == 函数版.with_name("自评表_汇总.xlsx") and wb.已打开 == [path]
    ws = openpyxl.load_workbook(path, data_only=True)["汇总清单"]
    results = [审核(f) for f in sources.读取(函数版)]
    got = [(r[1], r[12], r[13]) for r in ws.iter_rows(min_row=4, max_row=16, values_only=True)]
    assert got == [(r.表单.项目名称, None if r.总分 is None else float(r.总分), r.等级) for r in results]


# --- 帮助 --------------------------------------------------------------------------------------------


def test_help_opens_the_user_guide(tmp_path, monkeypatch):
    guide = tmp_path / "用户指南.md"
    guide.write_text("# 使用说明", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_GUIDE", str(guide))
    opened = []
    assert actions.帮助(opened.append) == guide and opened == [guide]


def _假安装(tmp_path, monkeypatch) -> Path:
    """actions.py as if it lived in tmp_path/site/addin (the guide is looked up relative to it)."""
    import sys

    monkeypatch.delenv("JIXIAO_GUIDE", raising=False)
    package = tmp_path / "site" / "addin"
    package.mkdir(parents=True)
    monkeypatch.setattr(actions, "__file__", str(package / "actions.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    return package


def test_help_finds_the_guide_of_a_checkout_then_an_installed_copy(tmp_path, monkeypatch):
    package = _假安装(tmp_path, monkeypatch)
    with pytest.raises(表单格式有误, match="找不到使用说明") as exc:
        actions.帮助文件()
    assert str(package.parent / "docs" / "用户指南.md") in str(exc.value)  # says where it looked
    share = tmp_path / "prefix" / "share" / "jixiao" / "用户指南.md"
    share.parent.mkdir(parents=True)
    share.write_text("# 安装的副本", encoding="utf-8")
    assert actions.帮助文件() == share  # data_files of an installed wheel
    inside = package / "docs" / "用户指南.md"
    inside.parent.mkdir()
    inside.write_text("# 包内副本", encoding="utf-8")
    assert actions.帮助文件() == inside  # shipped inside the package
    checkout = package.parent / "docs" / "用户指南.md"
    checkout.parent.mkdir()
    checkout.write_text("# 使用说明", encoding="utf-8")
    assert actions.帮助文件() == checkout  # a checkout or an editable install: the project's docs/


def test_help_button_outside_excel_prints_where_the_guide_is_missing(tmp_path, monkeypatch, capsys):
    _假安装(tmp_path, monkeypatch)
    buttons.帮助()
    assert "找不到使用说明" in capsys.readouterr().err


# --- the ribbon's entry points --------------------------------------------------------------------------


def test_every_ribbon_button_runs_the_button_function_of_the_same_name_taking_no_arguments():
    import inspect

    from addin.ribbon import 按钮

    for b in 按钮:
        if not b.目标:
            continue  # a button that runs a VBA macro (自检)
        module, _, name = b.目标.partition(":")
        assert module == "addin.buttons"
        f = getattr(buttons, name)
        assert callable(f) and not inspect.signature(f).parameters, name


def test_each_button_function_has_the_name_of_the_action_it_runs():
    """One name per concept: buttons.X() runs actions.X(wb) (the export buttons: actions.导出 with a format)."""
    import inspect

    for name in buttons.__all__:
        source = inspect.getsource(getattr(buttons, name))
        called = set(re.findall(r"actions\.(\w+)\(", source))
        assert called == ({"导出"} if name.startswith("导出") else {name}), name
        assert callable(getattr(actions, name, None)) or name.startswith("导出"), name


def test_entry_points_outside_excel_say_so_instead_of_failing(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(actions, "新建自评表", lambda *a: calls.append(a))
    for name in ("新建自评表", "新增指标行", "重新计算", "校验", "导出PDF", "导出无宏版", "汇总清单"):
        getattr(buttons, name)()  # xlwings.Book.caller() fails: there is no Excel here
        assert "请在 Excel 中" in capsys.readouterr().err, name
    assert calls == []


def test_entry_points_turn_errors_into_a_message_for_the_user(函数版, monkeypatch):
    """With a workbook behind Book.caller(), a bad selection becomes an alert, not a traceback."""
    wb = 文件工作簿(函数版)
    wb.选区 = ("自评清单", "B5")

    class _App:
        screen_updating = True

    wb.book = type("Book", (), {"app": _App()})()
    monkeypatch.setattr(buttons, "_当前工作簿", lambda: wb)
    buttons.新增指标行()
    assert len(wb.消息) == 1 and "不是由模板生成的自评表" in wb.消息[0]
    buttons.重新计算()
    assert wb.消息[-1] == "已重新计算 13 张自评表" and wb.book.app.screen_updating is True


@LO
def test_macro_free_copy_uses_the_values_an_engine_saved_without_starting_libreoffice(已填, 函数office, tmp_path, monkeypatch):
    """A workbook saved by Excel (here: by LibreOffice, with the functions) carries its values: they are used."""
    from addin import export
    from workbook_templates import engine

    saved = tmp_path / "引擎保存.xlsx"
    with 函数office.open(已填["函数版"][0]) as doc:
        doc.recalc()
        doc.save_as(saved)
        shown = doc.get(IC卡, "总得分"), doc.get(IC卡, "L13")

    def no_engine(**kw):
        raise AssertionError("LibreOffice should not be needed")

    monkeypatch.setattr(engine, "启动", no_engine)
    out = export.写无宏版(saved, tmp_path / "无宏版.xlsx")
    ws = openpyxl.load_workbook(out)[IC卡]
    assert (ws["H22"].value, ws["L13"].value) == shown == (94.74, "已完成：实际120万人 ≥ 指标113万人，得满分15")
