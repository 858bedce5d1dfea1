"""The OOXML packager: turn a built ``.xlsx`` into the macro workbook and the add-in.

This module is the *last writer* of ``项目支出绩效自评表.xlsm`` and
``绩效自评.xlam``.  openpyxl drops the ribbon relationship and cannot write an
add-in, and LibreOffice rewrites the VBA project, so neither may save these
files after this step.  What it does to the package (ECMA-376 Part 2, Open
Packaging Conventions):

* adds the xlwings config sheet (``xlwings.conf`` / ``jixiao.conf``) unless the
  workbook already has one;
* gives the workbook and every sheet a ``codeName`` matching the document
  modules of the VBA project;
* adds ``xl/vbaProject.bin`` (:mod:`addin.vbaproject`) with its relationship;
* adds ``customUI/customUI14.xml`` (:mod:`addin.customui`) with its root
  relationship;
* sets the main content type for ``.xlsm`` or ``.xlam``;
* writes a deterministic zip (fixed timestamps and attributes, stable part
  order) to a temporary file and renames it over the target.

XML parts are edited with lxml: unlike ElementTree it keeps namespace prefixes
and unused declarations, which ``mc:Ignorable`` in Excel-saved parts needs.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from addin.customui import customui14_xml
from addin.customui import 关系类型 as CUSTOMUI_REL
from addin.customui import 部件名 as CUSTOMUI_PART
from addin.vba_modules import UDF模块, jixiao版本, 加载项文件名, 工作簿模块源码, 标准模块, 配置表名
from addin.vbaproject import VbaModule, VbaProjectError, build_vba_project
from workbook_templates.files import 原子写入, 是输入文件

__all__ = [
    "build_macro_files", "打包", "读配置", "默认配置", "打包错误",
    "工作簿文件名", "加载项文件名", "主内容类型",
]

工作簿文件名 = "项目支出绩效自评表.xlsm"
# 加载项文件名 ("绩效自评.xlam") comes from addin.vba_modules: the workbook's VBA looks the add-in up by it.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_CUSTOMUI_RELS = {CUSTOMUI_REL, "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"}
_VBA_CT = "application/vnd.ms-office.vbaProject"
_WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

主内容类型 = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
}

# Rows of the config sheet: key (column A, what xlwings reads), value (column B), note (column C).
# Only what belongs to the workbook: the interpreter path is per machine, so `jixiao install`
# writes it into the user's config file; in the sheet it would travel with every workbook a
# user sends to a colleague and override the colleague's own Python.
默认配置: tuple[tuple[str, str | bool, str], ...] = (
    ("UDF Modules", UDF模块, "提供 Excel 函数的 Python 模块，请勿修改"),
    ("Use UDF Server", True, "按钮与函数共用一个 Python 进程，响应更快"),
)
_配置说明 = (
    "说明：本表由 jixiao 生成。xlwings 从 A1 起向下读取设置（A 列名称，B 列取值），遇到空行为止。",
    (
        "Python 解释器（Interpreter_Win）不写在本表：jixiao install 把它写入本机的用户配置"
        "（%USERPROFILE%\\.xlwings\\xlwings.conf，加载项为 %USERPROFILE%\\.jixiao\\jixiao.conf），"
        "这样工作簿发给同事后，用的是同事自己电脑上的 Python。"
    ),
)

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'  # as Excel writes it
_IDENTIFIER = re.compile(r"^[^\W\d_]\w{0,30}$")


class 打包错误(ValueError):
    """The input is not a workbook this packager can use, or the output cannot be written."""


# --- the package in memory --------------------------------------------------------------

@dataclass
class _Package:
    parts: dict[str, bytes]  # zip entry name -> bytes, in zip order
    source: str
    _xml: dict[str, etree._Element] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes, source: str) -> _Package:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [i.filename for i in archive.infolist() if not i.is_dir()]
                parts = {name: archive.read(name) for name in names}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
            raise 打包错误(f"{source} 不是有效的 Excel 工作簿（无法作为 zip 读取：{exc}）") from None
        if "[Content_Types].xml" not in parts:
            raise 打包错误(f"{source} 不是有效的 Excel 工作簿（缺少 [Content_Types].xml）")
        return cls(parts, source)

    def xml(self, name: str) -> etree._Element:
        if name not in self._xml:
            if name not in self.parts:
                raise 打包错误(f"{self.source} 缺少部件 /{name}")
            try:
                self._xml[name] = etree.fromstring(self.parts[name], _SAFE_PARSER)
            except etree.XMLSyntaxError as exc:
                raise 打包错误(f"{self.source} 的部件 /{name} 不是合法的 XML：{exc}") from None
        return self._xml[name]

    def set_xml(self, name: str, root: etree._Element) -> None:
        self._xml[name] = root
        self.parts.setdefault(name, b"")

    def add(self, name: str, data: bytes) -> None:
        self._xml.pop(name, None)
        self.parts[name] = data

    def remove(self, name: str) -> None:
        self._xml.pop(name, None)
        self.parts.pop(name, None)

    def to_bytes(self) -> bytes:
        for name, root in self._xml.items():
            self.parts[name] = _DECLARATION + etree.tostring(root, encoding="UTF-8")
        first = ["[Content_Types].xml", "_rels/.rels"]
        order = [n for n in first if n in self.parts] + [n for n in self.parts if n not in first]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0  # MS-DOS, as Excel writes: the same bytes on every OS
                info.external_attr = 0
                archive.writestr(info, self.parts[name])
        return out.getvalue()

    # -- relationships (OPC 9.3) --

    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def rels(self, part: str) -> etree._Element:
        name = self.rels_name(part) if part else "_rels/.rels"
        if name not in self.parts:
            self.set_xml(name, etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL}))
        return self.xml(name)

    @staticmethod
    def resolve(part: str, target: str) -> str:
        """The part name a relationship target points at (absolute or relative to ``part``)."""
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def related(self, part: str, rel_type: str) -> list[tuple[etree._Element, str]]:
        return [
            (rel, self.resolve(part, rel.get("Target", "")))
            for rel in self.rels(part)
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External"
        ]

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        rels = self.rels(part)
        taken = {rel.get("Id") for rel in rels}
        n = len(taken) + 1
        while f"rId{n}" in taken:
            n += 1
        target = posixpath.relpath(target_part, posixpath.dirname(part) or ".")
        etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=target)
        return f"rId{n}"

    # -- content types (OPC 10.1.2) --

    def content_type(self, part: str, value: str | None = None) -> str | None:
        types = self.xml("[Content_Types].xml")
        for override in types.findall(f"{{{_CT}}}Override"):
            if override.get("PartName", "").lower() == "/" + part.lower():
                if value is not None:
                    override.set("ContentType", value)
                return override.get("ContentType")
        if value is not None:
            etree.SubElement(types, f"{{{_CT}}}Override", PartName="/" + part, ContentType=value)
            return value
        extension = PurePosixPath(part).suffix.lstrip(".").lower()
        for default in types.findall(f"{{{_CT}}}Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType")
        return None

    def drop_content_type(self, part: str) -> None:
        types = self.xml("[Content_Types].xml")
        for override in types.findall(f"{{{_CT}}}Override"):
            if override.get("PartName", "").lower() == "/" + part.lower():
                types.remove(override)


# --- the steps ---------------------------------------------------------------------------

def _main_part(pkg: _Package) -> str:
    found = pkg.related("", _OFFICE_DOCUMENT)
    if len(found) != 1:
        raise 打包错误(f"{pkg.source} 不是有效的 Excel 工作簿（找不到工作簿部件）")
    main = found[0][1]
    kind = pkg.content_type(main)
    if kind not in 主内容类型.values():
        raise 打包错误(f"{pkg.source} 不是 Excel 工作簿（.xlsx/.xlsm），其主部件类型为 {kind}")
    return main


def _drop_macros(pkg: _Package, main: str) -> None:
    """Remove an existing VBA project and ribbon, so an .xlsm can be packaged again."""
    for part, types in ((main, {_VBA_REL}), ("", _CUSTOMUI_RELS)):
        rels = pkg.rels(part)
        for rel in list(rels):
            if rel.get("Type") in types and rel.get("TargetMode") != "External":
                rels.remove(rel)
                _remove_part(pkg, pkg.resolve(part, rel.get("Target", "")))


def _remove_part(pkg: _Package, name: str) -> None:
    """A part and what hangs off its relationships (a VBA signature, ribbon images)."""
    rels_name = pkg.rels_name(name)
    if rels_name in pkg.parts:
        for rel in pkg.xml(rels_name):
            if rel.get("TargetMode") != "External":
                _remove_part(pkg, pkg.resolve(name, rel.get("Target", "")))
        pkg.remove(rels_name)
    pkg.remove(name)
    pkg.drop_content_type(name)


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str
    element: etree._Element  # <sheet> in workbook.xml


def _sheets(pkg: _Package, main: str) -> list[_Sheet]:
    workbook = pkg.xml(main)
    targets = {rel.get("Id"): pkg.resolve(main, rel.get("Target", "")) for rel in pkg.rels(main)}
    sheets = []
    for el in workbook.iterfind(f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet"):
        rid = el.get(f"{{{_R}}}id")
        if rid not in targets or targets[rid] not in pkg.parts:
            raise 打包错误(f"{pkg.source} 中的工作表“{el.get('name')}”缺少对应的部件")
        sheets.append(_Sheet(el.get("name", ""), targets[rid], el))
    if not sheets:
        raise 打包错误(f"{pkg.source} 中没有工作表")
    return sheets


def _cell(ref: str, value: str | bool | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _config_sheet_xml(rows: Iterable[tuple[str, str | bool, str]], code_name: str) -> bytes:
    """A worksheet xlwings reads as config: keys from A1 down, values in B, Chinese notes in C."""
    rows = list(rows)
    cells = [
        f'<row r="{i}">{_cell(f"A{i}", k)}{_cell(f"B{i}", v)}{_cell(f"C{i}", note)}</row>'
        for i, (k, v, note) in enumerate(rows, 1)
    ]
    note_row = len(rows) + 1  # after an empty row: xlwings stops reading at the first empty A cell
    for note in _配置说明:
        note_row += 1
        cells.append(f'<row r="{note_row}">{_cell(f"A{note_row}", note)}</row>')
    return (
        _DECLARATION.decode() +
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}">'
        f'<sheetPr codeName="{code_name}"/><dimension ref="A1:C{note_row}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="1" width="18" customWidth="1"/><col min="2" max="2" width="48" customWidth="1"/>'
        '<col min="3" max="3" width="80" customWidth="1"/></cols>'
        f'<sheetData>{"".join(cells)}</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    ).encode("utf-8")


def _add_config_sheet(pkg: _Package, main: str, name: str) -> None:
    n = 1
    while f"xl/worksheets/sheet{n}.xml" in pkg.parts:
        n += 1
    part = f"xl/worksheets/sheet{n}.xml"
    pkg.add(part, _config_sheet_xml(默认配置, ""))  # the codeName is given with the others
    pkg.content_type(part, _WORKSHEET_CT)
    rid = pkg.add_rel(main, _WORKSHEET_REL, part)
    sheets = pkg.xml(main).find(f"{{{_MAIN}}}sheets")
    sheet_id = max(int(s.get("sheetId", "0")) for s in sheets) + 1
    # Appended last so the localSheetId of defined names (sheet positions) stay valid; hidden
    # because accountants have nothing to change there (xlwings reads hidden sheets too).
    etree.SubElement(sheets, f"{{{_MAIN}}}sheet", {"name": name, "sheetId": str(sheet_id), "state": "hidden",
                                                  f"{{{_R}}}id": rid}, nsmap={"r": _R})


# CT_Workbook children that may come before workbookPr / bookViews (ECMA-376 Part 1, 18.2.28)
_BEFORE_WORKBOOKPR = {"fileVersion", "fileSharing"}
_BEFORE_BOOKVIEWS = _BEFORE_WORKBOOKPR | {"workbookPr", "workbookProtection"}


def _子元素(parent: etree._Element, local: str, before: set[str]) -> etree._Element:
    """``parent``'s child ``local``, inserted after the children the schema puts before it when missing."""
    child = parent.find(f"{{{_MAIN}}}{local}")
    if child is None:
        at = sum(1 for c in parent if etree.QName(c).localname in before)
        child = etree.Element(f"{{{_MAIN}}}{local}")
        parent.insert(at, child)
    return child


