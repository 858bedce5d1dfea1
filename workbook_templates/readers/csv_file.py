"""The indicator list that ``jixiao export --to csv`` writes, read back into forms.

The export is one row per indicator (for filtering and pivoting in Excel) with each form's header
and its 年度资金总额 row repeated on every row, so the rows of one 表单 make the form again.  What
the list does not hold is not invented: the fund table's sub-rows, the goals, and a form without
indicator rows.  A 分值 or 得分 column that is empty for every row of a form means the form had
none (a template without those columns).  Other CSV files are not forms: a folder batch skips
them, and naming one gives a Chinese message.

The export prefixes text that a spreadsheet would run as a formula (= + - @) with ``'``; reading
back removes it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from udfs.errors import 表单格式有误
from udfs.forms import 自评表, 表单列表

from .text import 解码, 读文本

__all__ = ["CSV列", "是导出", "读取"]

# the export's columns, in order (addin.export writes them)
CSV列 = (
    "文件", "表单", "项目名称", "主管部门", "实施单位", "年度", "金额单位",
    "年初预算数", "全年预算数", "全年执行数", "执行率分值", "执行率", "执行率得分", "总分", "等级",
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "人工得分",
    "规则得分", "偏差原因分析及改进措施", "单元格",
)
_资金列 = {"年初预算数": "年初预算数", "全年预算数": "全年预算数", "全年执行数": "全年执行数",
          "执行率分值": "分值", "执行率": "执行率", "执行率得分": "得分"}
_指标列 = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "人工得分",
          "偏差原因分析及改进措施")


def 是导出(path: Path) -> bool:
    """Whether ``path`` starts with the export's header (what a folder batch takes)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        first = 解码(head.split(b"\n", 1)[0], str(path)).rstrip("\r") if head else ""  # whole characters only
    except (OSError, 表单格式有误, IndexError):
        return False
    return next(csv.reader([first]), []) == list(CSV列)


def _还原(value: str) -> Any:
    """The cell as the form held it: empty is None, the export's protective ' removed."""
    if value == "":
        return None
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def 读取(path: str | Path) -> list[自评表]:
    """The forms of an exported indicator list, in the order of their first rows."""
    path = Path(path)
    rows = list(csv.reader(io.StringIO(读文本(path), newline="")))
    if not rows or rows[0] != list(CSV列):
        raise 表单格式有误("不是本工具导出的指标清单（jixiao export --to csv）：其他 CSV 文件不是自评表，"
                      "请提供自评表的 .xlsx、.xls 或 JSON", str(path))
    forms: dict[str, dict[str, Any]] = {}
    for n, values in enumerate(rows[1:], 2):
        if not any(values):
            continue
        if len(values) != len(CSV列):
            raise 表单格式有误(f"第{n}行有{len(values)}列，应为{len(CSV列)}列（文件被改动过？）", str(path))
        row = {k: _还原(v) for k, v in zip(CSV列, values)}
        key = row["表单"] or row["项目名称"] or f"第{n}行"
        form = forms.get(key)
        if form is None:
            form = forms[key] = {
                "id": row["表单"], "项目名称": row["项目名称"], "主管部门": row["主管部门"], "实施单位": row["实施单位"],
                "year": row["年度"], "amount_unit": row["金额单位"],
                "funds": {"年度资金总额": {v: row[k] for k, v in _资金列.items() if row[k] is not None}},
                "总分_得分": row["总分"], "等级": row["等级"], "indicators": [],
            }
        form["indicators"].append({k: row[k] for k in _指标列})
    for form in forms.values():
        for column in ("分值", "得分", "人工得分"):  # a column empty for the whole form: the form had none
            if all(r[column] is None for r in form["indicators"]):
                for r in form["indicators"]:
                    del r[column]
        form["indicator_columns"] = list(form["indicators"][0]) if form["indicators"] else []
    if not forms:
        raise 表单格式有误("指标清单中没有任何指标行", str(path))
    return 表单列表({"forms": list(forms.values())}, str(path))
