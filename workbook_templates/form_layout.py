"""The 项目支出绩效自评表 as data: rows, cells, merges, styles, names, checks.

Nothing here writes a workbook: a form sheet is a :class:`~workbook_templates.sheetkit.工作表样`
(the sheet kit shared with the evaluation-system workbook) and
:mod:`workbook_templates.render` writes it.  The
same function, :func:`自评表样`, describes the blank template of
``jixiao build`` and every filled sheet of ``jixiao fill``: the form is
defined once.

Two 版式 (variants) share the frame of the 财政部 standard form (seeds 003 and
004): the 函数版 calls the project's Excel functions (``=指标得分(...)``);
the 兼容版 (:mod:`workbook_templates.form_compat`) uses native formulas only and
splits 年度指标值 into 指标性质 / 指标值 / 度量单位, as the 云南 and 四川
variants of the form do.

Printed columns are A–I (函数版) or A–K (兼容版); helper columns to their
right (人工得分, 偏差提示, 计分说明, settings such as 口径) are outside the
print area.

Defined names (sheet-scoped, so a workbook holds many forms): 项目名称,
主管部门, 实施单位, 年初预算数, 全年预算数, 全年执行数, 执行率分值, 口径,
金额单位, 年度, 表单编号, 预期目标, 实际完成情况, 资金表, 指标表, 人工得分列,
分值合计 and — for the cells holding 执行率, its 得分, the 总分 and the grade —
预算执行率, 预算执行率得分, 总得分, 等级.  The last four cannot be called
执行率 / 执行率得分 / 总分 / 评价等级: a defined name of the same name as a
function hides the function: LibreOffice 7.4 then fails ``=总分(...)`` with
Err:509 (measured).  Excel 365 calls a name followed by "(" as a LAMBDA, so
the clash is expected there too (not testable on this machine).

>>> s = 自评表样(函数版)
>>> s.名称["总得分"], s.名称["等级"], s.名称["指标表"], s.打印区域
('$H$30', '$G$31', '$B$13:$I$29', 'A1:I31')
>>> [g.ref for g in s.格们 if g.值 == "产出指标"]
['B13:B21']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from udfs.profiles import 口径列表, 口径说明
from udfs.vocabulary import 一级选项, 二级选项, 指标表头, 标准指标分组, 档次名, 资金行顺序

from . import form_compat as compat
from .sheetkit import (
    代入,
    估计行高,
    列范围,
    工作表样,
    数据校验,
    条件格式,
    格,
    绝对引用,
    表引用,
)

__all__ = [
    "兼容版", "函数版", "字段列", "标准指标分组", "标准指标行", "清单名称", "清单样", "版式", "版式表", "自评表样", "表单输入",
    "资金行标签", "首行",
]

# --- the two variants --------------------------------------------------------------

@dataclass(frozen=True)
class 版式:
    名称: str  # 函数版 / 兼容版
    文件名: str
    列宽: dict[str, float]
    末列: str  # last printed column
    指标列: tuple[tuple[str, str], ...]  # (field, column) printed, in order
    辅助列: tuple[tuple[str, str], ...]  # (field, column) right of the print area
    资金列: tuple[tuple[str, str], ...]  # (field, column or "E:F")
    主管部门: str  # range of the 主管部门 value
    实施单位标签: str
    实施单位: str
    预期目标: str
    实际完成情况: str
    设置标签列: str
    设置值列: str
    总分标签: str  # merged label range columns, e.g. "A:F"


函数版 = 版式(
    名称="函数版",
    文件名="项目支出绩效自评表.xlsx",
    列宽={"A": 8, "B": 8.5, "C": 11, "D": 20, "E": 12, "F": 12, "G": 6.5, "H": 9, "I": 20,
          "J": 10, "K": 34, "L": 70},
    末列="I",
    指标列=(("一级", "B"), ("二级", "C"), ("三级", "D"), ("年度指标值", "E"), ("实际完成值", "F"),
           ("分值", "G"), ("得分", "H"), ("偏差原因分析及改进措施", "I")),
    辅助列=(("人工得分", "J"), ("偏差提示", "K"), ("计分说明", "L")),
    资金列=(("标签", "B:C"), ("年初预算数", "D"), ("全年预算数", "E"), ("全年执行数", "F"),
           ("分值", "G"), ("执行率", "H"), ("得分", "I")),
    主管部门="B:E", 实施单位标签="F:F", 实施单位="G:I",
    预期目标="B:E", 实际完成情况="F:I",
    设置标签列="J", 设置值列="K",
    总分标签="A:F",
)

兼容版 = 版式(
    名称="兼容版",
    文件名="项目支出绩效自评表_兼容版.xlsx",
    列宽={"A": 8, "B": 8.5, "C": 11, "D": 17, "E": 6.5, "F": 10, "G": 7, "H": 10, "I": 6.5,
          "J": 9, "K": 20, "L": 10, "M": 10, "N": 10, "O": 34},
    末列="K",
    指标列=(("一级", "B"), ("二级", "C"), ("三级", "D"), ("指标性质", "E"), ("指标值", "F"),
           ("度量单位", "G"), ("实际完成值", "H"), ("分值", "I"), ("得分", "J"),
           ("偏差原因分析及改进措施", "K")),
    辅助列=(("完成档次", "L"), ("人工得分", "M"), ("规则得分", "N"), ("偏差提示", "O")),
    资金列=(("标签", "B:C"), ("年初预算数", "D"), ("全年预算数", "E:F"), ("全年执行数", "G:H"),
           ("分值", "I"), ("执行率", "J"), ("得分", "K")),
    主管部门="B:F", 实施单位标签="G:H", 实施单位="I:K",
    预期目标="B:F", 实际完成情况="G:K",
    设置标签列="L", 设置值列="M",
    总分标签="A:H",
)

版式表 = {v.名称: v for v in (函数版, 兼容版)}

# the template's header texts: the vocabulary's own spelling of each field, else the field's name
表头文字 = {key: 指标表头[key][0] if key in 指标表头 else key
        for key, _ in 函数版.指标列 + 函数版.辅助列 + 兼容版.指标列 + 兼容版.辅助列}

# the 财政部 form's fund rows: (standard row, the label the template prints)
资金行标签 = tuple((name, "其中：本年财政拨款" if name == "财政拨款" else name) for name in 资金行顺序)


def 标准指标行() -> list[dict[str, Any]]:
    """The indicator rows of a blank form: 一级/二级 filled in, nothing else."""
    return [{"一级": l1, "二级": l2} for l1, subs in 标准指标分组 for l2, n in subs for _ in range(n)]


# --- rows of the form ---------------------------------------------------------------

标题行, 年度行, 名称行, 部门行, 资金表头行 = 1, 2, 3, 4, 5
资金首行 = 6  # 年度资金总额; sub-rows follow
目标表头行, 目标行, 指标表头行 = 10, 11, 12
首行 = 13  # first indicator row


@dataclass
class 表单输入:
    """What a person types into one form (fields by name; see :func:`自评表样`)."""

    项目名称: Any = None
    主管部门: Any = None
    实施单位: Any = None
    口径: Any = "财政部"
    金额单位: Any = "万元"
    年度: Any = None
    表单编号: Any = None
    资金: dict[str, dict[str, Any]] = field(default_factory=dict)  # 年度资金总额 -> {年初预算数: ...}
    预期目标: Any = None
    实际完成情况: Any = None
    指标: list[dict[str, Any]] = field(default_factory=标准指标行)


def 字段列(v: 版式) -> dict[str, str]:
    """field -> column letter for the indicator table and its helper columns."""
    return dict(v.指标列 + v.辅助列)


def _合并段(values: list[Any]) -> list[tuple[int, int]]:
    """(start, end) index runs of equal, non-empty consecutive values."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or values[start] in (None, ""):
            runs.append((start, i - 1))
            start = i
    return runs


