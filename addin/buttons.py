"""The ribbon's buttons: what each button of the 绩效自评 tab runs in Excel.

One function per button, named like the button and like the action it runs in
:mod:`addin.actions` (``buttons.重新计算()`` runs ``actions.重新计算(wb)``; the
two export buttons run ``actions.导出`` with their format).  They take no
arguments: the VBA callback of the button runs them through xlwings' RunPython
(:func:`addin.vba_modules.RunPython命令`), and they find their workbook with
``xlwings.Book.caller()``.  Every problem ends as a message box in Excel, never
a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from udfs.errors import 绩效自评错误

from . import actions
from .workbook import Excel工作簿

__all__ = ["新建自评表", "新增指标行", "重新计算", "校验", "导出PDF", "导出无宏版", "汇总清单", "帮助"]


def _当前工作簿() -> Excel工作簿:
    import xlwings as xw  # deferred: only Excel runs the buttons, and xlwings takes 0.5 s to import

    return Excel工作簿(xw.Book.caller())


def _运行(action: Callable[[Excel工作簿], str | None]) -> None:
    """Run an action on the calling workbook; every problem becomes a message box, never a traceback."""
    try:
        wb = _当前工作簿()
    except Exception as exc:  # not started from Excel
        print(f"请在 Excel 中通过“绩效自评”选项卡使用此功能（{type(exc).__name__}）", file=sys.stderr)
        return
    app = wb.book.app
    app.screen_updating = False
    try:
        message = action(wb)
    except 绩效自评错误 as exc:
        message = str(exc)
    except Exception as exc:  # an unforeseen failure: say what, not where in the code
        message = f"操作未完成：{type(exc).__name__}: {exc}"
    finally:
        app.screen_updating = True
    if message:
        wb.告知(message)


def 新建自评表() -> None:
    def run(wb: Excel工作簿) -> str | None:
        name = wb.book.app.api.InputBox("请输入项目名称（新工作表以它命名）：", "新建自评表", Type=2)
        if name in (False, None, ""):
            return None  # cancelled
        actions.新建自评表(wb, str(name))
        return None

    _运行(run)


def 新增指标行() -> None:
    _运行(lambda wb: (actions.新增指标行(wb), None)[1])


def 重新计算() -> None:
    _运行(lambda wb: f"已重新计算 {len(actions.重新计算(wb))} 张自评表")


def 校验() -> None:
    def run(wb: Excel工作簿) -> str:
        results = actions.校验(wb)
        errors = sum(r.计数("错误") for r in results)
        warnings = sum(r.计数("警告") for r in results)
        return f"已校验 {len(results)} 张自评表：错误 {errors} 条，警告 {warnings} 条，详见“{actions.结果表名}”工作表"

    _运行(run)


def 导出PDF() -> None:
    _运行(lambda wb: f"已导出：{actions.导出(wb, 'pdf')}")


def 导出无宏版() -> None:
    _运行(lambda wb: f"已导出：{actions.导出(wb, 'xlsx')}")


def 汇总清单() -> None:
    _运行(lambda wb: (actions.汇总清单(wb), None)[1])


def 帮助() -> None:
    try:
        actions.帮助()
    except 绩效自评错误 as exc:
        try:
            _当前工作簿().告知(str(exc))
        except Exception:
            print(str(exc), file=sys.stderr)
