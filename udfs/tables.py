"""The form's two tables as any source gives them: fund rows by structure, indicator rows by header.

Every reader — JSON, a workbook in another unit's layout, a text export — hands its rows here,
so a form reads the same whatever carried it:

* **the fund table** (项目资金) is read by its structure, not by a closed list of labels: the
  total row (年度资金总额 / 资金总额 / 总额 / 合计 …) and every row under it, whatever its label.
  A known label (:data:`udfs.vocabulary.资金行`) becomes its standard row; an unknown one is kept
  as printed, with a 提示.  Under 部门整体 forms' headings (按收入性质分, 按支出性质分) rows are
  a breakdown of the total, kept apart (:attr:`~udfs.forms.资金行.分组`).
* **the indicator table** is read by its headers (:func:`udfs.vocabulary.表头字段`); a table whose
  target is split into 指标性质 / 指标值 / 度量单位 (云南, 四川) is put back together, and a
  指标性质 that contradicts the value's own sign is reported.  A header nobody knows is
  reported, never guessed.

What a reader notices is a :class:`读取说明` (level, code, message, where); the audit reports
them with its own findings.

>>> 组合指标值("≥", "28", "万人"), 组合指标值("正向", "95", "%"), 组合指标值("定性", "健全", None)
('≥28万人', '≥95%', '健全')
>>> 组合实际值("100", "%", "="), 组合实际值("完成", "%", "="), 组合实际值(29, "万人", "≥")
('100%', '完成', '29万人')
>>> 表头分值("得分(20分*执行率)"), 表头分值("产出指标(50分)"), 表头分值("得分") is None
(Decimal('20'), Decimal('50'), True)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .amounts import 是占位符, 显示数
from .vocabulary import (
    不适用词,
    二级所属,
    按性质分,
    方向词,
    是信息表头,
    是总额标签,
    比较符号,
    比较词,
    表头字段,
    规范标签,
    资金行名称,
)

__all__ = ["读取说明", "资金表", "组合指标值", "组合实际值", "表头分值", "表头分值范围", "去分段注", "列映射", "指标单元", "汇总行", "定标签"]


@dataclass(frozen=True)
class 读取说明:
    """Something a reader noticed: reported by the audit like its own findings."""

    level: str  # 错误 / 警告 / 提示
    code: str
    message: str
    row: str
    column: str | None = None
    cell: str | None = None


# --- the fund table ------------------------------------------------------------------------------


@dataclass
class 资金行读入:
    """One fund row as a reader found it: the printed label, the cells by field, their places."""

    标签: str
    值: dict[str, Any] = field(default_factory=dict)  # 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分
    位置: dict[str, str] = field(default_factory=dict)


def 资金表(rows: Iterable[资金行读入], 行类):
    """Rows in printed order -> ({key: 资金行}, [读取说明]); ``行类`` is :class:`udfs.forms.资金行`.

    The first total row is the total; rows after it are its parts, except the rows under a
    breakdown heading (按收入性质分 …), which get that heading as their 分组.  Keys are the
    standard names, or the label as printed; a repeated key gets a number.
    """
    out: dict[str, Any] = {}
    notes: list[读取说明] = []
    group: str | None = None
    seen_total = False
    for raw in rows:
        label = str(raw.标签 or "").strip()
        plain = 规范标签(label)
        heading = next((h for h in 按性质分 if plain.startswith(h)), None)
        if heading is not None:
            group = heading
            rest = plain[len(heading):]
            if not rest and not any(not 是占位符(v) for v in raw.值.values()):
                continue  # a heading row of its own
            plain = rest or plain
        name = 资金行名称(label) or 资金行名称(plain)
        if name == "年度资金总额" and not seen_total and group is None:
            seen_total = True
        elif name == "年度资金总额":
            name = None  # a second total (a subtotal): kept as printed
        key = name or plain or f"第{len(out) + 1}行"
        if group is not None:
            key = f"{group}：{key}"
        base, n = key, 2
        while key in out:
            key, n = f"{base}（{n}）", n + 1
        row = 行类(key, label, **{k: raw.值.get(k) for k in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")})
        row.位置 = dict(raw.位置)
        row.标准 = name is not None
        row.分组 = group
        out[key] = row
        if name is None and plain and not (是总额标签(plain) and group is None):
            where = group or "年度资金总额"
            notes.append(读取说明(
                "提示", "FUND_LABEL_UNKNOWN",
                f"资金行“{label}”不是常见的名称，按原文读作{where}的分项" if group is None
                else f"资金行“{label}”按原文读作“{group}”的一行",
                label, "标签", raw.位置.get("标签")))
    return out, notes


# --- the indicator table ---------------------------------------------------------------------------


def 列映射(headers: Iterable[tuple[Any, Any]], 表: str = "指标") -> tuple[dict[str, Any], list[str], list[str]]:
    """(header, key) pairs -> ({field: key}, information headers, unknown headers).

    The first column of a field wins (a repeated 得分 column is information)."""
    mapping: dict[str, Any] = {}
    info: list[str] = []
    unknown: list[str] = []
    for header, key in headers:
        text = str(header or "").strip()
        if not text:
            continue
        found = 表头字段(text, 表)
        if found is not None and found not in mapping:
            mapping[found] = key
        elif found is not None or 是信息表头(text, 表):
            info.append(text)
        else:
            unknown.append(text)
    return mapping, info, unknown


def _符号(text: Any) -> str | None:
    """The sign a 指标性质 / 指标方向 cell stands for (≥ ≤ = > <), or None."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip()
    s = s.replace("≧", "≥").replace("≦", "≤").replace("═", "=").replace("﹦", "=")
    s = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "==": "="}.get(s, s)
    if s in 比较符号:
        return s
    if s in 方向词:
        return 方向词[s]
    for word, sign in 比较词:
        if s == word:
            return sign
    return None