def _分组段(rows: list[dict[str, Any]], key: str, within: str | None = None) -> list[tuple[int, int]]:
    values = [(r.get(within) if within else None, r.get(key)) for r in rows]
    keys = [v if v[1] not in (None, "") else None for v in values]
    return _合并段(keys)


# --- the form ------------------------------------------------------------------------

def _批注(v: 版式) -> dict[str, str]:
    compat = v is 兼容版
    notes = {
        "项目名称": "填写预算批复的项目全称；工作表名取自项目名称。",
        "年初预算数": "年初预算批复数；年中新增的项目可为0。",
        "全年预算数": "调整后的全年预算数。执行率 = 全年执行数 ÷ 全年预算数（不用年初预算数）。",
        "全年执行数": "截至年底的实际支出数。",
        "执行率": "自动计算：全年执行数 ÷ 全年预算数，显示两位小数的百分比。",
        "资金得分": "自动计算：执行率 × 分值，执行率超过100%按100%计，保留2位小数。",
        "执行率分值": "预算执行率的分值：财政部口径10分，湖北式20分。",
        "分值": "各指标分值之和 + 执行率分值 应为100（默认：产出50、效益30、满意度10）。",
        "得分": ("自动计算，勿手填：定量指标按完成比例，定性指标按档次默认比例；"
                 "如需在档次内调整，请在右侧“人工得分”列填写，并写明偏差原因。"),
        "偏差原因分析及改进措施": "凡扣分的指标都必须填写偏差原因分析及改进措施（未填时本格标红）。",
        "人工得分": ("可选。评价人给定的得分：定性指标须在所属档次之内（如 基本健全 属“部分达成”档），"
                     "定量指标须在0与分值之间。填写后得分格以斜体蓝底显示，以免人工调整被忽略。"),
        "口径": f"计分口径：{口径说明()}；决定反向指标的计分、定性指标的档次和执行率分值。",
        "金额单位": "万元或元：只改变表头“项目资金（万元）”的显示，不换算已填的金额。",
        "年度": "自评年度，如 2024。",
        "表单编号": "可选：本表在汇总中的编号（jixiao fill 写入 JSON 中的 id）。",
    }
    if compat:
        notes.update({
            "指标性质": "≥ ≤ = > < ：定量指标的比较方式（≥ 正向，≤ 反向）；定性：文字指标；不适用：本行不计分。",
            "指标值": "定量指标只填数字（如 28、99），单位写在“度量单位”列；定性指标填文字（如 健全）。",
            "度量单位": "如 万人、%、小时、次；实际完成值使用同一单位。",
            "实际完成值": ("定量指标填与指标值同一单位的数字（指标 ≥28 万人，实际填 29）；"
                           "定性指标填文字，并在右侧“完成档次”列选择档次。"),
            "完成档次": "定性指标选择：达成、部分达成、未达成。得分 = 档次默认比例 × 分值（比例见“计分口径”工作表）。",
            "规则得分": "按规则计算的得分（不含人工得分）。",
        })
    else:
        notes.update({
            "年度指标值": "写比较符号、数值和单位，如 ≥28万人、=100%、≤24小时；定性指标写文字，如 健全。",
            "实际完成值": "写实际达到的数值和单位，如 29万人、96.78%；定性指标写 健全／基本健全／不健全 等。",
            "计分说明": "说明得分是怎样算出的（定量的比例、定性的档次和口径）。",
            "计分结果": "整张指标表一次计算的结果（各行的得分与计分说明取自这里）：请勿修改或删除。",
        })
    return notes


