"""The small workbook interface the ribbon actions are written against, and its two implementations.

Each action (:mod:`addin.actions`) is written once against :class:`工作簿` and runs
three ways: from the ribbon in Excel (:class:`Excel工作簿`, xlwings,
``Book.caller()``), from the ``jixiao`` command and in tests on Linux
(:class:`文件工作簿`, openpyxl).  The interface is deliberately low level —
cells, formulas, merges, row insertion, marks, a file snapshot — so the logic
of an action (where a row goes, which merges grow, which formulas are copied)
lives in one place and is exercised by the Linux tests; only these primitives
differ between Excel and openpyxl.

Excel does row insertion natively (formulas, names, merges, validation and
conditional formats follow).  openpyxl does not, so :func:`插入行` does what
Excel does: it shifts every reference to the rows below — in formulas on all
sheets, defined names, merges, data validations, conditional formats, the print
area and row heights — and formats the new row like the row above.

Values of formula cells: Excel computes them.  openpyxl has no engine; after
:meth:`文件工作簿.计算` the scores are computed with the scoring core (through
the template reader) and written into the saved file as the cells' cached
values, so a viewer without the add-in, openpyxl's ``data_only`` and pandas
see the numbers while the formulas stay.
"""

from __future__ import annotations

import copy
import html
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from udfs.errors import 表单格式有误

from workbook_templates.files import 写到旁边, 原子写入, 是输入文件

__all__ = [
    "Excel工作簿",
    "写入缓存值",
    "工作簿",
    "拆地址",
    "插入行",
    "文件工作簿",
    "无缓存公式",
    "标记公式",
    "标记样式",
    "表引用",
    "调整引用",
]

标记公式 = '"jixiao校验"<>""'  # always true; the text marks the conditional formats 校验 adds
标记样式 = {  # level -> (fill, font colour) of a marked cell
    "错误": ("FFC7CE", "9C0006"),
    "警告": ("FFEB9C", "9C5700"),
}


def 表引用(title: str) -> str:
    """A sheet name as written in a reference: always quoted (safe for any name)."""
    return "'" + title.replace("'", "''") + "'"


def 拆地址(where: str) -> tuple[str | None, str]:
    """"'表 1'!$E$6" -> ("表 1", "E6"); "E6" -> (None, "E6")."""
    sheet, _, addr = where.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return (sheet or None), addr.replace("$", "")


class 工作簿(Protocol):
    """What an action may do to a workbook.  Sheets by name, cells by A1 address."""

    路径: Path | None  # the file behind the workbook (None: never saved)

    def 表名(self) -> list[str]: ...
    def 表单表(self) -> list[str]: ...  # sheets with the template's sheet-scoped name 指标表
    def 模板标记(self) -> str | None: ...  # the hidden name jixiao_模板 ("函数版|1")
    def 名称区域(self, 表: str, 名称: str) -> str | None: ...  # "B13:I21", no $
    def 值(self, 表: str, 地址: str) -> Any: ...  # what the cell shows (computed for formulas)
    def 公式(self, 表: str, 地址: str) -> str | None: ...  # "=..." or None
    def 写(self, 表: str, 地址: str, 值: Any, 文本: bool = False) -> None: ...  # 文本: "=100%" stays text
    def 合并区域(self, 表: str) -> list[str]: ...
    def 合并(self, 表: str, 区域: str) -> None: ...
    def 取消合并(self, 表: str, 区域: str) -> None: ...
    def 插入行(self, 表: str, 行: int) -> None: ...  # before 行, formatted like the row above
    def 复制格式(self, 表: str, 源行: int, 目标行: int, 列数: int) -> None: ...
    def 链接(self, 表: str, 地址: str, 目标: str, 文字: str) -> None: ...  # internal hyperlink
    def 新建表单(self, 名称: str, 版式名: str, 之后: str | None) -> None: ...  # a blank form sheet
    def 新建清单(self, 表单表: list[str]) -> None: ...  # a 自评清单 sheet listing them
    def 新建表(self, 名称: str, 之后: str | None = None) -> None: ...
    def 删除表(self, 名称: str) -> None: ...
    def 写区域(self, 表: str, 左上: str, 行们: Sequence[Sequence[Any]]) -> None: ...
    def 样式(self, 表: str, 区域: str, *, 加粗: bool = False, 列宽: dict[str, float] | None = None) -> None: ...
    def 标记(self, 表: str, 地址们: Iterable[str], 级别: str) -> None: ...
    def 清除标记(self) -> None: ...
    def 选中(self) -> tuple[str, str] | None: ...
    def 激活(self, 表: str, 地址: str = "A1") -> None: ...
    def 计算(self) -> None: ...
    def 快照(self, 目录: Path, 只含: Sequence[str] | None = None) -> Path: ...
    def 导出pdf(self, 表们: Sequence[str], 路径: Path, office: Any = None) -> Path: ...
    def 保存(self, 路径: Path | None = None) -> Path: ...
    def 告知(self, 消息: str, 标题: str = "绩效自评助手") -> None: ...
    def 打开(self, 路径: Path) -> None: ...  # show a file (Excel opens it; elsewhere: nothing)


