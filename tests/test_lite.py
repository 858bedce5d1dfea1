"""The xlwings Lite edition (addin/lite.py, addin/lite_scripts.py), in CPython with the stand-in xlwings.

The generated module registers every Excel function of the registry under its Chinese name with an
ASCII id; it is generated from the registry, deterministic, and imports nothing but the add-in's
xlwings and the pure-Python core.  The scripts run on a stand-in book holding what Excel would show
of a workbook built and filled from the template, and do what the classic buttons do: 校验 finds
exactly the classic audit's findings; 新增指标行's calls, replayed on the file, give the row the
classic button adds.  The Pyodide comparison is tests/test_lite_pyodide.py.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Annotated, Any

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from addin import actions, lite, lite_scripts
from addin.selftest import 函数样例表, 期望值
from addin.workbook import 文件工作簿
from udfs import registry
from udfs.registry import Excel函数, 函数清单

_spec = importlib.util.spec_from_file_location("lite_support", Path(__file__).parent / "pyodide" / "lite_support.py")
ls = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ls)

# The Excel ids are stored in every workbook that uses a function: they must never change.
冻结的ID = {
    "执行率": "JX_ZHI_XING_LV", "执行率得分": "JX_ZHI_XING_LV_DE_FEN", "指标得分": "JX_ZHI_BIAO_DE_FEN",
    "指标得分说明": "JX_ZHI_BIAO_DE_FEN_SHUO_MING", "指标表得分": "JX_ZHI_BIAO_BIAO_DE_FEN",
    "指标表计分": "JX_ZHI_BIAO_BIAO_JI_FEN",
    "总得分": "JX_ZONG_DE_FEN", "评价等级": "JX_PING_JIA_DENG_JI", "偏差提示": "JX_PIAN_CHA_TI_SHI",
    "分值检查": "JX_FEN_ZHI_JIAN_CHA", "比例得分": "JX_BI_LI_DE_FEN", "扣分得分": "JX_KOU_FEN_DE_FEN",
    "区间得分": "JX_QU_JIAN_DE_FEN", "调整率得分": "JX_TIAO_ZHENG_LV_DE_FEN", "满意度得分": "JX_MAN_YI_DU_DE_FEN",
    "清单得分": "JX_QING_DAN_DE_FEN", "清单扣分": "JX_QING_DAN_KOU_FEN", "计数得分": "JX_JI_SHU_DE_FEN",
    "按规则得分": "JX_AN_GUI_ZE_DE_FEN", "体系得分": "JX_TI_XI_DE_FEN", "体系得分说明": "JX_TI_XI_DE_FEN_SHUO_MING",
    "版本号": "JX_BAN_BEN_HAO",
}


@pytest.fixture(scope="module")
def xw():
    return ls.standin()


@pytest.fixture(scope="module")
def meta(xw):
    with ls.generated_module(xw=xw) as m:
        return {d["name"]: d for d in xw.functions_meta(m)}


# --- the generated module ---------------------------------------------------------------------------


def test_every_classic_function_is_registered_under_its_chinese_name(meta):
    specs = 函数清单()
    assert set(meta) == {lite.Lite名称.get(s.名称, s.名称) for s in specs} | {"版本号"}
    assert {n: d["id"] for n, d in meta.items()} == 冻结的ID
    for s in specs:
        d = meta[lite.Lite名称.get(s.名称, s.名称)]
        assert d["id"].isascii() and d["description"] == s.说明
        assert [p["name"] for p in d["parameters"]] == [p.名称 for p in s.参数]
        for p, q in zip(s.参数, d["parameters"]):
            assert q["description"] == p.说明
            assert q.get("optional", False) == p.可省略 and q.get("repeating", False) == p.可变
            if p.可省略:
                assert q["default"] == p.默认值
            assert q["options"].get("err_to_str") is True  # an error cell reaches the core as its text


def test_arguments_keep_the_classic_options_and_the_array_and_varargs_functions_are_there(meta):
    for spec, cell in lite.函数表():
        classic = lite._选项(cell)
        lite_opts = {p["name"]: {k: v for k, v in p["options"].items() if k != "err_to_str"}
                     for p in meta[lite.Lite名称.get(spec.名称, spec.名称)]["parameters"]}
        assert lite_opts == classic, spec.名称
    assert meta["指标表得分"]["parameters"][0]["options"]["ndim"] == 2  # a whole column; the result spills
    assert [p.get("repeating") for p in meta["总得分"]["parameters"]] == [True]


def test_the_wrappers_return_what_the_classic_functions_return(xw):
    with ls.generated_module(xw=xw) as m:
        by_name = {d["name"]: getattr(m, d["python"]) for d in xw.functions_meta(m)}
        assert xw.call_like_excel(by_name["执行率得分"], [[8.53]], [[18.0]], 10, None) == 4.74
        assert xw.call_like_excel(by_name["执行率得分"], 8.53, 0) == "#预算数无效"
        assert xw.call_like_excel(by_name["指标得分"], "≥百分之九十", "95%", 10) == "#指标值无法识别"
        assert xw.call_like_excel(by_name["指标表得分"], [["≥28万人"], ["健全"], [None]],
                                  [["29 万人"], ["基本健全"], [None]], [[10], [5], [0]], "上海") == [[10.0], [2.5], [""]]
        assert xw.call_like_excel(by_name["总得分"], 9.94, [[19.36], [15], [None]]) == 44.3
        # an error cell is not an empty cell: 总得分 says which score to correct
        assert xw.call_like_excel(by_name["总得分"], 9.94, [[xw.Error("#DIV/0!")], [15]]) == "#数值无法识别"
        assert xw.call_like_excel(by_name["版本号"]).endswith(" Lite")
        for sample in 函数样例表:
            name = lite.Lite名称.get(sample.函数, sample.函数)
            args = [[list(r) for r in a] if isinstance(a, tuple) else a for a in sample.参数]
            got = by_name[name](*args)
            assert (got if isinstance(got, list) else [[got]]) == 期望值(sample), name


def test_no_core_function_is_an_attribute_of_the_generated_module(xw):
    cells = {id(c) for _, c in lite.函数表()}
    with ls.generated_module(xw=xw) as m:
        for name, value in vars(m).items():
            assert id(value) not in cells, name
            if callable(value) and hasattr(value, "__lite_func__"):
                assert name.isascii(), name
        # the core is reached through one alias; nothing of it was imported by name
        assert m._jx.__name__ == "udfs"


def test_generated_from_the_registry_a_new_function_appears(monkeypatch, xw):
    monkeypatch.setattr(registry, "_清单", dict(registry._清单))

    def 区间扣分(实际值: Annotated[Any, {"doc": "实际值"}], 扣分: Annotated[Any, {"doc": "每项扣分", "ndim": 2}] = 1) -> Any:
        """测试用：一个新登记的函数。"""
        return f"{实际值}-{扣分}"

    cell = Excel函数(区间扣分)
    monkeypatch.setattr(sys.modules["udfs"], "区间扣分", cell, raising=False)
    source = lite.模块源码()
    assert "@func(name='区间扣分')\ndef jx_qu_jian_kou_fen(" in source
    with ls.generated_module(source, xw=xw) as m:
        d = {x["name"]: x for x in xw.functions_meta(m)}["区间扣分"]
        assert d["id"] == "JX_QU_JIAN_KOU_FEN" and d["description"] == "测试用：一个新登记的函数。"
        assert d["parameters"][1]["options"] == {"ndim": 2, "err_to_str": True} and d["parameters"][1]["default"] == 1
        assert m.jx_qu_jian_kou_fen("a") == "a-1"


def test_names_the_lite_edition_cannot_register_stop_the_build(monkeypatch):
    with pytest.raises(lite.Lite名称错误, match="没有拼音"):
        lite.ASCII名("龙门得分")
    monkeypatch.setattr(registry, "_清单", dict(registry._清单))

    def 合计(x: Annotated[Any, {"doc": "x"}]) -> Any:
        """两个字的名字。"""
        return x

    monkeypatch.setattr(sys.modules["udfs"], "合计", Excel函数(合计), raising=False)
    with pytest.raises(lite.Lite名称错误, match="至少 3 个字"):
        lite.模块源码()


def test_an_old_xlwings_is_refused_with_what_to_do():
    old = ls.standin()
    old.__version__ = "0.33.5"
    with pytest.raises(ImportError, match=r"requirements\.txt 中写入 xlwings>=0\.36\.12"):
        with ls.generated_module(xw=old):
            pass


def test_the_module_and_the_zip_are_deterministic(tmp_path):
    assert lite.模块源码() == lite.模块源码()
    a = lite.写Lite包(tmp_path / "a").read_bytes()
    b = lite.写Lite包(tmp_path / "b").read_bytes()
    assert a == b


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_zip_holds_the_core_and_nothing_imports_xlwings_openpyxl_or_pandas(tmp_path):
    archive = lite.写Lite包(tmp_path)
    names = zipfile.ZipFile(archive).namelist()
    assert {"personal/jixiao_lite.py", "personal/jixiao_lite_scripts.py", "personal/udfs/__init__.py",
            "personal/udfs/profiles/caizhengbu.toml", "requirements.txt", "使用说明.txt"} <= set(names)
    assert not any("__pycache__" in n or n.endswith(".json") for n in names)
    personal = ls.lite_folder(tmp_path / "x")
    allowed = set(sys.stdlib_module_names) | {"udfs", "jixiao_lite_scripts"}
    for path in personal.rglob("*.py"):
        got = _imports(path)
        extra = {"xlwings"} if path.name == "jixiao_lite.py" else {"pyodide"} if path.name == "jixiao_lite_scripts.py" else set()
        assert got <= allowed | extra, (path, got - allowed - extra)
    assert "requirements.txt" in names
    assert zipfile.ZipFile(archive).read("requirements.txt") == b"xlwings>=0.36.12\n"


def test_the_lite_folder_runs_in_a_clean_cpython_even_without_the_profile_files(tmp_path):
    """Personal modules may not carry the .toml files: the generated module's copies are used."""
    personal = ls.lite_folder(tmp_path, keep_profiles=False)
    assert not list((personal / "udfs" / "profiles").glob("*.toml"))
    calls = [["指标得分", ["健全", "基本健全", 5, p]] for p in ls.PROFILES] + [["执行率得分", [8.53, 18, None, "湖北"]]]
    out = ls.run_cpython(personal, {"registration": 1, "battery": calls, "modules": 1})
    assert out["profiles"] == {"source": "内嵌", "names": ["财政部", "湖北", "上海", "一体化"]}
    import udfs

    expected = [udfs.指标得分("健全", "基本健全", 5, p) for p in ls.PROFILES] + [udfs.执行率得分(8.53, 18, None, "湖北")]
    assert out["battery"] == [{"float": repr(x)} for x in expected]
    assert len({x for x in expected[:4]}) > 1 and expected[4] == 9.48  # the profiles differ; 湖北: 执行率 worth 20
    assert out["modules"] == [] and Path(out["xlwings_file"]).is_relative_to(ls.STANDIN)