@dataclass(frozen=True)
class _式:
    """A formula of the layout, with its key and row (what computes its value: form_values)."""

    文本: str
    键: str
    行: int | None


def 自评表样(v: 版式, 输入: 表单输入 | None = None, 标题: str = "自评表") -> 工作表样:
    """The sheet of one form in variant ``v``; ``输入`` fills it (None: a blank form)."""
    data = 输入 or 表单输入()
    rows = data.指标 or [{}]
    n = len(rows)
    last_ind = 首行 + n - 1
    total_row = last_ind + 1
    end = v.末列
    cols = 字段列(v)
    fund_cols = dict(v.资金列)
    notes = _批注(v)
    formulas = compat.公式 if v is 兼容版 else 函数版公式
    places = {**cols, "首": str(首行), "末": str(last_ind), "总": str(total_row)}

    def f(key: str, r: int | None = None) -> _式:
        return _式(代入(formulas[key], {**places, "r": str(r)}), key, r)

    cells: list[格] = []
    names: dict[str, str] = {}

    def put(ref: str, value: Any = None, style: str = "标签", name: str | None = None,
            note: str | None = None) -> None:
        key = None
        if isinstance(value, _式):
            value, key = value.文本, (value.键, value.行)
        cells.append(格(ref, value, style, name, note, 键=key))
        if name:
            names[name] = 绝对引用(ref.split(":")[0])

    # title and header
    put(f"A{标题行}:{end}{标题行}", "项目支出绩效自评表", "标题")
    put(f"A{年度行}:{end}{年度行}", f("副标题"), "副标题")
    put(f"A{名称行}", "项目名称")
    put(f"B{名称行}:{end}{名称行}", data.项目名称, "输入", "项目名称", notes["项目名称"])
    put(f"A{部门行}", "主管部门")
    put(列范围(v.主管部门, 部门行), data.主管部门, "输入", "主管部门")
    put(列范围(v.实施单位标签, 部门行), "实施单位")
    put(列范围(v.实施单位, 部门行), data.实施单位, "输入", "实施单位")

    # 项目资金
    put(f"A{资金表头行}:A{资金首行 + 3}", f("资金标签"))
    put(列范围(fund_cols["标签"], 资金表头行), None, "表头")
    for col, label, note in (("年初预算数", "年初预算数", "年初预算数"), ("全年预算数", "全年预算数", "全年预算数"),
                             ("全年执行数", "全年执行数", "全年执行数"), ("分值", "分值", "执行率分值"),
                             ("执行率", "执行率", "执行率"), ("得分", "得分", "资金得分")):
        put(列范围(fund_cols[col], 资金表头行), label, "表头", note=notes[note])
    for i, (key, label) in enumerate(资金行标签):
        r = 资金首行 + i
        given = data.资金.get(key, {})
        put(列范围(fund_cols["标签"], r), label)
        for col in ("年初预算数", "全年预算数", "全年执行数"):
            put(列范围(fund_cols[col], r), given.get(col), "输入金额", col if i == 0 else None)
        if i == 0:
            put(列范围(fund_cols["分值"], r), given.get("分值", 10), "输入数字", "执行率分值")
            put(列范围(fund_cols["执行率"], r), f("预算执行率"), "计算百分比", "预算执行率")
            put(列范围(fund_cols["得分"], r), f("预算执行率得分"), "计算得分", "预算执行率得分")
        else:
            put(列范围(fund_cols["分值"], r), "—")
            put(列范围(fund_cols["执行率"], r))
            put(列范围(fund_cols["得分"], r))
    first_fund = fund_cols["标签"].split(":")[0]
    last_fund = fund_cols["得分"].split(":")[-1]
    names["资金表"] = 绝对引用(f"{first_fund}{资金首行}:{last_fund}{资金首行 + 3}")

    # 年度总体目标
    put(f"A{目标表头行}:A{目标行}", "年度总体\n目标")
    put(列范围(v.预期目标, 目标表头行), "预期目标", "表头")
    put(列范围(v.实际完成情况, 目标表头行), "实际完成情况", "表头")
    put(列范围(v.预期目标, 目标行), data.预期目标, "输入长文", "预期目标")
    put(列范围(v.实际完成情况, 目标行), data.实际完成情况, "输入长文", "实际完成情况")

    # 绩效指标
    put(f"A{指标表头行}:A{last_ind}", "绩效指标")
    for key, col in v.指标列:
        put(f"{col}{指标表头行}", 表头文字[key], "表头", note=notes.get(key))
    for key, col in v.辅助列:
        put(f"{col}{指标表头行}", 表头文字[key], "辅助标签", note=notes.get(key))
    merged: dict[tuple[str, int], int] = {}  # (field, first row) -> last row
    for key, within in (("一级", None), ("二级", "一级")):
        for a, b in _分组段(rows, key, within):
            merged[(key, 首行 + a)] = 首行 + b
    for i, row in enumerate(rows):
        r = 首行 + i
        for key in ("一级", "二级"):
            if (key, r) in merged:
                put(f"{cols[key]}{r}" + (f":{cols[key]}{merged[(key, r)]}" if merged[(key, r)] > r else ""),
                    row.get(key), "输入文字居中")
        for key, style in _指标输入样式(v):
            put(f"{cols[key]}{r}", row.get(key), style)
        for key in _指标计算(v):
            put(f"{cols[key]}{r}", f(key, r), "计算数字" if key in ("得分", "规则得分") else "辅助计算")
    names["指标表"] = 绝对引用(f"{v.指标列[0][1]}{首行}:{v.指标列[-1][1]}{last_ind}")
    names["人工得分列"] = 绝对引用(f"{cols['人工得分']}{首行}:{cols['人工得分']}{last_ind}")

    # 总分 and 评价等级
    label_first, label_last = v.总分标签.split(":")
    put(f"{label_first}{total_row}:{label_last}{total_row}", "总分", "总分标签")
    put(f"{cols['分值']}{total_row}", f("分值合计"), "计算数字", "分值合计")
    put(f"{cols['得分']}{total_row}", f("总得分"), "计算得分", "总得分")
    put(f"{cols['偏差原因分析及改进措施']}{total_row}")
    grade_row = total_row + 1
    put(f"{label_first}{grade_row}:{label_last}{grade_row}", "评价等级", "总分标签")
    put(f"{cols['分值']}{grade_row}:{end}{grade_row}", f("等级"), "等级", "等级")
    last_row = grade_row
    if v is 兼容版:
        # help for the person filling it in: below the form, outside the print area
        put(f"A{grade_row + 2}:{end}{grade_row + 2}", compat.填表说明, "说明")

    # settings, right of the print area
    lab, val = v.设置标签列, v.设置值列
    helper_end = v.辅助列[-1][1]
    put(f"{lab}1:{helper_end}1", f"填表辅助区（{v.辅助列[0][1]}–{helper_end} 列不打印）", "辅助标题")
    settings = [("计分口径", "口径", data.口径, "辅助文字"), ("金额单位", "金额单位", data.金额单位, "辅助文字"),
                ("年度", "年度", data.年度, "辅助输入"), ("表单编号", "表单编号", data.表单编号, "辅助文字")]
    for i, (label, name, value, style) in enumerate(settings):
        put(f"{lab}{3 + i}", label, "辅助标签")
        put(f"{val}{3 + i}", value, style, name, notes[name])
    put(f"{lab}7", "分值检查", "辅助标签")
    put(f"{val}7", f("分值检查"), "辅助计算")
    if v is 函数版:
        put(f"{lab}8", "计分结果", "辅助标签", note=notes["计分结果"])
        put(f"{val}8", f("计分结果"), "隐藏文字", "计分结果")
    if v is 兼容版:
        put(f"{lab}8", "口径序号", "辅助标签")
        put(f"{val}8", f("口径行"), "辅助计算", "口径行")

    widths = dict(v.列宽)
    heights = 估计行高(cells, widths, 行=range(名称行, last_row + 1 + (2 if v is 兼容版 else 0)))
    heights.update({标题行: 34.0, 年度行: 22.0})
    heights[资金表头行] = max(heights[资金表头行], 30.0)
    heights[指标表头行] = max(heights[指标表头行], 30.0)
    heights[total_row] = max(heights[total_row], 24.0)
    heights[grade_row] = max(heights[grade_row], 24.0)

    return 工作表样(
        标题=标题,
        格们=tuple(cells),
        列宽=widths,
        行高=heights,
        名称=names,
        校验=_校验(v, n, places),
        条件格式=_条件格式(v, n, places),
        打印区域=f"A1:{end}{last_row}",
        打印标题行=f"{指标表头行}:{指标表头行}",
    )


