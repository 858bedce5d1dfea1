"""The department summary: its numbers are the audit's, its totals and charts are live, the command's exit codes."""

from __future__ import annotations

import copy
import json
import re
import shutil
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lo_support import libreoffice_missing, needs_libreoffice

from addin import summary
from addin.cli import cli
from udfs.audit import 审核
from workbook_templates import readers as sources

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "layouts"


@pytest.fixture(scope="module")
def 汇总(tmp_path_factory):
    """The summary of the 13 seed forms as units send them: the 黄山 workbook and seed 004's text export."""
    items = [(p.name, 审核(f)) for p in (LAYOUTS / "黄山_自评表.xlsx", LAYOUTS / "上海_自评表_文本导出.txt")
             for f in sources.读取(p)]
    path = summary.写汇总(items, tmp_path_factory.mktemp("汇总") / "部门汇总.xlsx")
    return path, items


def _万元(text: str, unit: str) -> Decimal:
    return Decimal(text.replace(",", "")) / (Decimal(10000) if unit == "元" else 1)


def test_each_row_is_the_audit_of_its_form(汇总):
    path, items = 汇总
    ws = openpyxl.load_workbook(path, data_only=True)["汇总清单"]
    header = [c.value for c in ws[3]]
    assert header == list(summary.列)
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=4, max_row=3 + len(items), values_only=True)]
    transcription = {f["项目名称"]: f for f in json.loads((DATA / "self_eval_forms.json").read_text(encoding="utf-8"))["forms"]}
    for row, (source, r) in zip(rows, items, strict=True):
        assert (row["项目名称"], row["来源"]) == (r.表单.项目名称, source)
        number = lambda d: None if d is None else float(d)
        assert row["执行率"] == number(r.执行率) and row["执行率得分"] == number(r.执行率得分)
        assert row["总分"] == number(r.总分) and row["等级"] == r.等级
        if r.总分 is not None:
            assert Decimal(str(row["指标得分"])) == sum(x.得分 for x in r.指标 if x.得分 is not None)
            assert Decimal(str(row["执行率得分"])) + Decimal(str(row["指标得分"])) == r.总分
        assert (row["错误"], row["警告"], row["提示"]) == (r.计数("错误"), r.计数("警告"), r.计数("提示"))
        # amounts in 万元 whatever the form's unit, from the transcription's text
        t = transcription[r.表单.项目名称]
        total = t["funds"]["年度资金总额"]
        assert Decimal(str(row["全年预算数（万元）"])) == _万元(total["全年预算数"], t["amount_unit"])
        assert Decimal(str(row["全年执行数（万元）"])) == _万元(total["全年执行数"], t["amount_unit"])
    icka = rows[1]
    assert (icka["全年预算数（万元）"], icka["执行率"], icka["执行率得分"], icka["总分"], icka["等级"]) == (18, 0.4739, 4.74, 94.74, "优")
    assert rows[0]["总分"] is None and rows[0]["等级"] is None  # 不适用 rows with points: no total the tool can explain


