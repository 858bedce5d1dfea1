"""``jixiao build`` for the 自评表: the function build and the compatibility build of the blank form.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in 生成(out)]
['项目支出绩效自评表.xlsx', '项目支出绩效自评表_兼容版.xlsx']
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from udfs.errors import 表单格式有误
from udfs.profiles import 取口径

from . import form_compat as compat
from .form_layout import 兼容版, 函数版, 清单样, 版式, 自评表样, 表单输入
from .form_values import 保存自评表
from .render import 作者, 固定时间, 渲染
from .sheetkit import 模板标记名, 模板版本

__all__ = ["模板表名", "生成", "生成工作簿"]

模板表名 = "自评表"


def 生成工作簿(v: 版式, *, 金额单位: str = "万元", 口径: str = "财政部") -> Workbook:
    """A built workbook: 自评清单, one blank 自评表, (兼容版) 计分口径."""
    wb = Workbook()
    wb.remove(wb.active)
    summary = wb.create_sheet("自评清单")
    form = wb.create_sheet(模板表名)
    渲染(form, 自评表样(v, 表单输入(金额单位=金额单位, 口径=口径), 标题=模板表名))
    if v is 兼容版:
        渲染(wb.create_sheet("计分口径"), compat.口径表样())
    渲染(summary, 清单样([模板表名]))
    wb.active = wb.index(form)
    wb.defined_names[模板标记名] = DefinedName(模板标记名, attr_text=f'"{v.名称}|{模板版本}"', hidden=True)
    _属性(wb, v)
    return wb


def _属性(wb: Workbook, v: 版式) -> None:
    props = wb.properties
    props.title = "项目支出绩效自评表" + ("（兼容版）" if v is 兼容版 else "")
    props.subject = "项目支出绩效自评"
    props.creator = props.lastModifiedBy = 作者
    props.keywords = f"jixiao {v.名称} 模板版本{模板版本}"
    props.created = props.modified = 固定时间


def 生成(输出目录: str | Path, *, 金额单位: str = "万元", 口径: str = "财政部") -> list[Path]:
    """``jixiao build``: write both distributable workbooks into ``输出目录``."""
    if 金额单位 not in ("万元", "元"):
        raise 表单格式有误(f"金额单位'{金额单位}'不受支持（可用：万元、元）", "金额单位")
    取口径(口径)  # a clear error for an unknown profile
    out = Path(输出目录)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for v in (函数版, 兼容版):
        path = out / v.文件名
        保存自评表(生成工作簿(v, 金额单位=金额单位, 口径=口径), path)
        written.append(path)
    return written


