"""The real published forms of tests/data/real_forms, and the same forms laid out as printed.

Each ``<id>.json`` is one form transcribed as printed (columns by their printed headers,
mistakes included) and ``<id>.expected.json`` what a correct recomputation gives, by hand.
:func:`网格` lays a form out the way its page prints it — title, header, the fund block with
its own column headers, the goals, the indicator table with its own headers, the total row —
so the label reader can be tested on the layout, not only on the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl

DATA = Path(__file__).parent / "data" / "real_forms"


def ids() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in DATA.glob("*.json") if not p.name.endswith(".expected.json"))


def 表单(form_id: str) -> dict[str, Any]:
    return json.loads((DATA / f"{form_id}.json").read_text(encoding="utf-8"))["forms"][0]


def 预期(form_id: str) -> dict[str, Any]:
    return json.loads((DATA / f"{form_id}.expected.json").read_text(encoding="utf-8"))


def 网格(form: dict[str, Any]) -> list[list[Any]]:
    """The form's rows as printed (column A holds the block titles, as the national form does)."""
    fund_cols = form.get("fund_columns") or ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    ind_cols = form.get("indicator_columns") or []
    unit = form.get("amount_unit") or "万元"
    rows: list[list[Any]] = [
        ["项目支出绩效自评表"],
        [f"（{form.get('year')}年度）" if form.get("year") else None],
        ["项目名称", form.get("项目名称")],
        ["主管部门", form.get("主管部门"), None, "实施单位", form.get("实施单位")],
        [f"项目资金（{unit}）", None, *fund_cols],
    ]
    funds = form.get("funds") or {}
    for key, row in (funds.items() if isinstance(funds, dict) else enumerate(funds)):
        rows.append([None, row.get("label_printed") or key, *(row.get(c) for c in fund_cols)])
    goals = form.get("年度总体目标") or {}
    rows.append(["年度总体目标", "预期目标", None, "实际完成情况"])
    rows.append([None, goals.get("预期目标"), None, goals.get("实际完成情况")])
    rows.append(["绩效指标", *ind_cols])
    for r in form.get("indicators") or []:
        rows.append([None, *(r.get(c) for c in ind_cols)])
    total = ["总分"] + [None] * len(ind_cols)
    if "分值" in ind_cols or "权重" in ind_cols:
        total[1 + ind_cols.index("分值" if "分值" in ind_cols else "权重")] = form.get("总分_分值")
    for name in ("得分", "自评得分"):
        if name in ind_cols:
            total[1 + ind_cols.index(name)] = form.get("总分_得分")
    if any(v is not None for v in total[1:]):
        rows.append(total)
    return rows


def 写工作簿(forms: list[dict[str, Any]], path: Path) -> Path:
    """One sheet per form, each laid out as printed."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, form in enumerate(forms, 1):
        ws = wb.create_sheet(f"表{i}")
        for r, values in enumerate(网格(form), 1):
            for c, value in enumerate(values, 1):
                if value is not None:
                    ws.cell(r, c, value)
    wb.save(path)
    return path