def _文字(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, (int, float, Decimal)) and not isinstance(x, bool):
        return 显示数(Decimal(repr(x)) if isinstance(x, float) else Decimal(x))
    return str(x).strip()


def 组合指标值(性质: Any, 值: Any, 单位: Any) -> Any:
    """年度指标值 from a split table: sign + value + unit, or the value itself (定性, 不适用)."""
    nature = _文字(性质)
    if nature in 不适用词:
        return "不适用"
    value = _文字(值)
    sign = _符号(nature)
    if sign is None:  # 定性, 定量 without a sign, or nothing: the value as printed
        return 值 if 是占位符(值) or not _文字(单位) or not re.fullmatch(r"[\d.,]+", value) else f"{value}{_文字(单位)}"
    if 是占位符(值):
        return None
    unit = _文字(单位)
    text = value if value.startswith(("≥", "≤", "=", ">", "<")) else f"{sign}{value}"
    return text if not unit or text.endswith(unit) else f"{text}{unit}"


def 组合实际值(值: Any, 单位: Any, 性质: Any = None) -> Any:
    """实际完成值 of a split table: a bare number gets the row's unit; text stays as written."""
    unit = _文字(单位)
    if not unit or 是占位符(值):
        return 值
    text = _文字(值)
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text.replace(",", "")) and _符号(性质) != "定性":
        return f"{text}{unit}"
    return 值


_分注 = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")


def 表头分值(text: Any) -> Decimal | None:
    """A weight printed inside a label: 得分(20分*执行率) -> 20, 产出指标(50分) -> 50."""
    m = _分注.search(unicodedata.normalize("NFKC", str(text or "")))
    return Decimal(m[1]) if m else None


_分段注 = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*(?:分\s*)?[-－—~～至]\s*(\d+(?:\.\d+)?)\s*(?:分\s*[)）]|[)）]\s*分)")


def 去分段注(text: Any) -> str:
    """The label without a printed range of points: 产出指标(40-50)分 -> 产出指标."""
    return _分段注.sub("", unicodedata.normalize("NFKC", str(text or "")))


def 表头分值范围(text: Any) -> tuple[Decimal, Decimal] | None:
    """The points a label allows: a fixed weight as (w, w), or the range 重庆's 2023 template prints.

    >>> 表头分值范围("产出指标(50分)"), 表头分值范围("成本指标(0-20)分"), 表头分值范围("产出指标（40分-50分）")
    ((Decimal('50'), Decimal('50')), (Decimal('0'), Decimal('20')), (Decimal('40'), Decimal('50')))
    >>> 表头分值范围("数量指标") is None
    True
    """
    m = _分段注.search(unicodedata.normalize("NFKC", str(text or "")))
    if m:
        lo, hi = sorted((Decimal(m[1]), Decimal(m[2])))
        return lo, hi
    w = 表头分值(text)
    return (w, w) if w is not None else None


@dataclass
class 指标单元:
    """One indicator row as a reader found it: cells by field (split fields included) and places."""

    值: dict[str, Any] = field(default_factory=dict)
    位置: dict[str, str] = field(default_factory=dict)