# --- the scripts on a stand-in book --------------------------------------------------------------------


def _classic(path: Path):
    wb = 文件工作簿(path)
    return wb, {r.表单.id: r.as_json() for r in actions.校验(wb)}


def _cells(sheet, rows: int, cols: int) -> list[list[Any]]:
    return [[sheet._get(r, c) for c in range(1, cols + 1)] for r in range(1, rows + 1)]


def _mistakes(path: Path, 版式名: str) -> Path:
    """Scores typed over the formulas, wrongly: the audit must say so, in both editions."""
    wb = openpyxl.load_workbook(path)
    col = "H" if 版式名 == "函数版" else "J"
    for ws in [w for w in wb.worksheets if "指标表" in w.defined_names][:4]:
        first = ws.defined_names["指标表"].attr_text.split("!")[1].split(":")[0].replace("$", "")
        row = int("".join(ch for ch in first if ch.isdigit()))
        ws[f"{col}{row}"] = 1.5
        total = ws.defined_names["总得分"].attr_text.split("!")[1].replace("$", "")
        ws[total] = 77
    out = path.with_name(f"错_{path.name}")
    wb.save(out)
    return out


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
@pytest.mark.parametrize("有误", [False, True])
def test_lite_audit_finds_what_the_classic_button_finds(版式名, 有误, 已填, tmp_path, xw):
    path = Path(shutil.copy(已填[版式名][0], tmp_path / f"{版式名}.xlsx"))
    if 有误:
        path = _mistakes(path, 版式名)
    book = xw.Book.from_dict(ls.book_from_workbook(path))
    with ls.generated_module(xw=xw) as m:
        lite_results = {r.表单.id: r.as_json() for _, r in lite_scripts.审核全部(book, m._版式)}
        m.jx_jiao_yan(book)
    wb, classic = _classic(path)
    assert lite_results == classic
    if 有误:
        codes = {f["code"] for r in classic.values() for f in r["findings"]}
        assert {"SCORE_MISMATCH", "TOTAL_MISMATCH"} & codes
    lite_rows = _cells(book.sheets["校验结果"], 3 + sum(len(r["findings"]) for r in classic.values()), 8)
    ws = wb.wb["校验结果"]
    classic_rows = [[None if ws.cell(r, c).value == "" else ws.cell(r, c).value for c in range(1, 9)]
                    for r in range(1, len(lite_rows) + 1)]
    for i, (a, b) in enumerate(zip(lite_rows, classic_rows)):
        if i >= 3 and b[4]:  # the cell: a HYPERLINK formula to the same cell in Lite
            assert a[4] == f'=HYPERLINK("#{lite_scripts.表引用(b[2])}!{b[4]}","{b[4]}")'
            a, b = a[:4] + a[5:], b[:4] + b[5:]
        assert [x[1:] if isinstance(x, str) and x.startswith("'=") else x for x in a] == b, i
    alerts = [a["prompt"] for a in book.actions if a["op"] == "alert"]
    assert len(alerts) == 1 and alerts[0].startswith(f"已校验 {len(classic)} 张自评表")


