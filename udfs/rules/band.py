"""区间: full marks above one line, nothing below another, in proportion between.

The reports write "超过95%得满分，低于85%不得分，否则按比例得分".  Between the two
lines, "按比例" has two readings; 方式 chooses:

* ``插值`` — linear from the 零分线 (0 points) to the 满分线 (full marks); the default;
* ``比例`` — 实际值 ÷ 满分线 × 分值.

When the 满分线 lies below the 零分线, lower is better (a time limit, an error rate).

Seed 000 (广州 2023), 社保卡申领失败处理率 99.76% against 95% / 85%, 3 points:

>>> 区间得分("99.76%", "95%", "85%", 3).得分
Decimal('3.00')

At 90% the two readings differ:

>>> 区间得分("90%", "95%", "85%", 3).得分, 区间得分("90%", "95%", "85%", 3, "比例").得分
(Decimal('1.50'), Decimal('2.84'))
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import 保留两位, 显示数
from ..errors import 规则参数有误
from .base import 封顶, 示值, 规则分值, 规则结果, 读量

__all__ = ["区间得分"]

_零 = Decimal(0)


def 区间得分(实际值: object, 满分线: object, 零分线: object, 分值: object, 方式: str = "插值") -> 规则结果:
    """Full marks from 满分线, none at 零分线, in between by 插值 (linear) or 比例 (实际/满分线)."""
    w = 规则分值(分值)
    full, pct = 读量(满分线, "满分线")
    zero, _ = 读量(零分线, "零分线", 百分比=pct)
    actual, _ = 读量(实际值, "实际值", 百分比=pct)
    if full == zero:
        raise 规则参数有误("满分线与零分线不能相同", "零分线")
    higher_better = full > zero
    if (actual >= full) if higher_better else (actual <= full):
        return 规则结果(保留两位(w), w, f"实际{示值(actual, pct)}达到满分线{示值(full, pct)}，得满分{显示数(w)}")
    if (actual <= zero) if higher_better else (actual >= zero):
        return 规则结果(保留两位(_零), w, f"实际{示值(actual, pct)}未过零分线{示值(zero, pct)}，得0分")
    if 方式 == "插值":
        raw = (actual - zero) / (full - zero) * w
        why = f"({示值(actual, pct)} − {示值(zero, pct)}) ÷ ({示值(full, pct)} − {示值(zero, pct)}) × {显示数(w)}"
    elif 方式 == "比例":
        raw = (actual / full if higher_better else full / actual) * w
        why = f"{示值(actual, pct)} ÷ {示值(full, pct)} × {显示数(w)}"
    else:
        raise 规则参数有误(f"方式应为“插值”或“比例”，实为'{方式}'", "方式")
    score = 封顶(raw, w)
    return 规则结果(score, w, f"{why} = {显示数(score)}")
