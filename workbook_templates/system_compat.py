"""Native formulas for the rules of the evaluation-system sheet (体系兼容版).

For people without Python (WPS, Excel without the add-in, LibreOffice): each rule of
:mod:`udfs.rules` written in Excel's own functions, reading the same columns
as the 函数版's ``=体系得分(...)`` (:data:`udfs.rules.columns.表列参数`).  They follow the
core step by step — the same defaults for blank cells, the same checks in the same
order with the same error texts (``#规则参数有误`` where the core raises
规则参数有误, ``#数值无法识别`` where it cannot read a number), full marks as
ROUND(分值, 2), everything else ROUND(MAX(0, MIN(x, 分值)), 2).

Binary floating point is the one difference from the core's decimals: ``(100% −
98%) ÷ 1%`` is 2.0000000000000018 in a spreadsheet, which a whole-step ceiling would
turn into 3 steps.  Every quotient that is rounded up or down, and every score before
its final ROUND(…, 2), is first rounded to 9 decimals, which removes that noise and
cannot matter for inputs with fewer than 9 decimals.

Only the native spelling of values is read: numbers are numbers (a percentage is the
fraction 0.8431, as Excel stores "84.31%"); where the core reads a bare number above
1 as percentage points (满意度, 起算线, 上年满意度, and 实际值 of 比例 with the default
target 100%), so do these formulas.

>>> f = 规则公式("比例", {"分值": "I5", "实际值": "M5", "目标值": "N5"})
>>> f.startswith('IF(OR(LEN(TRIM(M5&""))=0,LEN(TRIM(I5&""))=0),"#规则参数有误"')
True
"""

from __future__ import annotations

from udfs.rules.checklist import 答案写法

__all__ = ["否定答案", "肯定答案", "规则公式", "规则名"]

P = '"#规则参数有误"'
N = '"#数值无法识别"'

# The spellings udfs.rules.checklist.读是否 reads as yes and no (lower case; MATCH ignores case as 读是否 does),
# sorted so that a build is byte-identical from run to run.
肯定答案 = tuple(sorted(答案写法["是"]))
否定答案 = tuple(sorted(答案写法["否"]))
规则名 = ("比例", "每差扣分", "区间", "调整率", "满意度", "清单", "清单扣分", "计数")


def _数组(values: tuple[str, ...]) -> str:
    return "{" + ",".join(f'"{v}"' for v in values) + "}"


_是, _否 = _数组(肯定答案), _数组(否定答案)


def _空(x: str) -> str:
    return f'LEN(TRIM({x}&""))=0'


def _非空(x: str) -> str:
    return f'LEN(TRIM({x}&""))>0'


def _缺(*xs: str) -> str:
    return "OR(" + ",".join(_空(x) for x in xs) + ")" if len(xs) > 1 else _空(xs[0])


def _封顶(x: str, w: str) -> str:
    """The core's _封顶: 保留两位(max(0, min(x, w)))."""
    return f"ROUND(ROUND(MAX(0,MIN({x},{w})),9),2)"


def _满分(w: str) -> str:
    return f"ROUND({w},2)"


def _分值(w: str, then: str) -> str:
    """The core's _分值: a number (#数值无法识别), not negative (#规则参数有误)."""
    return f"IF(NOT(ISNUMBER({w})),{N},IF({w}<0,{P},{then}))"


def _检(conditions: list[tuple[str, str]], then: str) -> str:
    """IF(c1,e1,IF(c2,e2,…,then)) — the checks in the core's order."""
    out = then
    for cond, err in reversed(conditions):
        out = f"IF({cond},{err},{out})"
    return out


def _比例(c: dict[str, str]) -> str:
    w, a, t = c["分值"], c["实际值"], c["目标值"]
    target = f"IF({_空(t)},1,{t})"  # a blank target is the default 100%, a percentage:
    actual = f"IF(AND({_空(t)},{a}>1),{a}/100,{a})"  # a bare 99.84 then means 99.84%
    return _检([(_缺(a, w), P)], _分值(w, _检([
        (f"AND({_非空(t)},NOT(ISNUMBER({t})))", P),
        (f"NOT(ISNUMBER({a}))", P),
        (f"AND({_非空(t)},{t}<=0)", P),
    ], _封顶(f"{actual}/{target}*{w}", w))))


def _每差扣分(c: dict[str, str]) -> str:
    w, a, t, step, per, way, mode = (c[k] for k in ("分值", "实际值", "目标值", "参数1", "参数2", "参数3", "参数4"))
    direction = f'IF({_空(way)},"正向",{way})'
    rounding = f'IF({_空(mode)},"整步",{mode})'
    gap = f'IF({direction}="正向",{t}-{a},{a}-{t})'
    q = f"ROUND(({gap})/{step},9)"
    steps = f'IF({rounding}="整步",ROUNDUP({q},0),IF({rounding}="去尾",ROUNDDOWN({q},0),({gap})/{step}))'
    return _检([(_缺(a, t, w, step, per), P)], _分值(w, _检([
        (f"NOT(ISNUMBER({t}))", P),
        (f"NOT(ISNUMBER({a}))", P),
        (f"NOT(ISNUMBER({step}))", P),
        (f"NOT(ISNUMBER({per}))", N),
        (f"OR({step}<=0,{per}<0)", P),
        (f'AND({direction}<>"正向",{direction}<>"反向")', P),
        (f'AND({rounding}<>"整步",{rounding}<>"比例",{rounding}<>"去尾")', P),
    ], f"IF(({gap})<=0,{_满分(w)},{_封顶(f'{w}-({steps})*{per}', w)})")))


