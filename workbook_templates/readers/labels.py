"""Forms in layouts that were not made from the template, found by their labels.

Real units send the 项目支出绩效自评表 in their own workbooks: one form per
sheet behind a 自评清单 (黄山, seed 003, 万元), many forms stacked on one
sheet (上海, seed 004, 元), or a tab-separated text export of such a sheet
(seed 004 itself).  None of them has fixed cell addresses, so a form is found
by what is printed on it: a row holding the label 项目名称 starts a form; the
row holding 年初预算数/全年预算数/全年执行数 heads the 项目资金 block; 预期目标
(or 预算目标) with 实际完成情况 heads the goals; 三级指标 heads the indicator
table, which runs to the 总分 row.

Exports from PDFs shift cells sideways and split a row over two lines, so an
indicator row is read two ways: by the header's columns, and by its shape —
the last two plain numbers are 分值 and 得分, the two cells before them the
年度指标值 and 实际完成值, the cell before those the 三级指标, and anything
further left the 一级/二级 labels.  The column reading is taken when it is
clean (numbers where 分值/得分 are, a name — not a value — as 三级指标),
the shape otherwise.  Merged 一级/二级 cells are printed once per group and
are carried down; a 二级 of the standard list (数量指标 … 服务对象满意度指标)
also names its 一级, so a label printed in the middle of its group
(seed 004) does not put rows under the wrong 一级.

:func:`读取` is the reader registered for .xlsx/.xlsm/.txt/.tsv: a workbook
whose sheets carry the templates' defined name 指标表 (forms) or 体系表
(evaluation systems) goes to the template reader (:mod:`workbook_templates.readers.template`)
first; every other sheet is read by its labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from udfs.amounts import 是占位符, 规范文本
from udfs.errors import 表单格式有误
from udfs.forms import 指标行, 自评表, 资金行
from udfs.qualitative import 升词, 否定词, 平词, 正面词, 达成套语, 降词
from udfs.tables import 列映射, 定标签, 指标单元, 汇总行, 组合指标, 表头分值, 读取说明, 资金行读入, 资金表
from udfs.values import 解析指标值
from udfs.vocabulary import 二级所属, 是信息表头, 标准指标分组, 目标表头, 表头字段, 规范标签

from ..sheetkit import 表引用
from .cells import 载入

__all__ = ["格", "列名", "编号", "解析网格", "读取工作簿"]

# --- cells --------------------------------------------------------------------------


@dataclass(frozen=True)
class 格:
    """One non-empty cell: its value (as the form states it) and where it is."""

    列: int  # 0-based
    值: Any
    地址: str  # "E12" or "'表1'!E12"


@dataclass
class _行:
    号: int  # 0-based row index in the grid
    格们: list[格]

    def 在(self, col: int) -> 格 | None:
        for c in self.格们:
            if c.列 == col:
                return c
        return None


def 列名(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def _标(value: Any) -> str:
    """A label as compared: NFKC, no whitespace (PDF exports break labels over lines)."""
    return re.sub(r"\s", "", 规范文本(str(value))) if value is not None else ""


def _文本(value: Any) -> str:
    return 规范文本(str(value)) if value is not None else ""


_纯数 = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _是数(value: Any) -> bool:
    """A plain number (分值, 得分): 10, 2.5, "97.33" — not "100%", not "4万人"."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    return isinstance(value, str) and bool(_纯数.fullmatch(_文本(value)))


_答词 = 达成套语 | 正面词 | 升词 | 降词 | 平词 | 否定词
_答前缀 = ("基本", "部分", "较为", "大部分", "初步", "不", "未", "尚未", "明显", "显著", "进一步", "有所", "持续")


def _像取值(value: Any) -> bool:
    """Looks like a 年度指标值/实际完成值 rather than an indicator's name."""
    if _是数(value):
        return True
    v = 解析指标值(value)
    if v.类型 in ("定量", "不适用"):
        return True
    text = _标(value)
    core = text
    for p in _答前缀:
        if core.startswith(p) and core[len(p):] in _答词:
            return True
    return core in _答词


# --- labels of the indicator table ----------------------------------------------------

_一级名 = {g for g, _ in 标准指标分组} | {g.removesuffix("指标") for g, _ in 标准指标分组}


def _是一级(value: Any) -> bool:
    return 规范标签(value) in _一级名  # 产出指标(50分) too


