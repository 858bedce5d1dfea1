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

What accountants write, scored as a person reads it (issue 9; the readings
themselves are :mod:`udfs.values`):

**Deadlines.**  A date, deadline or period as the target (``10月底前``,
``2019年``, ``1-12月``) is met by an actual date on or before its end, or by an
actual in words that says so (``按时完成``, ``已完成``: the 达成 tier of a
qualitative answer).  A missed deadline is a 时效指标 that took too long: the
domain's 反向 rule on a time unit (like ``≤24小时``), with the time counted in
days from the start of the target's period (1 January of its year for a single
date).  ``10月底前`` against ``11月`` is 304 days allowed, 334 taken: 304/334 × w
under the footnote rule, (1 − 30/304) × w under 一体化, 0 from twice the time.
A date without a year takes the other side's; an actual month counts to its
last day (``11月`` is done by 30 November, the latest it can mean).

>>> 指标计分("10月底前", "9月", 10).得分, 指标计分("6月30日前", "2024年5月", 10).完成
(Decimal('10'), True)
>>> 指标计分("10月底前", "11月", 10).得分, 指标计分("10月底前", "11月", 10, "一体化").得分
(Decimal('9.10'), Decimal('9.01'))
>>> r = 指标计分("12月底之前完成", "按时完成", 5); r.得分, r.档次
(Decimal('5'), '达成')
>>> 指标计分("2023.12", "2023年11月", 5).完成                     # 2023.12 next to a date is a date
True

**Ranges** (``85%-95%``): inside is met; below is a missed 正向 target against
the lower bound, above a missed 反向 target against the upper bound.

>>> [指标计分("85%-95%", b, 10).得分 for b in ("90%", "68%", "100%")]
[Decimal('10'), Decimal('8.00'), Decimal('9.50')]

**A bare number against a multiplier unit** (万, 亿, 千 …) is read in whichever
unit makes it plausible — within 1/20 to 20 times the target.  ``29`` against
``≥28万人`` is 29万人; ``250000`` is 25万人 (8.93 of 10, not 250000万人 and full
marks); where both readings or neither are plausible the cell asks for the unit
(:class:`~udfs.errors.单位不明`).  A multiplier alone after an actual's number
(``1.2万``) against a target with no unit is a numeral: against ``≥1000`` it is
12000, never 1.2 of 1000万.  A lone multiplier after the target (``≥28万``) is a
multiplier unit like 万人: ``29`` against it is 29万.

>>> 指标计分("≥28万人", "29", 10).得分, 指标计分("≥28万人", "250000", 10).得分, 指标计分("≥1000", "1.2万", 5).完成
(Decimal('10'), Decimal('8.93'), True)
>>> 指标计分("≥28万人", "1", 10)
Traceback (most recent call last):
...
udfs.errors.单位不明: 实际完成值：实际完成值'1'未写单位：按1万人是年度指标值的3.57%，按1人是0.0004%，都不像实际完成的数量；请写明单位

**An unsigned zero target** (``0起``, ``0次``, ``0``) allows none: it is ≤ 0,
met only by 0, not ≥ 0 (which anything meets).

>>> 指标计分("0起", "0起", 5).得分, 指标计分("0起", "2起", 5).得分
(Decimal('5'), Decimal('0.00'))

**Tier words** as the target (``定性优良中低差``, ``好坏``) with one as the actual:
优/好 → 达成, 良/中 → 部分达成, 低/差/坏 → 未达成 (:mod:`udfs.qualitative`).

>>> 指标计分("定性优良中低差", "良", 10).档次
'部分达成'

**Amounts** with the form's 金额单位 (the last, optional argument of
:func:`执行率` and :func:`执行率得分`): bare amounts are in that unit, amounts
written with their own unit are converted.  Without it, an amount written with
a unit against a bare one gives the bare one the same unit (``8.53万元`` against
``18`` is 8.53万元 of 18万元), never a 10000× rate.