def test_totals_and_grade_counts_are_kept_apart_by_year(汇总):
    path, items = 汇总
    wb = openpyxl.load_workbook(path, data_only=True)
    ws, cs = wb["汇总清单"], wb["汇总图表"]
    n = len(items)
    col = {name: i for i, name in enumerate(summary.列, 1)}
    assert "分属 2 个年度（2021年 10 个，2024年 3 个），合计与平均按年度分开" in ws["A2"].value
    # one 合计 and one 平均 row per year, never a sum across years
    labels = [ws.cell(r, 2).value for r in range(n + 4, n + 8)]
    assert labels == ["2021年合计", "2021年平均", "2024年合计", "2024年平均"] and ws.cell(n + 8, 2).value is None
    for k, year in enumerate((2021, 2024)):
        total, mean = n + 4 + 2 * k, n + 5 + 2 * k
        rows = [r for r in range(4, 4 + n) if ws.cell(r, col["年度"]).value == year]
        budget = sum(Decimal(str(ws.cell(r, col["全年预算数（万元）"]).value)) for r in rows)
        spent = sum(Decimal(str(ws.cell(r, col["全年执行数（万元）"]).value)) for r in rows)
        assert Decimal(str(ws.cell(total, col["全年预算数（万元）"]).value)).quantize(Decimal("0.000001")) == budget
        assert ws.cell(total, col["执行率"]).value == float(round(spent / budget, 4))
        assert ws.cell(total, col["错误"]).value == sum(r.计数("错误") for _, r in items if r.表单.年度 == year)
        scored = [r.总分 for _, r in items if r.总分 is not None and r.表单.年度 == year]
        mean_score = (sum(scored) / len(scored)).quantize(Decimal("0.01"), ROUND_HALF_UP)  # as ROUND does
        assert ws.cell(mean, col["总分"]).value == float(mean_score)
    # every form is in the grade table, the one without a grade as 未评级; a column per year
    assert [c.value for c in cs[1]][:5] == ["等级", "项目数", "占比", "2021年", "2024年"]
    grades = {row[0]: row[1:5:] for row in cs.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert {g: v[0] for g, v in grades.items()} == {"优": 12, "良": 0, "中": 0, "差": 0, "未评级": 1}
    assert {g: (v[2], v[3]) for g, v in grades.items()} == {
        "优": (10, 2), "良": (0, 0), "中": (0, 0), "差": (0, 0), "未评级": (0, 1)}
    assert sum(v[0] for v in grades.values()) == n
    formulas = openpyxl.load_workbook(path)
    assert formulas["汇总清单"].cell(n + 4, col["全年预算数（万元）"]).value == f"=SUMIFS(H4:H{n + 3},F4:F{n + 3},2021)"
    assert formulas["汇总图表"]["B2"].value == f"=COUNTIF('汇总清单'!$N$4:$N${n + 3},A2)"
    assert formulas["汇总图表"]["E6"].value == f"=COUNTIFS('汇总清单'!$F$4:$F${n + 3},2024)-SUM(E2:E5)"


def test_one_year_has_one_total_and_mean_row(tmp_path):
    items = [(p.name, 审核(f)) for p in (LAYOUTS / "上海_自评表_文本导出.txt",) for f in sources.读取(p)]
    path = summary.写汇总(items, tmp_path / "汇总.xlsx")
    n = len(items)
    ws = openpyxl.load_workbook(path)["汇总清单"]
    assert [ws.cell(r, 2).value for r in range(n + 4, n + 7)] == ["合计", "平均", None]
    assert ws.cell(n + 4, 8).value == f"=SUM(H4:H{n + 3})"
    assert openpyxl.load_workbook(path)["汇总图表"]["D1"].value is None  # no per-year columns


def test_copies_of_a_form_are_found_and_their_differences_named():
    items = [(p.name, 审核(f)) for p in (LAYOUTS / "黄山_自评表.xlsx",) for f in sources.读取(p)]
    json_items = [("自评表.json", 审核(f)) for f in sources.读取(DATA / "self_eval_forms.json")]
    kept, copies = summary.去重(items + json_items)
    assert len(kept) == 13 and len(copies) == 3  # the 黄山 workbook's 3 forms are in the JSON too
    assert {c.计入来源 for c in copies} == {"黄山_自评表.xlsx"} and {c.来源 for c in copies} == {"自评表.json"}
    assert [c.差异 for c in copies] == [[], [], []]
    changed = copy.deepcopy(json_items[1][1])
    changed.总分 = Decimal("90.00")
    _, [c] = summary.去重([items[1], ("改过.json", changed)])
    assert c.差异 == ["总分 94.74 / 90.00"]


def test_charts_are_native_and_point_at_the_table(汇总):
    path, items = 汇总
    n = len(items)
    with zipfile.ZipFile(path) as z:
        charts = sorted(p for p in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", p))
        refs = [re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(p).decode()) for p in charts]
    assert len(charts) == 2
    assert refs[0] == ["'汇总清单'!M3", f"'汇总清单'!$B$4:$B${n + 3}", f"'汇总清单'!$M$4:$M${n + 3}"]  # 总分 by project
    assert refs[1] == ["'汇总图表'!B1", "'汇总图表'!$A$2:$A$6", "'汇总图表'!$B$2:$B$6"]  # the grade distribution


def _公式格(path: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] for ws in wb}


@needs_libreoffice(libreoffice_missing(script_provider=False))  # a plain Office: no functions bridged
def test_the_totals_are_live_formulas_that_compute_to_the_values_shown(汇总, tmp_path):
    from workbook_templates.engine.office import Office

    path, items = 汇总
    # a form without a 年度 gets its own group: the "" criterion of SUMIFS / COUNTIFS finds it
    undated = copy.deepcopy(items[3][1])
    undated.表单.年度, undated.表单.项目名称 = None, "年度不明的项目"
    undated_path = summary.写汇总([*items, ("无年度.json", undated)], tmp_path / "含无年度.xlsx")
    assert openpyxl.load_workbook(undated_path)["汇总清单"].cell(len(items) + 9, 2).value == "年度不明合计"
    with Office(timeout=120) as office:
        with office.open(path) as doc:
            doc.set("汇总清单", "N5", "差")  # a project's 等级 edited: the distribution (and its pie) follow
            doc.recalc()
            assert (doc.get("汇总图表", "B2"), doc.get("汇总图表", "B5"), doc.get("汇总图表", "E5")) == (11, 1, 1)
        for book in (path, undated_path):
            cached = openpyxl.load_workbook(book, data_only=True)
            with office.open(book) as doc:
                doc.recalc()
                for sheet, cells in _公式格(book).items():
                    assert cells
                    for addr in cells:
                        live, shown = doc.get(sheet, addr), cached[sheet][addr].value
                        if shown is None:
                            assert live in (None, ""), (book.name, sheet, addr)
                        else:
                            assert live == pytest.approx(shown, abs=1e-6), (book.name, sheet, addr)