# --- references in formulas ---------------------------------------------------------------

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
    from openpyxl.formula.tokenizer import Token, Tokenizer

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


# --- openpyxl -------------------------------------------------------------------------------


def 插入行(wb, 表: str, 行: int) -> None:
    """Insert one row before ``行`` on sheet ``表`` of an openpyxl workbook, as Excel does."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
    from openpyxl.worksheet.formula import ArrayFormula
    from openpyxl.worksheet.merge import MergedCellRange

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


_公式单元 = re.compile(
    r'<c((?:\s+[^\s>=]+="[^"]*")*?)\s+r="([A-Z]+\d+)"((?:\s+[^\s>=]+="[^"]*")*)\s*>'
    r'(<f(?:\s[^>]*)?>.*?</f>|<f(?:\s[^>]*)?/>)(<v\s*/>|<v>[^<]*</v>)?</c>'
)


def _表部件(z: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> its XML part in an .xlsx package."""
    from defusedxml import ElementTree

    m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {x.get("Id"): (x.get("Target") or "").lstrip("/") for x in rels}
    parts = {}
    for sheet in book.iter(f"{m}sheet"):
        target = targets.get(sheet.get(f"{r}id"), "")
        parts[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def 无缓存公式(path: Path) -> dict[str, set[str]]:
    """Formula cells that carry no computed value (openpyxl writes none; Excel and LibreOffice do).

    A cell whose formula gave "" has a value too (``t="str"`` with an empty ``<v>``).
    """
    out: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as z:
        for sheet, part in _表部件(z).items():
            try:
                xml = z.read(part).decode("utf-8")
            except KeyError:
                continue
            for m in _公式单元.finditer(xml):
                typed = ' t="' in m[1] + m[3]
                empty = not m[5] or m[5].startswith("<v/") or m[5].startswith("<v />") or m[5] == "<v></v>"
                if empty and not typed:
                    out.setdefault(sheet, set()).add(m[2])
    return out


def 写入缓存值(path: Path, 值们: dict[str, dict[str, Any]]) -> None:
    """Put computed values into formula cells of a saved .xlsx/.xlsm as their cached values.

    ``值们``: sheet name -> {address: value}.  openpyxl writes formulas with an empty
    ``<v/>``; Excel and LibreOffice write formula and value.  Only cells that hold a
    formula are touched; the file is rewritten atomically.
    """
    if not 值们:
        return
    with zipfile.ZipFile(path) as z:
        parts = _表部件(z)
        contents = {info.filename: z.read(info.filename) for info in z.infolist()}
        infos = z.infolist()
    for sheet, values in 值们.items():
        part = parts.get(sheet)
        if not part or part not in contents or not values:
            continue
        xml = contents[part].decode("utf-8")

        def patch(m: re.Match, values: dict[str, Any] = values) -> str:
            addr, formula = m[2], m[4]
            value = values.get(addr)
            if value is None:
                return m[0]
            attrs = re.sub(r'\st="[^"]*"', "", m[1] + m[3])
            if isinstance(value, bool):
                kind, text = ' t="b"', "1" if value else "0"
            elif isinstance(value, (int, float)):
                kind, text = "", repr(float(value)) if isinstance(value, float) else str(value)
            else:
                text = str(value)
                kind = ' t="e"' if text in ("#NAME?", "#VALUE!", "#DIV/0!", "#REF!", "#N/A", "#NUM!", "#NULL!") else ' t="str"'
            return f'<c r="{addr}"{attrs}{kind}>{formula}<v>{html.escape(text, quote=False)}</v></c>'

        contents[part] = _公式单元.sub(patch, xml).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, contents[info.filename])
    原子写入(Path(path), buffer.getvalue())


