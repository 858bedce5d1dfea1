"""Inserting a row into an openpyxl workbook as Excel does.

Excel does row insertion natively (formulas, names, merges, validation and conditional
formats follow).  openpyxl does not, so :func:`插入行` shifts every reference to the rows
below — in formulas on all sheets, defined names, merges, data validations, conditional
formats, the print area and row heights — and formats the new row like the row above.
"""

from __future__ import annotations

import copy
import re

from openpyxl.cell.cell import MergedCell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.merge import MergedCellRange

from .protocol import 拆地址

__all__ = ["插入行", "调整引用"]


_单元 = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")
_整行 = re.compile(r"^(\$?)(\d+):(\$?)(\d+)$")


def _移行(ref: str, 行: int, 数: int) -> str:
    """Rows >= 行 in an address/range (no sheet part) move down by 数."""
    m = _整行.match(ref)
    if m:
        a, b = int(m[2]), int(m[4])
        a, b = (a + 数 if a >= 行 else a), (b + 数 if b >= 行 else b)
        return f"{m[1]}{a}:{m[3]}{b}"
    return _单元.sub(lambda m: f"{m[1]}{m[2]}{m[3]}{int(m[4]) + 数 if int(m[4]) >= 行 else m[4]}", ref)


_范围 = re.compile(r"^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$|^\$?\d+:\$?\d+$")


def 调整引用(formula: str, 表: str, 行: int, 数: int = 1, 本表: bool = False) -> str:
    """A formula with its references to rows >= 行 of sheet ``表`` moved by 数 rows.

    ``本表``: the formula lives on ``表`` (references without a sheet name are to it).

    >>> 调整引用("=SUM(G13:G21)+'表'!H30+其他!H30", "表", 15, 本表=True)
    "=SUM(G13:G22)+'表'!H31+其他!H30"
    """
    text = formula if formula.startswith("=") else "=" + formula
    tok = Tokenizer(text)
    changed = False
    for t in tok.items:
        if t.type != Token.OPERAND or t.subtype != Token.RANGE:
            continue
        sheet_part, bang, ref = t.value.rpartition("!")
        sheet = 拆地址(t.value)[0] if bang else None
        if (sheet == 表) if bang else 本表:
            if _范围.match(ref):
                new = _移行(ref, 行, 数)
                if new != ref:
                    t.value = f"{sheet_part}{bang}{new}"
                    changed = True
    if not changed:
        return formula
    out = tok.render()
    return out if formula.startswith("=") else out[1:]


def 插入行(wb, 表: str, 行: int) -> None:
    """Insert one row before ``行`` on sheet ``表`` of an openpyxl workbook, as Excel does."""
    ws = wb[表]
    merges = [CellRange(str(m)) for m in ws.merged_cells.ranges]
    ws.insert_rows(行)  # moves the cells (merged placeholders included); nothing else
    # merges: below -> shifted, across -> one row taller (the new row's cells become placeholders)
    ws.merged_cells = MultiCellRange()
    grown: list[CellRange] = []
    for m in merges:
        if m.min_row >= 行:
            m.shift(row_shift=1)
        elif m.max_row >= 行:
            m.expand(down=1)
            grown.append(m)
        ws.merged_cells.add(MergedCellRange(ws, m.coord))
    # the new row: formatted like the row above (Excel's default)
    above = 行 - 1
    inside = {(行, c) for m in grown for c in range(m.min_col, m.max_col + 1)}
    for col in range(1, ws.max_column + 1):
        src = ws._cells.get((above, col))
        if src is None:
            continue
        if (行, col) in inside:
            cell = MergedCell(ws, 行, col)
            ws._cells[(行, col)] = cell
        else:
            cell = ws.cell(行, col)
        cell._style = copy.copy(src._style)
    # row heights
    dims = ws.row_dimensions
    for r in sorted((r for r in list(dims) if r >= 行), reverse=True):
        d = copy.copy(dims[r])
        d.index = r + 1
        dims[r + 1] = d
        del dims[r]
    if above in dims and dims[above].height:
        d = copy.copy(dims[above])
        d.index = 行
        dims[行] = d
    # formulas on every sheet, defined names
    for other in wb.worksheets:
        on = other.title == 表
        for row in other.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f" and isinstance(v, str):
                    cell.value = 调整引用(v, 表, 行, 本表=on)
                elif isinstance(v, ArrayFormula):
                    v.text = 调整引用(v.text, 表, 行, 本表=on)
                    if on:
                        v.ref = _移行(v.ref, 行, 1)
        for dn in other.defined_names.values():
            dn.attr_text = 调整引用(dn.attr_text, 表, 行, 本表=on)
    for dn in wb.defined_names.values():
        if dn.attr_text and "!" in dn.attr_text:
            dn.attr_text = 调整引用(dn.attr_text, 表, 行)
    # data validations and conditional formats of this sheet
    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange(" ".join(_移区(str(r), 行) for r in dv.sqref.ranges))
        for attr in ("formula1", "formula2"):
            f = getattr(dv, attr)
            if f:
                setattr(dv, attr, 调整引用(f, 表, 行, 本表=True))
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        sqref = " ".join(_移区(str(r), 行) for r in cf.sqref.ranges)
        for rule in cf.rules:
            rule.formula = [调整引用(f, 表, 行, 本表=True) for f in rule.formula]
            ws.conditional_formatting.add(sqref, rule)
    if ws.print_area:
        ws.print_area = [_移区(拆地址(p)[1], 行) for p in ws.print_area.split(",")]
    if ws.print_title_rows:
        ws.print_title_rows = _移行(ws.print_title_rows.replace("$", ""), 行, 1)


def _移区(ref: str, 行: int) -> str:
    """A range (no sheet) after inserting a row before 行: shifted or grown, as Excel does."""
    first, _, last = ref.partition(":")
    a = _移行(first, 行, 1)
    return f"{a}:{_移行(last, 行, 1)}" if last else a


