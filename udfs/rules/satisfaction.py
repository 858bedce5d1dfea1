"""满意度: the survey's satisfaction times the points, from a floor up, plus a bonus.

The reports write "满意度综合得分4分，>70%开始计算得分，得分=满意度百分比*分值。
满意度分值较上年有提升，得1分" or "满分5分，满意率≥85%开始计算得分，低于85%不得分":
满意度 × 分值 once it reaches the 起算线 (0 below it), plus 提升加分 when it beat
last year's.  分值 is the base part; the leaf's full marks are 分值 + 提升加分.
Satisfaction is a percentage however written (88.42 means 88.42%).

Seed 000 (广州 2023), 满意度: 88.42% this year, 88.04% last year, 4 points from 70%
up plus 1 for improving — 4 × 88.42% + 1 = 4.54 of 5:

>>> 满意度得分("88.42", 4, 起算线="70%", 上年满意度="88.04", 提升加分=1).得分
Decimal('4.54')

12345热线工单办结满意度 98.69%, 5 points from 85% up:

>>> print(满意度得分("98.69%", 5, 起算线="85%").说明)
98.69% × 5 = 4.93；得4.93
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import 保留两位, 是占位符, 显示数, 转数字
from .base import 封顶, 示值, 规则分值, 规则结果, 读量

__all__ = ["满意度得分"]

_零 = Decimal(0)


def 满意度得分(
    满意度: object,
    分值: object,
    起算线: object = 0,
    上年满意度: object = None,
    提升加分: object = 0,
) -> 规则结果:
    """满意度 × 分值 once 满意度 reaches 起算线, plus 提升加分 if it beat last year.

    分值 is the base part; the leaf's weight is 分值 + 提升加分.
    """
    w = 规则分值(分值)
    bonus = 转数字(提升加分, "提升加分")
    sat, _ = 读量(满意度, "满意度", 百分比=True)
    floor, _ = 读量(起算线, "起算线", 百分比=True) if not 是占位符(起算线) else (_零, True)
    base = sat * w if sat >= floor else _零
    why = f"{示值(sat, True)} × {显示数(w)} = {显示数(保留两位(base))}" if sat >= floor else f"满意度{示值(sat, True)}低于起算线{示值(floor, True)}，基础分0"
    extra = _零
    if not 是占位符(上年满意度):
        last, _ = 读量(上年满意度, "上年满意度", 百分比=True)
        if sat > last:
            extra = bonus
            why += f"；高于上年{示值(last, True)}，加{显示数(bonus)}分"
        else:
            why += f"；未高于上年{示值(last, True)}，不加分"
    score = 封顶(base + extra, w + bonus)
    return 规则结果(score, w + bonus, f"{why}；得{显示数(score)}")
