"""What the workbook readers share: opening a workbook, its names, a sheet read by its names.

A workbook made by ``jixiao build`` marks its form sheets with the sheet-scoped name 指标表
and its evaluation-system sheets with 体系表 (:data:`模板名称`); :func:`工作簿名称` reads
those names from ``xl/workbook.xml`` without loading the workbook, so the reader can choose
how to read each sheet before paying for it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import ElementTree
from defusedxml.common import EntitiesForbidden
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.worksheet.merge import MergeCells
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import iterparse

from udfs.errors import 表单格式有误

from ..sheetkit import 表引用

__all__ = ["名称表", "工作簿名称", "是数", "模板名称", "模板表", "网格", "规范公式", "读取网格", "载入"]

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class 工作簿名称:
    """Sheet names, sheet-scoped names (name -> sheet indexes) and workbook-scoped names of a
    workbook, read from ``xl/workbook.xml`` without loading the workbook."""

    表名: list[str]
    表内名称: dict[str, set[int]]
    名称: dict[str, str]

    @classmethod
    def 读取(cls, path: Path) -> 工作簿名称:
        try:
            with zipfile.ZipFile(path) as z:  # defusedxml refuses a DTD here; 载入 checks the other parts
                root = ElementTree.fromstring(z.read("xl/workbook.xml"))
        except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as exc:
            raise 表单格式有误(f"不是有效的 Excel 工作簿（{type(exc).__name__}）", str(path)) from None
        except EntitiesForbidden:
            raise 表单格式有误(_实体声明, str(path)) from None
        sheets = [s.get("name", "") for s in root.iter(f"{_NS}sheet")]
        local: dict[str, set[int]] = {}
        global_names: dict[str, str] = {}
        for dn in root.iter(f"{_NS}definedName"):
            name = dn.get("name", "")
            if dn.get("localSheetId") is not None:
                local.setdefault(name, set()).add(int(dn.get("localSheetId", "0")))
            else:
                global_names[name] = (dn.text or "").strip().strip('"')
        return cls(sheets, local, global_names)

    def 有名称的表(self, name: str) -> list[str]:
        """The sheets that carry the sheet-scoped ``name``, in sheet order."""
        return [self.表名[i] for i in sorted(self.表内名称.get(name, set())) if i < len(self.表名)]

    def 模板表(self) -> list[str]:
        """Sheets made from the templates (they carry 指标表 or 体系表), in sheet order."""
        wanted = set().union(*(self.表内名称.get(n, set()) for n in 模板名称))
        return [name for i, name in enumerate(self.表名) if i in wanted]


def _拒绝实体声明(z: zipfile.ZipFile) -> None:
    """Refuse a package any of whose XML parts declares a DTD (XXE, "billion laughs").

    defusedxml guards the parts this module parses, but openpyxl parses the sheets, styles and
    strings itself and would fail with an English traceback text (or skip a styles part).  A DTD
    can only stand in a part's prolog, so the head of each part is enough; Excel never writes one."""
    for info in z.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            with z.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head or "<!DOCTYPE".encode("utf-16-le") in head:
                raise EntitiesForbidden(info.filename, None, None, None, None, None)


_实体声明 = "工作簿含有实体声明（可能是恶意构造的文件），拒绝读取"
模板名称 = ("指标表", "体系表")  # sheet-scoped names of template form sheets and evaluation-system sheets


def 模板表(path: str | Path) -> list[str]:
    """Sheets of a workbook made from the templates (they carry the name 指标表 or 体系表)."""
    return 工作簿名称.读取(Path(path)).模板表()


def 载入(path: Path, **kw: Any) -> Workbook:
    """openpyxl's workbook, every failure a Chinese 表单格式有误 naming the file (the one opener of the
    project's readers, fill, export and ribbon actions)."""
    try:
        with zipfile.ZipFile(path) as z:
            _拒绝实体声明(z)
        return openpyxl.load_workbook(path, **kw)
    except EntitiesForbidden:
        raise 表单格式有误(_实体声明, str(path)) from None
    except Exception as exc:  # noqa: BLE001 - zip or XML damage of any kind: say which file
        raise 表单格式有误(f"无法打开工作簿：文件内容已损坏，或不是 Excel 工作簿（{type(exc).__name__}）；"
                      "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试", str(path)) from None


