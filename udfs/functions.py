"""The Excel functions (category 绩效自评).

Each is a plain Python function: call it from Python with the values of the
cells, or from a cell as ``=执行率得分(D6,C6,E6)``.  Bad input returns a short
Chinese text starting with ``#`` (``#指标值无法识别``); the matching
``指标得分说明`` gives the full reason.

>>> 执行率(8.53, 18)
0.4739
>>> 执行率得分(8.53, 18, 10)
4.74
>>> 执行率得分(8.53, 0)
'#预算数无效'

The form's 金额单位 comes last (the docstring of a function is its description in
Excel's function wizard, so the examples are here): amounts written with a unit
are converted, bare ones are in that unit; without it a bare amount shares the
unit of the other (:mod:`udfs.scoring`).

>>> 执行率("8.53万元", 18, "万元"), 执行率("85300元", 18, "万元"), 执行率("8.53万元", 18)
(0.4739, 0.4739, 0.4739)
>>> 执行率得分("8.53万元", 18, 10, "财政部", "单位：万元"), 执行率("8.53万元", 18, "美元")
(4.74, '#金额单位不明')
>>> 指标得分("=100%", "96.78%", 20)
19.36
>>> 指标得分("≥百分之九十", "95%", 10)
'#指标值无法识别'
>>> 指标得分说明("≥百分之九十", "95%", 10)
"年度指标值：'≥百分之九十'有比较符号，但后面不是数字（请用阿拉伯数字，如 ≥90%）"
>>> 指标表得分([["≥28万人"], ["健全"], [None]], [["29 万人"], ["基本健全"], [None]], [[10], [5], [0]], "上海")
[[10.0], [2.5], ['']]
>>> 总分(9.94, [[19.36], [15], [None]])
44.3
>>> 评价等级(94.74), 偏差提示(5, 2.5, None), 偏差提示(5, 5, None)
('优', '扣2.5分，请填写偏差原因分析及改进措施', '')
>>> 扣分得分("99.60%", "100%", 8, "1%", 2)
6.0
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from . import rules as _规则
from . import scoring as _计分
from .amounts import 可选数字, 是占位符, 显示数, 转数字
from .errors import 绩效自评错误, 规则参数有误
from .profiles import 取口径, 口径说明, 默认口径
from .registry import Excel函数
from .rules.base import 平铺
from .rules.columns import 有清单项, 清单项, 表列, 表列转参数
from .vocabulary import 末等, 默认等级

__all__ = [
    "执行率", "执行率得分", "指标得分", "指标得分说明", "指标表得分", "总分", "评价等级", "偏差提示", "分值检查",
    "指标表计分", "比例得分", "扣分得分", "区间得分", "调整率得分", "满意度得分", "清单得分", "清单扣分", "计数得分", "按规则得分",
    "体系得分", "体系得分说明",
]


def _doc(text: str, **options: Any) -> Any:
    return Annotated[Any, {"doc": text, **options}]


def _文档(text: str):
    """A docstring made from the declarations (profiles, grades) rather than typed out."""
    def put(f):
        f.__doc__ = text
        return f
    return put


# argument descriptions read from the shipped profiles (the function wizard shows them)
_口径全 = _doc(f"计分口径：{口径说明('')}；省略为{默认口径}")
_口径简 = _doc(f"计分口径；省略为{默认口径}")


def _执行率分值说明() -> str:
    try:  # the Lite folder may come without the profile files: the description then names no number
        example = f"（{默认口径}口径为{显示数(取口径().执行率分值)}）"
    except 绩效自评错误:
        example = ""
    return f"执行率的分值；省略时按口径{example}"


_执行率分值文 = _doc(_执行率分值说明())
_等级文字 = "、".join(f"{g}（≥{n}）" for g, n in 默认等级) + f"、{末等}（<{默认等级[-1][1]}）"


def _口径(value: Any) -> str | None:
    return None if 是占位符(value) else str(value)


# --- the self-evaluation form ------------------------------------------------

_金额单位 = _doc("本表金额单位（元、万元等）：不带单位的金额按此单位；省略时，带单位的金额与不带单位的金额按同一单位理解")


def _单位(value: Any) -> str | None:
    return None if 是占位符(value) else str(value)


@Excel函数
def 执行率(
    全年执行数: _doc("全年执行数（金额，可带单位，如 8.53 或 620.82万元）"),
    全年预算数: _doc("全年预算数（调整后的预算，不是年初预算数）"),
    金额单位: _金额单位 = None,
) -> Any:
    """预算执行率 = 全年执行数 ÷ 全年预算数，保留4位小数（即百分比保留2位）。"""
    return _计分.执行率(全年执行数, 全年预算数, _单位(金额单位))


@Excel函数
def 执行率得分(
    全年执行数: _doc("全年执行数（金额）"),
    全年预算数: _doc("全年预算数（调整后的预算）"),
    分值: _执行率分值文 = None,
    口径: _口径全 = 默认口径,
    金额单位: _金额单位 = None,
) -> Any:
    """执行率得分 = 执行率 × 分值，不超过分值，保留2位小数。"""
    return _计分.执行率得分(全年执行数, 全年预算数, 分值, _口径(口径), _单位(金额单位))


@Excel函数
def 指标得分(
    年度指标值: _doc("年度指标值，如 ≥28万人、=100%、≤24小时、健全"),
    实际完成值: _doc("实际完成值，如 29万人、96.78%、基本健全"),
    分值: _doc("该指标的分值"),
    口径: _口径全 = 默认口径,
    人工得分: _doc("评价人给定的得分（可省略）；定性指标须在所属档次内") = None,
) -> Any:
    """按年度指标值与实际完成值计算一个绩效指标的得分（定量按比例，定性按档次）。"""
    result = _计分.指标计分(年度指标值, 实际完成值, 分值, _口径(口径), 人工得分)
    return "" if result.得分 is None else result.得分


@Excel函数
def 指标得分说明(
    年度指标值: _doc("年度指标值"),
    实际完成值: _doc("实际完成值"),
    分值: _doc("该指标的分值"),
    口径: _口径简 = 默认口径,
    人工得分: _doc("评价人给定的得分（可省略）") = None,
) -> Any:
    """说明指标得分是怎样算出的；输入有误时说明原因。"""
    try:
        result = _计分.指标计分(年度指标值, 实际完成值, 分值, _口径(口径), 人工得分)
    except 绩效自评错误 as exc:
        return str(exc)
    return "；".join([result.说明, *result.提示])


def _逐行计分(年度指标值列: Any, 实际完成值列: Any, 分值列: Any, 口径: Any, 人工得分列: Any) -> list[Any]:
    """Each row's 计分结果, or the 绩效自评错误 that row gives."""
    targets, actuals, weights = 平铺(年度指标值列), 平铺(实际完成值列), 平铺(分值列)
    manual = 平铺(人工得分列) if 人工得分列 is not None else [None] * len(targets)
    if not (len(targets) == len(actuals) == len(weights) == len(manual)):
        raise 规则参数有误("年度指标值、实际完成值、分值（和人工得分）的行数不一致", "指标表")
    profile = 取口径(_口径(口径))
    out: list[Any] = []
    for t, a, w, m in zip(targets, actuals, weights, manual):
        try:
            out.append(_计分.指标计分(t, a, w, profile, m))
        except 绩效自评错误 as exc:
            out.append(exc)
    return out


