"""The self-evaluation form's arithmetic: 执行率, indicator scores, 总分, 等级.

Rules (domain brief, 财预〔2020〕10号 and the forms' footnotes):

* 执行率 = 全年执行数 / 全年预算数 (the adjusted budget, never 年初预算数);
  执行率得分 = 执行率 × 分值, capped at 分值, 2 decimals half-up.
* A quantitative indicator (target A, actual B, weight w) scores w when met,
  where "met" follows the sign of the target (≥ 正向, ≤ 反向, = exact, > <
  strict).  正向 not met: B/A × w.  反向 not met: the profile's curve
  (A/B × w, or the budget system's (1 − (B − A)/A) × w, 0 from 2A).  A target
  of 0 with = or ≤ is met only by 0.  A negative actual counts as 0.  Never
  above w; 2 decimals.
* A qualitative indicator scores inside its tier's bounds; the profile gives
  the default point.  A person may set another point inside the tier (人工得分).

Examples from the seeds:

>>> 执行率(Decimal("8.53"), Decimal("18"))                       # seed 003, IC 卡
Decimal('0.4739')
>>> 执行率得分("1,454,341.54", "1480000.00")                       # seed 004
Decimal('9.83')
>>> 指标计分("=100%", "89.5%", 20).得分                             # 正式居住证制发卡数量完成率
Decimal('17.90')
>>> 指标计分("=100%", "96.78%", 20).得分                            # printed 19.4 in seed 004
Decimal('19.36')
>>> 指标计分("≥28万人", "29 万人", 10).完成
True
>>> r = 指标计分("健全", "基本健全", 5, 口径="上海"); r.得分, r.档次
(Decimal('2.50'), '部分达成')
>>> 指标计分("≤10%", "12%", 10).得分, 指标计分("≤10%", "12%", 10, 口径="一体化").得分
(Decimal('8.33'), Decimal('8.00'))
>>> 评价等级(Decimal("94.74")), 评价等级(Decimal("82")), 评价等级(Decimal("59.99"))
('优', '良', '差')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .amounts import 保留, 保留两位, 可选数字, 是占位符, 显示数, 解析金额, 转数字
from .errors import (
    人工得分无效,
    单位不一致,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    预算数无效,
)
from .profiles import 取口径, 口径
from .qualitative import 判定档次
from .units import 换算
from .values import 指标值, 格式化指标值, 解析指标值

__all__ = [
    "计分结果", "计算执行率", "执行率", "执行率得分", "指标计分", "合计", "评价等级", "读分值", "统一单位", "封顶得分",
]

_零 = Decimal(0)
_一 = Decimal(1)
_百 = Decimal(100)


@dataclass(frozen=True)
class 计分结果:
    """One indicator's score and why.

    得分 is None for an empty placeholder row (no indicator, no weight).
    说明 is the rule applied in words an accountant can check by hand.
    """

    得分: Decimal | None
    分值: Decimal
    类型: str  # 定量 / 定性 / 空
    完成: bool | None = None
    档次: str | None = None
    档次范围: tuple[Decimal, Decimal] | None = None  # in points
    默认得分: Decimal | None = None  # what the rule gives without a manual score
    人工: bool = False
    说明: str = ""
    提示: tuple[str, ...] = field(default=())


def _口径(p: 口径 | str | None) -> 口径:
    return p if isinstance(p, 口径) else 取口径(p)


def 读分值(value: object, 字段: str = "分值") -> Decimal | None:
    """A weight cell: blank/dash → None, otherwise a non-negative number."""
    w = 可选数字(value, 字段)
    if w is not None and w < 0:
        raise 数值无法识别(f"分值不能为负数（{显示数(w)}）", 字段)
    return w


def 封顶得分(raw: Decimal, w: Decimal) -> Decimal:
    """A score: 0 ≤ score ≤ 分值, 2 decimals; full marks are 分值 itself (3.333 stays 3.333)."""
    return w if raw >= w else min(保留两位(max(_零, raw)), w)


# --- 执行率 -----------------------------------------------------------------

def 计算执行率(全年执行数: object, 全年预算数: object, 单位: str | None = None) -> Decimal:
    """Unrounded 全年执行数 / 全年预算数; amounts may be text with units."""
    unit = 单位 or "元"
    spent = 解析金额(全年执行数, unit, "全年执行数")
    budget = 解析金额(全年预算数, unit, "全年预算数")
    if budget is None:
        raise 预算数无效("全年预算数为空，无法计算执行率（执行率 = 全年执行数 ÷ 全年预算数）", "全年预算数")
    if budget <= 0:
        raise 预算数无效(f"全年预算数为{显示数(budget)}，无法计算执行率；请填写调整后的全年预算数", "全年预算数")
    if spent is None:
        spent = _零
    if spent < 0:
        raise 数值无法识别(f"全年执行数不能为负数（{显示数(spent)}）", "全年执行数")
    return spent / budget


def 执行率(全年执行数: object, 全年预算数: object) -> Decimal:
    """执行率 as a ratio with 4 decimals (a percentage with 2 decimals)."""
    return 保留(计算执行率(全年执行数, 全年预算数), 4)


def 执行率得分(全年执行数: object, 全年预算数: object, 分值: object = None, 口径: 口径 | str | None = None) -> Decimal:
    """执行率 × 分值, capped at 分值, 2 decimals (分值 defaults to the profile's)."""
    p = _口径(口径)
    w = 读分值(分值, "执行率分值")
    if w is None:
        w = p.执行率分值
    return 封顶得分(计算执行率(全年执行数, 全年预算数) * w, w)


# --- indicators ---------------------------------------------------------------


def 统一单位(target: 指标值, actual: 指标值) -> tuple[Decimal, Decimal, str, list[str]]:
    """Target and actual numbers in the target's unit, with notes on any reading made."""
    notes: list[str] = []
    a, b = target.数值, actual.数值
    assert a is not None and b is not None
    t_unit, b_unit = target.单位, actual.单位
    if t_unit == "%" and b_unit == "":
        if "." in actual.原文 and _零 <= b <= _一 and b != 0:
            notes.append(f"实际完成值{actual.原文}未写%，按{显示数(b * _百)}%理解")
            b = b * _百
        else:
            notes.append(f"实际完成值{actual.原文}未写%，按{显示数(b)}%理解")
        return a, b, "%", notes
    if b_unit == "%" and t_unit == "":
        notes.append(f"年度指标值未写%，按{显示数(a)}%理解")
        return a, b, "%", notes
    if not t_unit or not b_unit or t_unit == b_unit:
        return a, b, t_unit or b_unit, notes
    converted = 换算(b, b_unit, t_unit)
    if converted is None or "%" in (t_unit, b_unit):
        raise 单位不一致(
            f"年度指标值单位'{t_unit}'与实际完成值单位'{b_unit}'不同，无法比较；请统一单位",
            "实际完成值",
        )
    notes.append(f"实际完成值{显示数(b)}{b_unit}换算为{显示数(converted)}{t_unit}")
    return a, converted, t_unit, notes


def _反向(a: Decimal, b: Decimal, w: Decimal, p: 口径, fmt) -> tuple[Decimal, str]:
    if p.反向规则 == "一体化":
        if b >= 2 * a:
            return _零, f"反向指标未完成：实际{fmt(b)}已达指标{fmt(a)}的2倍及以上，得0分（{p.名称}口径）"
        raw = (_一 - (b - a) / a) * w
        return raw, f"反向指标未完成：(1 − ({fmt(b)} − {fmt(a)}) ÷ {fmt(a)}) × {显示数(w)} = {显示数(保留两位(raw))}（{p.名称}口径）"
    raw = a / b * w
    return raw, f"反向指标未完成：指标{fmt(a)} ÷ 实际{fmt(b)} × {显示数(w)} = {显示数(保留两位(raw))}"


def _定量(target: 指标值, actual: 指标值, w: Decimal, p: 口径) -> 计分结果:
    if actual.类型 != "定量":
        raise 指标值无法识别(
            f"年度指标值是数值（{target.原文}），实际完成值'{actual.原文}'不是数值；请填写实际达到的数值",
            "实际完成值",
        )
    a, b, unit, notes = 统一单位(target, actual)

    def fmt(x: Decimal) -> str:
        return f"{显示数(x)}{unit}"

    op = target.比较
    if op is None:
        op = "≥"
        notes.append(f"年度指标值'{target.原文}'未写比较符号，按“≥”（正向指标）计分")
    if b < 0:
        notes.append(f"实际完成值为负数（{fmt(b)}），按0计")
        b = _零
    if a < 0:
        raise 指标值无法识别(f"年度指标值不能为负数（{target.原文}）", "年度指标值")

    met = {"≥": b >= a, ">": b > a, "≤": b <= a, "<": b < a, "=": b == a}[op]
    if met:
        raw, why = w, f"已完成：实际{fmt(b)} {op} 指标{fmt(a)}，得满分{显示数(w)}"
    elif a == 0:
        if op == "<":
            raise 指标值无法识别("年度指标值'<0'无法达成，请改为“=0”或“≤0”", "年度指标值")
        raw, why = _零, f"指标值为{op}{fmt(a)}，实际{fmt(b)}未达到，得0分"
    elif op in ("≥", ">") or (op == "=" and b < a):
        raw = b / a * w
        why = f"正向指标未完成：实际{fmt(b)} ÷ 指标{fmt(a)} × {显示数(w)} = {显示数(保留两位(raw))}"
    else:  # ≤ < not met, or = overshot
        raw, why = _反向(a, b, w, p, fmt)
    score = 封顶得分(raw, w)
    return 计分结果(score, w, "定量", met, 默认得分=score, 说明=why, 提示=tuple(notes))


def _定性(target: 指标值, actual: 指标值, w: Decimal, p: 口径) -> 计分结果:
    if actual.类型 == "空":
        raise 指标值无法识别("实际完成值为空", "实际完成值")
    tier_name = 判定档次(target.文本 or target.原文, actual.原文 if actual.类型 != "定性" else actual.文本)
    tier = p.档次(tier_name)
    low, high = 封顶得分(tier.下限 * w, w), 封顶得分(tier.上限 * w, w)
    score = 封顶得分(tier.默认 * w, w)
    why = (
        f"定性指标：实际'{格式化指标值(actual) or actual.原文}'对指标'{target.文本}'，属“{tier_name}”档"
        f"（{显示数(tier.下限 * _百)}%–{显示数(tier.上限 * _百)}%，即{显示数(low)}–{显示数(high)}分），"
        f"{p.名称}口径默认取{显示数(tier.默认 * _百)}%得{显示数(score)}分"
    )
    return 计分结果(score, w, "定性", tier_name == "达成", tier_name, (low, high), score, 说明=why)


def 指标计分(
    年度指标值: object,
    实际完成值: object,
    分值: object,
    口径: 口径 | str | None = None,
    人工得分: object = None,
) -> 计分结果:
    """Score one indicator row. Raises a :class:`~udfs.errors.绩效自评错误` on bad input."""
    p = _口径(口径)
    target = 解析指标值(年度指标值)
    actual = 解析指标值(实际完成值)
    w = 读分值(分值)
    for v, name in ((target, "年度指标值"), (actual, "实际完成值")):
        if v.类型 == "无法识别":
            raise 指标值无法识别(v.原因, name)
    if target.类型 in ("空", "不适用") and (w is None or w == 0) and 是占位符(人工得分):
        return 计分结果(None, w or _零, "空", 说明="空行：无指标、不计分")
    if target.类型 == "不适用":
        raise 指标不适用(
            f"年度指标值为“不适用”，却有分值{显示数(w or _零)}：此行不应计分；"
            "请删除该行，或把分值改为0并把分值分配到其他指标",
            "年度指标值",
        )
    if target.类型 == "空":
        raise 指标值无法识别("年度指标值为空", "年度指标值")
    if w is None:
        raise 数值无法识别("分值为空", "分值")
    result = _定量(target, actual, w, p) if target.类型 == "定量" else _定性(target, actual, w, p)
    return _人工(result, 人工得分)


def _人工(result: 计分结果, 人工得分: object) -> 计分结果:
    manual = 可选数字(人工得分, "人工得分")
    if manual is None:
        return result
    w = result.分值
    low, high = result.档次范围 or (_零, w)
    if not (low <= manual <= high):
        where = f"“{result.档次}”档的{显示数(low)}–{显示数(high)}分" if result.档次 else f"0–{显示数(w)}分"
        raise 人工得分无效(f"人工得分{显示数(manual)}不在{where}之内", "人工得分")
    why = f"人工得分{显示数(manual)}（规则得分{显示数(result.得分 or _零)}）；" + result.说明
    return 计分结果(
        保留两位(manual), w, result.类型, result.完成, result.档次, result.档次范围, result.得分,
        人工=True, 说明=why, 提示=result.提示,
    )


# --- totals -------------------------------------------------------------------

def 合计(得分: list[object]) -> Decimal:
    """Sum of scores; blanks are skipped, anything else unreadable is an error."""
    total = _零
    for i, value in enumerate(得分, 1):
        if 是占位符(value):
            continue
        if isinstance(value, str) and value.startswith("#"):
            raise 数值无法识别(f"第{i}项得分为错误值{value}，请先改正该项", "得分")
        total += 转数字(value, f"第{i}项得分")
    return 保留两位(total)


def 评价等级(总分: object, 口径: 口径 | str | None = None) -> str:
    """The profile's grade for 总分: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below in the built-in profiles."""
    p = _口径(口径)
    score = 转数字(总分, "总分")
    if score < 0 or score > _百:
        raise 数值无法识别(f"总分{显示数(score)}不在0–100之间，请检查各项得分", "总分")
    for grade, line in p.等级线:
        if score >= line:
            return grade
    return p.末等
