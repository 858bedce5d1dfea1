"""Units written inside 年度指标值 and 实际完成值.

Real forms write the unit in the cell: ``≥28万人`` against ``29 万人``,
``≤24小时``, ``1162个``, ``11.68个工作日``.  A unit is a base (人, 元, 小时,
个…) with an optional multiplier prefix (万, 亿, 千…).  Two values can be
compared when their bases are the same or convertible (毫秒/秒/分钟/小时);
``天`` and ``工作日`` are deliberately *not* convertible.

>>> 拆分单位("万人")
(Decimal('10000'), '人')
>>> 拆分单位("个工作日")
(Decimal('1'), '工作日')
>>> 拆分单位("千克")
(Decimal('1'), '千克')
>>> 换算系数("万人", "人"), 换算系数("小时", "分钟")
(Decimal('10000'), Decimal('60'))
>>> 换算系数("天", "工作日") is None
True
>>> 换算(Decimal(30), "分钟", "小时")
Decimal('0.5')
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

__all__ = ["拆分单位", "换算系数", "换算"]

# Longest first so that 十万 wins over 十 and 万.
倍数前缀 = (
    ("千万", Decimal(10**7)),
    ("百万", Decimal(10**6)),
    ("十万", Decimal(10**5)),
    ("亿", Decimal(10**8)),
    ("万", Decimal(10**4)),
    ("千", Decimal(10**3)),
    ("百", Decimal(100)),
)

# Units that start like a multiplier but are units of their own (千克 is not 1000 克 here:
# both sides of a comparison are then 千克 anyway, and 百分点 is not 100 分点).
不拆分 = frozenset({"千克", "千米", "千瓦", "千瓦时", "百分点", "个百分点", "万分之", "十分"})

# Unit spellings that mean the same base.
同义 = {
    "个百分点": "百分点",
    "个工作日": "工作日",
    "个月": "月",
    "个小时": "小时",
    "钟头": "小时",
    "日": "天",
    "分": "分钟",
    "秒钟": "秒",
    "人次": "人次",
}

# Convertible families: base -> (family, factor to the family's smallest unit).
换算族 = {
    "毫秒": ("时长", Decimal(1)),
    "秒": ("时长", Decimal(1000)),
    "分钟": ("时长", Decimal(60_000)),
    "小时": ("时长", Decimal(3_600_000)),
}


@lru_cache(maxsize=512)
def 拆分单位(unit: str) -> tuple[Decimal, str]:
    """Split a unit into (multiplier, base)."""
    unit = unit.strip()
    if unit in 不拆分:
        return Decimal(1), 同义.get(unit, unit)
    for prefix, factor in 倍数前缀:
        rest = unit[len(prefix):]
        if unit.startswith(prefix) and rest and rest not in 不拆分:
            return factor, 同义.get(rest, rest)
    return Decimal(1), 同义.get(unit, unit)


def _比(from_unit: str, to_unit: str) -> tuple[Decimal, Decimal] | None:
    """(numerator, denominator) of the conversion, kept apart so nothing is divided early."""
    f_mult, f_base = 拆分单位(from_unit)
    t_mult, t_base = 拆分单位(to_unit)
    if f_base == t_base:
        return f_mult, t_mult
    f_family, t_family = 换算族.get(f_base), 换算族.get(t_base)
    if f_family and t_family and f_family[0] == t_family[0]:
        return f_mult * f_family[1], t_mult * t_family[1]
    return None


def 换算系数(from_unit: str, to_unit: str) -> Decimal | None:
    """Factor that turns a number in ``from_unit`` into ``to_unit``; None if incompatible."""
    ratio = _比(from_unit, to_unit)
    return None if ratio is None else ratio[0] / ratio[1]


def 换算(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (multiplied before divided: 30分钟 → 0.5小时 exactly)."""
    ratio = _比(from_unit, to_unit)
    return None if ratio is None else value * ratio[0] / ratio[1]