@Excel函数(数组=True)
def 指标表得分(
    年度指标值列: _doc("年度指标值所在的列（整张指标表）", ndim=2),
    实际完成值列: _doc("实际完成值所在的列", ndim=2),
    分值列: _doc("分值所在的列", ndim=2),
    口径: _口径简 = 默认口径,
    人工得分列: _doc("人工得分所在的列（可省略）", ndim=2) = None,
) -> Any:
    """一次计算整张指标表的得分，返回一列（空行返回空白，有误的行返回 # 开头的提示）。"""
    return [[r.cell_text if isinstance(r, 绩效自评错误) else "" if r.得分 is None else r.得分]
            for r in _逐行计分(年度指标值列, 实际完成值列, 分值列, 口径, 人工得分列)]


表内分隔 = ("|", "~")  # 指标表计分: between rows, and between a row's score and its explanation


@Excel函数
def 指标表计分(
    年度指标值列: _doc("年度指标值所在的列（整张指标表）", ndim=2),
    实际完成值列: _doc("实际完成值所在的列", ndim=2),
    分值列: _doc("分值所在的列", ndim=2),
    口径: _口径简 = 默认口径,
    人工得分列: _doc("人工得分所在的列（可省略）", ndim=2) = None,
) -> Any:
    """一次计算整张指标表：各行的得分与计分说明连成一段文字，供表中各行的公式取用（一次调用代替逐行调用）。

    ``|得分~说明|得分~说明|…|``：第 k 行的内容在第 k 个与第 k+1 个“|”之间。

    >>> 指标表计分([["≥28万人"], [None]], [["29 万人"], [None]], [[10], [0]])
    '|10~已完成：实际29万人 ≥ 指标28万人，得满分10|~空行：无指标、不计分|'
    """
    rows, step = 表内分隔
    parts = []
    for r in _逐行计分(年度指标值列, 实际完成值列, 分值列, 口径, 人工得分列):
        if isinstance(r, 绩效自评错误):
            score, why = r.cell_text, str(r)
        else:
            score = "" if r.得分 is None else 显示数(r.得分)
            why = "；".join([r.说明, *r.提示])
        # the separators never appear inside: full-width lookalikes in their place
        why = why.replace(rows, "｜").replace(step, "～")
        parts.append(f"{score}{step}{why}")
    return rows + rows.join(parts) + rows


