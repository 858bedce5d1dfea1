"""比例: the score in proportion to how much of the target was reached.

The reports write it "按资金支出率得分=5分×资金支出率", "共计1分，按到位率×1计分"
or "完成得4分，否则按完成比例得分": 得分 = 实际值 ÷ 目标值 × 分值, never above
分值 (overshooting the target earns no more) and never below 0.  The target
defaults to 100%, so a rate times the weight is just ``比例得分(rate, 分值)``.

Seed 000 (广州 2023 社保卡制发管理服务经费), 资金支付: 资金支出率 99.84% of 5 points:

>>> 比例得分("99.84%", 5).得分
Decimal('4.99')
>>> print(比例得分("1090.899732", 5, "1092.660282").说明)
1090.899732 ÷ 1092.660282 × 5 = 4.99

持卡人数 1831.53万 against a target of 1800万, 4 points — capped at full marks:

>>> 比例得分("1831.53", 4, "1800").得分
Decimal('4.00')
"""

from __future__ import annotations

from ..amounts import 显示数
from ..errors import 规则参数有误
from .base import 封顶, 示值, 规则分值, 规则结果, 读量

__all__ = ["比例得分"]


def 比例得分(实际值: object, 分值: object, 目标值: object = "100%") -> 规则结果:
    """实际值 / 目标值 × 分值, never above 分值."""
    w = 规则分值(分值)
    target, pct = 读量(目标值, "目标值")
    actual, _ = 读量(实际值, "实际值", 百分比=pct)
    if target <= 0:
        raise 规则参数有误("目标值应大于0", "目标值")
    raw = actual / target * w
    return 规则结果(封顶(raw, w), w, f"{示值(actual, pct)} ÷ {示值(target, pct)} × {显示数(w)} = {显示数(封顶(raw, w))}")