def _是标签(value: Any) -> bool:
    return _是一级(value) or 二级所属(value) is not None


# --- header labels --------------------------------------------------------------------

_单位 = re.compile(r"(?:[（(]|单位[:：])\s*(万元|千元|亿元|元)\s*[)）]?")
_年度 = re.compile(r"(\d{4})\s*年度?")
_资金块标题 = ("项目资金", "资金", "预算执行情况", "年度预算数", "资金情况", "资金来源")


def _表头(row: _行, 表: str) -> tuple[dict[str, int], list[str], list[格]]:
    """field -> column of a header row, the information headers, and the cells no one knows."""
    mapping, info, _ = 列映射(((c.值, c.列) for c in row.格们 if not _是数(c.值)), 表)
    left = min(mapping.values(), default=0)  # block titles (绩效指标, 项目资金（万元）) sit left of the table
    unknown = [c for c in row.格们 if c.列 > left and not _是数(c.值) and 表头字段(c.值, 表) is None
               and not 是信息表头(c.值, 表) and c.列 not in mapping.values()]
    return mapping, info, unknown


def _是资金表头(row: _行) -> bool:
    fields = _表头(row, "资金")[0]
    return len(set(fields) & {"年初预算数", "全年预算数", "全年执行数"}) >= 2


def _是指标表头(row: _行) -> bool:
    fields = _表头(row, "指标")[0]
    return "三级" in fields and bool(set(fields) & {"年度指标值", "实际完成值", "指标性质", "分值", "得分"})


def _是字段(value: Any, name: str) -> bool:
    return 表头字段(value, "表单") == name


# --- one form ---------------------------------------------------------------------------


@dataclass
class _读行:
    """One indicator row as read, before 一级/二级 are resolved."""

    行: _行
    一级: Any = None  # printed on this row
    二级: Any = None
    值: dict[str, Any] = field(default_factory=dict)  # 三级, 年度指标值 (or its split parts), 实际完成值 …
    位置: dict[str, str] = field(default_factory=dict)
    空行在前: bool = False

    @property
    def 三级(self) -> Any:
        return self.值.get("三级")

    @三级.setter
    def 三级(self, value: Any) -> None:
        self.值["三级"] = value