def test_summary_command_on_a_folder(tmp_path):
    folder = tmp_path / "二〇二四"
    folder.mkdir()
    for p in (LAYOUTS / "黄山_自评表.xlsx", LAYOUTS / "上海_自评表_文本导出.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "坏.txt").write_text("没有表", encoding="utf-8")
    r = CliRunner().invoke(cli, ["summary", str(folder)], catch_exceptions=False)
    assert r.exit_code == 2, r.output  # one unreadable file; the other 13 forms are summarised
    out = tmp_path / "二〇二四_汇总.xlsx"  # beside the folder, not inside it
    assert out.is_file() and "坏.txt" in r.stderr
    assert "共汇总 13 张自评表（2 个文件）：优 12、良 0、中 0、差 0、未评级 1；错误 2 条" in r.stderr
    assert "2021年：10 张，优 10、良 0、中 0、差 0、未评级 0" in r.stderr
    assert "2024年：3 张，优 2、良 0、中 0、差 0、未评级 1" in r.stderr
    assert "部门项目支出绩效自评汇总" in r.stdout and "94.74" in r.stdout
    (folder / "坏.txt").unlink()
    r = CliRunner().invoke(cli, ["summary", str(folder), "--out", str(folder / "汇总.xlsx")], catch_exceptions=False)
    assert r.exit_code == 1  # clean input; the seeds' two wrong 执行率 are 错误 findings
    assert "（2 个文件）" in r.stderr  # the summary it writes into the folder is not one of its inputs
    r = CliRunner().invoke(cli, ["summary", str(folder), "--out", str(tmp_path / "另.xlsx")], catch_exceptions=False)
    assert r.exit_code == 1 and "共汇总 13 张自评表（3 个文件）" in r.stderr  # an old summary holds no forms
    r = CliRunner().invoke(cli, ["summary", str(folder), "--口径", "不存在"], catch_exceptions=False)
    assert r.exit_code == 2 and "不存在" in r.stderr


def test_two_copies_of_a_workbook_are_counted_once(tmp_path):
    folder = tmp_path / "收到的表"
    folder.mkdir()
    shutil.copy(LAYOUTS / "上海_自评表.xlsx", folder / "上海_自评表.xlsx")
    shutil.copy(LAYOUTS / "上海_自评表.xlsx", folder / "上海_自评表（重发）.xlsx")
    shutil.copy(LAYOUTS / "黄山_自评表.xlsx", folder / "黄山_自评表.xlsx")
    r = CliRunner().invoke(cli, ["summary", str(folder)], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    assert "共汇总 13 张自评表（3 个文件，重复的 10 张只计一次）" in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("重复")]
    assert len(lines) == 10 and all("（内容相同），只计一次" in ln for ln in lines)
    assert "《2021年(社保卡中心)交换平台运行费》在 上海_自评表（重发）.xlsx 与 上海_自评表.xlsx 中都有" in r.stderr
    ws = openpyxl.load_workbook(tmp_path / "收到的表_汇总.xlsx", data_only=True)["汇总清单"]
    assert ws.cell(4 + 13, 2).value == "2021年合计" and "另有 10 张重复的表只计一次" in ws["A2"].value
    assert ws.cell(4 + 13, 16).value == 2  # 错误 of 2021: the seeds' two wrong 执行率, counted once


def test_summary_paths_are_clean_and_missing_input_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "批次").mkdir()
    shutil.copy(LAYOUTS / "黄山_自评表.xlsx", tmp_path / "批次" / "黄山_自评表.xlsx")
    r = CliRunner().invoke(cli, ["summary", "批次/../批次"], catch_exceptions=False)
    assert r.stdout.strip().splitlines()[-1] == str(tmp_path / "批次_汇总.xlsx")  # not …/批次/../批次_汇总.xlsx
    r = CliRunner().invoke(cli, ["summary", "不存在/"], catch_exceptions=False)
    assert r.exit_code == 2 and r.stderr.strip() == "错误：文件不存在（不存在）"
    (tmp_path / "空文件夹").mkdir()
    r = CliRunner().invoke(cli, ["summary", "空文件夹"], catch_exceptions=False)
    assert r.exit_code == 2
    assert r.stderr.strip() == "错误：文件夹里没有可处理的文件（支持 .json .xlsx .xlsm .xls .txt .tsv，及本工具导出的 .csv 指标清单）：空文件夹"
