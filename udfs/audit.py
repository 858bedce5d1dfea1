"""Audit of a filled 项目支出绩效自评表: recompute everything, report what is wrong.

Published forms contain mistakes — uncapped ratios, full marks for a missed
target, 19.4 for 19.36, a 年度资金总额 row left at 0 while its sub-row is
filled, a 分值 of 100 typed for 10, weights summing to 110.  The audit
recomputes every number from the rules (:mod:`udfs.scoring`) and reports each
difference as a finding with a level, a stable code, a Chinese message and
where it is.  It never copies a stated number it cannot explain.

The levels and the finding record are those of :mod:`udfs.findings`.

The tool's own scores: quantitative rows by the rule; qualitative rows keep
the stated score when it lies inside the answer's tier (the evaluator's
judgement) and take the profile's default otherwise.  A row the rules cannot
score (e.g. 年度指标值 不适用 with points) has no tool score, and then
neither has the 总分.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .amounts import json数值, 保留, 保留两位, 是占位符, 显示数, 解析金额
from .errors import (
    人工得分无效,
    单位不一致,
    指标不适用,
    指标值无法识别,
    数值无法识别,
    无法判定档次,
    绩效自评错误,
)
from .findings import 发现, 发现集, 按级别计数
from .forms import 指标行, 自评表
from .profiles import 取口径, 口径
from .scoring import 封顶得分, 指标计分, 计分结果, 计算执行率, 评价等级, 读分值
from .tables import 去分段注, 表头分值范围
from .values import 解析指标值
from .vocabulary import 规范标签

__all__ = ["指标结果", "审核结果", "审核", "json数值"]  # json数值 (from .amounts) stays importable here

_零 = Decimal(0)
_百 = Decimal(100)
_执行率上限 = Decimal("1.5")  # above 150 %, the amounts were most likely typed in different units


@dataclass
class 指标结果:
    三级指标: str
    得分: Decimal | None
    填报得分: Decimal | None
    分值: Decimal | None = None
    计分: 计分结果 | None = None
    行: 指标行 | None = None
    完成: bool | None = None  # target met (a qualitative row: its answer in the 达成 tier); None: not decided


@dataclass
class 审核结果:
    表单: 自评表
    口径: 口径
    执行率: Decimal | None = None
    执行率分值: Decimal | None = None
    执行率得分: Decimal | None = None
    总分: Decimal | None = None
    等级: str | None = None
    指标: list[指标结果] = field(default_factory=list)
    findings: list[发现] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.表单.id

    def 计数(self, level: str) -> int:
        return 按级别计数(self.findings, level)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "执行率": json数值(self.执行率),
            "执行率得分": json数值(self.执行率得分),
            "总分": json数值(self.总分),
            "等级": self.等级,
            "indicators": [
                {"三级指标": r.三级指标, "得分": json数值(r.得分), "填报得分": json数值(r.填报得分)} for r in self.指标
            ],
            "findings": [f.as_json() for f in self.findings],
        }


def _百分(d: Decimal) -> str:
    return f"{显示数(保留两位(d * _百))}%"


class _审核:
    def __init__(self, form: 自评表, profile: 口径):
        self.form = form
        self.r = 审核结果(form, profile)
        self.p = profile
        self.findings = 发现集(form.id)

    # -- helpers --------------------------------------------------------------
    def number(self, value: Any, row: str, column: str, cell: str | None = None) -> Decimal | None:
        try:
            return 解析金额(value, self.form.金额单位, column)
        except 数值无法识别 as exc:
            self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, row, column, cell)
            return None

    # -- 项目资金 ---------------------------------------------------------------
    def funds(self) -> None:
        funds = self.form.资金
        total = funds.get("年度资金总额")
        row = "年度资金总额"
        if total is None:
            self.findings.add("错误", "FUND_TOTAL_MISSING", "没有“年度资金总额”行，无法计算执行率", row)
            return
        cells = total.位置
        budget = self.number(total.全年预算数, row, "全年预算数", cells.get("全年预算数"))
        spent = self.number(total.全年执行数, row, "全年执行数", cells.get("全年执行数"))
        initial = self.number(total.年初预算数, row, "年初预算数", cells.get("年初预算数"))
        subs = [r for n, r in funds.items() if n != "年度资金总额" and r.分组 is None]
        sub_filled = [
            s for s in subs
            if any((self.number(getattr(s, c), s.名称, c) or _零) != 0 for c in ("年初预算数", "全年预算数", "全年执行数"))
        ]
        if not budget and sub_filled:
            self.findings.add(
                "错误", "FUND_TOTAL_EMPTY",
                f"“年度资金总额”行为空或为0，而“{sub_filled[0].名称}”行已填写；年度资金总额应为各分项之和",
                row, "全年预算数", cells.get("全年预算数"),
            )
            budget = sum((self.number(s.全年预算数, s.名称, "全年预算数") or _零 for s in subs), _零) or None
            spent = sum((self.number(s.全年执行数, s.名称, "全年执行数") or _零 for s in subs), _零)
            if not initial:  # the empty total's 年初预算数 too: else "年初预算数0与全年预算数…不同"
                initial = sum((self.number(s.年初预算数, s.名称, "年初预算数") or _零 for s in subs), _零) or None
        self.sub_sums(total, subs)
        for group in dict.fromkeys(r.分组 for r in funds.values() if r.分组):
            self.sub_sums(total, [r for r in funds.values() if r.分组 == group], group)
        for sub in subs + [r for r in funds.values() if r.分组]:
            self.sub_row(sub, total)
        weight = self.rate_weight(total)
        self.r.执行率分值 = weight
        if not budget:
            if not self.findings.有("FUND_TOTAL_EMPTY"):
                self.findings.add("错误", "BUDGET_MISSING", "全年预算数为空或为0，无法计算执行率", row, "全年预算数", cells.get("全年预算数"))
            return
        rate = 计算执行率(spent or _零, budget)
        self.r.执行率 = 保留(rate, 4)
        if rate > _执行率上限:
            self.findings.add(
                "警告", "RATE_IMPLAUSIBLE",
                f"执行率为{_百分(rate)}，远超100%：请核对金额单位（本表为{self.form.金额单位}）和全年执行数、全年预算数",
                row, "全年执行数", cells.get("全年执行数"))
        if spent and spent > budget:
            self.findings.add("警告", "OVER_BUDGET", f"全年执行数{显示数(spent)}超过全年预算数{显示数(budget)}（执行率{_百分(rate)}）", row, "全年执行数", cells.get("全年执行数"))
        if initial is not None and initial != budget:
            other = f"（按年初预算数为{_百分((spent or _零) / initial)}）" if initial > 0 else ""
            self.findings.add("提示", "BUDGET_ADJUSTED", f"年初预算数{显示数(initial)}与全年预算数{显示数(budget)}不同；执行率按全年预算数计算{other}", row, "年初预算数", cells.get("年初预算数"))
        self.stated_rate(total, rate)
        if weight is not None:
            score = 封顶得分(rate * weight, weight)
            self.r.执行率得分 = score
            self.stated_rate_score(total, rate, weight, score)

    def sub_sums(self, total, subs, group: str | None = None) -> None:
        """The parts (or one breakdown) against the total, column by column, where every part is given."""
        if not subs:
            return
        what = f"“{group}”各项合计" if group else "各分项合计"
        for column in ("年初预算数", "全年预算数", "全年执行数"):
            values = [getattr(s, column) for s in subs]
            if any(是占位符(v) for v in values) or 是占位符(getattr(total, column)):
                continue
            try:
                parts = [解析金额(v, self.form.金额单位) or _零 for v in values]
                whole = 解析金额(getattr(total, column), self.form.金额单位) or _零
            except 数值无法识别:
                continue  # already reported
            if whole and sum(parts, _零) != whole:
                self.findings.add(
                    "警告", "FUND_SUM_MISMATCH",
                    f"{column}：{what}{显示数(sum(parts, _零))}与年度资金总额{显示数(whole)}不符",
                    "年度资金总额", column, total.位置.get(column),
                )

    def sub_row(self, sub, total) -> None:
        """A part's printed 执行率 against its own amounts; 分值/得分 belong to the total row only."""
        where = sub.标签 or sub.名称
        if not 是占位符(sub.执行率):
            try:
                budget = 解析金额(sub.全年预算数, self.form.金额单位)
                spent = 解析金额(sub.全年执行数, self.form.金额单位) or _零
            except 数值无法识别:
                budget = None
            v = 解析指标值(sub.执行率)
            if budget and budget > 0 and v.类型 == "定量" and v.数值 is not None:
                printed = v.数值 if v.单位 == "%" or v.数值 > 1 else v.数值 * _百
                rate = spent / budget
                if 保留两位(printed) != 保留两位(rate * _百):
                    self.findings.add(
                        "警告", "SUB_RATE_MISMATCH",
                        f"“{where}”的执行率填报为{显示数(printed)}%，按其全年执行数÷全年预算数应为{_百分(rate)}",
                        where, "执行率", sub.位置.get("执行率"))
        for column in ("分值", "得分"):
            value = getattr(sub, column)
            if not 是占位符(value) and str(value).strip() == str(getattr(total, column) or "").strip():
                self.findings.add(
                    "警告", "SUB_ROW_SCORED",
                    f"“{where}”行重复填写了年度资金总额的{column}（{value}）：分值、得分只计在年度资金总额行",
                    where, column, sub.位置.get(column))

    def rate_weight(self, total) -> Decimal | None:
        row, cell = "年度资金总额", total.位置.get("分值")
        try:
            stated = 读分值(total.分值, "分值")
        except 数值无法识别 as exc:
            self.findings.add("错误", "WEIGHT_UNREADABLE", exc.reason, row, "分值", cell)
            return self.p.执行率分值
        if stated is None:
            if not self.form.有分值列:
                return None  # a template without 分值: nothing to score the rate with
            self.findings.add("警告", "RATE_WEIGHT_MISSING", f"执行率分值为空，按{self.p.名称}口径取{显示数(self.p.执行率分值)}", row, "分值", cell)
            return self.p.执行率分值
        indicator_weights = self.indicator_weight_sum()
        if stated == _百 and indicator_weights is not None and indicator_weights + self.p.执行率分值 == _百:
            self.findings.add(
                "错误", "WEIGHT_TYPO",
                f"执行率分值填为100，应为{显示数(self.p.执行率分值)}（指标分值合计{显示数(indicator_weights)}，总分100）",
                row, "分值", cell,
            )
            return self.p.执行率分值
        if stated != self.p.执行率分值:
            self.findings.add("提示", "RATE_WEIGHT_PROFILE", f"执行率分值为{显示数(stated)}，{self.p.名称}口径为{显示数(self.p.执行率分值)}", row, "分值", cell)
        return stated

    def stated_rate(self, total, rate: Decimal) -> None:
        if 是占位符(total.执行率):
            return
        v = 解析指标值(total.执行率)
        cell = total.位置.get("执行率")
        if v.类型 != "定量" or v.数值 is None:
            self.findings.add("错误", "NUMBER_UNREADABLE", f"执行率'{total.执行率}'无法识别", "年度资金总额", "执行率", cell)
            return
        printed = v.数值 if v.单位 == "%" or v.数值 > 1 else v.数值 * _百
        if 保留两位(printed) != 保留两位(rate * _百):
            self.findings.add(
                "错误", "RATE_MISMATCH",
                f"执行率填报为{显示数(printed)}%，按全年执行数÷全年预算数应为{_百分(rate)}（{显示数(保留(rate * _百, 4))}%）",
                "年度资金总额", "执行率", cell,
            )

    def stated_rate_score(self, total, rate: Decimal, weight: Decimal, score: Decimal) -> None:
        cell = total.位置.get("得分")
        try:
            stated = 读分值(total.得分, "得分")
        except 数值无法识别 as exc:
            self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, "年度资金总额", "得分", cell)
            return
        if stated is None:
            if self.form.有得分列:
                self.findings.add("警告", "SCORE_MISSING", f"执行率得分为空，应为{显示数(score)}", "年度资金总额", "得分", cell)
            return
        self.compare(stated, score, weight, "年度资金总额", "得分", cell, f"执行率{_百分(rate)} × {显示数(weight)}")

    def compare(self, stated: Decimal, computed: Decimal, weight: Decimal, row: str, column: str, cell: str | None, how: str) -> None:
        """Stated vs computed score: above weight, rounding, or plain wrong."""
        if stated == computed:
            return
        if stated > weight:
            self.findings.add("错误", "SCORE_ABOVE_WEIGHT", f"得分{显示数(stated)}超过分值{显示数(weight)}；按规则（{how}，不超过分值）应为{显示数(computed)}", row, column, cell)
        elif stated in (保留(computed, 1), 保留(computed, 0)) and stated != computed:
            self.findings.add("警告", "ROUNDING", f"得分{显示数(stated)}只保留了{0 if stated == stated.to_integral_value() else 1}位小数；按规则（{how}）应为{显示数(computed)}", row, column, cell)
        else:
            self.findings.add("错误", "SCORE_MISMATCH", f"得分填报为{显示数(stated)}，按规则（{how}）应为{显示数(computed)}", row, column, cell)

    # -- 绩效指标 ---------------------------------------------------------------
    def indicator_weight_sum(self) -> Decimal | None:
        total = _零
        for r in self.form.指标:
            try:
                total += 读分值(r.分值) or _零
            except 数值无法识别:
                return None
        return total

    def indicators(self) -> None:
        for i, row in enumerate(self.form.指标, 1):
            self.r.指标.append(self.indicator(i, row))
        self.weights_in_value_columns()

    def weights_in_value_columns(self) -> None:
        """Weight/score pairs typed into 年度指标值/实际完成值 (the 分值 column left empty)."""
        rows = [r for r in self.form.指标 if 是占位符(r.分值)]
        pairs = []
        for r in rows:
            t, a = 解析指标值(r.年度指标值), 解析指标值(r.实际完成值)
            if t.类型 == a.类型 == "定量" and t.比较 is None and not t.单位 and not a.单位:
                pairs.append((t.数值, a.数值))
        if len(pairs) >= 3 and len(pairs) >= len(rows) // 2 and sum(t for t, _ in pairs) in (_百, Decimal(90), Decimal(80)):
            self.findings.add(
                "警告", "VALUES_LOOK_LIKE_WEIGHTS",
                f"{len(pairs)}行的年度指标值、实际完成值只有数字，合计{显示数(sum(t for t, _ in pairs))}：像是填在了错误列的分值与得分；"
                "请把指标值、实际完成值与分值、得分分别填入各自的列", "绩效指标", "年度指标值")

    def indicator(self, i: int, row: 指标行) -> 指标结果:
        name = str(row.三级 or row.二级 or f"第{i}行")
        where = f"指标第{i}行（{name}）"
        cells = row.位置
        res = 指标结果(name, None, None, 行=row)
        try:
            res.分值 = 读分值(row.分值)
        except 数值无法识别 as exc:
            self.findings.add("错误", "WEIGHT_UNREADABLE", exc.reason, where, "分值", cells.get("分值"))
            return res
        try:
            res.填报得分 = 读分值(row.得分, "得分")
        except 数值无法识别 as exc:
            self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, where, "得分", cells.get("得分"))
        w, stated = res.分值, res.填报得分
        if not self.form.有分值列 or (row.汇总 is not None and w is None):
            return self.completion(row, res, where)  # no 分值 to score with: met or not, and why
        if row.明细:
            return self.group(row, res, where)
        if 是占位符(row.实际完成值) and not 是占位符(row.年度指标值) and (w or _零) > 0 and 是占位符(row.人工得分):
            self.findings.add("警告", "ACTUAL_MISSING", "实际完成值为空，无法计分", where, "实际完成值",
                              cells.get("实际完成值"))
            return res
        try:
            result = 指标计分(row.年度指标值, row.实际完成值, row.分值, self.p, row.人工得分)
        except 指标不适用 as exc:
            if stated:
                self.findings.add("警告", "NOT_APPLICABLE_SCORED", f"年度指标值为“不适用”却计了{显示数(stated)}分：此行不应计分，请删除该行或把分值改为0并分配到其他指标", where, "年度指标值", cells.get("年度指标值"))
            else:
                self.findings.add("警告", "NOT_APPLICABLE_WEIGHTED", exc.reason, where, "分值", cells.get("分值"))
            return res
        except 单位不一致 as exc:
            self.findings.add("错误", "UNIT_MISMATCH", exc.reason, where, exc.field, cells.get(exc.field or ""))
            return res
        except 无法判定档次 as exc:
            self.findings.add("警告", "QUAL_UNDECIDABLE", exc.reason, where, exc.field, cells.get(exc.field or ""))
            return res
        except 人工得分无效 as exc:
            self.findings.add("错误", "OVERRIDE_INVALID", exc.reason, where, "人工得分", cells.get("人工得分"))
            return res
        except (指标值无法识别, 数值无法识别, 绩效自评错误) as exc:
            self.findings.add("错误", "VALUE_UNREADABLE", exc.reason, where, exc.field, cells.get(exc.field or ""))
            return res
        res.计分 = result
        self.无数值(row, result, where)
        res.完成 = bool(result.完成) if result.类型 == "定量" else (result.档次 == "达成" if result.档次 else None)
        if result.类型 == "空":
            if row.三级 is None and (w or _零) == 0:
                self.findings.add("提示", "EMPTY_ROW", f"{row.二级 or ''}为空行（分值{显示数(w or _零)}，无指标）", where, "三级")
            if stated:
                self.findings.add("错误", "SCORE_WITHOUT_INDICATOR", f"空行却有得分{显示数(stated)}", where, "得分", cells.get("得分"))
            return res
        for note in result.提示:
            self.findings.add("提示", "VALUE_INTERPRETED", note, where, "实际完成值", cells.get("实际完成值"))
        assert w is not None and result.得分 is not None
        res.得分 = result.得分
        if result.人工:
            level = "提示" if result.类型 == "定性" else "警告"
            self.findings.add(level, "OVERRIDE", f"人工得分{显示数(result.得分)}替代了规则得分{显示数(result.默认得分 or _零)}：{'请在偏差原因中说明理由' if 是占位符(row.偏差原因分析及改进措施) else '已说明理由'}", where, "人工得分", cells.get("人工得分"))
        if stated is None:
            self.findings.add("错误", "SCORE_MISSING", f"得分为空，按规则应为{显示数(result.得分)}", where, "得分", cells.get("得分"))
        elif result.类型 == "定性":
            self.qualitative(res, result, stated, w, where, cells.get("得分"))
        else:
            if not result.完成 and stated == w and stated != result.得分:
                self.findings.add("错误", "FULL_MARKS_MISSED_TARGET", f"未完成年度指标值却得满分{显示数(w)}；{result.说明}", where, "得分", cells.get("得分"))
            else:
                self.compare(stated, result.得分, w, where, "得分", cells.get("得分"), result.说明.split("：", 1)[-1])
        lost = min(res.得分, stated if stated is not None else res.得分) < w
        if lost and 是占位符(row.偏差原因分析及改进措施):
            self.findings.add("警告", "MISSING_REASON", f"扣了{显示数(w - min(res.得分, stated or res.得分))}分，但“偏差原因分析及改进措施”为空", where, "偏差原因分析及改进措施", cells.get("偏差原因分析及改进措施"))
        self.overachieved(row, where)
        return res

    def met(self, row: 指标行, where: str) -> bool | None:
        """Whether a row without 分值 met its target (None: empty, not applicable or unreadable, reported)."""
        cells = row.位置
        if all(是占位符(x) for x in (row.三级, row.年度指标值, row.实际完成值)):
            return None  # a placeholder row: only 一级/二级 labels
        if 是占位符(row.实际完成值) and not 是占位符(row.年度指标值):
            self.findings.add("警告", "ACTUAL_MISSING", "实际完成值为空，无法判断是否完成", where, "实际完成值",
                              cells.get("实际完成值"))
            return None
        try:
            result = 指标计分(row.年度指标值, row.实际完成值, 1, self.p)
        except 指标不适用:
            return None
        except 无法判定档次 as exc:
            self.findings.add("警告", "QUAL_UNDECIDABLE", exc.reason, where, exc.field, cells.get(exc.field or ""))
            return None
        except 绩效自评错误 as exc:
            self.findings.add("错误", "VALUE_UNREADABLE", exc.reason, where, exc.field, cells.get(exc.field or ""))
            return None
        if result.类型 == "空":
            return None
        self.无数值(row, result, where)
        return bool(result.完成) if result.类型 == "定量" else result.档次 == "达成"

    def 无数值(self, row: 指标行, result: 计分结果, where: str) -> None:
        """A number was asked for and a sentence given (达成预期指标): scored as stated, the number asked for."""
        if result.类型 == "定量" and 解析指标值(row.实际完成值).类型 == "定性":
            self.findings.add("警告", "ACTUAL_WITHOUT_NUMBER",
                              f"年度指标值是数值（{row.年度指标值}），实际完成值只写了“{row.实际完成值}”：按已完成计分，"
                              "请填写实际达到的数值", where, "实际完成值", row.位置.get("实际完成值"))

    def completion(self, row: 指标行, res: 指标结果, where: str) -> 指标结果:
        res.完成 = self.met(row, where)
        if res.完成 is False and 是占位符(row.偏差原因分析及改进措施):
            self.findings.add(
                "警告", "MISSING_REASON",
                f"未完成年度指标值（{row.年度指标值}，实际{row.实际完成值}），但“偏差原因分析及改进措施”为空",
                where, "偏差原因分析及改进措施", row.位置.get("偏差原因分析及改进措施"))
        return res

    def group(self, row: 指标行, res: 指标结果, where: str) -> 指标结果:
        """A two-level table's summary row: its 分值 covers the detail rows below it.

        No rule turns several details into one score, so the stated score is the
        evaluator's judgement; what the audit can say is whether it is possible."""
        w, stated, cell = res.分值, res.填报得分, row.位置.get("得分")
        details = [self.form.指标[k] for k in row.明细]
        missed = [d for k, d in zip(row.明细, details) if self.met(d, f"指标第{k + 1}行（{d.三级 or ''}）") is False]
        assert w is not None
        if stated is None:
            if self.form.有得分列:
                self.findings.add("警告", "SCORE_MISSING", f"汇总行得分为空（分值{显示数(w)}，含{len(details)}项明细）", where, "得分", cell)
            return res
        if stated > w:
            self.findings.add("错误", "SCORE_ABOVE_WEIGHT", f"得分{显示数(stated)}超过分值{显示数(w)}", where, "得分", cell)
            return res
        res.得分 = stated
        if missed and stated == w:
            names = "、".join(str(d.三级 or "") for d in missed)
            self.findings.add("警告", "GROUP_FULL_MARKS_MISSED",
                              f"明细“{names}”未完成，汇总行却得满分{显示数(w)}", where, "得分", cell)
        else:
            self.findings.add("提示", "GROUP_JUDGEMENT",
                              f"汇总行得分{显示数(stated)}（分值{显示数(w)}）覆盖{len(details)}项明细，为评价人的判定",
                              where, "得分", cell)
        return res

    def qualitative(self, res: 指标结果, result: 计分结果, stated: Decimal, w: Decimal, where: str, cell: str | None) -> None:
        low, high = result.档次范围 or (_零, w)
        if stated > w:
            self.findings.add("错误", "SCORE_ABOVE_WEIGHT", f"得分{显示数(stated)}超过分值{显示数(w)}", where, "得分", cell)
        elif low <= stated <= high:
            res.得分 = stated  # the evaluator's judgement inside the tier
            if stated != result.得分:
                self.findings.add("提示", "QUAL_JUDGEMENT", f"定性指标得分{显示数(stated)}为评价人在“{result.档次}”档（{显示数(low)}–{显示数(high)}分）内的判定；{self.p.名称}口径默认为{显示数(result.得分 or _零)}", where, "得分", cell)
        else:
            row = res.行
            hint = ""
            if result.档次 == "达成" and row is not None and not 是占位符(row.偏差原因分析及改进措施):
                hint = (
                    f"；偏差说明为“{row.偏差原因分析及改进措施}”：若确未完全达成，"
                    f"实际完成值应如实写为“基本{row.实际完成值}”并按“部分达成”档计分"
                )
            self.findings.add(
                "警告", "QUAL_OUT_OF_TIER",
                f"定性指标得分{显示数(stated)}不在“{result.档次}”档的{显示数(low)}–{显示数(high)}分之内（{result.说明}）{hint}",
                where, "得分", cell,
            )

    def overachieved(self, row: 指标行, where: str) -> None:
        ratio = self.p.超额需说明倍数
        if ratio is None or not 是占位符(row.偏差原因分析及改进措施):
            return
        t, a = 解析指标值(row.年度指标值), 解析指标值(row.实际完成值)
        if t.类型 == a.类型 == "定量" and t.比较 in (None, "≥", ">") and t.数值 and a.数值 is not None and t.单位 == a.单位:
            if a.数值 >= t.数值 * ratio:
                self.findings.add("提示", "OVERACHIEVED_NO_REASON", f"实际完成值达到年度指标值的{显示数(保留两位(a.数值 / t.数值 * _百))}%（≥{显示数(ratio * _百)}%），{self.p.名称}口径要求说明原因", where, "偏差原因分析及改进措施", row.位置.get("偏差原因分析及改进措施"))

    # -- 分值与总分 -------------------------------------------------------------
    def totals(self) -> None:
        if self.form.有分值列:
            self.weights()
        elif not self.form.有得分列:
            return  # neither 分值 nor 得分: no total to check
        cell = self.form.位置.get("总分_得分")
        computable = self.r.执行率得分 is not None and all(
            r.得分 is not None or (r.计分 is not None and r.计分.类型 == "空") or (r.行 is not None and r.行.汇总 is not None)
            for r in self.r.指标
        )
        if computable and self.form.有分值列:
            self.r.总分 = 保留两位(self.r.执行率得分 + sum((r.得分 or _零 for r in self.r.指标), _零))
            self.r.等级 = 评价等级(min(max(self.r.总分, _零), _百), self.p)
        try:
            stated_total = 读分值(self.form.总分_得分, "总分")
            total = self.form.资金.get("年度资金总额")
            stated_parts = [读分值(total.得分, "得分") if total is not None else None]
        except 数值无法识别 as exc:
            self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, "总分", "得分", cell)
            return
        if stated_total is None:
            self.findings.add("警告", "SCORE_MISSING", "总分为空", "总分", "得分", cell)
            return
        stated_parts += [r.填报得分 for r in self.r.指标]
        stated_sum = 保留两位(sum((p or _零 for p in stated_parts), _零))
        if stated_sum != 保留两位(stated_total):
            self.findings.add(
                "错误", "TOTAL_SUM",
                f"总分填报为{显示数(stated_total)}，但表上各项得分之和为{显示数(stated_sum)}",
                "总分", "得分", cell,
            )
        if self.r.总分 is not None and self.r.总分 != 保留两位(stated_total):
            self.findings.add("提示", "TOTAL_DIFFERS", f"按规则重算总分为{显示数(self.r.总分)}（{self.r.等级}），填报为{显示数(stated_total)}；差异见上述各项", "总分", "得分", cell)
        if not 是占位符(self.form.等级) and self.r.等级 and str(self.form.等级).strip() != self.r.等级:
            self.findings.add("错误", "GRADE_MISMATCH", f"评价等级填报为{self.form.等级}，按总分{显示数(self.r.总分 or _零)}应为{self.r.等级}", "总分", "等级", self.form.位置.get("等级"))

    def weights(self) -> None:
        """分值 add up: 执行率 + indicators = 100, the 总分's own 分值 = 100, and each 一级 group
        to the weight printed in its label (产出指标(50分))."""
        weights = self.indicator_weight_sum()
        rate_w = self.r.执行率分值
        if weights is not None and rate_w is not None and weights + rate_w != _百:
            self.findings.add(
                "错误", "WEIGHTS_SUM",
                f"分值合计为{显示数(weights + rate_w)}（执行率{显示数(rate_w)} + 指标{显示数(weights)}），应为100",
                "绩效指标", "分值",
            )
        try:
            total_w = 读分值(self.form.总分_分值, "总分分值")
            if total_w is not None and total_w != _百:
                self.findings.add("错误", "TOTAL_WEIGHT", f"总分的分值填为{显示数(total_w)}，应为100", "总分", "分值", self.form.位置.get("总分_分值"))
        except 数值无法识别 as exc:
            self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, "总分", "分值")
        groups: dict[str, tuple[tuple[Decimal, Decimal], Decimal]] = {}
        for r in self.form.指标:
            printed = 表头分值范围(r.一级)
            if printed is not None:
                try:
                    w = 读分值(r.分值) or _零
                except 数值无法识别:
                    return
                label = 规范标签(去分段注(r.一级))
                groups[label] = (printed, groups.get(label, (printed, _零))[1] + w)
        for label, ((lo, hi), summed) in groups.items():
            if not lo <= summed <= hi:
                points = 显示数(lo) if lo == hi else f"{显示数(lo)}–{显示数(hi)}"
                self.findings.add("警告", "GROUP_WEIGHT_MISMATCH",
                                  f"“{label}”标注{points}分，其下各指标分值合计{显示数(summed)}", label, "分值")

    def header(self) -> None:
        for name in ("项目名称", "主管部门", "实施单位"):
            if 是占位符(getattr(self.form, name)):
                self.findings.add("警告", "HEADER_MISSING", f"{name}为空", "表头", name, self.form.位置.get(name))

    def run(self) -> 审核结果:
        if self.form.不可读:
            self.findings.add("错误", "FORM_UNREADABLE", f"无法读取此表：{self.form.不可读}", "表单")
            self.r.findings = self.findings.按级别()
            return self.r
        for n in self.form.读取说明:
            self.findings.add(n.level, n.code, n.message, n.row, n.column, n.cell)
        if not self.form.有分值列:
            self.findings.add("提示", "NO_SCORE_COLUMNS", "本表未设分值、得分栏，只核对完成情况与执行率", "表单")
        self.header()
        self.funds()
        self.indicators()
        self.totals()
        self.r.findings = self.findings.按级别()
        return self.r


def 审核(form: 自评表, 口径: 口径 | str | None = None) -> 审核结果:
    """Recompute one form and list its findings.

    The profile is the one named by ``口径``, else the form's own, else 财政部.
    """
    profile = 口径 if not isinstance(口径, (str, type(None))) else 取口径(口径 or form.口径)
    return _审核(form, profile).run()