def _hide_window(pkg: _Package, main: str) -> None:
    """The add-in's workbook window hidden, as in every Excel-saved .xlam (xlwings' three add-ins:
    ``<workbookView visibility="hidden" …>``; research memo §4).  An add-in shows no window
    anyway while ``IsAddin`` is true; this keeps it hidden if someone opens it as a workbook."""
    views = _子元素(pkg.xml(main), "bookViews", _BEFORE_BOOKVIEWS)
    if views.find(f"{{{_MAIN}}}workbookView") is None:
        etree.SubElement(views, f"{{{_MAIN}}}workbookView")
    for view in views.iterfind(f"{{{_MAIN}}}workbookView"):
        view.set("visibility", "hidden")


def _code_names(pkg: _Package, main: str, sheets: list[_Sheet]) -> tuple[str, list[str]]:
    """Give the workbook and each sheet a codeName (kept when already a usable identifier)."""
    workbook = pkg.xml(main)
    pr = _子元素(workbook, "workbookPr", _BEFORE_WORKBOOKPR)
    book = pr.get("codeName") or ""
    if not _IDENTIFIER.match(book):
        book = "ThisWorkbook"
        pr.set("codeName", book)

    taken = {book.lower()} | {m.name.lower() for m in 标准模块("xlsm")} | {"xlwings", "vbaproject"}
    names: list[str] = []
    for sheet in sheets:
        root = pkg.xml(sheet.part)
        sheet_pr = root.find(f"{{{_MAIN}}}sheetPr")
        if sheet_pr is None:
            sheet_pr = etree.Element(f"{{{_MAIN}}}sheetPr")
            root.insert(0, sheet_pr)  # sheetPr is the first child of a worksheet (18.3.1.99)
        current = sheet_pr.get("codeName") or ""
        if _IDENTIFIER.match(current) and current.lower() not in taken:
            taken.add(current.lower())
            names.append(current)
        else:
            names.append("")
    counter = 1
    for i, name in enumerate(names):
        if name:
            continue
        while f"sheet{counter}" in taken:
            counter += 1
        names[i] = f"Sheet{counter}"
        taken.add(names[i].lower())
    for sheet, name in zip(sheets, names):
        pkg.xml(sheet.part).find(f"{{{_MAIN}}}sheetPr").set("codeName", name)
    return book, names


