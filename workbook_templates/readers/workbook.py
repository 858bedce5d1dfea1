"""Workbooks (.xlsx, .xlsm): each sheet read by the reader its layout needs.

A sheet made from a template carries a sheet-scoped name that says which
(:data:`按版式`): 指标表 — a 自评表 form sheet (:mod:`.template`), 体系表 — an
evaluation-system sheet (:mod:`.system`).  Every other sheet is read by its printed
labels (:mod:`.labels`), so a workbook may mix template sheets with a unit's own
layouts.  A summary this tool wrote (marked with :data:`~workbook_templates.sheetkit.输出标记名`)
holds no forms.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from udfs.errors import 表单格式有误

from ..form_layout import 清单名称
from ..sheetkit import 输出标记名
from . import labels, system, template
from .cells import 工作簿名称, 模板名称, 读取网格

__all__ = ["按版式", "读取", "读取模板"]

# sheet-scoped name of a template sheet -> the reader of that sheet
按版式: dict[str, Callable[..., Any]] = {
    "指标表": template.读取表单表,
    "体系表": system.读取体系表,
}
assert tuple(按版式) == 模板名称


def 读取(path: str | Path) -> list[Any]:
    """Every filled form (自评表) and evaluation system (评价体系) of a workbook, in sheet order."""
    path = Path(path)
    names = 工作簿名称.读取(path)
    if names.名称.get(输出标记名) == "汇总":
        return []  # a summary this tool wrote: no forms in it, nothing wrong with it
    template_sheets = names.模板表()
    items: list[Any] = []
    if template_sheets:
        items += 读取模板(path, names)
    skip = set(template_sheets) | set(names.有名称的表(清单名称))  # the 自评清单 lists forms, holds none
    if any(name not in skip for name in names.表名):
        others = labels.读取工作簿(path, skip=skip)
        items += labels.编号(others, str(path)) if others else []
    if not items and not template_sheets:
        raise 表单格式有误(
            "找不到自评表（找不到名称“指标表”，工作表中也没有“项目名称”“年初预算数”“三级指标”等标签）；"
            "请用 jixiao build 生成的模板填写，或检查表头文字",
            str(path),
        )
    return items


def 读取模板(path: str | Path, names: 工作簿名称 | None = None) -> list[Any]:
    """The forms and systems of the template sheets only (a workbook made by ``jixiao build`` / ``fill``);
    ``names``: the workbook's names when the caller has read them already."""
    path = Path(path)
    names = names or 工作簿名称.读取(path)
    sheets = names.模板表()
    if not sheets:
        raise 表单格式有误(
            "工作簿中没有由模板生成的自评表或评价体系（找不到名称“指标表”或“体系表”）；请用 jixiao build 生成的模板填写",
            str(path))
    items = []
    for grid in 读取网格(path, sheets, names):  # one read-only pass per sheet: formulas and cached values
        kind = next(name for name in 按版式 if name in grid.名称)
        item = 按版式[kind](grid, path)
        if item is not None:
            items.append(item)
    return items
