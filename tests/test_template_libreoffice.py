"""The built workbooks in a real spreadsheet engine: LibreOffice headless over UNO.

Every seed form is filled into both builds; LibreOffice recalculates and every computed
cell must equal the scoring core.  The 兼容版 runs in a LibreOffice without any Python
bridge (it must need no Python); the 函数版 runs with the project's functions provided
to LibreOffice as Basic functions that call ``udfs`` (``workbook_templates.engine``).
Inputs changed over UNO must change the dependent cells ("live").  A filled workbook is
exported to PDF and checked: Chinese text, one page per form, a PNG to look at in
tests/artifacts/.

Skipped without LibreOffice, python3-uno and poppler-utils, unless
JIXIAO_REQUIRE_LIBREOFFICE=1 (then they fail).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import 核心预期, 计算格位置
from lo_support import need_tool, needs_libreoffice, pdf_pages, pdf_text, pdf_words

import udfs
from workbook_templates.engine.office import CellError
from workbook_templates.fill import 填入
from workbook_templates.form_layout import 版式表
from workbook_templates.form_values import 工作簿计算值
from workbook_templates.readers.workbook import 读取模板

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = needs_libreoffice()


def _值(v):
    return str(v) if isinstance(v, CellError) else v


def _对照(doc, path: Path, forms) -> tuple[int, list[str]]:
    """Compare every formula cell LibreOffice computed with the core's value of it
    (workbook_templates.form_values), and the key cells with the core's functions directly;
    returns (cells compared, form sheet names)."""
    computed = 工作簿计算值(openpyxl.load_workbook(path))
    compared, names = 0, []
    for sheet, values in computed.items():
        for addr, want in values.items():
            got = _值(doc.get(sheet, addr))
            assert (None if got == "" else got) == (None if want == "" else want), (sheet, addr, got, want)
            compared += 1
    for form, sheet in zip(forms, 计算格位置(path), strict=True):
        names.append(sheet["sheet"])
        want = 核心预期(form, sheet["口径"], sheet["人工得分"], sheet["cells"]["得分"])
        for key in ("预算执行率", "预算执行率得分", "总得分", "等级"):
            got = _值(doc.get(sheet["sheet"], sheet["cells"][key]))
            assert (None if got == "" else got) == (None if want[key] == "" else want[key]), (sheet["sheet"], key)
    return compared, names


# --- every seed form, both builds ------------------------------------------------------------------


def test_function_build_seed_forms_recalculate_to_the_core(函数office, 已填, 种子表单) -> None:
    path, result = 已填["函数版"]
    with 函数office.open(path) as doc:
        started = time.perf_counter()
        doc.recalc()
        per_form = (time.perf_counter() - started) / len(种子表单)
        compared, names = _对照(doc, path, 种子表单)
    assert names == result.表名
    assert compared > 13 * 25
    print(f"\nLibreOffice 函数版 recalc: {per_form * 1000:.1f} ms per form, {compared} cells compared")


def test_compat_build_seed_forms_recalculate_to_the_core_without_python(原生office, 已填, 种子表单) -> None:
    path, result = 已填["兼容版"]
    with 原生office.open(path) as doc:
        started = time.perf_counter()
        doc.recalc()
        per_form = (time.perf_counter() - started) / len(种子表单)
        compared, names = _对照(doc, path, 种子表单)
    assert names == result.表名 and compared > 13 * 15
    print(f"\nLibreOffice 兼容版 recalc: {per_form * 1000:.1f} ms per form, {compared} cells compared")


def test_function_build_needs_the_functions(原生office, 已填) -> None:
    # Without the bridge the 函数版 cannot compute: that is what the 兼容版 is for.
    path, result = 已填["函数版"]
    with 原生office.open(path) as doc:
        # 预算执行率 of plain amounts is native; the scores come from the Python functions
        assert doc.get(result.表名[1], "预算执行率") == 0.4739
        assert doc.get(result.表名[1], "H13") == CellError(525, "#NAME?")


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_every_rule_branch_under_every_profile(版式名, 函数office, 原生office, 模板目录, 边界表单, tmp_path) -> None:
    _, forms = 边界表单
    out = tmp_path / "边界.xlsx"
    填入(模板目录 / 版式表[版式名].文件名, forms, out)
    office = 函数office if 版式名 == "函数版" else 原生office
    with office.open(out) as doc:
        compared, _ = _对照(doc, out, forms)
    assert compared >= (4 * 50 if 版式名 == "函数版" else 4 * 25)


def test_summary_sheet_lists_every_form(函数office, 已填, 种子表单) -> None:
    path, result = 已填["函数版"]
    with 函数office.open(path) as doc:
        rows = doc.get_range("自评清单", f"A4:H{3 + len(种子表单)}")
        assert doc.get("自评清单", "A1") == "058004-黄山市人力资源和社会保障信息中心"
        assert doc.get("自评清单", "A2") == "2024年度项目支出绩效自评清单"
    assert [r[1] for r in rows] == [f.项目名称 for f in 种子表单]
    assert [r[7] for r in rows] == result.表名
    icka = rows[1]
    assert icka[2:7] == [18.0, "万元", 0.4739, 94.74, "优"]


# --- live: change an input over UNO, the dependent cells follow ------------------------------------------


def test_function_build_is_live(函数office, 已填) -> None:
    path, result = 已填["函数版"]
    icka, jiaohuan = result.表名[1], result.表名[3]
    with 函数office.open(path) as doc:
        assert doc.get(icka, "总得分") == 94.74
        doc.set(icka, "全年执行数", 18)
        doc.recalc()
        assert [doc.get(icka, n) for n in ("预算执行率", "预算执行率得分", "总得分", "等级")] == [1.0, 10.0, 100.0, "优"]
        doc.set(icka, "F13", "100万人")  # 持卡人数 ≥113 万人 missed
        doc.recalc()
        expected = udfs.指标得分("≥113 万人", "100万人", 15)
        assert doc.get(icka, "H13") == expected == 13.27
        assert doc.get(icka, "K13") == "扣1.73分，请填写偏差原因分析及改进措施"
        assert doc.get(icka, "总得分") == udfs.总分(10, [13.27, 15, 10, 10, 15, 8, 7, 10])
        doc.set(icka, "全年预算数", 0)
        doc.recalc()
        assert doc.get(icka, "预算执行率") == "#预算数无效"
        assert doc.get(icka, "总得分") == "#请改正执行率"
        # the 口径 cell drives qualitative scores: 基本健全 is 3.5 (财政部) or 2.5 (上海) of 5
        assert doc.get(jiaohuan, "H18") == 3.5
        doc.set(jiaohuan, "口径", "上海")
        doc.recalc()
        assert doc.get(jiaohuan, "H18") == 2.5 and doc.get(jiaohuan, "总得分") == 97.5
        doc.set(jiaohuan, "J18", 4)  # 人工得分 inside the 上海 部分达成 tier (2.5–4)
        doc.recalc()
        assert doc.get(jiaohuan, "H18") == 4.0
        doc.set(jiaohuan, "J18", 4.5)
        doc.recalc()
        assert doc.get(jiaohuan, "H18") == "#人工得分无效"


def test_compat_build_is_live(原生office, 已填) -> None:
    path, result = 已填["兼容版"]
    icka, jiaohuan = result.表名[1], result.表名[3]
    with 原生office.open(path) as doc:
        assert [doc.get(icka, c) for c in ("E13", "F13", "G13", "H13")] == ["≥", 113.0, "万人", 120.0]
        doc.set(icka, "H13", 100)
        doc.recalc()
        assert doc.get(icka, "J13") == udfs.指标得分("≥113 万人", "100万人", 15) == 13.27
        assert doc.get(icka, "O13") == "扣1.73分，请填写偏差原因分析及改进措施"
        assert doc.get(icka, "总得分") == udfs.总分(4.74, [13.27, 15, 10, 10, 15, 8, 7, 10])
        doc.set(icka, "全年执行数", 18)
        doc.recalc()
        assert doc.get(icka, "预算执行率得分") == 10.0
        assert doc.get(jiaohuan, "L18") == "部分达成" and doc.get(jiaohuan, "J18") == 3.5
        doc.set(jiaohuan, "口径", "上海")
        doc.recalc()
        assert doc.get(jiaohuan, "J18") == 2.5
        doc.set(jiaohuan, "L18", "未达成")
        doc.recalc()
        assert doc.get(jiaohuan, "J18") == 0.0 and doc.get(jiaohuan, "等级") == "优"
        doc.set(jiaohuan, "E15", "≤")  # 系统运行正常率 =100% → ≤100%: still met with 100%
        doc.set(jiaohuan, "H15", 150)
        doc.set(jiaohuan, "口径", "一体化")
        doc.recalc()
        assert doc.get(jiaohuan, "J15") == udfs.指标得分("≤100%", "150%", 15, "一体化") == 7.5
        doc.set(jiaohuan, "口径", "没有的口径")
        doc.recalc()
        assert doc.get(jiaohuan, "J15") == "#口径不存在"


# --- LibreOffice round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_a_workbook_saved_by_libreoffice_reads_the_same(版式名, 函数office, 已填, tmp_path) -> None:
    path, _ = 已填[版式名]
    saved = tmp_path / "经LibreOffice保存.xlsx"
    with 函数office.open(path) as doc:
        doc.recalc()
        doc.save_as(saved)
    before, after = 读取模板(path), 读取模板(saved)
    assert [f.id for f in after] == [f.id for f in before]
    for a, b in zip(before, after):
        assert (a.总分_得分, a.等级, a.资金["年度资金总额"].执行率) == (b.总分_得分, b.等级, b.资金["年度资金总额"].执行率)
        assert [r.得分 for r in a.指标] == [r.得分 for r in b.指标]
        assert [r.年度指标值 for r in a.指标] == [r.年度指标值 for r in b.指标]  # "=100%" is still text


# --- PDF -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_pdf_one_page_per_form_with_chinese_text(版式名, 函数office, 已填, 种子表单, tmp_path) -> None:
    path, _ = 已填[版式名]
    pdf = tmp_path / f"{版式名}.pdf"
    with 函数office.open(path) as doc:
        doc.save_as(pdf)
    pages = pdf_pages(pdf)
    extra = 1 if 版式名 == "兼容版" else 0  # the 计分口径 sheet
    assert len(pages) == 1 + len(种子表单) + extra  # 自评清单, one page per form
    assert "项目支出绩效自评清单" in pdf_text(pdf, 1)
    for i, form in enumerate(种子表单, 2):
        w, h = pages[i - 1]
        assert (round(w), round(h)) == (595, 842), f"第{i}页不是 A4 纵向"
        text = pdf_words(pdf, i)
        assert "项目支出绩效自评表" in text and re.sub(r"\s", "", form.项目名称) in text, i
        assert "年度资金总额" in text and "偏差原因分析及改进措施" in text
    if extra:
        assert pages[-1][0] > pages[-1][1]  # the profile table is printed landscape
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / f"template_{版式名}"
    subprocess.run([need_tool("pdftoppm"), "-png", "-r", "60", "-f", "3", "-l", "3", str(pdf), str(prefix)], check=True)
    png = next(ARTIFACTS.glob(f"template_{版式名}*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _黄色像素(pdf: Path, page: int, tmp_path: Path) -> int:
    """Pixels of the input shading (FFF2CC) on one page rendered at 40 dpi."""
    from PIL import Image

    prefix = tmp_path / f"{pdf.stem}_{page}"
    subprocess.run([need_tool("pdftoppm"), "-png", "-r", "40", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                   check=True)
    image = Image.open(next(tmp_path.glob(f"{prefix.name}*.png"))).convert("RGB")
    return sum(n for n, (r, g, b) in image.getcolors(1 << 20) if r > 248 and 236 <= g <= 248 and 196 <= b <= 212)


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_exported_pdf_prints_like_the_paper_form(版式名, 函数office, 已填, 模板目录, tmp_path) -> None:
    from pypdf import PdfReader

    from workbook_templates.engine import 转pdf

    path, result = 已填[版式名]
    exported = 转pdf(path, tmp_path / "导出.pdf", office=函数office)
    pages = PdfReader(exported).pages
    # no sticky notes from the cell comments over the column headings (the 自评清单's links to the
    # sheets are link annotations, and stay)
    kinds = {(i, a.get_object()["/Subtype"]) for i, page in enumerate(pages, 1) for a in page.get("/Annots", [])}
    assert {k for _, k in kinds} <= {"/Link"} and all(i == 1 for i, _ in kinds), kinds
    # the yellow input shading is for the screen: gone from the export, while a plain print of
    # the same file shows it (so the count below can see it)
    plain = tmp_path / "直接打印.pdf"
    with 函数office.open(path) as doc:
        doc.save_as(plain)
    assert _黄色像素(plain, 2, tmp_path) > 500
    assert _黄色像素(exported, 2, tmp_path) == 0
    # a blank form prints no error text and no 说明: only the form
    blank = 转pdf(模板目录 / 版式表[版式名].文件名, tmp_path / "空白.pdf", office=函数office)
    text = pdf_text(blank, 2)  # page 1 is the 自评清单
    assert "项目支出绩效自评表" in text and "#" not in text and "本表为兼容版" not in text, text
    assert not re.search(r"请(填写|改正|检查)", text), text


# --- a user's own profile: any grade names, in both builds ---------------------------------------

_自定义口径 = (Path(udfs.__file__).parent / "profiles" / "caizhengbu.toml").read_text(encoding="utf-8").replace(
    '"名称" = "财政部"', '"名称" = "自定义"').split('["等级"]')[0] + (
    '"末等" = "不合格"\n["等级"]\n"优秀" = 98\n"良好" = 95\n"合格" = 90\n')


def test_a_profile_with_its_own_grade_names_grades_both_builds(种子表单, tmp_path, monkeypatch) -> None:
    from udfs.profiles import 重新加载
    from workbook_templates import engine
    from workbook_templates.build import 生成
    from workbook_templates.engine.office import Office

    folder = tmp_path / "口径"
    folder.mkdir()
    (folder / "自定义.toml").write_text(_自定义口径, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_PROFILES", str(folder))  # the build and LibreOffice's Python both see it
    重新加载()
    try:
        built = tmp_path / "模板"
        生成(built)
        forms = 种子表单[:4]
        want = []
        for f in forms:
            total = f.资金["年度资金总额"]
            rate = udfs.执行率得分(total.全年执行数, total.全年预算数, total.分值, "自定义")
            scores = [udfs.指标得分(r.年度指标值, r.实际完成值, r.分值, "自定义") for r in f.指标]
            total_score = udfs.总分(rate, [[s] for s in scores])
            want.append("" if isinstance(total_score, str) else udfs.评价等级(total_score, "自定义"))
        assert {"优秀", "良好", "合格", "不合格"} & set(want) and len(set(want)) >= 2, want
        for name, office in (("函数版", engine.启动(timeout=120)), ("兼容版", Office(timeout=120).start())):
            out = tmp_path / f"自定义_{name}.xlsx"
            result = 填入(built / 版式表[name].文件名, forms, out, 口径="自定义")
            try:
                with office.open(out) as doc:
                    doc.recalc()
                    got = [doc.get(sheet, cells["cells"]["等级"]) for sheet, cells in zip(result.表名, 计算格位置(out))]
            finally:
                office.close()
            assert got == want, name
    finally:
        monkeypatch.delenv("JIXIAO_PROFILES")
        重新加载()


def test_without_python_a_filled_function_build_shows_the_values_it_carries(已填, 种子表单) -> None:
    # a recipient's LibreOffice: no bridge, and the file's values kept on load (its default)
    from workbook_templates.engine.office import Office

    path, result = 已填["函数版"]
    computed = 工作簿计算值(openpyxl.load_workbook(path))
    with Office(timeout=120, recalc_on_load=False) as office, office.open(path) as doc:
        shown = 0
        for sheet in result.表名:
            for addr, want in computed[sheet].items():
                got = _值(doc.get(sheet, addr))
                assert (None if got == "" else got) == (None if want == "" else want), (sheet, addr, got, want)
                shown += 1
    assert shown > 13 * 35  # every computed cell of the 13 forms
