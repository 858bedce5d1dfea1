"""The 绩效评价指标体系评分表 as data: one row per indicator, rules and inputs per leaf.

Nothing here writes a workbook.  :func:`体系表样` describes one sheet — the blank
template of ``jixiao build`` or a system filled in by ``jixiao fill`` — as a
:class:`workbook_templates.form_layout.工作表样` (rendered by the same
:func:`workbook_templates.build.渲染` as the 自评表) plus the chart of its
一级指标 summary.

**Rows.**  The table is an outline, one row per node, in the order of the report:

* 指标组 — a parent (一级 … 三级): its name in its level's column, its stated 分值
  (typed, as the report prints it) in that level's 分值 column, and its 得分 = the
  sum of the 末级指标 below it (a formula).  The sum of their 分值 is in the helper
  column 下级分值合计, and the 检查 column (and a red 分值 cell) says when the two
  differ;
* 末级指标 — a leaf: name, 分值, 指标解释, 评分标准 (text for people), the
  structured 评分规则 chosen from a dropdown (人工, 组合 or a rule of
  :mod:`udfs.rules`), the rule's inputs in the columns 实际值, 目标值, 上年值
  and 参数1–4 (which means what for the chosen rule: the helper column 参数说明 and
  the 评分规则 sheet), 计分方式, 人工得分 (the evaluator's score when the rule is
  人工), 得分 (always a locked formula) and 得分情况说明;
* 子规则 — a part of a 组合 leaf (seed 002 C22 = 计数 + 每差扣分): its own 分值,
  评分规则, inputs and 得分; the leaf's 得分 is the sum of its parts;
* 清单项 — an item of a 清单 / 清单扣分 rule, below its leaf or part: 是否符合
  (是／否) and, for 清单, the item's 分值.

Sub-rows are labelled "└ …", show 子规则 / 清单项 as their 计分方式 and are never
counted as leaves (sums use the helper column 行类型).  Below the table: 合计 (分值
of all leaves, which must be 100, and the total score), 评价等级, a legend, and the
summary by 一级指标 with its chart.

**Two variants**, as for the 自评表: the 函数版 computes a rule with ``=体系得分(…)``
(the scoring core, :func:`udfs.functions.体系得分`), the 兼容版 with the native
formulas of :mod:`workbook_templates.system_compat`.  Everything else — manual
scores, sums, checks, the grade — is native in both.

**Names** (sheet-scoped): 体系名称, 年度, 体系编号, 体系表 (the table with its helper
columns; the header row is just above it), 分值合计, 总得分, 等级, 一级汇总, 报告指标个数.
None is the name of a function (a defined name equal to a function name breaks the
call in LibreOffice: Err:509).

>>> s = 体系表样(体系函数版)
>>> s.表样.名称["体系表"], s.表样.名称["总得分"], s.表样.打印区域
('$A$4:$AB$31', '$U$32', 'A1:V52')
>>> [c.值 for c in s.表样.格们 if c.ref in ("B3", "C3", "H3", "I3")]
['一级指标', '分值', '指标解释', '评分标准']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from udfs.rules.columns import 表列, 表列参数, 表列说明
from udfs.vocabulary import 末等, 默认等级

from . import system_compat
from .sheetkit import 估计行高, 参数表格, 工作表样, 数据校验, 条件格式, 格, 绝对引用

__all__ = [
    "体系兼容版",
    "体系函数版",
    "体系列",
    "体系工作表样",
    "体系版式",
    "体系版式表",
    "体系行",
    "体系表样",
    "体系输入",
    "图表样",
    "子规则选项",
    "层级名",
    "空白体系行",
    "表头行",
    "规则表样",
    "规则选项",
    "首行",
]

层级名 = ("一级", "二级", "三级", "四级")
规则选项 = ("人工", "组合", *system_compat.规则名)  # the 评分规则 dropdown of a leaf
子规则选项 = system_compat.规则名  # a part of a 组合 leaf is always a rule
行类型 = ("指标组", "末级指标", "子规则", "清单项")  # the helper column 行类型: what each row is

标题行, 信息行, 表头行 = 1, 2, 3
首行 = 4  # first row of the table



# --- the data of one sheet -----------------------------------------------------------------

@dataclass
class 体系行:
    """One row of the table (see the module docstring for the four kinds)."""

    类型: str  # 指标组 / 末级指标 / 子规则 / 清单项
    层级: int  # 1–4: the column of the name (a sub-row: its leaf's level)
    编号: Any = None
    名称: Any = None
    分值: Any = None
    指标解释: Any = None
    评分标准: Any = None
    评分规则: Any = None
    值: dict[str, Any] = field(default_factory=dict)  # 实际值 … 参数4
    是否符合: Any = None
    人工得分: Any = None
    得分情况说明: Any = None
    百分比: frozenset[str] = frozenset()  # value columns shown as percentages


def 空白体系行(层级数: int = 3) -> list[体系行]:
    """The blank template: 决策 / 过程 / 产出 / 效益, each with two groups of two leaves."""
    rows: list[体系行] = []
    for name in ("决策", "过程", "产出", "效益"):
        rows.append(体系行("指标组", 1, 名称=name))
        for _ in range(2):
            for level in range(2, 层级数):
                rows.append(体系行("指标组", level))
            rows += [体系行("末级指标", 层级数) for _ in range(2)]
    return rows


@dataclass
class 体系输入:
    体系名称: Any = None
    年度: Any = None
    体系编号: Any = None
    层级数: int = 3
    行: list[体系行] = field(default_factory=list)
    报告指标个数: dict[str, Any] = field(default_factory=dict)  # 一级 … -> the count the report states

    def __post_init__(self) -> None:
        if not self.行:
            self.行 = 空白体系行(self.层级数)


@dataclass(frozen=True)
class 体系版式:
    名称: str  # 体系函数版 / 体系兼容版
    文件名: str
    函数: bool  # rules by =体系得分(…) (else native formulas)


体系函数版 = 体系版式("体系函数版", "绩效评价指标体系评分表.xlsx", True)
体系兼容版 = 体系版式("体系兼容版", "绩效评价指标体系评分表_兼容版.xlsx", False)
体系版式表 = {v.名称: v for v in (体系函数版, 体系兼容版)}


@dataclass(frozen=True)
class 图表样:
    """A bar chart over ranges of the sheet (rendered by system_build)."""

    标题: str
    分类: str  # "B40:B43"
    数据: str  # "I39:I43" — first cell is the series name
    锚点: str
    宽: float  # cm
    高: float
    数字格式: str = "0%"


@dataclass(frozen=True)
class 体系工作表样:
    表样: 工作表样
    图表: tuple[图表样, ...] = ()
    冻结: str | None = None
    列: dict[str, str] = field(default_factory=dict)  # field -> column letter


# --- columns --------------------------------------------------------------------------------

def 体系列(层级数: int, 函数: bool = True) -> tuple[dict[str, str], str]:
    """field -> column letter, and the last printed column."""
    keys = ["编号"]
    for k in range(1, 层级数 + 1):
        keys += [f"名称{k}", f"分值{k}"]
    keys += ["指标解释", "评分标准", "评分规则", *表列, "是否符合", "计分方式", "人工得分", "得分", "得分情况说明"]
    printed = len(keys)
    keys += ["行类型", "层级", "下级分值合计", "检查", "参数说明"] + (["计分说明"] if 函数 else [])
    cols = {k: get_column_letter(i) for i, k in enumerate(keys, 1)}
    return cols, get_column_letter(printed)


_宽 = {"编号": 4.5, "名称": 8.0, "分值": 4.2, "指标解释": 15.0, "评分标准": 22.0, "评分规则": 7.0,
      "实际值": 8.0, "目标值": 8.0, "上年值": 6.5, "参数": 5.5, "是否符合": 4.8, "计分方式": 5.0,
      "人工得分": 5.5, "得分": 6.0, "得分情况说明": 18.0,
      "行类型": 7.0, "层级": 4.0, "下级分值合计": 7.0, "检查": 36.0, "参数说明": 44.0, "计分说明": 50.0}


def _列宽(cols: dict[str, str], 层级数: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, col in cols.items():
        base = key.rstrip("1234") if key[:2] in ("名称", "分值", "参数") else key
        width = _宽[base]
        if key == f"名称{层级数}":
            width = 11.0  # the leaf's level holds the longest names
        out[col] = width
    return out


def _表头(key: str) -> str:
    if key.startswith("名称"):
        return f"{层级名[int(key[-1]) - 1]}指标"
    if key.startswith("分值"):
        return "分值"
    return key


# --- the structure of the rows ----------------------------------------------------------------

@dataclass
class _结构:
    """Where each row's formulas look: its subtree, its parts, its checklist items."""

    子树末: dict[int, int]  # group row index -> index of the last row of its subtree
    子行末: dict[int, int]  # leaf row index -> index of its last sub-row (itself if none)
    清单: dict[int, tuple[int, int]]  # leaf/part row index -> (first, last) of its 清单项 rows


