"""The compatibility build: the same form with native Excel formulas only.

For people without Python (WPS, Excel without the add-in, LibreOffice).  Native
formulas cannot read free text such as "≥28万人", so — as the 云南 and 四川
variants of the form do — the target is split into 指标性质 (≥ ≤ = > <,
定性, 不适用), 指标值 (a number) and 度量单位, and 实际完成值 is a number in
the same unit.  A qualitative row gets a 完成档次 (达成 / 部分达成 / 未达成)
and scores the tier's default share of 分值, from the profile table on the
计分口径 sheet (a snapshot of :mod:`udfs.profiles` taken by ``jixiao build``).

The formulas below reproduce :mod:`udfs.scoring` rule by rule: the sign of the
target, B/A for a missed 正向 target, the profile's 反向 curve (A/B, or the
一体化 line with 0 from 2A on), zero targets, a negative actual counted as 0,
the cap at 分值, ROUND(…, 2) (half away from zero, which is half-up for the
non-negative scores here), the same error texts (#指标值无法识别 …) in the same
order.  The tests prove it on every seed form in LibreOffice and in the
``formulas`` engine.

:func:`拆分指标` turns a JSON form's free text into those columns with the
core's own parser and unit conversion, so ``jixiao fill`` writes exactly what
the core reads:

>>> d, notes = 拆分指标("≥28万人", "29 万人")
>>> d["指标性质"], d["指标值"], d["度量单位"], d["实际完成值"]
('≥', 28, '万人', 29)
>>> d, notes = 拆分指标("≤2小时", "30分钟"); d["实际完成值"], d["度量单位"]
(0.5, '小时')
>>> 拆分指标("健全", "基本健全")[0]["完成档次"]
'部分达成'
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from udfs.amounts import json数值, 占位符, 是占位符
from udfs.errors import (
    人工得分无效,
    单位不一致,
    口径不存在,
    口径文件有误,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    无法判定档次,
    绩效自评错误,
    预算数无效,
)
from udfs.profiles import 取口径, 口径列表, 默认口径
from udfs.scoring import 指标计分
from udfs.scoring import (
    统一单位 as 同单位,  # the core's own reading of units
)
from udfs.values import 解析指标值
from udfs.vocabulary import 档次名, 比较符号

from .sheetkit import 参数表格, 工作表样

__all__ = ["公式", "口径表列", "口径表样", "填表说明", "拆分指标", "指标性质选项", "档次选项", "总得分式", "偏差提示公式", "封顶式"]

指标性质选项 = (*比较符号, "定性", "不适用")
档次选项 = 档次名


def _数组(items: tuple[str, ...]) -> str:
    """An Excel array constant of texts: {"达成","部分达成","未达成"}."""
    return "{" + ",".join(f'"{x}"' for x in items) + "}"


def _错(error: type[绩效自评错误]) -> str:
    """The cell text of a core error, as a formula string: the same texts as the 函数版."""
    return f'"{error.code}"'


_档次数组 = _数组(档次名)
_比较数组 = _数组(比较符号)
_空值数组 = _数组(tuple(sorted(x for x in 占位符 if x)))  # cells that mean "nothing here"


def _空(x: str) -> str:
    """A cell that is empty or a placeholder (—, /, 空 …): the core's 是占位符."""
    return f'OR(TRIM({x}&"")="",ISNUMBER(MATCH(TRIM({x}&""),{_空值数组},0)))'


等级数 = 4  # grade lines a profile may have in the 兼容版 (优/良/中 in the built-in ones)

# Columns of the profile table (口径表), 1-based as INDEX wants them.
口径表列 = (
    "口径", "执行率分值", "指标分值", "反向规则",
    *(f"{t}{x}" for t in 档次名 for x in ("上限", "下限", "默认")),
    *(f"{x}{i}" for i in range(1, 等级数 + 1) for x in ("等级", "线")), "末等",
)
_列 = {name: i for i, name in enumerate(口径表列, 1)}


def _参数(name: str) -> str:
    return f"INDEX(口径表,口径行,{_列[name]})"


