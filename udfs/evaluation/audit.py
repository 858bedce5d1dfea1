"""The audit of an evaluation system: recompute, add up, compare.

体系审核 recomputes every leaf it can (:func:`udfs.evaluation.scoring.叶计分`);
a leaf without a rule keeps its stated score, shown as manual (``MANUAL_SCORES``),
never as computed.  Then it checks, with the findings of :mod:`udfs.findings`:

* each leaf: a stated score the rule does not give (``LEAF_SCORE_MISMATCH``), or one
  that only a reading of a part-step explains (``STEP_ROUNDING``: seed 002 C12,
  99.60% "每减少1个百分点扣2分" of 8 — 6 by whole steps, 7.2 by the letter); a rule
  whose full marks are not the leaf's 分值; a score outside [0, 分值]; points lost
  without a 得分情况说明 (``MISSING_REASON``);
* the sums: children's 分值 against their parent's (``WEIGHT_SUM_MISMATCH``), the
  leaves' 分值 against 100 (``TOTAL_WEIGHT``), the stated 总分 against the leaves'
  scores (``TOTAL_MISMATCH``, ``TOTAL_SUM``);
* the report's restatements of the table, when the file carries them
  (:mod:`udfs.evaluation.report_checks`).

The 总分 and the 等级 are given only when every leaf has a score.
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import 保留两位, 可选数字, 是占位符, 显示数
from ..errors import 数值无法识别, 绩效自评错误
from ..findings import 发现集
from ..profiles import 取口径
from ..rules import 扣分得分, 按规则计分, 规则结果, 规则表
from ..scoring import 评价等级
from .model import 体系结果, 叶结果, 组结果, 评价体系, 评价叶
from .report_checks import 报告核对
from .scoring import 叶计分, 规则列表

__all__ = ["体系审核"]

_零 = Decimal(0)
_百 = Decimal(100)


class _体系审核:
    def __init__(self, system: 评价体系):
        self.s = system
        self.r = 体系结果(system)
        self.findings = 发现集(system.id)
        self.report = 报告核对(system, self.r, self.findings)

    def leaves(self) -> None:
        manual: list[str] = []
        has_explanations = any(leaf.得分情况说明 is not None for leaf in self.s.叶) or any(
            "得分情况说明" in leaf.原始 for leaf in self.s.叶
        )
        for leaf in self.s.叶:
            row = f"{leaf.编号} {leaf.名称}".strip()
            try:
                weight = 可选数字(leaf.分值, "分值")
                stated = 可选数字(leaf.得分, "得分")
                narrative = 可选数字(leaf.正文得分, "得分")
            except 数值无法识别 as exc:
                self.findings.add("错误", "NUMBER_UNREADABLE", exc.reason, row, exc.field, leaf.位置.get(exc.field or ""))
                self.r.叶.append(叶结果(leaf, None, None, None, "缺失"))
                continue
            if weight is None:
                self.findings.add("错误", "WEIGHT_MISSING", "末级指标没有分值", row, "分值", leaf.位置.get("分值"))
            self.report.score_only_in_text(leaf, stated, narrative, row)
            try:
                result = 叶计分(leaf)
            except 绩效自评错误 as exc:
                cell = leaf.位置.get(exc.field or "") or leaf.位置.get("评分规则")  # the parameter's own cell if known
                self.findings.add("错误", "RULE_INVALID", str(exc), row, "评分规则", cell)
                result = None
                manual.append(leaf.编号 or leaf.名称)
            if result is None:
                score = stated if stated is not None else narrative
                source = "人工" if score is not None else "缺失"
                if score is None:
                    self.findings.add("错误", "SCORE_MISSING", "末级指标既无评分规则也无得分", row, "得分", leaf.位置.get("得分"))
                elif not any(leaf.编号 == m or leaf.名称 == m for m in manual):
                    manual.append(leaf.编号 or leaf.名称)
                res = 叶结果(leaf, score, stated, weight, source, "人工评分")
            else:
                res = 叶结果(leaf, result.得分, stated, weight, "规则", result.说明)
                if weight is not None and result.分值 != weight:
                    self.findings.add("错误", "RULE_WEIGHT_MISMATCH", f"评分规则的满分为{显示数(result.分值)}，与分值{显示数(weight)}不符", row, "评分规则", leaf.位置.get("评分规则"))
                self.mismatch(leaf, row, stated if stated is not None else narrative, result)
            self.r.叶.append(res)
            self.bounds(res, row, has_explanations)
            self.report.leaf_narrative(leaf, res, row)
        if manual:
            self.findings.add("提示", "MANUAL_SCORES", f"{len(manual)}个末级指标为人工评分（判断性评分标准或缺少计算数据）：{'、'.join(manual)}", "末级指标", "得分")

    def mismatch(self, leaf: 评价叶, row: str, shown: Decimal | None, result: 规则结果) -> None:
        """Stated vs rule; "每差N扣M" leaves also get the other reading of a part-step."""
        explained = shown is None or shown == result.得分
        parts = 规则列表(leaf.评分规则) or []
        for part in parts:
            name = str(part.get("规则"))
            if 规则表.get(name, (None,))[0] is not 扣分得分 or len(parts) > 1:
                continue
            params = dict(part.get("参数") or {})
            params.setdefault("分值", leaf.分值)
            used = params.get("取整", "整步")
            readings = {}
            for way in ("整步", "比例"):
                try:
                    readings[way] = 按规则计分(name, dict(params, 取整=way)).得分
                except 绩效自评错误:
                    return
            if readings["整步"] == readings["比例"]:
                continue
            match = next((w for w, v in readings.items() if v == shown), None)
            explained = explained or match is not None
            stated = f"报告得分{显示数(shown)}为按“{match}”扣分的结果；" if match else ""
            self.findings.add(
                "警告", "STEP_ROUNDING",
                f"{stated}评分标准未写明不足一步时如何扣分：按整步扣（不足一步按一步）得{显示数(readings['整步'])}，"
                f"按字面比例扣得{显示数(readings['比例'])}；本工具按“{used}”计{显示数(result.得分)}",
                row, "得分", leaf.位置.get("得分"),
            )
        if not explained:
            self.findings.add("错误", "LEAF_SCORE_MISMATCH", f"得分填报为{显示数(shown)}，按评分规则应为{显示数(result.得分)}（{result.说明}）", row, "得分", leaf.位置.get("得分"))

    def bounds(self, res: 叶结果, row: str, has_explanations: bool) -> None:
        score, weight, leaf = res.得分, res.分值, res.叶
        if score is None or weight is None:
            return
        shown = res.填报得分 if res.填报得分 is not None else score
        if shown < 0 or shown > weight:
            self.findings.add("错误", "SCORE_OUT_OF_RANGE", f"得分{显示数(shown)}不在0–{显示数(weight)}之间", row, "得分", leaf.位置.get("得分"))
        if has_explanations and shown < weight and 是占位符(leaf.得分情况说明):
            self.findings.add("警告", "MISSING_REASON", f"扣了{显示数(weight - shown)}分，但得分情况说明为空", row, "得分情况说明", leaf.位置.get("得分情况说明"))

    def groups(self) -> None:
        depth = max((len(leaf.层级) for leaf in self.s.叶), default=0)
        for level in range(depth):
            seen: dict[tuple, 组结果] = {}
            for res in self.r.叶:
                leaf = res.叶
                if len(leaf.层级) <= level:
                    continue
                key = tuple(n for n, _ in leaf.层级[: level + 1])
                stated_w = 可选数字(leaf.层级[level][1], "分值")
                g = seen.get(key)
                if g is None:
                    g = seen[key] = 组结果(level, key, stated_w, _零, _零)
                elif g.填报分值 is None:
                    g.填报分值 = stated_w
                g.分值合计 += res.分值 or _零
                g.得分合计 = None if g.得分合计 is None or res.得分 is None else g.得分合计 + res.得分
            for g in seen.values():
                if g.得分合计 is not None:
                    g.得分合计 = 保留两位(g.得分合计)
                self.r.组.append(g)
                name = "／".join(n or "（未命名）" for n in g.路径)
                if g.填报分值 is not None and g.填报分值 != g.分值合计:
                    self.findings.add("错误", "WEIGHT_SUM_MISMATCH", f"下级分值合计为{显示数(g.分值合计)}，与该级分值{显示数(g.填报分值)}不符", name, "分值",
                             self.s.组位置.get(g.路径))

    def totals(self) -> None:
        weights = sum((r.分值 or _零 for r in self.r.叶), _零)
        if weights != _百:
            self.findings.add("错误", "TOTAL_WEIGHT", f"末级指标分值合计为{显示数(weights)}，应为100", "合计", "分值", self.s.位置.get("总分_分值"))
        if all(r.得分 is not None for r in self.r.叶):
            self.r.总分 = 保留两位(sum((r.得分 for r in self.r.叶), _零))  # type: ignore[misc]
            self.r.等级 = 评价等级(min(max(self.r.总分, _零), _百), 取口径())
        stated = 可选数字(self.s.总分_得分, "总分")
        if stated is not None and self.r.总分 is not None and stated != self.r.总分:
            self.findings.add("错误", "TOTAL_MISMATCH", f"总分填报为{显示数(stated)}，各末级得分之和为{显示数(self.r.总分)}", "合计", "得分",
                     self.s.位置.get("总分_得分"))
        shown = [r.填报得分 if r.填报得分 is not None else 可选数字(r.叶.正文得分) for r in self.r.叶]
        if stated is not None and all(x is not None for x in shown):
            shown_sum = 保留两位(sum(shown, _零))  # type: ignore[arg-type]
            if shown_sum != stated:
                self.findings.add("错误", "TOTAL_SUM", f"合计填报为{显示数(stated)}，表中各末级得分之和为{显示数(shown_sum)}", "合计", "得分")
        self.report.total_needs_narrative(stated)

    def run(self) -> 体系结果:
        self.leaves()
        self.groups()
        self.totals()
        self.report.restatements()
        self.r.findings = self.findings.按级别()
        return self.r


def 体系审核(system: 评价体系) -> 体系结果:
    """Recompute an evaluation system and list its findings."""
    return _体系审核(system).run()

