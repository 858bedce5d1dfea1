"""Scoring rules of evaluation reports (绩效评价报告, seeds 000 and 002).

A 绩效评价指标体系 scores each leaf with a written 评分标准.  The ones that
are arithmetic fall into a few families, each a function here:

* 比例: 资金支出率 × 5 (seed 000: 99.84% → 4.99).
* 每差扣分: "达到100%得5分，每差2%扣1分，直至5分扣完" (seed 002 B11: 84.31% → 0);
  "每超出1个工作日扣0.1分" (反向).  取整 says how a part of a step counts:
  ``整步`` (the seeds' practice: any shortfall costs a whole step; C12 99.60% → 6
  of 8), ``比例`` (the literal reading: 0.4 of a step costs 0.4 × 2 → 7.2) or
  ``去尾`` (only whole steps count).
* 区间: "超过95%得满分，低于85%不得分，否则按比例得分".
* 调整率: 预算调整率 = (全年预算 − 年初预算) / 年初预算, (1 − |调整率|) × 分值
  (seed 000: −38.40% → 1.23 of 2).
* 满意度: 满意度 × 分值 from a floor up, plus a bonus for improving on last year
  (seed 000: 4 × 88.42% + 1 = 4.54 of 5).
* 清单: items met each earn points, or each item missed costs points.
* 计数: "≥10得6分，每减少1个扣1分".

Percentages may be written ``"99.84%"``, ``0.9984`` or ``99.84`` (a bare
number above 1 where a percentage is expected is read as percentage points).

>>> 比例得分("99.84%", 5).得分
Decimal('4.99')
>>> 扣分得分("84.31%", "100%", 5, 步长="2%", 每步扣分=1).得分
Decimal('0.00')
>>> 扣分得分("99.60%", "100%", 8, 步长="1%", 每步扣分=2).得分, 扣分得分("99.60%", "100%", 8, 步长="1%", 每步扣分=2, 取整="比例").得分
(Decimal('6.00'), Decimal('7.20'))
>>> 调整率得分("1092.66", "1773.84", 2).得分
Decimal('1.23')
>>> 满意度得分("88.42", 4, 起算线="70%", 上年满意度="88.04", 提升加分=1).得分
Decimal('4.54')
>>> 满意度得分("98.69%", 5, 起算线="85%").得分
Decimal('4.93')
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .amounts import 保留两位, 是占位符, 显示数, 规范文本, 转数字
from .errors import 绩效自评错误, 规则参数有误
from .values import 解析指标值

__all__ = [
    "规则结果", "比例得分", "扣分得分", "区间得分", "调整率得分", "满意度得分", "清单得分", "清单扣分", "计数得分",
    "规则表", "按规则计分", "读是否", "表列", "表列参数", "表列转参数", "表列说明", "清单项", "答案写法",
]

_零 = Decimal(0)
_一 = Decimal(1)
_百 = Decimal(100)


@dataclass(frozen=True)
class 规则结果:
    得分: Decimal
    分值: Decimal
    说明: str


def _分值(value: object) -> Decimal:
    w = 转数字(value, "分值")
    if w < 0:
        raise 规则参数有误(f"分值不能为负数（{显示数(w)}）", "分值")
    return w


def _量(value: object, 字段: str, 百分比: bool | None = None) -> tuple[Decimal, bool]:
    """(number, is_percent); percentages come back as fractions (99.84% → 0.9984)."""
    v = 解析指标值(value)
    if v.类型 != "定量" or v.数值 is None:
        raise 规则参数有误(f"'{value}'不是数值", 字段)
    if v.单位 == "%":
        return v.数值 / _百, True
    if 百分比 and v.数值 > 1:
        return v.数值 / _百, True  # a bare 88.42 where a percentage is expected
    return v.数值, bool(百分比) and v.数值 <= 1


def _封顶(raw: Decimal, w: Decimal) -> Decimal:
    return 保留两位(max(_零, min(raw, w)))


def _示(x: Decimal, pct: bool) -> str:
    return f"{显示数(保留两位(x * _百))}%" if pct else 显示数(x)


def _差(x: Decimal, pct: bool) -> str:
    return f"{显示数(保留两位(x * _百))}个百分点" if pct else 显示数(x)


def 比例得分(实际值: object, 分值: object, 目标值: object = "100%") -> 规则结果:
    """实际值 / 目标值 × 分值, never above 分值."""
    w = _分值(分值)
    target, pct = _量(目标值, "目标值")
    actual, _ = _量(实际值, "实际值", 百分比=pct)
    if target <= 0:
        raise 规则参数有误("目标值应大于0", "目标值")
    raw = actual / target * w
    return 规则结果(_封顶(raw, w), w, f"{_示(actual, pct)} ÷ {_示(target, pct)} × {显示数(w)} = {显示数(_封顶(raw, w))}")


_取整 = {
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
    w = _分值(分值)
    target, pct = _量(目标值, "目标值")
    actual, _ = _量(实际值, "实际值", 百分比=pct)
    step, _ = _量(步长, "步长", 百分比=pct)
    per = 转数字(每步扣分, "每步扣分")
    if step <= 0 or per < 0:
        raise 规则参数有误("步长应大于0、每步扣分不能为负", "步长")
    if 方向 not in ("正向", "反向"):
        raise 规则参数有误(f"方向应为“正向”或“反向”，实为'{方向}'", "方向")
    if 取整 not in _取整:
        raise 规则参数有误(f"取整应为{'、'.join(_取整)}之一，实为'{取整}'", "取整")
    gap = (target - actual) if 方向 == "正向" else (actual - target)
    if gap <= 0:
        return 规则结果(保留两位(w), w, f"实际{_示(actual, pct)}已达到目标{_示(target, pct)}，得满分{显示数(w)}")
    steps = _取整[取整](gap / step)
    score = _封顶(w - steps * per, w)
    why = (
        f"{'差' if 方向 == '正向' else '超出'}{_差(gap, pct)}，合{显示数(保留两位(gap / step))}个步长（{_差(step, pct)}），"
        f"按{取整}计{显示数(保留两位(steps))}步 × {显示数(per)}分 = 扣{显示数(保留两位(steps * per))}分，得{显示数(score)}"
    )
    return 规则结果(score, w, why)


def 区间得分(实际值: object, 满分线: object, 零分线: object, 分值: object, 方式: str = "插值") -> 规则结果:
    """Full marks from 满分线, none at 零分线, in between by 插值 (linear) or 比例 (实际/满分线)."""
    w = _分值(分值)
    full, pct = _量(满分线, "满分线")
    zero, _ = _量(零分线, "零分线", 百分比=pct)
    actual, _ = _量(实际值, "实际值", 百分比=pct)
    if full == zero:
        raise 规则参数有误("满分线与零分线不能相同", "零分线")
    higher_better = full > zero
    if (actual >= full) if higher_better else (actual <= full):
        return 规则结果(保留两位(w), w, f"实际{_示(actual, pct)}达到满分线{_示(full, pct)}，得满分{显示数(w)}")
    if (actual <= zero) if higher_better else (actual >= zero):
        return 规则结果(保留两位(_零), w, f"实际{_示(actual, pct)}未过零分线{_示(zero, pct)}，得0分")
    if 方式 == "插值":
        raw = (actual - zero) / (full - zero) * w
        why = f"({_示(actual, pct)} − {_示(zero, pct)}) ÷ ({_示(full, pct)} − {_示(zero, pct)}) × {显示数(w)}"
    elif 方式 == "比例":
        raw = (actual / full if higher_better else full / actual) * w
        why = f"{_示(actual, pct)} ÷ {_示(full, pct)} × {显示数(w)}"
    else:
        raise 规则参数有误(f"方式应为“插值”或“比例”，实为'{方式}'", "方式")
    score = _封顶(raw, w)
    return 规则结果(score, w, f"{why} = {显示数(score)}")


def 调整率得分(全年预算数: object, 年初预算数: object, 分值: object) -> 规则结果:
    """(1 − |(全年预算数 − 年初预算数) / 年初预算数|) × 分值, not below 0."""
    w = _分值(分值)
    final = 转数字(全年预算数, "全年预算数")
    initial = 转数字(年初预算数, "年初预算数")
    if initial <= 0:
        raise 规则参数有误("年初预算数应大于0", "年初预算数")
    rate = (final - initial) / initial
    score = _封顶((_一 - abs(rate)) * w, w)
    return 规则结果(score, w, f"预算调整率 = ({显示数(final)} − {显示数(initial)}) ÷ {显示数(initial)} = {显示数(保留两位(rate * _百))}%；(1 − |调整率|) × {显示数(w)} = {显示数(score)}")


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
    w = _分值(分值)
    bonus = 转数字(提升加分, "提升加分")
    sat, _ = _量(满意度, "满意度", 百分比=True)
    floor, _ = _量(起算线, "起算线", 百分比=True) if not 是占位符(起算线) else (_零, True)
    base = sat * w if sat >= floor else _零
    why = f"{_示(sat, True)} × {显示数(w)} = {显示数(保留两位(base))}" if sat >= floor else f"满意度{_示(sat, True)}低于起算线{_示(floor, True)}，基础分0"
    extra = _零
    if not 是占位符(上年满意度):
        last, _ = _量(上年满意度, "上年满意度", 百分比=True)
        if sat > last:
            extra = bonus
            why += f"；高于上年{_示(last, True)}，加{显示数(bonus)}分"
        else:
            why += f"；未高于上年{_示(last, True)}，不加分"
    score = _封顶(base + extra, w + bonus)
    return 规则结果(score, w + bonus, f"{why}；得{显示数(score)}")


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


def _列(values: object) -> list:
    if isinstance(values, (list, tuple)):
        out: list = []
        for v in values:
            out.extend(_列(v))
        return out
    return [values]


def 清单得分(是否符合: object, 各项分值: object) -> 规则结果:
    """Sum of the points of the items met ("①…得0.5分 ②…得1分")."""
    answers, points = _列(是否符合), _列(各项分值)
    if len(answers) != len(points):
        raise 规则参数有误(f"清单有{len(points)}项分值，却有{len(answers)}项是否符合", "是否符合")
    w = sum((_分值(p) for p in points), _零)
    got = _零
    missed = []
    for i, (a, p) in enumerate(zip(answers, points), 1):
        if 读是否(a, f"第{i}项"):
            got += _分值(p)
        else:
            missed.append(str(i))
    why = "全部符合" if not missed else f"第{'、'.join(missed)}项不符合"
    return 规则结果(保留两位(got), w, f"{why}，得{显示数(保留两位(got))}分（满分{显示数(w)}）")


def 清单扣分(是否符合: object, 每项扣分: object, 分值: object) -> 规则结果:
    """分值 minus 每项扣分 for each item missed, not below 0 ("有一项不符合扣0.5分，扣完为止")."""
    w = _分值(分值)
    per = 转数字(每项扣分, "每项扣分")
    answers = _列(是否符合)
    missed = [str(i) for i, a in enumerate(answers, 1) if not 读是否(a, f"第{i}项")]
    score = _封顶(w - per * len(missed), w)
    why = "全部符合" if not missed else f"第{'、'.join(missed)}项不符合，扣{显示数(per * len(missed))}分"
    return 规则结果(score, w, f"{why}，得{显示数(score)}")


def 计数得分(个数: object, 目标个数: object, 分值: object, 每个扣分: object) -> 规则结果:
    """Full marks from 目标个数 up; each one fewer costs 每个扣分 ("≥10得6分，每减少1个扣1分")."""
    w = _分值(分值)
    count = 转数字(个数, "个数")
    target = 转数字(目标个数, "目标个数")
    per = 转数字(每个扣分, "每个扣分")
    if count >= target:
        return 规则结果(保留两位(w), w, f"{显示数(count)}个 ≥ {显示数(target)}个，得满分{显示数(w)}")
    score = _封顶(w - (target - count) * per, w)
    return 规则结果(score, w, f"少{显示数(target - count)}个 × {显示数(per)}分，得{显示数(score)}")


# Rule name -> (function, its parameter names after the common ones). Used by the
# evaluation-system sheet's 评分规则 dropdown and by the audit.
规则表: dict[str, tuple[Callable[..., 规则结果], tuple[str, ...]]] = {
    "比例": (比例得分, ("实际值", "分值", "目标值")),
    "每差扣分": (扣分得分, ("实际值", "目标值", "分值", "步长", "每步扣分", "方向", "取整")),
    "区间": (区间得分, ("实际值", "满分线", "零分线", "分值", "方式")),
    "调整率": (调整率得分, ("全年预算数", "年初预算数", "分值")),
    "满意度": (满意度得分, ("满意度", "分值", "起算线", "上年满意度", "提升加分")),
    "清单": (清单得分, ("是否符合", "各项分值")),
    "清单扣分": (清单扣分, ("是否符合", "每项扣分", "分值")),
    "计数": (计数得分, ("个数", "目标个数", "分值", "每个扣分")),
}


def _必填(func: Callable[..., 规则结果]) -> tuple[str, ...]:
    return tuple(p.name for p in inspect.signature(func).parameters.values() if p.default is p.empty)


def 按规则计分(规则: str, 参数: dict[str, object]) -> 规则结果:
    """Apply the rule named ``规则`` to named parameters (unknown or missing names are an error)."""
    if 规则 not in 规则表:
        raise 规则参数有误(f"没有名为'{规则}'的评分规则，可选：{'、'.join(规则表)}", "评分规则")
    func, names = 规则表[规则]
    unknown = set(参数) - set(names)
    if unknown:
        raise 规则参数有误(f"评分规则“{规则}”没有参数{'、'.join(sorted(unknown))}（可用：{'、'.join(names)}）", "评分规则")
    missing = [n for n in _必填(func) if n not in 参数]
    if missing:  # a TypeError here would reach a cell as "#计算出错"
        raise 规则参数有误(f"评分规则“{规则}”缺少参数{'、'.join(missing)}", missing[0])
    return func(**参数)


# --- the evaluation-system sheet (绩效评价指标体系评分表) -------------------------------------
#
# The sheet keeps every rule's inputs in the same seven columns of a row; 分值 is the row's
# own, and a checklist's items are rows below it (是否符合, and the item's 分值).  Which
# column holds which parameter of which rule is said once, here: the sheet's labels (参数说明),
# its functions (体系得分), the native formulas of the compatibility build, ``jixiao fill``
# and the workbook reader all follow this table.

表列 = ("实际值", "目标值", "上年值", "参数1", "参数2", "参数3", "参数4")

表列参数: dict[str, dict[str, str]] = {  # rule -> {column: parameter}
    "比例": {"实际值": "实际值", "目标值": "目标值"},
    "每差扣分": {"实际值": "实际值", "目标值": "目标值", "参数1": "步长", "参数2": "每步扣分", "参数3": "方向", "参数4": "取整"},
    "区间": {"实际值": "实际值", "目标值": "满分线", "参数1": "零分线", "参数2": "方式"},
    "调整率": {"实际值": "全年预算数", "目标值": "年初预算数"},
    "满意度": {"实际值": "满意度", "上年值": "上年满意度", "参数1": "起算线", "参数2": "提升加分"},
    "清单": {},
    "清单扣分": {"参数1": "每项扣分"},
    "计数": {"实际值": "个数", "目标值": "目标个数", "参数1": "每个扣分"},
}

# What a blank optional cell means, for the labels.
_缺省 = {
    "目标值": "空＝100%", "方向": "正向／反向，空＝正向", "取整": "整步／比例／去尾，空＝整步",
    "方式": "插值／比例，空＝插值", "起算线": "空＝0", "提升加分": "空＝0", "上年满意度": "空＝不加分",
}
_算法 = {
    "比例": "得分＝实际值÷目标值×分值，不超过分值",
    "每差扣分": "达到目标得满分，每差（反向：每超出）一个步长扣每步扣分，扣完为止",
    "区间": "达到满分线得满分，未过零分线得0，其间按插值或比例",
    "调整率": "调整率＝(全年预算数−年初预算数)÷年初预算数，得分＝(1−|调整率|)×分值",
    "满意度": "满意度达到起算线得 满意度×(分值−提升加分)，高于上年满意度再加提升加分",
    "清单": "各清单项（本行下方）符合的得其分值；各项分值之和应等于分值",
    "清单扣分": "分值减去 每项扣分×不符合的清单项（本行下方）个数，扣完为止",
    "计数": "个数达到目标个数得满分，每少一个扣每个扣分，扣完为止",
}


def 表列说明(规则: str) -> str:
    """The label of a rule's parameter cells: which column holds what, and how it scores.

    >>> 表列说明("每差扣分")
    '实际值：实际值；目标值：目标值；参数1：步长；参数2：每步扣分；参数3：方向（正向／反向，空＝正向）；参数4：取整（整步／比例／去尾，空＝整步）。达到目标得满分，每差（反向：每超出）一个步长扣每步扣分，扣完为止'
    """
    if 规则 == "人工":
        return "人工评分：在“人工得分”列填写评价人给定的得分，并在得分情况说明中写明理由"
    if 规则 == "组合":
        return "组合规则：本行得分＝下方各子规则得分之和；各子规则的分值之和应等于本行分值"
    defaults = {**_缺省, "目标值": _缺省["目标值"] if 规则 == "比例" else None}  # 100% only where optional
    parts = [f"{col}：{name}" + (f"（{defaults[name]}）" if defaults.get(name) else "") for col, name in 表列参数[规则].items()]
    if 规则 in ("清单", "清单扣分"):
        parts.append("清单项：本行下方各行的“是否符合”（是／否）" + ("与分值" if 规则 == "清单" else ""))
    return "；".join(parts) + "。" + _算法[规则]


def _空(value: object) -> bool:
    """A cell left empty (a dash is not empty here: the rule must see it and complain)."""
    return value is None or (isinstance(value, str) and not value.strip())


def 清单项(是否符合: object, 项分值: object = None) -> list[tuple[object, object]]:
    """Checklist items from two ranges (flattened; an empty range gives no items)."""
    answers = [] if _空(是否符合) else _列(是否符合)
    points = [] if 项分值 is None or (not isinstance(项分值, (list, tuple)) and _空(项分值)) else _列(项分值)
    if points and len(points) != len(answers):
        raise 规则参数有误(f"清单有{len(answers)}项是否符合，却有{len(points)}项分值", "是否符合")
    return list(zip(answers, points or [None] * len(answers)))


def 表列转参数(
    规则: str, 分值: object, 列值: dict[str, object], 清单: Sequence[tuple[object, object]] = ()
) -> dict[str, object]:
    """A rule's named parameters from a row of the sheet (blank cells: the rule's defaults).

    ``分值`` is the row's; 满意度 gets 分值 − 提升加分 as its base (the row's 分值 is the
    full marks, bonus included).  Nothing is checked here: :func:`按规则计分` does that.

    >>> 表列转参数("满意度", 5, {"实际值": 88.42, "上年值": 88.04, "参数1": 0.7, "参数2": 1})
    {'满意度': 88.42, '上年满意度': 88.04, '起算线': 0.7, '提升加分': 1, '分值': Decimal('4')}
    """
    if 规则 not in 表列参数:
        raise 规则参数有误(f"没有名为'{规则}'的评分规则，可选：{'、'.join(规则表)}", "评分规则")
    params: dict[str, object] = {}
    for col, name in 表列参数[规则].items():
        if not _空(列值.get(col)):
            params[name] = 列值[col]
    if 规则 in ("清单", "清单扣分") and 清单:
        params["是否符合"] = [a for a, _ in 清单]
        if 规则 == "清单":
            params["各项分值"] = [p for _, p in 清单]
    if "分值" in 规则表[规则][1] and not _空(分值):
        params["分值"] = 分值
        if 规则 == "满意度" and "提升加分" in params:
            try:
                params["分值"] = 转数字(分值, "分值") - 转数字(params["提升加分"], "提升加分")
            except 绩效自评错误:
                pass  # left as typed: the rule reports the unreadable number
    return params
