"""The sheet kit: what both workbook families (自评表, 评价体系) are described with.

A sheet is a :class:`工作表样` — its :class:`格` (a cell or a merged range with its value,
style key, sheet-scoped name, comment and link), column widths, row heights, data
validations, conditional formats and print settings — and :mod:`workbook_templates.render`
writes it with openpyxl.  Nothing here writes a workbook.

Styles are declared here, once, in :data:`样式表`: every style key a layout uses is in this
table (the 自评表 keys first, then the 体系 keys), so no module changes another's styles.

>>> 列范围("B:E", 4), 列范围("D", 4), 绝对引用("B13:I21")
('B4:E4', 'D4', '$B$13:$I$21')
>>> 表引用("金保工程运行费"), 表引用("表 1"), 表引用("A1")
('金保工程运行费', "'表 1'", "'A1'")
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

__all__ = [
    "估计行高", "代入", "列范围", "参数表格", "工作表样", "数据校验", "条件格式", "样式", "样式表", "格",
    "模板标记名", "模板版本", "绝对引用", "表引用", "输入底色", "输出标记名",
]

模板标记名 = "jixiao_模板"  # hidden workbook name of a built workbook: "<版式>|<版本>"
模板版本 = "1"
输出标记名 = "jixiao_输出"  # hidden workbook name of a file this tool wrote: "汇总" or "无宏版"


def 表引用(title: str) -> str:
    """A sheet name as written in a reference or a cell address: quoted unless plain."""
    if re.fullmatch(r"[^\W\d]\w*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


# --- styles ----------------------------------------------------------------------

输入底色 = "FFF2CC"  # light yellow: where a person types


@dataclass(frozen=True)
class 样式:
    字体: str = "宋体"
    字号: float = 10.5
    加粗: bool = False
    水平: str = "center"
    垂直: str = "center"
    换行: bool = True
    底色: str | None = None
    数字格式: str = "General"
    锁定: bool = True
    边框: bool = True
    颜色: str | None = None
    缩小: bool = False  # shrink to fit: a long amount never shows as ####


# Every style key of both workbook families; render.py turns each into openpyxl style objects.
样式表: dict[str, 样式] = {
    "标题": 样式(字号=18, 加粗=True, 边框=False),
    "副标题": 样式(字号=12, 边框=False),
    "标签": 样式(),
    "表头": 样式(加粗=True),
    "总分标签": 样式(字号=12, 加粗=True),
    # Text inputs are formatted as text (@): Excel then keeps "=100%" as typed instead of
    # turning it into a formula.
    "输入": 样式(字体="仿宋", 水平="left", 底色=输入底色, 锁定=False, 数字格式="@"),
    "输入文字居中": 样式(字体="仿宋", 底色=输入底色, 锁定=False, 数字格式="@"),
    "输入居中": 样式(字体="仿宋", 底色=输入底色, 锁定=False),
    "输入长文": 样式(字体="仿宋", 水平="left", 垂直="top", 底色=输入底色, 锁定=False, 数字格式="@"),
    "输入金额": 样式(字体="仿宋", 水平="right", 换行=False, 底色=输入底色, 数字格式="#,##0.00", 锁定=False, 缩小=True),
    "输入数字": 样式(字体="仿宋", 底色=输入底色, 数字格式="General", 锁定=False),
    "计算百分比": 样式(数字格式="0.00%"),
    "计算得分": 样式(数字格式="0.00"),
    "计算数字": 样式(数字格式="General"),
    "等级": 样式(字号=12, 加粗=True),
    "辅助标题": 样式(字号=9, 加粗=True, 水平="left", 边框=False, 颜色="595959", 换行=False),
    "辅助标签": 样式(字号=9, 颜色="595959"),
    "辅助输入": 样式(字体="仿宋", 字号=10, 底色=输入底色, 锁定=False),
    "辅助文字": 样式(字体="仿宋", 字号=10, 底色=输入底色, 锁定=False, 数字格式="@"),
    "辅助计算": 样式(字号=9, 水平="left", 换行=False, 颜色="595959"),
    "隐藏文字": 样式(字号=9, 水平="left", 换行=False, 颜色="595959", 数字格式=";;;"),  # kept, never shown
    "说明": 样式(字号=9, 水平="left", 垂直="top", 边框=False),
    "清单": 样式(),
    "清单名称": 样式(水平="left"),
    "清单金额": 样式(水平="right", 换行=False, 数字格式="#,##0.00", 缩小=True),
    # 绩效评价指标体系评分表 (workbook_templates.system_layout)
    "体系标题": 样式(字号=16, 加粗=True, 边框=False),
    "体系信息标签": 样式(字号=10, 水平="right", 边框=False),
    "体系信息": 样式(字体="仿宋", 字号=10, 水平="left", 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系年度": 样式(字体="仿宋", 字号=10, 底色=输入底色, 锁定=False),
    "体系表头": 样式(字号=9, 加粗=True),
    "体系组名": 样式(字号=9, 加粗=True, 水平="left", 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系组分值": 样式(字号=9, 加粗=True, 底色=输入底色, 锁定=False),
    "体系组得分": 样式(字号=9, 加粗=True),
    "体系编号": 样式(字号=9, 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系名称": 样式(字号=9, 水平="left", 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系子名": 样式(字号=9, 水平="left", 底色=输入底色, 锁定=False, 数字格式="@", 颜色="595959"),
    "体系分值": 样式(字号=9, 底色=输入底色, 锁定=False),
    "体系文字": 样式(字体="仿宋", 字号=9, 水平="left", 垂直="top", 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系规则": 样式(字号=9, 底色=输入底色, 锁定=False, 数字格式="@"),
    "体系参数": 样式(字号=9, 底色=输入底色, 锁定=False, 缩小=True, 换行=False),
    "体系参数%": 样式(字号=9, 底色=输入底色, 锁定=False, 缩小=True, 换行=False, 数字格式="0.00%"),
    "体系计算": 样式(字号=9),
    "体系计算文字": 样式(字号=9, 颜色="595959"),
    "体系空": 样式(字号=9),
    "体系合计标签": 样式(字号=10.5, 加粗=True),
    "体系合计": 样式(字号=10.5, 加粗=True),
    "体系说明": 样式(字号=9, 水平="left", 垂直="top", 边框=False),
    "体系汇总标题": 样式(字号=11, 加粗=True, 水平="left", 边框=False),
    "体系汇总名": 样式(字号=10, 水平="left"),
    "体系汇总数": 样式(字号=10),
    "体系汇总率": 样式(字号=10, 数字格式="0.00%"),
    "体系辅助文字": 样式(字号=9, 水平="left", 垂直="top", 颜色="595959"),
}



# --- the parts of a sheet ----------------------------------------------------------

@dataclass(frozen=True)
class 格:
    """A cell, or a merged range (``ref`` "B3:I3") whose value sits in its first cell."""

    ref: str
    值: Any = None
    样式: str = "标签"
    名称: str | None = None  # sheet-scoped defined name for this cell (or range)
    批注: str | None = None
    链接: str | None = None  # internal hyperlink target, e.g. "'表1'!A1"
    键: tuple[str, int | None] | None = None  # a formula's key in its layout and its row: what computes its value


@dataclass(frozen=True)
class 数据校验:
    区域: str
    类型: str  # list / decimal / whole / custom
    公式1: str
    公式2: str | None = None
    运算符: str | None = None
    出错样式: str = "stop"  # stop / warning / information
    标题: str = ""
    提示: str = ""
    出错信息: str = ""


@dataclass(frozen=True)
class 条件格式:
    区域: str
    公式: str  # Excel formula without "=", relative to the first cell of 区域
    效果: str  # key of build.条件效果
    停止: bool = False


@dataclass(frozen=True)
class 工作表样:
    标题: str
    格们: tuple[格, ...]
    列宽: dict[str, float]
    行高: dict[int, float]
    名称: dict[str, str] = field(default_factory=dict)  # name -> absolute ref ($B$3)
    校验: tuple[数据校验, ...] = ()
    条件格式: tuple[条件格式, ...] = ()
    工作簿名称: dict[str, str] = field(default_factory=dict)  # workbook-scoped names
    打印区域: str | None = None
    打印标题行: str | None = None
    横向: bool = False
    保护: bool = True
    页脚: str = "第 &P 页，共 &N 页"


def 代入(template: str, values: dict[str, str]) -> str:
    """Fill ``{field}`` placeholders; braces of array constants ({"达成","未达成"}) stay.

    >>> 代入('=MATCH({档次}{r},{"达成","未达成"},0)', {"档次": "L", "r": "13"})
    '=MATCH(L13,{"达成","未达成"},0)'
    """
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], m[0]), template)


def 列范围(cols: str, row: int) -> str:
    """"B:E", 4 -> "B4:E4"; "D", 4 -> "D4"."""
    first, _, last = cols.partition(":")
    return f"{first}{row}:{last}{row}" if last and last != first else f"{first}{row}"


def 绝对引用(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))



# --- text size estimates (row heights that fit wrapped Chinese text) ------------------

def _文字宽度(text: str, 字号: float) -> float:
    """Width in Excel column units (1 unit ≈ one '0' of Calibri 11, 7 px)."""
    unit = 字号 * 96 / 72 / 7  # a full-width character in column units
    return sum(unit if unicodedata.east_asian_width(ch) in "WF" else unit * 0.55 for ch in text)


def 估计行数(text: str, 宽度: float, 字号: float = 10.5) -> int:
    usable = max(宽度 - 1.2, 1.0)  # cell padding
    return sum(max(1, math.ceil(_文字宽度(part, 字号) / usable)) for part in str(text).split("\n"))


def 估计行高(格们: tuple[格, ...] | list[格], 列宽: dict[str, float], 最小: float = 20.0,
             行: range | None = None) -> dict[int, float]:
    """Row heights (points) so that every wrapped cell shows all its text.

    Rows in ``行`` get at least ``最小``; a cell merged over several rows spreads
    what it lacks over them.
    """
    heights: dict[int, float] = dict.fromkeys(行 or (), 最小)
    tall: list[tuple[int, int, float]] = []
    for g in 格们:
        if g.值 is None or (isinstance(g.值, str) and g.值.startswith("=")):
            continue
        st = 样式表[g.样式]
        if not st.换行:
            continue
        first, _, last = g.ref.partition(":")
        c1, r1 = re.match(r"([A-Z]+)(\d+)", first).groups()  # type: ignore[union-attr]
        c2, r2 = re.match(r"([A-Z]+)(\d+)", last or first).groups()  # type: ignore[union-attr]
        width = sum(列宽.get(get_column_letter(i), 8.43)
                    for i in range(column_index_from_string(c1), column_index_from_string(c2) + 1))
        text = g.值 if isinstance(g.值, str) else format(g.值)
        need = 估计行数(text, width, st.字号) * st.字号 * 1.45 + 6  # CJK line height ≈ 1.45 em
        if r1 == r2:
            heights[int(r1)] = max(heights.get(int(r1), 最小), need)
        else:
            tall.append((int(r1), int(r2), need))
    for r1, r2, need in tall:
        rows = range(r1, r2 + 1)
        lack = need - sum(heights.setdefault(r, 最小) for r in rows)
        if lack > 0:
            for r in rows:
                heights[r] += lack / len(rows)
    return heights


def 参数表格(副标题: str, 表头: tuple[str, ...], 行们: list[list[Any]]) -> list[格]:
    """The cells of a reference sheet (计分口径, 评分规则): the subtitle across row 1, the headers in
    row 2, one row per entry from row 3 with its first and last cells (name, explanation) as names."""
    cells = [格(f"A1:{get_column_letter(len(表头))}1", 副标题, "副标题")]
    cells += [格(f"{get_column_letter(i)}2", text, "表头") for i, text in enumerate(表头, 1)]
    for r, values in enumerate(行们, 3):
        for i, value in enumerate(values):
            cells.append(格(f"{get_column_letter(i + 1)}{r}", value, "清单名称" if i in (0, len(values) - 1) else "清单"))
    return cells
