"""Export of the completed forms: PDF, a macro-free .xlsx (无宏版), JSON and CSV.

* PDF — one form per page as printed (the template's page setup fits each form on
  one A4 page).  Outside Excel LibreOffice computes and prints it, with the project's
  functions bridged in (:func:`workbook_templates.engine.启动`); a batch keeps one
  LibreOffice warm (pass ``office``).
* 无宏版 — the same workbook, same layout and styles, every formula replaced by its
  value, no VBA project, no ribbon, no external links, so anyone can open it in
  anything.  The values are the ones Excel or LibreOffice cached in the file; where
  a file has none (written by openpyxl), LibreOffice computes them.
* JSON — the forms in the audit's input schema (``jixiao audit`` reads it back).
* CSV — one row per indicator; text that starts with = + - @ (or a tab or carriage
  return) is prefixed with ' so that a spreadsheet shows it instead of running it.

Outputs go next to the input with a clear suffix and never over it; every file is
written to a temporary name and renamed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from udfs.audit import json数值, 审核
from udfs.errors import 表单格式有误
from udfs.evaluation import 体系转字典, 评价体系
from udfs.forms import 自评表, 表单转字典
from workbook_templates.build import 生成工作簿
from workbook_templates.engine import 公式值
from workbook_templates.files import 原子写入, 是输入文件
from workbook_templates.fill import 填入
from workbook_templates.form_layout import 函数版
from workbook_templates.package_patch import 无缓存公式
from workbook_templates.readers.cells import 载入
from workbook_templates.readers.csv_file import CSV列
from workbook_templates.render import 保存
from workbook_templates.sheetkit import 输出标记名

__all__ = [
    "CSV列",
    "中和",
    "写csv",
    "写json",
    "写无宏版",
    "填入模板",
    "无宏版标记",
    "输出路径",
]

无宏版标记 = "无宏版"


def 输出路径(输入: str | Path, 后缀: str, 扩展名: str, 目录: str | Path | None = None) -> Path:
    """``<输入 stem><后缀><扩展名>`` beside the input (or in ``目录``); never the input itself."""
    source = Path(输入).resolve()  # "批次/../表.xlsx" is said as the folder it is
    folder = Path(目录).resolve() if 目录 is not None else source.parent
    target = folder / f"{source.stem}{后缀}{扩展名}"
    if target == source:
        raise 表单格式有误("输出文件会覆盖输入文件，请用 --out 指定其他目录", str(source))
    return target


def _检查(target: Path, sources: Iterable[Path]) -> Path:
    target = Path(target).absolute()
    if 是输入文件(target, sources):
        raise 表单格式有误("输出文件不能是输入文件", str(target))
    return target


# --- JSON and CSV ---------------------------------------------------------------------------


def _json值(x: Any) -> Any:
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    return str(x)


def 写json(items: list, 输出: Path, sources: Iterable[Path] = ()) -> Path:
    """Forms in the audit's input schema, ``{"forms": [...]}``; evaluation systems, if any,
    under ``"systems"`` (their own schema, :func:`udfs.evaluation.体系转字典`)."""

    target = _检查(输出, sources)
    data: dict[str, Any] = {}
    forms = [x for x in items if isinstance(x, 自评表)]
    systems = [x for x in items if isinstance(x, 评价体系)]
    if forms or not systems:
        data["forms"] = [表单转字典(f) for f in forms]
    if systems:
        data["systems"] = [体系转字典(s) for s in systems]
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json值)
    return 原子写入(target, (text + "\n").encode("utf-8"))


def 中和(value: Any) -> Any:
    """A cell safe for a spreadsheet: text starting with = + - @ (or tab, CR) gets a leading '.

    >>> 中和("=100%"), 中和("-1年"), 中和("@SUM(A1)"), 中和("≥90%"), 中和(-1)
    ("'=100%", "'-1年", "'@SUM(A1)", '≥90%', -1)
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def 写csv(forms: list[自评表], 输出: Path, sources: Iterable[Path] = (), 口径: str | None = None) -> Path:
    """One row per indicator, with the audit's score beside the stated one (UTF-8 with BOM for Excel); each
    row repeats its form's header and 年度资金总额 row, so the list reads back into forms
    (:mod:`workbook_templates.readers.csv_file`, which declares the columns)."""
    target = _检查(输出, sources)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV列)
    for form in forms:
        result = 审核(form, 口径)
        total = form.资金.get("年度资金总额")
        funds = [getattr(total, k, None) for k in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]
        for row, scored in zip(form.指标, result.指标):
            cell = row.位置.get("得分", "")
            values = (
                Path(form.来源).name if form.来源 else "", form.id, form.项目名称, form.主管部门, form.实施单位,
                form.年度, form.金额单位, *funds, form.总分_得分, form.等级,
                row.一级, row.二级, row.三级, row.年度指标值, row.实际完成值, row.分值,
                row.得分, row.人工得分, json数值(scored.得分), row.偏差原因分析及改进措施, cell,
            )
            writer.writerow(["" if v is None else 中和(v) for v in values])
    return 原子写入(target, buffer.getvalue().encode("utf-8-sig"))