def _结构分析(rows: list[体系行]) -> _结构:
    n = len(rows)
    subtree: dict[int, int] = {}
    sub: dict[int, int] = {}
    items: dict[int, tuple[int, int]] = {}
    for i, row in enumerate(rows):
        if row.类型 == "指标组":
            j = i + 1
            while j < n and not (rows[j].类型 == "指标组" and rows[j].层级 <= row.层级):
                j += 1
            subtree[i] = j - 1
        elif row.类型 == "末级指标":
            j = i + 1
            while j < n and rows[j].类型 in ("子规则", "清单项"):
                j += 1
            sub[i] = j - 1
        if row.类型 in ("末级指标", "子规则"):
            j = i + 1
            while j < n and rows[j].类型 == "清单项":
                j += 1
            if j > i + 1:
                items[i] = (i + 1, j - 1)
    return _结构(subtree, sub, items)


# --- formulas ----------------------------------------------------------------------------------

def _空(x: str) -> str:
    return f'LEN(TRIM({x}&""))=0'


def _区(col: str, r1: int, r2: int) -> str:
    return f"${col}${r1}:${col}${r2}"


class _公式:
    """The formulas of one sheet (cols: field -> letter; D: levels)."""

    def __init__(self, v: 体系版式, cols: dict[str, str], D: int):
        self.v, self.c, self.D = v, cols, D

    def 值格(self, r: int, level: int) -> dict[str, str]:
        c = self.c
        return {"分值": f"{c[f'分值{level}']}{r}", **{k: f"{c[k]}{r}" for k in 表列}}

    def 规则(self, r: int, level: int, items: tuple[int, int] | None) -> str:
        """The rule branch of a leaf or part row (no '=')."""
        c = self.c
        rule = f"{c['评分规则']}{r}"
        ans = _区(c["是否符合"], *items) if items else None
        pts = _区(c[f"分值{level}"], *items) if items else None
        cells = self.值格(r, level)
        if self.v.函数:
            args = [rule, cells["分值"], *(cells[k] for k in 表列)]
            if items:
                args += [ans, pts]  # type: ignore[list-item]
            return f"体系得分({','.join(args)})"
        return system_compat.分派公式(rule, cells, ans, pts)

    def 说明(self, r: int, level: int, items: tuple[int, int] | None) -> str:
        return "=" + self.规则(r, level, items).replace("体系得分(", "体系得分说明(", 1)

    def 末级得分(self, r: int, level: int, items: tuple[int, int] | None, sub: tuple[int, int] | None) -> str:
        c = self.c
        rule, manual = f"{c['评分规则']}{r}", f"{c['人工得分']}{r}"
        by_hand = f'IF({_空(manual)},"",IF(ISNUMBER({manual}),{manual},"#数值无法识别"))'
        if sub:
            types, scores = _区(c["行类型"], *sub), _区(c["得分"], *sub)
            parts = (f'IF(COUNTIF({types},"子规则")=0,"#规则参数有误",'
                     f'IF(SUMPRODUCT(({types}="子规则")*(LEFT({scores}&"",1)="#"))>0,"#子规则有误",'
                     f'ROUND(SUMIF({types},"子规则",{scores}),2)))')
        else:
            parts = '"#规则参数有误"'  # 组合 without parts
        return (f'=IF({_空(rule)},"",IF({rule}="人工",{by_hand},IF({rule}="组合",{parts},'
                f'{self.规则(r, level, items)})))')

    def 子规则得分(self, r: int, level: int, items: tuple[int, int] | None) -> str:
        rule = f"{self.c['评分规则']}{r}"
        return f'=IF({_空(rule)},"#规则参数有误",{self.规则(r, level, items)})'

    def 合计(self, r1: int, r2: int) -> str:
        """Σ 得分 of the leaves in rows r1..r2: an error if one is, blank until all are scored."""
        c = self.c
        types, scores = _区(c["行类型"], r1, r2), _区(c["得分"], r1, r2)
        leaf = f'({types}="末级指标")'
        return (f'=IF(SUMPRODUCT({leaf}*(LEFT({scores}&"",1)="#"))>0,"#下级有误",'
                f'IF(SUMPRODUCT({leaf}*(LEN({scores}&"")=0))>0,"",ROUND(SUMIF({types},"末级指标",{scores}),2)))')

    def 分值和(self, r1: int, r2: int, from_level: int) -> str:
        """Σ 分值 of the leaves in rows r1..r2 (a leaf's 分值 is in its level's column)."""
        c = self.c
        types = _区(c["行类型"], r1, r2)
        parts = [f'SUMIF({types},"末级指标",{_区(c[f"分值{k}"], r1, r2)})' for k in range(from_level, self.D + 1)]
        return "=" + "+".join(parts) if parts else "=0"


