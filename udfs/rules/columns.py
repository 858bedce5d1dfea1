"""The evaluation-system sheet (绩效评价指标体系评分表): which column holds which parameter.

The sheet keeps every rule's inputs in the same seven columns of a row (:data:`表列`);
分值 is the row's own, and a checklist's items are rows below it (是否符合, and
the item's 分值).  Which column holds which parameter of which rule is said once,
here (:data:`表列参数`): the sheet's labels (参数说明, :func:`表列说明`), its functions
(体系得分), the native formulas of the compatibility build, ``jixiao fill`` and the
workbook reader all follow this table.

>>> 表列参数["每差扣分"]
{'实际值': '实际值', '目标值': '目标值', '参数1': '步长', '参数2': '每步扣分', '参数3': '方向', '参数4': '取整'}
>>> 表列转参数("比例", 5, {"实际值": 0.998389})
{'实际值': 0.998389, '分值': 5}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..amounts import 转数字
from ..errors import 绩效自评错误, 规则参数有误
from . import 人工, 必填参数, 组合, 规则表
from .adjustment import 调整率得分
from .band import 区间得分
from .base import 平铺
from .checklist import 清单得分, 清单扣分
from .count import 计数得分
from .ratio import 比例得分
from .satisfaction import 满意度得分
from .steps import 扣分得分

__all__ = ["表列", "表列参数", "表列说明", "表列转参数", "清单项", "有清单项"]

表列 = ("实际值", "目标值", "上年值", "参数1", "参数2", "参数3", "参数4")

# Each rule's {column: parameter} and, for the labels, how it scores (by function: the
# names of the rules are those of 规则表).
_列: dict[Callable, tuple[dict[str, str], str]] = {
    比例得分: (
        {"实际值": "实际值", "目标值": "目标值"},
        "得分＝实际值÷目标值×分值，不超过分值",
    ),
    扣分得分: (
        {"实际值": "实际值", "目标值": "目标值", "参数1": "步长", "参数2": "每步扣分", "参数3": "方向", "参数4": "取整"},
        "达到目标得满分，每差（反向：每超出）一个步长扣每步扣分，扣完为止",
    ),
    区间得分: (
        {"实际值": "实际值", "目标值": "满分线", "参数1": "零分线", "参数2": "方式"},
        "达到满分线得满分，未过零分线得0，其间按插值或比例",
    ),
    调整率得分: (
        {"实际值": "全年预算数", "目标值": "年初预算数"},
        "调整率＝(全年预算数−年初预算数)÷年初预算数，得分＝(1−|调整率|)×分值",
    ),
    满意度得分: (
        {"实际值": "满意度", "上年值": "上年满意度", "参数1": "起算线", "参数2": "提升加分"},
        "满意度达到起算线得 满意度×(分值−提升加分)，高于上年满意度再加提升加分",
    ),
    清单得分: ({}, "各清单项（本行下方）符合的得其分值；各项分值之和应等于分值"),
    清单扣分: ({"参数1": "每项扣分"}, "分值减去 每项扣分×不符合的清单项（本行下方）个数，扣完为止"),
    计数得分: (
        {"实际值": "个数", "目标值": "目标个数", "参数1": "每个扣分"},
        "个数达到目标个数得满分，每少一个扣每个扣分，扣完为止",
    ),
}

表列参数: dict[str, dict[str, str]] = {name: _列[func][0] for name, (func, _) in 规则表.items()}  # rule -> {column: parameter}

# What a blank cell means, for the labels of optional parameters.
_缺省 = {
    "目标值": "空＝100%", "方向": "正向／反向，空＝正向", "取整": "整步／比例／去尾，空＝整步",
    "方式": "插值／比例，空＝插值", "起算线": "空＝0", "提升加分": "空＝0", "上年满意度": "空＝不加分",
}


def 有清单项(规则: str) -> bool:
    """Whether the rule reads checklist items (the rows below its own)."""
    return 规则 in 规则表 and "是否符合" in 规则表[规则][1]


def 表列说明(规则: str) -> str:
    """The label of a rule's parameter cells: which column holds what, and how it scores.

    >>> 表列说明("每差扣分")
    '实际值：实际值；目标值：目标值；参数1：步长；参数2：每步扣分；参数3：方向（正向／反向，空＝正向）；参数4：取整（整步／比例／去尾，空＝整步）。达到目标得满分，每差（反向：每超出）一个步长扣每步扣分，扣完为止'
    """
    if 规则 == 人工:
        return "人工评分：在“人工得分”列填写评价人给定的得分，并在得分情况说明中写明理由"
    if 规则 == 组合:
        return "组合规则：本行得分＝下方各子规则得分之和；各子规则的分值之和应等于本行分值"
    func, names = 规则表[规则]
    required = 必填参数(规则)
    parts = [
        f"{col}：{name}" + (f"（{_缺省[name]}）" if name in _缺省 and name not in required else "")
        for col, name in 表列参数[规则].items()
    ]
    if 有清单项(规则):
        parts.append("清单项：本行下方各行的“是否符合”（是／否）" + ("与分值" if "各项分值" in names else ""))
    return "；".join(parts) + "。" + _列[func][1]


def _空(value: object) -> bool:
    """A cell left empty (a dash is not empty here: the rule must see it and complain)."""
    return value is None or (isinstance(value, str) and not value.strip())


def 清单项(是否符合: object, 项分值: object = None) -> list[tuple[object, object]]:
    """Checklist items from two ranges (flattened; an empty range gives no items)."""
    answers = [] if _空(是否符合) else 平铺(是否符合)
    points = [] if 项分值 is None or (not isinstance(项分值, (list, tuple)) and _空(项分值)) else 平铺(项分值)
    if points and len(points) != len(answers):
        raise 规则参数有误(f"清单有{len(answers)}项是否符合，却有{len(points)}项分值", "是否符合")
    return list(zip(answers, points or [None] * len(answers)))


def 表列转参数(
    规则: str, 分值: object, 列值: dict[str, object], 清单: Sequence[tuple[object, object]] = ()
) -> dict[str, object]:
    """A rule's named parameters from a row of the sheet (blank cells: the rule's defaults).

    ``分值`` is the row's; 满意度 gets 分值 − 提升加分 as its base (the row's 分值 is the
    full marks, bonus included).  Nothing is checked here: :func:`udfs.rules.按规则计分` does that.

    >>> 表列转参数("满意度", 5, {"实际值": 88.42, "上年值": 88.04, "参数1": 0.7, "参数2": 1})
    {'满意度': 88.42, '上年满意度': 88.04, '起算线': 0.7, '提升加分': 1, '分值': Decimal('4')}
    """
    if 规则 not in 表列参数:
        raise 规则参数有误(f"没有名为'{规则}'的评分规则，可选：{'、'.join(规则表)}", "评分规则")
    names = 规则表[规则][1]
    params: dict[str, object] = {}
    for col, name in 表列参数[规则].items():
        if not _空(列值.get(col)):
            params[name] = 列值[col]
    if 有清单项(规则) and 清单:
        params["是否符合"] = [a for a, _ in 清单]
        if "各项分值" in names:
            params["各项分值"] = [p for _, p in 清单]
    if "分值" in names and not _空(分值):
        params["分值"] = 分值
        if "提升加分" in params:  # the row's 分值 includes the bonus: the rule's 分值 is the base
            try:
                params["分值"] = 转数字(分值, "分值") - 转数字(params["提升加分"], "提升加分")
            except 绩效自评错误:
                pass  # left as typed: the rule reports the unreadable number
    return params
