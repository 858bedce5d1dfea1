"""绩效评价指标体系: a multi-level indicator system scored leaf by leaf.

An evaluation report (seeds 000 and 002) scores a project on 3 or 4 levels of
indicators, 100 points in all; each leaf has a written 评分标准 and a score,
parents carry the sums.  Here a leaf may carry a structured 评分规则 — a rule
of :mod:`udfs.rules` with its parameters (the inputs the rule needs),
or a list of such rules whose scores add up, or ``{"规则": "人工"}`` for a
judgement that no arithmetic can reproduce.  Leaves without a rule are manual:
their stated score is used and shown as manual, never as computed.

The JSON read here is the schema of the transcribed seed systems (both the
flat ``一级/一级_分值/…/四级`` shape of seed 000 and the coded ``A11`` shape of
seed 002), or the generic shape this project writes::

    {"systems": [{"id", "title", "year", "levels": ["一级", "二级", "三级"],
                  "总分_分值", "总分_得分",
                  "leaves": [{"编号", "层级": [{"名称", "分值"}, …], "名称", "分值", "得分",
                              "指标解释", "评分标准", "评分规则", "得分情况说明"}]}]}

The audit recomputes every leaf it can, checks that children's 分值 add up
to their parent's, that the total is 100, that each score lies in
[0, 分值], that a leaf that lost points says why, and compares the report's
narrative restatements and summary tables with the table, when the file
carries them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .amounts import json数值, 保留两位, 可选数字, 是占位符, 显示数, 规范文本
from .errors import 数值无法识别, 绩效自评错误, 表单格式有误, 规则参数有误
from .findings import 发现, 发现集, 按级别计数
from .forms import 读取json
from .profiles import 取口径
from .rules import 按规则计分, 规则结果, 规则表
from .scoring import 评价等级

__all__ = ["评价叶", "评价体系", "叶结果", "组结果", "体系结果", "读取体系", "体系审核", "体系转字典", "叶计分", "体系列表"]

_零 = Decimal(0)
_百 = Decimal(100)


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


# --- reading --------------------------------------------------------------------

def _叶_扁平(raw: dict, names: list[str]) -> 评价叶:
    """Seed 000 shape: 一级/一级_分值 … with the leaf at the deepest level present."""
    *parents, leaf = names
    return 评价叶(
        编号=str(raw.get("seq") or raw.get(leaf) or ""),
        层级=[(raw.get(n), raw.get(f"{n}_分值")) for n in parents],
        名称=str(raw.get(leaf) or ""),
        分值=raw.get(f"{leaf}_分值"),
        得分=raw.get("得分"),
        指标解释=raw.get("指标解释"),
        评分标准=raw.get("评分标准"),
        评分规则=raw.get("评分规则"),
        得分情况说明=raw.get("得分情况说明"),
        正文得分=raw.get("得分_from_narrative"),
        原始=raw,
    )


def _叶_编码(raw: dict) -> 评价叶:
    """Seed 002 shape: code A11, with 一级/二级 objects."""
    levels = [(raw[k].get("name"), raw[k].get("参考权重")) for k in ("一级", "二级") if isinstance(raw.get(k), dict)]
    return 评价叶(
        编号=str(raw.get("code") or ""),
        层级=levels,
        名称=str(raw.get("name") or ""),
        分值=raw.get("分值") if raw.get("分值") is not None else raw.get("参考权重"),
        得分=raw.get("得分"),
        评分标准=raw.get("评分标准"),
        评分规则=raw.get("评分规则"),
        得分情况说明=raw.get("得分情况说明"),
        原始=raw,
    )


def _叶_通用(raw: dict) -> 评价叶:
    return 评价叶(
        编号=str(raw.get("编号") or ""),
        层级=[(lv.get("名称"), lv.get("分值")) for lv in raw.get("层级") or []],
        名称=str(raw.get("名称") or ""),
        分值=raw.get("分值"),
        得分=raw.get("得分"),
        指标解释=raw.get("指标解释"),
        评分标准=raw.get("评分标准"),
        评分规则=raw.get("评分规则"),
        得分情况说明=raw.get("得分情况说明"),
        原始=raw,
    )


def _体系(data: dict, source: str) -> 评价体系:
    leaves_raw = data.get("leaves")
    if not isinstance(leaves_raw, list) or not leaves_raw:
        raise 表单格式有误(f"体系 {data.get('id')} 没有 leaves", source)
    first = leaves_raw[0]
    if "层级" in first:
        leaves = [_叶_通用(r) for r in leaves_raw]
        names = list(data.get("levels") or [])
    elif "code" in first:
        leaves = [_叶_编码(r) for r in leaves_raw]
        names = ["一级", "二级", "三级"]
    else:
        names = [n for n in ("一级", "二级", "三级", "四级") if any(n in r for r in leaves_raw)]
        leaves = [_叶_扁平(r, names) for r in leaves_raw]
    return 评价体系(
        id=str(data.get("id") or data.get("title") or "体系"),
        标题=data.get("title") or "",
        年度=data.get("year"),
        层级名=names,
        叶=leaves,
        总分_分值=data.get("总分_分值"),
        总分_得分=data.get("总分_得分"),
        原始=data,
        来源=source,
    )


def 读取体系(path: str | Path) -> list[评价体系]:
    return 体系列表(读取json(path), str(path))


def 体系列表(data: Any, source: str) -> list[评价体系]:
    """Systems from parsed JSON (``source`` names the file in messages)."""
    systems = data.get("systems") if isinstance(data, dict) else None
    if not isinstance(systems, list):
        raise 表单格式有误("缺少 systems 列表", source)
    return [_体系(s, source) for s in systems]


def 体系转字典(system: 评价体系) -> dict[str, Any]:
    """The generic JSON shape of a system (what ``jixiao fill`` and the workbook reader exchange)."""
    return {
        "id": system.id,
        "title": system.标题,
        "year": system.年度,
        "levels": system.层级名,
        "总分_分值": system.总分_分值,
        "总分_得分": system.总分_得分,
        "leaves": [
            {
                "编号": leaf.编号,
                "层级": [{"名称": n, "分值": w} for n, w in leaf.层级],
                "名称": leaf.名称,
                "分值": leaf.分值,
                "得分": leaf.得分 if leaf.得分 is not None else leaf.正文得分,
                "指标解释": leaf.指标解释,
                "评分标准": leaf.评分标准,
                "评分规则": leaf.评分规则,
                "得分情况说明": leaf.得分情况说明,
            }
            for leaf in system.叶
        ],
    }


# --- scoring --------------------------------------------------------------------

def _规则列表(rule: Any) -> list[dict] | None:
    """None for a manual leaf, else the list of rule parts."""
    if rule is None or 是占位符(rule):
        return None
    if isinstance(rule, dict):
        if rule.get("规则") in (None, "人工", ""):
            return None
        return [rule]
    if isinstance(rule, list) and all(isinstance(r, dict) for r in rule):
        return rule
    raise 规则参数有误(f"评分规则应为对象或对象列表，实为{rule!r}", "评分规则")


def 叶计分(leaf: 评价叶) -> 规则结果 | None:
    """The rule's score for a leaf (None when the leaf is manual)."""
    parts = _规则列表(leaf.评分规则)
    if parts is None:
        return None
    weight = 可选数字(leaf.分值, "分值")
    results = []
    for part in parts:
        name = str(part.get("规则"))
        params = dict(part.get("参数") or {})
        if name in 规则表 and "分值" in 规则表[name][1] and "分值" not in params:
            if len(parts) > 1:
                raise 规则参数有误(f"组合规则的每一部分都要写明分值（“{name}”缺少）", "评分规则")
            params["分值"] = weight
        results.append(按规则计分(name, params))
    total = 保留两位(sum((r.得分 for r in results), _零))
    full = sum((r.分值 for r in results), _零)
    return 规则结果(total, full, "；".join(r.说明 for r in results))


