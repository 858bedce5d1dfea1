"""计数: full marks from a number of things up, points off for each one fewer.

The reports write "延伸应用功能数≧5得5分，每减少1个扣1分，直至5分扣完", "11个区均有
服务网点，得满分。每发现1区不符合扣0.3分，扣完为止" or "≥10得6分，每减少1个扣1分":
full marks once 个数 reaches 目标个数, 每个扣分 off for each one short, never below 0.

Seed 002 (上海 2018), C22 影响力: 5 延伸应用功能 against 5, 5 points; seed 000
(广州 2023): 11 districts of 11, 3 points:

>>> 计数得分(5, 5, 5, 1).得分, 计数得分(11, 11, 3, "0.3").得分
(Decimal('5.00'), Decimal('3.00'))

Seven of ten, at 1 point each of 6:

>>> print(计数得分(7, 10, 6, 1).说明)
少3个 × 1分，得3
"""

from __future__ import annotations

from ..amounts import 保留两位, 显示数, 转数字
from .base import 封顶, 规则分值, 规则结果

__all__ = ["计数得分"]


def 计数得分(个数: object, 目标个数: object, 分值: object, 每个扣分: object) -> 规则结果:
    """Full marks from 目标个数 up; each one fewer costs 每个扣分 ("≥10得6分，每减少1个扣1分")."""
    w = 规则分值(分值)
    count = 转数字(个数, "个数")
    target = 转数字(目标个数, "目标个数")
    per = 转数字(每个扣分, "每个扣分")
    if count >= target:
        return 规则结果(保留两位(w), w, f"{显示数(count)}个 ≥ {显示数(target)}个，得满分{显示数(w)}")
    score = 封顶(w - (target - count) * per, w)
    return 规则结果(score, w, f"少{显示数(target - count)}个 × {显示数(per)}分，得{显示数(score)}")
