"""Rows that reach every branch of every rule of the evaluation-system sheet, and what the core says.

Shared by the LibreOffice tests (both builds must compute exactly these) and the layout tests.
Values are what a cell holds: numbers (percentages as fractions), text, or nothing.
"""

from __future__ import annotations

from typing import Any

import udfs
from udfs.rules.columns import 表列
from workbook_templates.system_layout import 体系行

# (评分规则, 分值, {column: value}, items [(是否符合, 分值)] or None)
CASES: list[tuple[Any, Any, dict[str, Any], list[tuple[Any, Any]] | None]] = [
    # 比例
    ("比例", 5, {"实际值": 0.998389}, None),                       # 4.99 (default target 100%)
    ("比例", 5, {"实际值": 99.84}, None),                          # a bare 99.84 against the default 100% is 99.84%
    ("比例", 4, {"实际值": 1831.53, "目标值": 1800}, None),          # capped at 分值
    ("比例", 2, {"实际值": 0.7651, "目标值": 0.75}, None),
    ("比例", 3.333, {"实际值": 1, "目标值": 1}, None),              # full marks: ROUND(分值, 2)
    ("比例", 5, {"实际值": -0.2, "目标值": 1}, None),               # never below 0
    ("比例", 5, {"实际值": 0.5, "目标值": 0}, None),                # #规则参数有误
    ("比例", 5, {"实际值": "未统计", "目标值": 1}, None),
    ("比例", 5, {}, None),                                          # 实际值 missing
    ("比例", "五", {"实际值": 0.5}, None),                          # #数值无法识别
    ("比例", -1, {"实际值": 0.5}, None),
    # 每差扣分
    ("每差扣分", 5, {"实际值": 0.8431, "目标值": 1, "参数1": 0.02, "参数2": 1}, None),    # 0 (seed 002 B11)
    ("每差扣分", 12, {"实际值": 0.8043, "目标值": 1, "参数1": 0.02, "参数2": 1}, None),   # 2 (C11, 整步)
    ("每差扣分", 12, {"实际值": 0.8043, "目标值": 1, "参数1": 0.02, "参数2": 1, "参数4": "比例"}, None),  # 2.22
    ("每差扣分", 12, {"实际值": 0.8043, "目标值": 1, "参数1": 0.02, "参数2": 1, "参数4": "去尾"}, None),  # 3
    ("每差扣分", 8, {"实际值": 0.996, "目标值": 1, "参数1": 0.01, "参数2": 2}, None),     # 6 (C12)
    ("每差扣分", 10, {"实际值": 0.98, "目标值": 1, "参数1": 0.01, "参数2": 1}, None),     # exactly 2 steps: 8, not 7
    ("每差扣分", 10, {"实际值": 0.9914, "目标值": 0.98, "参数1": 0.01, "参数2": 2}, None),  # met
    ("每差扣分", 3, {"实际值": 11.68, "目标值": 12, "参数1": 1, "参数2": 0.1, "参数3": "反向"}, None),
    ("每差扣分", 3, {"实际值": 13.5, "目标值": 12, "参数1": 1, "参数2": 0.1, "参数3": "反向"}, None),   # 2.8
    ("每差扣分", 3, {"实际值": 13.5, "目标值": 12, "参数1": 1, "参数2": 0.1, "参数3": "反向", "参数4": "比例"}, None),
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数1": 0, "参数2": 1}, None),         # step 0
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数1": 0.01, "参数2": -1}, None),
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数1": 0.01, "参数2": "一分"}, None),  # #数值无法识别
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数1": 0.01, "参数2": 1, "参数3": "向上"}, None),
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数1": 0.01, "参数2": 1, "参数4": "四舍五入"}, None),
    ("每差扣分", 5, {"实际值": 0.9, "目标值": 1, "参数2": 1}, None),                    # 步长 missing
    # 区间
    ("区间", 3, {"实际值": 0.9976, "目标值": 0.95, "参数1": 0.85}, None),
    ("区间", 3, {"实际值": 0.9, "目标值": 0.95, "参数1": 0.85}, None),                 # 1.5
    ("区间", 3, {"实际值": 0.9, "目标值": 0.95, "参数1": 0.85, "参数2": "比例"}, None),  # 2.84
    ("区间", 3, {"实际值": 0.8, "目标值": 0.95, "参数1": 0.85}, None),
    ("区间", 3, {"实际值": 15, "目标值": 10, "参数1": 20}, None),                     # lower is better: 1.5
    ("区间", 3, {"实际值": 15, "目标值": 10, "参数1": 20, "参数2": "比例"}, None),      # 2
    ("区间", 3, {"实际值": 0.9, "目标值": 0.9, "参数1": 0.9}, None),                  # lines equal
    ("区间", 3, {"实际值": 0.9, "目标值": 0.95, "参数1": 0.85, "参数2": "阶梯"}, None),
    ("区间", 3, {"实际值": 0.99, "目标值": 0.95, "参数1": 0.85, "参数2": "阶梯"}, None),  # met before 方式 is read
    # 调整率
    ("调整率", 2, {"实际值": 1092.660282, "目标值": 1773.84}, None),                  # 1.23 (seed 000)
    ("调整率", 2, {"实际值": 2000, "目标值": 1000}, None),
    ("调整率", 2, {"实际值": 1000, "目标值": 0}, None),
    ("调整率", 2, {"实际值": "一千", "目标值": 1000}, None),
    # 满意度
    ("满意度", 5, {"实际值": 88.42, "上年值": 88.04, "参数1": 0.7, "参数2": 1}, None),  # 4.54 (seed 000)
    ("满意度", 5, {"实际值": 0.9869, "参数1": 0.85}, None),                          # 4.93
    ("满意度", 5, {"实际值": 0.6, "参数1": 0.7}, None),                              # below the floor
    ("满意度", 5, {"实际值": 88, "上年值": 88.04, "参数1": 70, "参数2": 1}, None),    # no bonus: 3.52
    ("满意度", 5, {"实际值": 0.95, "上年值": 0.9, "参数2": 1}, None),                 # 4.8
    ("满意度", 5, {"实际值": 0.95, "参数2": 6}, None),                               # bonus above 分值
    ("满意度", 5, {"实际值": 0.95, "参数2": "一分"}, None),
    ("满意度", 5, {"实际值": "很满意"}, None),
    ("满意度", 5, {"实际值": 0.95, "上年值": "较高"}, None),
    # 清单 and 清单扣分 (items below the row)
    ("清单", 2.5, {}, [("是", 0.5), ("否", 1), ("是", 1)]),                          # 1.5
    ("清单", 3, {}, [("√", 1), ("×", 1), (1, 1)]),                                  # 2
    ("清单", 3, {}, [("符合", 1.5), ("也许", 1.5)]),                                 # an answer that is neither
    ("清单", 3, {}, [("是", 1.5), (None, 1.5)]),                                    # a blank answer
    ("清单", 3, {}, [("是", "一分半"), ("是", 1.5)]),
    ("清单", 3, {}, [("是", -1), ("是", 4)]),
    ("清单", 3, {}, None),                                                          # no items
    ("清单扣分", 2, {"参数1": 0.5}, [("是", None), ("否", None), ("否", None)]),     # 1
    ("清单扣分", 1, {"参数1": 0.5}, [("否", None), ("否", None), ("否", None)]),     # 0
    ("清单扣分", 2, {"参数1": "半分"}, [("是", None)]),
    ("清单扣分", 2, {"参数1": 0.5}, [("待定", None)]),
    # 计数
    ("计数", 6, {"实际值": 8, "目标值": 10, "参数1": 1}, None),                       # 4
    ("计数", 6, {"实际值": 12, "目标值": 10, "参数1": 1}, None),
    ("计数", 2, {"实际值": 0, "目标值": 0, "参数1": 0.5}, None),
    ("计数", 2, {"实际值": "十一", "目标值": 11, "参数1": 0.3}, None),
    ("计数", 2, {"实际值": 10, "目标值": 11}, None),
    # the rule cell itself
    ("阶梯", 2, {"实际值": 1}, None),
    (None, 2, {}, None),
]

