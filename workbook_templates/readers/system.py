"""Read an evaluation-system sheet back into :class:`udfs.evaluation.评价体系`.

The table is found by the sheet-scoped name 体系表 and its columns by the header
row just above it (a level's 分值 is the 分值 right of its name), never by fixed
addresses.  The helper column 行类型 says what each row is; a leaf's 评分规则 is
rebuilt from its rule cell, its rule columns and the 子规则 / 清单项 rows below it
(:func:`udfs.rules.columns.表列转参数`), so the audit recomputes exactly what the
sheet computes.  Every value carries its cell (``'表名'!U12``) in ``位置``; the
stated 分值 of each group in ``组位置``; 总分 and the report's counts in the
system's ``位置``.

The 得分 a leaf *states* follows the rule of the 自评表 reader
(:mod:`workbook_templates.readers.template`): a cell still holding the formula the template
puts there states what that formula computes — evaluated here with the scoring
core, so a workbook fresh from ``jixiao fill`` (no cached values) reads the same
as one saved by Excel or LibreOffice; a number typed over the formula states that
number; another formula states its cached value.  A manual leaf states its
人工得分, and its ``位置["得分"]`` is that input cell, so an unreadable score is
reported where it can be fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import udfs
from udfs.amounts import 保留两位
from udfs.errors import 绩效自评错误, 表单格式有误
from udfs.evaluation import 评价体系, 评价叶
from udfs.rules.columns import 表列, 表列参数, 表列转参数

from ..sheetkit import 模板标记名
from ..system_layout import 体系函数版, 体系版式, 体系版式表, 体系行, 体系表样, 体系输入, 层级名, 首行
from .cells import 名称表, 是数, 网格, 规范公式

__all__ = ["体系版式名", "空白体系表", "读取体系表"]

_必需列 = ("编号", "名称1", "分值1", "评分规则", *表列, "是否符合", "人工得分", "得分", "得分情况说明", "行类型", "层级")
_文字列 = ("编号", "指标解释", "评分标准", "评分规则", "是否符合", "得分情况说明", "行类型")


def 体系版式名(grid: 网格) -> 体系版式 | None:
    """The variant the workbook-scoped marker names (体系函数版 / 体系兼容版)."""
    return 体系版式表.get(grid.工作簿名称.get(模板标记名, "").partition("|")[0])


_表 = 名称表


def _列(t: _表, header_row: int) -> tuple[dict[str, str], int]:
    """field -> column letter, and the number of levels, from the header row."""
    cols: dict[str, str] = {}
    level = 0
    for col, value in t.行(header_row):
        letter = get_column_letter(col)
        text = re.sub(r"\s", "", str(value)) if value is not None else ""
        m = re.fullmatch(r"([一二三四])级指标", text)
        if m:
            level = "一二三四".index(m[1]) + 1
            cols[f"名称{level}"] = letter
        elif text == "分值" and level:
            cols.setdefault(f"分值{level}", letter)
        elif text:
            cols.setdefault(text, letter)
    return cols, level


def _整(x: Any) -> Any:
    """82.0 as 82: a total reads as it is printed."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _错误为空(x: Any) -> Any:
    return None if isinstance(x, str) and x.startswith("#") else x


class _读:
    def __init__(self, t: _表):
        self.t = t
        area = t.区域("体系表")
        if area is None:
            raise 表单格式有误(f"工作表“{t.title}”缺少名称“体系表”（不是由评价体系模板生成，或名称被删除）", str(t.path))
        _, self.r1, _, self.r2 = area
        self.c, self.D = _列(t, self.r1 - 1)
        missing = [k for k in _必需列 if k not in self.c]
        if missing or self.D == 0:
            raise 表单格式有误(f"工作表“{t.title}”的评价体系表缺少列：{'、'.join(missing) or '指标层级'}", str(t.path))

    def cell(self, key: str, r: int) -> Any:
        return self.t.值(f"{self.c[key]}{r}")

    def addr(self, key: str, r: int) -> str:
        return f"{self.c[key]}{r}"

    def rows(self) -> list[tuple[int, 体系行]]:
        """(sheet row, row) for every row of the table, as the layout describes it."""
        out: list[tuple[int, 体系行]] = []
        leaf_level = self.D
        for r in range(self.r1, self.r2 + 1):
            kind = self.cell("行类型", r)
            if kind is None:
                content = [self.cell(f"名称{k}", r) for k in range(1, self.D + 1)] + [self.cell("评分规则", r)]
                if any(x is not None for x in content):
                    raise 表单格式有误(
                        f"第{r}行没有行类型（{self.t.位置(self.addr('行类型', r))}）：插入的行请从同类的行复制行类型"
                        "（指标组、末级指标、子规则或清单项）", str(self.t.path))
                continue
            kind = str(kind).strip()
            if kind in ("指标组", "末级指标"):
                try:
                    level = int(self.cell("层级", r))
                except (TypeError, ValueError):
                    raise 表单格式有误(f"第{r}行的层级无法识别（{self.t.位置(self.addr('层级', r))}）", str(self.t.path)) from None
                if kind == "末级指标":
                    leaf_level = level
            elif kind in ("子规则", "清单项"):
                level = leaf_level
            else:
                raise 表单格式有误(f"第{r}行的行类型'{kind}'无法识别（{self.t.位置(self.addr('行类型', r))}）", str(self.t.path))
            level = max(1, min(level, self.D))
            row = 体系行(
                kind, level, 编号=self.cell("编号", r), 名称=self.cell(f"名称{level}", r), 分值=self.cell(f"分值{level}", r),
                指标解释=self.cell("指标解释", r) if "指标解释" in self.c else None,
                评分标准=self.cell("评分标准", r) if "评分标准" in self.c else None,
                评分规则=self.cell("评分规则", r), 值={k: self.cell(k, r) for k in 表列 if self.cell(k, r) is not None},
                是否符合=self.cell("是否符合", r), 人工得分=self.cell("人工得分", r), 得分情况说明=self.cell("得分情况说明", r),
            )
            out.append((r, row))
        return out


