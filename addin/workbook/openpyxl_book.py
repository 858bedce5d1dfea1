""":class:`文件工作簿`: the workbook interface over an openpyxl workbook (a file, or a template in memory).

Values of formula cells: openpyxl has no engine; :meth:`文件工作簿.计算` computes the
scores with the scoring core (through the template reader) and :meth:`文件工作簿.保存`
writes them into the file as the cells' cached values, so a viewer without the add-in,
openpyxl's ``data_only`` and pandas see the numbers while the formulas stay.
"""

from __future__ import annotations

import copy
import io
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.hyperlink import Hyperlink

from udfs.errors import 表单格式有误
from workbook_templates.build import 生成工作簿
from workbook_templates.engine import 转pdf
from workbook_templates.files import 原子写入, 是输入文件
from workbook_templates.form_layout import 清单样, 版式表, 自评表样
from workbook_templates.form_values import 保存自评表, 工作簿计算值
from workbook_templates.readers.cells import 载入
from workbook_templates.render import 渲染

from .protocol import 标记公式, 标记样式
from .rows import 插入行

__all__ = ["文件工作簿"]


class 文件工作簿:
    """:class:`工作簿` over an openpyxl workbook (a file, or a template built in memory).

    Nothing is written until :meth:`保存`, and never over the file it was read from
    unless ``允许覆盖`` (the ribbon's own workbook is the only case).
    """

    def __init__(self, path: str | Path | None = None, *, wb: Any = None):
        self.路径 = Path(path).absolute() if path is not None else None
        if wb is None:
            if self.路径 is None:
                raise ValueError("path or wb")
            if not self.路径.is_file():
                raise 表单格式有误("文件不存在", str(self.路径))
            if self.路径.suffix.lower() not in (".xlsx", ".xlsm"):
                raise 表单格式有误(f"只能处理 .xlsx 或 .xlsm 工作簿，不支持'{self.路径.suffix}'", str(self.路径))
            wb = 载入(self.路径, keep_vba=self.路径.suffix.lower() == ".xlsm")
        self.wb = wb
        self.缓存: dict[str, dict[str, Any]] = {}  # computed values of formula cells (see 计算)
        self.选区: tuple[str, str] | None = None  # what the user "selected" (tests, CLI)
        self.消息: list[str] = []
        self.已打开: list[Path] = []

    @classmethod
    def 模板(cls, 版式名: str = "函数版", *, 金额单位: str = "万元", 口径: str = "财政部") -> 文件工作簿:
        """A workbook fresh from ``jixiao build`` (in memory)."""

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

        cell = self.wb[表][地址]
        cell.value = 文字
        cell.hyperlink = Hyperlink(ref=地址, location=目标, display=文字)
        cell.style = "Hyperlink"

    def 新建表单(self, 名称: str, 版式名: str, 之后: str | None) -> None:

        at = self.wb.sheetnames.index(之后) + 1 if 之后 else len(self.wb.sheetnames)
        ws = self.wb.create_sheet(名称, at)
        渲染(ws, 自评表样(版式表[版式名], None, 标题=名称))

    def 新建清单(self, 表单表: list[str]) -> None:

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
        """The core's value of every formula the template put in the workbook (no engine needed)."""
        self.缓存 = 工作簿计算值(self.wb)

    def _写临时(self, folder: Path, 只含: Sequence[str] | None) -> Path:
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
        return 保存自评表(wb, target, 时间=None)  # every formula cell with its value

    def 快照(self, 目录: Path, 只含: Sequence[str] | None = None) -> Path:
        return self._写临时(Path(目录), 只含)

    def 导出pdf(self, 表们: Sequence[str], 路径: Path, office: Any = None) -> Path:
        """PDF of the given sheets, one form per page as printed, computed by LibreOffice."""
        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            snapshot = self.快照(Path(tmp))
            return 转pdf(snapshot, Path(路径), office=office, 只含=list(表们))

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
    return openpyxl.load_workbook(buffer, keep_vba=bool(getattr(wb, "vba_archive", None)))


