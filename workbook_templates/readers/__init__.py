"""Where forms come from: files of any supported kind, and folders of them.

Each reader turns a file into :class:`udfs.forms.自评表` (self-evaluation
forms) or :class:`udfs.evaluation.评价体系` (evaluation systems) objects; the
audit, export and summary commands only see those.  JSON (the audit schema) is read
by the core; workbook readers are registered by the modules that know the
workbook layouts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from udfs.errors import 表单格式有误
from udfs.evaluation import 体系列表, 评价体系
from udfs.forms import 自评表, 表单列表, 读取json

__all__ = ["读取", "注册读取器", "展开文件", "支持的后缀", "表"]

表 = 自评表 | 评价体系


def _读取json(path: Path) -> list[表]:
    """A JSON file holds either self-evaluation forms or evaluation systems."""
    data = 读取json(path)
    items: list[表] = []
    if isinstance(data, dict) and "systems" in data:
        items += 体系列表(data, str(path))
        if "forms" not in data:
            return items
    return [*表单列表(data, str(path)), *items]


_读取器: dict[str, Callable[[Path], list[表]]] = {".json": _读取json}


def 注册读取器(suffix: str, reader: Callable[[Path], list[表]]) -> None:
    _读取器[suffix.lower()] = reader


def 支持的后缀() -> list[str]:
    _加载扩展()
    return sorted(_读取器)


def _加载扩展() -> None:
    # Workbook readers import openpyxl; load them only when a workbook is read.
    # workbook_templates.readers.labels registers after the template reader and falls back on it.
    import workbook_templates.readers.labels  # noqa: F401


def 读取(path: str | Path) -> list[表]:
    """All forms in one file; 表单格式有误 names the file when it cannot be read."""
    path = Path(path)
    _加载扩展()
    reader = _读取器.get(path.suffix.lower())
    if reader is None:
        raise 表单格式有误(f"不支持的文件类型'{path.suffix}'（支持：{'、'.join(sorted(_读取器))}）", str(path))
    if not path.is_file():
        raise 表单格式有误("文件不存在", str(path))
    return reader(path)


def 展开文件(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders replaced by the supported files inside them (sorted)."""
    _加载扩展()
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in _读取器 and not f.name.startswith(("~$", "."))
            )
        else:
            out.append(p)
    return out