@Excel函数
def 总分(*得分: _doc("执行率得分单元格与指标得分区域（可多个）")) -> Any:
    """总分 = 执行率得分 + 各指标得分；任一得分为错误值时提示先改正。"""
    return _计分.合计(平铺(list(得分)))


@Excel函数
@_文档(f"评价等级：{_等级文字}（{默认口径}口径；其他口径按其等级线）。")
def 评价等级(
    总分: _doc("总分（0–100）"),
    口径: _口径简 = 默认口径,
) -> Any:
    return _计分.评价等级(总分, _口径(口径))


@Excel函数
def 偏差提示(
    分值: _doc("该指标的分值"),
    得分: _doc("该指标的得分"),
    偏差原因: _doc("偏差原因分析及改进措施"),
) -> Any:
    """扣了分却没写偏差原因时给出提示，否则为空。"""
    if 是占位符(得分) or (isinstance(得分, str) and 得分.startswith("#")):
        return ""
    w = 可选数字(分值, "分值")
    score = 转数字(得分, "得分")
    if w is None:
        return ""
    if score > w:
        return f"得分{显示数(score)}超过分值{显示数(w)}，请检查"
    if score < w and 是占位符(偏差原因):
        return f"扣{显示数(w - score)}分，请填写偏差原因分析及改进措施"
    return ""


@Excel函数
def 分值检查(
    执行率分值: _doc("执行率的分值"),
    指标分值: _doc("指标表的分值列"),
    口径: _口径简 = 默认口径,
) -> Any:
    """检查分值合计是否为100（执行率分值 + 指标分值）；无误时为空。"""
    p = 取口径(_口径(口径))
    rate_w = 可选数字(执行率分值, "执行率分值") or Decimal(0)
    ind_w = sum((可选数字(v, "分值") or Decimal(0) for v in 平铺(指标分值)), Decimal(0))
    total = rate_w + ind_w
    if total == 100:
        return ""
    hint = f"（{p.名称}口径：执行率{显示数(p.执行率分值)} + 指标{显示数(p.指标分值)}）"
    return f"分值合计为{显示数(total)}（执行率{显示数(rate_w)} + 指标{显示数(ind_w)}），应为100{hint}"


