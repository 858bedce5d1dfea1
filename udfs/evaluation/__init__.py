"""绩效评价指标体系: a multi-level indicator system scored leaf by leaf.

An evaluation report (seeds 000 and 002) scores a project on 3 or 4 levels of
indicators, 100 points in all; each leaf has a written 评分标准 and a score,
parents carry the sums.  Here a leaf may carry a structured 评分规则 — a rule
of :mod:`udfs.rules` with its parameters, a list of such rules whose scores
add up, or ``{"规则": "人工"}`` for a judgement no arithmetic can reproduce.

==================  ===========================================================
:mod:`.model`       评价叶, 评价体系 and the audit's results 叶结果, 组结果, 体系结果
:mod:`.shapes`      the JSON of the seeds and of this project: 读取体系, 体系列表, 体系转字典
:mod:`.scoring`     叶计分: a leaf's score by its rule (or rules)
:mod:`.audit`       体系审核: recompute, add up, check ranges and reasons
:mod:`.report_checks`  the report's narrative and summary tables against the table
==================  ===========================================================

The two seed systems, with rules added to every leaf whose 评分标准 is arithmetic:

>>> from importlib import resources
>>> [gz, sh] = 读取体系(str(resources.files("udfs") / "examples" / "evaluation_systems.json"))
>>> r = 体系审核(gz)
>>> r.总分, r.等级, r.计数("错误")
(Decimal('97.19'), '优', 0)
"""

from __future__ import annotations

from .audit import 体系审核
from .model import 体系结果, 叶结果, 组结果, 评价体系, 评价叶
from .scoring import 叶计分
from .shapes import 体系列表, 体系转字典, 读取体系

__all__ = ["评价叶", "评价体系", "叶结果", "组结果", "体系结果", "读取体系", "体系审核", "体系转字典", "叶计分", "体系列表"]
