"""A filled 项目支出绩效自评表 as data, and its JSON form.

The JSON schema is the one of the transcribed seed forms
(``{"forms": [{"id", "项目名称", "主管部门", "实施单位", "year", "amount_unit",
"funds": {...}, "年度总体目标": {...}, "indicators": [...], "总分_分值",
"总分_得分"}]}``).  Values are kept as written (text), because the audit's
job is to read them the way a person would and point at what is wrong.

Real forms are transcribed the way they are printed, so the reader is lenient where a
person would be: fund rows may carry any label (:mod:`udfs.tables` reads them by
structure), rows and indicators may use the printed column headers (``全年实际值``,
``权重``, ``指标性质``/``指标值``/``度量单位``), and ``funds`` may be a list.  A key
nobody knows is reported with the nearest known one; a form that cannot be read at all
becomes an entry of its own with the reason (:attr:`自评表.不可读`), and every other form of
the file is still read.

>>> forms = 表单列表({"forms": [{"id": "a", "funds": {"年度资金总额": {"全年预算数": "18", "全年执行书": "8.53"},
...                                                 "中央补助": {"全年预算数": "18"}},
...                              "indicators": [{"三级指标": "人数", "指标性质": "≥", "指标值": "28", "度量单位": "万人",
...                                              "全年实际值": "29", "权重": "10"}]},
...                             "不是表单"]}, "例.json")
>>> [f.id for f in forms], forms[1].不可读
(['a', '表2'], '第2张表不是对象（JSON 对象，即 {…}）')
>>> r = forms[0].指标[0]; r.年度指标值, r.实际完成值, r.分值
('≥28万人', '29万人', '10')
>>> [(n.code, n.message) for n in forms[0].读取说明 if n.code == "JSON_KEY_UNKNOWN"]
[('JSON_KEY_UNKNOWN', '未知的键“全年执行书”（是否为“全年执行数”？），已忽略')]
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .amounts import 是占位符
from .errors import 绩效自评错误, 表单格式有误
from .tables import 定标签, 指标单元, 汇总行, 组合指标, 表头分值, 读取说明, 资金行读入, 资金表
from .vocabulary import 指标表头, 是信息表头, 表单字段, 表头字段, 规范标签, 资金行名称, 资金行顺序, 资金表头

__all__ = [
    "资金行", "指标行", "自评表", "资金行名称", "读取表单", "表单转字典", "资金行顺序", "指标列", "资金列", "读取json",
    "表单列表",
]

资金列 = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
指标列 = ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")


@dataclass
class 资金行:
    名称: str  # the standard row (年度资金总额, 财政拨款 …) or the label as printed
    标签: str = ""
    年初预算数: Any = None
    全年预算数: Any = None
    全年执行数: Any = None
    分值: Any = None
    执行率: Any = None
    得分: Any = None
    位置: dict[str, str] = field(default_factory=dict)  # column -> cell address (workbooks)
    标准: bool = True  # a label of udfs.vocabulary.资金行
    分组: str | None = None  # 部门整体 breakdowns (按收入性质分 …): information rows of the total


@dataclass
class 指标行:
    一级: Any = None
    二级: Any = None
    三级: Any = None
    年度指标值: Any = None
    实际完成值: Any = None
    分值: Any = None
    得分: Any = None
    偏差原因分析及改进措施: Any = None
    人工得分: Any = None
    位置: dict[str, str] = field(default_factory=dict)
    明细: tuple[int, ...] = ()  # a two-level table's summary row: the indexes of its detail rows
    汇总: int | None = None  # a detail row: the index of its summary row


@dataclass
class 自评表:
    id: str
    项目名称: Any = None
    主管部门: Any = None
    实施单位: Any = None
    年度: Any = None
    金额单位: str = "万元"
    资金: dict[str, 资金行] = field(default_factory=dict)
    预期目标: Any = None
    实际完成情况: Any = None
    指标: list[指标行] = field(default_factory=list)
    总分_分值: Any = None
    总分_得分: Any = None
    等级: Any = None
    口径: str | None = None
    来源: str = ""
    位置: dict[str, str] = field(default_factory=dict)
    有分值列: bool = True  # False: a template without 分值 (and 得分) columns
    有得分列: bool = True
    读取说明: list[读取说明] = field(default_factory=list)
    不可读: str | None = None  # why the form could not be read at all (then nothing else is set)


# --- JSON ---------------------------------------------------------------------------------------------

_表单键 = {"id", "year", "年度", "amount_unit", "金额单位", "funds", "年度总体目标", "indicators", "总分_分值",
         "总分_得分", "等级", "评价等级", "口径", *(a for aliases in 表单字段.values() for a in aliases)}
_元数据键 = {"seed", "seed_lines", "notes", "source", "header_extra", "fund_columns", "indicator_columns", "truncated"}
_资金元键 = {"label_printed", "标签"}


class _读:
    """One JSON form; notes what it could not use."""

    def __init__(self, data: dict, index: int, source: str):
        self.data, self.index, self.source = data, index, source
        self.notes: list[读取说明] = []
        self.form_id = str(data.get("id") or _表单值(data, "项目名称") or f"表{index}")

    def 未知键(self, key: str, known: set[str], where: str) -> None:
        # the nearest key of the same place first, else of any place (全年执行书 in an indicator row)
        near = (difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.5)
                or difflib.get_close_matches(key, sorted(_表单键 | _资金键() | _指标键()), n=1, cutoff=0.5))
        hint = f"（是否为“{near[0]}”？）" if near else ""
        self.notes.append(读取说明("提示", "JSON_KEY_UNKNOWN", f"未知的键“{key}”{hint}，已忽略", where, key))

    def 表单(self) -> 自评表:
        data = self.data
        for key in data:
            if key not in _表单键 and key not in _元数据键:
                self.未知键(key, _表单键, "表单")
        funds, fund_columns = self.资金()
        indicators, columns = self.指标()
        goals = data.get("年度总体目标") or {}
        if not isinstance(goals, dict):
            raise 表单格式有误("“年度总体目标”应为对象（预期目标、实际完成情况）", "年度总体目标")
        form = 自评表(
            id=self.form_id,
            项目名称=_表单值(data, "项目名称"),
            主管部门=_表单值(data, "主管部门"),
            实施单位=_表单值(data, "实施单位"),
            年度=data.get("year") or data.get("年度"),
            金额单位=str(data.get("amount_unit") or data.get("金额单位") or "万元").strip(),
            资金=funds,
            预期目标=goals.get("预期目标"),
            实际完成情况=goals.get("实际完成情况"),
            指标=indicators,
            总分_分值=data.get("总分_分值"),
            总分_得分=data.get("总分_得分"),
            等级=data.get("等级") or data.get("评价等级"),
            口径=data.get("口径"),
            来源=self.source,
            有分值列="分值" in columns,
            有得分列="得分" in columns,
        )
        total = funds.get("年度资金总额")
        if total is not None and "分值" not in fund_columns:
            weight = next((w for h in (data.get("fund_columns") or []) if (w := 表头分值(h)) is not None), None)
            if weight is not None and 是占位符(total.分值):
                total.分值 = str(weight)
                self.notes.append(读取说明("提示", "RATE_WEIGHT_FROM_HEADER",
                                       f"表上没有执行率分值栏，按表头取{weight}分", "年度资金总额", "分值"))
        form.读取说明 = self.notes
        return form

    def 资金(self) -> tuple[dict[str, 资金行], set[str]]:
        raw = self.data.get("funds") or {}
        if isinstance(raw, dict):
            items = [(k, v) for k, v in raw.items()]
        elif isinstance(raw, list):
            items = [(None, v) for v in raw]
        else:
            raise 表单格式有误("“funds”应为对象或列表", "funds")
        rows: list[资金行读入] = []
        columns: set[str] = set()
        for key, row in items:
            if not isinstance(row, dict):
                raise 表单格式有误(f"资金行“{key}”不是对象", "funds")
            label = row.get("label_printed") or row.get("标签") or key or ""
            got = 资金行读入(str(label))
            for k, value in row.items():
                if k in _资金元键:
                    continue
                f = 表头字段(k, "资金")
                if f is None:
                    if not (资金行名称(k) or 规范标签(k) in ("原因", "执行率未达到原因")):
                        self.未知键(k, {a for a in _资金键()}, f"资金行“{label}”")
                    continue
                got.值.setdefault(f, value)
                columns.add(f)
            rows.append(got)
        funds, notes = 资金表(rows, 资金行)
        self.notes += notes
        return funds, columns

    def 指标(self) -> tuple[list[指标行], set[str]]:
        raw = self.data.get("indicators") or []
        if not isinstance(raw, list):
            raise 表单格式有误("“indicators”应为列表", "indicators")
        declared = self.data.get("indicator_columns")
        columns: set[str] = {f for h in declared or [] if (f := 表头字段(h, "指标"))}
        rows: list[dict[str, Any]] = []
        unknown_seen: set[str] = set()
        for j, row in enumerate(raw, 1):
            if not isinstance(row, dict):
                raise 表单格式有误(f"第{j}个指标不是对象", "indicators")
            cells = 指标单元()
            for k, value in row.items():
                f = 表头字段(k, "指标")
                if f is None:
                    if k not in unknown_seen and not 是信息表头(k, "指标"):
                        unknown_seen.add(k)
                        self.未知键(k, _指标键(), f"指标第{j}行")
                    continue
                cells.值.setdefault(f, value)
                if declared is None:
                    columns.add(f)
            fields, notes = 组合指标(cells, f"指标第{j}行（{row.get('三级指标') or row.get('三级') or ''}）")
            self.notes += notes
            rows.append(fields)
        定标签(rows)
        indicators = [指标行(**r) for r in rows]
        for head, details in 汇总行(rows).items():
            indicators[head].明细 = tuple(details)
            for d in details:
                indicators[d].汇总 = head
        return indicators, columns


def _表单值(data: dict, name: str) -> Any:
    for alias in 表单字段[name]:
        if alias in data:
            return data[alias]
    return None


def _资金键() -> set[str]:
    return {a for aliases in 资金表头.values() for a in aliases} | _资金元键


def _指标键() -> set[str]:
    return {a for aliases in 指标表头.values() for a in aliases}


def _表单(data: Any, index: int, source: str) -> 自评表:
    """One form; what cannot be read becomes the form's 不可读 reason (never an exception)."""
    if not isinstance(data, dict):
        return 自评表(id=f"表{index}", 来源=source, 不可读=f"第{index}张表不是对象（JSON 对象，即 {{…}}）")
    reader = _读(data, index, source)
    try:
        return reader.表单()
    except 绩效自评错误 as exc:
        return 自评表(id=reader.form_id, 项目名称=_表单值(data, "项目名称"), 来源=source, 不可读=str(exc),
                   读取说明=reader.notes)
    except (TypeError, ValueError, AttributeError) as exc:  # a shape no reader expects: name it, go on
        return 自评表(id=reader.form_id, 来源=source, 不可读=f"表单结构无法读取（{type(exc).__name__}: {exc}）")


