"""Write a :class:`~workbook_templates.sheetkit.工作表样` with openpyxl, and save workbooks deterministically.

Both workbook families (自评表, 评价体系) are rendered here.  Saving is deterministic:
fixed document properties and timestamps, parts written in a fixed order, zip entries
dated 1980-01-01, so two builds of the same version are byte-identical and a changed
template shows up as a diff.  Files are written to a temporary name beside the target
and renamed (:mod:`workbook_templates.files`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from udfs.errors import 表单格式有误

from .files import 原子写入, 是输入文件
from .sheetkit import 工作表样, 样式表, 绝对引用, 表引用

__all__ = ["保存", "作者", "固定时间", "条件效果", "渲染"]

固定时间 = dt.datetime(2024, 1, 1)  # document dates of a built template
作者 = "绩效自评助手（jixiao）"
_细线 = Side(style="thin", color="000000")
_边框 = Border(left=_细线, right=_细线, top=_细线, bottom=_细线)

# Effects of the conditional formats named in the layouts.
条件效果 = {
    "隐藏": {"font": Font(color="FFFFFF")},
    "缺说明": {"fill": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")},
    "超分值": {"font": Font(color="9C0006", bold=True), "fill": PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")},
    "人工": {"font": Font(italic=True, color="1F4E79"), "fill": PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")},
    "错误": {"font": Font(color="C00000")},
}


def _样式对象(key: str) -> dict:
    st = 样式表[key]
    out = {
        "font": Font(name=st.字体, size=st.字号, bold=st.加粗, color=st.颜色),
        "alignment": Alignment(horizontal=st.水平, vertical=st.垂直, wrap_text=st.换行, shrink_to_fit=st.缩小),
        "number_format": st.数字格式,
        "protection": Protection(locked=st.锁定),
    }
    if st.底色:
        out["fill"] = PatternFill("solid", start_color=st.底色, end_color=st.底色)
    if st.边框:
        out["border"] = _边框
    return out


def 渲染(ws: Worksheet, spec: 工作表样) -> None:
    """Write ``spec`` into an empty worksheet ``ws``."""
    styles: dict[str, dict] = {}
    for g in spec.格们:
        first = g.ref.split(":")[0]
        if ":" in g.ref:
            ws.merge_cells(g.ref)
        style = styles.setdefault(g.样式, _样式对象(g.样式))
        # every cell of a merged range gets the style, so borders and shading are whole
        for row in ws[g.ref] if ":" in g.ref else ((ws[first],),):
            for cell in row:
                for attr, value in style.items():
                    setattr(cell, attr, value)
        cell = ws[first]
        if g.值 is not None:
            cell.value = g.值
            if isinstance(g.值, str) and g.值.startswith("=") and not 样式表[g.样式].锁定:
                cell.data_type = "s"  # typed input such as "=100%" is text, not a formula
        if g.批注:
            note = Comment(g.批注, 作者)
            note.width, note.height = 260, 110
            cell.comment = note
        if g.链接:
            cell.hyperlink = Hyperlink(ref=first, location=g.链接, display=str(g.值))
        if g.名称:
            target = g.ref if g.名称 in ("指标表", "资金表") else first
            ws.defined_names[g.名称] = DefinedName(g.名称, attr_text=f"{表引用(ws.title)}!{绝对引用(target)}")
    for name, ref in spec.名称.items():
        if name not in ws.defined_names:
            ws.defined_names[name] = DefinedName(name, attr_text=f"{表引用(ws.title)}!{ref}")
    wb = ws.parent
    for name, ref in spec.工作簿名称.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    for col, width in spec.列宽.items():
        ws.column_dimensions[col].width = width
    for row, height in spec.行高.items():
        ws.row_dimensions[row].height = round(height, 1)
    for check in spec.校验:
        dv = DataValidation(
            type=check.类型, formula1=check.公式1, formula2=check.公式2, operator=check.运算符,
            allow_blank=True, showErrorMessage=True, showInputMessage=bool(check.提示),
            errorStyle=check.出错样式, errorTitle=check.标题 or None, error=check.出错信息 or None,
            promptTitle=check.标题 or None, prompt=check.提示 or None,
        )
        for part in check.区域.split():
            dv.add(part)
        ws.add_data_validation(dv)
    for rule in spec.条件格式:
        ws.conditional_formatting.add(
            rule.区域, FormulaRule(formula=[rule.公式], stopIfTrue=rule.停止, **条件效果[rule.效果])
        )
    if spec.打印区域:
        ws.print_area = spec.打印区域
    if spec.打印标题行:
        ws.print_title_rows = spec.打印标题行
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "landscape" if spec.横向 else "portrait"
    ps.fitToWidth, ps.fitToHeight = 1, 1  # one page per form
    ps.blackAndWhite = True  # the input shading is for the screen, not for the printed form
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = spec.页脚
    ws.oddFooter.center.font = "宋体"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False
    if spec.保护:
        # protected without a password: locked cells hold formulas and labels; it can be unprotected
        p = ws.protection
        p.sheet = True
        p.formatRows = p.formatColumns = p.formatCells = False  # allowed: resize for long text
        p.insertRows = False  # allowed: a later command inserts indicator rows


def 保存(wb: Workbook, path: str | Path, *, 时间: dt.datetime | None = 固定时间, 不可覆盖: Iterable[Path] = ()) -> Path:
    """Write ``wb`` deterministically and atomically; never over a path in ``不可覆盖``."""
    target = Path(path).absolute()
    if 是输入文件(target, 不可覆盖):
        raise 表单格式有误("输出文件不能是输入文件，请用 --out 指定新文件", str(target))
    if 时间 is not None:
        wb.properties.created = wb.properties.created or 时间
        wb.properties.modified = 时间
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl.save_workbook: that stamps the current time
    return 原子写入(target, _固定压缩包(buffer.getvalue()))


def _固定压缩包(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 (zipfile stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