# --- the sheet ---------------------------------------------------------------------------------

图表行数 = 16  # rows kept free for the summary chart


def 体系表样(v: 体系版式, 输入: 体系输入 | None = None, 标题: str = "评价体系") -> 体系工作表样:
    """The sheet of one system in variant ``v``; ``输入`` fills it (None: the blank template)."""
    data = 输入 or 体系输入()
    D = data.层级数
    if not 1 <= D <= 4:
        raise ValueError(f"层级数应为1–4，实为{D}")
    rows = data.行 or [体系行("末级指标", D)]
    cols, end = 体系列(D, v.函数)
    helper_first = cols["行类型"]
    helper_end = get_column_letter(len(cols))
    n = len(rows)
    last = 首行 + n - 1
    total_row, grade_row, legend_row = last + 1, last + 2, last + 3
    st = _结构分析(rows)
    fx = _公式(v, cols, D)
    c = cols

    cells: list[格] = []
    names: dict[str, str] = {}

    def put(ref: str, value: Any = None, style: str = "体系空", name: str | None = None, note: str | None = None) -> None:
        cells.append(格(ref, value, style, name, note))
        if name:
            names[name] = 绝对引用(ref.split(":")[0])

    # title and header block
    put(f"A{标题行}:{end}{标题行}", "绩效评价指标体系评分表", "体系标题")
    name_end = get_column_letter(column_index_from_string(end) - 3)
    put(f"A{信息行}:{c['名称1']}{信息行}", "评价体系", "体系信息标签")
    put(f"{c['分值1']}{信息行}:{name_end}{信息行}", data.体系名称, "体系信息", "体系名称",
        "评价体系的名称，如“××项目绩效评价指标体系”或“××项目综合评价表”。")
    put(f"{get_column_letter(column_index_from_string(end) - 2)}{信息行}", "年度", "体系信息标签")
    put(f"{get_column_letter(column_index_from_string(end) - 1)}{信息行}:{end}{信息行}", data.年度, "体系年度", "年度")
    notes = _批注()
    for key, col in cols.items():
        style = "体系表头" if key in ("编号",) or column_index_from_string(col) <= column_index_from_string(end) else "辅助标签"
        put(f"{col}{表头行}", _表头(key), style, note=notes.get(key))

    # the table
    leaf_rows: dict[int, list[int]] = {}  # level -> sheet rows of leaves
    group_rows: dict[int, list[int]] = {}
    part_rows: list[int] = []
    item_rows: list[int] = []
    for i, row in enumerate(rows):
        r = 首行 + i
        level = max(1, min(row.层级, D))
        w_col = c[f"分值{level}"]
        kind = row.类型
        filled: set[str] = {"行类型", "层级"}

        def 填(key: str, value: Any, style: str, r: int = r, filled: set[str] = filled) -> None:
            put(f"{c[key]}{r}", value, style)
            filled.add(key)

        put(f"{c['行类型']}{r}", kind, "辅助计算")
        put(f"{c['层级']}{r}", level if kind in ("指标组", "末级指标") else None, "辅助计算")
        if kind == "指标组":
            group_rows.setdefault(level, []).append(r)
            end_i = st.子树末[i]
            填("编号", row.编号, "体系编号")
            填(f"名称{level}", row.名称, "体系组名")
            填(f"分值{level}", row.分值, "体系组分值")
            填("指标解释", row.指标解释, "体系文字")
            填("评分标准", row.评分标准, "体系文字")
            if end_i > i:
                填("得分", fx.合计(r + 1, 首行 + end_i), "体系组得分")
                填("下级分值合计", fx.分值和(r + 1, 首行 + end_i, level + 1), "辅助计算")
            else:
                填("得分", None, "体系组得分")
                填("下级分值合计", 0, "辅助计算")
            sumcell, w = f"{c['下级分值合计']}{r}", f"{w_col}{r}"
            填("检查", f'=IF(NOT(ISNUMBER({w})),"",IF(ROUND({w}-{sumcell},9)=0,"",'
                         f'"下级分值合计为"&{sumcell}&"，与本级分值"&{w}&"不符"))', "辅助计算")
            填("参数说明", "指标组：分值填本组分值（应等于其下末级指标分值之和），得分自动求和", "辅助计算")
        elif kind in ("末级指标", "子规则"):
            items = st.清单.get(i)
            items_abs = (首行 + items[0], 首行 + items[1]) if items else None
            rule, w = f"{c['评分规则']}{r}", f"{w_col}{r}"
            if kind == "末级指标":
                leaf_rows.setdefault(level, []).append(r)
                sub_end = st.子行末[i]
                sub = (r + 1, 首行 + sub_end) if sub_end > i else None
                填("编号", row.编号, "体系编号")
                填(f"名称{level}", row.名称, "体系名称")
                填("指标解释", row.指标解释, "体系文字")
                填("评分标准", row.评分标准, "体系文字")
                填("得分情况说明", row.得分情况说明, "体系文字")
                填("人工得分", row.人工得分, "体系分值")
                填("得分", fx.末级得分(r, level, items_abs, sub), "体系计算")
                填("计分方式", f'=IF({_空(rule)},"",IF({rule}="人工","人工",IF({rule}="组合","组合","公式")))',
                      "体系计算文字")
                填("检查", _末级检查(c, r, level, items_abs, sub), "辅助计算")
            else:
                part_rows.append(r)
                填(f"名称{level}", row.名称 or "└ 子规则", "体系子名")
                填("得分", fx.子规则得分(r, level, items_abs), "体系计算")
                填("计分方式", "子规则", "体系计算文字")
                填("检查", _子规则检查(c, r, level, items_abs), "辅助计算")
            填(f"分值{level}", row.分值, "体系分值")
            填("评分规则", row.评分规则, "体系规则")
            for key in 表列:
                填(key, row.值.get(key), "体系参数%" if key in row.百分比 else "体系参数")
            填("参数说明", f'=IF({_空(rule)},"选择评分规则后，按此处提示填写参数",'
                             f'IFERROR(INDEX(规则填写说明,MATCH({rule},规则名称,0)),"没有此评分规则"))', "辅助计算")
            if v.函数:
                填("计分说明", f'=IF({_空(rule)},"",IF({rule}="人工","人工评分",IF({rule}="组合","各子规则得分之和",'
                                 f'{fx.说明(r, level, items_abs)[1:]})))', "辅助计算")
        else:  # 清单项
            item_rows.append(r)
            填(f"名称{level}", row.名称 or "└ 清单项", "体系子名")
            填(f"分值{level}", row.分值, "体系分值")
            填("是否符合", row.是否符合, "体系规则")
            填("计分方式", "清单项", "体系计算文字")
            ans = f"{c['是否符合']}{r}"
            text = f'TRIM({ans}&"")'
            yes_no = system_compat._是[:-1] + "," + system_compat._否[1:]
            填("检查", f'=IF(ISNA(MATCH({text},{yes_no},0)),"是否符合请填“是”或“否”","")', "辅助计算")
            填("参数说明", "清单项：是否符合填“是”或“否”；清单规则还要在分值列填本项分值", "辅助计算")
        for key, col in cols.items():
            if key not in filled and column_index_from_string(col) <= column_index_from_string(end):
                put(f"{col}{r}", None, "体系空")
    names["体系表"] = 绝对引用(f"A{首行}:{helper_end}{last}")

    # 合计 and 评价等级
    w1 = c["分值1"]
    label_end = get_column_letter(column_index_from_string(w1) - 1)
    put(f"A{total_row}:{label_end}{total_row}", "合计", "体系合计标签")
    put(f"{w1}{total_row}", fx.分值和(首行, last, 1), "体系合计", "分值合计")
    put(f"{c['得分']}{total_row}", fx.合计(首行, last), "体系合计", "总得分")
    put(f"A{grade_row}:{label_end}{grade_row}", "评价等级", "体系合计标签")
    put(f"{c['得分']}{grade_row}", f'=IF(ISNUMBER(总得分),{_等级式()},"")', "体系合计", "等级")
    for r in (total_row, grade_row):
        for key, col in cols.items():
            if column_index_from_string(w1) < column_index_from_string(col) <= column_index_from_string(end) and key != "得分":
                put(f"{col}{r}", None, "体系空")
    put(f"{c['下级分值合计']}{total_row}", "=分值合计", "辅助计算")
    types_all, scores_all = _区(c["行类型"], 首行, last), _区(c["得分"], 首行, last)
    leaf_all = f'({types_all}="末级指标")'
    put(f"{c['检查']}{total_row}",
        f'=MID(IF(ROUND(分值合计-100,9)<>0,"；末级指标分值合计为"&分值合计&"，应为100","")'
        f'&IF(SUMPRODUCT({leaf_all}*(LEN({scores_all}&"")=0))>0,"；"&SUMPRODUCT({leaf_all}*(LEN({scores_all}&"")=0))&"个末级指标尚未评分","")'
        f'&IF(SUMPRODUCT({leaf_all}*(LEFT({scores_all}&"",1)="#"))>0,"；"&SUMPRODUCT({leaf_all}*(LEFT({scores_all}&"",1)="#"))&"个末级指标得分有误",""),2,999)',
        "辅助计算")
    put(f"A{legend_row}:{end}{legend_row}", 填表说明, "体系说明")

    # summary by 一级指标, and its chart
    tops = group_rows.get(1, [])
    sum_title = legend_row + 2
    sum_head = sum_title + 1
    widths = _列宽(cols, D)
    spans = _分段(widths, 2, (16.0, 8.0, 8.0, 8.0))  # 一级指标, 分值, 得分, 得分率: merged columns wide enough
    (n1, n2), (w_a, w_b), (s_a, s_b), (q_a, q_b) = spans
    put(f"{n1}{sum_title}:{q_b}{sum_title}", "一级指标得分汇总", "体系汇总标题")
    for (a, b), text in zip(spans, ("一级指标", "分值", "得分", "得分率"), strict=True):
        put(_段(a, b, sum_head), text, "体系表头")
    r = sum_head

    def summary_row(r: int, name: Any, weight: str, score: str, style: str) -> None:
        put(_段(n1, n2, r), name, "体系合计标签" if style == "体系合计" else "体系汇总名")
        put(_段(w_a, w_b, r), weight, style)
        put(_段(s_a, s_b, r), score, style)
        put(_段(q_a, q_b, r), f'=IF(AND(ISNUMBER({s_a}{r}),ISNUMBER({w_a}{r})),IF({w_a}{r}>0,{s_a}{r}/{w_a}{r},""),"")',
            "体系汇总率")

    for r_group in tops:
        r += 1
        summary_row(r, f'=IF(LEN({c["名称1"]}{r_group}&"")=0,"（未命名）",""&{c["名称1"]}{r_group})',
                    f'=IF(ISNUMBER({w1}{r_group}),{w1}{r_group},{c["下级分值合计"]}{r_group})', f"={c['得分']}{r_group}",
                    "体系汇总数")
    first_top, last_top = sum_head + 1, r
    r += 1
    summary_row(r, "合计", "=分值合计", "=总得分", "体系合计")
    sum_total = r
    names["一级汇总"] = 绝对引用(f"{n1}{sum_head}:{q_b}{sum_total}")
    charts: list[图表样] = []
    if tops:
        anchor_col = get_column_letter(column_index_from_string(q_b) + 2)
        charts.append(图表样("一级指标得分率", f"{n1}{first_top}:{n1}{last_top}", f"{q_a}{sum_head}:{q_a}{last_top}",
                            f"{anchor_col}{sum_title}", 宽=15.0, 高=7.0))
    last_row = max(sum_total, sum_title + 图表行数)

    # helper area right of the table: the system's id and the report's own counts
    lab = get_column_letter(len(cols) + 2)
    val, seen, chk = (get_column_letter(len(cols) + i) for i in (3, 4, 5))
    put(f"{helper_first}1:{helper_end}1", f"填表辅助区（{helper_first}–{chk} 列不打印）", "辅助标题")
    put(f"{lab}2", "体系编号", "辅助标签")
    put(f"{val}2:{chk}2", data.体系编号, "辅助文字", "体系编号", "可选：本体系在 JSON 中的 id（jixiao fill 写入）。")
    put(f"{lab}4", "报告正文所称指标个数", "辅助标签")
    put(f"{val}4", "报告所称", "辅助标签")
    put(f"{seen}4", "表中", "辅助标签")
    put(f"{chk}4", "检查", "辅助标签")
    for k in range(1, D + 1):
        rr = 4 + k
        level_name = 层级名[k - 1]
        put(f"{lab}{rr}", f"{level_name}指标", "辅助标签")
        put(f"{val}{rr}", data.报告指标个数.get(level_name), "辅助输入")
        count = (f'=COUNTIF({types_all},"末级指标")' if k == D else
                 f'=COUNTIFS({types_all},"指标组",{_区(c["层级"], 首行, last)},{k})')
        put(f"{seen}{rr}", count, "辅助计算")
        put(f"{chk}{rr}", f'=IF(LEN({val}{rr}&"")=0,"",IF({val}{rr}={seen}{rr},"",'
                          f'"报告称有"&{val}{rr}&"个{level_name}指标，表中为"&{seen}{rr}&"个"))', "辅助计算")
    names["报告指标个数"] = 绝对引用(f"{lab}5:{chk}{4 + D}")

    widths.update({lab: 16.0, val: 8.0, seen: 6.0, chk: 30.0})
    heights = 估计行高([g for g in cells if _行(g.ref) >= 首行 and _行(g.ref) <= last and _列号(g.ref) <= column_index_from_string(end)],
                       widths, 最小=18.0, 行=range(首行, last + 1))
    heights.update({标题行: 30.0, 信息行: 22.0, 表头行: 30.0, total_row: 22.0, grade_row: 22.0, legend_row: 64.0})
    for rr in range(sum_title, last_row + 1):
        heights.setdefault(rr, 18.0)

    sheet = 工作表样(
        标题=标题,
        格们=tuple(cells),
        列宽=widths,
        行高=heights,
        名称=names,
        校验=_校验(c, leaf_rows, part_rows, item_rows, group_rows, D, val),
        条件格式=_条件格式(c, leaf_rows, part_rows, item_rows, group_rows, total_row),
        打印区域=f"A1:{end}{last_row}",
        打印标题行=f"{表头行}:{表头行}",
        横向=True,
    )
    return 体系工作表样(sheet, tuple(charts), 冻结=f"{c['指标解释']}{首行}", 列=dict(cols))


