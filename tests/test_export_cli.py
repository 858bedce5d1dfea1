"""``jixiao export``: every input kind, batches with one warm LibreOffice, exit codes, nothing overwritten."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lo_support import libreoffice_missing, needs_libreoffice, pdf_page_count

from addin.cli import cli
from udfs.audit import 审核
from workbook_templates import readers as sources

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "layouts"
LO = needs_libreoffice(libreoffice_missing() or ("" if shutil.which("pdfinfo") else "需要 poppler-utils"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _散列(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def 一批(已填, tmp_path) -> Path:
    """A folder as a 主管部门 receives it: a template workbook, a text export, other layouts, JSON, a broken file."""
    folder = tmp_path / "收到的表"
    folder.mkdir()
    shutil.copy(已填["函数版"][0], folder / "自评表.xlsx")
    for p in (LAYOUTS / "上海_自评表_文本导出.txt", LAYOUTS / "上海_自评表.xlsx", LAYOUTS / "黄山_自评表.xlsx"):
        shutil.copy(p, folder / p.name)
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return folder


@LO
def test_batch_pdf_keeps_one_libreoffice_and_goes_on_past_a_bad_file(一批, tmp_path, monkeypatch):
    from workbook_templates import engine

    started = []
    real = engine.启动

    def counting(**kw):
        started.append(1)
        return real(**kw)

    monkeypatch.setattr(engine, "启动", counting)
    before = _散列(一批)
    out = tmp_path / "PDF"
    r = run("export", 一批, "--to", "pdf", "--out", out)
    assert r.exit_code == 2  # one file could not be read …
    assert "坏.xlsx" in r.stderr and "不是有效的 Excel 工作簿" in r.stderr
    assert started == [1]  # … and the whole batch used one LibreOffice
    pages = {p.name: pdf_page_count(p) for p in out.glob("*.pdf")}
    assert pages == {"自评表.pdf": 13, "上海_自评表_文本导出.pdf": 10, "上海_自评表.pdf": 10, "黄山_自评表.pdf": 3}
    assert _散列(一批) == before  # inputs untouched, nothing written beside them
    assert "已导出 4 个文件（36 张自评表，格式 pdf）" in r.stderr and "1 个文件无法导出" in r.stderr
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(out / "黄山_自评表.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "发放社会保障 IC 卡业务费" in text and "94.74" in text and "47.39%" in text


@LO
def test_macro_free_copies_of_other_layouts_keep_their_layout(一批, tmp_path):
    out = tmp_path / "无宏版"
    r = run("export", 一批 / "上海_自评表.xlsx", 一批 / "上海_自评表_文本导出.txt", "--to", "xlsx", "--out", out)
    assert r.exit_code == 1, r.stderr  # the seeds hold two wrong 执行率 (错误)
    same = openpyxl.load_workbook(out / "上海_自评表_无宏版.xlsx")
    source = openpyxl.load_workbook(一批 / "上海_自评表.xlsx")
    for ws in source.worksheets:
        copy = same[ws.title]
        assert {c.coordinate: c.value for row in ws.iter_rows() for c in row} == \
            {c.coordinate: c.value for row in copy.iter_rows() for c in row}
        assert sorted(map(str, ws.merged_cells.ranges)) == sorted(map(str, copy.merged_cells.ranges))
    filled = openpyxl.load_workbook(out / "上海_自评表_文本导出_无宏版.xlsx")
    assert len(filled.sheetnames) == 11  # a text export has no layout: the template's, one sheet per form
    assert not [c for ws in filled.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    forms = sources.读取(out / "上海_自评表_文本导出_无宏版.xlsx")
    assert [float(审核(f).总分) for f in forms][:2] == [98.5, 98.5]  # computed, stated as values


def test_json_and_csv_of_every_readable_kind(一批, tmp_path):
    out = tmp_path / "数据"
    r = run("export", 一批, "--to", "json", "--out", out)
    assert r.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "上海_自评表_数据.json", "上海_自评表_文本导出_数据.json", "自评表_数据.json", "黄山_自评表_数据.json"]
    for name, source in (("上海_自评表_文本导出_数据.json", "上海_自评表_文本导出.txt"), ("黄山_自评表_数据.json", "黄山_自评表.xlsx")):
        back = [审核(f).as_json() for f in sources.读取(out / name)]
        want = [审核(f).as_json() for f in sources.读取(一批 / source)]
        for results in (back, want):
            for x in results:
                for f in x["findings"]:
                    f["where"].pop("cell", None)
        assert back == want, name
    data = json.loads((out / "黄山_自评表_数据.json").read_text(encoding="utf-8"))
    assert set(data) == {"forms"} and data["forms"][1]["funds"]["年度资金总额"]["执行率"] == "47.39%"
    r = run("export", 一批 / "上海_自评表_文本导出.txt", "--to", "csv")
    assert r.exit_code == 1
    target = 一批 / "上海_自评表_文本导出_指标.csv"  # beside its input by default
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 102 and {r["金额单位"] for r in rows} == {"元"}
    assert rows[0]["年度指标值"] == "'=100%" and rows[0]["单元格"] == "H15"
    assert (LAYOUTS / "上海_自评表_文本导出.txt").read_text(encoding="utf-8").split("\n")[14].split("\t")[7] == rows[0]["得分"] == "20"


@pytest.mark.parametrize("source", ["self_eval_forms.json", "layouts/黄山_自评表.xlsx", "layouts/上海_自评表.xlsx"])
def test_the_csv_export_reads_back_as_the_forms_it_lists(source, tmp_path):
    """Audited from its CSV, a form gives the scores, total, grade and findings it gives from its
    source (the CSV holds the header, the 年度资金总额 row and every indicator row; findings about
    the fund table's sub-rows and the goals, which it does not hold, are left out of the comparison)."""
    path = DATA / source
    r = run("export", path, "--to", "csv", "--out", tmp_path)
    assert r.exit_code in (0, 1), r.stderr
    (target,) = tmp_path.iterdir()
    r = run("audit", target, "--json")
    assert r.exit_code in (0, 1), r.stderr
    back = json.loads(r.stdout)["forms"]
    want = [审核(f).as_json() for f in sources.读取(path)]
    assert len(back) == len(want) >= 3
    sub_rows = {"FUND_SUM_MISMATCH", "SUB_RATE_MISMATCH", "SUB_ROW_SCORED", "FUND_TOTAL_EMPTY", "FUND_LABEL_UNKNOWN"}
    for b, w in zip(back, want):
        assert (b["id"], b["执行率"], b["执行率得分"], b["总分"], b["等级"]) == (w["id"], w["执行率"], w["执行率得分"], w["总分"], w["等级"])
        assert b["indicators"] == w["indicators"]
        codes = lambda x: sorted((f["level"], f["code"], f["message"]) for f in x["findings"] if f["code"] not in sub_rows)
        assert codes(b) == codes(w), b["id"]


def test_bad_use_gives_exit_code_2_and_a_chinese_message(tmp_path):
    r = run("export", tmp_path / "不存在.xlsx", "--to", "json")
    assert r.exit_code == 2 and "文件不存在" in r.stderr
    r = run("export", "--to", "json")
    assert r.exit_code == 2 and "请给出要导出的文件" in r.stderr
    r = run("export", tmp_path, "--to", "docx")
    assert r.exit_code == 2  # click rejects the choice


@LO
def test_one_sheet_to_pdf_counts_one_form(已填, tmp_path):
    source = tmp_path / "自评表.xlsx"
    shutil.copy(已填["函数版"][0], source)
    r = run("export", source, "--to", "pdf", "--sheet", "金保工程运行费", "--out", tmp_path / "PDF")
    assert r.exit_code == 0, r.stderr  # the 错误 of the other forms are not this page's
    assert "已导出 1 个文件（1 张自评表，格式 pdf）" in r.stderr  # not the workbook's 13
    assert pdf_page_count(tmp_path / "PDF" / "自评表_金保工程运行费.pdf") == 1
    json_input = tmp_path / "表.json"
    shutil.copy(DATA / "self_eval_forms.json", json_input)
    r = run("export", json_input, "--to", "pdf", "--sheet", "人社信息业务工作经费", "--out", tmp_path / "PDF")
    assert r.exit_code == 0 and "已导出 1 个文件（1 张自评表，格式 pdf）" in r.stderr
    r = run("export", json_input, "--to", "pdf", "--sheet", "没有这张表", "--out", tmp_path / "PDF")
    assert r.exit_code == 2 and "没有名为“没有这张表”的自评表" in r.stderr


def test_sheet_is_only_for_pdf_and_folders_say_what_they_skip(tmp_path):
    r = run("export", DATA / "self_eval_forms.json", "--to", "json", "--sheet", "金保工程运行费")
    assert r.exit_code == 2 and "--sheet 只能与 --to pdf 一起使用" in r.stderr
    folder = tmp_path / "收到的表"
    folder.mkdir()
    shutil.copy(DATA / "self_eval_forms.json", folder / "自评表.json")
    (folder / "旧.et").write_bytes(b"x")
    from workbook_templates.readers.csv_file import CSV列

    (folder / "自评表_指标.csv").write_text(",".join(CSV列) + "\n", encoding="utf-8-sig")  # this tool's own outputs are not read again
    (folder / "别的.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "自评表_数据.json").write_bytes(b"{}")
    r = run("export", folder, "--to", "csv", "--out", tmp_path / "出")
    assert r.exit_code == 1, r.stderr
    assert f"跳过 {folder / '旧.et'}：WPS 表格文件（.et）无法读取：请在 WPS 中另存为 .xlsx 后再处理" in r.stderr
    assert f"跳过 {folder / '自评表_数据.json'}：本工具生成的输出文件" in r.stderr
    assert f"跳过 {folder / '自评表_指标.csv'}：本工具生成的输出文件" in r.stderr
    assert f"跳过 {folder / '别的.csv'}：CSV 文件（.csv）无法读取：只读取本工具导出的指标清单" in r.stderr
    assert sorted(p.name for p in (tmp_path / "出").iterdir()) == ["自评表_指标.csv"]
