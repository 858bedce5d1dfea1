"""The department summary (汇总清单) over many forms: a table, totals and live charts.

One row per project with what the audit computed — 全年预算数 and 全年执行数
(in 万元 whatever unit each form uses), 执行率, 执行率得分, 指标得分, 总分,
等级 — the stated 总分 beside it and the number of findings per level; then a
合计 row (amounts, the overall 执行率 = Σ执行 ÷ Σ预算, findings) and a 平均 row
(scores).  Forms of different years are never added up together: with more than
one 年度 there is a 合计 and a 平均 row per year (SUMIFS / AVERAGEIFS over the 年度
column) and a column per year in the grade table.  Every form is in the grade
table, those without a grade (no 总分 the rules can explain) as 未评级.
The same form twice (same 项目名称, 实施单位 and 年度, e.g. a workbook and its JSON
export in one folder) is found by :func:`去重`: the command counts it once and says so.  The table is built with pandas; the workbook holds formulas for the
totals and for the grade distribution, and native Excel charts over the cells (a
bar chart of 总分 by project, a pie of the grades), so editing a number updates
them.  The formulas also carry their values, so readers without an engine see
them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from udfs.amounts import 解析金额, 金额单位倍数
from udfs.audit import json数值, 审核结果
from udfs.errors import 数值无法识别
from udfs.forms import 资金行顺序
from workbook_templates.package_patch import 写入缓存值
from workbook_templates.render import 保存
from workbook_templates.sheetkit import 输出标记名

__all__ = ["写汇总", "列", "去重", "图表表名", "年度们", "年度标签", "汇总表", "未评级", "等级顺序", "表名", "重复"]

表名 = "汇总清单"
图表表名 = "汇总图表"
等级顺序 = ("优", "良", "中", "差")
未评级 = "未评级"  # a form whose 总分 the rules cannot explain has no grade: still one of the forms
列 = (
    "序号", "项目名称", "来源", "主管部门", "实施单位", "年度", "口径", "全年预算数（万元）", "全年执行数（万元）",
    "执行率", "执行率得分", "指标得分", "总分", "等级", "填报总分", "错误", "警告", "提示",
)
_万 = 金额单位倍数["万元"]
_首行 = 4  # first data row (title, subtitle, header above)


def _万元(value: Any, unit: str) -> Decimal | None:
    try:
        amount = 解析金额(value, unit)
    except 数值无法识别:
        return None
    if amount is None:
        return None
    return amount * 金额单位倍数.get(unit, Decimal(1)) / _万


def _金额(r: 审核结果, column: str) -> Decimal | None:
    """The 年度资金总额 amount in 万元; an empty total row counts as the sum of its sub-rows (as the audit does)."""
    form = r.表单
    unit = str(form.金额单位 or "万元")
    total = form.资金.get("年度资金总额")
    value = _万元(getattr(total, column), unit) if total is not None else None
    if not value:
        parts = [_万元(getattr(form.资金[n], column), unit) for n in 资金行顺序[1:] if n in form.资金]
        if any(p for p in parts):
            value = sum((p or Decimal(0) for p in parts), Decimal(0))
    return value


def _年度(value: Any) -> int | str | None:
    """The year of a form as a number where it reads as one ("2021", "2021年度" → 2021)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    found = re.fullmatch(r"\D*((?:19|20)\d\d)\D*", text)
    return int(found.group(1)) if found else text


def _填报数(value: Any) -> Any:
    """A stated score as a number (shown with 2 decimals), text that is not one as written."""
    if value is None or isinstance(value, (int, float)):
        return value
    try:
        return float(Decimal(str(value).strip().replace(",", "")))
    except (InvalidOperation, ValueError):
        return str(value)


def 年度们(df: pd.DataFrame) -> list[int | str | None]:
    """The years of the table, in order (years as numbers, then others, then none)."""
    found = list(dict.fromkeys(None if pd.isna(y) else y for y in df["年度"]))
    return sorted(found, key=lambda y: (y is None, isinstance(y, str), y if isinstance(y, int) else 0, str(y)))


def 年度标签(year: int | str | None) -> str:
    return "年度不明" if year is None else f"{year}年" if isinstance(year, int) else str(year)


