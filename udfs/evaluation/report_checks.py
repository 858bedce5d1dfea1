"""What the report says against what its table says.

An evaluation report restates its table in prose and in more tables, and the
two drift apart.  When the transcribed JSON carries these restatements, the
audit compares them with the 综合评价表 (all findings 警告 or 提示):

* a leaf's narrative (``narrative``: "指标分值 5 分，评价得分 4.99 分"; "结论：根据
  评分标准扣 5分，预算执行率指标得 0分") against the leaf's score — seed 002 heads
  B11 "预算执行率，得 1 分" where the table and the conclusion give 0:
  ``NARRATIVE_MISMATCH``;
* a score only the text gives (``得分_from_narrative``): ``SCORE_MISSING_IN_TABLE``,
  and ``TOTAL_NEEDS_NARRATIVE`` when the 总分 only adds up with it (seed 000:
  资金支付 4.99 is missing from the table; its sum is 92.2, the 总分 97.19);
* the counts of indicators per level the report states (``report_stated_counts``:
  "21 个三级指标" against 20 in the table): ``COUNT_MISMATCH``;
* a group's 分值 and 得分 restated in the text (``narrative_group_restatements``) or
  a module's total (``module_totals``: "此项目管理模块得分为 24分（满分为 29分）"):
  ``NARRATIVE_MISMATCH``;
* seed 002's 得分汇总表 and 具体绩效分析表, which restate each leaf: a code or a
  name printed differently (``LABEL_MISMATCH``: A11 printed for A13), another
  score (``NARRATIVE_MISMATCH``), another 评分标准 (``RULE_TEXT_DIFFERS``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..amounts import 保留两位, 可选数字, 显示数, 规范文本
from ..findings import 发现集
from .model import 体系结果, 叶结果, 组结果, 评价体系, 评价叶

__all__ = ["报告核对"]

_零 = Decimal(0)

_得分 = re.compile(r"得\s*(\d+(?:\.\d+)?)\s*分")


def _名(text: Any) -> str:
    return re.sub(r"[\s()（）:：①②③④⑤]|\(.*?\)|（.*?）", "", 规范文本(str(text or "")))



class 报告核对:
    """The checks of one system's report against its table, adding to the audit's findings."""

    def __init__(self, system: 评价体系, result: 体系结果, findings: 发现集):
        self.s = system
        self.r = result
        self.findings = findings

    def score_only_in_text(self, leaf: 评价叶, stated: Decimal | None, narrative: Decimal | None, row: str) -> None:
        if stated is None and narrative is not None:
            self.findings.add("警告", "SCORE_MISSING_IN_TABLE", f"评分表中缺少得分，报告正文给出{显示数(narrative)}分", row, "得分", leaf.位置.get("得分"))

    def leaf_narrative(self, leaf: 评价叶, res: 叶结果, row: str) -> None:
        for n in leaf.原始.get("narrative") or []:
            if not isinstance(n, dict):
                continue
            if n.get("level") == "四级" and n.get("得分") is not None:
                said = 可选数字(n.get("得分"))
                if said is not None and res.得分 is not None and said != res.得分:
                    self.findings.add("警告", "NARRATIVE_MISMATCH", f"报告正文（第{n.get('source_line')}行）说{n.get('name_in_narrative')}得{显示数(said)}分，评分表为{显示数(res.得分)}分", row, "得分")
            quote = n.get("quote") or ""
            if "level" not in n and quote:
                found = _得分.findall(quote)
                if found and res.得分 is not None and Decimal(found[-1]) != res.得分:
                    self.findings.add("警告", "NARRATIVE_MISMATCH", f"报告正文（第{n.get('source_line')}行）“{quote.strip()}”与评分表得分{显示数(res.得分)}不符", row, "得分")

    def total_needs_narrative(self, stated: Decimal | None) -> None:
        table = [r.填报得分 for r in self.r.叶]
        if stated is not None and any(t is None for t in table) and self.r.总分 == stated:
            partial = 保留两位(sum((t or _零 for t in table), _零))
            self.findings.add("警告", "TOTAL_NEEDS_NARRATIVE", f"评分表中的得分之和只有{显示数(partial)}，总分{显示数(stated)}要用到表中缺失、正文给出的得分", "合计", "得分")

    def restatements(self) -> None:
        """Counts, group and module restatements, summary tables (after the sums are known)."""
        raw = self.s.原始
        counts = raw.get("report_stated_counts") or {}
        for level_index, name in enumerate(self.s.层级名):
            stated = counts.get(name)
            if stated is None:
                continue
            if level_index == len(self.s.层级名) - 1:
                actual = len(self.s.叶)
            else:
                actual = len({tuple(n for n, _ in leaf.层级[: level_index + 1]) for leaf in self.s.叶 if len(leaf.层级) > level_index})
            if int(stated) != actual:
                self.findings.add("警告", "COUNT_MISMATCH", f"报告称有{stated}个{name}指标，评分表中为{actual}个", name, None,
                         self.s.位置.get(f"报告{name}个数"))
        for n in raw.get("narrative_group_restatements") or []:
            self.group_restatement(n)
        for m in raw.get("module_totals") or []:
            self.module_total(m)
        for res in self.r.叶:
            self.summary_table(res)

    def _组(self, name: str, level_hint: str | None) -> 组结果 | None:
        wanted = _名(name)
        candidates = [g for g in self.r.组 if g.路径[-1] and (_名(g.路径[-1]) == wanted)]
        if not candidates:
            candidates = [g for g in self.r.组 if g.路径[-1] and _名(g.路径[-1]) in wanted]
        if level_hint and level_hint in self.s.层级名:
            exact = [g for g in candidates if self.s.层级名[g.层级] == level_hint]
            candidates = exact or candidates
        return max(candidates, key=lambda g: len(_名(g.路径[-1]))) if candidates else None

    def group_restatement(self, n: dict) -> None:
        level = str(n.get("level") or "")
        name = str(n.get("name_in_narrative") or "")
        if level == "总分" or not isinstance(n.get("分值"), (str, int, float)):
            said = 可选数字(n.get("得分")) if level == "总分" else None
            if said is not None and self.r.总分 is not None and said != self.r.总分:
                self.findings.add("警告", "NARRATIVE_MISMATCH", f"报告正文（第{n.get('source_line')}行）总分为{显示数(said)}，评分表为{显示数(self.r.总分)}", "合计", "得分")
            return
        g = self._组(re.sub(r"\(.*?\)", "", name), level)
        if g is None:
            return
        said_w, said_s = 可选数字(n.get("分值")), 可选数字(n.get("得分"))
        label = "／".join(x or "（未命名）" for x in g.路径)
        if said_w is not None and said_w != g.分值合计 or said_s is not None and g.得分合计 is not None and said_s != g.得分合计:
            self.findings.add(
                "警告", "NARRATIVE_MISMATCH",
                f"报告正文（第{n.get('source_line')}行）称“{re.sub(r'[(（].*?[)）]', '', name).strip()}”分值{显示数(said_w or _零)}、得分{显示数(said_s or _零)}，评分表为分值{显示数(g.分值合计)}、得分{显示数(g.得分合计 or _零)}",
                label, "分值",
            )

    def module_total(self, m: dict) -> None:
        g = self._组(str(m.get("module") or ""), self.s.层级名[0] if self.s.层级名 else None)
        if g is None:
            return
        w, s = 可选数字(m.get("权重")), 可选数字(m.get("得分"))
        if (w is not None and w != g.分值合计) or (s is not None and g.得分合计 is not None and s != g.得分合计):
            self.findings.add("警告", "NARRATIVE_MISMATCH", f"报告称{m.get('module')}模块{显示数(s or _零)}/{显示数(w or _零)}分，评分表为{显示数(g.得分合计 or _零)}/{显示数(g.分值合计)}", m.get("module") or "", "得分")

    def summary_table(self, res: 叶结果) -> None:
        """Seed 002's 得分汇总表 and 具体绩效分析表 restate each leaf: they must agree."""
        leaf = res.叶
        row = f"{leaf.编号} {leaf.名称}".strip()
        table = leaf.原始.get("得分汇总表")
        if isinstance(table, dict):
            label = 规范文本(str(table.get("label_printed") or "")).replace(" ", "")
            m = re.match(r"([A-Z]\d+)(.*)", label)
            if m and leaf.编号 and m[1] != leaf.编号:
                self.findings.add("提示", "LABEL_MISMATCH", f"得分汇总表把该指标的编号印作{m[1]}（应为{leaf.编号}）", row, "编号")
            if m and m[2] and _名(m[2]) != _名(leaf.名称):
                self.findings.add("提示", "LABEL_MISMATCH", f"得分汇总表把该指标名称印作“{m[2]}”（综合评价表为“{leaf.名称}”）", row, "名称")
            said = 可选数字(table.get("得分"))
            if said is not None and res.得分 is not None and said != res.填报得分:
                self.findings.add("警告", "NARRATIVE_MISMATCH", f"得分汇总表得分{显示数(said)}与综合评价表{显示数(res.填报得分 or _零)}不符", row, "得分")
        detail = leaf.原始.get("具体绩效分析表")
        if isinstance(detail, dict) and detail.get("评分标准") and leaf.评分标准:
            a = sorted(Decimal(x) for x in _得分.findall(规范文本(leaf.评分标准)))
            b = sorted(Decimal(x) for x in _得分.findall(规范文本(detail["评分标准"])))
            if a and b and a != b:
                self.findings.add("提示", "RULE_TEXT_DIFFERS", f"具体绩效分析表的评分标准（{'、'.join(map(显示数, b))}分）与综合评价表（{'、'.join(map(显示数, a))}分）不同", row, "评分标准")