# --- values of formulas ---------------------------------------------------------------------


def _公式格(wb) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        cells = [c.coordinate for row in ws.iter_rows() for c in row
                 if (c.data_type == "f" and isinstance(c.value, str)) or isinstance(c.value, ArrayFormula)]
        if cells:
            out[ws.title] = cells
    return out


def _值们(source: Path, wb, office: Any) -> dict[str, dict[str, Any]]:
    """Values of the formula cells: those cached in the file, or computed by LibreOffice."""
    formulas = _公式格(wb)
    if not formulas:
        return {}
    # the cached values, read in read-only mode (fast: no styles)
    cached = openpyxl.load_workbook(source, read_only=True, data_only=True)
    values: dict[str, dict[str, Any]] = {}
    try:
        for sheet, cells in formulas.items():
            wanted = set(cells)
            ws = cached[sheet]
            ws.reset_dimensions()
            values[sheet] = {c.coordinate: c.value for row in ws.iter_rows() for c in row
                             if getattr(c, "coordinate", None) in wanted}
    finally:
        cached.close()
    named_error = any(v == "#NAME?" for cells in values.values() for v in cells.values())
    if 无缓存公式(source) or named_error:
        # written without values (openpyxl) or by an Excel without the functions: compute
        values = 公式值(source, formulas, office)
    return values


def _数值副本(源: Path, office: Any = None):
    """The workbook with every formula replaced by its value."""
    source = Path(源)
    wb = 载入(source)  # keep_vba=False: no VBA project, no ribbon part
    values = _值们(source, wb, office)
    for sheet, cells in _公式格(wb).items():
        ws = wb[sheet]
        for addr in cells:
            cell = ws[addr]
            value = values.get(sheet, {}).get(addr)
            if isinstance(cell.value, ArrayFormula):
                cell.value = None
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a value, even when it starts with "="
    wb.calculation.fullCalcOnLoad = False
    return wb


def 写无宏版(源: Path, 输出: Path, office: Any = None) -> Path:
    """The macro-free copy of a workbook (see the module docstring)."""
    source = Path(源)
    target = _检查(输出, [source])
    if target.suffix.lower() != ".xlsx":
        raise 表单格式有误("无宏版应保存为 .xlsx", str(target))
    wb = _数值副本(source, office)
    # no links to other workbooks, no names that need them
    wb._external_links = []
    for name in [n for n, dn in wb.defined_names.items() if "[" in (dn.attr_text or "") or n == "jixiao_模板"]:
        del wb.defined_names[name]
    for ws in wb.worksheets:
        for name in [n for n, dn in ws.defined_names.items() if "[" in (dn.attr_text or "")]:
            del ws.defined_names[name]
    wb.defined_names[输出标记名] = DefinedName(输出标记名, attr_text=f'"{无宏版标记}"', hidden=True)
    return 保存(wb, target, 时间=None)


# --- PDF ----------------------------------------------------------------------------------------


def 填入模板(forms: list[自评表], 目录: Path, 名称: str = "自评表") -> Path:
    """Forms of any source filled into a fresh template workbook (函数版), for PDF and 无宏版."""
    if not forms:
        raise 表单格式有误("没有可导出的自评表", 名称)
    folder = Path(目录)
    template = 保存(生成工作簿(函数版), folder / "模板.xlsx")
    target = folder / f"{名称}.xlsx"
    填入(template, forms, target)
    return target