def 读取json(path: str | Path) -> Any:
    """A JSON file's content; a missing or broken file is a 表单格式有误 naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise 表单格式有误("文件不存在", str(path)) from None
    except UnicodeDecodeError:
        raise 表单格式有误("不是 UTF-8 编码的文本文件", str(path)) from None
    except json.JSONDecodeError as exc:
        raise 表单格式有误(f"不是有效的 JSON 文件（第{exc.lineno}行第{exc.colno}列：{_json原因(exc.msg)}）", str(path)) from None
    except RecursionError:
        raise 表单格式有误("JSON 嵌套过深，无法读取", str(path)) from None


_JSON原因 = {
    "Expecting value": "此处缺少值",
    "Expecting property name enclosed in double quotes": "键名应使用英文双引号，或最后一项后面多了逗号",
    "Expecting ',' delimiter": "缺少英文逗号",
    "Expecting ':' delimiter": "缺少英文冒号",
    "Unterminated string starting at": "字符串没有结束的双引号",
    "Extra data": "文件末尾有多余内容",
    "Invalid control character at": "字符串中有换行或控制字符",
    # a Windows path typed into a string ("C:\Users\…") is the usual cause
    "Invalid \\escape": "反斜杠 \\ 须写作 \\\\（例如路径 C:\\\\Users）",
    "Invalid \\uXXXX escape": "\\u 后应为 4 位十六进制数字",
    "Illegal trailing comma before end of object": "最后一项后面多了逗号",
    "Illegal trailing comma before end of array": "最后一项后面多了逗号",
}


def _json原因(msg: str) -> str:
    # the pure-Python scanner appends details (": 'x'"); the C one does not
    return next((zh for en, zh in _JSON原因.items() if msg.startswith(en)), msg)


def 读取表单(path: str | Path) -> list[自评表]:
    """Forms from a JSON file holding ``{"forms": [...]}``, a list, or one form."""
    return 表单列表(读取json(path), str(path))


def 表单列表(data: Any, source: str) -> list[自评表]:
    """Forms from parsed JSON (``source`` names the file in messages); one bad form costs no other."""
    if isinstance(data, dict) and "forms" in data:
        items = data["forms"]
    elif isinstance(data, dict) and "systems" in data:
        raise 表单格式有误("这是绩效评价指标体系文件，不是自评表", source)
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict) and (set(data) & {"funds", "indicators", *表单字段["项目名称"]}):
        items = [data]
    else:
        raise 表单格式有误("文件中没有自评表（应为 {\"forms\": [...]}，或自评表的列表）", source)
    if not isinstance(items, list):
        raise 表单格式有误("“forms”应为列表", source)
    return [_表单(item, i, source) for i, item in enumerate(items, 1)]


def _有列(form: 自评表, column: str) -> bool:
    return {"分值": form.有分值列, "得分": form.有得分列}.get(column, True)


def 表单转字典(form: 自评表) -> dict[str, Any]:
    """The JSON object of one form (the inverse of reading)."""
    return {
        "id": form.id,
        "year": form.年度,
        "amount_unit": form.金额单位,
        "项目名称": form.项目名称,
        "主管部门": form.主管部门,
        "实施单位": form.实施单位,
        **({"口径": form.口径} if form.口径 else {}),
        "funds": {
            name: {"label_printed": row.标签 or name, **{c: getattr(row, c) for c in 资金列}}
            for name, row in form.资金.items()
        },
        "年度总体目标": {"预期目标": form.预期目标, "实际完成情况": form.实际完成情况},
        "indicators": [
            {**{c: getattr(r, c) for c in 指标列 if _有列(form, c)},
             **({"人工得分": r.人工得分} if r.人工得分 is not None else {})}
            for r in form.指标
        ],
        "总分_分值": form.总分_分值,
        "总分_得分": form.总分_得分,
        **({"等级": form.等级} if form.等级 else {}),
    }