def _指标输入样式(v: 版式) -> list[tuple[str, str]]:
    if v is 兼容版:
        return [("三级", "输入"), ("指标性质", "输入文字居中"), ("指标值", "输入居中"), ("度量单位", "输入文字居中"),
                ("实际完成值", "输入居中"), ("分值", "输入数字"), ("偏差原因分析及改进措施", "输入"),
                ("完成档次", "辅助文字"), ("人工得分", "辅助输入")]
    return [("三级", "输入"), ("年度指标值", "输入文字居中"), ("实际完成值", "输入文字居中"), ("分值", "输入数字"),
            ("偏差原因分析及改进措施", "输入"), ("人工得分", "辅助输入")]


def _指标计算(v: 版式) -> list[str]:
    return ["规则得分", "得分", "偏差提示"] if v is 兼容版 else ["得分", "偏差提示", "计分说明"]


# Formulas of the 函数版.  Python is called only where the project's parsing or rules are needed
# (issue: every call crosses from Excel to Python): one call per sheet scores the whole indicator
# table (指标表计分, into the hidden helper cell named 计分结果), each row takes its score and
# explanation from that text with Excel's own functions; 偏差提示, sums and the total are native;
# 执行率 and its score are native while the amounts are numbers (Python reads amounts typed with a
# unit); the grade and the weight check ask the profile.  Row insertion keeps working: the table
# call's ranges grow with rows inserted inside the table, and each row finds its record by its
# position below the header (ROW() − the header's row), so a copied row formula is right anywhere.
# {r} is the row, {首}/{末}/{总} the first/last indicator row and the 总分 row, a field in braces its column.
_数额 = 'AND(ISNUMBER(全年预算数),OR(ISNUMBER(全年执行数),全年执行数=""))'