def _段(a: str, b: str, r: int) -> str:
    return f"{a}{r}" if a == b else f"{a}{r}:{b}{r}"


def _分段(widths: dict[str, float], first: int, minimum: tuple[float, ...]) -> list[tuple[str, str]]:
    """Consecutive column spans from column ``first``, each at least as wide as asked."""
    spans, col = [], first
    for need in minimum:
        start, width = col, 0.0
        while width < need:
            width += widths.get(get_column_letter(col), 8.43)
            col += 1
        spans.append((get_column_letter(start), get_column_letter(col - 1)))
    return spans


def _行(ref: str) -> int:
    return int(re.match(r"[A-Z]+(\d+)", ref.split(":")[0])[1])  # type: ignore[index]


def _列号(ref: str) -> int:
    return column_index_from_string(re.match(r"([A-Z]+)", ref)[1])  # type: ignore[index]


def _清单分值检查(c: dict[str, str], level: int, items: tuple[int, int], rule: str, w: str) -> str:
    """Under 清单, the 分值 of the items below a row must add up to its 分值 ``w``."""
    pts = _区(c[f"分值{level}"], *items)
    return (f'IF(AND({rule}="清单",ISNUMBER({w})),IF(ROUND(SUM({pts})-{w},9)<>0,'
            f'"；清单各项分值合计为"&SUM({pts})&"，与分值"&{w}&"不符",""),"")')