def _规范(value: Any) -> str:
    """Text compared for duplicates: full-width folded (NFKC), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))) if value is not None else ""


@dataclass
class 重复:
    """A form found again: the copy (``来源``) that is left out and the one that is counted."""

    来源: str
    结果: 审核结果
    计入来源: str
    计入结果: 审核结果

    @property
    def 差异(self) -> list[str]:
        """What differs between the two copies, as the summary would show it (empty: the same)."""
        a, b = self.计入结果, self.结果
        out = []
        for name, x, y in (("执行率", a.执行率, b.执行率), ("总分", a.总分, b.总分), ("等级", a.等级, b.等级),
                           ("全年预算数", _金额(a, "全年预算数"), _金额(b, "全年预算数")),
                           ("全年执行数", _金额(a, "全年执行数"), _金额(b, "全年执行数")),
                           ("填报总分", _填报数(a.表单.总分_得分), _填报数(b.表单.总分_得分))):
            if x != y and not (x is not None and y is not None and _同数(x, y)):
                out.append(f"{name} {_文本(x)} / {_文本(y)}")
        return out


def _同数(x: Any, y: Any) -> bool:
    try:
        return Decimal(str(x)) == Decimal(str(y))
    except (InvalidOperation, ValueError):
        return False


def _文本(x: Any) -> str:
    return "空" if x is None else str(x)


def 去重(items: Sequence[tuple[str, 审核结果]]) -> tuple[list[tuple[str, 审核结果]], list[重复]]:
    """The forms counted once: the first of each (项目名称, 实施单位, 年度), and the copies left out.

    Forms without a 项目名称 are never taken for copies of each other."""
    kept: list[tuple[str, 审核结果]] = []
    first: dict[tuple[str, str, str], tuple[str, 审核结果]] = {}
    copies: list[重复] = []
    for source, r in items:
        form = r.表单
        if not _规范(form.项目名称):
            kept.append((source, r))
            continue
        key = (_规范(form.项目名称), _规范(form.实施单位), _规范(_年度(form.年度)))
        if key in first:
            copies.append(重复(source, r, *first[key]))
        else:
            first[key] = (source, r)
            kept.append((source, r))
    return kept, copies


def _数(d: Decimal | None, places: int = 2) -> float | None:
    if d is None:
        return None
    return float(round(d, places))


def 汇总表(items: Sequence[tuple[str, 审核结果]]) -> pd.DataFrame:
    """One row per form: (source, audit result) pairs in; the numbers are the audit's."""
    rows = []
    for i, (source, r) in enumerate(items, 1):
        form = r.表单
        indicators = None
        if r.总分 is not None:
            indicators = sum((x.得分 for x in r.指标 if x.得分 is not None), Decimal(0))
        rows.append({
            "序号": i,
            "项目名称": str(form.项目名称 or form.id),
            "来源": source,
            "主管部门": form.主管部门,
            "实施单位": form.实施单位,
            "年度": _年度(form.年度),
            "口径": r.口径.名称,
            "全年预算数（万元）": _数(_金额(r, "全年预算数"), 6),
            "全年执行数（万元）": _数(_金额(r, "全年执行数"), 6),
            "执行率": json数值(r.执行率),
            "执行率得分": json数值(r.执行率得分),
            "指标得分": json数值(indicators),
            "总分": json数值(r.总分),
            "等级": r.等级,
            "填报总分": _填报数(form.总分_得分),
            "错误": r.计数("错误"),
            "警告": r.计数("警告"),
            "提示": r.计数("提示"),
        })
    df = pd.DataFrame(rows, columns=list(列))
    # years stay whole numbers (pandas would make 2021 and None into 2021.0 and NaN)
    df["年度"] = pd.Series([row["年度"] for row in rows], dtype=object, index=df.index)
    return df


def _合计(df: pd.DataFrame) -> dict[str, Any]:
    budget = df["全年预算数（万元）"].sum(min_count=1)
    spent = df["全年执行数（万元）"].sum(min_count=1)
    rate = (spent / budget) if budget and not pd.isna(budget) else None
    return {
        "全年预算数（万元）": None if pd.isna(budget) else float(budget),
        "全年执行数（万元）": None if pd.isna(spent) else float(spent),
        "执行率": None if rate is None or pd.isna(rate) else float(rate),
        **{k: int(df[k].sum()) for k in ("错误", "警告", "提示")},
    }


def _平均(df: pd.DataFrame) -> dict[str, Any]:
    out = {}
    for k in ("执行率得分", "指标得分", "总分"):
        mean = pd.to_numeric(df[k], errors="coerce").mean()
        out[k] = None if pd.isna(mean) else float(mean)
    return out


