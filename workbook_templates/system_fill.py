"""``jixiao fill`` for evaluation systems: one sheet per system in a copy of the built workbook.

A system (:class:`udfs.evaluation.评价体系`, from the JSON of the seeds or from a
workbook) becomes the rows of :mod:`workbook_templates.system_layout`: a row per
parent group in the order of its leaves, with the group's stated 分值; a row per
leaf with its structured 评分规则 spread over the rule columns
(:data:`udfs.rules.columns.表列参数`); a 子规则 row per part of a rule list; a
清单项 row per checklist item.  A leaf without a rule, or with ``{"规则": "人工"}``,
is manual: its stated score (or, where the table has none, the one the report's
text gives) becomes its 人工得分.  What is written is what a person types: the
scores of rule leaves are the sheet's formulas, never the JSON's stated numbers.

Values are written as a spreadsheet stores them, so that the native formulas of
the 兼容版 read what the core reads: "84.31%" becomes 0.8431 shown as a
percentage, and a bare number where the rule expects a percentage (the core reads
99.84 against a target of 100% as 99.84%) is written as that percentage.  Every
leaf is scored twice — by the core from the JSON, and by the core from the cells
as written — and a difference is reported: the workbook never silently scores a
leaf otherwise than the JSON's rule.  Everything not carried over (the report's
narrative, stated scores that differ from the rule) is reported in ``提示``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook

import udfs
from udfs.amounts import json数值, 保留两位, 可选数字, 是占位符, 显示数, 转数字
from udfs.errors import 绩效自评错误, 表单格式有误
from udfs.evaluation import 叶计分, 评价体系, 评价叶
from udfs.rules.columns import 表列参数
from udfs.values import 解析指标值

from .fill import _存填好的, _查输出, _载入, 填表结果, 表名候选
from .readers.system import 空白体系表
from .sheetkit import 模板标记名, 模板版本
from .system_build import 渲染体系, 规则表名
from .system_layout import 体系版式, 体系版式表, 体系行, 体系表样, 体系输入, 层级名

__all__ = ["体系工作表", "体系模板版式", "体系表名", "体系转输入", "填入体系"]

# Parameters the core reads as percentages: 满意度 always; others when their reference is one
# (udfs.rules.base.读量 with 百分比=…).
_参照 = {
    "比例": {"实际值": "目标值"},
    "每差扣分": {"实际值": "目标值", "步长": "目标值"},
    "区间": {"实际值": "满分线", "零分线": "满分线"},
}
_满意度参数 = ("满意度", "起算线", "上年满意度")
_文字参数 = ("方向", "取整", "方式")


def 体系模板版式(wb: Workbook, source: str = "") -> 体系版式:
    """The variant an evaluation-system workbook was built as (hidden name jixiao_模板)."""
    marker = wb.defined_names.get(模板标记名)
    if marker is None:
        raise 表单格式有误(
            "不是由 jixiao build 生成的工作簿（缺少标记 jixiao_模板）；请先运行 jixiao build --out 目录，"
            "再把评价体系填入生成的 绩效评价指标体系评分表.xlsx", source)
    name, _, version = (marker.attr_text or "").strip('"').partition("|")
    if name not in 体系版式表:
        raise 表单格式有误(
            "给出的是绩效评价指标体系，不是项目支出绩效自评表，不能填入这个自评表模板；请填入 jixiao build 生成的"
            " 绩效评价指标体系评分表.xlsx（或 _兼容版.xlsx）", source)
    if version != 模板版本:
        raise 表单格式有误(f"工作簿模板版本为{version}，本程序为{模板版本}；请用 jixiao build 重新生成模板", source)
    return 体系版式表[name]


def 体系工作表(wb: Workbook) -> list:
    """Sheets holding a system (they have the sheet-scoped name 体系表)."""
    return [ws for ws in wb.worksheets if "体系表" in ws.defined_names]


_后缀 = re.compile(r"(绩效评价指标体系|综合评价表|指标体系|评价指标体系|评分表)$")


def 体系表名(system: 评价体系, taken: set[str], 序号: int = 1) -> str:
    """A sheet name from the system's title, without the generic suffix (≤31 characters, unique).

    >>> 体系表名(评价体系("x", 标题="2018年度社会保障卡制作费项目综合评价表"), set())
    '2018年度社会保障卡制作费项目'
    """
    base = _后缀.sub("", str(system.标题 or "").strip()) or str(system.标题 or system.id or "")
    return 表名候选(base or f"评价体系{序号}", taken, 序号)


class _转换:
    """One system's rows, with notes on what was changed or not carried over."""

    def __init__(self, system: 评价体系):
        self.s = system
        self.notes: list[str] = []
        self.D = max((len(leaf.层级) + 1 for leaf in system.叶), default=1)
        if self.D > 4:
            raise 表单格式有误(f"评价体系“{system.标题 or system.id}”有{self.D}级指标，工作簿最多4级", system.来源 or "体系")

    def note(self, leaf: 评价叶 | None, text: str) -> None:
        where = f"{leaf.编号 or ''} {leaf.名称}".strip() if leaf else ""
        self.notes.append(f"{where}：{text}" if where else text)

    # --- values -----------------------------------------------------------------------

    def 数(self, leaf: 评价叶, value: Any, what: str) -> Any:
        """A number cell (分值, 人工得分, amounts): a number, or the text as written (noted)."""
        if 是占位符(value):
            return None
        try:
            return json数值(转数字(value, what))
        except 绩效自评错误:
            self.note(leaf, f"{what}'{value}'不是数字，按原文写入")
            return value

    def 参数值(self, leaf: 评价叶, rule: str, params: dict, name: str) -> tuple[Any, bool]:
        """(cell value, shown as a percentage) of one rule parameter."""
        value = params[name]
        if name in _文字参数 or name in ("是否符合",):
            return value, False
        parsed = 解析指标值(value)
        if parsed.类型 != "定量" or parsed.数值 is None:
            self.note(leaf, f"{name}'{value}'不是数值，按原文写入（得分将显示参数有误）")
            return value, False
        number = parsed.数值
        if parsed.单位 == "%":
            return json数值(number / 100), True
        if parsed.单位:
            self.note(leaf, f"{name}'{value}'的单位“{parsed.单位}”未写入（评分规则只用数值{显示数(number)}）")
        ref = _参照.get(rule, {}).get(name)
        if ref is not None:
            ref_value = params.get(ref, "100%" if (rule, ref) == ("比例", "目标值") else None)
            if 解析指标值(ref_value).单位 == "%":
                if number > 1:  # the core reads it as percentage points: write the percentage itself
                    self.note(leaf, f"{name}'{value}'按百分比读作{显示数(number)}%，写入为{显示数(number)}%")
                    return json数值(number / 100), True
                return json数值(number), True
        if rule == "满意度" and name in _满意度参数:
            return json数值(number), number <= 1  # the sheet reads a bare number above 1 as points, as the core does
        return json数值(number), False

    # --- rows -------------------------------------------------------------------------

    def 规则行(self, leaf: 评价叶, row: 体系行, part: dict, whole: bool) -> list[体系行]:
        """Fill ``row`` (a leaf or a part) from one rule part; returns its 清单项 rows."""
        rule = str(part.get("规则") or "")
        params = dict(part.get("参数") or {})
        row.评分规则 = rule
        if rule not in 表列参数:
            self.note(leaf, f"评分规则“{rule}”不在下拉选项中，按原文写入（得分将显示参数有误）")
            return []
        columns = {name: col for col, name in 表列参数[rule].items()}
        percent: set[str] = set()
        for name in params:
            if name in ("分值", "是否符合", "各项分值"):
                continue
            col = columns.get(name)
            if col is None:
                self.note(leaf, f"评分规则“{rule}”的参数{name}在工作表中没有对应的列，未写入")
                continue
            row.值[col], pct = self.参数值(leaf, rule, params, name)
            if pct:
                percent.add(col)
        row.百分比 = frozenset(percent)
        weight = params.get("分值")
        if whole and weight is not None:
            # The sheet scores with the row's 分值 (满意度: 分值 − 提升加分).
            try:
                w_leaf = 转数字(leaf.分值, "分值")
                expected = w_leaf - (转数字(params.get("提升加分", 0), "提升加分") if rule == "满意度" else 0)
                if 转数字(weight, "分值") != expected:
                    self.note(leaf, f"评分规则的分值{weight}与指标分值{leaf.分值}不符；工作表按指标分值计算")
            except 绩效自评错误:
                pass
        elif not whole:
            if weight is None and rule == "清单":
                weight = self._清单满分(leaf, params)  # a checklist's full marks: its items' points
            row.分值 = self.数(leaf, weight, "子规则分值")
        items: list[体系行] = []
        if rule in ("清单", "清单扣分"):
            answers = params.get("是否符合")
            answers = list(answers) if isinstance(answers, (list, tuple)) else ([] if answers is None else [answers])
            points = params.get("各项分值") if rule == "清单" else None
            points = list(points) if isinstance(points, (list, tuple)) else [points] * len(answers)
            if len(points) != len(answers):
                self.note(leaf, f"清单有{len(answers)}项是否符合、{len(points)}项分值，按较多者写入")
            for k in range(max(len(answers), len(points))):
                items.append(体系行(
                    "清单项", row.层级, 名称=f"└ 第{k + 1}项",
                    分值=self.数(leaf, points[k], "清单项分值") if k < len(points) and rule == "清单" else None,
                    是否符合=answers[k] if k < len(answers) else None,
                ))
        return items

    def _清单满分(self, leaf: 评价叶, params: dict) -> Any:
        try:
            return sum((转数字(p, "各项分值") for p in params.get("各项分值") or []), Decimal(0))
        except 绩效自评错误:
            return None

    def 叶行(self, leaf: 评价叶, level: int) -> list[体系行]:
        row = 体系行(
            "末级指标", level, 编号=leaf.编号 or None, 名称=leaf.名称 or None, 分值=self.数(leaf, leaf.分值, "分值"),
            指标解释=leaf.指标解释, 评分标准=leaf.评分标准, 得分情况说明=leaf.得分情况说明,
        )
        rule = leaf.评分规则
        if rule is None or 是占位符(rule) or (isinstance(rule, dict) and rule.get("规则") in (None, "", "人工")):
            row.评分规则 = "人工"
            stated = leaf.得分 if not 是占位符(leaf.得分) else leaf.正文得分
            row.人工得分 = self.数(leaf, stated, "得分")
            if 是占位符(leaf.得分) and not 是占位符(leaf.正文得分):
                self.note(leaf, f"评分表无得分，人工得分取报告正文的{leaf.正文得分}分")
            return [row]
        if isinstance(rule, dict):
            return [row, *self.规则行(leaf, row, rule, whole=True)]
        if isinstance(rule, list):
            row.评分规则 = "组合"
            out = [row]
            for k, part in enumerate(rule, 1):
                sub = 体系行("子规则", level, 名称=f"└ 子规则{k}")
                items = self.规则行(leaf, sub, part if isinstance(part, dict) else {}, whole=False)
                out += [sub, *items]
            return out
        self.note(leaf, f"评分规则{rule!r}无法识别，按人工评分写入")
        row.评分规则 = "人工"
        row.人工得分 = self.数(leaf, leaf.得分, "得分")
        return [row]

    def 行(self) -> list[体系行]:
        leaves = self.s.叶
        codes = [self._组编号(leaf) for leaf in leaves]
        rows: list[体系行] = []
        open_path: list[Any] = []
        seen: set[tuple] = set()
        for i, leaf in enumerate(leaves):
            path = [name for name, _ in leaf.层级]
            common = 0
            while common < min(len(open_path), len(path)) and open_path[common] == path[common]:
                common += 1
            open_path = open_path[:common]
            for k in range(common, len(path)):
                key = tuple(path[: k + 1])
                if key in seen:
                    self.note(None, f"指标组“{'／'.join(n or '（未命名）' for n in key)}”的末级指标在表中不连续，工作表中分为两组")
                seen.add(key)
                rows.append(体系行("指标组", k + 1, 编号=codes[i][k] if k < len(codes[i]) else None, 名称=path[k],
                                  分值=self.数(leaf, self._组分值(i, k), f"{层级名[k]}指标分值")))
                open_path.append(path[k])
            rows += self.叶行(leaf, len(path) + 1)
        return rows

    def _组分值(self, i: int, k: int) -> Any:
        """The group's stated 分值: the first one given by its leaves (as the audit reads it)."""
        leaves = self.s.叶
        key = [n for n, _ in leaves[i].层级[: k + 1]]
        for leaf in leaves[i:]:
            if [n for n, _ in leaf.层级[: k + 1]] != key:
                break
            if not 是占位符(leaf.层级[k][1]):
                return leaf.层级[k][1]
        return None

    @staticmethod
    def _组编号(leaf: 评价叶) -> list[Any]:
        """Group codes where the source has them (seed 002: A, A1 …)."""
        out = []
        for key in ("一级", "二级", "三级"):
            value = leaf.原始.get(key)
            out.append(value.get("code") if isinstance(value, dict) else None)
        return out

    def 核对(self, rows: list[体系行]) -> None:
        """Score every leaf from the cells as written and compare with the JSON's rule."""
        by_leaf: list[tuple[体系行, list[体系行]]] = []
        for row in rows:
            if row.类型 == "末级指标":
                by_leaf.append((row, []))
            elif row.类型 in ("子规则", "清单项") and by_leaf:
                by_leaf[-1][1].append(row)
        for leaf, (row, subs) in zip(self.s.叶, by_leaf, strict=True):
            try:
                want = 叶计分(leaf)
            except 绩效自评错误 as exc:
                self.note(leaf, f"评分规则有误（{exc}），工作表中得分将显示错误值")
                continue
            if want is None:
                continue
            got = _工作表得分(row, subs)
            if got != float(want.得分):
                self.note(leaf, f"按工作表中的参数计得{got}，与JSON评分规则的{显示数(want.得分)}不同，请检查")
            stated = 可选数字(leaf.得分) if not 是占位符(leaf.得分) else None
            narrative = 可选数字(leaf.正文得分) if not 是占位符(leaf.正文得分) else None
            if stated is None and narrative is not None:
                self.note(leaf, f"评分表无得分（报告正文为{显示数(narrative)}分），工作表按评分规则计算为{显示数(want.得分)}")
            elif stated is not None and stated != want.得分:
                self.note(leaf, f"报告得分{显示数(stated)}，工作表按评分规则计算为{显示数(want.得分)}")

    def 输入(self) -> 体系输入:
        rows = self.行()
        self.核对(rows)
        counts = self.s.原始.get("report_stated_counts") or {}
        names = list(self.s.层级名) or list(层级名)
        stated = {层级名[k]: counts.get(names[k]) for k in range(min(self.D, len(names))) if counts.get(names[k]) is not None}
        manual = sum(1 for r in rows if r.类型 == "末级指标" and r.评分规则 == "人工")
        if manual:
            self.note(None, f"{manual}个末级指标为人工评分（人工得分取自报告）")
        narrative = [k for k in ("narrative_group_restatements", "module_totals") if self.s.原始.get(k)]
        narrative += sorted({k for leaf in self.s.叶 for k in ("narrative", "得分汇总表", "具体绩效分析表") if leaf.原始.get(k)})
        if narrative:
            self.note(None, f"报告正文与其他表格中的复述（{'、'.join(narrative)}）不写入工作表，只有 jixiao audit 审核 JSON 时核对")
        return 体系输入(
            体系名称=self.s.标题 or None, 年度=_年度(self.s.年度), 体系编号=self.s.id, 层级数=self.D,
            行=rows, 报告指标个数=stated,
        )