def _项(rows: list[tuple[int, 体系行]], k: int) -> list[体系行]:
    items = []
    for _, row in rows[k + 1:]:
        if row.类型 != "清单项":
            break
        items.append(row)
    return items


def _规则(row: 体系行, items: list[体系行]) -> dict:
    rule = str(row.评分规则)
    pairs = [(i.是否符合, i.分值) for i in items]
    try:
        params = 表列转参数(rule, row.分值, row.值, pairs)
    except 绩效自评错误:
        params = {}  # an unknown rule: the audit says so
    return {"规则": rule, "参数": params}


def _体系得分(row: 体系行, items: list[体系行]) -> Any:
    values = [row.值.get(k) for k in 表列]
    if items:
        return udfs.体系得分(row.评分规则, row.分值, *values, [[i.是否符合] for i in items], [[i.分值] for i in items])
    return udfs.体系得分(row.评分规则, row.分值, *values)


def _末级值(row: 体系行, parts: list[tuple[体系行, list[体系行]]], items: list[体系行]) -> Any:
    """What the template's 得分 formula of a leaf shows (udfs for the rule, as the 函数版 calls it)."""
    rule = "" if row.评分规则 is None else str(row.评分规则)
    if not rule.strip():
        return ""
    if rule == "人工":
        m = row.人工得分
        return "" if m is None or (isinstance(m, str) and not m.strip()) else (m if 是数(m) else "#数值无法识别")
    if rule == "组合":
        if not parts:
            return "#规则参数有误"
        scores = [_子规则值(p, i) for p, i in parts]
        if any(isinstance(s, str) and s.startswith("#") for s in scores):
            return "#子规则有误"
        return float(保留两位(sum((Decimal(repr(s)) for s in scores if 是数(s)), Decimal(0))))
    return _体系得分(row, items)


def _子规则值(row: 体系行, items: list[体系行]) -> Any:
    if row.评分规则 is None or not str(row.评分规则).strip():
        return "#规则参数有误"
    return _体系得分(row, items)


def _合计(values: list[Any]) -> Any:
    """The template's sum of leaf scores: an error if one is, blank until all are scored."""
    if any(isinstance(x, str) and x.startswith("#") for x in values):
        return "#下级有误"
    if any(x is None or x == "" for x in values):
        return ""
    total = sum((Decimal(repr(x)) if isinstance(x, float) else Decimal(x) for x in values if 是数(x)), Decimal(0))
    return float(保留两位(total))