# --- evaluation-report rules (绩效评价指标体系) --------------------------------

@Excel函数
def 比例得分(
    实际值: _doc("实际值，如 99.84% 或 1831.53"),
    分值: _doc("分值"),
    目标值: _doc("目标值；省略为100%") = "100%",
) -> Any:
    """按比例计分：实际值 ÷ 目标值 × 分值，不超过分值。"""
    return _规则.比例得分(实际值, 分值, 目标值).得分


@Excel函数
def 扣分得分(
    实际值: _doc("实际值，如 84.31%"),
    目标值: _doc("满分所需的目标值，如 100%"),
    分值: _doc("分值"),
    步长: _doc("每差多少扣一次，如 2%"),
    每步扣分: _doc("每次扣几分"),
    方向: _doc("正向（低于目标扣分）或反向（超出目标扣分）") = "正向",
    取整: _doc("整步（不足一步按一步扣）、比例（按实际比例扣）或去尾") = "整步",
) -> Any:
    """每差扣分：达到目标得满分，每差一个步长扣若干分，扣完为止。"""
    return _规则.扣分得分(实际值, 目标值, 分值, 步长, 每步扣分, 方向, 取整).得分


@Excel函数
def 区间得分(
    实际值: _doc("实际值"),
    满分线: _doc("达到即得满分的值，如 95%"),
    零分线: _doc("低于即不得分的值，如 85%"),
    分值: _doc("分值"),
    方式: _doc("插值（在两线之间线性计分）或比例（实际值÷满分线）") = "插值",
) -> Any:
    """区间计分：超过满分线得满分，低于零分线不得分，其间按比例。"""
    return _规则.区间得分(实际值, 满分线, 零分线, 分值, 方式).得分


@Excel函数
def 调整率得分(
    全年预算数: _doc("调整后的全年预算数"),
    年初预算数: _doc("年初预算数"),
    分值: _doc("分值"),
) -> Any:
    """预算调整率得分 = (1 − |(全年预算数 − 年初预算数) ÷ 年初预算数|) × 分值。"""
    return _规则.调整率得分(全年预算数, 年初预算数, 分值).得分


@Excel函数
def 满意度得分(
    满意度: _doc("满意度，如 88.42% 或 88.42（百分制）"),
    分值: _doc("基础分值（不含提升加分）"),
    起算线: _doc("满意度达到此值才计分，如 70%；省略为0") = 0,
    上年满意度: _doc("上年满意度（可省略）") = None,
    提升加分: _doc("高于上年时的加分") = 0,
) -> Any:
    """满意度计分：满意度 × 分值（达到起算线才计），高于上年再加分。"""
    return _规则.满意度得分(满意度, 分值, 起算线, 上年满意度, 提升加分).得分


@Excel函数
def 清单得分(
    是否符合: _doc("各项是否符合（是/否）的区域", ndim=2),
    各项分值: _doc("各项分值的区域", ndim=2),
) -> Any:
    """清单计分：符合的项目各得其分。"""
    return _规则.清单得分(是否符合, 各项分值).得分


@Excel函数
def 清单扣分(
    是否符合: _doc("各项是否符合（是/否）的区域", ndim=2),
    每项扣分: _doc("每项不符合扣几分"),
    分值: _doc("分值"),
) -> Any:
    """清单扣分：每有一项不符合扣若干分，扣完为止。"""
    return _规则.清单扣分(是否符合, 每项扣分, 分值).得分


