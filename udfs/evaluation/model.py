"""The model of a 绩效评价指标体系 and of its audit's results.

An evaluation report (seeds 000 and 002) scores a project on 3 or 4 levels of
indicators, 100 points in all.  A system (:class:`评价体系`) is kept as its
leaves (:class:`评价叶`): each carries the names and stated 分值 of its
ancestors, its own 分值, the stated 得分, the written 评分标准 and, when the
arithmetic can be reproduced, a structured 评分规则.  Parent rows are not stored:
they are the sums of their leaves, which the audit recomputes (:class:`组结果`).

:class:`体系结果` is what the audit says: each leaf's score and where it came
from (``规则``: computed; ``人工``: the evaluator's, as stated; ``缺失``), the
groups' sums, the 总分, the 等级 and the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..amounts import json数值
from ..findings import 发现, 按级别计数

__all__ = ["评价叶", "评价体系", "叶结果", "组结果", "体系结果"]


@dataclass
class 评价叶:
    编号: str
    层级: list[tuple[str | None, Any]]  # (name, stated 分值) of each ancestor, top first
    名称: str
    分值: Any
    得分: Any = None
    指标解释: str | None = None
    评分标准: str | None = None
    评分规则: Any = None
    得分情况说明: str | None = None
    正文得分: Any = None  # a score the report's text gives where the table has none
    原始: dict = field(default_factory=dict, repr=False)
    位置: dict[str, str] = field(default_factory=dict)


@dataclass
class 评价体系:
    id: str
    标题: str = ""
    年度: Any = None
    层级名: list[str] = field(default_factory=list)
    叶: list[评价叶] = field(default_factory=list)
    总分_分值: Any = None
    总分_得分: Any = None
    原始: dict = field(default_factory=dict, repr=False)
    来源: str = ""
    位置: dict[str, str] = field(default_factory=dict)  # 总分_分值 / 总分_得分 / 报告一级个数 … -> cell
    组位置: dict[tuple, str] = field(default_factory=dict)  # group path -> cell of its stated 分值


@dataclass
class 叶结果:
    叶: 评价叶
    得分: Decimal | None
    填报得分: Decimal | None
    分值: Decimal | None
    来源: str  # 规则 / 人工 / 缺失
    说明: str = ""


@dataclass
class 组结果:
    层级: int
    路径: tuple[str | None, ...]
    填报分值: Decimal | None
    分值合计: Decimal
    得分合计: Decimal | None


@dataclass
class 体系结果:
    体系: 评价体系
    叶: list[叶结果] = field(default_factory=list)
    组: list[组结果] = field(default_factory=list)
    总分: Decimal | None = None
    等级: str | None = None
    findings: list[发现] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.体系.id

    def 计数(self, level: str) -> int:
        return 按级别计数(self.findings, level)

    def as_json(self) -> dict[str, Any]:
        num = json数值
        return {
            "id": self.id,
            "总分": num(self.总分),
            "等级": self.等级,
            "leaves": [
                {"编号": r.叶.编号, "名称": r.叶.名称, "分值": num(r.分值), "得分": num(r.得分),
                 "填报得分": num(r.填报得分), "来源": r.来源} for r in self.叶
            ],
            "findings": [f.as_json() for f in self.findings],
        }