def _package(data: bytes, source: str, kind: str) -> bytes:
    if kind not in ("xlsm", "xlam"):
        raise 打包错误(f"输出类型应为 xlsm 或 xlam，而不是“{kind}”")
    pkg = _Package.read(data, source)
    main = _main_part(pkg)
    _drop_macros(pkg, main)

    conf = 配置表名[kind]
    sheets = _sheets(pkg, main)
    if conf not in {s.name for s in sheets}:
        _add_config_sheet(pkg, main, conf)
        sheets = _sheets(pkg, main)
    book, names = _code_names(pkg, main, sheets)

    documents = [VbaModule(book, "document", 工作簿模块源码(kind))]
    documents += [VbaModule(name, "document", "") for name in names]
    try:
        project = build_vba_project(documents + 标准模块(kind))
    except VbaProjectError as exc:
        raise 打包错误(f"无法生成 VBA 工程：{exc}") from None

    folder = posixpath.dirname(main)
    vba_part = posixpath.join(folder, "vbaProject.bin")
    pkg.add(vba_part, project)
    pkg.content_type(vba_part, _VBA_CT)
    pkg.add_rel(main, _VBA_REL, vba_part)

    pkg.add(CUSTOMUI_PART, customui14_xml(kind))
    pkg.add_rel("", CUSTOMUI_REL, CUSTOMUI_PART)

    if kind == "xlam":
        _hide_window(pkg, main)
    pkg.content_type(main, 主内容类型[kind])
    return pkg.to_bytes()