def 写汇总(items: Sequence[tuple[str, 审核结果]], 输出: Path, 标题: str = "项目支出绩效自评汇总清单",
         说明: str | None = None) -> Path:
    """Write the summary workbook (sheets 汇总清单 and 汇总图表) atomically; returns its path.

    ``说明``: a sentence added to the subtitle (e.g. the copies left out by :func:`去重`)."""
    df = 汇总表(items)
    n = len(df)
    last = _首行 + n - 1
    years = 年度们(df)
    by_year = len(years) > 1  # totals per year, never across years
    col = {name: get_column_letter(i) for i, name in enumerate(列, 1)}
    wb = Workbook()
    ws = wb.active
    ws.title = 表名
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = 标题
    ws["A1"].font = Font(name="黑体", size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(列))
    ws["A1"].alignment = Alignment(horizontal="center")
    counts_by_year = "，".join(f"{年度标签(y)} {int(_属于(df, y).sum())} 个" for y in years)
    ws["A2"] = (f"共 {n} 个项目" + (f"，分属 {len(years)} 个年度（{counts_by_year}），合计与平均按年度分开" if by_year else "")
                + "；金额单位：万元；执行率、得分、等级与问题数均按计分规则重新计算" + (f"；{说明}" if 说明 else ""))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(列))
    for j, name in enumerate(列, 1):
        c = ws.cell(3, j, name)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
    formats = {"全年预算数（万元）": "#,##0.00", "全年执行数（万元）": "#,##0.00", "执行率": "0.00%",
               "执行率得分": "0.00", "指标得分": "0.00", "总分": "0.00", "填报总分": "0.00"}
    for i, record in enumerate(df.itertuples(index=False), _首行):
        for j, name in enumerate(列, 1):
            value = record[j - 1]
            if value is not None and not (isinstance(value, float) and pd.isna(value)):
                c = ws.cell(i, j, value)
                if isinstance(value, str) and value.startswith("="):
                    c.data_type = "s"
            c = ws.cell(i, j)
            c.border = box
            if name in formats:
                c.number_format = formats[name]
    # totals as formulas (live), with their values cached below; one pair of rows per year
    cached: dict[str, dict[str, Any]] = {表名: {}, 图表表名: {}}
    span = lambda name: f"{col[name]}{_首行}:{col[name]}{last}"
    year_span = span("年度")
    total_rows: list[int] = []
    for k, year in enumerate(years if by_year else [None]):
        total_row, mean_row = last + 1 + 2 * k, last + 2 + 2 * k
        total_rows += [total_row, mean_row]
        part = df[_属于(df, year)] if by_year else df
        label = f"{年度标签(year)}" if by_year else ""
        ws.cell(total_row, 2, f"{label}合计").font = Font(bold=True)
        ws.cell(mean_row, 2, f"{label}平均").font = Font(bold=True)
        if not n:
            continue
        crit = _条件(year)
        sums, means = _合计(part), _平均(part)
        for name in ("全年预算数（万元）", "全年执行数（万元）", "错误", "警告", "提示"):
            addr = f"{col[name]}{total_row}"
            ws[addr] = f"=SUMIFS({span(name)},{year_span},{crit})" if by_year else f"=SUM({span(name)})"
            cached[表名][addr] = sums[name]
        b, s_, rate = (f"{col['全年预算数（万元）']}{total_row}", f"{col['全年执行数（万元）']}{total_row}",
                       f"{col['执行率']}{total_row}")
        ws[rate] = f'=IF(N({b})=0,"",ROUND({s_}/{b},4))'
        cached[表名][rate] = None if sums["执行率"] is None else round(sums["执行率"], 4)
        if by_year:
            ws.cell(total_row, 列.index("年度") + 1, year)
        for name in ("执行率得分", "指标得分", "总分"):
            addr = f"{col[name]}{mean_row}"
            average = f"AVERAGEIFS({span(name)},{year_span},{crit})" if by_year else f"AVERAGE({span(name)})"
            ws[addr] = f'=IFERROR(ROUND({average},2),"")'
            cached[表名][addr] = None if means[name] is None else round(means[name] + 1e-12, 2)
    for r in total_rows:
        for j, name in enumerate(列, 1):
            c = ws.cell(r, j)
            c.border = box
            c.font = Font(bold=True)
            if name in formats:
                c.number_format = formats[name]
    widths = {"序号": 5, "项目名称": 36, "来源": 18, "主管部门": 16, "实施单位": 16, "年度": 6, "口径": 7,
              "等级": 5, "填报总分": 8, "错误": 5, "警告": 5, "提示": 5}
    for name, letter in col.items():
        ws.column_dimensions[letter].width = widths.get(name, 11)
    ws.row_dimensions[3].height = 30
    ws.freeze_panes = f"C{_首行}"
    if n:
        ws.auto_filter.ref = f"A3:{col['提示']}{last}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"

    # the chart sheet: grade distribution (COUNTIF over the table; a column per year) and two native charts
    cs = wb.create_sheet(图表表名)
    headers = ["等级", "项目数", "占比", *(年度标签(y) for y in years if by_year)]
    for j, text in enumerate(headers, 1):
        c = cs.cell(1, j, text)
        c.font = Font(bold=True)
        c.border = box
    grades = df["等级"].fillna(未评级)
    labels = [*等级顺序, 未评级]
    grade_span = f"{表引用表名()}!${col['等级']}${_首行}:${col['等级']}${max(last, _首行)}"
    name_span = f"{表引用表名()}!${col['项目名称']}${_首行}:${col['项目名称']}${max(last, _首行)}"
    years_span = f"{表引用表名()}!${col['年度']}${_首行}:${col['年度']}${max(last, _首行)}"
    for i, g in enumerate(labels, 2):
        cs.cell(i, 1, g).border = box
        if g == 未评级:  # every form is counted: those without a grade too
            cs.cell(i, 2, f'=COUNTA({name_span})-SUM(B2:B5)')
        else:
            cs.cell(i, 2, f'=COUNTIF({grade_span},A{i})')
        cs.cell(i, 3, f'=IF(SUM($B$2:$B$6)=0,"",B{i}/SUM($B$2:$B$6))').number_format = "0.0%"
        cs.cell(i, 2).border = cs.cell(i, 3).border = box
        count = int((grades == g).sum())
        cached[图表表名][f"B{i}"] = count
        cached[图表表名][f"C{i}"] = round(count / n, 6) if n else None
        for j, year in enumerate(years if by_year else [], 4):
            letter = get_column_letter(j)
            crit = _条件(year)
            if g == 未评级:
                formula = f"=COUNTIFS({years_span},{crit})-SUM({letter}2:{letter}5)"
            else:
                formula = f"=COUNTIFS({grade_span},A{i},{years_span},{crit})"
            cs.cell(i, j, formula).border = box
            cached[图表表名][f"{letter}{i}"] = int(((grades == g) & _属于(df, year)).sum())
    cs.column_dimensions["A"].width = 8
    bar = BarChart()
    bar.type = "bar"  # horizontal: long project names stay readable
    bar.title = "各项目总分"
    bar.y_axis.title = "总分"
    bar.y_axis.scaling.min = 0
    bar.y_axis.scaling.max = 100
    bar.x_axis.scaling.orientation = "maxMin"  # first project on top, as in the table
    bar.legend = None
    if n:
        data = Reference(ws, min_col=列.index("总分") + 1, min_row=3, max_row=last)
        cats = Reference(ws, min_col=列.index("项目名称") + 1, min_row=_首行, max_row=last)
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(cats)
        bar.dataLabels = DataLabelList()
        bar.dataLabels.showVal = True
    bar.height = max(7.5, 0.75 * n + 3)
    bar.width = 22
    cs.add_chart(bar, f"{get_column_letter(len(headers) + 2)}1")
    pie = PieChart()
    pie.title = "等级分布"
    pie.add_data(Reference(cs, min_col=2, min_row=1, max_row=6), titles_from_data=True)
    pie.set_categories(Reference(cs, min_col=1, min_row=2, max_row=6))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showVal = True
    pie.dataLabels.showCatName = True
    pie.height, pie.width = 7.5, 10
    cs.add_chart(pie, "A9")

    wb.defined_names[输出标记名] = DefinedName(输出标记名, attr_text='"汇总"', hidden=True)
    wb.calculation.fullCalcOnLoad = True
    path = 保存(wb, Path(输出), 时间=None)
    写入缓存值(path, cached)
    return path


def _属于(df: pd.DataFrame, year: int | str | None) -> pd.Series:
    """Rows of ``year`` (None: rows without a year)."""
    return df["年度"].isna() if year is None else df["年度"] == year


def _条件(year: int | str | None) -> str:
    """``year`` as a criterion of SUMIFS / COUNTIFS ("" matches the empty cells of forms without one)."""
    if year is None:
        return '""'
    if isinstance(year, int):
        return str(year)
    return '"' + str(year).replace('"', '""') + '"'


def 表引用表名() -> str:
    return f"'{表名}'"
