"""The evaluation-system workbooks in a real spreadsheet engine: LibreOffice headless over UNO.

Both seed systems, filled from the example JSON (rules on every arithmetic leaf) and from the
raw fixture (every leaf manual), are recalculated by LibreOffice: every leaf 得分, every parent's
分值 and 得分 sums, the totals 97.19 and 82 and the grades 优 and 良 must equal the scoring core
(:func:`udfs.evaluation.体系审核` on the JSON, never on the workbook).  The 兼容版 runs in a
LibreOffice without any Python (it must need none); the 函数版 with the project's functions
bridged in (``workbook_templates.engine``).  Every branch of every rule is checked in both builds
(tests/system_cases.py); inputs changed over UNO change the dependent leaf, parents and total; the
on-sheet checks fire on a broken copy; a LibreOffice-saved copy reads back the same; the PDF is A4
landscape with the header row on every page (a PNG of the 广州 sheet goes to tests/artifacts/).

Skipped without LibreOffice, python3-uno and poppler-utils, unless JIXIAO_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
import system_cases
from conftest import 体系格位置
from lo_support import need_tool, needs_libreoffice, pdf_pages, pdf_words

from udfs.evaluation import 体系审核
from udfs.rules.columns import 表列说明
from workbook_templates.engine.office import CellError
from workbook_templates.readers.workbook import 读取模板
from workbook_templates.render import 保存
from workbook_templates.system_build import 渲染体系, 生成体系工作簿
from workbook_templates.system_layout import 体系版式表, 体系表样, 体系输入

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = needs_libreoffice()

广州, 上海 = "市人社数据服务中心社保卡制发管理服务经费（2023年度）", "2018年度社会保障卡制作费项目"


def _值(v):
    return str(v) if isinstance(v, CellError) else v


def _数(x) -> float | None:
    return None if x is None else float(x)


def _对照(doc, path: Path, systems) -> int:
    """Every leaf, part-free parent and total of every system sheet against the core; cells compared."""
    compared = 0
    by_id = {s.id: s for s in systems}
    for sheet in 体系格位置(path):
        name = sheet["sheet"]
        code = doc.get(name, "体系编号")
        core = 体系审核(by_id[code])
        assert len(sheet["leaves"]) == len(core.叶), name
        for leaf, want in zip(sheet["leaves"], core.叶, strict=True):
            got = _值(doc.get(name, leaf["得分"]))
            assert got == _数(want.得分), (name, want.叶.编号, want.叶.名称, got, want.得分)
            compared += 1
        groups = {g.路径: g for g in core.组}
        assert len(sheet["groups"]) == len(groups), name
        for g in sheet["groups"]:
            want = groups[g["path"]]
            assert _值(doc.get(name, g["得分"])) == _数(want.得分合计), (name, g["path"])
            assert doc.get(name, g["下级分值合计"]) == _数(want.分值合计), (name, g["path"])
            assert doc.get(name, g["分值"]) == _数(want.填报分值), (name, g["path"])
            compared += 3
        assert doc.get(name, "总得分") == _数(core.总分) and doc.get(name, "等级") == core.等级, name
        assert doc.get(name, "分值合计") == 100.0
        compared += 3
    return compared


def _检查(doc, path: Path, sheet_name: str) -> dict[int, str]:
    """Row -> the non-empty 检查 texts of one sheet."""
    (sheet,) = [s for s in 体系格位置(path) if s["sheet"] == sheet_name]
    col = sheet["header"]["检查"]
    rows = [g["row"] for g in sheet["groups"]] + [leaf["row"] for leaf in sheet["leaves"]]
    total = int(re.sub(r"\D", "", sheet["cells"]["总得分"]))
    out = {}
    for r in sorted(rows) + [total]:
        text = doc.get(sheet_name, f"{col}{r}")
        if text:
            out[r] = text
    return out


# --- both seed systems, both builds, from both JSON files ------------------------------------------------------


@pytest.mark.parametrize("来源", ["示例", "原始"])
def test_function_build_recalculates_the_seed_systems_to_the_core(来源, 函数office, 已填体系, 种子体系, 原始体系) -> None:
    path, result = 已填体系[(来源, "体系函数版")]
    with 函数office.open(path) as doc:
        started = time.perf_counter()
        doc.recalc()
        elapsed = time.perf_counter() - started
        compared = _对照(doc, path, 种子体系 if 来源 == "示例" else 原始体系)
        assert [doc.get(n, "总得分") for n in result.表名] == [97.19, 82.0]
        assert [doc.get(n, "等级") for n in result.表名] == ["优", "良"]
    assert compared >= (38 + 33 * 3) + (19 + 10 * 3)
    print(f"\nLibreOffice 体系函数版（{来源}）recalc {elapsed * 1000:.0f} ms, {compared} cells compared")


@pytest.mark.parametrize("来源", ["示例", "原始"])
def test_compat_build_recalculates_the_seed_systems_to_the_core_without_python(来源, 原生office, 已填体系, 种子体系, 原始体系) -> None:
    path, result = 已填体系[(来源, "体系兼容版")]
    with 原生office.open(path) as doc:
        started = time.perf_counter()
        doc.recalc()
        elapsed = time.perf_counter() - started
        compared = _对照(doc, path, 种子体系 if 来源 == "示例" else 原始体系)
        assert [doc.get(n, "总得分") for n in result.表名] == [97.19, 82.0]
    assert compared >= (38 + 33 * 3) + (19 + 10 * 3)
    print(f"\nLibreOffice 体系兼容版（{来源}）recalc {elapsed * 1000:.0f} ms, {compared} cells compared")


def test_function_build_needs_the_functions(原生office, 已填体系) -> None:
    # Without the bridge a rule leaf cannot compute: that is what the 兼容版 is for.
    path, _ = 已填体系[("示例", "体系函数版")]
    (shanghai,) = [s for s in 体系格位置(path) if s["sheet"] == 上海]
    b11 = shanghai["leaves"][5]
    with 原生office.open(path) as doc:
        assert doc.get(上海, b11["得分"]) == CellError(525, "#NAME?")


def test_on_sheet_checks_of_the_seeds(函数office, 已填体系) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    with 函数office.open(path) as doc:
        doc.recalc()
        gz, sh = _检查(doc, path, 广州), _检查(doc, path, 上海)
        counts = [row[3] for row in doc.get_range(广州, "报告指标个数")]
        explain = doc.get(上海, _格(path, 上海, "C11", "计分说明"))
    assert list(gz.values()) == ["扣了0.01分，但得分情况说明为空"]  # 资金支出率 4.99 of 5, no 说明 in the seed
    assert list(sh.values()) == ["扣了5分，但得分情况说明为空", "扣了10分，但得分情况说明为空",
                                 "扣了2分，但得分情况说明为空", "扣了1分，但得分情况说明为空"]  # B11 C11 C12 C23
    assert counts == ["", "", "报告称有21个三级指标，表中为20个", ""]
    assert explain.startswith("差0.1957，合9.79个步长（0.02），按整步计10步 × 1分 = 扣10分，得2")  # C11, by the core


# --- every branch of every rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["体系函数版", "体系兼容版"])
def test_every_rule_branch_equals_the_core(版式名, 函数office, 原生office, tmp_path) -> None:
    v = 体系版式表[版式名]
    path = tmp_path / f"分支_{版式名}.xlsx"
    wb = 生成体系工作簿(v)
    del wb["评价体系"]
    ws = wb.create_sheet("分支", 0)
    渲染体系(ws, 体系表样(v, 体系输入(体系名称="分支", 层级数=2, 行=system_cases.行们()), "分支"))
    保存(wb, path)
    (sheet,) = 体系格位置(path)
    want = system_cases.核心得分()
    office = 函数office if v.函数 else 原生office
    with office.open(path) as doc:
        doc.recalc()
        got = [_值(doc.get("分支", leaf["得分"])) for leaf in sheet["leaves"]]
    assert len(got) == len(want) == len(system_cases.CASES) + len(system_cases.SPECIAL)
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        case = (system_cases.CASES + system_cases.SPECIAL)[k]
        assert g == ("" if w is None else w), (k + 1, case)
    assert sum(isinstance(w, float) for w in want) >= 40 and sum(isinstance(w, str) for w in want) >= 25


# --- live ------------------------------------------------------------------------------------------------------------


def _格(path: Path, sheet_name: str, code: str, key: str) -> str:
    (sheet,) = [s for s in 体系格位置(path) if s["sheet"] == sheet_name]
    import openpyxl

    ws = openpyxl.load_workbook(path)[sheet_name]
    row = next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == code)
    h = sheet["header"]
    if key == "分值":
        lv = ws[f"{h['层级']}{row}"].value
        return f"{h[f'分值{lv}']}{row}"
    return f"{h[key]}{row}"


@pytest.mark.parametrize("版式名", ["体系函数版", "体系兼容版"])
def test_inputs_changed_over_uno_change_leaf_parents_total(版式名, 函数office, 原生office, 已填体系) -> None:
    path, _ = 已填体系[("示例", 版式名)]
    office = 函数office if 版式名 == "体系函数版" else 原生office
    c = lambda code, key: _格(path, 上海, code, key)
    with office.open(path) as doc:
        doc.recalc()
        assert [doc.get(上海, c("C11", "得分")), doc.get(上海, "U24"), doc.get(上海, "U23"), doc.get(上海, "总得分")] == \
               [2.0, 18.0, 52.0, 82.0]  # C11, 项目产出, 项目绩效, total
        doc.set(上海, c("C11", "实际值"), 0.9)  # 90%: 5 steps of 2% short → 12 − 5 = 7
        doc.recalc()
        assert doc.get(上海, c("C11", "得分")) == 7.0
        assert [doc.get(上海, "U24"), doc.get(上海, "U23"), doc.get(上海, "总得分"), doc.get(上海, "等级")] == \
               [23.0, 57.0, 87.0, "良"]
        doc.set(上海, c("C11", "参数4"), "比例")  # the literal reading of 每差2%扣1分: 12 − 5 = 7 still
        doc.set(上海, c("C12", "参数4"), "比例")  # 99.60%: 0.4 of a step × 2 → 7.2
        doc.recalc()
        assert doc.get(上海, c("C12", "得分")) == 7.2 and doc.get(上海, "总得分") == 88.2
        doc.set(上海, c("C21", "人工得分"), 9)  # a manual leaf: the evaluator's score
        doc.recalc()
        assert doc.get(上海, c("C21", "得分")) == 9.0 and doc.get(上海, "总得分") == 85.2
        doc.set(上海, c("C13", "评分规则"), "人工")  # switched to manual, no score yet: blank, total waits
        doc.recalc()
        assert doc.get(上海, c("C13", "得分")) == "" and doc.get(上海, "总得分") == "" and doc.get(上海, "等级") == ""
        assert doc.get(上海, c("C13", "计分方式")) == "人工"
        assert doc.get(上海, c("C13", "参数说明")) == 表列说明("人工")  # the label follows the chosen rule
        assert doc.get(上海, c("C11", "参数说明")) == 表列说明("每差扣分")
        doc.set(上海, c("C13", "人工得分"), 8)
        doc.recalc()
        assert doc.get(上海, "总得分") == 83.2
        doc.set(广州, _格(path, 广州, "37", "实际值"), 88)  # 满意度 below last year's 88.04: no bonus
        doc.recalc()
        assert doc.get(广州, _格(path, 广州, "37", "得分")) == 3.52
        assert doc.get(广州, "总得分") == 96.17 and doc.get(广州, "等级") == "优"


def test_checks_fire_on_a_broken_copy(函数office, 已填体系) -> None:
    path, _ = 已填体系[("示例", "体系兼容版")]
    c = lambda code, key: _格(path, 上海, code, key)
    with 函数office.open(path) as doc:
        doc.set(上海, c("A11", "分值"), 2)  # a child's weight changed
        doc.set(上海, c("B12", "人工得分"), 4)  # a manual score above its 分值 (3)
        doc.set(上海, c("B21", "评分规则"), "比例")  # a rule without its inputs, and a manual score left behind
        doc.recalc()
        checks = _检查(doc, path, 上海)
    assert checks[5] == "下级分值合计为5，与本级分值4不符"  # 项目立项 (4)
    assert checks[4] == "下级分值合计为7，与本级分值6不符"  # 项目决策 (6)
    assert checks[15] == "得分4不在0–3之间"
    assert checks[17] == "评分规则不是人工，人工得分不起作用；得分有误：#规则参数有误（按“参数说明”检查本行参数）"
    assert checks[35] == "末级指标分值合计为101，应为100；1个末级指标得分有误"


def test_a_copy_saved_by_libreoffice_reads_the_same(函数office, 已填体系, tmp_path) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    saved = tmp_path / "经LibreOffice保存.xlsx"
    with 函数office.open(path) as doc:
        doc.recalc()
        doc.save_as(saved)
    before, after = 读取模板(path), 读取模板(saved)
    assert [s.id for s in after] == [s.id for s in before]
    for a, b in zip(before, after, strict=True):
        ra, rb = 体系审核(a), 体系审核(b)
        assert [(x.得分, x.来源) for x in ra.叶] == [(x.得分, x.来源) for x in rb.叶]
        assert [x.叶.评分规则 for x in ra.叶] == [x.叶.评分规则 for x in rb.叶]
        assert (ra.总分, ra.等级) == (rb.总分, rb.等级)
        assert [f.code for f in ra.findings] == [f.code for f in rb.findings]


# --- printing ----------------------------------------------------------------------------------------------------------


def test_pdf_a4_landscape_header_on_every_page_summary_and_png(函数office, 已填体系, tmp_path) -> None:
    path, _ = 已填体系[("示例", "体系函数版")]
    pdf = tmp_path / "体系.pdf"
    with 函数office.open(path) as doc:
        doc.recalc()
        doc.save_as(pdf)  # the whole workbook: a selection export would print the comments' markers
    pages = pdf_pages(pdf)
    texts = [pdf_words(pdf, i) for i in range(1, len(pages) + 1)]
    assert all((round(w), round(h)) == (842, 595) for w, h in pages)  # A4 landscape
    first = texts.index(next(t for t in texts if "市人社数据服务中心社保卡制发管理服务经费（2023年度）绩效评价指标体系" in t))
    summary = next(i for i, t in enumerate(texts) if "一级指标得分汇总" in t)
    assert summary > first and "97.19" in texts[summary] and "优" in texts[summary]
    for i in range(first, summary + 1):  # the header row repeats on every page of the sheet
        assert "评分规则" in texts[i] and "得分情况说明" in texts[i], i + 1
    assert "一级指标得分率" in texts[summary]  # the chart's title: the chart is printed
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("system_广州-*.png"):
        old.unlink()
    subprocess.run([need_tool("pdftoppm"), "-png", "-r", "60", "-f", str(first + 1), "-l", str(summary + 1), str(pdf),
                    str(ARTIFACTS / "system_广州")], check=True, capture_output=True)
    pngs = sorted(ARTIFACTS.glob("system_广州-*.png"))
    assert len(pngs) == summary - first + 1 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    print(f"\nPDF: {len(pages)} pages, 广州 on pages {first + 1}–{summary + 1}")