>>> 执行率("8.53万元", 18, 金额单位="万元"), 执行率("85300元", 18, 金额单位="万元"), 执行率("8.53万元", 18)
(Decimal('0.4739'), Decimal('0.4739'), Decimal('0.4739'))
>>> 执行率得分("8.53万元", 18, 10, 金额单位="万元")
Decimal('4.74')
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from .amounts import 保留, 保留两位, 可选数字, 拆分金额, 是占位符, 显示数, 解析金额, 读金额单位, 转数字, 金额单位倍数
from .errors import (
    人工得分无效,
    单位不一致,
    单位不明,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    预算数无效,
)
from .profiles import 取口径, 口径
from .qualitative import 判定档次, 达成套语
from .units import 拆分单位, 换算
from .values import 指标值, 时点, 格式化指标值, 解析指标值

__all__ = [
    "计分结果", "计算执行率", "执行率", "执行率得分", "指标计分", "合计", "评价等级", "读分值", "统一单位", "封顶得分",
]

_零 = Decimal(0)
_一 = Decimal(1)
_百 = Decimal(100)
_合理倍数 = Decimal(20)  # a bare number's reading is plausible within 1/20 to 20 times the target


@dataclass(frozen=True, init=False)
class 计分结果:
    """One indicator's score and why.

    得分 is None for an empty placeholder row (no indicator, no weight).
    说明 is the rule applied in words an accountant can check by hand (written
    when first asked for: a cell that shows only the score never pays for it).
    """

    得分: Decimal | None
    分值: Decimal
    类型: str  # 定量 / 定性 / 空
    完成: bool | None = None
    档次: str | None = None
    档次范围: tuple[Decimal, Decimal] | None = None  # in points
    默认得分: Decimal | None = None  # what the rule gives without a manual score
    人工: bool = False
    说明源: str | Callable[[], str] = field(default="", repr=False, compare=False)
    提示: tuple[str, ...] = field(default=())

    def __init__(
        self, 得分: Decimal | None, 分值: Decimal, 类型: str, 完成: bool | None = None, 档次: str | None = None,
        档次范围: tuple[Decimal, Decimal] | None = None, 默认得分: Decimal | None = None, 人工: bool = False,
        说明源: str | Callable[[], str] = "", 提示: tuple[str, ...] = (),
    ) -> None:
        # Frozen, but filled in one step: the generated __init__ sets each field through
        # object.__setattr__, a fifth of the time of a warm scoring.
        self.__dict__.update(
            得分=得分, 分值=分值, 类型=类型, 完成=完成, 档次=档次, 档次范围=档次范围, 默认得分=默认得分, 人工=人工,
            说明源=说明源, 提示=提示,
        )

    @property
    def 说明(self) -> str:
        why = self.说明源
        if not isinstance(why, str):
            why = why()
            object.__setattr__(self, "说明源", why)
        return why


def _口径(p: 口径 | str | None) -> 口径:
    return p if isinstance(p, 口径) else 取口径(p)


@lru_cache(maxsize=1024)
def _分值文本(value: str | int | float, 字段: str) -> Decimal | None:
    w = 可选数字(value, 字段)
    if w is not None and w < 0:
        raise 数值无法识别(f"分值不能为负数（{显示数(w)}）", 字段)
    return w


def 读分值(value: object, 字段: str = "分值") -> Decimal | None:
    """A weight cell: blank/dash → None, otherwise a non-negative number."""
    if type(value) in (str, int, float):  # the cells of a workbook: read once
        return _分值文本(value, 字段)  # type: ignore[arg-type]
    w = 可选数字(value, 字段)
    if w is not None and w < 0:
        raise 数值无法识别(f"分值不能为负数（{显示数(w)}）", 字段)
    return w


def 封顶得分(raw: Decimal, w: Decimal) -> Decimal:
    """A score: 0 ≤ score ≤ 分值, 2 decimals; full marks are 分值 itself (3.333 stays 3.333)."""
    return w if raw >= w else min(保留两位(max(_零, raw)), w)


# --- 执行率 -----------------------------------------------------------------