def _记录(部分: str) -> str:
    """This row's part of 计分结果 ("|得分~说明|得分~说明|…|"): 部分 = 得分 or 说明."""
    k = "(ROW()-ROW(${得分}$" + str(指标表头行) + "))"
    s = "计分结果"
    start = f'FIND(CHAR(1),SUBSTITUTE({s},"|",CHAR(1),{k}))+1'
    record = f'MID({s},{start},FIND(CHAR(1),SUBSTITUTE({s},"|",CHAR(1),{k}+1))-({start}))'
    if 部分 == "得分":
        return f'LEFT({record},FIND("~",{record})-1)'
    return f'MID({record},FIND("~",{record})+1,32767)'


函数版公式 = {
    "副标题": '=IF(年度="","（      年度）","（"&年度&"年度）")',
    "资金标签": '="项目资金"&CHAR(10)&"（"&金额单位&"）"',
    "预算执行率": (f'=IF(全年预算数="","",IF({_数额},IF(全年预算数<=0,"#预算数无效",IF(N(全年执行数)<0,"#数值无法识别",'
               'ROUND(N(全年执行数)/全年预算数,4))),执行率(全年执行数,全年预算数,金额单位)))'),
    "预算执行率得分": (f'=IF(预算执行率="","",IF(AND(ISNUMBER(预算执行率),{_数额},ISNUMBER(执行率分值),执行率分值>=0),'
                 + compat.封顶式("N(全年执行数)/全年预算数*执行率分值", "执行率分值")
                 + ',执行率得分(全年执行数,全年预算数,执行率分值,口径,金额单位)))'),
    "计分结果": ("=指标表计分({年度指标值}{首}:{年度指标值}{末},{实际完成值}{首}:{实际完成值}{末},"
             "{分值}{首}:{分值}{末},口径,{人工得分}{首}:{人工得分}{末})"),
    "得分": f"=IFERROR(VALUE({_记录('得分')}),{_记录('得分')})",
    "计分说明": f"={_记录('说明')}",
    "偏差提示": compat.偏差提示公式(),
    "分值合计": "=SUM(执行率分值,{分值}{首}:{分值}{末})",
    "总得分": "=" + compat.总得分式,
    "等级": '=IF(OR(总得分="",LEFT(总得分&"",1)="#"),"",评价等级(总得分,口径))',
    # all-number weights that add up to 100 need no Python (and a blank result must not call it:
    # LibreOffice drops an empty cached value and recomputes the cell on load)
    "分值检查": ("=IF(AND(COUNT({分值}{首}:{分值}{末})=COUNTA({分值}{首}:{分值}{末}),"
             "OR(ISBLANK(执行率分值),ISNUMBER(执行率分值)),ROUND(N(执行率分值)+SUM({分值}{首}:{分值}{末}),6)=100),"
             '"",分值检查(执行率分值,{分值}{首}:{分值}{末},口径))'),
}


