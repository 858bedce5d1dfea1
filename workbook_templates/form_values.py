"""What every computed cell of a 自评表 sheet shows, computed by the scoring core.

A workbook written by this project carries, in each formula cell, the value that formula
gives (Excel calls it the cached value): so the numbers travel with the file and show
wherever it is opened — Excel without the add-in, WPS, LibreOffice, a previewer, openpyxl's
``data_only`` — and nothing forces a full recalculation on open.  The values are the core's:
each formula of the layout (:mod:`workbook_templates.form_layout`, :mod:`.form_compat`) has a
key, and this module gives the value of each key, cell by cell.  The tests hold LibreOffice's
recalculation of both builds against these values, so "what the formula shows" and "what the
core computes" are proven to be one thing.

The same values serve the template reader: a cell that still holds the template's formula
states what that formula computes (:mod:`workbook_templates.readers.template`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

import udfs
from udfs.amounts import 保留两位, 可选数字, 是占位符
from udfs.errors import 绩效自评错误
from udfs.functions import 表内分隔
from udfs.profiles import 取口径, 口径列表, 默认口径
from udfs.scoring import 指标计分
from udfs.tables import 组合实际值, 组合指标值

from .form_layout import 兼容版, 函数版, 字段列, 清单样, 版式, 版式表, 自评表样, 表单输入, 首行
from .package_patch import 写入缓存值
from .readers.cells import 规范公式
from .render import 保存
from .sheetkit import 工作表样, 模板标记名

__all__ = ["兼容得分", "保存自评表", "工作簿计算值", "清单值", "表单值", "计算标识"]

读格 = Callable[[str], Any]  # an address ("E13") -> what the cell holds


def _是数(x: Any) -> bool:
    return isinstance(x, (int, float, Decimal)) and not isinstance(x, bool)


def _数(x: Any) -> Any:
    """A cell's number as a cell holds it: 10, not 10.0 or Decimal('10')."""
    if isinstance(x, Decimal):
        x = float(x)
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _空(x: Any) -> bool:
    return x is None or (isinstance(x, str) and x == "")


def _错(x: Any) -> bool:
    return isinstance(x, str) and x.startswith("#")


def _记录(encoded: str, k: int) -> tuple[str, str]:
    """Row k's (得分, 说明) of 指标表计分's text, as the row formulas take them apart."""
    rows, step = 表内分隔
    score, _, why = encoded.split(rows)[k].partition(step)
    return score, why


def _格值(x: Any) -> Any:
    """VALUE() of a record's score: a number where it reads as one, the text otherwise."""
    try:
        return _数(float(x))
    except ValueError:
        return x


class _表:
    """One form sheet: its inputs by defined name and by column, and the values computed so far."""

    def __init__(self, v: 版式, spec: 工作表样, 读: 读格 | None):
        self.v, self.spec = v, spec
        typed = {g.ref.split(":")[0]: g.值 for g in spec.格们 if g.键 is None}
        self.读 = 读 or (lambda addr: typed.get(addr))
        self.cols = 字段列(v)
        self.first = 首行
        self.rows = [g.键[1] for g in spec.格们 if g.键 is not None and g.键[0] == "得分"]
        self.values: dict[str, Any] = {}

    def 名(self, name: str) -> Any:
        ref = self.spec.名称[name].replace("$", "")
        value = self.读(ref)
        return None if isinstance(value, str) and not value.strip() else value

    def 列(self, field: str, r: int) -> Any:
        value = self.读(f"{self.cols[field]}{r}")
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def 口径(self) -> str | None:
        p = self.名("口径")
        return None if 是占位符(p) else str(p).strip()


