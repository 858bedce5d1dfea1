"""What the evaluation-report rules share: their result, and how they read quantities.

Every rule returns a :class:`规则结果`: the score, the full marks (分值) and
the working in words an evaluator can check by hand.  Scores never go below 0
nor above 分值 and keep 2 decimals, half-up (:func:`封顶`).

Reports write the same quantity in three ways: ``"99.84%"``, ``0.9984`` (a
cell formatted as a percentage) or ``99.84`` (percentage points).  :func:`读量`
reads all three; a bare number above 1 where a percentage is expected is read
as percentage points:

>>> 读量("99.84%", "实际值")
(Decimal('0.9984'), True)
>>> 读量(0.9984, "实际值", 百分比=True), 读量("99.84", "实际值", 百分比=True)
((Decimal('0.9984'), True), (Decimal('0.9984'), True))
>>> 读量("1831.53", "实际值")
(Decimal('1831.53'), False)
>>> 示值(Decimal("0.9984"), True), 示差(Decimal("0.1569"), True), 示值(Decimal("1831.53"), False)
('99.84%', '15.69个百分点', '1831.53')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..amounts import 保留两位, 显示数, 转数字
from ..errors import 规则参数有误
from ..values import 解析指标值

__all__ = ["规则结果", "规则分值", "读量", "封顶", "示值", "示差", "平铺"]

_零 = Decimal(0)
_百 = Decimal(100)


@dataclass(frozen=True)
class 规则结果:
    得分: Decimal
    分值: Decimal
    说明: str


def 规则分值(value: object) -> Decimal:
    """A rule's 分值 (or an item's): a number, not negative."""
    w = 转数字(value, "分值")
    if w < 0:
        raise 规则参数有误(f"分值不能为负数（{显示数(w)}）", "分值")
    return w


def 读量(value: object, 字段: str, 百分比: bool | None = None) -> tuple[Decimal, bool]:
    """(number, is_percent); percentages come back as fractions (99.84% → 0.9984)."""
    v = 解析指标值(value)
    if v.类型 != "定量" or v.数值 is None:
        raise 规则参数有误(f"'{value}'不是数值", 字段)
    if v.单位 == "%":
        return v.数值 / _百, True
    if 百分比 and v.数值 > 1:
        return v.数值 / _百, True  # a bare 88.42 where a percentage is expected
    return v.数值, bool(百分比) and v.数值 <= 1


def 封顶(raw: Decimal, w: Decimal) -> Decimal:
    """0 ≤ score ≤ 分值, 2 decimals (full marks too: 3.333 → 3.33, unlike the form's 封顶得分)."""
    return 保留两位(max(_零, min(raw, w)))


def 示值(x: Decimal, pct: bool) -> str:
    """A quantity in a rule's working: 99.84% or 1831.53."""
    return f"{显示数(保留两位(x * _百))}%" if pct else 显示数(x)


def 示差(x: Decimal, pct: bool) -> str:
    """A difference in a rule's working: 15.69个百分点 or 2.5."""
    return f"{显示数(保留两位(x * _百))}个百分点" if pct else 显示数(x)


def 平铺(values: object) -> list:
    """A range (nested lists) as a flat list in reading order; a single value becomes one item."""
    if isinstance(values, (list, tuple)):
        out: list = []
        for v in values:
            out.extend(平铺(v))
        return out
    return [values]