def 封顶式(x: str, w: str) -> str:
    """The core's 封顶得分: full marks are 分值 itself, otherwise ROUND(MAX(0,x),2) capped at 分值."""
    return f"IF(({x})>={w},{w},MIN(ROUND(MAX(0,{x}),2),{w}))"


_无法识别, _档次错, _数值错, _不适用, _人工错, _预算错, _口径错 = (
    _错(e) for e in (指标值无法识别, 无法判定档次, 数值无法识别, 指标不适用, 人工得分无效, 预算数无效, 口径不存在))


def _等级式(k: int = 1) -> str:
    """The profile's grades, line by line from the 计分口径 sheet; a blank line is skipped."""
    if k > 等级数:
        return _参数("末等")
    line = _参数(f"线{k}")
    return f'IF(AND(ISNUMBER({line}),总得分>={line}),{_参数(f"等级{k}")},{_等级式(k + 1)})'


def _指标公式() -> dict[str, str]:
    op, a, b, w = "{指标性质}{r}", "{指标值}{r}", "{实际完成值}{r}", "{分值}{r}"
    tier, manual, rule = "{完成档次}{r}", "{人工得分}{r}", "{规则得分}{r}"
    B = f"MAX({b},0)"  # a negative actual counts as 0
    t = f"MATCH({tier},{_档次数组},0)"
    met = (f'OR(AND({op}="≥",{B}>={a}),AND({op}=">",{B}>{a}),AND({op}="≤",{B}<={a}),'
           f'AND({op}="<",{B}<{a}),AND({op}="=",{B}={a}))')
    reverse = f'IF({_参数("反向规则")}="一体化",IF({B}>=2*{a},0,(1-({B}-{a})/{a})*{w}),{a}/{B}*{w})'
    missed = f'IF(OR({op}="≥",{op}=">",AND({op}="=",{B}<{a})),{B}/{a}*{w},{reverse})'
    quant = (f'IF(ISNA(MATCH({op},{_比较数组},0)),{_无法识别},'
             f'IF(NOT(AND(ISNUMBER({a}),ISNUMBER({b}))),{_无法识别},'
             f'IF({a}<0,{_无法识别},'
             f'IF({met},{w},'
             f'IF({a}=0,IF({op}="<",{_无法识别},0),'
             f'{封顶式(missed, w)})))))')
    qual = (f'IF({_空(b)},{_无法识别},'
            f'IF(ISNA({t}),{_档次错},{封顶式(f"INDEX(口径表,口径行,4+3*{t})*{w}", w)}))')
    empty = f'AND(OR({op}="不适用",AND({op}="",{a}="")),OR({w}="",{w}=0),{manual}="")'
    rule_score = (f'=IF(ISTEXT(口径行),口径行,'
                  f'IF(AND({w}<>"",OR(NOT(ISNUMBER({w})),N({w})<0)),{_数值错},'
                  f'IF({empty},"",'
                  f'IF({op}="不适用",{_不适用},'
                  f'IF({op}="",{_无法识别},'
                  f'IF({w}="",{_数值错},'
                  f'IF({op}="定性",{qual},{quant})))))))')
    low = f'IF({op}="定性",{封顶式(f"INDEX(口径表,口径行,3+3*{t})*{w}", w)},0)'
    high = f'IF({op}="定性",{封顶式(f"INDEX(口径表,口径行,2+3*{t})*{w}", w)},{w})'
    score = (f'=IF(OR({manual}="",{rule}="",LEFT({rule}&"",1)="#"),{rule},'
             f'IF(NOT(ISNUMBER({manual})),{_数值错},'
             f'IF(OR({manual}<{low},{manual}>{high}),{_人工错},ROUND({manual},2))))')
    s, why = "{得分}{r}", "{偏差原因分析及改进措施}{r}"
    hint = (f'=IF(OR({s}="",LEFT({s}&"",1)="#",{w}=""),"",'
            f'IF({s}>{w},"得分"&{s}&"超过分值"&{w}&"，请检查",'
            f'IF(AND({s}<{w},{_空(why)}),'
            f'"扣"&ROUND({w}-{s},10)&"分，请填写偏差原因分析及改进措施","")))')
    return {"规则得分": rule_score, "得分": score, "偏差提示": hint}