def 读取体系表(grid: 网格, path: Path) -> 评价体系 | None:
    """The system on one sheet (None for the blank template)."""
    t = _表(grid, path)
    rd = _读(t)
    v = 体系版式名(grid)
    rows = rd.rows()
    leaves_at = [k for k, (_, row) in enumerate(rows) if row.类型 == "末级指标"]
    title = t.值(t.地址("体系名称")) if t.地址("体系名称") else None
    if title is None and all(
        rows[k][1].名称 is None and rows[k][1].分值 is None and rows[k][1].评分规则 is None and rows[k][1].人工得分 is None
        for k in leaves_at
    ):
        return None

    # the formulas the template would put on this sheet, to tell intact cells from edited ones
    variant = v or (体系函数版 if "计分说明" in rd.c else None)
    expected: dict[str, str] = {}
    if variant is not None and rd.r1 == 首行:
        spec = 体系表样(variant, 体系输入(层级数=rd.D, 行=[row for _, row in rows]))
        expected = {g.ref.split(":")[0]: g.值 for g in spec.表样.格们 if isinstance(g.值, str) and g.值.startswith("=")}

    def intact(addr: str) -> bool:
        formula = t.公式(addr)
        return formula is not None and addr in expected and 规范公式(formula) == 规范公式(expected[addr])

    def stated(addr: str, compute: Callable[[], Any]) -> Any:
        if intact(addr):
            return compute()
        if t.公式(addr) is None:
            return t.值(addr)  # typed over the formula: that is what the sheet says
        return t.缓存(addr)  # someone's own formula: what the engine last computed

    leaves: list[评价叶] = []
    raw_scores: list[Any] = []
    stack: list[tuple[int, Any, Any, str]] = []  # (level, name, stated 分值, cell of 分值)
    groups: dict[tuple, str] = {}
    weights: list[Any] = []
    for k, (r, row) in enumerate(rows):
        if row.类型 == "指标组":
            stack = [g for g in stack if g[0] < row.层级]
            stack.append((row.层级, row.名称, row.分值, t.位置(rd.addr(f"分值{row.层级}", r))))
            groups.setdefault(tuple(g[1] for g in stack), stack[-1][3])
            continue
        if row.类型 != "末级指标":
            continue
        items = _项(rows, k)
        parts: list[tuple[体系行, list[体系行]]] = []
        for j in range(k + 1, len(rows)):
            sub = rows[j][1]
            if sub.类型 not in ("子规则", "清单项"):
                break
            if sub.类型 == "子规则":
                parts.append((sub, _项(rows, j)))
        rule_text = "" if row.评分规则 is None else str(row.评分规则)
        position = {
            key: t.位置(rd.addr(col, r))
            for key, col in (("编号", "编号"), ("名称", f"名称{row.层级}"), ("分值", f"分值{row.层级}"), ("得分", "得分"),
                             ("评分规则", "评分规则"), ("得分情况说明", "得分情况说明"), ("人工得分", "人工得分"))
        }
        if not rule_text.strip():
            rule: Any = None
        elif rule_text == "人工":
            rule = {"规则": "人工"}
            position["得分"] = position["人工得分"]  # where a manual score is typed and fixed
        elif rule_text == "组合":
            rule = [_规则(p, i) for p, i in parts]
        else:
            rule = _规则(row, items)
            position.update({name: t.位置(rd.addr(col, r)) for col, name in 表列参数.get(rule_text, {}).items()})
        addr = rd.addr("得分", r)
        value = stated(addr, lambda row=row, parts=parts, items=items: _末级值(row, parts, items))
        raw_scores.append(value)
        # a manual leaf states its 人工得分 as typed, so that an unreadable one is reported at that cell
        score = row.人工得分 if rule_text == "人工" and intact(addr) else _错误为空(value)
        if score == "":
            score = None
        path_levels = [(g[1], g[2]) for g in stack if g[0] < row.层级]
        leaf = 评价叶(
            编号=str(row.编号).strip() if row.编号 is not None else "",
            层级=path_levels,
            名称=str(row.名称).strip() if row.名称 is not None else "",
            分值=row.分值, 得分=score, 指标解释=row.指标解释, 评分标准=row.评分标准, 评分规则=rule,
            得分情况说明=row.得分情况说明,
            原始={"得分情况说明": row.得分情况说明, "行": r},  # the column exists: lost points need a reason
        )
        leaf.位置 = position
        leaves.append(leaf)
        weights.append(row.分值)

    total_addr, weight_addr = t.地址("总得分"), t.地址("分值合计")
    total = stated(total_addr, lambda: _合计(raw_scores)) if total_addr else None
    weight_sum = stated(weight_addr, lambda: float(sum((Decimal(repr(w)) if isinstance(w, float) else Decimal(w)
                                                       for w in weights if 是数(w)), Decimal(0)))) if weight_addr else None
    counts: dict[str, Any] = {}
    system_pos: dict[str, str] = {}
    area = t.区域("报告指标个数")
    if area:
        c1, r1, _, r2 = area
        for r in range(r1, r2 + 1):
            label = t.值(f"{get_column_letter(c1)}{r}")
            value_addr = f"{get_column_letter(c1 + 1)}{r}"
            value = t.值(value_addr)
            m = re.match(r"([一二三四]级)", str(label or ""))
            if m and value is not None:
                counts[m[1]] = int(value) if 是数(value) and float(value).is_integer() else value
                system_pos[f"报告{m[1]}个数"] = t.位置(value_addr)
    if total_addr:
        system_pos["总分_得分"] = t.位置(total_addr)
    if weight_addr:
        system_pos["总分_分值"] = t.位置(weight_addr)
    code = t.值(t.地址("体系编号")) if t.地址("体系编号") else None
    year = t.值(t.地址("年度")) if t.地址("年度") else None
    system = 评价体系(
        id=str(code).strip() if code is not None else grid.表名,
        标题=str(title) if title is not None else "",
        年度=int(year) if 是数(year) and float(year).is_integer() else year,
        层级名=list(层级名[: rd.D]),
        叶=leaves,
        总分_分值=_整(_错误为空(weight_sum)) if weight_sum != "" else None,
        总分_得分=_整(_错误为空(total)) if total != "" else None,
        原始={"report_stated_counts": counts} if counts else {},
        来源=str(path),
    )
    system.位置 = system_pos
    system.组位置 = groups
    return system


def 空白体系表(ws: Worksheet) -> bool:
    """A system sheet nothing was typed into (the blank template of a built workbook)."""
    try:
        return 读取体系表(网格.从工作表(ws), Path(ws.title)) is None
    except 表单格式有误:
        return False