def test_lite_audit_reports_a_sheet_it_cannot_read_and_a_workbook_without_forms(xw):
    book = xw.Book.from_dict({"sheets": [{"name": "表1", "cells": {"B3": "x"}, "names": {"指标表": "B13:I20"}},
                                         {"name": "别的", "cells": {"A1": 1}}]})
    with ls.generated_module(xw=xw) as m:
        m.jx_jiao_yan(book)
    rows = _cells(book.sheets["校验结果"], 4, 8)
    assert rows[3][:3] == [1, "错误", "表1"] and "缺少名称“项目名称”" in rows[3][6]
    empty = xw.Book.from_dict({"sheets": [{"name": "Sheet1", "cells": {"A1": 1}}]})
    with ls.generated_module(xw=xw) as m:
        m.jx_jiao_yan(empty)
    assert "没有找到由模板生成的自评表" in [a for a in empty.actions if a["op"] == "alert"][0]["prompt"]


def _重放(path: Path, actions_: list[dict[str, Any]]) -> 文件工作簿:
    """What Excel does with the script's calls, done on the file with the classic add-in's primitives."""
    wb = 文件工作簿(path)
    for a in actions_:
        sheet = a.get("sheet")
        if a["op"] == "insert":
            wb.插入行(sheet, int(a["range"].split(":")[0].lstrip("A")))
        elif a["op"] == "value":
            wb.写(sheet, a["range"].split(":")[0], a["value"][0][0])
        elif a["op"] == "copy_from":
            src = a["source"].split("!")[1]
            formula = wb.公式(sheet, src)
            if formula:
                wb.写(sheet, a["range"], Translator(formula, origin=src).translate_formula(a["range"]))
    return wb