def 组合指标(cells: 指标单元, where: str) -> tuple[dict[str, Any], list[读取说明]]:
    """The fields of :class:`udfs.forms.指标行` from one row, split columns put together."""
    v = cells.值
    notes: list[读取说明] = []
    out = {k: v.get(k) for k in ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分",
                                 "偏差原因分析及改进措施", "人工得分")}
    for key in ("一级", "二级"):  # merged cells are often typed one character per line: "产\n出\n指\n标"
        if isinstance(out[key], str):
            out[key] = re.sub(r"\s", "", out[key]) or None
    split = any(k in v for k in ("指标性质", "度量单位"))
    if split:
        nature, value, unit = v.get("指标性质"), v.get("年度指标值"), v.get("度量单位")
        out["年度指标值"] = 组合指标值(nature, value, unit)
        out["实际完成值"] = 组合实际值(v.get("实际完成值"), unit, nature)
        sign = _符号(nature)
        own = re.match(r"\s*([≥≤=<>]|>=|<=)", unicodedata.normalize("NFKC", _文字(value)))
        own_sign = _符号(own[1]) if own else None
        if sign is not None and own_sign is not None and own_sign != sign:
            notes.append(读取说明(
                "警告", "DIRECTION_CONFLICT",
                f"指标性质为“{_文字(nature)}”（{sign}），指标值却写作“{_文字(value)}”（{own_sign}）；按指标值计分，请统一",
                where, "指标性质", cells.位置.get("指标性质")))
            out["年度指标值"] = _文字(value) + ("" if _文字(value).endswith(_文字(unit)) else _文字(unit))
        elif _文字(nature) and sign is None and _文字(nature) not in ("定性", "定量") and _文字(nature) not in 不适用词:
            notes.append(读取说明(
                "警告", "NATURE_UNREADABLE",
                f"指标性质“{_文字(nature)}”无法识别（可用：≥ ≤ = > <、大于等于、正向、反向、定性、不适用）",
                where, "指标性质", cells.位置.get("指标性质")))
    return out, notes


def 定标签(rows: list[dict[str, Any]]) -> None:
    """一级/二级 of every row, in place: merged labels carried down, a new 一级 starting a new group,
    and a standard 二级 naming its own 一级 (a lost or wrong 一级 cell).

    >>> rows = [{"一级": "产出指标", "二级": "数量指标"}, {"一级": None, "二级": None},
    ...         {"一级": None, "二级": "社会效益指标"}, {"一级": "满意度指标(10分)", "二级": None}]
    >>> 定标签(rows); [(r["一级"], r["二级"]) for r in rows]
    [('产出指标', '数量指标'), ('产出指标', '数量指标'), ('效益指标', '社会效益指标'), ('满意度指标(10分)', None)]
    """
    l1: Any = None
    l2: Any = None
    for r in rows:
        if not 是占位符(r.get("一级")) and 规范标签(r["一级"]) != 规范标签(l1):
            l1, l2 = r["一级"], None  # a new 一级 group: its 二级 are its own
        if not 是占位符(r.get("二级")):
            l2 = r["二级"]
            parent = 二级所属(l2)
            if parent is not None and 是占位符(r.get("一级")) and _所属(l1) != parent:
                l1 = parent
        r["一级"], r["二级"] = l1, l2


def _所属(l1: Any) -> str | None:
    text = 规范标签(l1)
    if not text:
        return None
    return text if text.endswith("指标") else f"{text}指标"


def 汇总行(rows: list[Mapping[str, Any]]) -> dict[int, list[int]]:
    """Two-level tables: summary row index -> its detail rows.

    A summary row carries 分值 (often a ★ in its name) but no target or actual; the rows
    after it that carry a target but no 分值 are its details.
    """
    groups: dict[int, list[int]] = {}
    current: int | None = None
    for i, r in enumerate(rows):
        has_weight = not 是占位符(r.get("分值"))
        has_values = not (是占位符(r.get("年度指标值")) and 是占位符(r.get("实际完成值")))
        starred = "★" in _文字(r.get("三级")) or "☆" in _文字(r.get("三级"))
        if has_weight and (starred or not has_values):
            current = i
            groups[i] = []
        elif current is not None and has_values and not has_weight:
            groups[current].append(i)
        else:
            current = None
    return {k: v for k, v in groups.items() if v}