# 人工 and 组合 leaves: (评分规则, 分值, 人工得分, parts [(rule, 分值, values, items)])
SPECIAL: list[tuple[str, Any, Any, list]] = [
    ("人工", 3, 2.5, []),
    ("人工", 3, None, []),
    ("人工", 3, "两分", []),
    ("组合", 7, None, [("计数", 5, {"实际值": 5, "目标值": 5, "参数1": 1}, None),
                      ("每差扣分", 2, {"实际值": 0, "目标值": 0, "参数1": 1, "参数2": 1, "参数3": "反向"}, None)]),
    ("组合", 2, None, [("比例", 1, {"实际值": 1162, "目标值": 800}, None), ("清单", 1, {}, [("是", 1)])]),
    ("组合", 2, None, [("比例", 1, {"实际值": 0.5, "目标值": 1}, None), ("清单", 1, {}, [("否", 1)])]),
    ("组合", 2, None, [("比例", 1, {"实际值": 0.5}, None), ("人工", 1, {}, None)]),  # a part cannot be manual
    ("组合", 2, None, []),                                                             # no parts
]


def 行们() -> list[体系行]:
    """One group holding a leaf per case (with its sub-rows)."""
    rows = [体系行("指标组", 1, 名称="分支", 分值=100)]

    def items_rows(items, level=2):
        return [体系行("清单项", level, 名称=f"└ 第{k}项", 是否符合=a, 分值=p) for k, (a, p) in enumerate(items or [], 1)]

    for k, (rule, w, values, items) in enumerate(CASES, 1):
        rows.append(体系行("末级指标", 2, 编号=str(k), 名称=f"用例{k}", 分值=w, 评分规则=rule, 值=dict(values)))
        rows += items_rows(items)
    for k, (rule, w, manual, parts) in enumerate(SPECIAL, len(CASES) + 1):
        rows.append(体系行("末级指标", 2, 编号=str(k), 名称=f"用例{k}", 分值=w, 评分规则=rule, 人工得分=manual))
        for j, (prule, pw, pvalues, pitems) in enumerate(parts, 1):
            rows.append(体系行("子规则", 2, 名称=f"└ 子规则{j}", 分值=pw, 评分规则=prule, 值=dict(pvalues)))
            rows += items_rows(pitems)
    return rows


def _规则得分(rule, w, values, items):
    args = [values.get(k) for k in 表列]
    if items:
        return udfs.体系得分(rule, w, *args, [[a] for a, _ in items], [[p] for _, p in items])
    return udfs.体系得分(rule, w, *args)


def 核心得分() -> list[Any]:
    """What every leaf's 得分 must show, by the scoring core (None: an empty cell)."""
    from decimal import Decimal

    from udfs.amounts import 保留两位

    out: list[Any] = []
    for rule, w, values, items in CASES:
        out.append(None if rule is None else _规则得分(rule, w, values, items))
    for rule, _w, manual, parts in SPECIAL:
        if rule == "人工":
            out.append(None if manual is None else manual if isinstance(manual, (int, float)) else "#数值无法识别")
            continue
        if not parts:
            out.append("#规则参数有误")
            continue
        scores = [_规则得分(r, pw, v, i) for r, pw, v, i in parts]
        if any(isinstance(s, str) for s in scores):
            out.append("#子规则有误")
        else:
            out.append(float(保留两位(sum((Decimal(repr(s)) for s in scores), Decimal(0)))))
    return out