@dataclass
class 网格:
    """One sheet's cells as read once: values (a formula as its text), which cells hold formulas,
    the value each formula cell last showed, merged cells, and the sheet-scoped names."""

    表名: str
    名称: dict[str, str]  # sheet-scoped name -> its reference ('表'!$E$6)
    值们: dict[str, Any]
    公式格: set[str]
    缓存值: dict[str, Any]  # formula cell -> what Excel or LibreOffice last computed (None: never)
    合并: dict[str, str]  # a cell covered by a merge -> the merge's top-left cell
    工作簿名称: dict[str, str]  # workbook-scoped names (their text)
    有缓存: bool = True  # False for a sheet of a workbook loaded with its formulas only

    @classmethod
    def 从工作表(cls, ws: Worksheet) -> 网格:
        """The grid of a sheet loaded in full by openpyxl (no cached values: that load has none)."""
        values: dict[str, Any] = {}
        formulas: set[str] = set()
        for (r, c), cell in ws._cells.items():  # noqa: SLF001 - the cells that exist, not the used range
            if cell.value is None:
                continue
            addr = f"{get_column_letter(c)}{r}"
            values[addr] = cell.value
            if cell.data_type == "f":
                formulas.add(addr)
        merged = {}
        for rng in ws.merged_cells.ranges:
            top = f"{get_column_letter(rng.min_col)}{rng.min_row}"
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    merged[f"{get_column_letter(col)}{row}"] = top
        names = {n: dn.attr_text for n, dn in ws.defined_names.items()}
        book = {n: (dn.attr_text or "").strip().strip('"') for n, dn in ws.parent.defined_names.items()}
        return cls(ws.title, names, values, formulas, {}, merged, book, 有缓存=False)

    def 行(self, row: int) -> list[tuple[int, Any]]:
        """(column index, value) of the filled cells of one row, left to right."""
        out = []
        for addr, value in self.值们.items():
            col, r = _拆地址(addr)
            if r == row:
                out.append((column_index_from_string(col), value))
        return sorted(out, key=lambda x: x[0])


def _拆地址(addr: str) -> tuple[str, int]:
    m = _地址式.match(addr)
    return (m[1], int(m[2])) if m else ("A", 0)


_地址式 = re.compile(r"([A-Z]+)(\d+)$")


