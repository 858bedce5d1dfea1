"""The department summary: its numbers are the audit's, its totals and charts are live, the command's exit codes."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from decimal import Decimal
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


def test_totals_and_grade_counts(汇总):
    path, items = 汇总
    wb = openpyxl.load_workbook(path, data_only=True)
    ws, cs = wb["汇总清单"], wb["汇总图表"]
    n = len(items)
    total, mean = n + 4, n + 5
    col = {name: i for i, name in enumerate(summary.列, 1)}
    budget = sum(Decimal(str(ws.cell(r, col["全年预算数（万元）"]).value)) for r in range(4, 4 + n))
    spent = sum(Decimal(str(ws.cell(r, col["全年执行数（万元）"]).value)) for r in range(4, 4 + n))
    assert ws.cell(total, 2).value == "合计" and ws.cell(mean, 2).value == "平均"
    assert Decimal(str(ws.cell(total, col["全年预算数（万元）"]).value)).quantize(Decimal("0.000001")) == budget
    assert ws.cell(total, col["执行率"]).value == float(round(spent / budget, 4))
    assert ws.cell(total, col["错误"]).value == sum(r.计数("错误") for _, r in items)
    scored = [r.总分 for _, r in items if r.总分 is not None]
    assert ws.cell(mean, col["总分"]).value == float(round(sum(scored) / len(scored), 2))
    grades = {row[0]: row[1] for row in cs.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert grades == {"优": 12, "良": 0, "中": 0, "差": 0, "未评定": 1}
    formulas = openpyxl.load_workbook(path)
    assert formulas["汇总清单"].cell(total, col["全年预算数（万元）"]).value == f"=SUM(H4:H{n + 3})"
    assert formulas["汇总图表"]["B2"].value == f"=COUNTIF('汇总清单'!$N$4:$N${n + 3},A2)"


def test_charts_are_native_and_point_at_the_table(汇总):
    path, items = 汇总
    n = len(items)
    with zipfile.ZipFile(path) as z:
        charts = sorted(p for p in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", p))
        refs = [re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(p).decode()) for p in charts]
    assert len(charts) == 2
    assert refs[0] == ["'汇总清单'!M3", f"'汇总清单'!$B$4:$B${n + 3}", f"'汇总清单'!$M$4:$M${n + 3}"]  # 总分 by project
    assert refs[1] == ["'汇总图表'!B1", "'汇总图表'!$A$2:$A$6", "'汇总图表'!$B$2:$B$6"]  # the grade distribution


@needs_libreoffice(libreoffice_missing(script_provider=False))  # a plain Office: no functions bridged
def test_the_totals_are_live_formulas_that_compute_to_the_values_shown(汇总):
    from workbook_templates.engine.office import Office

    path, items = 汇总
    cached = openpyxl.load_workbook(path, data_only=True)
    n = len(items)
    with Office(timeout=120) as office, office.open(path) as doc:
        doc.set("汇总清单", "N5", "差")  # a project's 等级 edited: the distribution (and its pie) follow
        doc.recalc()
        assert (doc.get("汇总图表", "B2"), doc.get("汇总图表", "B5")) == (11, 1)
        doc.set("汇总清单", "N5", "优")
        doc.recalc()
        for sheet, cells in (("汇总清单", [f"{c}{n + 4}" for c in "HIJPQR"] + [f"{c}{n + 5}" for c in "KLM"]),
                             ("汇总图表", [f"{c}{r}" for c in "BC" for r in range(2, 7)])):
            for addr in cells:
                live, shown = doc.get(sheet, addr), cached[sheet][addr].value
                assert live == pytest.approx(shown, abs=1e-6), (sheet, addr)


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
    assert "共汇总 13 张自评表（2 个文件）：优 12、良 0、中 0、差 0；错误 2 条" in r.stderr
    assert "部门项目支出绩效自评汇总" in r.stdout and "94.74" in r.stdout
    (folder / "坏.txt").unlink()
    r = CliRunner().invoke(cli, ["summary", str(folder), "--out", str(folder / "汇总.xlsx")], catch_exceptions=False)
    assert r.exit_code == 1  # clean input; the seeds' two wrong 执行率 are 错误 findings
    assert "（2 个文件）" in r.stderr  # the summary it writes into the folder is not one of its inputs
    r = CliRunner().invoke(cli, ["summary", str(folder), "--out", str(tmp_path / "另.xlsx")], catch_exceptions=False)
    assert r.exit_code == 1 and "共汇总 13 张自评表（3 个文件）" in r.stderr  # an old summary holds no forms
    r = CliRunner().invoke(cli, ["summary", str(folder), "--口径", "不存在"], catch_exceptions=False)
    assert r.exit_code == 2 and "不存在" in r.stderr