def 计算执行率(全年执行数: object, 全年预算数: object, 单位: str | None = None) -> Decimal:
    """Unrounded 全年执行数 / 全年预算数; amounts may be text with units.

    With 单位 (the form's 金额单位) a bare amount is in that unit.  Without it, an
    amount written with a unit against a bare one gives the bare one that unit.
    """
    if 单位 is not None:
        unit = 读金额单位(单位)
    if 单位 is not None and unit is not None:
        spent = 解析金额(全年执行数, unit, "全年执行数")
        budget = 解析金额(全年预算数, unit, "全年预算数")
    else:
        s = 拆分金额(全年执行数, "全年执行数")
        b = 拆分金额(全年预算数, "全年预算数")
        spent = None if s is None else s[0]
        budget = None if b is None else b[0]
        if s is not None and b is not None and s[1] and b[1] and s[1] != b[1]:
            spent = s[0] * 金额单位倍数[s[1]] / 金额单位倍数[b[1]]
    if budget is None:
        raise 预算数无效("全年预算数为空，无法计算执行率（执行率 = 全年执行数 ÷ 全年预算数）", "全年预算数")
    if budget <= 0:
        raise 预算数无效(f"全年预算数为{显示数(budget)}，无法计算执行率；请填写调整后的全年预算数", "全年预算数")
    if spent is None:
        spent = _零
    if spent < 0:
        raise 数值无法识别(f"全年执行数不能为负数（{显示数(spent)}）", "全年执行数")
    return spent / budget


def 执行率(全年执行数: object, 全年预算数: object, 金额单位: str | None = None) -> Decimal:
    """执行率 as a ratio with 4 decimals (a percentage with 2 decimals)."""
    return 保留(计算执行率(全年执行数, 全年预算数, 金额单位), 4)


def 执行率得分(
    全年执行数: object, 全年预算数: object, 分值: object = None, 口径: 口径 | str | None = None,
    金额单位: str | None = None,
) -> Decimal:
    """执行率 × 分值, capped at 分值, 2 decimals (分值 defaults to the profile's)."""
    p = _口径(口径)
    w = 读分值(分值, "执行率分值")
    if w is None:
        w = p.执行率分值
    return 封顶得分(计算执行率(全年执行数, 全年预算数, 金额单位) * w, w)


# --- indicators ---------------------------------------------------------------


def _倍(r: Decimal) -> str:
    return f"{显示数(保留(r * _百, 4 if r < Decimal('0.01') else 2))}%"


def _合理(r: Decimal) -> bool:
    return _一 / _合理倍数 <= r <= _合理倍数


def _读倍数(target: 指标值, actual: 指标值, notes: list[str]) -> tuple[Decimal, Decimal, str, list[str]]:
    """One side bare, the other with a multiplier unit (万人, 万): read the bare number where plausible."""
    a, b = target.数值, actual.数值
    assert a is not None and b is not None
    bare_actual = not actual.单位
    bare, other = (actual, target) if bare_actual else (target, actual)
    mult, base = 拆分单位(other.单位)
    x = b if bare_actual else a
    name = "实际完成值" if bare_actual else "年度指标值"
    in_unit = f"{显示数(x)}{other.单位}"
    in_base = f"{显示数(x)}{base}"
    if x == 0 or (bare_actual and a == 0) or (not bare_actual and b == 0):
        return a, b, other.单位, notes  # 0 is 0 in any unit
    if not bare_actual and not base:  # ≥1000 against 1.2万: the 万 is a numeral, the target a plain number
        converted = b * mult
        notes.append(f"实际完成值{actual.原文}即{显示数(converted)}")
        return a, converted, "", notes
    if bare_actual:  # readings of the actual, in the target's unit
        r_unit, r_base = b / a, b / mult / a
    else:  # readings of the target, against the actual in its unit
        r_unit, r_base = b / a, b * mult / a
    ok_unit, ok_base = _合理(r_unit), _合理(r_base)
    if ok_unit == ok_base:
        how = ("都说得通（为年度指标值的{}或{}）" if ok_unit else "都不像实际完成的数量").format(_倍(r_unit), _倍(r_base))
        if not ok_unit:
            if bare_actual:
                how = f"是年度指标值的{_倍(r_unit)}，按{in_base}是{_倍(r_base)}，{how}"
            else:
                how = f"实际完成值是它的{_倍(r_unit)}，按{in_base}是{_倍(r_base)}，{how}"
            raise 单位不明(f"{name}'{bare.原文}'未写单位：按{in_unit}{how}；请写明单位", name)
        raise 单位不明(f"{name}'{bare.原文}'未写单位：按{in_unit}或按{in_base}理解{how}；请写明单位", name)
    if bare_actual:
        if ok_unit:
            notes.append(f"实际完成值{bare.原文}未写单位，按{in_unit}理解")
            return a, b, other.单位, notes
        converted = b / mult
        notes.append(f"实际完成值{bare.原文}未写单位，按{in_base}即{显示数(converted)}{other.单位}理解")
        return a, converted, other.单位, notes
    if ok_unit:
        notes.append(f"年度指标值{bare.原文}未写单位，按{in_unit}理解")
        return a, b, other.单位, notes
    converted = b * mult
    notes.append(f"年度指标值{bare.原文}未写单位，按{in_base}理解；实际{actual.原文}即{显示数(converted)}{base}")
    return a, converted, base, notes


