"""``jixiao fill``: forms from JSON (or any readable source) into a copy of a built workbook.

One sheet per form, named after its 项目名称, rendered from the same layout as
the blank template (:func:`workbook_templates.form_layout.自评表样`) with as many
indicator rows as the form has and its own 一级/二级 groups merged; then the
自评清单 lists every form sheet.  The given workbook is only read: the result
goes to a new file, written atomically.

What is written is what a person would type: inputs only.  Computed cells
(执行率, 得分, 总分, 等级) keep their formulas, so a stated score of the JSON
that breaks the rules (19.4 for 19.36) is not copied.  The one judgement the
rules leave to the evaluator — a qualitative score inside its tier (2.5 of 5
for 基本健全 under the 上海 口径) — becomes 人工得分, as the audit treats it.
Everything not carried over is reported in ``提示``.

>>> 表名候选("上海市社会保障卡服务中心信息系统(2021升级改造)/运维[二期]", set())
'上海市社会保障卡服务中心信息系统(2021升级改造)_运维_二'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from udfs.amounts import json数值, 可选数字, 是占位符, 显示数, 解析金额
from udfs.errors import 数值无法识别, 绩效自评错误, 表单格式有误
from udfs.forms import 自评表
from udfs.profiles import 取口径
from udfs.scoring import 指标计分, 读分值
from workbook_templates.files import 是输入文件

from . import form_compat as compat
from .form_layout import 兼容版, 清单样, 版式, 版式表, 自评表样, 表单输入
from .form_values import 保存自评表
from .readers.cells import 载入
from .readers.template import 空白表
from .render import 渲染
from .sheetkit import 模板标记名, 模板版本

__all__ = ["填入", "填表结果", "模板版式", "表单工作表", "表单转输入", "表名候选"]

_保留表名 = {"自评清单", "计分口径", "history"}
_非法字符 = re.compile(r"[\[\]:*?/\\]")


@dataclass
class 填表结果:
    输出: Path
    表名: list[str] = field(default_factory=list)
    提示: list[str] = field(default_factory=list)


def 模板版式(wb: Workbook, source: str = "") -> 版式:
    """The variant a built workbook was made as (hidden name jixiao_模板)."""
    marker = wb.defined_names.get(模板标记名)
    if marker is None:
        raise 表单格式有误(
            "不是由 jixiao build 生成的自评表工作簿（缺少标记 jixiao_模板）；请先运行 jixiao build --out 目录，"
            "再把表单填入生成的 项目支出绩效自评表.xlsx", source)
    name, _, version = (marker.attr_text or "").strip('"').partition("|")
    if name.startswith("体系"):
        raise 表单格式有误("这是绩效评价指标体系评分表的模板；自评表请填入 jixiao build 生成的 项目支出绩效自评表.xlsx", source)
    if name not in 版式表:
        raise 表单格式有误(f"工作簿标记'{marker.attr_text}'无法识别", source)
    if version != 模板版本:
        raise 表单格式有误(f"工作簿模板版本为{version}，本程序为{模板版本}；请用 jixiao build 重新生成模板", source)
    return 版式表[name]


def 表单工作表(wb: Workbook) -> list[Worksheet]:
    """Sheets that hold a form (they have a sheet-scoped name 指标表)."""
    return [ws for ws in wb.worksheets if "指标表" in ws.defined_names]


def 表名候选(项目名称: Any, 已有: set[str], 序号: int = 1) -> str:
    """A sheet name from 项目名称: no []:*?/\\, at most 31 characters, unique (case-insensitive)."""
    base = _非法字符.sub("_", str(项目名称 or "").strip()).strip("'").strip()[:31] or f"自评表{序号}"
    taken = {n.lower() for n in 已有} | _保留表名
    name, k = base, 2
    while name.lower() in taken:
        suffix = f"({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    return name


def _写数(value: Any, read, where: str, notes: list[str]) -> Any:
    """A number for a numeric input cell; text that cannot be read is kept as written (and noted)."""
    if 是占位符(value):
        return None
    try:
        d = read(value)
    except 数值无法识别 as exc:
        notes.append(f"{where}：{exc.reason}，按原文写入")
        return value
    return json数值(d)


def 表单转输入(form: 自评表, v: 版式, 口径: str | None = None) -> tuple[表单输入, list[str]]:
    """The inputs of one form in variant ``v``, and notes on what was not carried over."""
    notes: list[str] = []
    profile_name = 口径 or form.口径 or "财政部"
    profile = 取口径(profile_name)
    unit = str(form.金额单位 or "万元")
    if unit not in ("万元", "元"):
        notes.append(f"金额单位'{unit}'不在下拉选项（万元、元）中，按原文写入")
    funds: dict[str, dict[str, Any]] = {}
    for key, fund in form.资金.items():
        cells: dict[str, Any] = {}
        for col in ("年初预算数", "全年预算数", "全年执行数"):
            cells[col] = _写数(getattr(fund, col), lambda x, col=col: 解析金额(x, unit, col), f"{key} {col}", notes)
        if key == "年度资金总额":
            cells["分值"] = _写数(fund.分值, lambda x: 读分值(x, "分值"), "执行率分值", notes)
        funds[key] = cells
    rows: list[dict[str, Any]] = []
    for i, r in enumerate(form.指标, 1):
        where = f"指标第{i}行（{r.三级 or r.二级 or ''}）"
        row: dict[str, Any] = {
            "一级": r.一级, "二级": r.二级, "三级": r.三级,
            "分值": _写数(r.分值, 读分值, f"{where}分值", notes),
            "偏差原因分析及改进措施": r.偏差原因分析及改进措施,
            "人工得分": _写数(r.人工得分, 可选数字, f"{where}人工得分", notes),
        }
        if row["人工得分"] is None and not 是占位符(r.得分):
            row["人工得分"] = _人工得分(r, profile, where, notes)
        if v is 兼容版:
            split, why = compat.拆分指标(r.年度指标值, r.实际完成值, profile.名称)
            row.update(split)
            notes += [f"{where}：{w}" for w in why]
        else:
            row.update(年度指标值=r.年度指标值, 实际完成值=r.实际完成值)
        rows.append(row)
    data = 表单输入(
        项目名称=form.项目名称, 主管部门=form.主管部门, 实施单位=form.实施单位,
        口径=profile.名称, 金额单位=unit, 年度=_年度(form.年度), 表单编号=form.id,
        资金=funds, 预期目标=form.预期目标, 实际完成情况=form.实际完成情况, 指标=rows,
    )
    return data, notes


def _年度(value: Any) -> Any:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else (text or None)


def _人工得分(r, profile, where: str, notes: list[str]) -> Any:
    """A stated qualitative score inside its tier is the evaluator's judgement: keep it as 人工得分."""
    try:
        stated = 读分值(r.得分, "得分")
        result = 指标计分(r.年度指标值, r.实际完成值, r.分值, profile)
    except 绩效自评错误 as exc:
        notes.append(f"{where}：规则无法计分（{exc.reason}），填报得分{r.得分}未写入")
        return None
    if stated is None or result.得分 is None or stated == result.得分:
        return None
    if result.类型 == "定性" and result.档次范围 is not None:
        low, high = result.档次范围
        if low <= stated <= high:
            notes.append(f"{where}：填报得分{显示数(stated)}在“{result.档次}”档（{显示数(low)}–{显示数(high)}分）内，"
                         f"作为人工得分写入（规则默认{显示数(result.得分)}）")
            return json数值(stated)
        notes.append(f"{where}：填报得分{显示数(stated)}不在“{result.档次}”档（{显示数(low)}–{显示数(high)}分）内，"
                     f"未采用；工作簿按{profile.名称}口径计为{显示数(result.得分)}")
        return None
    notes.append(f"{where}：填报得分{显示数(stated)}与规则得分{显示数(result.得分)}不同，工作簿按规则计算")
    return None


