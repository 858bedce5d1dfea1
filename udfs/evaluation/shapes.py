"""The three JSON shapes of an evaluation system: two of the seeds, one of this project.

Systems arrive as ``{"systems": [...]}`` in one of three shapes, told apart by
their first leaf:

* the flat shape of seed 000 (广州 2023): ``一级``, ``一级_分值``, … ``四级``, with
  the leaf at the deepest level present, its 分值 in ``<level>_分值``;
* the coded shape of seed 002 (上海 2018): ``code`` (``A11``), ``一级`` / ``二级`` as
  objects ``{"name", "参考权重"}``;
* the generic shape this project writes (:func:`体系转字典`; what ``jixiao fill``
  and the workbook reader exchange)::

    {"systems": [{"id", "title", "year", "levels": ["一级", "二级", "三级"],
                  "总分_分值", "总分_得分",
                  "leaves": [{"编号", "层级": [{"名称", "分值"}, …], "名称", "分值", "得分",
                              "指标解释", "评分标准", "评分规则", "得分情况说明"}]}]}

>>> [s] = 体系列表({"systems": [{"id": "x", "leaves": [
...     {"一级": "决策", "一级_分值": 10, "二级": "资金支付", "二级_分值": 5, "得分": 4.99}]}]}, "例")
>>> s.层级名, s.叶[0].层级, s.叶[0].名称, s.叶[0].分值
(['一级', '二级'], [('决策', 10)], '资金支付', 5)
>>> 体系转字典(s)["leaves"][0]["层级"]
[{'名称': '决策', '分值': 10}]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import 表单格式有误
from ..forms import 读取json
from .model import 评价体系, 评价叶

__all__ = ["读取体系", "体系列表", "体系转字典"]


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