class _双值解析器(WorkSheetParser):
    """openpyxl's sheet parser, also keeping the value each formula cell last showed.

    openpyxl returns a cell's formula or its cached value per load, never both, and reading a
    form needs both (what the template computes; what Excel showed where someone replaced a
    formula).  Keeping the ``<v>`` of formula cells in the one read-only pass replaces a second
    full load; openpyxl is pinned below 3.2 for this private class.
    """

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.缓存值: dict[tuple[int, int], Any] = {}

    def 行与合并(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """The rows, then the merged cells (``self.merged_cells``); the parse stops where the parts
        after them begin (conditional formats, validations, page setup: a reader needs none)."""
        for event, element in iterparse(self.source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag in _合并之后:
                    return
            elif tag == _ROW:
                row = self.parse_row(element)
                element.clear()
                yield row
            elif tag == _MERGE:
                self.merged_cells = MergeCells.from_tree(element)
                return

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        if cell["data_type"] == "f":
            self.缓存值[(cell["row"], cell["column"])] = _缓存(element)
        return cell


def _缓存(element: Any) -> Any:
    text = element.findtext(_V)
    if text is None or text == "":
        return None
    kind = element.get("t", "n")
    if kind == "n":
        return _cast_number(text)
    if kind == "b":
        return text.strip() in ("1", "true")
    return text  # str, e (an error text such as #NAME?)


_V, _ROW, _MERGE = f"{_NS}v", f"{_NS}row", f"{_NS}mergeCells"
# CT_Worksheet's children after mergeCells, in schema order
_合并之后 = {f"{_NS}{t}" for t in (
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst")}


def 读取网格(path: Path, 表名: list[str], names: 工作簿名称 | None = None) -> list[网格]:
    """The grids of the named sheets, in one read-only pass over each (formulas and cached values);
    ``names``: the workbook's names when the caller has read them already."""
    names = names or 工作簿名称.读取(path)
    wb = 载入(path, read_only=True, keep_links=False)
    try:
        grids = []
        for ws in wb.worksheets:
            if ws.title not in 表名 or not hasattr(ws, "_get_source"):
                continue
            values: dict[str, Any] = {}
            formulas: set[str] = set()
            try:
                with ws._get_source() as src:  # noqa: SLF001 - see _双值解析器
                    parser = _双值解析器(src, ws._shared_strings, data_only=False, epoch=wb.epoch,
                                      date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
                    for _, row in parser.行与合并():
                        for cell in row:
                            value = cell["value"]
                            if value is None:
                                continue
                            addr = f"{get_column_letter(cell['column'])}{cell['row']}"
                            if cell["data_type"] == "f":
                                formulas.add(addr)
                                value = getattr(value, "text", value)  # an array formula: its text
                            values[addr] = value
            except Exception as exc:  # noqa: BLE001 - XML damage of any kind: name the sheet and file
                raise 表单格式有误(f"工作表“{ws.title}”无法读取（{type(exc).__name__}: {exc}）", str(path)) from None
            cached = {f"{get_column_letter(c)}{r}": v for (r, c), v in parser.缓存值.items()}
            merged: dict[str, str] = {}
            for rng in (parser.merged_cells.mergeCell if parser.merged_cells is not None else []):
                c1, r1, c2, r2 = range_boundaries(rng.ref)
                top = f"{get_column_letter(c1)}{r1}"
                for row_i in range(r1, r2 + 1):
                    for col_i in range(c1, c2 + 1):
                        merged[f"{get_column_letter(col_i)}{row_i}"] = top
            local = {n: dn.attr_text for n, dn in ws.defined_names.items()}
            grids.append(网格(ws.title, local, values, formulas, cached, merged, dict(names.名称)))
    finally:
        wb.close()
    return grids


class 名称表:
    """A sheet read by its sheet-scoped names: values (blank text is empty), cells as '表'!A1, cached values.

    Both template readers use it (:mod:`.template`, :mod:`.system`)."""

    def __init__(self, grid: 网格, path: Path):
        self.grid, self.path = grid, path
        self.title = grid.表名
        self.ref = 表引用(grid.表名)

    def 区域(self, name: str) -> tuple[int, int, int, int] | None:
        text = self.grid.名称.get(name)
        if not text:
            return None
        ref = text.rsplit("!", 1)[-1].replace("$", "")
        try:
            return range_boundaries(ref)  # type: ignore[return-value]
        except ValueError:
            return None  # #REF! or a formula: no cells

    def 地址(self, name: str) -> str | None:
        area = self.区域(name)
        return f"{get_column_letter(area[0])}{area[1]}" if area else None

    def 有(self, name: str) -> bool:
        return name in self.grid.名称

    def _格(self, addr: str) -> str:
        """The cell that holds what ``addr`` shows."""
        return addr

    def 值(self, addr: str) -> Any:
        value = self.grid.值们.get(self._格(addr))
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def 位置(self, addr: str) -> str:
        return f"{self.ref}!{addr}"

    def 公式(self, addr: str) -> str | None:
        return self.grid.值们.get(addr) if addr in self.grid.公式格 else None

    def 缓存(self, addr: str) -> Any:
        return self.grid.缓存值.get(addr)

    def 行(self, row: int) -> list[tuple[int, Any]]:
        return self.grid.行(row)


def 规范公式(text: str) -> str:
    """Formula text as Excel, LibreOffice and openpyxl may store it: compare what matters."""
    text = re.sub(r"_xl(?:fn|udf|ws)\.|\[\d+\]!|\$|\s", "", text)
    return re.sub(r"[A-Za-z]+(?=\()", lambda m: m[0].upper(), text)


def 是数(x: Any) -> bool:
    return isinstance(x, (int, float, Decimal)) and not isinstance(x, bool)