class _表单读取:
    def __init__(self, rows: list[_行], start: int, end: int, source: str, where: str, before: list[_行],
                 按列: bool = False):
        self.rows = [r for r in rows if start <= r.号 < end]
        self.按列 = 按列
        self.source, self.where, self.before = source, where, before
        self.notes: list[读取说明] = []

    def 错(self, message: str) -> 表单格式有误:
        return 表单格式有误(f"{self.where}：{message}", self.source)

    def 找行(self, test, after: int = -1) -> _行 | None:
        for r in self.rows:
            if r.号 > after and test(r):
                return r
        return None

    def 读(self) -> 自评表 | None:
        first = self.rows[0]
        name_cell = next(c for c in first.格们 if _是字段(c.值, "项目名称"))
        fund_head = self.找行(_是资金表头)
        ind_head = self.找行(_是指标表头)
        if fund_head is None and ind_head is None:
            return None  # a 自评清单 or another list that names projects: not a form
        if ind_head is None:
            raise self.错("有“项目资金”表，但找不到“三级指标”表头，无法读取绩效指标")
        if fund_head is None or fund_head.号 > ind_head.号:
            raise self.错("找不到“年初预算数”“全年预算数”“全年执行数”等表头，无法读取项目资金")

        form = 自评表(id="", 来源=self.source)
        form.项目名称, form.位置["项目名称"] = self.右侧值(first, name_cell)
        for label in ("主管部门", "实施单位"):
            row = self.找行(lambda r, label=label: any(_是字段(c.值, label) for c in r.格们))
            if row is not None and row.号 < fund_head.号:
                cell = next(c for c in row.格们 if _是字段(c.值, label))
                value, addr = self.右侧值(row, cell)
                setattr(form, label, value)
                if addr:
                    form.位置[label] = addr
        form.年度 = self.年度()
        form.金额单位 = self.单位(fund_head, ind_head)
        total_row = self.找行(lambda r: bool(r.格们) and _标(r.格们[0].值) in ("总分", "合计", "总计", "自评总分", "总分合计"),
                            ind_head.号)
        goal_head = self.找行(
            lambda r: any(表头字段(c.值, "目标") == "预期目标" for c in r.格们)
            and any(表头字段(c.值, "目标") == "实际完成情况" for c in r.格们),
            fund_head.号,
        )
        fund_end = goal_head.号 if goal_head is not None and goal_head.号 < ind_head.号 else ind_head.号
        self.资金(form, fund_head, fund_end)
        if goal_head is not None and goal_head.号 < ind_head.号:
            self.目标(form, goal_head, ind_head)
        end = total_row.号 if total_row is not None else (self.rows[-1].号 + 1)
        self.指标(form, ind_head, end)
        if total_row is not None:
            self.总分(form, total_row)
        form.读取说明 = self.notes
        return form

    def 右侧值(self, row: _行, label: 格) -> tuple[Any, str | None]:
        for c in row.格们:
            if c.列 > label.列:
                return c.值, c.地址
        return None, None

    def 年度(self) -> Any:
        for r in [*self.before, self.rows[0]]:
            for c in r.格们:
                m = _年度.search(_文本(c.值))
                if m and ("年度" in _文本(c.值) or len(r.格们) == 1):
                    return int(m[1])
        return None

    def 单位(self, fund_head: _行, ind_head: _行) -> str:
        for r in self.rows:
            if r.号 > fund_head.号:
                break
            for c in r.格们:
                text = _标(c.值)
                m = _单位.search(text)
                if m and ("资金" in text or "单位" in text):
                    return m[1]
        return "万元"

    def 资金(self, form: 自评表, head: _行, end: int) -> None:
        """Every row under the fund header, whatever its label (udfs.tables.资金表 reads the structure)."""
        cols, _, unknown = _表头(head, "资金")
        self.未知表头(unknown, "项目资金")
        first_amount = min(v for k, v in cols.items())
        rows: list[资金行读入] = []
        for r in self.rows:
            if not head.号 < r.号 < end:
                continue
            labels = [c for c in r.格们 if c.列 < first_amount and not _是数(c.值)
                      and not any(_标(c.值).startswith(t) for t in _资金块标题)]
            amounts = {k: r.在(col) for k, col in cols.items()}
            if not labels and not any(c is not None for c in amounts.values()):
                continue
            label = labels[-1] if labels else None
            got = 资金行读入(str(label.值).strip() if label else "")
            like = label or next(c for c in amounts.values() if c is not None)
            for key, cell in amounts.items():
                got.值[key] = cell.值 if cell else None
                got.位置[key] = _地址(cell, r, cols[key], like)
            if label is not None:
                got.位置["标签"] = label.地址
            rows.append(got)
        funds, notes = 资金表(rows, 资金行)
        form.资金 = funds
        self.notes += notes
        total = funds.get("年度资金总额")
        if total is not None and "分值" not in cols and 是占位符(total.分值):
            weight = next((w for c in head.格们 if 表头字段(c.值, "资金") == "得分" and (w := 表头分值(c.值)) is not None),
                          None)
            if weight is not None:
                total.分值 = str(weight)
                self.notes.append(读取说明("提示", "RATE_WEIGHT_FROM_HEADER",
                                       f"表上没有执行率分值栏，按表头取{weight}分", "年度资金总额", "分值"))

    def 未知表头(self, cells: list[格], table: str) -> None:
        for c in cells:
            self.notes.append(读取说明(
                "警告", "HEADER_UNKNOWN", f"{table}的表头“{_文本(c.值)}”无法识别，该列未读取（请使用标准表头，或告知我们这种写法）",
                table, _文本(c.值), c.地址))

    def 目标(self, form: 自评表, head: _行, ind_head: _行) -> None:
        split = next(c.列 for c in head.格们 if 表头字段(c.值, "目标") == "实际完成情况")
        labels = {"年度总体目标", "总体目标", *(a for aliases in 目标表头.values() for a in aliases)}
        planned: list[str] = []
        actual: list[str] = []
        for r in self.rows:
            if not head.号 < r.号 < ind_head.号:
                continue
            for c in r.格们:
                if _标(c.值) in labels:
                    continue
                (actual if c.列 >= split else planned).append(str(c.值).strip())
        form.预期目标 = "".join(planned) or None
        form.实际完成情况 = "".join(actual) or None

    def 指标(self, form: 自评表, head: _行, end: int) -> None:
        cols, _, unknown = _表头(head, "指标")
        first = head.号 + 1
        sub = next((r for r in self.rows if r.号 == first), None)
        if sub is not None:
            split, _, _ = _表头(sub, "指标")
            if set(split) & {"指标性质", "度量单位"}:  # 年度指标值 spans 指标性质 | 指标值 | 度量单位 below it
                cols.update(split)
                unknown = [c for c in unknown if c.列 not in split.values()]
                first += 1
        self.未知表头(unknown, "绩效指标")
        form.有分值列, form.有得分列 = "分值" in cols, "得分" in cols
        # the 财政部 columns in their order: an export that shifted cells can be read by its shape
        body = [r for r in self.rows if first <= r.号 < end and r.格们]
        standard = [k for k in sorted(cols, key=cols.get) if k not in ("一级", "二级")] == [
            k for k in _指标字段 if k in cols] and {"分值", "得分"} <= set(cols)
        if standard and self.按列:
            # a workbook whose scored rows all sit in their columns is read by its columns only (its
            # placeholder rows are rows); one that holds a PDF export's shifted cells needs the shapes
            scored = [r for r in body if sum(_是数(c.值) for c in r.格们) >= 2]
            standard = not all(_按列(r, r.格们, cols) for r in scored)
        read: list[_读行] = []
        blank_before = False
        pending_name: 格 | None = None
        pending_reason: 格 | None = None
        for r in self.rows:
            if not first <= r.号 < end:
                continue
            cells = [c for c in r.格们 if _标(c.值) not in ("绩效指标", "")]
            if not cells:
                blank_before = True
                continue
            item = _按列(r, cells, cols, strict=not standard) or (_按形(r, cells, cols) if standard else None)
            if item is None:
                # a row with no numbers: labels printed on a row of their own, or a fragment
                # of a neighbouring row that the export broke off
                words = [c for c in cells if not _是标签(c.值)]
                if not words:
                    if read:
                        _补标签(read[-1], cells)
                    continue
                if len(words) == 1:
                    lone = words[0]
                    if read and read[-1].三级 is None and lone.列 < cols.get("年度指标值", 99):
                        read[-1].三级 = lone.值
                        read[-1].位置["三级"] = lone.地址
                    elif lone.列 >= cols.get("偏差原因分析及改进措施", 99) or len(_文本(lone.值)) > 15:
                        pending_reason = lone
                    else:
                        pending_name = lone
                    continue
                raise self.错(f"第{r.号 + 1}行无法识别为指标行（找不到分值与得分）")
            item.空行在前 = blank_before
            blank_before = False
            if pending_name is not None and item.三级 is None:
                item.三级, item.位置["三级"] = pending_name.值, pending_name.地址
            pending_name = None
            if pending_reason is not None:
                reason = str(pending_reason.值).strip()
                if item.值.get(_偏差) is not None:
                    item.值[_偏差] = f"{reason}{str(item.值[_偏差]).strip()}"
                elif read and read[-1].值.get(_偏差) is not None:
                    read[-1].值[_偏差] = f"{str(read[-1].值[_偏差]).strip()}{reason}"
                else:
                    item.值[_偏差], item.位置[_偏差] = pending_reason.值, pending_reason.地址
                pending_reason = None
            read.append(item)
        if pending_reason is not None and read:
            last = read[-1]
            reason = str(pending_reason.值).strip()
            last.值[_偏差] = f"{str(last.值[_偏差]).strip()}{reason}" if last.值.get(_偏差) else pending_reason.值
        form.指标 = self.定标签(read)

    def 定标签(self, read: list[_读行]) -> list[指标行]:
        """Carry merged 一级/二级 labels down (a standard 二级 names its own 一级); put split columns
        together; mark the summary rows of two-level tables."""
        _页断标签(read)
        rows: list[dict[str, Any]] = []
        for item in read:
            where = f"指标第{len(rows) + 1}行（{_文本(item.三级)}）"
            fields, notes = 组合指标(指标单元({**item.值, "一级": item.一级, "二级": item.二级}, item.位置), where)
            self.notes += notes
            rows.append(fields)
        定标签(rows)
        out = []
        for item, fields in zip(read, rows):
            row = 指标行(**fields)
            row.位置 = dict(item.位置)
            out.append(row)
        for head, details in 汇总行(rows).items():
            out[head].明细 = tuple(details)
            for d in details:
                out[d].汇总 = head
        return out

    def 总分(self, form: 自评表, row: _行) -> None:
        values = [c for c in row.格们[1:] if not 是占位符(c.值)]
        numbers = [c for c in values if _是数(c.值)]
        if form.有分值列 != form.有得分列 and len(numbers) == 1:
            # only one of the two columns: the number is that column's
            key = "总分_分值" if form.有分值列 else "总分_得分"
            setattr(form, key, numbers[0].值)
            form.位置[key] = numbers[0].地址
            numbers = []
        if numbers:
            form.总分_分值, form.位置["总分_分值"] = numbers[0].值, numbers[0].地址
        if len(numbers) > 1:
            form.总分_得分, form.位置["总分_得分"] = numbers[1].值, numbers[1].地址
        grade = self.找行(lambda r: bool(r.格们) and _标(r.格们[0].值) in ("评价等级", "等级", "自评等级"), row.号)
        if grade is not None and grade.号 <= row.号 + 2 and len(grade.格们) > 1:
            form.等级, form.位置["等级"] = grade.格们[1].值, grade.格们[1].地址