def 统一单位(target: 指标值, actual: 指标值) -> tuple[Decimal, Decimal, str, list[str]]:
    """Target and actual numbers in the target's unit, with notes on any reading made.

    The target's number is never changed; the actual is converted (万人 ↔ 人,
    分钟 → 小时, ‰ → %) or, written bare, read in the target's unit — by
    magnitude where the target's unit carries a multiplier (see the module
    docstring).
    """
    notes: list[str] = []
    a, b = target.数值, actual.数值
    assert a is not None and b is not None
    t_unit, b_unit = target.单位, actual.单位
    if t_unit == b_unit:
        return a, b, t_unit, notes
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
    if not t_unit or not b_unit:
        if 拆分单位(t_unit or b_unit)[0] == _一:
            return a, b, t_unit or b_unit, notes  # 1 against ≥1次: the same unit
        return _读倍数(target, actual, notes)
    t_mult, t_base = 拆分单位(t_unit)
    b_mult, b_base = 拆分单位(b_unit)
    if (t_base == "" or b_base == "") and "%" not in (t_unit, b_unit):  # 1.2万 against ≥8000人
        converted: Decimal | None = b * b_mult / t_mult
    else:
        converted = 换算(b, b_unit, t_unit)
    if converted is None:
        raise 单位不一致(
            f"年度指标值单位'{t_unit}'与实际完成值单位'{b_unit}'不同，无法比较；请统一单位",
            "实际完成值",
        )
    notes.append(f"实际完成值{显示数(b)}{b_unit}换算为{显示数(converted)}{t_unit}")
    return a, converted, t_unit, notes


def _反向(a: Decimal, b: Decimal, w: Decimal, p: 口径, fmt, what: str = "反向指标未完成") -> tuple[Decimal, Callable[[], str]]:
    if p.反向规则 == "一体化":
        if b >= 2 * a:
            return _零, lambda: f"{what}：实际{fmt(b)}已达指标{fmt(a)}的2倍及以上，得0分（{p.名称}口径）"
        raw = (_一 - (b - a) / a) * w
        return raw, lambda: (
            f"{what}：(1 − ({fmt(b)} − {fmt(a)}) ÷ {fmt(a)}) × {显示数(w)} = {显示数(保留两位(raw))}（{p.名称}口径）"
        )
    raw = a / b * w
    return raw, lambda: f"{what}：指标{fmt(a)} ÷ 实际{fmt(b)} × {显示数(w)} = {显示数(保留两位(raw))}"


