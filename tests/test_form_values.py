"""Computed values travel with the file: every formula cell of a written 自评表 carries the core's value.

The recipients of a form (主管部门, 财政局) mostly have no Python and no add-in: in Excel without
it, WPS, LibreOffice or a previewer they see what the file carries.  So ``jixiao build``,
``fill`` and ``new`` store the value of every formula cell (workbook_templates.form_values), and the
workbook does not force a full recalculation on open (no fullCalcOnLoad; a current calcId).
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from conftest import 核心预期, 计算格位置

from workbook_templates.form_layout import 版式表
from workbook_templates.form_values import 工作簿计算值, 计算标识
from workbook_templates.package_patch import 无缓存公式


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_every_formula_cell_of_a_filled_workbook_carries_the_cores_value(版式名, 已填, 种子表单) -> None:
    path, _ = 已填[版式名]
    assert 无缓存公式(path) == {}  # no formula cell without a value
    shown = openpyxl.load_workbook(path, data_only=True)
    computed = 工作簿计算值(openpyxl.load_workbook(path))
    assert set(computed) == set(shown.sheetnames) - {"计分口径"}
    cells = 0
    for sheet, values in computed.items():
        for addr, value in values.items():
            assert shown[sheet][addr].value == (None if value == "" else value), (sheet, addr)
            cells += 1
    assert cells > 13 * 40
    # … and those values are the core's own, computed independently of the layout
    for form, sheet in zip(种子表单, 计算格位置(path), strict=True):
        ws, c = shown[sheet["sheet"]], sheet["cells"]
        want = 核心预期(form, sheet["口径"], sheet["人工得分"], c["得分"])
        for key in ("预算执行率", "预算执行率得分", "总得分", "等级"):
            assert ws[c[key]].value == (None if want[key] == "" else want[key]), (sheet["sheet"], key)
        assert [ws[a].value for a in c["得分"]] == [None if s == "" else s for s in want["得分"]]


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_no_written_workbook_forces_a_full_recalculation(版式名, 已填, 模板目录) -> None:
    for path in (已填[版式名][0], 模板目录 / 版式表[版式名].文件名):
        workbook = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
        assert "fullCalcOnLoad" not in workbook and f'calcId="{计算标识}"' in workbook, path.name
        assert 无缓存公式(path) == {}, path.name


def test_a_blank_form_shows_no_error_text(模板目录) -> None:
    for name, v in 版式表.items():
        wb = openpyxl.load_workbook(模板目录 / v.文件名, data_only=True)
        ws = wb["自评表"]
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("#")]
        assert texts == [], name


def test_the_function_build_calls_python_at_most_five_times_per_form_sheet(已填) -> None:
    import udfs

    path, _ = 已填["函数版"]
    names = [f.名称 for f in udfs.函数清单()]
    wb = openpyxl.load_workbook(path)
    ws = wb[wb.sheetnames[1]]
    calls = sum(f.count(f"{n}(") for row in ws.iter_rows() for c in row
                if isinstance(f := c.value, str) and f.startswith("=") for n in names)
    assert calls <= 5  # 计分结果, 等级, 分值检查, and 执行率/执行率得分 only for amounts typed with units