@Excel函数
def 计数得分(
    个数: _doc("实际个数"),
    目标个数: _doc("满分所需个数"),
    分值: _doc("分值"),
    每个扣分: _doc("每少一个扣几分"),
) -> Any:
    """计数计分：达到目标个数得满分，每少一个扣若干分，扣完为止。"""
    return _规则.计数得分(个数, 目标个数, 分值, 每个扣分).得分


_评分规则 = _doc(f"评分规则：{'、'.join(_规则.规则表)}")


@Excel函数
def 按规则得分(
    评分规则: _评分规则,
    参数名: _doc("参数名所在区域（如 实际值、目标值、分值）", ndim=2),
    参数值: _doc("与参数名对应的取值区域", ndim=2),
) -> Any:
    """按指定评分规则和参数计分（供绩效评价指标体系表使用）。"""
    names, values = 平铺(参数名), 平铺(参数值)
    if len(names) != len(values):
        raise 规则参数有误("参数名与参数值的个数不一致", "参数")
    params = {str(n).strip(): v for n, v in zip(names, values) if not 是占位符(n) and not 是占位符(v)}
    return _规则.按规则计分(str(评分规则).strip(), params).得分


# --- the evaluation-system sheet (绩效评价指标体系评分表) --------------------------------

def _体系计分(评分规则: Any, 分值: Any, 列值: tuple[Any, ...], 是否符合: Any, 项分值: Any) -> _规则.规则结果:
    rule = "" if 评分规则 is None else str(评分规则)
    items = 清单项(是否符合, 项分值)
    if 有清单项(rule) and not items:
        raise 规则参数有误("没有清单项：清单项是本行下方的行，逐项填写是否符合（清单还要填各项分值）", "是否符合")
    params = 表列转参数(rule, 分值, dict(zip(表列, 列值)), items)
    return _规则.按规则计分(rule, params)


# Argument descriptions of the two functions below (the meaning depends on the rule: 评分规则 sheet).
_实际值 = _doc("实际值列（该规则下的含义见“评分规则”工作表，如 满意度、个数、全年预算数）")
_目标值 = _doc("目标值列（如 目标值、满分线、年初预算数、目标个数）")
_上年值 = _doc("上年值列（满意度规则的上年满意度）")
_参数 = _doc("参数列（如 步长、每步扣分、零分线、起算线、每项扣分）")


@Excel函数
def 体系得分(
    评分规则: _评分规则,
    分值: _doc("本行分值（满意度规则含提升加分）"),
    实际值: _实际值 = None,
    目标值: _目标值 = None,
    上年值: _上年值 = None,
    参数1: _参数 = None,
    参数2: _参数 = None,
    参数3: _参数 = None,
    参数4: _参数 = None,
    是否符合: _doc("清单项的“是否符合”区域（本行下方各行）", ndim=2) = None,
    项分值: _doc("清单项的分值区域", ndim=2) = None,
) -> Any:
    """绩效评价指标体系表一行的得分：按评分规则，从本行的实际值、目标值、上年值和参数1–4计算。"""
    return _体系计分(评分规则, 分值, (实际值, 目标值, 上年值, 参数1, 参数2, 参数3, 参数4), 是否符合, 项分值).得分


@Excel函数
def 体系得分说明(
    评分规则: _doc("评分规则"),
    分值: _doc("本行分值"),
    实际值: _实际值 = None,
    目标值: _目标值 = None,
    上年值: _上年值 = None,
    参数1: _参数 = None,
    参数2: _参数 = None,
    参数3: _参数 = None,
    参数4: _参数 = None,
    是否符合: _doc("清单项的“是否符合”区域", ndim=2) = None,
    项分值: _doc("清单项的分值区域", ndim=2) = None,
) -> Any:
    """说明体系得分是怎样算出的；参数有误时说明原因（指出是哪个参数）。"""
    try:
        return _体系计分(评分规则, 分值, (实际值, 目标值, 上年值, 参数1, 参数2, 参数3, 参数4), 是否符合, 项分值).说明
    except 绩效自评错误 as exc:
        return str(exc)
