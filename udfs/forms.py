"""A filled 项目支出绩效自评表 as data, and its JSON form.

The JSON schema is the one of the transcribed seed forms
(``{"forms": [{"id", "项目名称", "主管部门", "实施单位", "year", "amount_unit",
"funds": {...}, "年度总体目标": {...}, "indicators": [...], "总分_分值",
"总分_得分"}]}``).  Values are kept as written (text), because the audit's
job is to read them the way a person would and point at what is wrong.

Fund rows are matched by their printed label, whatever variant the form uses:

>>> 资金行名称("其中：当年财政拨款"), 资金行名称("年度财政资金总额："), 资金行名称("总额")
('财政拨款', '年度资金总额', '年度资金总额')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .amounts import 规范文本
from .errors import 表单格式有误

__all__ = ["资金行", "指标行", "自评表", "资金行名称", "读取表单", "表单转字典", "资金行顺序", "指标列", "读取json", "表单列表"]

资金行顺序 = ("年度资金总额", "财政拨款", "上年结转资金", "其他资金")
资金列 = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
指标列 = ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")

_资金别名 = {
    "年度资金总额": ("年度资金总额", "年度财政资金总额", "项目资金总额", "资金总额", "总额", "合计"),
    "财政拨款": ("本年财政拨款", "当年财政拨款", "本级财政拨款", "财政拨款"),
    "上年结转资金": ("上年结转资金", "上年结转", "结转资金"),
    "其他资金": ("其他资金", "其他"),
}


def 资金行名称(label: str) -> str | None:
    """The canonical fund row a printed label stands for, or None."""
    text = 规范文本(label).replace(" ", "")
    for junk in ("其中", ":", "：", "(万元)", "(元)"):
        text = text.replace(junk, "")
    for name, aliases in _资金别名.items():
        if text in aliases:
            return name
    return None


@dataclass
class 资金行:
    名称: str
    标签: str = ""
    年初预算数: Any = None
    全年预算数: Any = None
    全年执行数: Any = None
    分值: Any = None
    执行率: Any = None
    得分: Any = None
    位置: dict[str, str] = field(default_factory=dict)  # column -> cell address (workbooks)


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


def _表单(data: dict, index: int, source: str) -> 自评表:
    if not isinstance(data, dict):
        raise 表单格式有误(f"第{index}张表不是对象", source)
    form_id = str(data.get("id") or data.get("项目名称") or f"表{index}")
    funds: dict[str, 资金行] = {}
    for key, row in (data.get("funds") or {}).items():
        if not isinstance(row, dict):
            raise 表单格式有误(f"{form_id} 的资金行'{key}'不是对象", source)
        label = row.get("label_printed") or key
        name = 资金行名称(label) or 资金行名称(key)
        if name is None:
            raise 表单格式有误(
                f"{form_id} 的资金行'{label}'无法识别（可用：{'、'.join(资金行顺序)}，或“当年财政拨款”等写法）", source
            )
        funds[name] = 资金行(name, label, *(row.get(c) for c in 资金列))
    goals = data.get("年度总体目标") or {}
    indicators = []
    for j, row in enumerate(data.get("indicators") or [], 1):
        if not isinstance(row, dict):
            raise 表单格式有误(f"{form_id} 的第{j}个指标不是对象", source)
        indicators.append(指标行(**{c: row.get(c) for c in 指标列}, 人工得分=row.get("人工得分")))
    return 自评表(
        id=form_id,
        项目名称=data.get("项目名称"),
        主管部门=data.get("主管部门"),
        实施单位=data.get("实施单位"),
        年度=data.get("year") or data.get("年度"),
        金额单位=data.get("amount_unit") or data.get("金额单位") or "万元",
        资金=funds,
        预期目标=goals.get("预期目标"),
        实际完成情况=goals.get("实际完成情况"),
        指标=indicators,
        总分_分值=data.get("总分_分值"),
        总分_得分=data.get("总分_得分"),
        等级=data.get("等级"),
        口径=data.get("口径"),
        来源=source,
    )


def 读取json(path: str | Path) -> Any:
    """A JSON file's content; a missing or broken file is a 表单格式有误 naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise 表单格式有误("文件不存在", str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise 表单格式有误(f"不是有效的 JSON 文件（{exc}）", str(path)) from None


def 读取表单(path: str | Path) -> list[自评表]:
    """Forms from a JSON file holding ``{"forms": [...]}``, a list, or one form."""
    return 表单列表(读取json(path), str(path))


def 表单列表(data: Any, source: str) -> list[自评表]:
    """Forms from parsed JSON (``source`` names the file in messages)."""
    if isinstance(data, dict) and "forms" in data:
        items = data["forms"]
    elif isinstance(data, dict) and "systems" in data:
        raise 表单格式有误("这是绩效评价指标体系文件，不是自评表", source)
    elif isinstance(data, list):
        items = data
    else:
        items = [data]
    if not isinstance(items, list):
        raise 表单格式有误("'forms' 应为列表", source)
    return [_表单(item, i, source) for i, item in enumerate(items, 1)]


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
            {**{c: getattr(r, c) for c in 指标列}, **({"人工得分": r.人工得分} if r.人工得分 is not None else {})}
            for r in form.指标
        ],
        "总分_分值": form.总分_分值,
        "总分_得分": form.总分_得分,
        **({"等级": form.等级} if form.等级 else {}),
    }
