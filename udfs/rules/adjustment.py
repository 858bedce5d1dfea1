"""调整率: the less the budget was adjusted during the year, the better.

预算调整率 = (全年预算数 − 年初预算数) ÷ 年初预算数.  The reports write "预算调整率=
年度预算-年初预算 /年初预算×100%。按比例得分", read as (1 − |调整率|) × 分值: a cut
counts as much as an increase, and an adjustment of 100% or more scores 0.

Seed 000 (广州 2023), 预算管理: 年度预算 1092.66 against 年初预算 1773.84, an
adjustment of −38.40%, 1.23 of 2 points:

>>> r = 调整率得分("1092.66", "1773.84", 2)
>>> r.得分
Decimal('1.23')
>>> print(r.说明)
预算调整率 = (1092.66 − 1773.84) ÷ 1773.84 = -38.4%；(1 − |调整率|) × 2 = 1.23
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import 保留两位, 显示数, 转数字
from ..errors import 规则参数有误
from .base import 封顶, 规则分值, 规则结果

__all__ = ["调整率得分"]

_一 = Decimal(1)
_百 = Decimal(100)


def 调整率得分(全年预算数: object, 年初预算数: object, 分值: object) -> 规则结果:
    """(1 − |(全年预算数 − 年初预算数) / 年初预算数|) × 分值, not below 0."""
    w = 规则分值(分值)
    final = 转数字(全年预算数, "全年预算数")
    initial = 转数字(年初预算数, "年初预算数")
    if initial <= 0:
        raise 规则参数有误("年初预算数应大于0", "年初预算数")
    rate = (final - initial) / initial
    score = 封顶((_一 - abs(rate)) * w, w)
    return 规则结果(score, w, f"预算调整率 = ({显示数(final)} − {显示数(initial)}) ÷ {显示数(initial)} = {显示数(保留两位(rate * _百))}%；(1 − |调整率|) × {显示数(w)} = {显示数(score)}")