def _工作表得分(row: 体系行, subs: list[体系行]) -> float | str | None:
    """What the 函数版 computes for a leaf row from its cells (the 兼容版 is proven equal in tests)."""
    def one(r: 体系行, items: list[体系行]) -> Any:
        values = [r.值.get(k) for k in ("实际值", "目标值", "上年值", "参数1", "参数2", "参数3", "参数4")]
        if items:
            return udfs.体系得分(r.评分规则, r.分值, *values, [[i.是否符合] for i in items], [[i.分值] for i in items])
        return udfs.体系得分(r.评分规则, r.分值, *values)

    if row.评分规则 == "组合":
        parts = []
        for k, r in enumerate(subs):
            if r.类型 != "子规则":
                continue
            items = []
            for j in subs[k + 1:]:
                if j.类型 != "清单项":
                    break
                items.append(j)
            parts.append(one(r, items))
        if any(isinstance(p, str) for p in parts):
            return "#子规则有误"
        return float(保留两位(sum((Decimal(repr(p)) for p in parts), Decimal(0)))) if parts else "#规则参数有误"
    items = [r for r in subs if r.类型 == "清单项"]
    return one(row, items)


def _年度(value: Any) -> Any:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else (text or None)


def 体系转输入(system: 评价体系) -> tuple[体系输入, list[str]]:
    """The rows of one system, and notes on what was changed or not carried over."""
    conv = _转换(system)
    data = conv.输入()
    return data, conv.notes