def _定量(target: 指标值, actual: 指标值, w: Decimal, p: 口径) -> 计分结果:
    if actual.类型 == "定性" and actual.文本 in 达成套语:
        # the form states the target was reached (湖北 蔡甸 2021: every 实际完成值 reads 达成预期指标);
        # the score follows the statement, and the audit asks for the number (ACTUAL_WITHOUT_NUMBER)
        return 计分结果(w, w, "定量", True, 默认得分=w, 说明源=lambda: (
            f"实际完成值'{actual.原文}'说明已达到年度指标值（{target.原文}），但没有写数值：按已完成得满分{显示数(w)}；"
            "请填写实际达到的数值，以便核对"))
    if actual.类型 != "定量" or actual.比较 == "区间":
        what = "一个区间" if actual.类型 == "定量" else "数值"
        raise 指标值无法识别(
            f"年度指标值是数值（{target.原文}），实际完成值'{actual.原文}'不是{what}；请填写实际达到的数值"
            if actual.类型 != "定量" else
            f"实际完成值'{actual.原文}'是{what}；请填写实际达到的一个数值",
            "实际完成值",
        )
    a, b, unit, notes = 统一单位(target, actual)

    def fmt(x: Decimal) -> str:
        return f"{显示数(x)}{unit}"

    op = target.比较
    if op is None:
        if a == 0:  # 0起, 0次: none allowed
            op = "≤"
            notes.append(f"年度指标值'{target.原文}'未写比较符号，指标值为0：按“≤0”（不应发生，实际为0才达成）计分")
        else:
            op = "≥"
            notes.append(f"年度指标值'{target.原文}'未写比较符号，按“≥”（正向指标）计分")
    if b < 0:
        notes.append(f"实际完成值为负数（{fmt(b)}），按0计")
        b = _零
    if a < 0 and op != "区间":
        raise 指标值无法识别(f"年度指标值不能为负数（{target.原文}）", "年度指标值")

    why: Callable[[], str]
    if op == "区间":
        hi = target.上限
        assert hi is not None
        met = a <= b <= hi
        if met:
            raw, why = w, lambda: f"已完成：实际{fmt(b)}在区间{fmt(a)}–{fmt(hi)}之内，得满分{显示数(w)}"
        elif b < a:
            raw = b / a * w
            why = lambda: f"低于区间下限：实际{fmt(b)} ÷ 下限{fmt(a)} × {显示数(w)} = {显示数(保留两位(raw))}"  # noqa: E731
        elif hi <= 0:
            raw, why = _零, lambda: f"区间上限为{fmt(hi)}，实际{fmt(b)}超出，得0分"
        else:
            raw, why = _反向(hi, b, w, p, fmt, f"高于区间上限{fmt(hi)}（按反向指标计）")
        score = 封顶得分(raw, w)
        return 计分结果(score, w, "定量", met, 默认得分=score, 说明源=why, 提示=tuple(notes))
    met = {"≥": b >= a, ">": b > a, "≤": b <= a, "<": b < a, "=": b == a}[op]
    if met:
        raw, why = w, lambda: f"已完成：实际{fmt(b)} {op} 指标{fmt(a)}，得满分{显示数(w)}"
    elif a == 0:
        if op == "<":
            raise 指标值无法识别("年度指标值'<0'无法达成，请改为“=0”或“≤0”", "年度指标值")
        raw, why = _零, lambda: f"指标值为{op}{fmt(a)}（不应发生），实际{fmt(b)}，得0分"
    elif op in ("≥", ">") or (op == "=" and b < a):
        raw = b / a * w
        why = lambda: f"正向指标未完成：实际{fmt(b)} ÷ 指标{fmt(a)} × {显示数(w)} = {显示数(保留两位(raw))}"  # noqa: E731
    else:  # ≤ < not met, or = overshot
        raw, why = _反向(a, b, w, p, fmt)
    score = 封顶得分(raw, w)
    return 计分结果(score, w, "定量", met, 默认得分=score, 说明源=why, 提示=tuple(notes))


def _定性(target: 指标值, actual: 指标值, w: Decimal, p: 口径) -> 计分结果:
    if actual.类型 == "空":
        raise 指标值无法识别("实际完成值为空", "实际完成值")
    tier_name = 判定档次(target.文本 or target.原文, actual.原文 if actual.类型 != "定性" else actual.文本)
    tier = p.档次(tier_name)
    low, high = 封顶得分(tier.下限 * w, w), 封顶得分(tier.上限 * w, w)
    score = 封顶得分(tier.默认 * w, w)

    def why() -> str:
        return (
            f"定性指标：实际'{格式化指标值(actual) or actual.原文}'对指标'{target.文本 or target.原文}'，属“{tier_name}”档"
            f"（{显示数(tier.下限 * _百)}%–{显示数(tier.上限 * _百)}%，即{显示数(low)}–{显示数(high)}分），"
            f"{p.名称}口径默认取{显示数(tier.默认 * _百)}%得{显示数(score)}分"
        )

    return 计分结果(score, w, "定性", tier_name == "达成", tier_name, (low, high), score, 说明源=why)


# --- dates and deadlines -------------------------------------------------------------------------------

_参考年 = 2001  # a common year, when neither side names one (2月29日 then counts as 2月28日)
_年月式 = re.compile(r"(\d{4})(?:\.(\d{1,2}))?")