def _区间(c: dict[str, str]) -> str:
    w, a, full, zero, mode = (c[k] for k in ("分值", "实际值", "目标值", "参数1", "参数2"))
    up = f"{full}>{zero}"
    way = f'IF({_空(mode)},"插值",{mode})'
    between = (f'IF({way}="插值",{_封顶(f"({a}-{zero})/({full}-{zero})*{w}", w)},'
               f'IF({way}="比例",{_封顶(f"IF({up},{a}/{full},{full}/{a})*{w}", w)},{P}))')
    return _检([(_缺(a, full, zero, w), P)], _分值(w, _检([
        (f"NOT(ISNUMBER({full}))", P),
        (f"NOT(ISNUMBER({zero}))", P),
        (f"NOT(ISNUMBER({a}))", P),
        (f"{full}={zero}", P),
        (f"IF({up},{a}>={full},{a}<={full})", _满分(w)),
        (f"IF({up},{a}<={zero},{a}>={zero})", "0"),
    ], between)))


def _调整率(c: dict[str, str]) -> str:
    w, final, initial = c["分值"], c["实际值"], c["目标值"]
    return _检([(_缺(final, initial, w), P)], _分值(w, _检([
        (f"NOT(ISNUMBER({final}))", N),
        (f"NOT(ISNUMBER({initial}))", N),
        (f"{initial}<=0", P),
    ], _封顶(f"(1-ABS(({final}-{initial})/{initial}))*{w}", w))))


def _满意度(c: dict[str, str]) -> str:
    w, sat, last, floor, bonus = (c[k] for k in ("分值", "实际值", "上年值", "参数1", "参数2"))
    b = f"IF({_空(bonus)},0,{bonus})"
    base_w = f"({w}-{b})"  # the row's 分值 includes the bonus (udfs.rules.columns.表列转参数)
    s = f"IF({sat}>1,{sat}/100,{sat})"  # bare numbers above 1 are percentage points
    fl = f"IF({_空(floor)},0,IF({floor}>1,{floor}/100,{floor}))"
    ly = f"IF({last}>1,{last}/100,{last})"
    score = f"IF({s}>={fl},{s}*{base_w},0)+IF(AND({_非空(last)},{s}>{ly}),{b},0)"
    return _检([
        (_缺(sat, w), P),
        (f"NOT(ISNUMBER({w}))", N),
        (f"AND({_非空(bonus)},NOT(ISNUMBER({bonus})))", f"IF({w}<0,{P},{N})"),
        (f"{base_w}<0", P),
        (f"NOT(ISNUMBER({sat}))", P),
        (f"AND({_非空(floor)},NOT(ISNUMBER({floor})))", P),
        (f"AND({_非空(last)},NOT(ISNUMBER({last})))", P),
    ], _封顶(score, w))


def _坏答案(ans: str) -> str:
    """Some item is neither yes nor no (a blank answer included), as 读是否 refuses it."""
    text = f'TRIM({ans}&"")'
    return f"SUMPRODUCT(((LEN({text})=0)+ISNA(MATCH({text},{_是},0))*ISNA(MATCH({text},{_否},0))>0)*1)>0"


def _符合(ans: str) -> str:
    return f'ISNUMBER(MATCH(TRIM({ans}&""),{_是},0))'


def _清单(c: dict[str, str], ans: str | None, pts: str | None) -> str:
    if not ans or not pts:
        return P  # no item rows: the core misses 是否符合
    return _检([
        (f"SUMPRODUCT(1-ISNUMBER({pts}))>0", N),
        (f"SUMPRODUCT(({pts}<0)*1)>0", P),
        (_坏答案(ans), P),
    ], f"ROUND(ROUND(SUMPRODUCT({_符合(ans)}*{pts}),9),2)")


def _清单扣分(c: dict[str, str], ans: str | None) -> str:
    w, per = c["分值"], c["参数1"]
    if not ans:
        return P
    missed = f"(ROWS({ans})-SUMPRODUCT({_符合(ans)}*1))"
    return _检([(_缺(per, w), P)], _分值(w, _检([
        (f"NOT(ISNUMBER({per}))", N),
        (_坏答案(ans), P),
    ], _封顶(f"{w}-{per}*{missed}", w))))


def _计数(c: dict[str, str]) -> str:
    w, n, target, per = (c[k] for k in ("分值", "实际值", "目标值", "参数1"))
    return _检([(_缺(n, target, w, per), P)], _分值(w, _检([
        (f"NOT(ISNUMBER({n}))", N),
        (f"NOT(ISNUMBER({target}))", N),
        (f"NOT(ISNUMBER({per}))", N),
    ], f"IF({n}>={target},{_满分(w)},{_封顶(f'{w}-({target}-{n})*{per}', w)})")))


def 规则公式(规则: str, 格: dict[str, str], 是否符合: str | None = None, 项分值: str | None = None) -> str:
    """One rule as a native formula (no leading "="); ``格`` maps 分值, 实际值 … 参数4 to cells."""
    if 规则 == "清单":
        return _清单(格, 是否符合, 项分值)
    if 规则 == "清单扣分":
        return _清单扣分(格, 是否符合)
    return {"比例": _比例, "每差扣分": _每差扣分, "区间": _区间, "调整率": _调整率, "满意度": _满意度, "计数": _计数}[规则](格)


def 分派公式(规则格: str, 格: dict[str, str], 是否符合: str | None = None, 项分值: str | None = None) -> str:
    """The rule named in cell ``规则格``: every rule's formula behind IF(规则格="…"); unknown → #规则参数有误."""
    out = P
    for name in reversed(规则名):
        out = f'IF({规则格}="{name}",{规则公式(name, 格, 是否符合, 项分值)},{out})'
    return out
