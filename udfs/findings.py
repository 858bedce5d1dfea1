"""Findings: what an audit says about a form, and where.

Both audits — of a 项目支出绩效自评表 (:mod:`udfs.audit`) and of a 绩效评价指标体系
(:mod:`udfs.evaluation`) — report each thing they find as a :class:`发现`: a level,
a stable code (``RATE_MISMATCH``), a Chinese message and where it is (the form,
the row, the column and, when the form came from a workbook, the cell).

Levels: ``错误`` (a number on the form is wrong), ``警告`` (the form breaks a
rule or needs a person's look), ``提示`` (how the tool read something).  An
audit lists its findings errors first, each level in the order found.

>>> found = 发现集("seed-004")
>>> found.add("提示", "BUDGET_ADJUSTED", "年初预算数与全年预算数不同", "年度资金总额", "年初预算数", "Sheet1!C6")
>>> found.add("错误", "RATE_MISMATCH", "执行率填报为98%，应为98.27%", "年度资金总额", "执行率")
>>> [f.code for f in found.按级别()], found.有("RATE_MISMATCH")
(['RATE_MISMATCH', 'BUDGET_ADJUSTED'], True)
>>> found.按级别()[1].as_json()["where"]
{'form': 'seed-004', 'row': '年度资金总额', 'column': '年初预算数', 'cell': 'Sheet1!C6'}
>>> 按级别计数(found.按级别(), "错误")
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["级别", "发现", "发现集", "按级别计数", "结果表名", "结果表列", "结果概要"]

级别 = ("错误", "警告", "提示")
# The 校验结果 sheet that the classic 校验 button and the Lite 校验 script both write
结果表名 = "校验结果"
结果表列 = ("序号", "级别", "工作表", "项目名称", "单元格", "位置", "说明", "代码")
_次序 = {level: i for i, level in enumerate(级别)}


@dataclass(frozen=True)
class 发现:
    level: str
    code: str
    message: str
    where: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"level": self.level, "code": self.code, "message": self.message, "where": self.where}


def 按级别计数(findings: Iterable[发现], level: str) -> int:
    """How many of ``findings`` have ``level``."""
    return sum(1 for f in findings if f.level == level)


def 结果概要(what: str, counts: dict[str, int]) -> str:
    """The 校验结果 sheet's summary line.

    >>> 结果概要("13 张自评表", {"错误": 2, "警告": 13, "提示": 14})
    '共 13 张自评表：错误 2 条，警告 13 条，提示 14 条'
    """
    return f"共 {what}：" + "，".join(f"{lv} {counts[lv]} 条" for lv in 级别)


class 发现集:
    """The findings of one audit of one form (or evaluation system), as they are found."""

    def __init__(self, form: str):
        self.form = form
        self._found: list[发现] = []

    def add(self, level: str, code: str, message: str, row: str, column: str | None = None, cell: str | None = None) -> None:
        if level not in _次序:
            raise ValueError(f"level {level!r} is not one of {级别}")
        where: dict[str, Any] = {"form": self.form, "row": row, "column": column}
        if cell:
            where["cell"] = cell
        self._found.append(发现(level, code, message, where))

    def 有(self, code: str) -> bool:
        """Whether a finding with ``code`` has been added."""
        return any(f.code == code for f in self._found)

    def 按级别(self) -> list[发现]:
        """The findings, errors first, each level in the order found."""
        return sorted(self._found, key=lambda f: _次序[f.level])