def 偏差提示公式() -> str:
    """偏差提示 in Excel's own functions, the same in both builds (the core's 偏差提示)."""
    return _指标公式()["偏差提示"]


_执行率 = (
    f'=IF(全年预算数="","",IF(NOT(ISNUMBER(全年预算数)),{_数值错},'
    f'IF(全年预算数<=0,{_预算错},IF(全年执行数="",0,IF(NOT(ISNUMBER(全年执行数)),{_数值错},'
    f'IF(全年执行数<0,{_数值错},ROUND(全年执行数/全年预算数,4)))))))'
)
_执行率分值 = f'IF(执行率分值="",{_参数("执行率分值")},执行率分值)'
_执行率得分 = (
    f'=IF(ISTEXT(口径行),口径行,IF(AND(执行率分值<>"",OR(NOT(ISNUMBER(执行率分值)),N(执行率分值)<0)),{_数值错},'
    'IF(ISNUMBER(预算执行率),'
    + 封顶式('N(全年执行数)/全年预算数*' + _执行率分值, _执行率分值)
    + ',预算执行率)))'
)
_分值和 = "SUM(执行率分值,{分值}{首}:{分值}{末})"
_错得分 = 'LEFT({得分}{首}:{得分}{末}&"",1)="#"'
# Both builds: blank while 全年预算数 is empty; a row that cannot be scored is named (the first, by
# the largest 1048577 − row: SUMPRODUCT evaluates its argument as an array in every version).
总得分式 = (
    'IF(全年预算数="","",IF(LEFT(预算执行率得分&"",1)="#","#请改正执行率",'
    f'IF(SUMPRODUCT(({_错得分})*1)>0,"#请改正第"&(1048577-SUMPRODUCT(MAX(({_错得分})*(1048577-ROW({{得分}}{{首}}:{{得分}}{{末}})))))&"行",'
    'ROUND(SUM(预算执行率得分,{得分}{首}:{得分}{末}),2))))'
)

公式: dict[str, str] = {
    "副标题": '=IF(年度="","（      年度）","（"&年度&"年度）")',
    "资金标签": '="项目资金"&CHAR(10)&"（"&金额单位&"）"',
    "口径行": f'=IFERROR(MATCH(IF(口径="","{默认口径}",口径),口径名称,0),{_口径错})',
    "预算执行率": _执行率,
    "预算执行率得分": _执行率得分,
    **_指标公式(),
    "分值合计": "=" + _分值和,
    "总得分": "=" + 总得分式,
    "等级": (f'=IF(OR(总得分="",LEFT(总得分&"",1)="#"),"",IF(ISTEXT(口径行),口径行,'
            f'IF(OR(总得分<0,总得分>100),{_数值错},{_等级式()})))'),
    "分值检查": (f'=IF(ISTEXT(口径行),口径行,IF({_分值和}=100,"","分值合计为"&{_分值和}&"（执行率"&N(执行率分值)'
               f'&" + 指标"&SUM({{分值}}{{首}}:{{分值}}{{末}})&"），应为100（"&IF(口径="","财政部",口径)&"口径：执行率"'
               f'&{_参数("执行率分值")}&" + 指标"&{_参数("指标分值")}&"）"))'),
}

填表说明 = (
    "说明：1. 本表为兼容版，只用 Excel 自带公式，Excel、WPS、LibreOffice 无需加载项即可计算。"
    "2. 年度指标值拆为三列：“指标性质”（≥ ≤ = > < 为定量，另有 定性、不适用）、“指标值”（只填数字）和“度量单位”；"
    "实际完成值填与指标值同一单位的数字（如指标 ≥28 万人，实际填 29）。"
    "3. 定性指标：指标值、实际完成值填文字，并在右侧“完成档次”列选择 达成／部分达成／未达成，"
    "得分 = 档次默认比例 × 分值；评价人可在“人工得分”列给出档次之内的得分。"
    "4. 得分、执行率、总分和等级由公式计算，计分口径及其参数见“计分口径”工作表。"
)