def 兼容得分(row: dict[str, Any], tier: Any, profile: str | None) -> Any:
    """The 兼容版's score: the core's, except where 完成档次 names another tier than the core reads."""
    tier = None if 是占位符(tier) else str(tier).strip()
    core = udfs.指标得分(row["年度指标值"], row["实际完成值"], row["分值"], profile, row.get("人工得分"))
    try:
        result = 指标计分(row["年度指标值"], row["实际完成值"], row["分值"], profile)
    except 绩效自评错误:
        return core
    if result.类型 != "定性" or tier == result.档次:
        return core
    try:
        chosen = 取口径(profile).档次(tier) if tier else None
    except (KeyError, 绩效自评错误):
        chosen = None
    if chosen is None:
        return "#无法判定档次"
    w = result.分值
    manual = row.get("人工得分")
    if 是占位符(manual):
        return float(保留两位(chosen.默认 * w))
    if not _是数(manual):
        return "#数值无法识别"
    m = 可选数字(manual)
    assert m is not None
    if not (保留两位(chosen.下限 * w) <= m <= 保留两位(chosen.上限 * w)):
        return "#人工得分无效"
    return float(保留两位(m))


显示格 = Callable[[str, Any], Any]  # (address, the formula's value) -> what the cell shows


def 表单值(v: 版式, spec: 工作表样, 读: 读格 | None = None, 显示: 显示格 | None = None) -> dict[str, Any]:
    """address -> value of every formula cell of one form sheet (both builds).

    ``spec`` is the sheet's layout (:func:`workbook_templates.form_layout.自评表样`) and ``读``
    gives what an input cell holds (default: the inputs the layout itself was filled with).
    ``显示`` says what a formula cell shows when someone typed over it or changed its formula
    (default: the formula's value); the cells that depend on it (偏差提示, 总分, 等级) use that.
    """
    t = _表(v, spec, 读)
    compat = v is 兼容版
    spent, budget, weight = t.名("全年执行数"), t.名("全年预算数"), t.名("执行率分值")
    unit, profile = t.名("金额单位") or "万元", t.口径
    out: dict[str, Any] = {}
    by_key: dict[tuple[str, int | None], str] = {g.键: g.ref.split(":")[0] for g in spec.格们 if g.键 is not None}

    def put(key: str, r: int | None, value: Any) -> Any:
        """Record the formula's value; return what the cell shows."""
        addr = by_key.get((key, r))
        if addr is None:
            return value
        out[addr] = value
        return 显示(addr, value) if 显示 is not None else value

    year = t.名("年度")
    put("副标题", None, "（      年度）" if _空(year) else f"（{_数(year)}年度）")
    put("资金标签", None, f"项目资金\n（{unit}）")
    profile_row: Any = None
    if compat:
        names = 口径列表()
        chosen = profile or 默认口径
        profile_row = names.index(chosen) + 1 if chosen in names else "#口径不存在"
        put("口径行", None, profile_row)

    # 执行率 and its score
    if _空(budget):
        rate: Any = ""
        rate_score: Any = ""
    elif compat and (not _是数(budget) or not (_是数(spent) or _空(spent))):
        rate = rate_score = "#数值无法识别"
    else:
        rate = udfs.执行率(spent, budget, unit)
        rate_score = "" if rate == "" else udfs.执行率得分(spent, budget, weight, profile, unit)
        if compat and isinstance(profile_row, str):
            rate_score = profile_row
    put("预算执行率", None, _数(rate))
    rate_score = put("预算执行率得分", None, _数(rate_score))

    # the indicator rows
    fields = ("年度指标值", "实际完成值", "分值", "人工得分", "偏差原因分析及改进措施", "完成档次",
              "指标性质", "指标值", "度量单位")
    rows = []
    for r in t.rows:
        row = {f: t.列(f, r) for f in fields if f in t.cols}
        if compat:  # the split columns read as one value, as the 兼容版's formulas read them
            row["年度指标值"] = 组合指标值(row["指标性质"], row["指标值"], row["度量单位"])
            row["实际完成值"] = 组合实际值(row["实际完成值"], row["度量单位"], row["指标性质"])
        rows.append(row)
    scores: list[Any] = []
    if not compat:
        encoded = udfs.指标表计分([[x["年度指标值"]] for x in rows], [[x["实际完成值"]] for x in rows],
                             [[x["分值"]] for x in rows], profile, [[x["人工得分"]] for x in rows])
        put("计分结果", None, encoded)
        for k, (r, row) in enumerate(zip(t.rows, rows), 1):
            score, why = _记录(encoded, k) if isinstance(encoded, str) and encoded.startswith(表内分隔[0]) else (
                encoded, encoded)
            scores.append(put("得分", r, _格值(score)))
            put("计分说明", r, why)
    else:
        for r, row in zip(t.rows, rows):
            rule = 兼容得分({**row, "人工得分": None}, row["完成档次"], profile)
            score = 兼容得分(row, row["完成档次"], profile)
            if isinstance(profile_row, str):
                rule = score = profile_row
            put("规则得分", r, _数(rule))
            scores.append(put("得分", r, _数(score)))
    for r, row, score in zip(t.rows, rows, scores):
        put("偏差提示", r, udfs.偏差提示(row["分值"], score, row["偏差原因分析及改进措施"]))

    # totals
    weights = [weight, *(row["分值"] for row in rows)]
    put("分值合计", None, _数(sum((Decimal(repr(w)) if isinstance(w, float) else Decimal(w) for w in weights
                                if _是数(w)), Decimal(0))))
    if _空(budget):
        total: Any = ""
    elif _错(rate_score):
        total = "#请改正执行率"
    elif any(_错(s) for s in scores):
        first = next(r for r, s in zip(t.rows, scores) if _错(s))
        total = f"#请改正第{first}行"
    else:  # SUM of what the cells show: numbers only
        total = _数(保留两位(sum((Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
                                for x in (rate_score, *scores) if _是数(x)), Decimal(0))))
    total = put("总得分", None, total)
    if _空(total) or _错(total):
        grade: Any = ""
    elif compat and isinstance(profile_row, str):
        grade = profile_row
    else:
        grade = udfs.评价等级(total, profile)
    put("等级", None, grade)
    weights = [weight, *(row["分值"] for row in rows)]
    if all(_空(w) or _是数(w) for w in weights) and round(sum(float(w) for w in weights if _是数(w)), 6) == 100:
        check: Any = ""  # the formula's native branch
    else:
        check = udfs.分值检查(weight, [[row["分值"]] for row in rows], profile)
    put("分值检查", None, profile_row if compat and isinstance(profile_row, str) else check)
    return out


