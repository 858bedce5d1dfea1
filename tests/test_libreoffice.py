"""LibreOffice layer: live formulas with Python UDFs, native formulas, PDF export, conversion.

These tests drive a real headless LibreOffice. Without one (or without python3-uno,
the Python script provider, or poppler-utils for the PDF checks) they are skipped,
unless JIXIAO_REQUIRE_LIBREOFFICE=1, where they fail instead. One Office serves the
whole module: starting soffice is the slow part.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import lo_fake_udfs
import openpyxl
import pytest
from lo_support import need_tool, needs_libreoffice, skip_without_libreoffice
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from workbook_templates.engine import bridge
from workbook_templates.engine.bridge import UdfSpec
from workbook_templates.engine.office import (
    CellError,
    Office,
    OfficeError,
    convert_cold,
    find_uno_python,
)

TESTS = Path(__file__).parent
ARTIFACTS = TESTS / "artifacts"
UDFS = [
    lo_fake_udfs.执行率得分, lo_fake_udfs.分档表, lo_fake_udfs.求和,
    lo_fake_udfs.描述, lo_fake_udfs.必然出错,
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in args:
            found.append(args)
    return found


# --- workbooks ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def udf_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"], ws["B1"], ws["A2"] = 80, 100, "文字"
    ws["C1"] = "=执行率得分(A1,B1)"
    ws["C2"] = "=执行率得分(A1,B1,20)"
    ws["C3"] = "=必然出错(A1)"
    ws["C4"] = "=求和(A1:B2)"
    ws["C5"] = "=描述(A9)"
    ws["C6"] = "=描述()"
    ws["C7"] = "=描述(A1:B2)"
    ws["C8"] = "=执行率得分(A1,0)"
    ws["E1"] = ArrayFormula("E1:G2", "=分档表(2,3)")
    path = tmp_path_factory.mktemp("udf") / "udf.xlsx"
    wb.save(path)
    return path


def _plain_book(path: Path, title: str = "计算") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws["A1"], ws["B1"] = 5, 3
    ws["C1"] = "=ROUND(A1/B1*10,2)"
    ws["C2"] = "=A1/0"
    ws["C3"] = "=NOSUCHFUNCTION(A1)"
    ws["C4"] = '=IF(A1>4,"达标","未达标")'
    wb.create_sheet("数据")["A1"] = 7
    wb.defined_names["分值"] = DefinedName("分值", attr_text=f"'{title}'!$B$1")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def office() -> Iterator[Office]:
    skip_without_libreoffice()
    with Office(
        udf_module="lo_fake_udfs",
        udf_specs=[UdfSpec.from_function(f) for f in UDFS],
        sys_path=[TESTS],
        timeout=60,
    ) as started:
        yield started


# --- the UDF bridge inside LibreOffice ---------------------------------------------------


@needs_libreoffice()
def test_udf_cells_equal_python_results(office: Office, udf_book: Path) -> None:
    with office.open(udf_book) as doc:
        assert doc.get("自评表", "C1") == lo_fake_udfs.执行率得分(80, 100)
        assert doc.get("自评表", "C2") == lo_fake_udfs.执行率得分(80, 100, 20)
        assert doc.get("自评表", "C4") == lo_fake_udfs.求和(((80.0, 100.0), ("文字", None)))
        assert doc.get_range("自评表", "E1:G2") == lo_fake_udfs.分档表(2, 3)


@needs_libreoffice()
def test_udf_arguments_arrive_like_xlwings_values(office: Office, udf_book: Path) -> None:
    with office.open(udf_book) as doc:
        assert doc.get("自评表", "C5") == "None"  # empty cell
        assert doc.get("自评表", "C6") == "'缺省'"  # optional argument left out
        assert doc.get("自评表", "C7") == "((80.0, 100.0), ('文字', None))"


@needs_libreoffice()
def test_udf_recomputes_live_after_a_change(office: Office, udf_book: Path) -> None:
    with office.open(udf_book) as doc:
        doc.set("自评表", "A1", 50)
        doc.recalc()
        assert doc.get("自评表", "C1") == lo_fake_udfs.执行率得分(50, 100)
        doc.set("自评表", "D1", "=执行率得分(A1,B1,5)")
        assert doc.get("自评表", "D1") == lo_fake_udfs.执行率得分(50, 100, 5)
        assert doc.formula("自评表", "D1") == "=执行率得分(A1,B1,5)"
        doc.set_array("自评表", "E4:F6", "=分档表(3,2)")
        assert doc.get_range("自评表", "E4:F6") == lo_fake_udfs.分档表(3, 2)


@needs_libreoffice()
def test_raising_udf_gives_hash_text(office: Office, udf_book: Path) -> None:
    with office.open(udf_book) as doc:
        assert doc.get("自评表", "C3") == "#ValueError: 不接受 80.0"
        assert doc.get("自评表", "C8") == "#ZeroDivisionError: 预算数为零"


@needs_libreoffice()
def test_unimportable_udf_module_is_a_clear_error() -> None:
    with pytest.raises(OfficeError, match="无法导入 UDF 模块.*no_such_udfs"):
        Office(udf_module="no_such_udfs", udf_specs=[UdfSpec("甲", [], 0)]).start()


# --- native formulas ------------------------------------------------------------------------


@needs_libreoffice()
def test_native_formulas_recalc_and_errors_come_back_as_errors(office: Office, tmp_path: Path) -> None:
    with office.open(_plain_book(tmp_path / "plain.xlsx")) as doc:
        assert doc.sheet_names() == ["计算", "数据"]
        assert doc.get("计算", "C1") == 16.67
        assert doc.get("计算", "C2") == CellError(532, "#DIV/0!")
        assert doc.get("计算", "C3") == CellError(525, "#NAME?")
        assert doc.get("计算", "C4") == "达标"
        assert doc.get("计算", "分值") == 3.0
        doc.set("计算", "分值", 4)
        doc.set("计算", "A1", 2)
        doc.recalc()
        assert doc.get_range(0, "A1:C4") == [
            [2.0, 4.0, 5.0],
            [None, None, CellError(532, "#DIV/0!")],
            [None, None, CellError(525, "#NAME?")],
            [None, None, "未达标"],
        ]
        doc.set("计算", "D1", "=数据!A1*2+SUM(A1:B1,1)")
        assert doc.get("计算", "D1") == 21.0
        assert doc.formula("计算", "D1") == "=数据!A1*2+SUM(A1:B1,1)"
        doc.set("计算", "D1", None)
        assert doc.get("计算", "D1") is None
        with pytest.raises(OfficeError, match="没有名为“无此表”的工作表"):
            doc.get("无此表", "A1")


# --- PDF ------------------------------------------------------------------------------------------


@needs_libreoffice()
def test_pdf_of_one_sheet_has_chinese_text_in_noto_cjk(office: Office, tmp_path: Path) -> None:
    pdftotext, pdffonts, pdftoppm = (need_tool(t) for t in ("pdftotext", "pdffonts", "pdftoppm"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(name="宋体", size=16)
    ws["A2"], ws["B2"] = "预算执行率", 0.95
    ws["A2"].font = Font(name="宋体")
    ws.page_setup.orientation = "landscape"
    wb.create_sheet("附表")["A1"] = "不应导出的附表"
    book = tmp_path / "中文.xlsx"
    wb.save(book)
    with office.open(book) as doc:
        pdf = doc.save_as(tmp_path / "中文.pdf", sheets=["自评表"])
    text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "项目支出绩效自评表" in text and "预算执行率" in text
    assert "不应导出的附表" not in text
    fonts = subprocess.run([pdffonts, pdf], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts, fonts
    ARTIFACTS.mkdir(exist_ok=True)
    for stale in ARTIFACTS.glob("libreoffice_pdf*.png"):
        stale.unlink()
    prefix = ARTIFACTS / "libreoffice_pdf"
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", pdf, prefix], check=True)
    png = next(ARTIFACTS.glob("libreoffice_pdf*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_of_chosen_sheets_leaves_out_others_with_print_areas(office: Office, tmp_path: Path) -> None:
    # Calc's PDF filter prints every sheet with a print area, hidden ones too, unless a
    # selection limits it (found by the template tests).
    pdftotext = need_tool("pdftotext")
    wb = openpyxl.Workbook()
    for i, (title, state) in enumerate((("甲表", "visible"), ("乙表", "visible"), ("丙表", "hidden"))):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title, ws.sheet_state = title, state
        ws["A1"] = f"{title}的内容"
        ws.print_area = "A1:B2"
    book = tmp_path / "三表.xlsx"
    wb.save(book)
    with office.open(book) as doc:
        pdf = doc.save_as(tmp_path / "乙.pdf", sheets=["乙表"])
    text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "乙表的内容" in text and "甲表的内容" not in text and "丙表的内容" not in text


def test_text_results_come_back_without_their_number_format(office: Office, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = '="优"'
    wb.active["A1"].number_format = '"等级："@'
    book = tmp_path / "格式.xlsx"
    wb.save(book)
    with office.open(book) as doc:
        assert doc.get(wb.active.title, "A1") == "优"


def test_varargs_become_optional_parameters() -> None:
    def 合计(*得分):
        return sum(得分)

    spec = UdfSpec.from_function(合计, varargs=3)
    assert spec == UdfSpec("合计", ["得分1", "得分2", "得分3"], 1)


# --- conversion -------------------------------------------------------------------------------------


@needs_libreoffice()
def test_batch_convert_with_warm_process_leaves_inputs_unchanged(office: Office, tmp_path: Path) -> None:
    inputs = [_plain_book(tmp_path / f"表{i}.xlsx", title=f"计算{i}") for i in range(3)]
    before = {p: _sha256(p) for p in inputs}
    listing = sorted(p.name for p in tmp_path.iterdir())
    outputs = office.convert(inputs, "pdf", outdir=tmp_path / "pdf")
    assert [p.name for p in outputs] == ["表0.pdf", "表1.pdf", "表2.pdf"]
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in outputs)
    assert {p: _sha256(p) for p in inputs} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*listing, "pdf"])  # no lock or temp files
    [ods] = office.convert(inputs[:1], "ods", outdir=tmp_path / "ods")
    assert ods.read_bytes()[:2] == b"PK"


@needs_libreoffice()
def test_outputs_never_replace_an_input(office: Office, tmp_path: Path) -> None:
    book = _plain_book(tmp_path / "原件.xlsx")
    digest = _sha256(book)
    with pytest.raises(OfficeError, match="不能覆盖输入文件"):
        office.convert([book], "xlsx", outdir=tmp_path)
    with office.open(book) as doc:
        with pytest.raises(OfficeError, match="不能覆盖输入文件"):
            doc.save_as(book)
        copy = doc.save_as(tmp_path / "副本.xlsx")
    assert _sha256(book) == digest
    assert openpyxl.load_workbook(copy)["计算"]["C1"].value == "=ROUND(A1/B1*10,2)"


@needs_libreoffice()
def test_cold_convert(tmp_path: Path) -> None:
    book = _plain_book(tmp_path / "冷.xlsx")
    pdf = convert_cold(book, "pdf", outdir=tmp_path / "out")
    assert pdf == tmp_path / "out" / "冷.pdf" and pdf.read_bytes()[:5] == b"%PDF-"


@needs_libreoffice()
def test_offices_one_after_another_leave_no_process(tmp_path: Path) -> None:
    book = _plain_book(tmp_path / "plain.xlsx")
    for _ in range(2):
        with Office() as office:
            workdir = office.workdir
            assert office.open(book).get("计算", "C1") == 16.67
        assert not workdir.exists()
        assert _processes_mentioning(str(workdir)) == []
    with pytest.raises(OfficeError, match="已关闭"):
        office.open(book)


@needs_libreoffice()
def test_unreadable_documents_are_clear_errors(office: Office, tmp_path: Path) -> None:
    with pytest.raises(OfficeError, match="文件不存在"):
        office.open(tmp_path / "无.xlsx")
    garbage = tmp_path / "坏.xlsx"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(OfficeError, match="无法打开文件"):
        office.open(garbage)


# --- without LibreOffice ----------------------------------------------------------------------------


def test_missing_libreoffice_is_a_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "没有" / "soffice"
    with pytest.raises(OfficeError, match="找不到 LibreOffice.*apt-get install libreoffice-calc-nogui"):
        Office(soffice=bogus).start()
    monkeypatch.setenv("JIXIAO_SOFFICE", str(bogus))
    book = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(book)
    with pytest.raises(OfficeError, match="找不到 LibreOffice"):
        convert_cold(book, outdir=tmp_path)
    with pytest.raises(OfficeError, match="找不到能 import uno 的 Python.*python3-uno"):
        find_uno_python(bogus, explicit=tmp_path / "python3")


# --- the bridge's generated code, without LibreOffice -----------------------------------------------


def test_basic_wrapper_passes_only_given_optional_arguments() -> None:
    source = bridge.basic_source([UdfSpec.from_function(lo_fake_udfs.执行率得分)])
    assert source.startswith("Option VBASupport 1")
    assert "Function 执行率得分(a1, a2, Optional a3)" in source
    two_args = '执行率得分 = JxCall("执行率得分", Array(JxArg(a1), JxArg(a2)))'
    assert f"If IsMissing(a3) Then\n        {two_args}" in source
    assert 'Array(JxArg(a1), JxArg(a2), JxArg(a3)))' in source
    with pytest.raises(ValueError):
        bridge.basic_source([UdfSpec("坏 名", [], 0)])


def test_python_side_converts_results_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script prepends its sys_path entries
    target = tmp_path / "udf_target.py"
    target.write_text(
        "def 表(): return [[1, 2], [3]]\n"
        "def 行(): return [1, 'a', None]\n"
        "def 非数(): return float('nan')\n"
        "def 错(): raise KeyError('键')\n",
        encoding="utf-8",
    )
    script = types.ModuleType("bridge_script")
    exec(bridge.python_source("udf_target", [str(tmp_path)]), script.__dict__)
    assert script.probe() == ""
    assert script.call_udf("表", ()) == ((1.0, 2.0), (3.0, ""))
    assert script.call_udf("行", ()) == ((1.0, "a", ""),)
    assert script.call_udf("非数", ()) == "#NUM!"
    assert script.call_udf("错", ()) == "#KeyError: '键'"
    assert script.call_udf("无此函数", ()).startswith("#AttributeError")
    monkeypatch.delitem(sys.modules, "udf_target")