def _末级检查(c: dict[str, str], r: int, level: int, items: tuple[int, int] | None, sub: tuple[int, int] | None) -> str:
    w, s, rule = f"{c[f'分值{level}']}{r}", f"{c['得分']}{r}", f"{c['评分规则']}{r}"
    manual, why = f"{c['人工得分']}{r}", f"{c['得分情况说明']}{r}"
    parts = [
        f'IF(NOT(ISNUMBER({w})),"；末级指标没有分值","")',
        f'IF(AND({rule}="人工",{_空(manual)}),"；人工评分：请在“人工得分”列填写得分","")',
        f'IF(AND(NOT({_空(rule)}),{rule}<>"人工",NOT({_空(manual)})),"；评分规则不是人工，人工得分不起作用","")',
        f'IF(LEFT({s}&"",1)="#","；得分有误："&{s}&"（按“参数说明”检查本行参数）","")',
        f'IF(AND(ISNUMBER({s}),ISNUMBER({w})),IF(OR({s}<0,{s}>{w}),"；得分"&{s}&"不在0–"&{w}&"之间",""),"")',
        f'IF(AND(ISNUMBER({s}),ISNUMBER({w})),IF(AND({s}<{w},{_空(why)}),"；扣了"&ROUND({w}-{s},2)&"分，但得分情况说明为空",""),"")',
    ]
    if items:
        parts.append(_清单分值检查(c, level, items, rule, w))
    if sub:
        types, ws = _区(c["行类型"], *sub), _区(c[f"分值{level}"], *sub)
        parts.append(f'IF(AND({rule}="组合",ISNUMBER({w})),IF(ROUND(SUMIF({types},"子规则",{ws})-{w},9)<>0,'
                     f'"；子规则分值合计为"&SUMIF({types},"子规则",{ws})&"，与分值"&{w}&"不符",""),"")')
    name = f"{c[f'名称{level}']}{r}"
    unused = f"AND({_空(name)},{_空(rule)},{_空(w)})"  # a spare row of the blank template
    return f'=IF({unused},"",MID(' + "&".join(parts) + ",2,999))"