def 填入体系(
    工作簿: str | Path,
    体系: Sequence[评价体系],
    输出: str | Path,
    *,
    不可覆盖: Iterable[str | Path] = (),
) -> 填表结果:
    """Write ``体系`` into a copy of the built evaluation-system workbook at ``输出``."""

    source, target = Path(工作簿), Path(输出)
    protected = _查输出(source, target, 不可覆盖)
    if not 体系:
        raise 表单格式有误("没有要填入的评价体系", "体系")
    if any(not isinstance(s, 评价体系) for s in 体系):
        raise 表单格式有误("给出的是项目支出绩效自评表，不是绩效评价指标体系；请填入 项目支出绩效自评表.xlsx", "表单")
    wb = _载入(source)
    v = 体系模板版式(wb, str(source))
    for ws in 体系工作表(wb):
        if 空白体系表(ws):
            wb.remove(ws)  # the blank template sheet: the filled systems replace it
    at = wb.sheetnames.index(规则表名) if 规则表名 in wb.sheetnames else len(wb.sheetnames)
    result = 填表结果(target)
    for i, system in enumerate(体系, 1):
        data, notes = 体系转输入(system)
        name = 体系表名(system, set(wb.sheetnames) | {规则表名}, i)
        ws = wb.create_sheet(name, at)
        at += 1
        渲染体系(ws, 体系表样(v, data, 标题=name))
        result.表名.append(name)
        result.提示 += [f"{name}：{n}" for n in notes]
    _存填好的(wb, target, result.表名[0], protected)
    return result
