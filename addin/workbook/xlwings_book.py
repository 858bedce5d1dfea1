""":class:`Excel工作簿`: the workbook interface over the live workbook in Excel (``xlwings.Book``).

Runs only inside Excel on Windows or macOS; nothing here can be exercised on Linux.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from workbook_templates.build import 模板表名, 生成工作簿
from workbook_templates.files import 写到旁边
from workbook_templates.form_layout import 清单样, 版式表
from workbook_templates.render import 保存

from .protocol import 标记公式, 标记样式

__all__ = ["Excel工作簿"]

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
