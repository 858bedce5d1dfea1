"""Read workbooks made from the template back into :class:`udfs.forms.自评表`.

(Sheets of the evaluation-system workbook are read by :mod:`.system`; :mod:`.workbook` chooses.)

Cells are found by their sheet-scoped defined names (项目名称, 全年预算数,
资金表, 指标表 …) and the header texts above 资金表 and 指标表, never by fixed
addresses, so rows inserted into the indicator table or a moved block are
read correctly.  Every value carries its cell address in ``位置`` (as
``'表名'!E6``), so audit findings name the cell.

The computed cells (执行率, 得分, 总分, 等级) are what the form *states*.  A
cell that still holds the template's formula states what that formula
computes, which the reader evaluates with the scoring core (the 函数版 calls
the core; the 兼容版's native formulas are proven equal to it), so a workbook
fresh from ``jixiao fill`` — which has no cached values — reads the same as
one saved by Excel.  A cell whose formula was replaced by a number or by
another formula states that number, or the value Excel or LibreOffice cached
for it, and the audit checks it like any stated score.  A formula that gives
an error text (#指标不适用) states nothing: the audit then reports the cause.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from udfs.amounts import 是占位符
from udfs.errors import 表单格式有误
from udfs.forms import 指标行, 自评表, 资金行, 资金行名称
from udfs.tables import 组合实际值, 组合指标值

from ..form_layout import 兼容版, 函数版, 版式, 版式表, 自评表样, 表单输入, 表头文字
from ..form_values import 表单值
from ..sheetkit import 工作表样
from .cells import 名称表, 网格, 规范公式

__all__ = ["空白表", "读取表单表"]

_必需名称 = ("项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "资金表", "指标表")
_资金列 = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


class _表(名称表):
    """One form sheet: a missing name is an error, and a merged cell reads as its top-left cell."""

    def 区域(self, name: str) -> tuple[int, int, int, int]:
        area = super().区域(name)
        if area is not None:
            return area
        if not self.有(name):
            raise 表单格式有误(
                f"工作表“{self.title}”缺少名称“{name}”（不是由本模板生成，或名称被删除）", str(self.path))
        raise 表单格式有误(f"工作表“{self.title}”的名称“{name}”不指向单元格", str(self.path))

    def 地址(self, name: str) -> str:
        c, r, _, _ = self.区域(name)
        return f"{get_column_letter(c)}{r}"

    def _格(self, addr: str) -> str:
        return self.grid.合并.get(addr, addr)


def _表头(t: _表, row: int) -> dict[str, int]:
    """header text -> column index in ``row`` (the row above a named table)."""
    out: dict[str, int] = {}
    for col, value in t.行(row):
        if isinstance(value, str):
            out.setdefault(re.sub(r"\s", "", value), col)
    return out


def _读表(t: _表, path: Path) -> 自评表 | None:
    for name in _必需名称:
        t.区域(name)
    _, ind_r1, _, ind_r2 = t.区域("指标表")
    header = _表头(t, ind_r1 - 1)
    v: 版式 = 兼容版 if "指标性质" in header else 函数版
    want = {key: 表头文字[key] for key, _ in v.指标列 + v.辅助列 if key not in ("偏差提示", "计分说明", "规则得分")}
    missing = [text for text in want.values() if text not in header]
    if missing:
        raise 表单格式有误(f"工作表“{t.title}”的指标表缺少列：{'、'.join(missing)}", str(path))
    col = {key: get_column_letter(header[text]) for key, text in want.items()}

    def setting(name: str) -> tuple[Any, str | None]:
        return (t.值(t.地址(name)), t.地址(name)) if t.有(name) else (None, None)

    profile_value, _ = setting("口径")
    profile: str | None = None if 是占位符(profile_value) else str(profile_value).strip()
    unit_value, _ = setting("金额单位")
    unit = str(unit_value).strip() if not 是占位符(unit_value) else "万元"
    year, _ = setting("年度")
    form_id, _ = setting("表单编号")

    # 项目资金
    f_c1, f_r1, _, f_r2 = t.区域("资金表")
    fund_header = _表头(t, f_r1 - 1)
    funds: dict[str, 资金行] = {}
    for r in range(f_r1, f_r2 + 1):
        label = t.值(f"{get_column_letter(f_c1)}{r}")
        fund_name = 资金行名称(str(label or ""))
        if fund_name is None:
            continue
        fund = 资金行(fund_name, str(label))
        for key in _资金列:
            if key in fund_header:
                addr = f"{get_column_letter(fund_header[key])}{r}"
                setattr(fund, key, t.值(addr))
                fund.位置[key] = t.位置(addr)
        funds[fund_name] = fund

    # 绩效指标
    rows: list[指标行] = []
    extra: list[dict[str, Any]] = []  # 兼容版: the split cells, for evaluating its formulas
    for r in range(ind_r1, ind_r2 + 1):
        cell = {key: t.值(f"{c}{r}") for key, c in col.items()}
        inputs = [cell.get(k) for k in ("三级", "年度指标值", "指标性质", "指标值", "实际完成值", "分值",
                                        "偏差原因分析及改进措施", "人工得分")]
        if all(是占位符(x) for x in inputs):
            continue  # a spare row of the template: only 一级/二级 filled in
        if v is 兼容版:
            target = 组合指标值(cell["指标性质"], cell["指标值"], cell["度量单位"])
            actual = 组合实际值(cell["实际完成值"], cell["度量单位"], cell["指标性质"])
            target_addr = f"{col['指标值']}{r}"
        else:
            target, actual, target_addr = cell["年度指标值"], cell["实际完成值"], f"{col['年度指标值']}{r}"
        row = 指标行(
            一级=cell["一级"], 二级=cell["二级"], 三级=cell["三级"], 年度指标值=target, 实际完成值=actual,
            分值=cell["分值"], 得分=None, 偏差原因分析及改进措施=cell["偏差原因分析及改进措施"],
            人工得分=cell["人工得分"],
        )
        row.位置 = {key: t.位置(f"{col[key]}{r}") for key in ("一级", "二级", "三级", "实际完成值", "分值", "得分",
                                                              "偏差原因分析及改进措施", "人工得分")}
        row.位置["年度指标值"] = t.位置(target_addr)
        rows.append(row)
        extra.append({"行": r, "完成档次": cell.get("完成档次")})

    header_values = [t.值(t.地址(n)) for n in ("项目名称", "主管部门", "实施单位")]
    amounts = [getattr(f, c) for f in funds.values() for c in ("年初预算数", "全年预算数", "全年执行数")]
    if all(是占位符(x) for x in header_values + amounts) and not rows:
        return None  # the blank template

    form = 自评表(
        id=str(form_id).strip() if not 是占位符(form_id) else t.title,
        项目名称=header_values[0], 主管部门=header_values[1], 实施单位=header_values[2],
        年度=year, 金额单位=unit, 资金=funds,
        预期目标=t.值(t.地址("预期目标")) if t.有("预期目标") else None,
        实际完成情况=t.值(t.地址("实际完成情况")) if t.有("实际完成情况") else None,
        指标=rows, 口径=profile, 来源=str(path),
    )
    form.位置 = {n: t.位置(t.地址(n)) for n in ("项目名称", "主管部门", "实施单位")}
    _陈述值(t, v, form, extra, col, ind_r2 - ind_r1 + 1)
    return form


def _陈述值(t: _表, v: 版式, form: 自评表, extra: list[dict[str, Any]], col: dict[str, str], n: int) -> None:
    """Fill the computed cells' stated values (see the module docstring)."""
    spec, expected = _模板公式(v.名称, n)

    def held(addr: str, value: Any) -> Any:
        """What the cell holds: its formula's value (errors included), or the typed/cached value."""
        formula = t.公式(addr)
        if formula is None:
            return t.值(addr)  # typed over the formula: that is what the form says
        if addr in expected and (formula == expected[addr] or 规范公式(formula) == 规范公式(expected[addr])):
            return value
        return t.缓存(addr)  # someone's own formula: what the engine last computed

    values = 表单值(v, spec, t.值, held)  # what every formula of the template gives on this sheet

    def raw(addr: str) -> Any:
        return held(addr, values.get(addr))

    total = form.资金.get("年度资金总额")
    if total is not None:
        total.执行率 = _错误为空(raw(_纯地址(total.位置["执行率"])))
        total.得分 = _错误为空(raw(_纯地址(total.位置["得分"])))
    for row, more in zip(form.指标, extra):
        row.得分 = _错误为空(raw(f"{col['得分']}{more['行']}"))
    total_addr, grade_addr, weight_addr = t.地址("总得分"), t.地址("等级"), t.地址("分值合计")
    form.总分_得分 = _错误为空(raw(total_addr))
    form.总分_分值 = _错误为空(raw(weight_addr))
    form.等级 = _错误为空(raw(grade_addr))
    form.位置.update({"总分_得分": t.位置(total_addr), "总分_分值": t.位置(weight_addr), "等级": t.位置(grade_addr)})


