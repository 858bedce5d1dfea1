"""Where forms come from: files of any supported kind, and folders of them.

Every reader turns one file into :class:`udfs.forms.自评表` (self-evaluation forms) and
:class:`udfs.evaluation.评价体系` (evaluation systems); the audit, fill, export and summary
commands only see those.  Which reader reads a file is decided here, by one explicit table
(:data:`读取器`, suffix → adapter module), in the manner of pandas' ``ExcelFile._engines``;
a workbook adapter then chooses a reader per sheet by its layout
(:data:`workbook_templates.readers.workbook.按版式`).

The adapter modules are imported when a file of their kind is read (:func:`_适配器`): the
workbook readers load openpyxl (about 0.2 s), which a JSON audit never needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from udfs.errors import 表单格式有误
from udfs.evaluation import 评价体系
from udfs.forms import 自评表

__all__ = ["读取", "读取器", "展开文件", "表"]

表 = 自评表 | 评价体系

# suffix -> adapter module (in this package) with a function 读取(path) -> list[表]
读取器: dict[str, str] = {
    ".json": "json_file",
    ".xlsx": "workbook",
    ".xlsm": "workbook",
    ".xls": "xls",
    ".txt": "text",
    ".tsv": "text",
    ".csv": "csv_file",  # only the indicator list jixiao export --to csv writes
}


def _适配器(suffix: str) -> ModuleType:
    # deferred on purpose: see the module docstring
    return importlib.import_module(f"{__name__}.{读取器[suffix]}")


def 读取(path: str | Path) -> list[表]:
    """All forms in one file; 表单格式有误 names the file when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in 读取器:
        raise 表单格式有误(f"不支持的文件类型'{path.suffix}'（支持：{'、'.join(读取器)}）", str(path))
    if not path.is_file():
        raise 表单格式有误("文件不存在", str(path))
    return _适配器(suffix).读取(path)


def 展开文件(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders replaced by the supported files inside them (sorted; of CSV files only
    this tool's indicator lists)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in 读取器 and not f.name.startswith(("~$", "."))
                and (f.suffix.lower() != ".csv" or _适配器(".csv").是导出(f))  # other CSV files hold no forms
            )
        else:
            out.append(p)
    return out