def _标签(ws, col: str, row: int) -> Any:
    for m in ws.merged_cells.ranges:
        if m.min_col == m.max_col == openpyxl.utils.column_index_from_string(col) and m.min_row <= row <= m.max_row:
            return ws.cell(m.min_row, m.min_col).value
    return ws[f"{col}{row}"].value


def _无单元格(audits: dict[str, Any]) -> dict[str, Any]:
    """The audits without cell addresses (rows below an inserted row move)."""
    return {k: {**r, "findings": [{**f, "where": {w: x for w, x in f["where"].items() if w != "cell"}}
                                  for f in r["findings"]]} for k, r in audits.items()}


def _选行(path: Path) -> dict[str, tuple[str, int, int, int]]:
    """(sheet, selected row, first and last row of 指标表) for a row in a 二级 group of several rows,
    in a one-row group inside the table, and in a one-row group at its end."""
    picks: dict[str, tuple[str, int, int, int]] = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        if "指标表" not in ws.defined_names:
            continue
        table = ws.defined_names["指标表"].attr_text.split("!")[1].replace("$", "")
        first, last = (int("".join(ch for ch in x if ch.isdigit())) for x in table.split(":"))
        groups = sorted({(m.min_row, m.max_row) for m in ws.merged_cells.ranges
                         if m.min_col == m.max_col == 3 and first <= m.min_row <= last})
        singles = [r for r in range(first, last + 1) if not any(a <= r <= b for a, b in groups)]
        if groups:
            picks.setdefault("多行组", (ws.title, groups[0][1], first, last))
        if [r for r in singles if r < last]:
            picks.setdefault("单行组", (ws.title, [r for r in singles if r < last][0], first, last))
        if last in singles:
            picks.setdefault("末行", (ws.title, last, first, last))
    return picks


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_lite_new_row_gives_the_row_the_classic_button_adds(版式名, 已填, tmp_path, xw):
    path = Path(shutil.copy(已填[版式名][0], tmp_path / "a.xlsx"))
    picks = _选行(path)
    assert set(picks) == {"多行组", "单行组", "末行"}
    classic_audit = _classic(path)[1]
    cols = {"函数版": {"得分": "H", "偏差提示": "K"}, "兼容版": {"得分": "J", "偏差提示": "O"}}[版式名]
    base = ls.book_from_workbook(path)  # the book as Excel shows it, once: each pick starts from a copy
    for what, (sheet, row, first, last) in picks.items():
        data = copy.deepcopy(base)
        data["selection"] = [sheet, f"D{row}"]
        book = xw.Book.from_dict(data)
        with ls.generated_module(xw=xw) as m:
            m.jx_xin_zeng_zhi_biao_xing(book)
        message = [a for a in book.actions if a["op"] == "alert"][0]["prompt"]
        new = int(message.split("第")[1].split("行")[0])
        wb = _重放(Path(shutil.copy(path, tmp_path / f"{what}.xlsx")), book.actions)
        ws = wb.wb[sheet]
        assert ws.defined_names["指标表"].attr_text.endswith(f"${last + 1}"), what  # the table grew
        assert first < new <= last + 1 and all(ws.cell(new, c).value is None for c in (4, 5, 6, 7)), what
        for col in ("B", "C"):  # the new row belongs to the selected row's groups
            old_row = row if row < new else row + 1
            assert _标签(ws, col, new) == _标签(ws, col, old_row), (what, col)
        for key, col in cols.items():  # the formulas of the row above, moved down one row
            above = ws[f"{col}{new - 1}"].value
            assert ws[f"{col}{new}"].value == Translator(above, origin=f"{col}{new - 1}").translate_formula(
                f"{col}{new}"), (what, key)
        saved = wb.保存(tmp_path / f"{what}_后.xlsx")
        assert _无单元格(_classic(saved)[1]) == _无单元格(classic_audit), what  # a blank row changes no finding