# --- files ---------------------------------------------------------------------------------

def _write_atomic(target: Path, data: bytes, protected: Iterable[Path] = ()) -> Path:
    target = Path(target).absolute()
    if 是输入文件(target, protected):
        raise 打包错误(f"输出文件不能是输入文件：{target}")
    try:
        原子写入(target, data, 后缀="")
    except PermissionError:
        raise 打包错误(f"无法写入 {target}：文件被占用（是否在 Excel 中打开着？）或没有写权限") from None
    except OSError as exc:
        raise 打包错误(f"无法写入 {target}：{exc.strerror or exc}") from None
    return target


def _read(path: Path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise 打包错误(f"找不到工作簿：{path}")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise 打包错误(f"只能由 .xlsx 或 .xlsm 工作簿打包，不支持“{path.suffix}”：{path}")
    return path.read_bytes()


def 打包(源: str | Path, 目标: str | Path, 类型: str | None = None) -> Path:
    """Package the workbook ``源`` as ``目标`` (.xlsm or .xlam, from its suffix); never writes ``源``."""
    target = Path(目标)
    kind = 类型 or target.suffix.lower().lstrip(".")
    data = _package(_read(Path(源)), str(源), kind)
    return _write_atomic(target, data, protected=[Path(源)])


def _addin_base() -> bytes:
    """A one-sheet workbook describing the add-in (its sheets are hidden while it is an add-in)."""


    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评"
    ws["A1"] = "绩效自评助手 Excel 加载项"
    ws["A2"] = f"版本 {jixiao版本()}"
    ws["A3"] = "提供“绩效自评”功能区和计分函数（执行率得分、指标得分等），函数在 Python 中计算（xlwings）。"
    ws["A4"] = "安装与卸载：jixiao install / jixiao uninstall。"
    ws.column_dimensions["A"].width = 90
    props = wb.properties
    props.title = "绩效自评"
    props.description = "项目支出绩效自评：计分函数与“绩效自评”功能区"
    props.creator = props.lastModifiedBy = "绩效自评助手（jixiao）"
    props.created = props.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: that stamps the current time
    return buffer.getvalue()


def build_macro_files(template_xlsx: Path, outdir: Path) -> list[Path]:
    """``jixiao build``: write 项目支出绩效自评表.xlsm (from ``template_xlsx``) and 绩效自评.xlam into ``outdir``."""
    template_xlsx, outdir = Path(template_xlsx), Path(outdir)
    workbook = 打包(template_xlsx, outdir / 工作簿文件名, "xlsm")
    addin = _write_atomic(outdir / 加载项文件名, _package(_addin_base(), "加载项底稿", "xlam"), [template_xlsx])
    return [workbook, addin]


# --- reading the config sheet back (tests, diagnostics) ---------------------------------------

def _config_part(pkg: _Package) -> tuple[str, _Sheet]:
    main = _main_part(pkg)
    for sheet in _sheets(pkg, main):
        if sheet.name in 配置表名.values():
            return main, sheet
    raise 打包错误(f"{pkg.source} 中没有 xlwings 配置表（{'、'.join(配置表名.values())}）")


def _cell_value(cell: etree._Element, shared: list[str]) -> str | bool:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(cell.itertext())
    v = cell.findtext(f"{{{_MAIN}}}v")
    if v is None:
        return ""
    if kind == "s":
        return shared[int(v)]
    if kind == "b":
        return v == "1"
    return v


def _shared_strings(pkg: _Package, main: str) -> list[str]:
    found = pkg.related(main, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings")
    if not found:
        return []
    root = pkg.xml(found[0][1])
    return ["".join(si.itertext()) for si in root.iterfind(f"{{{_MAIN}}}si")]


def _read_config(pkg: _Package) -> tuple[str, _Sheet, dict[str, str | bool]]:
    main, sheet = _config_part(pkg)
    shared = _shared_strings(pkg, main)
    values: dict[str, str | bool] = {}
    for expected, row in enumerate(pkg.xml(sheet.part).iterfind(f"{{{_MAIN}}}sheetData/{{{_MAIN}}}row"), 1):
        cells = {re.sub(r"\d", "", c.get("r", "")): c for c in row.iterfind(f"{{{_MAIN}}}c")}
        key = _cell_value(cells["A"], shared) if "A" in cells else ""
        if row.get("r", str(expected)) != str(expected) or not key:
            break  # like xlwings: the settings end at the first empty cell in column A
        values[str(key)] = _cell_value(cells["B"], shared) if "B" in cells else ""
    return main, sheet, values


def 读配置(path: str | Path) -> dict[str, str | bool]:
    """The settings of the xlwings config sheet of a built .xlsm/.xlam, as xlwings reads them."""
    path = Path(path)
    if not path.is_file():
        raise 打包错误(f"找不到文件：{path}")
    return _read_config(_Package.read(path.read_bytes(), str(path)))[2]