def 口径表样() -> 工作表样:
    """The 计分口径 sheet: one row per profile, read by INDEX/MATCH in the formulas."""
    rows: list[list[Any]] = []
    for name in 口径列表():
        p = 取口径(name)
        if len(p.等级线) > 等级数:
            raise 口径文件有误(f"兼容版的计分口径表最多容纳{等级数}条等级线，口径“{p.名称}”有{len(p.等级线)}条", p.文件)
        tiers = {t.档次: t for t in p.定性档次}
        values: list[Any] = [p.名称, json数值(p.执行率分值), json数值(p.指标分值), p.反向规则]
        for tier in 档次选项:
            t = tiers[tier]
            values += [json数值(t.上限), json数值(t.下限), json数值(t.默认)]
        for k in range(等级数):
            values += [p.等级线[k][0], json数值(p.等级线[k][1])] if k < len(p.等级线) else [None, None]
        values += [p.末等, p.说明]
        rows.append(values)
    cells = 参数表格("计分口径（兼容版公式使用的参数：档次上下限与默认值为分值的比例）", (*口径表列, "说明"), rows)
    last = 2 + len(rows)
    n = len(口径表列)
    widths = {get_column_letter(i): 7.5 for i in range(1, n + 1)}
    widths.update({"A": 10, "D": 9, get_column_letter(n + 1): 80})
    return 工作表样(
        标题="计分口径",
        格们=tuple(cells),
        列宽=widths,
        行高={1: 24.0, 2: 30.0, **{r: 30.0 for r in range(3, last + 1)}},
        工作簿名称={"口径表": f"'计分口径'!$A$3:${get_column_letter(n)}${last}",
                   "口径名称": f"'计分口径'!$A$3:$A${last}"},
        打印区域=f"A1:{get_column_letter(n + 1)}{last}",
        横向=True,
    )




def 拆分指标(
    年度指标值: Any, 实际完成值: Any, 口径: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Free-text target/actual → 指标性质, 指标值, 度量单位, 实际完成值, 完成档次 (+ notes)."""
    t, a = 解析指标值(年度指标值), 解析指标值(实际完成值)
    out: dict[str, Any] = dict.fromkeys(("指标性质", "指标值", "度量单位", "实际完成值", "完成档次"))
    notes: list[str] = []
    raw_actual = None if 是占位符(实际完成值) else 实际完成值
    if t.类型 == "定量":
        out["指标性质"] = t.比较 or "≥"
        if t.比较 is None:
            notes.append(f"年度指标值'{年度指标值}'未写比较符号，指标性质按“≥”（正向）填写")
        out["指标值"], out["度量单位"] = json数值(t.数值), t.单位 or None  # type: ignore[arg-type]
        out["实际完成值"] = raw_actual
        if a.类型 == "定量":
            try:
                target, actual, unit, why = 同单位(t, a)
            except 单位不一致 as exc:
                notes.append(f"{exc.reason}；实际完成值按原文填写，兼容版显示 #指标值无法识别")
            else:
                out.update(指标值=json数值(target), 度量单位=unit or None, 实际完成值=json数值(actual))
                notes += why
    elif t.类型 == "定性":
        out.update(指标性质="定性", 指标值=年度指标值, 实际完成值=raw_actual)
        try:
            out["完成档次"] = 指标计分(年度指标值, 实际完成值, 1, 口径).档次
        except 绩效自评错误 as exc:
            notes.append(f"无法判定完成档次：{exc.reason}；请在“完成档次”列选择")
    elif t.类型 == "不适用":
        out["指标性质"] = "不适用"
        out["实际完成值"] = raw_actual
    elif t.类型 == "无法识别":
        out.update(指标值=年度指标值, 实际完成值=raw_actual)
        notes.append(f"年度指标值无法识别：{t.原因}")
    else:
        out["实际完成值"] = raw_actual
    return out, notes
