"""The scoring rules of evaluation reports (绩效评价报告, seeds 000 and 002), by name.

A 绩效评价指标体系 scores each leaf with a written 评分标准.  The ones that are
arithmetic fall into a few families, one module each:

==========  =====================  =================================================
规则         function               module
==========  =====================  =================================================
比例         比例得分                :mod:`.ratio` — 实际值 ÷ 目标值 × 分值
每差扣分     扣分得分                :mod:`.steps` — 每差N扣M分，扣完为止
区间         区间得分                :mod:`.band` — 满分线 / 零分线, in proportion between
调整率       调整率得分              :mod:`.adjustment` — (1 − |预算调整率|) × 分值
满意度       满意度得分              :mod:`.satisfaction` — 满意度 × 分值 from a floor, bonus
清单         清单得分                :mod:`.checklist` — each item met earns its points
清单扣分     清单扣分                :mod:`.checklist` — each item missed costs points
计数         计数得分                :mod:`.count` — 每少一个扣M分
==========  =====================  =================================================

:data:`规则表` is the one place these names are declared: the 评分规则 of the JSON
(``{"规则": "每差扣分", "参数": {…}}``), the sheet's 评分规则 column and the audit
all use them, and each rule's parameter names are read from its function's
signature.  Two more words fill the sheet's 评分规则 column without being rules:
:data:`人工` (the evaluator's judgement) and :data:`组合` (parts whose scores add up).

>>> 规则表["调整率"][1], 必填参数("满意度")
(('全年预算数', '年初预算数', '分值'), ('满意度', '分值'))
>>> 按规则计分("每差扣分", {"实际值": "84.31%", "目标值": "100%", "分值": 5, "步长": "2%", "每步扣分": 1}).得分
Decimal('0.00')
>>> 按规则计分("比例", {"分值": 5})
Traceback (most recent call last):
...
udfs.errors.规则参数有误: 实际值：评分规则“比例”缺少参数实际值
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from ..errors import 规则参数有误
from .adjustment import 调整率得分
from .band import 区间得分
from .base import 规则结果
from .checklist import 清单得分, 清单扣分
from .count import 计数得分
from .ratio import 比例得分
from .satisfaction import 满意度得分
from .steps import 扣分得分

__all__ = [
    "规则结果", "规则表", "按规则计分", "必填参数", "人工", "组合",
    "比例得分", "扣分得分", "区间得分", "调整率得分", "满意度得分", "清单得分", "清单扣分", "计数得分",
]

# Rule name -> (function, its parameter names).  Used by the evaluation-system sheet's
# 评分规则 dropdown, its functions, the JSON's 评分规则 and the audit.
规则表: dict[str, tuple[Callable[..., 规则结果], tuple[str, ...]]] = {
    name: (func, tuple(inspect.signature(func).parameters))
    for name, func in (
        ("比例", 比例得分),
        ("每差扣分", 扣分得分),
        ("区间", 区间得分),
        ("调整率", 调整率得分),
        ("满意度", 满意度得分),
        ("清单", 清单得分),
        ("清单扣分", 清单扣分),
        ("计数", 计数得分),
    )
}

人工 = "人工"  # not a rule: the evaluator's score, given by hand
组合 = "组合"  # the sheet's word for a leaf scored by several rules whose scores add up


def 必填参数(规则: str) -> tuple[str, ...]:
    """The parameters of a rule that have no default (KeyError for an unknown rule)."""
    func = 规则表[规则][0]
    return tuple(p.name for p in inspect.signature(func).parameters.values() if p.default is p.empty)


def 按规则计分(规则: str, 参数: dict[str, object]) -> 规则结果:
    """Apply the rule named ``规则`` to named parameters (unknown or missing names are an error)."""
    if 规则 not in 规则表:
        raise 规则参数有误(f"没有名为'{规则}'的评分规则，可选：{'、'.join(规则表)}", "评分规则")
    func, names = 规则表[规则]
    unknown = set(参数) - set(names)
    if unknown:
        raise 规则参数有误(f"评分规则“{规则}”没有参数{'、'.join(sorted(unknown))}（可用：{'、'.join(names)}）", "评分规则")
    missing = [n for n in 必填参数(规则) if n not in 参数]
    if missing:  # a TypeError here would reach a cell as "#计算出错"
        raise 规则参数有误(f"评分规则“{规则}”缺少参数{'、'.join(missing)}", missing[0])
    return func(**参数)
