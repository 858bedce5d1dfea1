"""The workbooks in tests/data/layouts/: forms in the layouts real units send, built from the seeds.

* ``上海_自评表.xlsx`` — seed 004 as the sheet it was exported from: every tab cell in
  its cell, ten forms stacked on one sheet, amounts in 元.  Numbers are stored as
  numbers the way Excel keeps them (446048.00 → 446048 shown as 0.00, 100.00% →
  1 shown as 0.00%, "5,882,050" → 5882050 shown as #,##0); "=100%" stays text.
* ``黄山_自评表.xlsx`` — seed 003's shape: a 自评清单 sheet, then one sheet per form
  in the 财政部 layout (万元) with merged 一级/二级 cells, vertical labels and
  percentages as numbers; the values are the transcription of seed 003
  (tests/data/self_eval_forms.json).
* ``上海_自评表_文本导出.txt`` — seed 004 itself (copied verbatim).

Run this file as a script to rebuild them; the test below fails when the committed
files and the builder disagree.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

HERE = Path(__file__).parent
DATA = HERE / "data"
LAYOUTS = DATA / "layouts"
文本导出 = LAYOUTS / "上海_自评表_文本导出.txt"
上海 = LAYOUTS / "上海_自评表.xlsx"
黄山 = LAYOUTS / "黄山_自评表.xlsx"

_线 = Side(style="thin")
_框 = Border(left=_线, right=_线, top=_线, bottom=_线)
_数 = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?")


def _单元格值(text: str):
    """What Excel keeps for a typed cell: (value, number format)."""
    t = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?%", t):
        decimals = len(t[:-1].split(".")[1]) if "." in t else 0
        return float(t[:-1]) / 100, "0." + "0" * decimals + "%" if decimals else "0%"
    if _数.fullmatch(t):
        number = float(t.replace(",", ""))
        value = int(number) if number.is_integer() else number
        if "," in t:
            return value, "#,##0.00" if "." in t else "#,##0"
        if "." in t:
            return value, "0." + "0" * len(t.split(".")[1])
        return value, "General"
    return text, "@"


def 生成上海(path: Path = 上海) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2021年度项目支出绩效自评表"
    lines = 文本导出.read_text(encoding="utf-8").split("\n")
    for r, line in enumerate(lines, 1):
        cells = line.split("\t")
        for c, text in enumerate(cells, 1):
            if not text.strip():
                continue
            value, fmt = _单元格值(text)
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # "=100%" was typed as text
            cell.number_format = fmt
            cell.border = _框
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        filled = [c for c, t in enumerate(cells, 1) if t.strip()]
        if filled == [1] and ("绩效自评表" in cells[0] or "年度" in cells[0]):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
            ws.cell(r, 1).font = Font(name="宋体", size=14 if "绩效" in cells[0] else 11, bold="绩效" in cells[0])
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
    for col, width in zip("ABCDEFGHI", (12, 14, 16, 24, 12, 12, 8, 8, 30)):
        ws.column_dimensions[col].width = width
    return _保存(wb, path)


def _种子(prefix: str) -> list[dict]:
    data = json.loads((DATA / "self_eval_forms.json").read_text(encoding="utf-8"))
    return [f for f in data["forms"] if f["id"].startswith(prefix)]


def _数值(text):
    """Transcribed text as the number a person types into Excel (or the text itself)."""
    if text is None:
        return None, "General"
    value, fmt = _单元格值(str(text))
    return value, fmt


def _写(ws, ref: str, value, fmt: str | None = None, bold: bool = False, wrap: bool = True) -> None:
    first = ref.split(":")[0]
    if ":" in ref:
        ws.merge_cells(ref)
        for row in ws[ref]:
            for cell in row:
                cell.border = _框
    cell = ws[first]
    if value is not None:
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
    if fmt:
        cell.number_format = fmt
    cell.border = _框
    cell.font = Font(name="宋体", size=10.5, bold=bold)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap)


def _竖排(text: str) -> str:
    return "\n".join(text)


def _黄山表(ws, form: dict) -> None:
    """One form in the layout of seed 003 (columns A–I)."""
    for col, width in zip("ABCDEFGHI", (6, 8, 9, 20, 10, 10, 6, 9, 14)):
        ws.column_dimensions[col].width = width
    ws.merge_cells("A1:I1")
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:I2")
    ws["A2"] = f"（{form['year']} 年度）"
    ws["A2"].alignment = Alignment(horizontal="center")
    _写(ws, "A3:B3", "项目名称")
    _写(ws, "C3:I3", form["项目名称"])
    _写(ws, "A4:B4", "主管部门")
    _写(ws, "C4:E4", form["主管部门"])
    _写(ws, "F4", "实施单\n位")
    _写(ws, "G4:I4", form["实施单位"])
    _写(ws, "A5:B9", "项目资金\n（万元）")
    _写(ws, "C5", None)
    for col, label in zip("DEFGHI", ("年初\n预算\n数", "全年\n预算\n数", "全年执\n行数", "分\n值", "执行率", "得分")):
        _写(ws, f"{col}5", label, bold=True)
    for r, (key, fund) in enumerate(form["funds"].items(), 6):
        _写(ws, f"C{r}", fund["label_printed"])
        for col, field in zip("DEF", ("年初预算数", "全年预算数", "全年执行数")):
            value, fmt = _数值(fund[field])
            _写(ws, f"{col}{r}", value, "0.00" if isinstance(value, (int, float)) else fmt)
        if key == "年度资金总额":
            for col, field in zip("GHI", ("分值", "执行率", "得分")):
                value, fmt = _数值(fund[field])
                _写(ws, f"{col}{r}", value, fmt)
        else:
            _写(ws, f"G{r}:I{r}", fund["分值"])
    _写(ws, "A10:A11", _竖排("年度总体目标"))
    _写(ws, "B10:E10", "预期目标", bold=True)
    _写(ws, "F10:I10", "实际完成情况", bold=True)
    _写(ws, "B11:E11", form["年度总体目标"]["预期目标"])
    _写(ws, "F11:I11", form["年度总体目标"]["实际完成情况"])
    ws["B11"].alignment = ws["F11"].alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[11].height = 160
    first = 13
    rows = form["indicators"]
    last = first + len(rows) - 1
    _写(ws, f"A12:A{last}", _竖排("绩效指标"))
    for col, label in zip("BCDEFGHI", ("一\n级\n指\n标", "二级\n指标", "三级指标", "年度\n指标\n值", "实际完\n成值",
                                       "分\n值", "得分", "偏差\n原因\n分析\n及改\n进措\n施")):
        _写(ws, f"{col}12", label, bold=True)
    for key, col in (("一级", "B"), ("二级", "C")):
        start = first
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][key] != rows[start - first][key] or key == "二级" and rows[i]["一级"] != rows[start - first]["一级"]:
                end = first + i - 1
                text = rows[start - first][key]
                _写(ws, f"{col}{start}:{col}{end}" if end > start else f"{col}{start}",
                    _竖排(text) if key == "一级" else text)
                start = end + 1
    for r, row in enumerate(rows, first):
        _写(ws, f"D{r}", row["三级"])
        _写(ws, f"E{r}", row["年度指标值"])
        _写(ws, f"F{r}", row["实际完成值"])
        for col, field in (("G", "分值"), ("H", "得分")):
            value, fmt = _数值(row[field])
            _写(ws, f"{col}{r}", value, fmt)
        _写(ws, f"I{r}", row["偏差原因分析及改进措施"])
    total = last + 1
    _写(ws, f"A{total}:F{total}", "总分", bold=True)
    for col, field in (("G", "总分_分值"), ("H", "总分_得分")):
        value, fmt = _数值(form[field])
        _写(ws, f"{col}{total}", value, fmt)
    _写(ws, f"I{total}", None)
    ws.print_area = f"A1:I{total}"
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def 生成黄山(path: Path = 黄山) -> Path:
    forms = _种子("huangshan")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评清单"
    ws.merge_cells("A1:C1")
    ws["A1"] = "黄山市人力资源和社会保障信息中心"
    ws.merge_cells("A2:C2")
    ws["A2"] = "2024 年度项目支出绩效自评清单"
    ws["A2"].font = Font(name="黑体", size=14)
    for col, label in zip("ABC", ("序号", "项目名称", "备注")):
        _写(ws, f"{col}3", label, bold=True)
    for i, form in enumerate(forms, 1):
        _写(ws, f"A{3 + i}", i)
        _写(ws, f"B{3 + i}", form["项目名称"])
        _写(ws, f"C{3 + i}", None)
    ws.column_dimensions["B"].width = 36
    for i, form in enumerate(forms, 1):
        _黄山表(wb.create_sheet(str(i)), form)
    return _保存(wb, path)


def _保存(wb, path: Path) -> Path:
    from workbook_templates.render import 保存  # deterministic bytes, atomic write

    return 保存(wb, path)


def _内容(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: (
            {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None},
            sorted(str(m) for m in ws.merged_cells.ranges),
        )
        for ws in wb.worksheets
    }


def test_committed_layout_workbooks_are_what_the_builder_makes(tmp_path):
    for build, committed in ((生成上海, 上海), (生成黄山, 黄山)):
        fresh = build(tmp_path / committed.name)
        assert _内容(fresh) == _内容(committed), f"{committed.name} 与生成器不一致：请运行 python {Path(__file__).name}"


def test_the_text_export_is_seed_004_verbatim():
    # the seed itself, so the reader is tested on the real export, not on a tidied copy
    text = 文本导出.read_text(encoding="utf-8")
    assert text.count("财政项目支出绩效自评表") == 10 and "\t" in text
    assert "$\\geq 90\\%$" in text  # the LaTeX-ish targets from the PDF conversion are still there


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    print(生成上海(), 生成黄山())
