"""每差扣分: full marks at the target, points off for every step short of it.

The reports write "达到100%得5分，每差2%扣1分，直至5分扣完", "100%以下每减少2个
百分点扣1分直至12分扣完" (正向: each 步长 short of the target costs 每步扣分) or
"小于等于12个工作日得满分，每超出1个工作日扣0.1分，扣完为止" (反向: each 步长
past it).  The score never goes below 0.

None of them says what a part of a step costs; 取整 chooses:

* ``整步`` — any shortfall costs a whole step (the seeds' practice; the default);
* ``比例`` — the literal reading: 0.4 of a step costs 0.4 × 每步扣分;
* ``去尾`` — only whole steps count.

Seed 002 (上海 2018 社会保障卡制作费), B11 预算执行率 84.31%, "每差2%扣1分" of 5
points: 15.69 points short is 7.85 steps, 8 whole steps, nothing left:

>>> 扣分得分("84.31%", "100%", 5, 步长="2%", 每步扣分=1).得分
Decimal('0.00')

C12 制卡发放及时性 99.60%, "每减少1个百分点扣2分" of 8: 0.4 of a step.  The report
gives 6 (a whole step); the literal reading gives 7.2, whole steps only 8:

>>> [扣分得分("99.60%", "100%", 8, "1%", 2, 取整=way).得分 for way in 取整方式]
[Decimal('6.00'), Decimal('7.20'), Decimal('8.00')]
>>> print(扣分得分("99.60%", "100%", 8, "1%", 2).说明)
差0.4个百分点，合0.4个步长（1个百分点），按整步计1步 × 2分 = 扣2分，得6

Seed 000 (广州 2023), 平均制发时限 11.68 个工作日, "小于等于12个工作日得满分 …
每超出1个工作日扣0.1分" of 3:

>>> 扣分得分("11.68", "12", 3, "1", "0.1", 方向="反向").得分
Decimal('3.00')
"""

from __future__ import annotations

import math
from decimal import Decimal

from ..amounts import 保留两位, 显示数, 转数字
from ..errors import 规则参数有误
from .base import 封顶, 示值, 示差, 规则分值, 规则结果, 读量

__all__ = ["扣分得分", "取整方式"]

取整方式 = {  # how a part of a step counts: its name -> steps counted for a number of steps
    "整步": lambda x: Decimal(math.ceil(x)),
    "比例": lambda x: x,
    "去尾": lambda x: Decimal(math.floor(x)),
}


def 扣分得分(
    实际值: object,
    目标值: object,
    分值: object,
    步长: object,
    每步扣分: object,
    方向: str = "正向",
    取整: str = "整步",
) -> 规则结果:
    """Full marks at the target; each 步长 short of it (正向) or past it (反向) costs 每步扣分."""
    w = 规则分值(分值)
    target, pct = 读量(目标值, "目标值")
    actual, _ = 读量(实际值, "实际值", 百分比=pct)
    step, _ = 读量(步长, "步长", 百分比=pct)
    per = 转数字(每步扣分, "每步扣分")
    if step <= 0 or per < 0:
        raise 规则参数有误("步长应大于0、每步扣分不能为负", "步长")
    if 方向 not in ("正向", "反向"):
        raise 规则参数有误(f"方向应为“正向”或“反向”，实为'{方向}'", "方向")
    if 取整 not in 取整方式:
        raise 规则参数有误(f"取整应为{'、'.join(取整方式)}之一，实为'{取整}'", "取整")
    gap = (target - actual) if 方向 == "正向" else (actual - target)
    if gap <= 0:
        return 规则结果(保留两位(w), w, f"实际{示值(actual, pct)}已达到目标{示值(target, pct)}，得满分{显示数(w)}")
    steps = 取整方式[取整](gap / step)
    score = 封顶(w - steps * per, w)
    why = (
        f"{'差' if 方向 == '正向' else '超出'}{示差(gap, pct)}，合{显示数(保留两位(gap / step))}个步长（{示差(step, pct)}），"
        f"按{取整}计{显示数(保留两位(steps))}步 × {显示数(per)}分 = 扣{显示数(保留两位(steps * per))}分，得{显示数(score)}"
    )
    return 规则结果(score, w, why)
