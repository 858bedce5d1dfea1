"""Tab-separated text exports of a form sheet (seed 004 is one), read by their labels.

Excel's "Unicode text" is UTF-16 with a BOM, its "Text" is the ANSI code page (GBK on a
Chinese Windows); cells holding tabs, line breaks or quotes are quoted, which the csv module
undoes.  The rows then go to the label reader (:func:`.labels.解析网格`).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from udfs.errors import 表单格式有误
from udfs.forms import 自评表

from .labels import 列名, 格, 编号, 解析网格

__all__ = ["解码", "读取", "读文本"]


def 解码(data: bytes, source: str) -> str:
    """Excel writes "Unicode text" as UTF-16 with a BOM and "Text" in the ANSI code page (GBK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise 表单格式有误("文本文件的编码无法识别（请另存为 UTF-8 或 Unicode 文本）", source)


def 读文本(path: Path) -> str:
    """A text file's text, in whichever encoding Excel or WPS saved it (also for :mod:`.csv_file`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise 表单格式有误(f"无法读取文件（{exc.strerror or exc}）", str(path)) from None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise 表单格式有误("不是文本文件", str(path))
    return 解码(data, str(path))


def 读取(path: str | Path) -> list[自评表]:
    """Forms from a tab-separated text export of a sheet (seed 004)."""
    path = Path(path)
    text = 读文本(path)
    if "\t" not in text:
        raise 表单格式有误("不是制表符分隔的文本导出（没有找到制表符）", str(path))
    rows = []
    # Excel quotes cells that hold tabs, line breaks or quotes: the csv module undoes that.
    for r, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')):
        rows.append([格(c, v, f"{列名(c)}{r + 1}") for c, v in enumerate(values) if v.strip()])
    forms = 解析网格(rows, str(path))
    if not forms:
        raise 表单格式有误("找不到自评表（没有“项目名称”“三级指标”等标签）", str(path))
    return 编号(forms, str(path))