@functools.lru_cache(maxsize=64)
def _模板公式(variant: str, n: int) -> tuple[工作表样, dict[str, Any]]:
    """The layout of a blank form with ``n`` indicator rows, and what each computed cell holds.

    Cached: a batch reads many forms of a few sizes, and the formulas depend on nothing else
    (the 兼容版 reads the profiles from its 计分口径 sheet, the 函数版 calls the core)."""
    spec = 自评表样(版式表[variant], 表单输入(指标=[{}] * n))
    return spec, {g.ref.split(":")[0]: g.值 for g in spec.格们 if g.键 is not None}


def _纯地址(position: str) -> str:
    return position.rsplit("!", 1)[-1]


def _错误为空(x: Any) -> Any:
    """A computed cell that shows an error text (#指标不适用) or nothing states nothing."""
    return None if x == "" or (isinstance(x, str) and x.startswith("#")) else x


def 空白表(ws: Worksheet) -> bool:
    """A form sheet nothing was typed into (the blank template of a built workbook)."""
    try:
        return _读表(_表(网格.从工作表(ws), Path(ws.title)), Path(ws.title)) is None
    except 表单格式有误:
        return False


def 读取表单表(grid: 网格, path: Path) -> 自评表 | None:
    """The form on one sheet made from the template (None for the blank template)."""
    return _读表(_表(grid, path), path)
