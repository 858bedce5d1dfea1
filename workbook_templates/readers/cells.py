"""What the workbook readers share: opening a workbook, its names, a sheet read by its names.

A workbook made by ``jixiao build`` marks its form sheets with the sheet-scoped name 指标表
and its evaluation-system sheets with 体系表 (:data:`模板名称`); :func:`工作簿名称` reads
those names from ``xl/workbook.xml`` without loading the workbook, so the reader can choose
how to read each sheet before paying for it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import ElementTree
from defusedxml.common import EntitiesForbidden
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from udfs.errors import 表单格式有误

from ..sheetkit import 表引用

__all__ = ["名称表", "工作簿名称", "是数", "模板名称", "模板表", "规范公式", "载入"]

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
            with zipfile.ZipFile(path) as z:
                root = ElementTree.fromstring(z.read("xl/workbook.xml"))
        except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as exc:
            raise 表单格式有误(f"不是有效的 Excel 工作簿（{type(exc).__name__}）", str(path)) from None
        except EntitiesForbidden:
            raise 表单格式有误("工作簿含有实体声明（可能是恶意构造的文件），拒绝读取", str(path)) from None
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


模板名称 = ("指标表", "体系表")  # sheet-scoped names of template form sheets and evaluation-system sheets


def 模板表(path: str | Path) -> list[str]:
    """Sheets of a workbook made from the templates (they carry the name 指标表 or 体系表)."""
    return 工作簿名称.读取(Path(path)).模板表()


def 载入(path: Path, **kw: Any) -> Workbook:
    try:
        return openpyxl.load_workbook(path, **kw)
    except Exception as exc:  # noqa: BLE001 - zip or XML damage of any kind: say which file
        raise 表单格式有误(f"无法打开工作簿（{type(exc).__name__}: {exc}）", str(path)) from None


class 名称表:
    """A sheet read by its sheet-scoped names: values (blank text is empty), cells as '表'!A1, cached values.

    Both template readers use it (:mod:`.template`, :mod:`.system`)."""

    def __init__(self, ws: Worksheet, cached: Callable[[], Workbook] | None, path: Path):
        self.ws, self._cached, self.path = ws, cached, path
        self.ref = 表引用(ws.title)

    def 区域(self, name: str) -> tuple[int, int, int, int] | None:
        dn = self.ws.defined_names.get(name)
        if dn is None:
            return None
        for _, ref in dn.destinations:
            return range_boundaries(ref.replace("$", ""))  # type: ignore[return-value]
        return None

    def 地址(self, name: str) -> str | None:
        area = self.区域(name)
        return f"{get_column_letter(area[0])}{area[1]}" if area else None

    def _格(self, addr: str) -> str:
        """The cell that holds what ``addr`` shows."""
        return addr

    def 值(self, addr: str) -> Any:
        value = self.ws[self._格(addr)].value
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def 位置(self, addr: str) -> str:
        return f"{self.ref}!{addr}"

    def 公式(self, addr: str) -> str | None:
        value = self.ws[addr].value
        return value if isinstance(value, str) and value.startswith("=") else None

    def 缓存(self, addr: str) -> Any:
        if self._cached is None:
            raise AssertionError("no cached values here")
        return self._cached()[self.ws.title][addr].value


def 规范公式(text: str) -> str:
    """Formula text as Excel, LibreOffice and openpyxl may store it: compare what matters."""
    text = re.sub(r"_xl(?:fn|udf|ws)\.|\[\d+\]!|\$|\s", "", text)
    return re.sub(r"[A-Za-z]+(?=\()", lambda m: m[0].upper(), text)


def 是数(x: Any) -> bool:
    return isinstance(x, (int, float, Decimal)) and not isinstance(x, bool)
