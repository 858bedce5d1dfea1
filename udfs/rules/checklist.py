"""清单 and 清单扣分: a list of requirements, each met or not.

清单 — each item met earns its own points: "①安排多种形式巡检的，得0.5分 ②现场巡检
内容包含网点规范、业务规范的，得0.5分 … ④安排后台数据巡查抽选的，得1分".  The items'
points add up to the leaf's 分值.

清单扣分 — full marks less a fixed deduction per item missed: "全部符合得满分，有一项
不符合要求扣0.5分，全部不符合得0分", never below 0.

An answer is 是 or 否, written as people write them (:func:`读是否`): 是/符合/达到/√/
TRUE/1 or 否/不符合/未达到/×/FALSE/0.

Seed 000 (广州 2023), 产出质量 巡检, five items of 0.5, 0.5, 0.5, 1 and 0.5, all met:

>>> 清单得分(["是", "是", "是", "是", "是"], [0.5, 0.5, 0.5, 1, 0.5]).得分
Decimal('3.00')

and 宣传物料, three items at 0.5 off each of 2 points — had one been missed:

>>> print(清单扣分(["符合", "不符合", "√"], 0.5, 2).说明)
第2项不符合，扣0.5分，得1.5
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import 保留两位, 显示数, 规范文本, 转数字
from ..errors import 规则参数有误
from .base import 封顶, 平铺, 规则分值, 规则结果

__all__ = ["清单得分", "清单扣分", "读是否", "答案写法"]

_零 = Decimal(0)

_是 = frozenset({"是", "符合", "达到", "完成", "有", "√", "✓", "✔", "true", "yes", "y", "1", "对"})
_否 = frozenset({"否", "不符合", "未达到", "未完成", "无", "×", "✗", "✘", "false", "no", "n", "0", "错"})
答案写法 = {"是": _是, "否": _否}  # what 读是否 accepts (the sheet's native formulas use the same lists)


def 读是否(value: object, 字段: str) -> bool:
    """A checklist answer: 是/符合/√/TRUE/1 or 否/不符合/×/FALSE/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    text = 规范文本(str(value)).lower() if value is not None else ""
    if text in _是:
        return True
    if text in _否:
        return False
    raise 规则参数有误(f"'{value if value is not None else ''}'应填“是”或“否”（符合／不符合）", 字段)


def 清单得分(是否符合: object, 各项分值: object) -> 规则结果:
    """Sum of the points of the items met ("①…得0.5分 ②…得1分")."""
    answers, points = 平铺(是否符合), 平铺(各项分值)
    if len(answers) != len(points):
        raise 规则参数有误(f"清单有{len(points)}项分值，却有{len(answers)}项是否符合", "是否符合")
    w = sum((规则分值(p) for p in points), _零)
    got = _零
    missed = []
    for i, (a, p) in enumerate(zip(answers, points), 1):
        if 读是否(a, f"第{i}项"):
            got += 规则分值(p)
        else:
            missed.append(str(i))
    why = "全部符合" if not missed else f"第{'、'.join(missed)}项不符合"
    return 规则结果(保留两位(got), w, f"{why}，得{显示数(保留两位(got))}分（满分{显示数(w)}）")


def 清单扣分(是否符合: object, 每项扣分: object, 分值: object) -> 规则结果:
    """分值 minus 每项扣分 for each item missed, not below 0 ("有一项不符合扣0.5分，扣完为止")."""
    w = 规则分值(分值)
    per = 转数字(每项扣分, "每项扣分")
    answers = 平铺(是否符合)
    missed = [str(i) for i, a in enumerate(answers, 1) if not 读是否(a, f"第{i}项")]
    score = 封顶(w - per * len(missed), w)
    why = "全部符合" if not missed else f"第{'、'.join(missed)}项不符合，扣{显示数(per * len(missed))}分"
    return 规则结果(score, w, f"{why}，得{显示数(score)}")