def _载入(path: Path) -> Workbook:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise 表单格式有误(f"只能填入 .xlsx 或 .xlsm 工作簿，不支持'{path.suffix}'", str(path))
    if not path.is_file():
        raise 表单格式有误("文件不存在", str(path))
    return 载入(path, keep_vba=path.suffix.lower() == ".xlsm")


def 填入(
    工作簿: str | Path,
    表单: Sequence[Any],
    输出: str | Path,
    *,
    口径: str | None = None,
    不可覆盖: Iterable[str | Path] = (),
) -> 填表结果:
    """Write ``表单`` into a copy of the built ``工作簿`` at ``输出``; never modifies ``工作簿``."""
    source, target = Path(工作簿), Path(输出)
    protected = _查输出(source, target, 不可覆盖)
    if not 表单:
        raise 表单格式有误("没有要填入的表单", "表单")
    if any(not isinstance(f, 自评表) for f in 表单):
        raise 表单格式有误("给出的是绩效评价指标体系，不是项目支出绩效自评表；请填入 绩效评价指标体系评分表.xlsx", "表单")
    if 口径:
        取口径(口径)
    wb = _载入(source)
    v = 模板版式(wb, str(source))
    result = 填表结果(target)
    for ws in 表单工作表(wb):
        if 空白表(ws):
            wb.remove(ws)  # the blank template sheet: the filled forms replace it
    if "自评清单" in wb.sheetnames:
        summary_at = wb.sheetnames.index("自评清单")
        wb.remove(wb["自评清单"])
    else:
        summary_at = 0
    at = len(表单工作表(wb)) + (1 if summary_at == 0 else 0)
    if v is 兼容版 and "计分口径" in wb.sheetnames:
        at = min(at, wb.sheetnames.index("计分口径"))
    for i, form in enumerate(表单, 1):
        data, notes = 表单转输入(form, v, 口径)
        name = 表名候选(form.项目名称, set(wb.sheetnames), i)
        ws = wb.create_sheet(name, at)
        at += 1
        渲染(ws, 自评表样(v, data, 标题=name))
        result.表名.append(name)
        result.提示 += [f"{name}：{n}" for n in notes]
    forms = [ws.title for ws in 表单工作表(wb)]
    summary = wb.create_sheet("自评清单", summary_at)
    渲染(summary, 清单样(forms))
    _存填好的(wb, target, result.表名[0], protected)
    return result


def _查输出(source: Path, target: Path, 不可覆盖: Iterable[str | Path]) -> list[Path]:
    """Refuse an output that is an input or of another type than the template; the files it must not replace."""
    protected = [source, *map(Path, 不可覆盖)]
    if 是输入文件(target, protected):
        raise 表单格式有误("输出文件不能是输入文件，请用 --out 指定新文件", str(target))
    if target.suffix.lower() != source.suffix.lower():
        raise 表单格式有误(f"输出文件的类型应与模板相同（{source.suffix}）", str(target))
    return protected


def _存填好的(wb: Workbook, target: Path, first: str, protected: list[Path]) -> None:
    """Save with the first filled sheet open (and the only one selected), stamped with the time of filling."""
    wb.active = wb.sheetnames.index(first)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == first
    保存自评表(wb, target, 时间=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0), 不可覆盖=protected)