def test_lite_new_row_explains_a_selection_it_cannot_use(xw):
    book = xw.Book.from_dict({"sheets": [{"name": "说明", "cells": {"A1": "x"}}], "selection": ["说明", "A1"]})
    with ls.generated_module(xw=xw) as m:
        m.jx_xin_zeng_zhi_biao_xing(book)
    assert [a["op"] for a in book.actions] == ["alert"]
    assert "不是由模板生成的自评表" in book.actions[0]["prompt"]


def test_lite_self_test_writes_the_report_and_the_formulas_excel_computes(xw):
    book = xw.Book(("Sheet1",))
    with ls.generated_module(xw=xw) as m:
        m.jx_zi_jian(book)
        samples = m._自检样例
    message = [a for a in book.actions if a["op"] == "alert"][0]["prompt"]
    assert message.startswith("自检第一部分全部通过")
    report = book.sheets["自检报告"]
    rows = _cells(report, 80, 5)
    split = next(i for i, r in enumerate(rows) if str(r[0]).startswith("第二部分"))
    part1 = [r for r in rows[2:split] if r[0]]
    assert all(r[2] == "OK" for r in part1), part1
    assert [r[0] for r in part1] == ["Python", "xlwings", "绩效自评助手", "计分口径", "函数登记",
                                     *(f"试算 {lite.Lite名称.get(s.函数, s.函数)}" for s in 函数样例表)]
    assert len(samples) == len(函数样例表)
    formulas = [r for r in rows if isinstance(r[2], str) and r[2].startswith("=")]
    assert [f[2].split("(")[0] for f in formulas] == [f"={lite.Lite名称.get(s.函数, s.函数)}" for s in 函数样例表]
    assert all(r[4].startswith("=IF(ISNUMBER(D") for r in rows if r[4] and str(r[4]).startswith("=IF"))
    texts = {a["range"] for a in book.actions if a["op"] == "number_format" and a["value"] == "@"}
    helper = {f"K{r}" for r in range(1, 81) if isinstance(report._get(r, 11), str)}
    assert helper and texts == helper  # "96.78%" written into a cell stays a text


