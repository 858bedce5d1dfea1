"""The packager: .xlsx in, .xlsm and .xlam out, checked by independent readers.

oletools' olevba reads every module back; olefile opens the project strictly;
the dir stream's record order is compared with Excel-saved projects that
xlwings ships; openpyxl reads the workbook part, the sheets and the config
sheet; the zip and content types are read by hand.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import subprocess
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import olefile
import openpyxl
import pytest
import xlwings
from conftest import dir_records

from addin import package
from addin import vba_modules as vm
from addin.customui import customui14_xml
from addin.package import build_macro_files, 打包, 打包错误, 读配置
from workbook_templates import files

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses pre-3.0 pyparsing names
    from oletools.olevba import VBA_Parser

XLWINGS_DIR = Path(xlwings.__file__).parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
MODULES = ["绩效自评函数", "JX_Ribbon", "JX_Startup", "JX_SelfTest", "xlwings", "Dictionary"]  # after the documents


def small_workbook(path: Path) -> Path:
    """Two sheets, a Chinese UDF formula and the version helper, as openpyxl writes them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"], ws["B1"] = 80, 100
    ws["C1"] = "=执行率得分(A1,B1)"
    ws["D1"] = "=版本号()"
    wb.create_sheet("自评清单")["A1"] = "清单"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("built")
    source = small_workbook(folder / "模板.xlsx")
    xlsm, xlam = build_macro_files(source, folder / "out")
    return {"source": source, "xlsm": xlsm, "xlam": xlam}


