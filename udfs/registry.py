"""The registry of the Excel functions: one declaration, every edition derived from it.

An Excel function of this project is a plain Python function with a Chinese
name, a Chinese docstring (the function wizard's description) and arguments
typed ``Annotated[T, {"doc": "..."}]`` (xlwings' own convention for argument
descriptions).  :func:`Excel函数` registers it and makes it safe for a cell (bad
input becomes a short ``#…`` text, never a traceback).  Everything that shows
the functions to a spreadsheet is generated from :func:`函数清单`: the xlwings
UDF module of the classic add-in (:mod:`addin.xlwings_udfs`), its VBA wrappers,
the xlwings Lite module, and the LibreOffice bridge; nothing is written twice.
The core never imports xlwings: the Lite edition runs this module inside Excel's
Pyodide, where an ``xlwings`` module exists and must not register the Chinese names.
"""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from .errors import 绩效自评错误

__all__ = ["Excel函数", "函数说明", "参数说明", "函数清单", "类别", "单元格值"]

类别 = "绩效自评"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class 参数说明:
    名称: str
    说明: str
    可省略: bool
    默认值: Any = None
    可变: bool = False  # *args: Excel's ParamArray


@dataclass(frozen=True)
class 函数说明:
    名称: str
    说明: str
    参数: tuple[参数说明, ...]
    数组: bool  # returns a block (entered as an array formula / spills)
    类别: str

    @property
    def 必填个数(self) -> int:
        return sum(1 for p in self.参数 if not p.可省略 and not p.可变)


_清单: dict[str, Callable[..., Any]] = {}


def 单元格值(value: Any) -> Any:
    """What a cell can hold: Decimal → float, nested lists kept, None → ''."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [单元格值(v) for v in value]
    if value is None:
        return ""
    return value


def _说明(f: Callable[..., Any], array: bool, category: str) -> 函数说明:
    hints = typing.get_type_hints(f, include_extras=True)
    params = []
    for p in inspect.signature(f).parameters.values():
        doc = ""
        hint = hints.get(p.name)
        if typing.get_origin(hint) is typing.Annotated:
            for meta in typing.get_args(hint)[1:]:
                if isinstance(meta, dict):
                    doc = meta.get("doc", "")
        var = p.kind is inspect.Parameter.VAR_POSITIONAL
        optional = p.default is not inspect.Parameter.empty
        params.append(参数说明(p.name, doc, optional, p.default if optional else None, var))
    doc = inspect.cleandoc(f.__doc__ or "").split("\n\n")[0].replace("\n", "")
    return 函数说明(f.__name__, doc, tuple(params), array, category)


def Excel函数(f: Callable[..., Any] | None = None, *, 数组: bool = False, category: str = 类别):
    """Register ``f`` as an Excel function of category 绩效自评."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def cell(*args: Any) -> Any:
            try:
                return 单元格值(func(*args))
            except 绩效自评错误 as exc:
                return exc.cell_text
            except Exception:  # a bug must not put a traceback into a user's cell
                log.exception("%s%r 计算出错", func.__name__, args)
                return "#计算出错"

        cell.__jixiao__ = _说明(func, 数组, category)  # type: ignore[attr-defined]
        cell.原函数 = func  # type: ignore[attr-defined]  # raises instead of returning '#…'
        _清单[func.__name__] = cell
        return cell

    return wrap(f) if f is not None else wrap


def 函数清单() -> list[函数说明]:
    """Every registered Excel function, in definition order."""
    return [f.__jixiao__ for f in _清单.values()]  # type: ignore[attr-defined]
