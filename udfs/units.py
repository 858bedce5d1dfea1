"""Units written inside 年度指标值 and 实际完成值.

Real forms write the unit in the cell: ``≥28万人`` against ``29 万人``,
``≤24小时``, ``1162个``, ``11.68个工作日``.  A unit is a base (人, 元, 小时,
个…) with an optional multiplier prefix (万, 亿, 千…).  Two values can be
compared when their bases are the same or convertible (毫秒/秒/分钟/小时,
‰/%/百分点, 厘米/米/公里, 克/千克/吨); ``天`` and ``工作日`` are deliberately *not*
convertible.

A multiplier written alone is a numeral, not a unit: ``1.2万`` is 12000 of whatever
the other side counts (base ``""``).  A noun after a counting word names what was
counted: ``2次宣传`` is counted in ``次``.  A compound unit (``元/人·月``, also written
``元/人*月`` or ``元/人/月``; ``次/年``, ``元/亩``) is one base, spelt one way by
:func:`规范单位`; ``㎡`` and ``m²`` are ``m2`` after NFKC, the same base as ``平方米``.

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
>>> 拆分单位("万"), 拆分单位("次宣传"), 拆分单位("万人次")
((Decimal('10000'), ''), (Decimal('1'), '次'), (Decimal('10000'), '人次'))
>>> 规范单位("元/人*月"), 规范单位("元/人/月"), 规范单位("百分比"), 换算系数("m2", "平方米")
('元/人·月', '元/人·月', '%', Decimal('1'))
>>> 换算(Decimal("0.9"), "‰", "%"), 换算(Decimal(2), "百分点", "%")
(Decimal('0.09'), Decimal('2'))
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .vocabulary import 复合单位乘号, 时长量词, 百分比单位, 计数量词

__all__ = ["拆分单位", "换算系数", "换算", "规范单位", "倍数前缀"]

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
    "m2": "平方米",
    "平米": "平方米",
    "m3": "立方米",
    "km": "公里",
    "千米": "公里",
    "kg": "千克",
    "公斤": "千克",
}

# Convertible families: base -> (family, factor to the family's smallest unit).
换算族 = {
    "毫秒": ("时长", Decimal(1)),
    "秒": ("时长", Decimal(1000)),
    "分钟": ("时长", Decimal(60_000)),
    "小时": ("时长", Decimal(3_600_000)),
    "‰": ("比率", Decimal(1)),
    "%": ("比率", Decimal(10)),
    "百分点": ("比率", Decimal(10)),  # a difference of percentages, on the scale of %
    "厘米": ("长度", Decimal(1)),
    "米": ("长度", Decimal(100)),
    "公里": ("长度", Decimal(100_000)),
    "克": ("质量", Decimal(1)),
    "千克": ("质量", Decimal(1000)),
    "吨": ("质量", Decimal(1_000_000)),
}
_倍数 = dict(倍数前缀)
_已知 = frozenset(同义) | frozenset(同义.values()) | frozenset(换算族) | frozenset(计数量词) | frozenset(时长量词)
_量词 = tuple(sorted(计数量词, key=len, reverse=True))
_乘号 = re.compile("[" + re.escape("".join(c for c in 复合单位乘号 if c != "/")) + "]")


@lru_cache(maxsize=512)
def 规范单位(unit: str) -> str:
    """One spelling of a unit as the parser keeps it: ``元/人·月`` (not ``元/人*月`` or ``元/人/月``), ``%``
    (not ``百分比``)."""
    unit = unit.strip()
    if unit in 百分比单位:
        return "%"
    if "/" in unit or _乘号.search(unit):
        head, sep, rest = _乘号.sub("·", unit).partition("/")
        return head + sep + rest.replace("/", "·") if sep else head
    return unit


def _基(unit: str) -> str:
    """The base of a unit without its multiplier: synonyms merged, a counted noun dropped (次宣传 → 次)."""
    unit = 同义.get(unit, unit)
    if unit in _已知 or "/" in unit or "·" in unit:
        return unit
    for word in _量词:
        if unit.startswith(word) and len(unit) > len(word):
            return word
    return unit


@lru_cache(maxsize=512)
def 拆分单位(unit: str) -> tuple[Decimal, str]:
    """Split a unit into (multiplier, base)."""
    unit = unit.strip()
    if unit in 不拆分:
        return Decimal(1), 同义.get(unit, unit)
    if unit in _倍数:  # 1.2万: a numeral, no base of its own
        return _倍数[unit], ""
    for prefix, factor in 倍数前缀:
        rest = unit[len(prefix):]
        if unit.startswith(prefix) and rest and rest not in 不拆分:
            return factor, _基(rest)
    return Decimal(1), _基(unit)


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