def _校验(v: 版式, n: int, p: dict[str, str]) -> tuple[数据校验, ...]:
    last = 首行 + n - 1
    c = 字段列(v)
    fund = dict(v.资金列)
    amounts = " ".join(
        f"{fund[k].split(':')[0]}{资金首行}:{fund[k].split(':')[0]}{资金首行 + 3}"
        for k in ("年初预算数", "全年预算数", "全年执行数")
    )
    rate_w = f"{fund['分值'].split(':')[0]}{资金首行}"
    rows = lambda key: f"{c[key]}{首行}:{c[key]}{last}"
    val = v.设置值列
    checks = [
        数据校验(amounts, "decimal", "0", 运算符="greaterThanOrEqual", 标题="金额",
                 提示="填写不小于0的数字，单位见“金额单位”。", 出错信息="金额须为不小于0的数字。"),
        数据校验(rate_w, "decimal", "0", "100", "between", 标题="执行率分值",
                 提示="通常为10（湖北式20）。", 出错信息="分值须为0到100之间的数字。"),
        数据校验(rows("分值"), "decimal", "0", "100", "between", 标题="分值",
                 出错信息="分值须为0到100之间的数字。"),
        数据校验(rows("人工得分"), "decimal", "0", 运算符="greaterThanOrEqual", 标题="人工得分",
                 提示="可选：评价人给定的得分，须在所属档次之内。", 出错信息="人工得分须为不小于0的数字。"),
        数据校验(rows("一级"), "list", '"' + ",".join(一级选项) + '"', 出错样式="warning",
                 标题="一级指标", 出错信息="不是标准的一级指标名称；确认要使用吗？"),
        数据校验(rows("二级"), "list", '"' + ",".join(二级选项) + '"', 出错样式="warning",
                 标题="二级指标", 出错信息="不是标准的二级指标名称；确认要使用吗？"),
        数据校验(f"{val}4", "list", '"万元,元"', 标题="金额单位", 出错信息="金额单位请选择 万元 或 元。"),
        数据校验(f"{val}5", "whole", "2000", "2100", "between", 标题="年度", 出错信息="年度请填写四位数年份，如 2024。"),
    ]
    if v is 兼容版:
        checks += [
            数据校验(f"{val}3", "list", "口径名称", 标题="计分口径",
                     出错信息="请从列表中选择口径（见“计分口径”工作表）。"),
            数据校验(rows("指标性质"), "list", '"' + ",".join(compat.指标性质选项) + '"', 标题="指标性质",
                     提示="≥ ≤ = > < 为定量指标；定性；不适用。", 出错信息="请从列表中选择指标性质。"),
            数据校验(rows("指标值"), "custom", f'OR({c["指标性质"]}{首行}="定性",AND(ISNUMBER({c["指标值"]}{首行}),{c["指标值"]}{首行}>=0))',
                     标题="指标值", 提示="定量指标只填数字，单位写在“度量单位”列。",
                     出错信息="定量指标的指标值须为不小于0的数字（单位写在“度量单位”列）。"),
            数据校验(rows("实际完成值"), "custom", f'OR({c["指标性质"]}{首行}="定性",ISNUMBER({c["实际完成值"]}{首行}))',
                     标题="实际完成值", 提示="定量指标填与指标值同一单位的数字。",
                     出错信息="定量指标的实际完成值须为数字，单位与指标值相同。"),
            数据校验(rows("完成档次"), "list", '"' + ",".join(档次名) + '"', 标题="完成档次",
                     提示=f"定性指标：{'、'.join(档次名)}。", 出错信息=f"请选择 {'、'.join(档次名[:-1])} 或 {档次名[-1]}。"),
        ]
    else:
        checks.append(数据校验(f"{val}3", "list", '"' + ",".join(口径列表()) + '"', 出错样式="warning",
                             标题="计分口径", 出错信息="不是内置口径；如使用自定义口径文件，请确认名称无误。"))
    return tuple(checks)


