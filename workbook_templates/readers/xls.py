"""Excel 97-2003 workbooks (.xls), which many units still send, read by their labels.

xlrd (the maintained reader of the BIFF format; openpyxl reads only .xlsx) gives each sheet's
cells; they go to the same label reader as any .xlsx in a unit's own layout
(:func:`.labels.解析网格`), so an .xls form reads exactly like the .xlsx it would be once saved
again.  Percentages are shown as the sheet shows them (``47.39%``), numbers stored as whole
floats become whole numbers (as openpyxl gives them), dates become text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlrd  # this adapter is imported only when an .xls is read (readers.读取器)

from udfs.errors import 表单格式有误
from udfs.forms import 自评表

from ..sheetkit import 表引用
from .labels import 列名, 显示值, 格, 编号, 解析网格

__all__ = ["读取"]


def _单元格值(book: Any, cell: Any) -> Any:
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#错误")
    if kind == xlrd.XL_CELL_BOOLEAN:
        return str(bool(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            return str(xlrd.xldate_as_datetime(value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(value)
    if kind == xlrd.XL_CELL_NUMBER:
        number = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
        xf = book.xf_list[cell.xf_index] if book.xf_list and cell.xf_index is not None else None
        fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else ""
        return 显示值(number, fmt)
    return 显示值(value, "")


def 读取(path: str | Path) -> list[自评表]:
    """Every form of an .xls workbook, each sheet read by its labels."""
    path = Path(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "xlsx" in str(exc):
            raise 表单格式有误("文件扩展名是 .xls，内容却是 .xlsx 工作簿：请把扩展名改为 .xlsx", str(path)) from None
        raise 表单格式有误("不是有效的 Excel 97-2003 工作簿（文件内容已损坏或不完整）；"
                      "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试", str(path)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind: say which
        raise 表单格式有误(f"无法打开 Excel 97-2003 工作簿：文件内容已损坏（{type(exc).__name__}）；"
                      "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试", str(path)) from None
    forms: list[自评表] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            ref = 表引用(sheet.name)
            rows = []
            for r in range(sheet.nrows):
                cells = []
                for c, cell in enumerate(sheet.row(r)):
                    value = _单元格值(book, cell)
                    if value is not None:
                        cells.append(格(c, value, f"{ref}!{列名(c)}{r + 1}"))
                rows.append(cells)
            forms += 解析网格(rows, str(path), sheet.name, 按列=True)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    if not forms:
        raise 表单格式有误("找不到自评表（工作表中没有“项目名称”“年初预算数”“三级指标”等标签）", str(path))
    return 编号(forms, str(path))
