"""JSON files in the audit's schema: ``{"forms": [...]}`` (自评表), ``{"systems": [...]}`` (评价体系), or both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from udfs.evaluation import 体系列表
from udfs.forms import 表单列表, 读取json

__all__ = ["读取"]


def 读取(path: Path) -> list[Any]:
    data = 读取json(path)
    items: list[Any] = []
    if isinstance(data, dict) and "systems" in data:
        items += 体系列表(data, str(path))
        if "forms" not in data:
            return items
    return [*表单列表(data, str(path)), *items]
