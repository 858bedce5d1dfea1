"""Scoring a leaf of an evaluation system by its 评分规则.

A leaf's 评分规则 is one rule of :mod:`udfs.rules` with its parameters
(``{"规则": "比例", "参数": {"实际值": "99.84%"}}``; the leaf's own 分值 is used
when the rule's is not given), or a list of such rules whose scores add up —
each part then states its own 分值 — or ``{"规则": "人工"}`` for a judgement no
arithmetic can reproduce.  Leaves without a rule are manual: their stated score
is used and shown as manual, never as computed.

Seed 000 (广州 2023), 资金支付: 资金支出率 × 5:

>>> leaf = 评价叶("10", [], "资金支付", 5, 评分规则={"规则": "比例", "参数": {"实际值": "1090.899732", "目标值": "1092.660282"}})
>>> 叶计分(leaf).得分
Decimal('4.99')

Seed 002 (上海 2018), C22 影响力: 5 points by count, 2 by complaints — one leaf, two rules:

>>> 叶计分(评价叶("C22", [], "影响力", 7, 评分规则=[
...     {"规则": "计数", "参数": {"个数": 5, "目标个数": 5, "分值": 5, "每个扣分": 1}},
...     {"规则": "每差扣分", "参数": {"实际值": 0, "目标值": 0, "分值": 2, "步长": 1, "每步扣分": 1, "方向": "反向"}}]))
规则结果(得分=Decimal('7.00'), 分值=Decimal('7'), 说明='5个 ≥ 5个，得满分5；实际0已达到目标0，得满分2')
>>> 叶计分(评价叶("A11", [], "项目立项规范性", 3, 评分规则={"规则": "人工"})) is None
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..amounts import 保留两位, 可选数字, 是占位符
from ..errors import 规则参数有误
from ..rules import 人工, 按规则计分, 规则结果, 规则表
from .model import 评价叶

__all__ = ["规则列表", "叶计分"]

_零 = Decimal(0)


def 规则列表(rule: Any) -> list[dict] | None:
    """None for a manual leaf, else the list of rule parts."""
    if rule is None or 是占位符(rule):
        return None
    if isinstance(rule, dict):
        if rule.get("规则") in (None, 人工, ""):
            return None
        return [rule]
    if isinstance(rule, list) and all(isinstance(r, dict) for r in rule):
        return rule
    raise 规则参数有误(f"评分规则应为对象或对象列表，实为{rule!r}", "评分规则")


def 叶计分(leaf: 评价叶) -> 规则结果 | None:
    """The rule's score for a leaf (None when the leaf is manual)."""
    parts = 规则列表(leaf.评分规则)
    if parts is None:
        return None
    weight = 可选数字(leaf.分值, "分值")
    results = []
    for part in parts:
        name = str(part.get("规则"))
        params = dict(part.get("参数") or {})
        if name in 规则表 and "分值" in 规则表[name][1] and "分值" not in params:
            if len(parts) > 1:
                raise 规则参数有误(f"组合规则的每一部分都要写明分值（“{name}”缺少）", "评分规则")
            params["分值"] = weight
        results.append(按规则计分(name, params))
    total = 保留两位(sum((r.得分 for r in results), _零))
    full = sum((r.分值 for r in results), _零)
    return 规则结果(total, full, "；".join(r.说明 for r in results))