def _条件格式(v: 版式, n: int, p: dict[str, str]) -> tuple[条件格式, ...]:
    last = 首行 + n - 1
    total = last + 1
    c = 字段列(v)
    fund = dict(v.资金列)
    w, s, why, manual = c["分值"], c["得分"], c["偏差原因分析及改进措施"], c["人工得分"]
    rate_w = fund["分值"].split(":")[0]
    rate, rate_s = fund["执行率"].split(":")[0], fund["得分"].split(":")[0]
    budget = fund["全年预算数"].split(":")[0]
    grade = f"{w}{total + 1}"
    r0 = 首行
    return (
        # a blank form stays blank: computed cells hide their "#预算数无效" until a budget is typed
        条件格式(f"{rate}{资金首行}:{rate_s}{资金首行} {s}{total} {grade}",
                 f"LEN(${budget}${资金首行}&\"\")=0", "隐藏", 停止=True),
        # points lost without a reason
        条件格式(f"{why}{r0}:{why}{last}",
                 f"AND(ISNUMBER(${s}{r0}),ISNUMBER(${w}{r0}),${s}{r0}<${w}{r0},LEN(TRIM(${why}{r0}))=0)", "缺说明"),
        # a score above its weight (only possible where a formula was overwritten)
        条件格式(f"{s}{r0}:{s}{last}", f"AND(ISNUMBER(${s}{r0}),ISNUMBER(${w}{r0}),${s}{r0}>${w}{r0})", "超分值"),
        条件格式(f"{rate_s}{资金首行}", f"AND(ISNUMBER({rate_s}{资金首行}),ISNUMBER({rate_w}{资金首行}),{rate_s}{资金首行}>{rate_w}{资金首行})", "超分值"),
        # an evaluator's score in place of the rule's must stay visible
        条件格式(f"{s}{r0}:{s}{last}", f"LEN(${manual}{r0}&\"\")>0", "人工"),
        # error texts of the functions (#指标值无法识别 …)
        条件格式(f"{s}{r0}:{s}{last} {rate}{资金首行}:{rate_s}{资金首行} {s}{total} {grade}",
                 f"LEFT({s}{r0}&\"\",1)=\"#\"", "错误"),
        # weights must add up to 100
        条件格式(f"{w}{total}", f"AND(ISNUMBER({w}{total}),{w}{total}<>100,COUNT({w}{r0}:{w}{last})>0)", "超分值"),
    )