def 清单值(spec: 工作表样, 表们: dict[str, tuple[工作表样, dict[str, Any], 读格]]) -> dict[str, Any]:
    """address -> value of the 自评清单's formulas; ``表们``: sheet -> (its layout, its values, its inputs)."""
    out: dict[str, Any] = {}
    for g in spec.格们:
        if g.键 is None:
            continue
        key, index = g.键
        sheet = list(表们)[(index or 1) - 1] if 表们 else None
        if sheet is None:
            continue
        layout, values, read = 表们[sheet]

        def 名(name: str, layout: 工作表样 = layout, read: 读格 = read) -> Any:
            return read(layout.名称[name].replace("$", ""))

        def 值(name: str, layout: 工作表样 = layout, values: dict[str, Any] = values) -> Any:
            return values.get(layout.名称[name].replace("$", ""))

        addr = g.ref.split(":")[0]
        if key == "清单实施单位":
            out[addr] = "" if _空(名("实施单位")) else str(名("实施单位"))
        elif key == "清单标题":
            year = 名("年度")
            out[addr] = ("" if _空(year) else f"{_数(year)}年度") + "项目支出绩效自评清单"
        elif key == "清单项目名称":
            out[addr] = "" if _空(名("项目名称")) else str(名("项目名称"))
        elif key == "清单全年预算数":
            out[addr] = "" if _空(名("全年预算数")) else _数(名("全年预算数"))
        elif key == "清单金额单位":
            out[addr] = "" if _空(名("金额单位")) else str(名("金额单位"))
        elif key in ("清单执行率", "清单总分", "清单等级"):
            name = {"清单执行率": "预算执行率", "清单总分": "总得分", "清单等级": "等级"}[key]
            out[addr] = 值(name)
    return out