# --- audit ----------------------------------------------------------------------

_得分 = re.compile(r"得\s*(\d+(?:\.\d+)?)\s*分")


def _名(text: Any) -> str:
    return re.sub(r"[\s()（）:：①②③④⑤]|\(.*?\)|（.*?）", "", 规范文本(str(text or "")))


class _体系审核:
    def __init__(self, system: 评价体系):
        self.s = system
        self.r = 体系结果(system)
        self.findings = 发现集(system.id)

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
            if stated is None and narrative is not None:
                self.findings.add("警告", "SCORE_MISSING_IN_TABLE", f"评分表中缺少得分，报告正文给出{显示数(narrative)}分", row, "得分", leaf.位置.get("得分"))
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
            self.leaf_narrative(leaf, res, row)
        if manual:
            self.findings.add("提示", "MANUAL_SCORES", f"{len(manual)}个末级指标为人工评分（判断性评分标准或缺少计算数据）：{'、'.join(manual)}", "末级指标", "得分")

    def mismatch(self, leaf: 评价叶, row: str, shown: Decimal | None, result: 规则结果) -> None:
        """Stated vs rule; "每差N扣M" leaves also get the other reading of a part-step."""
        explained = shown is None or shown == result.得分
        for part in _规则列表(leaf.评分规则) or []:
            if part.get("规则") != "每差扣分" or len(_规则列表(leaf.评分规则) or []) > 1:
                continue
            params = dict(part.get("参数") or {})
            params.setdefault("分值", leaf.分值)
            used = params.get("取整", "整步")
            readings = {}
            for way in ("整步", "比例"):
                try:
                    readings[way] = 按规则计分("每差扣分", dict(params, 取整=way)).得分
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
        table = [r.填报得分 for r in self.r.叶]
        shown = [r.填报得分 if r.填报得分 is not None else 可选数字(r.叶.正文得分) for r in self.r.叶]
        if stated is not None and all(x is not None for x in shown):
            shown_sum = 保留两位(sum(shown, _零))  # type: ignore[arg-type]
            if shown_sum != stated:
                self.findings.add("错误", "TOTAL_SUM", f"合计填报为{显示数(stated)}，表中各末级得分之和为{显示数(shown_sum)}", "合计", "得分")
        if stated is not None and any(t is None for t in table) and self.r.总分 == stated:
            partial = 保留两位(sum((t or _零 for t in table), _零))
            self.findings.add("警告", "TOTAL_NEEDS_NARRATIVE", f"评分表中的得分之和只有{显示数(partial)}，总分{显示数(stated)}要用到表中缺失、正文给出的得分", "合计", "得分")

    def report_checks(self) -> None:
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

    def run(self) -> 体系结果:
        self.leaves()
        self.groups()
        self.totals()
        self.report_checks()
        self.r.findings = self.findings.按级别()
        return self.r


def 体系审核(system: 评价体系) -> 体系结果:
    """Recompute an evaluation system and list its findings."""
    return _体系审核(system).run()