def _地址(cell: 格 | None, row: _行, col: int, like: 格) -> str:
    if cell is not None:
        return cell.地址
    prefix = like.地址.rpartition("!")[0]
    return f"{prefix}!{列名(col)}{row.号 + 1}" if prefix else f"{列名(col)}{row.号 + 1}"


_指标字段 = ("三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
_偏差 = "偏差原因分析及改进措施"


def _按列(r: _行, cells: list[格], cols: dict[str, int], strict: bool = False) -> _读行 | None:
    """The row read by the header's columns, if that reading is clean (``strict``: always, since
    a table that is not the 财政部 layout has no shape to fall back on)."""
    at = {c.列: c for c in cells}
    used = set(cols.values())
    get = {k: at.get(col) for k, col in cols.items()}
    if not strict:
        if any(c.列 not in used and not _是标签(c.值) for c in cells):
            return None  # something sits outside the table's columns: shifted
        w, s = get.get("分值"), get.get("得分")
        if w is None or not _是数(w.值) or (s is not None and not _是数(s.值)):
            return None
        name, target, actual = get.get("三级"), get.get("年度指标值"), get.get("实际完成值")
        if name is not None and _像取值(name.值):
            return None
        if name is None and (target is not None or actual is not None):
            return None
        for key in ("一级", "二级"):
            c = get.get(key)
            if c is not None and _像取值(c.值):
                return None
    else:
        filled = {k for k, c in get.items() if c is not None}
        if not filled or filled == {_偏差}:
            return None  # nothing in the table's columns, or a reason broken off its row
    item = _读行(r)
    for key, c in get.items():
        if c is None or key in ("一级", "二级"):
            continue
        item.值[key] = c.值
        item.位置[key] = c.地址
    _补标签(item, [c for k, c in get.items() if k in ("一级", "二级") and c is not None], cols)
    for c in cells:  # labels printed left of the table (shifted merged cells)
        if c.列 < min(cols.values()) and _是标签(c.值):
            _补标签(item, [c])
    return item


def _按形(r: _行, cells: list[格], cols: dict[str, int]) -> _读行 | None:
    """The row read by its shape: [labels…, 三级, 指标值, 完成值, 分值, 得分, 偏差…]."""
    for i in range(len(cells) - 2, -1, -1):
        if _是数(cells[i].值) and _是数(cells[i + 1].值) and not any(_是数(c.值) for c in cells[i + 2:]):
            break
    else:
        return None
    item = _读行(r)

    def put(key: str, c: 格) -> None:
        item.值[key], item.位置[key] = c.值, c.地址

    put("分值", cells[i])
    put("得分", cells[i + 1])
    after = cells[i + 2:]
    if after:
        item.值[_偏差] = "".join(str(c.值).strip() for c in after)
        item.位置[_偏差] = after[0].地址
    rest = cells[:i]
    if len(rest) >= 2:
        (t, a), rest = rest[-2:], rest[:-2]
        put("年度指标值", t)
        put("实际完成值", a)
    elif len(rest) == 1 and _像取值(rest[0].值):
        put("实际完成值", rest[0])
        rest = []
    if rest:
        last = rest[-1]
        if not _是标签(last.值) or (len(rest) >= 2 and _是标签(rest[-2].值)):
            put("三级", last)
            rest = rest[:-1]
        _补标签(item, rest)
    return item


def _补标签(item: _读行, cells: Iterable[格], cols: dict[str, int] | None = None) -> None:
    """Set the 一级/二级 printed on a row from its label cells, by what they say."""
    for c in cells:
        if _是一级(c.值) and not (cols and c.列 == cols.get("二级") and 二级所属(c.值)):
            item.一级, item.位置["一级"] = c.值, c.地址
        elif 二级所属(c.值) is not None or (cols and c.列 == cols.get("二级")):
            item.二级, item.位置["二级"] = c.值, c.地址
        elif cols and c.列 == cols.get("一级"):
            item.一级, item.位置["一级"] = c.值, c.地址
        elif item.二级 is None:
            item.二级, item.位置["二级"] = c.值, c.地址


def _页断标签(read: list[_读行]) -> None:
    """A page break that split the 满意度 group moved its labels to the next row (text exports)."""
    for i, item in enumerate(read):
        if item.一级 is None and item.二级 is None and item.空行在前 and "满意" in _文本(item.三级):
            nxt = read[i + 1] if i + 1 < len(read) else None
            if nxt is not None and nxt.一级 is not None and _标(nxt.一级).startswith("满意度"):
                item.一级, item.二级 = nxt.一级, nxt.二级


# --- grids -----------------------------------------------------------------------------


def 解析网格(rows: list[list[格]], source: str, sheet: str | None = None, 按列: bool = False) -> list[自评表]:
    """Every form on one sheet (or one text file): ``rows`` holds the non-empty cells of each row.

    ``按列``: the cells sit in their columns (a workbook), so every row is read by the header's
    columns; otherwise (a text export of a PDF) a row may be read by its shape."""
    lines = [_行(i, sorted(cells, key=lambda c: c.列)) for i, cells in enumerate(rows)]
    starts = [r.号 for r in lines if any(_是字段(c.值, "项目名称") for c in r.格们)]
    forms: list[自评表] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        prev_end = starts[k - 1] if k else 0
        before = [r for r in lines[max(prev_end, start - 3):start] if r.格们]
        where = f"工作表“{sheet}”第{start + 1}行起的表" if sheet else f"第{start + 1}行起的表"
        form = _表单读取(lines, start, end, source, where, before, 按列).读()
        if form is not None:
            forms.append(form)
    return forms


def 编号(forms: list[自评表], source: str) -> list[自评表]:
    """Ids from 项目名称, unique within the file."""
    seen: dict[str, int] = {}
    for i, form in enumerate(forms, 1):
        base = _文本(form.项目名称) or f"{Path(source).stem}#{i}"
        seen[base] = seen.get(base, 0) + 1
        form.id = base if seen[base] == 1 else f"{base}({seen[base]})"
    return forms


# --- workbooks ---------------------------------------------------------------------------

def 显示值(value: Any, number_format: str) -> Any:
    """A cell value as the form states it: percentages as "47.39%", text trimmed, numbers kept."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) and "%" in (number_format or ""):
        decimals = len(number_format.split(".")[1].split("%")[0]) if "." in number_format else 0
        d = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-decimals))
        return f"{d}%"
    if isinstance(value, (int, float)):
        return value
    return str(value)  # dates and times: as text


def _表格(ws, title: str) -> list[list[格]]:
    ref = 表引用(title)
    rows: list[list[格]] = []
    for r, row in enumerate(ws.iter_rows(), 0):
        cells = []
        for c, cell in enumerate(row):
            value = 显示值(cell.value, getattr(cell, "number_format", "General"))
            if value is not None:
                cells.append(格(c, value, f"{ref}!{列名(c)}{r + 1}"))
        rows.append(cells)
    return rows


def 读取工作簿(path: str | Path, skip: Iterable[str] = ()) -> list[自评表]:
    """Forms of a workbook in any layout, found by their labels (sheets in ``skip`` left out)."""
    path = Path(path)
    # read-only: values and number formats are all a label reader needs, and it is fast
    wb = 载入(path, read_only=True, data_only=True)
    try:
        forms: list[自评表] = []
        skipped = set(skip)
        for ws in wb.worksheets:
            if ws.title in skipped or not hasattr(ws, "iter_rows"):
                continue  # chart sheets have no cells
            ws.reset_dimensions()  # some writers record a wrong used range
            forms += 解析网格(_表格(ws, ws.title), str(path), ws.title, 按列=True)
    finally:
        wb.close()
    return forms


