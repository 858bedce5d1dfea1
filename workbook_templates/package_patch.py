"""Changes made to a saved .xlsx/.xlsm package directly, where openpyxl cannot help.

openpyxl writes formula cells without values (``<v/>``); Excel and LibreOffice write the
formula and the value they computed.  :func:`写入缓存值` puts values computed by this project
into the formula cells of a saved file, so a reader without the functions (Excel without the
add-in, WPS, a previewer, openpyxl's ``data_only``) sees the numbers; :func:`无缓存公式`
finds the formula cells that still have none.  Written by hand because no maintained library
edits cell values inside a package while leaving every other part byte for byte.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from .files import 原子写入

__all__ = ["写入缓存值", "无缓存公式"]

_公式单元 = re.compile(
    r'<c((?:\s+[^\s>=]+="[^"]*")*?)\s+r="([A-Z]+\d+)"((?:\s+[^\s>=]+="[^"]*")*)\s*>'
    r'(<f(?:\s[^>]*)?>.*?</f>|<f(?:\s[^>]*)?/>)(<v\s*/>|<v>[^<]*</v>)?</c>'
)


def _表部件(z: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> its XML part in an .xlsx package."""
    m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {x.get("Id"): (x.get("Target") or "").lstrip("/") for x in rels}
    parts = {}
    for sheet in book.iter(f"{m}sheet"):
        target = targets.get(sheet.get(f"{r}id"), "")
        parts[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def 无缓存公式(path: Path) -> dict[str, set[str]]:
    """Formula cells that carry no computed value (openpyxl writes none; Excel and LibreOffice do).

    A cell whose formula gave "" has a value too (``t="str"`` with an empty ``<v>``).
    """
    out: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as z:
        for sheet, part in _表部件(z).items():
            try:
                xml = z.read(part).decode("utf-8")
            except KeyError:
                continue
            for m in _公式单元.finditer(xml):
                typed = ' t="' in m[1] + m[3]
                empty = not m[5] or m[5].startswith("<v/") or m[5].startswith("<v />") or m[5] == "<v></v>"
                if empty and not typed:
                    out.setdefault(sheet, set()).add(m[2])
    return out


def 写入缓存值(path: Path, 值们: dict[str, dict[str, Any]]) -> None:
    """Put computed values into formula cells of a saved .xlsx/.xlsm as their cached values.

    ``值们``: sheet name -> {address: value}.  openpyxl writes formulas with an empty
    ``<v/>``; Excel and LibreOffice write formula and value.  Only cells that hold a
    formula are touched; the file is rewritten atomically.
    """
    if not 值们:
        return
    with zipfile.ZipFile(path) as z:
        parts = _表部件(z)
        contents = {info.filename: z.read(info.filename) for info in z.infolist()}
        infos = z.infolist()
    for sheet, values in 值们.items():
        part = parts.get(sheet)
        if not part or part not in contents or not values:
            continue
        xml = contents[part].decode("utf-8")

        def patch(m: re.Match, values: dict[str, Any] = values) -> str:
            addr, formula = m[2], m[4]
            value = values.get(addr)
            if value is None:
                return m[0]
            attrs = re.sub(r'\st="[^"]*"', "", m[1] + m[3])
            if isinstance(value, bool):
                kind, text = ' t="b"', "1" if value else "0"
            elif isinstance(value, (int, float)):
                kind, text = "", repr(float(value)) if isinstance(value, float) else str(value)
            else:
                text = str(value)
                kind = ' t="e"' if text in ("#NAME?", "#VALUE!", "#DIV/0!", "#REF!", "#N/A", "#NUM!", "#NULL!") else ' t="str"'
            return f'<c r="{addr}"{attrs}{kind}>{formula}<v>{html.escape(text, quote=False)}</v></c>'

        contents[part] = _公式单元.sub(patch, xml).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, contents[info.filename])
    原子写入(Path(path), buffer.getvalue())


