"""The xlwings UDF module of the classic add-in (``UDF Modules`` in the workbooks' xlwings.conf).

xlwings' UDF server imports this module in the user's Python and calls its functions by
name; the VBA wrappers in the workbooks (:mod:`addin.vba_modules`) name it.  Each function is
an Excel function of :func:`udfs.函数清单` (cell-safe: bad input gives a ``#…`` text) under
xlwings' decorator, which records the arguments xlwings reads.  This module is the one place
the classic edition touches xlwings; the core stays free of it (the Lite edition has its own
generated module, :mod:`addin.lite`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import xlwings as xw

import udfs
from udfs.registry import 函数清单

__all__: list[str] = []


def _xlwings函数(name: str, category: str) -> Callable[..., Any]:
    cell = getattr(udfs, name)

    @functools.wraps(cell)  # the same name, docstring and (through __wrapped__) signature
    def call(*args: Any) -> Any:
        return cell(*args)

    return xw.func(category=category)(call)


for _spec in 函数清单():
    globals()[_spec.名称] = _xlwings函数(_spec.名称, _spec.类别)
    __all__.append(_spec.名称)