def _作时间(v: 指标值) -> 指标值 | None:
    """A bare 2023.12 or 2019 (a number) read as the date it may be, when the other side is a date."""
    if v.类型 != "定量" or v.比较 is not None or v.单位 or v.数值 is None:
        return None
    m = _年月式.fullmatch(format(v.数值, "f"))
    if not m or not 1900 <= int(m[1]) <= 2100 or (m[2] and not 1 <= int(m[2]) <= 12):
        return None
    return 指标值("时间", 原文=v.原文, 止=时点(int(m[1]), int(m[2]) if m[2] else None))


def _是完成语(v: 指标值) -> bool:
    return v.类型 == "定性" and (v.文本 in 达成套语 or "完成" in v.文本)


def _末日(p: 时点, year: int) -> date:
    y = p.年 or year
    if p.月 is None:
        return date(y, 12, 31)
    last = calendar.monthrange(y, p.月)[1]
    return date(y, p.月, min(p.日 or last, last))


def _首日(p: 时点, year: int) -> date:
    y = p.年 or year
    return date(y, p.月 or 1, min(p.日 or 1, calendar.monthrange(y, p.月 or 1)[1]))


def _日期文本(d: date, with_year: bool) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"


def _时间(target: 指标值, actual: 指标值, w: Decimal, p: 口径) -> 计分结果:
    if actual.类型 in ("定性", "空"):
        return _定性(target, actual, w, p)  # 按时完成 / 已完成 / 未完成: the tier of the words
    if actual.类型 != "时间":
        raise 指标值无法识别(
            f"年度指标值是时间（{target.原文}），实际完成值'{actual.原文}'不是时间；"
            "请填写完成时间（如 2024年5月、10月20日）或“按时完成”",
            "实际完成值",
        )
    t_end, a_end = target.止, actual.止
    assert t_end is not None and a_end is not None
    t_year = t_end.年 or (target.起.年 if target.起 else None)
    a_year = a_end.年
    with_year = t_year is not None or a_year is not None
    t_year = t_year or a_year or _参考年
    a_year = a_year or t_year
    deadline, done = _末日(t_end, t_year), _末日(a_end, a_year)
    origin = _首日(target.起, t_year) if target.起 else date(t_end.年 or t_year, 1, 1)
    notes: list[str] = []
    why: Callable[[], str]
    if done <= deadline:
        raw, met = w, True
        why = lambda: (  # noqa: E731
            f"已按期完成：实际{格式化指标值(actual)}，期限{_日期文本(deadline, with_year)}，得满分{显示数(w)}"
        )
    else:
        met = False
        if a_end.日 is None:
            notes.append(f"实际完成值'{actual.原文}'未写到日，按{_日期文本(done, with_year)}计")
        allowed, taken = Decimal((deadline - origin).days + 1), Decimal((done - origin).days + 1)
        start = _日期文本(origin, with_year)
        raw, rule = _反向(
            allowed, taken, w, p, lambda d: f"{显示数(d)}天",
            f"未按期完成（期限{_日期文本(deadline, with_year)}，实际{_日期文本(done, with_year)}；"
            f"自{start}起计天数，按反向指标计）",
        )
        why = rule
    score = 封顶得分(raw, w)
    return 计分结果(score, w, "定量", met, 默认得分=score, 说明源=why, 提示=tuple(notes))


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
    t_type = target.类型
    if t_type in ("空", "不适用") and (w is None or w == 0) and 是占位符(人工得分):
        return 计分结果(None, w or _零, "空", 说明源="空行：无指标、不计分")
    if t_type == "不适用":
        raise 指标不适用(
            f"年度指标值为“不适用”，却有分值{显示数(w or _零)}：此行不应计分；"
            "请删除该行，或把分值改为0并把分值分配到其他指标",
            "年度指标值",
        )
    if t_type == "空":
        raise 指标值无法识别("年度指标值为空", "年度指标值")
    if w is None:
        raise 数值无法识别("分值为空", "分值")
    if t_type == "定量":
        if actual.类型 == "时间" or _是完成语(actual):
            target = _作时间(target) or target  # 2023.12 against 2023年11月 or 按时完成
        result = _时间(target, actual, w, p) if target.类型 == "时间" else _定量(target, actual, w, p)
    elif t_type == "时间":
        result = _时间(target, _作时间(actual) or actual, w, p)
    else:
        result = _定性(target, actual, w, p)
    return result if 人工得分 is None else _人工(result, 人工得分)


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
        人工=True, 说明源=why, 提示=result.提示,
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