def _子规则检查(c: dict[str, str], r: int, level: int, items: tuple[int, int] | None) -> str:
    w, s, rule = f"{c[f'分值{level}']}{r}", f"{c['得分']}{r}", f"{c['评分规则']}{r}"
    parts = [
        f'IF(NOT(ISNUMBER({w})),"；子规则要写明分值","")',
        f'IF(LEFT({s}&"",1)="#","；得分有误："&{s}&"（按“参数说明”检查本行参数）","")',
    ]
    if items:
        parts.append(_清单分值检查(c, level, items, rule, w))
    return "=MID(" + "&".join(parts) + ",2,999)"


def _批注() -> dict[str, str]:
    return {
        "评分规则": ("下拉选择：人工（评价人判断，在“人工得分”列填写）、组合（下方子规则之和）、"
                  "比例、每差扣分、区间、调整率、满意度、清单、清单扣分、计数。各规则的参数见右侧“参数说明”列和“评分规则”工作表。"),
        "实际值": "该规则下本列的含义见右侧“参数说明”列。百分比直接输入，如 84.31%。",
        "目标值": "该规则下本列的含义见右侧“参数说明”列。",
        "上年值": "满意度规则：上年满意度（高于上年时加“提升加分”）。",
        "参数1": "步长、零分线、起算线、每项扣分或每个扣分，见“参数说明”。",
        "参数2": "每步扣分、方式或提升加分，见“参数说明”。",
        "参数3": "每差扣分的方向：正向（低于目标扣分）或反向（超出目标扣分），空为正向。",
        "参数4": "每差扣分的取整：整步（不足一步按一步扣，空时默认）、比例（按实际比例扣）或去尾。",
        "是否符合": "清单项行：是 或 否。",
        "计分方式": "自动：公式（按评分规则计算）、人工（评价人给分）、组合、子规则、清单项。",
        "人工得分": "仅当评分规则为“人工”时填写；须在0与分值之间，扣分时写明得分情况说明。",
        "得分": "自动计算，勿手填。指标组的得分为其下末级指标得分之和。",
        "得分情况说明": "凡扣分的末级指标都必须说明（未填时本格标红）。",
        "下级分值合计": "指标组：其下末级指标分值之和（应等于本组分值）。",
        "检查": "本行的检查结果；为空表示无误。",
    }