# --- 自评清单 ---------------------------------------------------------------------------

清单名称 = "清单表"  # sheet-scoped name of the 自评清单's rows

清单列宽 = {"A": 6, "B": 36, "C": 14, "D": 8, "E": 10, "F": 14, "G": 14, "H": 36}


def 清单样(表名: list[str]) -> 工作表样:
    """The 自评清单 sheet (seed 003): one row per project sheet, all by formulas."""
    cells: list[格] = []
    first = 表引用(表名[0]) if 表名 else None
    cells.append(格("A1:H1", f'=""&{first}!实施单位' if first else None, "副标题",
                   键=("清单实施单位", 1) if first else None))
    cells.append(格("A2:H2", f'=IF({first}!年度="","",{first}!年度&"年度")&"项目支出绩效自评清单"'
                     if first else "项目支出绩效自评清单", "标题", 键=("清单标题", 1) if first else None))
    for col, text in zip("ABCDEFGH", ("序号", "项目名称", "全年预算数", "金额单位", "执行率", "总分", "等级", "工作表")):
        cells.append(格(f"{col}3", text, "表头"))
    for i, name in enumerate(表名, 1):
        r, s = 3 + i, 表引用(name)
        cells += [
            格(f"A{r}", i, "清单"),
            格(f"B{r}", f'=""&{s}!项目名称', "清单名称", 键=("清单项目名称", i)),
            格(f"C{r}", f'=IF({s}!全年预算数="","",{s}!全年预算数)', "清单金额", 键=("清单全年预算数", i)),
            格(f"D{r}", f'=""&{s}!金额单位', "清单", 键=("清单金额单位", i)),
            格(f"E{r}", f"={s}!预算执行率", "计算百分比", 键=("清单执行率", i)),
            格(f"F{r}", f"={s}!总得分", "计算得分", 键=("清单总分", i)),
            格(f"G{r}", f"={s}!等级", "清单", 键=("清单等级", i)),
            格(f"H{r}", name, "清单名称", 链接=f"{s}!A1"),
        ]
    last = 3 + max(len(表名), 1)
    return 工作表样(
        标题="自评清单",
        格们=tuple(cells),
        列宽=dict(清单列宽),
        行高={1: 22.0, 2: 34.0, 3: 24.0, **{r: 22.0 for r in range(4, last + 1)}},
        名称={清单名称: 绝对引用(f"A4:H{last}")},  # marks the sheet as this tool's list: no form to read in it
        打印区域=f"A1:H{last}",
        打印标题行="3:3",
        条件格式=(条件格式(f"E4:G{last}", 'LEN($C4&"")=0', "隐藏", 停止=True),
                  条件格式(f"E4:G{last}", 'LEFT(E4&"",1)="#"', "错误")),
    )