def 工作簿计算值(wb: Workbook) -> dict[str, dict[str, Any]]:
    """sheet -> {address: value} for every formula the template put in an openpyxl workbook.

    Each form sheet is matched with the layout of its build and row count; a cell whose
    formula someone changed is left out (its value is not the core's to give)."""
    variant = _版式(wb)
    out: dict[str, dict[str, Any]] = {}
    sheets: dict[str, tuple[工作表样, dict[str, Any], 读格]] = {}
    for ws in wb.worksheets:
        if "指标表" not in ws.defined_names:
            continue
        (_, ref), = ws.defined_names["指标表"].destinations
        first, _, last = ref.replace("$", "").partition(":")
        r1, r2 = ws[first].row, ws[last].row
        v = variant or (兼容版 if ws.cell(r1 - 1, 5).value == "指标性质" else 函数版)
        if r1 != 首行:
            continue  # not the template's shape: nothing to match
        spec = 自评表样(v, 表单输入(指标=[{}] * (r2 - r1 + 1)), 标题=ws.title)

        def read(addr: str, ws: Any = ws) -> Any:
            return ws[addr].value

        expected = {g.ref.split(":")[0]: g.值 for g in spec.格们 if g.键 is not None}

        def shown(addr: str, value: Any, ws: Any = ws, expected: dict[str, Any] = expected) -> Any:
            held = ws[addr].value
            if isinstance(held, str) and 规范公式(held) == 规范公式(expected.get(addr) or ""):
                return value
            return None if isinstance(held, str) and held.startswith("=") else held  # typed over, or another formula

        values = 表单值(v, spec, read, shown)
        out[ws.title] = _同公式(ws, spec, values)
        sheets[ws.title] = (spec, values, read)
    if "自评清单" in wb.sheetnames and sheets:
        ws = wb["自评清单"]
        listed = [ws.cell(r, 8).value for r in range(4, ws.max_row + 1) if ws.cell(r, 8).value in sheets]
        spec = 清单样(listed)
        values = 清单值(spec, {name: sheets[name] for name in listed})
        out["自评清单"] = _同公式(ws, spec, values)
    return out


def _版式(wb: Workbook) -> 版式 | None:
    marker = wb.defined_names.get(模板标记名)
    name = (marker.attr_text or "").strip('"').partition("|")[0] if marker is not None else ""
    return 版式表.get(name)


def _同公式(ws: Any, spec: 工作表样, values: dict[str, Any]) -> dict[str, Any]:
    """The values of the cells that still hold the layout's formula."""
    expected = {g.ref.split(":")[0]: g.值 for g in spec.格们 if g.键 is not None}
    return {addr: value for addr, value in values.items()
            if isinstance(ws[addr].value, str) and 规范公式(ws[addr].value) == 规范公式(expected.get(addr) or "")}


计算标识 = 191029  # calcId of current Excel (2019/2021/365): no version recalculates everything on open


def 保存自评表(wb: Workbook, path: str | Path, **options: Any) -> Path:
    """Save a 自评表 workbook (:func:`workbook_templates.render.保存`) with the core's value in every
    formula cell the template put there, and the calculation settings of a file Excel saved:
    no ``fullCalcOnLoad`` and a current ``calcId`` (docs/excel-recalc.md says why)."""
    values = 工作簿计算值(wb)
    if values:  # a workbook of other sheets only (评价体系) keeps its own settings
        wb.calculation.fullCalcOnLoad = None  # absent: the default, no recalculation on load
        wb.calculation.calcId = 计算标识
    target = 保存(wb, path, **options)
    写入缓存值(target, values)
    return target