填表说明 = (
    "说明：1. 黄色单元格为填写项，其余由公式计算（工作表已保护，无密码）。"
    "2. 每行一个指标。指标组行填本组分值，得分为其下末级指标得分之和；末级指标在“评分规则”列选择计分方式：人工（在“人工得分”列填写）、"
    "组合（下方子规则得分之和）或 比例、每差扣分、区间、调整率、满意度、清单、清单扣分、计数，参数填在 实际值、目标值、上年值 和 参数1–4 列，"
    "含义见右侧“参数说明”列和“评分规则”工作表。"
    "3. 以“└”开头的子规则行和清单项行属于其上方的末级指标，不计入合计。"
    "4. 检查结果见右侧“检查”列：下级分值之和与本级分值不符、末级指标分值合计不为100、得分超出0–分值、扣分而无得分情况说明时，相应单元格标红。"
    "5. 评价等级：" + "、".join(f"{g}（≥{n}）" for g, n in 默认等级) + f"、{末等}（<{默认等级[-1][1]}）。"
)


def _等级式(k: int = 0) -> str:
    """The grade of 总得分 by the default grade lines (财预〔2020〕10号: 优 ≥90, 良 ≥80, 中 ≥60, 差)."""
    if k == len(默认等级):
        return f'"{末等}"'
    grade, line = 默认等级[k]
    return f'IF(总得分>={line},"{grade}",{_等级式(k + 1)})'


def _校验(c, leaf_rows, part_rows, item_rows, group_rows, D, val_col) -> tuple[数据校验, ...]:
    leaves = [r for rs in leaf_rows.values() for r in rs]
    rulers = sorted(leaves + part_rows)
    checks: list[数据校验] = []

    def cells(col: str, rows: list[int]) -> str:
        return " ".join(f"{col}{r}" for r in rows)

    if leaves:
        checks.append(数据校验(cells(c["评分规则"], leaves), "list", '"' + ",".join(规则选项) + '"', 标题="评分规则",
                               提示="人工、组合，或一种计算规则；参数含义见右侧“参数说明”列。",
                               出错信息="请从列表中选择评分规则（见“评分规则”工作表）。"))
        checks.append(数据校验(cells(c["人工得分"], leaves), "decimal", "0", 运算符="greaterThanOrEqual", 标题="人工得分",
                               提示="评分规则为“人工”时填写，须在0与分值之间。", 出错信息="人工得分须为不小于0的数字。"))
    if part_rows:
        checks.append(数据校验(cells(c["评分规则"], part_rows), "list", '"' + ",".join(子规则选项) + '"', 标题="子规则",
                               出错信息="子规则须为一种计算规则（不能是人工或组合）。"))
    if item_rows:
        checks.append(数据校验(cells(c["是否符合"], item_rows), "list", '"是,否"', 标题="是否符合",
                               出错信息="请选择 是 或 否。"))
    weights = [f"{c[f'分值{lv}']}{r}" for lv, rs in group_rows.items() for r in rs]
    weights += [f"{c[f'分值{lv}']}{r}" for lv, rs in leaf_rows.items() for r in rs]
    if weights:
        checks.append(数据校验(" ".join(weights), "decimal", "0", "100", "between", 标题="分值",
                               出错信息="分值须为0到100之间的数字。"))
    if rulers:
        first = rulers[0]
        rule = f"${c['评分规则']}{first}"
        for key, (rule_name, options, what) in {
            "参数2": ("区间", ("插值", "比例"), "区间规则的方式"),
            "参数3": ("每差扣分", ("正向", "反向"), "每差扣分的方向"),
            "参数4": ("每差扣分", ("整步", "比例", "去尾"), "每差扣分的取整"),
        }.items():
            p = f"{c[key]}{first}"
            allowed = ",".join(f'{p}="{o}"' for o in options)
            checks.append(数据校验(cells(c[key], rulers), "custom", f'IF({rule}="{rule_name}",OR(LEN({p}&"")=0,{allowed}),TRUE)',
                                   标题=key, 出错信息=f"{what}只能是 {'、'.join(options)}（或留空）。"))
    checks.append(数据校验(f"{val_col}5:{val_col}{4 + D}", "whole", "0", 运算符="greaterThanOrEqual", 标题="指标个数",
                           出错信息="指标个数须为不小于0的整数。"))
    return tuple(checks)