class 文件工作簿:
    """:class:`工作簿` over an openpyxl workbook (a file, or a template built in memory).

    Nothing is written until :meth:`保存`, and never over the file it was read from
    unless ``允许覆盖`` (the ribbon's own workbook is the only case).
    """

    def __init__(self, path: str | Path | None = None, *, wb: Any = None):
        import openpyxl

        self.路径 = Path(path).absolute() if path is not None else None
        if wb is None:
            if self.路径 is None:
                raise ValueError("path or wb")
            if not self.路径.is_file():
                raise 表单格式有误("文件不存在", str(self.路径))
            if self.路径.suffix.lower() not in (".xlsx", ".xlsm"):
                raise 表单格式有误(f"只能处理 .xlsx 或 .xlsm 工作簿，不支持'{self.路径.suffix}'", str(self.路径))
            try:
                wb = openpyxl.load_workbook(self.路径, keep_vba=self.路径.suffix.lower() == ".xlsm")
            except Exception as exc:  # zip or XML damage: name the file
                raise 表单格式有误(f"无法打开工作簿（{type(exc).__name__}: {exc}）", str(self.路径)) from None
        self.wb = wb
        self.缓存: dict[str, dict[str, Any]] = {}  # computed values of formula cells (see 计算)
        self.选区: tuple[str, str] | None = None  # what the user "selected" (tests, CLI)
        self.消息: list[str] = []
        self.已打开: list[Path] = []

    @classmethod
    def 模板(cls, 版式名: str = "函数版", *, 金额单位: str = "万元", 口径: str = "财政部") -> 文件工作簿:
        """A workbook fresh from ``jixiao build`` (in memory)."""
        from workbook_templates.build import 生成工作簿
        from workbook_templates.form_layout import 版式表

        if 版式名 not in 版式表:
            raise 表单格式有误(f"版式'{版式名}'不存在（可用：{'、'.join(版式表)}）", "版式")
        return cls(wb=生成工作簿(版式表[版式名], 金额单位=金额单位, 口径=口径))

    # -- reading --------------------------------------------------------------------------
    def 表名(self) -> list[str]:
        return list(self.wb.sheetnames)

    def 表单表(self) -> list[str]:
        return [ws.title for ws in self.wb.worksheets if "指标表" in ws.defined_names]

    def 模板标记(self) -> str | None:
        dn = self.wb.defined_names.get("jixiao_模板")
        return (dn.attr_text or "").strip('"') if dn is not None else None

    def 名称区域(self, 表: str, 名称: str) -> str | None:
        dn = self.wb[表].defined_names.get(名称)
        if dn is None:
            return None
        for _, ref in dn.destinations:
            return ref.replace("$", "")
        return None

    def 值(self, 表: str, 地址: str) -> Any:
        cell = self.wb[表][地址]
        if cell.data_type == "f":
            return self.缓存.get(表, {}).get(地址)
        return cell.value

    def 公式(self, 表: str, 地址: str) -> str | None:
        cell = self.wb[表][地址]
        return cell.value if cell.data_type == "f" and isinstance(cell.value, str) else None

    # -- writing --------------------------------------------------------------------------
    def 写(self, 表: str, 地址: str, 值: Any, 文本: bool = False) -> None:
        cell = self.wb[表][地址]
        cell.value = 值
        if 文本 and isinstance(值, str) and 值.startswith("="):
            cell.data_type = "s"
        self.缓存.get(表, {}).pop(地址, None)

    def 合并区域(self, 表: str) -> list[str]:
        return [str(m) for m in self.wb[表].merged_cells.ranges]

    def 合并(self, 表: str, 区域: str) -> None:
        ws = self.wb[表]
        first = ws[区域.split(":")[0]]
        style = copy.copy(first._style)
        ws.merge_cells(区域)
        for row in ws[区域]:
            for c in row:
                c._style = copy.copy(style)

    def 取消合并(self, 表: str, 区域: str) -> None:
        ws = self.wb[表]
        style = copy.copy(ws[区域.split(":")[0]]._style)
        ws.unmerge_cells(区域)
        for row in ws[区域]:
            for c in row:
                c._style = copy.copy(style)

    def 插入行(self, 表: str, 行: int) -> None:
        插入行(self.wb, 表, 行)
        self.缓存.pop(表, None)

    def 复制格式(self, 表: str, 源行: int, 目标行: int, 列数: int) -> None:
        from openpyxl.formatting.formatting import ConditionalFormattingList
        from openpyxl.worksheet.cell_range import CellRange

        ws = self.wb[表]
        for col in range(1, 列数 + 1):
            ws.cell(目标行, col)._style = copy.copy(ws.cell(源行, col)._style)
        if 源行 in ws.row_dimensions and ws.row_dimensions[源行].height:
            ws.row_dimensions[目标行].height = ws.row_dimensions[源行].height
        # conditional formats are formats too (Excel's "paste formats" copies them)
        old = ws.conditional_formatting
        ws.conditional_formatting = ConditionalFormattingList()
        for cf in old:
            ranges = [str(r) for r in cf.sqref.ranges]
            for r in cf.sqref.ranges:
                if r.min_row <= 源行 <= r.max_row and not r.min_row <= 目标行 <= r.max_row:
                    ranges.append(CellRange(min_col=r.min_col, max_col=r.max_col, min_row=目标行, max_row=目标行).coord)
            for rule in cf.rules:
                ws.conditional_formatting.add(" ".join(ranges), rule)

    def 链接(self, 表: str, 地址: str, 目标: str, 文字: str) -> None:
        from openpyxl.worksheet.hyperlink import Hyperlink

        cell = self.wb[表][地址]
        cell.value = 文字
        cell.hyperlink = Hyperlink(ref=地址, location=目标, display=文字)
        cell.style = "Hyperlink"

    def 新建表单(self, 名称: str, 版式名: str, 之后: str | None) -> None:
        from workbook_templates.render import 渲染
        from workbook_templates.form_layout import 版式表, 自评表样

        at = self.wb.sheetnames.index(之后) + 1 if 之后 else len(self.wb.sheetnames)
        ws = self.wb.create_sheet(名称, at)
        渲染(ws, 自评表样(版式表[版式名], None, 标题=名称))

    def 新建清单(self, 表单表: list[str]) -> None:
        from workbook_templates.render import 渲染
        from workbook_templates.form_layout import 清单样

        ws = self.wb.create_sheet("自评清单", 0)
        渲染(ws, 清单样(表单表))

    def 新建表(self, 名称: str, 之后: str | None = None) -> None:
        at = self.wb.sheetnames.index(之后) + 1 if 之后 else len(self.wb.sheetnames)
        self.wb.create_sheet(名称, at)

    def 删除表(self, 名称: str) -> None:
        self.wb.remove(self.wb[名称])
        self.缓存.pop(名称, None)

    def 写区域(self, 表: str, 左上: str, 行们: Sequence[Sequence[Any]]) -> None:
        ws = self.wb[表]
        top = ws[左上]
        for i, row in enumerate(行们):
            for j, v in enumerate(row):
                cell = ws.cell(top.row + i, top.column + j)
                cell.value = v
                if isinstance(v, str) and v.startswith("="):
                    cell.data_type = "s"  # results are text, never formulas

    def 样式(self, 表: str, 区域: str, *, 加粗: bool = False, 列宽: dict[str, float] | None = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        ws = self.wb[表]
        for row in ws[区域]:
            for c in row:
                if 加粗:
                    c.font = Font(bold=True)
                    c.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
                c.alignment = Alignment(vertical="top", wrap_text=True)
        for col, w in (列宽 or {}).items():
            ws.column_dimensions[col].width = w

    def 标记(self, 表: str, 地址们: Iterable[str], 级别: str) -> None:
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import Font, PatternFill

        fill, font = 标记样式[级别]
        ws = self.wb[表]
        cells = " ".join(sorted(set(地址们)))
        if not cells:
            return
        # ours first: bump the others, then add with priority 1 and stop there
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                rule.priority = (rule.priority or 0) + 1
        rule = FormulaRule(formula=[标记公式], stopIfTrue=True, fill=PatternFill("solid", start_color=fill, end_color=fill),
                           font=Font(color=font, bold=True))
        ws.conditional_formatting.add(cells, rule)
        rule.priority = 1

    def 清除标记(self) -> None:
        from openpyxl.formatting.formatting import ConditionalFormattingList

        for ws in self.wb.worksheets:
            old = ws.conditional_formatting
            if not any(标记公式 in f for cf in old for r in cf.rules for f in r.formula):
                continue
            ws.conditional_formatting = ConditionalFormattingList()
            for cf in old:
                for rule in cf.rules:
                    if not any(标记公式 in f for f in rule.formula):
                        ws.conditional_formatting.add(str(cf.sqref), rule)

    def 选中(self) -> tuple[str, str] | None:
        if self.选区 is not None:
            return self.选区
        ws = self.wb.active
        sel = ws.sheet_view.selection
        return (ws.title, sel[0].activeCell) if sel and sel[0].activeCell else None

    def 激活(self, 表: str, 地址: str = "A1") -> None:
        ws = self.wb[表]
        self.wb.active = self.wb.sheetnames.index(表)
        for other in self.wb.worksheets:
            other.sheet_view.tabSelected = other is ws
        ws.sheet_view.selection[0].activeCell = 地址
        ws.sheet_view.selection[0].sqref = 地址
        self.选区 = (表, 地址)

    # -- computing and files ------------------------------------------------------------------
    def 计算(self) -> None:
        """Compute the scores of every form sheet with the scoring core (no engine needed)."""
        from workbook_templates.readers.workbook import 读取模板

        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            forms = 读取模板(self._写临时(Path(tmp), None, 缓存=False))
        self.缓存 = {}
        for form in forms:
            for cell, value in _表单计算值(form):
                sheet, addr = 拆地址(cell)
                # an error text states nothing (the reader gives None): left to the engine on open
                if sheet is not None and value not in (None, "") and self.公式(sheet, addr) is not None:
                    self.缓存.setdefault(sheet, {})[addr] = value

    def _写临时(self, folder: Path, 只含: Sequence[str] | None, 缓存: bool = True) -> Path:
        from workbook_templates.render import 保存

        suffix = self.路径.suffix.lower() if self.路径 is not None else ".xlsx"
        stem = self.路径.stem if self.路径 is not None else "工作簿"
        target = folder / f"{stem}{suffix}"
        wb = self.wb
        if 只含 is not None:
            wb = _副本(self.wb)
            for ws in list(wb.worksheets):
                if ws.title not in 只含:
                    wb.remove(ws)
            wb.active = 0
            for i, ws in enumerate(wb.worksheets):
                ws.sheet_view.tabSelected = i == 0
        保存(wb, target, 时间=None)
        if 缓存:
            写入缓存值(target, {s: v for s, v in self.缓存.items() if 只含 is None or s in 只含})
        return target

    def 快照(self, 目录: Path, 只含: Sequence[str] | None = None) -> Path:
        return self._写临时(Path(目录), 只含)

    def 导出pdf(self, 表们: Sequence[str], 路径: Path, office: Any = None) -> Path:
        """PDF of the given sheets, one form per page as printed, computed by LibreOffice."""
        from .export import 工作簿转pdf

        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            snapshot = self.快照(Path(tmp))
            return 工作簿转pdf(snapshot, Path(路径), office=office, 只含=list(表们))

    def 保存(self, 路径: Path | None = None, *, 允许覆盖: bool = False) -> Path:
        target = Path(路径 or self.路径 or "").absolute()
        if not target.name:
            raise 表单格式有误("没有给出保存位置", "输出")
        if self.路径 is not None and not 允许覆盖 and 是输入文件(target, [self.路径]):
            raise 表单格式有误("输出文件不能是输入文件，请另选文件名", str(target))
        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            written = self._写临时(Path(tmp), None)
            if written.suffix.lower() != target.suffix.lower():
                raise 表单格式有误(f"输出文件的类型应为 {written.suffix}", str(target))
            原子写入(target, written.read_bytes())
        return target

    def 告知(self, 消息: str, 标题: str = "绩效自评助手") -> None:
        self.消息.append(消息)

    def 打开(self, 路径: Path) -> None:
        self.已打开.append(Path(路径))


def _副本(wb):
    """A deep copy of an openpyxl workbook (sheets removed from it leave the original intact)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    import openpyxl

    return openpyxl.load_workbook(buffer, keep_vba=bool(getattr(wb, "vba_archive", None)))


def _表单计算值(form) -> list[tuple[str, Any]]:
    """(cell, value) of the computed cells of a template form, as the template reader evaluated them."""
    out: list[tuple[str, Any]] = []
    total = form.资金.get("年度资金总额")
    if total is not None:
        for key in ("执行率", "得分"):
            if key in total.位置:
                out.append((total.位置[key], getattr(total, key)))
    for row in form.指标:
        if "得分" in row.位置:
            out.append((row.位置["得分"], row.得分))
    for key, attr in (("总分_得分", "总分_得分"), ("总分_分值", "总分_分值"), ("等级", "等级")):
        if key in form.位置:
            out.append((form.位置[key], getattr(form, attr)))
    return out


# --- Excel (xlwings) ---------------------------------------------------------------------------
# Runs only inside Excel on Windows or macOS; nothing below can be exercised on Linux.

_xlCellTypeFormulas = -4123
_xlExpression = 2


def _颜色(hex_rgb: str) -> int:
    """"FFC7CE" -> the BGR integer Excel's COM wants."""
    r, g, b = int(hex_rgb[0:2], 16), int(hex_rgb[2:4], 16), int(hex_rgb[4:6], 16)
    return r + (g << 8) + (b << 16)


class Excel工作簿:
    """:class:`工作簿` over the live workbook in Excel (``xlwings.Book``)."""

    def __init__(self, book: Any):
        self.book = book
        full = getattr(book, "fullname", "") or ""
        self.路径 = Path(full) if full and os.path.isabs(full) else None

    # sheets are protected without a password by the template: lift it while we edit
    def _编辑(self, 表: str):
        sheet = self.book.sheets[表]

        class _保护:
            def __enter__(s):
                s.protected = bool(sheet.api.ProtectContents)
                if s.protected:
                    sheet.api.Unprotect()

            def __exit__(s, *exc):
                if s.protected:
                    sheet.api.Protect(DrawingObjects=False, Contents=True, Scenarios=False,
                                      AllowFormattingCells=True, AllowFormattingColumns=True,
                                      AllowFormattingRows=True, AllowInsertingRows=True)

        return _保护()

    def 表名(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def 表单表(self) -> list[str]:
        out = []
        for s in self.book.sheets:
            try:
                names = [n.name.split("!")[-1] for n in s.names]
            except Exception:  # chart sheets have no names
                continue
            if "指标表" in names:
                out.append(s.name)
        return out

    def 模板标记(self) -> str | None:
        for n in self.book.names:
            if n.name == "jixiao_模板":
                return str(n.refers_to).lstrip("=").strip('"')
        return None

    def 名称区域(self, 表: str, 名称: str) -> str | None:
        for n in self.book.sheets[表].names:
            if n.name.split("!")[-1] == 名称:
                return n.refers_to_range.address.replace("$", "")
        return None

    def 值(self, 表: str, 地址: str) -> Any:
        return self.book.sheets[表].range(地址).value

    def 公式(self, 表: str, 地址: str) -> str | None:
        rng = self.book.sheets[表].range(地址)
        return rng.formula if rng.api.HasFormula else None

    def 写(self, 表: str, 地址: str, 值: Any, 文本: bool = False) -> None:
        with self._编辑(表):
            rng = self.book.sheets[表].range(地址)
            if 文本 and isinstance(值, str) and 值.startswith("="):
                rng.number_format = "@"
            if isinstance(值, str) and 值.startswith("=") and not 文本:
                rng.formula = 值
            else:
                rng.value = 值

    def 合并区域(self, 表: str) -> list[str]:
        sheet = self.book.sheets[表]
        used = sheet.api.UsedRange
        seen: set[str] = set()
        for cell in used.Cells:
            if cell.MergeCells:
                seen.add(cell.MergeArea.Address.replace("$", ""))
        return sorted(seen)

    def 合并(self, 表: str, 区域: str) -> None:
        with self._编辑(表):
            self.book.app.display_alerts = False
            self.book.sheets[表].range(区域).api.Merge()
            self.book.app.display_alerts = True

    def 取消合并(self, 表: str, 区域: str) -> None:
        with self._编辑(表):
            self.book.sheets[表].range(区域).api.UnMerge()

    def 插入行(self, 表: str, 行: int) -> None:
        with self._编辑(表):
            # xlShiftDown, xlFormatFromLeftOrAbove: Excel moves formulas, names, merges, validation
            self.book.sheets[表].api.Rows(行).Insert(-4121, 0)

    def 复制格式(self, 表: str, 源行: int, 目标行: int, 列数: int) -> None:
        with self._编辑(表):
            sheet = self.book.sheets[表]
            sheet.api.Rows(源行).Copy()
            sheet.api.Rows(目标行).PasteSpecial(-4122)  # xlPasteFormats
            self.book.app.api.CutCopyMode = False

    def 链接(self, 表: str, 地址: str, 目标: str, 文字: str) -> None:
        sheet = self.book.sheets[表]
        sheet.api.Hyperlinks.Add(Anchor=sheet.range(地址).api, Address="", SubAddress=目标, TextToDisplay=文字)

    def 新建表单(self, 名称: str, 版式名: str, 之后: str | None) -> None:
        from workbook_templates.render import 保存
        from workbook_templates.build import 模板表名, 生成工作簿
        from workbook_templates.form_layout import 版式表

        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            path = 保存(生成工作簿(版式表[版式名]), Path(tmp) / "模板.xlsx")
            src = self.book.app.books.open(str(path))
            try:
                after = self.book.sheets[之后] if 之后 else self.book.sheets[-1]
                src.sheets[模板表名].copy(after=after, name=名称)
            finally:
                src.close()
        sheet = self.book.sheets[名称]
        with self._编辑(名称):
            # formulas copied from a book without the functions are re-entered so that Excel
            # binds them to this workbook's functions (otherwise they stay #NAME?)
            try:
                for cell in sheet.api.UsedRange.SpecialCells(_xlCellTypeFormulas).Cells:
                    cell.Formula = cell.Formula
            except Exception:  # no formulas at all
                pass

    def 新建清单(self, 表单表: list[str]) -> None:
        from workbook_templates.form_layout import 清单样

        sheet = self.book.sheets.add("自评清单", before=self.book.sheets[0])
        for g in 清单样(表单表).格们:
            first = g.ref.split(":")[0]
            if ":" in g.ref:
                sheet.range(g.ref).api.Merge()
            if g.值 is not None:
                if isinstance(g.值, str) and g.值.startswith("="):
                    sheet.range(first).formula = g.值
                else:
                    sheet.range(first).value = g.值
            if g.链接:
                sheet.api.Hyperlinks.Add(Anchor=sheet.range(first).api, Address="", SubAddress=g.链接,
                                         TextToDisplay=str(g.值))

    def 新建表(self, 名称: str, 之后: str | None = None) -> None:
        after = self.book.sheets[之后] if 之后 else self.book.sheets[-1]
        self.book.sheets.add(名称, after=after)

    def 删除表(self, 名称: str) -> None:
        self.book.app.display_alerts = False
        try:
            self.book.sheets[名称].delete()
        finally:
            self.book.app.display_alerts = True

    def 写区域(self, 表: str, 左上: str, 行们: Sequence[Sequence[Any]]) -> None:
        rng = self.book.sheets[表].range(左上)
        width = max((len(r) for r in 行们), default=0)
        if not width:
            return
        block = rng.resize(len(行们), width)
        block.number_format = "@"  # results are text, never formulas
        block.value = [list(r) + [None] * (width - len(r)) for r in 行们]

    def 样式(self, 表: str, 区域: str, *, 加粗: bool = False, 列宽: dict[str, float] | None = None) -> None:
        sheet = self.book.sheets[表]
        rng = sheet.range(区域)
        rng.api.WrapText = True
        rng.api.VerticalAlignment = -4160  # xlTop
        if 加粗:
            rng.font.bold = True
            rng.color = (217, 225, 242)
        for col, w in (列宽 or {}).items():
            sheet.range(f"{col}:{col}").column_width = w

    def 标记(self, 表: str, 地址们: Iterable[str], 级别: str) -> None:
        fill, font = 标记样式[级别]
        cells = ",".join(sorted(set(地址们)))
        if not cells:
            return
        sheet = self.book.sheets[表]
        with self._编辑(表):
            fc = sheet.range(cells).api.FormatConditions.Add(Type=_xlExpression, Formula1="=" + 标记公式)
            fc.SetFirstPriority()
            fc.StopIfTrue = True
            fc.Interior.Color = _颜色(fill)
            fc.Font.Color = _颜色(font)
            fc.Font.Bold = True

    def 清除标记(self) -> None:
        for name in self.表名():
            sheet = self.book.sheets[name]
            try:
                fcs = sheet.api.Cells.FormatConditions
            except Exception:
                continue
            with self._编辑(name):
                for i in range(fcs.Count, 0, -1):
                    fc = fcs.Item(i)
                    try:
                        if 标记公式 in (fc.Formula1 or ""):
                            fc.Delete()
                    except Exception:  # data bars, icon sets: no Formula1
                        continue

    def 选中(self) -> tuple[str, str] | None:
        sel = self.book.app.selection
        if sel is None:
            return None
        return sel.sheet.name, sel.address.split(":")[0].replace("$", "")

    def 激活(self, 表: str, 地址: str = "A1") -> None:
        sheet = self.book.sheets[表]
        sheet.activate()
        sheet.range(地址).select()

    def 计算(self) -> None:
        self.book.app.api.CalculateFull()

    def 快照(self, 目录: Path, 只含: Sequence[str] | None = None) -> Path:
        suffix = self.路径.suffix if self.路径 is not None else ".xlsx"
        stem = self.路径.stem if self.路径 is not None else "工作簿"
        target = Path(目录) / f"{stem}{suffix}"
        self.book.api.SaveCopyAs(str(target))  # what Excel shows, with every computed value
        if 只含 is not None:
            import openpyxl

            wb = openpyxl.load_workbook(target, keep_vba=suffix.lower() == ".xlsm")
            for ws in list(wb.worksheets):
                if ws.title not in 只含:
                    wb.remove(ws)
            wb.save(target)
        return target

    def 导出pdf(self, 表们: Sequence[str], 路径: Path, office: Any = None) -> Path:
        # Excel's own export: the page setup of each sheet (one page per form)
        with 写到旁边(Path(路径), ".pdf") as tmp:
            self.book.to_pdf(str(tmp), include=list(表们))
        return Path(路径)

    def 保存(self, 路径: Path | None = None) -> Path:
        if 路径 is None:
            self.book.save()
            return Path(self.book.fullname)
        self.book.save(str(路径))
        return Path(路径)

    def 告知(self, 消息: str, 标题: str = "绩效自评助手") -> None:
        self.book.app.alert(消息, title=标题)

    def 打开(self, 路径: Path) -> None:
        self.book.app.books.open(str(路径))
