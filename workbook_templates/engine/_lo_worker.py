"""UNO side of workbook_templates/engine/office.py: one JSON request per stdin line, one reply per stdout line.

Why a separate process: ``import uno`` works only in the Python that LibreOffice
was built against (Debian's /usr/bin/python3 with python3-uno, or LibreOffice's
bundled ``program/python``), not in the project's interpreter. So this file must
stay standalone: standard library and ``uno`` only.

Request: ``{"op": "get", "doc": 1, "sheet": "表1", "ref": "A1"}``.
Reply: ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": "中文说明", "retry": bool}``.
Cell values travel as JSON numbers, strings, null, or ``{"error": 532, "text": "#DIV/0!"}``.
Formulas are read and written in Excel syntax (``=ROUND(A1/B1*10,2)``, ``表2!A1``).
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

_FILTERS = {"pdf": "calc_pdf_Export", "xlsx": "Calc MS Excel 2007 XML", "ods": "calc8"}
_RESULT_TEXT = uno.getConstantByName("com.sun.star.sheet.FormulaResult.STRING")
_OOXML = uno.getConstantByName("com.sun.star.sheet.FormulaLanguage.OOXML")
_ALL_FUNCTIONS = uno.getConstantByName("com.sun.star.sheet.FormulaMapGroup.ALL_EXCEPT_SPECIAL")
_XL_OOX = uno.getConstantByName("com.sun.star.sheet.AddressConvention.XL_OOX")
_ALWAYS_EXECUTE_NO_WARN = uno.getConstantByName(
    "com.sun.star.document.MacroExecMode.ALWAYS_EXECUTE_NO_WARN"
)


class Failure(Exception):
    """An error whose message is meant for the user (Chinese)."""


def _props(**values: Any) -> tuple[PropertyValue, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


class Worker:
    """The UNO state of this process; each ``op_<name>`` method answers one request kind."""

    def __init__(self) -> None:
        self.ctx: Any = None
        self.desktop: Any = None
        self.docs: dict[int, Any] = {}
        self.parsers: dict[int, Any] = {}
        self.next_id = 1

    # --- connection -------------------------------------------------------------

    def op_connect(self, pipe: str) -> None:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        self.ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx
        )

    def op_probe_bridge(self, url: str) -> None:
        """Run the UDF bridge's probe script: Python scripting present, UDF module importable."""
        try:
            factory = self.ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.script.provider.MasterScriptProviderFactory", self.ctx
            )
            problem = factory.createScriptProvider("").getScript(url).invoke((), (), ())[0]
        except Exception as exc:
            raise Failure(
                f"LibreOffice 无法运行 Python 脚本（{_message(exc)}）。"
                "请安装：apt-get install libreoffice-script-provider-python"
            ) from exc
        if problem:
            raise Failure(f"LibreOffice 的 Python 无法导入 UDF 模块：{problem}")

    def op_shutdown(self) -> None:
        for doc in list(self.docs.values()):
            doc.close(True)
        self.docs.clear()
        try:
            self.desktop.terminate()
        except Exception:  # the bridge drops while soffice exits
            pass

    # --- documents ----------------------------------------------------------------

    def _load(self, path: str) -> Any:
        try:
            doc = self.desktop.loadComponentFromURL(
                Path(path).absolute().as_uri(), "_blank", 0,
                _props(Hidden=True, MacroExecutionMode=_ALWAYS_EXECUTE_NO_WARN, UpdateDocMode=0),
            )
        except Exception as exc:
            raise Failure(f"LibreOffice 无法打开文件 {path}：{_message(exc)}") from exc
        if doc is None:
            raise Failure(f"LibreOffice 无法打开文件 {path}（格式无法识别）")
        if not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            doc.close(True)
            raise Failure(f"{path} 不是电子表格文件")
        return doc

    def op_open(self, path: str) -> int:
        doc_id, self.next_id = self.next_id, self.next_id + 1
        self.docs[doc_id] = self._load(path)
        return doc_id

    def op_close(self, doc: int) -> None:
        self.parsers.pop(doc, None)
        self._doc(doc).close(True)
        del self.docs[doc]

    def op_sheet_names(self, doc: int) -> list[str]:
        return list(self._doc(doc).Sheets.ElementNames)

    def op_recalc(self, doc: int) -> None:
        self._doc(doc).calculateAll()

    def op_clear_fill(self, doc: int, colors: list[str]) -> int:
        """Remove the background colours ``colors`` ("FFF2CC") from every sheet; returns the ranges changed.

        Calc's PDF export ignores the sheets' black-and-white print setting, so screen-only
        shading would print; ranges of uniform format are visited, not cells."""
        wanted = {int(c, 16) for c in colors}
        changed = 0
        for sheet in self._doc(doc).Sheets:
            ranges = sheet.getCellFormatRanges()
            # collect first: changing a format changes the list of uniform ranges
            blocks = [ranges.getByIndex(i) for i in range(ranges.getCount())]
            for block in blocks:
                if block.CellBackColor in wanted:
                    block.CellBackColor = -1  # no fill
                    changed += 1
        return changed

    def op_save(self, doc: int, path: str, fmt: str, sheets: list[str | int] | None) -> str:
        model = self._doc(doc)
        if not sheets:
            return _store(model, path, fmt)
        # Calc's PDF filter exports every sheet with a print area, hidden or not; a
        # Selection of the wanted sheets' print areas (or used ranges) limits it to them.
        ranges = model.createInstance("com.sun.star.sheet.SheetCellRanges")
        for ref in sheets:
            sheet = self._sheet(model, ref)
            areas = sheet.getPrintAreas()
            if not areas:
                cursor = sheet.createCursor()
                cursor.gotoEndOfUsedArea(False)
                end = cursor.getRangeAddress()
                areas = (sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getRangeAddress(),)
            for area in areas:
                ranges.addRangeAddress(area, False)
        return _store(model, path, fmt, selection=ranges)

    def op_convert(self, path: str, fmt: str, target: str) -> str:
        doc = self._load(path)
        try:
            return _store(doc, target, fmt)
        finally:
            doc.close(True)

    # --- cells ----------------------------------------------------------------------

    def op_get(self, doc: int, sheet: str | int, ref: str) -> Any:
        return _value(self._cell(doc, sheet, ref))

    def op_get_range(self, doc: int, sheet: str | int, ref: str) -> list[list[Any]]:
        rng = self._range(doc, sheet, ref)
        rows = [list(r) for r in rng.getDataArray()]
        # getDataArray gives None for errors and "" for both empty cells and "" results.
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    row[j] = _value(rng.getCellByPosition(j, i))
        top = rng.getRangeAddress()
        for part in rng.queryEmptyCells().getRangeAddresses():
            for r in range(part.StartRow, part.EndRow + 1):
                for c in range(part.StartColumn, part.EndColumn + 1):
                    rows[r - top.StartRow][c - top.StartColumn] = None
        return rows

    def op_set(self, doc: int, sheet: str | int, ref: str, value: Any) -> None:
        cell = self._cell(doc, sheet, ref)
        if value is None:
            cell.setFormula("")
        elif isinstance(value, str) and value.startswith("="):
            cell.setTokens(self._parse(doc, value, cell))
        elif isinstance(value, str):
            cell.setString(value)
        else:
            cell.setValue(float(value))

    def op_set_array(self, doc: int, sheet: str | int, ref: str, formula: str) -> None:
        rng = self._range(doc, sheet, ref)
        rng.setArrayTokens(self._parse(doc, formula, rng.getCellByPosition(0, 0)))

    def op_formula(self, doc: int, sheet: str | int, ref: str) -> str:
        cell = self._cell(doc, sheet, ref)
        tokens = cell.getTokens()
        if not tokens:
            return str(cell.getFormula())
        return "=" + str(self._parser(doc).printFormula(tokens, cell.getCellAddress()))

    # --- helpers --------------------------------------------------------------------

    def _doc(self, doc: int) -> Any:
        try:
            return self.docs[doc]
        except KeyError:
            raise Failure("文档已关闭") from None

    def _sheet(self, model: Any, sheet: str | int) -> Any:
        sheets = model.Sheets
        if isinstance(sheet, int):
            if not 0 <= sheet < sheets.Count:
                raise Failure(f"没有第 {sheet} 个工作表（共 {sheets.Count} 个）")
            return sheets.getByIndex(sheet)
        if not sheets.hasByName(sheet):
            raise Failure(f"没有名为“{sheet}”的工作表；现有：{'、'.join(sheets.ElementNames)}")
        return sheets.getByName(sheet)

    def _range(self, doc: int, sheet: str | int, ref: str) -> Any:
        """A cell range by address (A1, B2:C3) or by defined name (sheet-local first)."""
        model = self._doc(doc)
        sh = self._sheet(model, sheet)
        for names in (sh.NamedRanges, model.NamedRanges):
            if names.hasByName(ref):
                cells = names.getByName(ref).getReferredCells()
                if cells is None:
                    raise Failure(f"名称“{ref}”不指向单元格区域")
                return cells
        try:
            return sh.getCellRangeByName(ref)
        except Exception:
            raise Failure(f"无效的单元格引用或名称：{ref}") from None

    def _cell(self, doc: int, sheet: str | int, ref: str) -> Any:
        rng = self._range(doc, sheet, ref)
        a = rng.getRangeAddress()
        if (a.StartColumn, a.StartRow) != (a.EndColumn, a.EndRow):
            raise Failure(f"{ref} 是区域，这里需要单个单元格")
        return rng.getCellByPosition(0, 0)

    def _parser(self, doc: int) -> Any:
        """A FormulaParser for Excel syntax; XCell.setFormula only knows Calc's API syntax."""
        if doc not in self.parsers:
            model = self._doc(doc)
            mapper = model.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
            parser = model.createInstance("com.sun.star.sheet.FormulaParser")
            parser.OpCodeMap = mapper.getAvailableMappings(_OOXML, _ALL_FUNCTIONS)
            parser.FormulaConvention = _XL_OOX
            parser.CompileEnglish = True
            self.parsers[doc] = parser
        return self.parsers[doc]

    def _parse(self, doc: int, formula: str, cell: Any) -> Any:
        return self._parser(doc).parseFormula(formula, cell.getCellAddress())