@pytest.fixture(scope="module")
def template_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real template of `jixiao build`, packaged."""
    from workbook_templates.build import 生成

    folder = tmp_path_factory.mktemp("template")
    template = next(p for p in 生成(folder) if p.name == "项目支出绩效自评表.xlsx")
    xlsm, xlam = build_macro_files(template, folder / "out")
    return {"source": template, "xlsm": xlsm, "xlam": xlam}


def modules_of(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def without_header(code: str) -> str:
    return "".join(line for line in code.splitlines(keepends=True) if not line.startswith("Attribute VB_"))


def crlf(text: str) -> str:
    text = re.sub(r"\r\n?|\n", "\r\n", text)
    return text if not text or text.endswith("\r\n") else text + "\r\n"


def vba_bin(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/vbaProject.bin")


def xml_part(path: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read(name))


# --- 1. olevba reads back every module, Chinese intact -----------------------------------------

@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_olevba_reads_every_module_as_generated(built: dict[str, Path], kind: str) -> None:
    found = modules_of(built[kind])
    sheets = ["Sheet1", "Sheet2", "Sheet3"] if kind == "xlsm" else ["Sheet1", "Sheet2"]
    assert list(found) == ["ThisWorkbook", *sheets, *MODULES]
    for module in vm.标准模块(kind):
        assert found[module.name].startswith(f'Attribute VB_Name = "{module.name}"\r\n')
        assert without_header(found[module.name]) == crlf(module.source), module.name
    assert without_header(found["ThisWorkbook"]) == crlf(vm.工作簿模块源码(kind))
    assert "Function 执行率得分(全年执行数, 全年预算数, Optional 分值, Optional 口径, Optional 金额单位)" in found["绩效自评函数"]


@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_shipped_files_carry_one_wrapper_per_udf(template_built: dict[str, Path], kind: str) -> None:
    import udfs

    code = modules_of(template_built[kind])["绩效自评函数"]
    names = re.findall(r"^Function (\w+)\(", code, re.M)
    assert sorted(names) == sorted(f.名称 for f in udfs.函数清单())
    xlwings_module = modules_of(template_built[kind])["xlwings"]
    assert f'Public Const XLWINGS_VERSION As String = "{vm.XLWINGS_VERSION}"' in xlwings_module


# --- 2. The container ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_olefile_opens_the_project_strictly(built: dict[str, Path], kind: str) -> None:
    ole = olefile.OleFileIO(vba_bin(built[kind]), raise_defects=olefile.DEFECT_INCORRECT)
    streams = {"/".join(p) for p in ole.listdir()}
    assert {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir", "VBA/绩效自评函数", "VBA/xlwings"} <= streams
    project = ole.openstream("PROJECT").read().decode("gbk")
    assert "Module=绩效自评函数\r\n" in project and "Class=Dictionary\r\n" in project


@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_7zip_reads_the_package_and_the_project(built: dict[str, Path], kind: str, seven_zip: str, tmp_path: Path) -> None:
    project = tmp_path / "vbaProject.bin"
    project.write_bytes(vba_bin(built[kind]))
    for path in (built[kind], project):
        result = subprocess.run([seven_zip, "t", str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "Everything is Ok" in result.stdout, result.stdout + result.stderr


def module_record_shapes(records: list[tuple[int, bytes]]) -> list[tuple[int, ...]]:
    ids = [rid for rid, _ in records]
    shapes: list[list[int]] = []
    for rid in ids[ids.index(0x0013) + 1 : -1]:  # after PROJECTCOOKIE, before the terminator
        if rid == 0x0019:
            shapes.append([])
        shapes[-1].append(rid)
    return [tuple(s) for s in shapes]


# Records of xlwings' Excel-saved projects that a source-only project leaves out (see test_vbaproject).
LEFT_OUT = {0x004A}  # PROJECTCOMPATVERSION


@pytest.mark.parametrize(("kind", "reference"), [("xlsm", "quickstart_standalone.xlsm"), ("xlam", "quickstart_addin_ribbon.xlam")])
def test_dir_record_order_matches_an_excel_saved_project(built: dict[str, Path], kind: str, reference: str) -> None:
    with zipfile.ZipFile(XLWINGS_DIR / reference) as archive:
        theirs = dir_records(archive.read("xl/vbaProject.bin"))
    ours = dir_records(vba_bin(built[kind]))
    ids, their_ids = [r for r, _ in ours], [r for r, _ in theirs]
    # PROJECTINFORMATION, in Excel's order
    assert ids[: ids.index(0x0016)] == [r for r in their_ids[: their_ids.index(0x0016)] if r not in LEFT_OUT]
    # every module is laid out like one of Excel's modules, and the codes page is 936
    assert set(module_record_shapes(ours)) <= set(module_record_shapes(theirs))
    assert (0x0003, struct.pack("<H", 936)) in ours
    names = [p.decode("gbk") for r, p in ours if r == 0x0019]
    assert names[-len(MODULES):] == MODULES


def test_document_modules_match_the_code_names_of_the_workbook(built: dict[str, Path]) -> None:
    path = built["xlsm"]
    workbook = xml_part(path, "xl/workbook.xml")
    book = workbook.find(f"{{{MAIN}}}workbookPr").get("codeName")
    with zipfile.ZipFile(path) as archive:
        sheet_parts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    code_names = [xml_part(path, p).find(f"{{{MAIN}}}sheetPr").get("codeName") for p in sheet_parts]
    project = olefile.OleFileIO(vba_bin(path)).openstream("PROJECT").read().decode("gbk")
    documents = re.findall(r"^Document=(\w+)/&H00000000\r$", project, re.M)
    assert documents == [book, *code_names] == ["ThisWorkbook", "Sheet1", "Sheet2", "Sheet3"]
    # openpyxl, an independent reader, sees the same names
    wb = openpyxl.load_workbook(path)
    assert wb.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in wb.worksheets] == code_names


# --- 3. Package parts, relationships, content types --------------------------------------------------

@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_content_types_relationships_and_ribbon_part(built: dict[str, Path], kind: str) -> None:
    path = built[kind]
    types = xml_part(path, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{CT}}}Override")}
    assert overrides["/xl/workbook.xml"] == package.主内容类型[kind]
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    root_rels = {r.get("Type"): r.get("Target") for r in xml_part(path, "_rels/.rels")}
    assert root_rels[UI_REL] == "customUI/customUI14.xml"
    book_rels = {r.get("Type"): r.get("Target") for r in xml_part(path, "xl/_rels/workbook.xml.rels")}
    assert book_rels[VBA_REL] == "vbaProject.bin"
    with zipfile.ZipFile(path) as archive:
        assert archive.read("customUI/customUI14.xml") == customui14_xml(kind)
        names = archive.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert len(names) == len(set(names))
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None
        for name in names:  # every part is reachable through its content type
            assert "/" + name in overrides or name.rsplit(".", 1)[-1] in {"rels", "xml", "vml"}, name


@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_only_the_addin_window_is_hidden_like_an_excel_saved_addin(built: dict[str, Path], kind: str) -> None:
    views = xml_part(built[kind], "xl/workbook.xml").findall(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView")
    assert views and all((v.get("visibility") == "hidden") == (kind == "xlam") for v in views)
    if kind == "xlam":  # as xlwings' Excel-saved add-ins have it
        with zipfile.ZipFile(XLWINGS_DIR / "addin" / "xlwings.xlam") as archive:
            theirs = ET.fromstring(archive.read("xl/workbook.xml")).find(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView")
        assert theirs.get("visibility") == "hidden"


def test_a_workbook_without_book_views_gets_a_hidden_one(tmp_path: Path) -> None:
    source = small_workbook(tmp_path / "无视图.xlsx")
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = re.sub(rb"<bookViews>.*?</bookViews>", b"", parts["xl/workbook.xml"], flags=re.S)
    _zip(source, parts)
    root = xml_part(打包(source, tmp_path / "加载项.xlam"), "xl/workbook.xml")
    names = [child.tag.split("}")[1] for child in root]
    assert names.index("bookViews") == names.index("sheets") - 1  # CT_Workbook order: bookViews before sheets
    assert root.find(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView").get("visibility") == "hidden"


def test_config_sheet_is_added_hidden_with_the_settings_xlwings_reads(built: dict[str, Path]) -> None:
    path = built["xlsm"]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["自评表", "自评清单", "xlwings.conf"]
    conf = wb["xlwings.conf"]
    assert conf.sheet_state == "hidden"
    assert [(r[0].value, r[1].value) for r in conf.iter_rows(min_row=1, max_row=2)] == [("UDF Modules", vm.UDF模块), ("Use UDF Server", True)]
    assert conf["A3"].value is None  # xlwings reads A1 down to the first empty cell
    assert 读配置(path) == {"UDF Modules": vm.UDF模块, "Use UDF Server": True}
    assert all("Interpreter" not in k for k in 读配置(built["xlam"]))  # per machine: written by jixiao install
    assert wb["自评表"]["C1"].value == "=执行率得分(A1,B1)"  # the formulas are untouched


def test_addin_has_its_own_config_sheet_and_description(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built["xlam"]) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        core = ET.fromstring(archive.read("docProps/core.xml"))
    names = [s.get("name") for s in workbook.iter(f"{{{MAIN}}}sheet")]
    assert names == ["绩效自评", "jixiao.conf"]
    dc = "http://purl.org/dc/elements/1.1/"
    assert core.findtext(f"{{{dc}}}title") == "绩效自评"  # the name in Excel's Add-ins dialog
    assert "计分函数" in core.findtext(f"{{{dc}}}description")  # and its description there
    assert 读配置(built["xlam"]) == {"UDF Modules": vm.UDF模块, "Use UDF Server": True}


def test_builds_are_byte_identical(built: dict[str, Path], tmp_path: Path) -> None:
    again = build_macro_files(built["source"], tmp_path)
    for first, second in zip((built["xlsm"], built["xlam"]), again, strict=True):
        assert first.name == second.name
        assert first.read_bytes() == second.read_bytes()


def test_packaging_never_writes_the_input(tmp_path: Path) -> None:
    source = small_workbook(tmp_path / "模板.xlsx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    打包(source, tmp_path / "out.xlsm")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    macro = tmp_path / "宏.xlsm"
    打包(source, macro)
    with pytest.raises(打包错误, match="输出文件不能是输入文件"):
        打包(macro, macro)
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


# --- 4. Inputs from elsewhere ------------------------------------------------------------------------

def test_an_xlsm_saved_by_openpyxl_gets_its_ribbon_back(built: dict[str, Path], tmp_path: Path) -> None:
    # openpyxl keeps vbaProject.bin but drops the ribbon relationship (what `jixiao fill` would cause)
    resaved = tmp_path / "填好.xlsm"
    wb = openpyxl.load_workbook(built["xlsm"], keep_vba=True)
    wb.save(resaved)
    wb.vba_archive.close()  # openpyxl keeps the source open while it holds the project
    assert UI_REL not in {r.get("Type") for r in xml_part(resaved, "_rels/.rels")}
    repaired = 打包(resaved, tmp_path / "修复.xlsm")
    assert UI_REL in {r.get("Type") for r in xml_part(repaired, "_rels/.rels")}
    book_rels = [r for r in xml_part(repaired, "xl/_rels/workbook.xml.rels") if r.get("Type") == VBA_REL]
    assert len(book_rels) == 1
    assert [s for s in openpyxl.load_workbook(repaired).sheetnames].count("xlwings.conf") == 1
    assert list(modules_of(repaired))[-len(MODULES):] == MODULES


def test_an_excel_saved_workbook_keeps_its_namespace_prefixes(tmp_path: Path) -> None:
    # xlwings' quickstart was saved by Excel: mc:Ignorable lists prefixes that are declared but unused,
    # and ElementTree would drop them (Excel then calls the file corrupt).
    source = tmp_path / "excel.xlsm"
    source.write_bytes((XLWINGS_DIR / "quickstart_standalone.xlsm").read_bytes())
    out = 打包(source, tmp_path / "out.xlsm")
    with zipfile.ZipFile(out) as archive:
        text = archive.read("xl/workbook.xml").decode("utf-8")
    ignorable = re.search(r'mc:Ignorable="([^"]+)"', text).group(1).split()
    for prefix in ignorable:
        assert f"xmlns:{prefix}=" in text, prefix
    assert '<workbookPr codeName="ThisWorkbook"' in text
    assert list(modules_of(out))[:3] == ["ThisWorkbook", "Sheet1", "Sheet2"]  # Excel's code names kept
    assert "Module1" not in modules_of(out)  # the old project is replaced, not merged


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.with_suffix(".xlsx"), "找不到工作簿"),
        (lambda p: (p.with_suffix(".xls").write_bytes(b"x"), p.with_suffix(".xls"))[1], "只能由 .xlsx 或 .xlsm 工作簿打包"),
        (lambda p: (p.with_suffix(".xlsx").write_bytes(b"not a zip"), p.with_suffix(".xlsx"))[1], "不是有效的 Excel 工作簿（无法作为 zip 读取"),
        (lambda p: (_zip(p.with_suffix(".xlsx"), {"a.txt": b"x"}), p.with_suffix(".xlsx"))[1], "缺少 \\[Content_Types\\].xml"),
        (lambda p: (_zip(p.with_suffix(".xlsx"), {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<<"}),
                    p.with_suffix(".xlsx"))[1], "部件 /_rels/.rels 不是合法的 XML"),
    ],
)
def test_bad_inputs_get_clear_chinese_messages(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(打包错误, match=message):
        打包(make(tmp_path / "输入"), tmp_path / "out.xlsm")
    assert not (tmp_path / "out.xlsm").exists()


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_word_document_is_not_taken_for_a_workbook(tmp_path: Path) -> None:
    types = (f'<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/></Types>')
    rels = (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    source = tmp_path / "文档.xlsx"
    _zip(source, {"[Content_Types].xml": types.encode(), "_rels/.rels": rels.encode(), "word/document.xml": b"<d/>"})
    with pytest.raises(打包错误, match="不是 Excel 工作簿"):
        打包(source, tmp_path / "out.xlsm")


def test_output_kind_is_checked(tmp_path: Path) -> None:
    with pytest.raises(打包错误, match="输出类型应为 xlsm 或 xlam"):
        打包(small_workbook(tmp_path / "a.xlsx"), tmp_path / "a.xlsb")


def test_a_locked_target_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args, **kwargs):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(files.os, "replace", locked)  # the rename of workbook_templates.files.原子写入
    with pytest.raises(打包错误, match="文件被占用"):
        打包(small_workbook(tmp_path / "a.xlsx"), tmp_path / "a.xlsm")
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


def test_real_template_package_sizes(template_built: dict[str, Path]) -> None:
    # The shipped files: the template's own parts plus the project (xlwings.bas is most of it).
    for kind in ("xlsm", "xlam"):
        size = template_built[kind].stat().st_size
        assert 20_000 < size < 200_000, (kind, size)
    with zipfile.ZipFile(template_built["xlsm"]) as archive, zipfile.ZipFile(template_built["source"]) as src:
        for name in src.namelist():  # everything of the template is still there
            assert name in archive.namelist()
        assert io.BytesIO(archive.read("xl/vbaProject.bin")).getbuffer().nbytes > 10_000