def test_the_pyodide_lane_skips_with_the_reason_or_fails_when_required(monkeypatch, tmp_path):
    monkeypatch.setattr(ls, "HERE", tmp_path)
    reason = ls.pyodide_missing()
    assert reason and ("npm ci" in reason or "Node.js" in reason)
    monkeypatch.delenv("JIXIAO_REQUIRE_PYODIDE", raising=False)
    with pytest.raises(pytest.skip.Exception, match="pyodide|Node"):
        ls.require_pyodide()
    monkeypatch.setenv("JIXIAO_REQUIRE_PYODIDE", "1")
    with pytest.raises(pytest.fail.Exception, match="JIXIAO_REQUIRE_PYODIDE=1"):
        ls.require_pyodide()


@pytest.mark.parametrize("未绑定", ["全部", "分值检查"])
def test_lite_repairs_the_formulas_that_show_name_errors_with_the_lite_names(未绑定, 已填, tmp_path, xw):
    """If Excel does not bind the file's Chinese names at all, every function formula is re-entered with
    the Lite names (``=总分(`` is ``=总得分(``), including calls inside Excel's own IF; if one function
    is missing, only its cells.  Only cells showing #NAME? are written."""
    path = Path(shutil.copy(已填["函数版"][0], tmp_path / "a.xlsx"))
    names = tuple(s.名称 for s in 函数清单()) if 未绑定 == "全部" else (未绑定,)
    book = xw.Book.from_dict(ls.book_from_workbook(path, 未绑定=names))
    with ls.generated_module(xw=xw) as m:
        m.jx_xiu_fu_han_shu_gong_shi(book)
    written = {(a["sheet"], a["range"]): a["value"][0][0] for a in book.actions if a["op"] == "value"}
    wb = openpyxl.load_workbook(path)
    expected = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and any(f"{n}(" in c.value for n in names):
                    expected[(ws.title, c.coordinate)] = lite._Lite公式(c.value)
    assert expected and written == expected
    assert all("=总分(" not in f for f in written.values())
    message = [a for a in book.actions if a["op"] == "alert"][0]["prompt"]
    assert message.startswith(f"已按 Lite 版的函数名重写 {len(expected)} 个")


def test_lite_repair_leaves_working_formulas_and_the_compatible_layout_alone(已填, xw):
    for 版式名, said in (("函数版", "无需修复"), ("兼容版", "没有函数版自评表")):
        book = xw.Book.from_dict(ls.book_from_workbook(已填[版式名][0]))
        with ls.generated_module(xw=xw) as m:
            m.jx_xiu_fu_han_shu_gong_shi(book)
        assert [a["op"] for a in book.actions] == ["alert"] and said in book.actions[0]["prompt"]
