"""The project's Excel functions inside LibreOffice (the real spreadsheet engine).

``workbook_templates.engine.office.Office`` starts a headless LibreOffice whose profile holds a
Basic module with one function per Python function (``workbook_templates.engine.bridge``);
this module says which functions: every one of :func:`udfs.函数清单`, with the
same names and argument counts as in Excel.  ``总分(*得分)`` takes a variable
number of ranges; Basic has no ParamArray in the bridge, so it gets up to
:data:`可变参数上限` arguments (the first required).

>>> specs = {s.name: s for s in udf_specs()}
>>> specs["执行率得分"].params, specs["执行率得分"].optional_from
(['全年执行数', '全年预算数', '分值', '口径'], 2)
>>> len(specs["总分"].params), specs["总分"].optional_from
(8, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

import udfs
from udfs.errors import 表单格式有误

from ..files import 是输入文件
from ..sheetkit import 输入底色
from .bridge import UdfSpec
from .office import Office

__all__ = ["udf_specs", "公式值", "可变参数上限", "启动", "转pdf", "项目根目录"]

可变参数上限 = 8


def 项目根目录() -> Path:
    """The directory holding the ``udfs`` package (goes on LibreOffice's sys.path)."""
    return Path(udfs.__file__).resolve().parent.parent


def udf_specs() -> list[UdfSpec]:
    return [UdfSpec.from_function(getattr(udfs, f.名称), 可变参数上限) for f in udfs.函数清单()]


def 启动(**options: Any) -> Office:
    """An started ``Office`` that computes the 函数版 formulas with this project's ``udfs``."""
    office = Office(udf_module="udfs", udf_specs=udf_specs(), sys_path=[项目根目录()], **options)
    return office.start()


def 公式值(path: Path, wanted: dict[str, list[str]], office: Office | None = None) -> dict[str, dict[str, Any]]:
    """{sheet: {address: value}} of the ``wanted`` cells, computed by LibreOffice with the
    project's functions bridged in (``office``: a warm one, or one started for this call)."""
    if not wanted:
        return {}
    own = office is None
    if own:
        office = 启动()
    try:
        out: dict[str, dict[str, Any]] = {}
        with office.open(path) as doc:
            doc.recalc()
            for sheet, cells in wanted.items():
                coords = [coordinate_from_string(c) for c in cells]
                cols = [column_index_from_string(c) for c, _ in coords]
                rows = [r for _, r in coords]
                c1, c2, r1, r2 = min(cols), max(cols), min(rows), max(rows)
                block = doc.get_range(sheet, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
                out[sheet] = {
                    cell: _值(block[r - r1][c - c1]) for cell, c, r in zip(cells, cols, rows)
                }
        return out
    finally:
        if own:
            office.close()


def _值(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    return str(value)  # CellError: the text Calc shows (#NAME?, Err:504)


def 转pdf(源: Path, 输出: Path, office: Office | None = None, 只含: Iterable[str] | None = None) -> Path:
    """Sheets of ``源`` (all, or ``只含``) to one PDF, each as its page setup prints it.

    One pass: LibreOffice (with the project's functions) loads and computes the
    workbook and prints only the wanted sheets.
    """
    source = Path(源)
    target = Path(输出).absolute()
    if 是输入文件(target, [source]):
        raise 表单格式有误("输出文件不能是输入文件", str(target))
    own = office is None
    if own:
        office = 启动()
    try:
        with office.open(source) as doc:
            if 只含 is not None:
                missing = set(只含) - set(doc.sheet_names())
                if missing:
                    raise 表单格式有误(f"没有名为“{'、'.join(sorted(missing))}”的工作表", str(source))
            doc.recalc()
            doc.clear_fill([输入底色])  # the input shading is for the screen, not for the printed form
            doc.save_as(target, "pdf", sheets=list(只含) if 只含 is not None else None)
    finally:
        if own:
            office.close()
    return target
