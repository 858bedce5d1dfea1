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

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # workbook_templates.engine.office is only needed where LibreOffice runs
    from workbook_templates.engine.office import Office, UdfSpec

__all__ = ["udf_specs", "可变参数上限", "启动", "项目根目录"]

可变参数上限 = 8


def 项目根目录() -> Path:
    """The directory holding the ``udfs`` package (goes on LibreOffice's sys.path)."""
    import udfs

    return Path(udfs.__file__).resolve().parent.parent


def udf_specs() -> list[UdfSpec]:
    import udfs
    from workbook_templates.engine.bridge import UdfSpec

    return [UdfSpec.from_function(getattr(udfs, f.名称), 可变参数上限) for f in udfs.函数清单()]


def 启动(**options: Any) -> Office:
    """An started ``Office`` that computes the 函数版 formulas with this project's ``udfs``."""
    from workbook_templates.engine.office import Office

    office = Office(udf_module="udfs", udf_specs=udf_specs(), sys_path=[项目根目录()], **options)
    return office.start()