def _条件格式(c, leaf_rows, part_rows, item_rows, group_rows, total_row) -> tuple[条件格式, ...]:
    out: list[条件格式] = []
    s, rule, manual, why = c["得分"], c["评分规则"], c["人工得分"], c["得分情况说明"]
    for level, rs in sorted(group_rows.items()):
        w, r0 = c[f"分值{level}"], rs[0]
        out.append(条件格式(" ".join(f"{w}{r}" for r in rs),
                            f'AND(ISNUMBER({w}{r0}),ISNUMBER(${c["下级分值合计"]}{r0}),ROUND({w}{r0}-${c["下级分值合计"]}{r0},9)<>0)',
                            "超分值"))
    w1 = c["分值1"]
    out.append(条件格式(f"{w1}{total_row}", f"AND(ISNUMBER({w1}{total_row}),ROUND({w1}{total_row}-100,9)<>0)", "超分值"))
    all_leaves = sorted(r for rs in leaf_rows.values() for r in rs)
    for level, rs in sorted(leaf_rows.items()):
        w, r0 = c[f"分值{level}"], rs[0]
        out.append(条件格式(" ".join(f"{s}{r}" for r in rs),
                            f"AND(ISNUMBER(${s}{r0}),ISNUMBER(${w}{r0}),OR(${s}{r0}<0,${s}{r0}>${w}{r0}))", "超分值"))
        out.append(条件格式(" ".join(f"{why}{r}" for r in rs),
                            f'AND(ISNUMBER(${s}{r0}),ISNUMBER(${w}{r0}),${s}{r0}<${w}{r0},LEN(TRIM(${why}{r0}&""))=0)', "缺说明"))
    if all_leaves:
        r0 = all_leaves[0]
        out.append(条件格式(" ".join(f"{s}{r} {manual}{r} {c['计分方式']}{r}" for r in all_leaves),
                            f'${rule}{r0}="人工"', "人工"))
        out.append(条件格式(" ".join(f"{manual}{r}" for r in all_leaves),
                            f'AND(${rule}{r0}<>"人工",LEN(TRIM(${manual}{r0}&""))>0)', "超分值"))
    scored = sorted(all_leaves + part_rows + [r for rs in group_rows.values() for r in rs])
    if scored:
        r0 = scored[0]
        out.append(条件格式(" ".join(f"{s}{r}" for r in scored) + f" {s}{total_row}", f'LEFT({s}{r0}&"",1)="#"', "错误"))
    if item_rows:
        r0 = item_rows[0]
        out.append(条件格式(" ".join(f"{c['是否符合']}{r}" for r in item_rows), f'LEN(${c["检查"]}{r0}&"")>0', "缺说明"))
    return tuple(out)


# --- the 评分规则 sheet ----------------------------------------------------------------------

规则表头 = ("评分规则", *表列, "清单项", "填写说明")


def 规则表样() -> 工作表样:
    """The 评分规则 sheet: which column means what under each rule (read by 参数说明)."""
    rows = [
        [name, *(表列参数.get(name, {}).get(col) for col in 表列),
         {"清单": "是否符合、分值", "清单扣分": "是否符合"}.get(name), 表列说明(name)]
        for name in ("人工", "组合", *system_compat.规则名)
    ]
    cells = 参数表格("评分规则与参数（绩效评价指标体系评分表的“评分规则”列）", 规则表头, rows)
    last = 2 + len(rows)
    widths = {get_column_letter(i): 9.0 for i in range(1, 11)}
    widths.update({"A": 10.0, "J": 90.0})
    return 工作表样(
        标题="评分规则",
        格们=tuple(cells),
        列宽=widths,
        行高={1: 24.0, 2: 22.0, **{r: 34.0 for r in range(3, last + 1)}},
        工作簿名称={"规则名称": f"'评分规则'!$A$3:$A${last}", "规则填写说明": f"'评分规则'!$J$3:$J${last}"},
        打印区域=f"A1:J{last}",
        横向=True,
    )