def _value(cell: Any) -> Any:
    kind = cell.getType().value
    if kind == "EMPTY":
        return None
    if kind == "TEXT":
        return cell.getString()
    if kind == "FORMULA":
        code = cell.getError()
        if code:
            return {"error": code, "text": cell.getString()}
        if cell.FormulaResultType2 == _RESULT_TEXT:
            return cell.getDataArray()[0][0]  # the result itself; getString() applies the number format
    return cell.getValue()


def _store(doc: Any, path: str, fmt: str, selection: Any = None) -> str:
    """Export through a temporary file beside the target, then rename: never a half-written file."""
    target = Path(path).absolute()
    tmp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.tmp.{fmt}")
    options = {"FilterName": _FILTERS[fmt], "Overwrite": True}
    if fmt == "pdf":
        # comments are help for the person filling the form, not part of the printed form:
        # without this, every cell comment becomes a sticky-note annotation on the page
        data = {"ExportNotes": False, "ExportNotesInMargin": False}
        if selection is not None:
            data["Selection"] = selection
        options["FilterData"] = uno.Any("[]com.sun.star.beans.PropertyValue", _props(**data))
    elif selection is not None:
        options["FilterData"] = uno.Any("[]com.sun.star.beans.PropertyValue", _props(Selection=selection))
    try:
        uno.invoke(doc, "storeToURL", (tmp.as_uri(), _props(**options)))
        os.replace(tmp, target)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise Failure(f"无法写出 {target}：{_message(exc)}") from exc
    return str(target)


def _message(exc: BaseException) -> str:
    return getattr(exc, "Message", "") or str(exc) or type(exc).__name__


def main() -> None:
    # Replies go to a private copy of stdout; anything else printing lands on stderr.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    worker = Worker()
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        try:
            handler: Callable[..., Any] = getattr(worker, f"op_{op}")
            reply = {"ok": True, "result": handler(**request)}
        except NoConnectException:
            reply = {"ok": False, "retry": True, "error": "LibreOffice 尚未就绪"}
        except Failure as exc:
            reply = {"ok": False, "error": str(exc)}
        except Exception as exc:
            reply = {"ok": False, "error": f"LibreOffice 出错（{op}）：{type(exc).__name__}: {_message(exc)}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
        if op == "shutdown":
            return
    # stdin closed without a shutdown: the client died, so do not leave soffice behind.
    if worker.desktop is not None:
        try:
            worker.op_shutdown()
        except Exception:  # soffice is already gone (the client killed it)
            pass


if __name__ == "__main__":
    main()
