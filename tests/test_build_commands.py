"""`jixiao build` writes all six distributables; `jixiao fill` into the .xlsm keeps its ribbon and VBA."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from oletools.olevba import VBA_Parser

from addin.cli import cli

DATA = Path(__file__).parent / "data"


def test_build_then_fill_the_macro_workbook(tmp_path):
    out = tmp_path / "模板"
    r = CliRunner().invoke(cli, ["build", "--out", str(out)], catch_exceptions=False)
    assert r.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["项目支出绩效自评表.xlsx", "项目支出绩效自评表_兼容版.xlsx", "项目支出绩效自评表.xlsm", "绩效自评.xlam",
         "绩效评价指标体系评分表.xlsx", "绩效评价指标体系评分表_兼容版.xlsx", "绩效自评_Lite.zip"]
    )
    xlsm = out / "项目支出绩效自评表.xlsm"
    before = xlsm.read_bytes()
    filled = tmp_path / "自评表.xlsm"
    r = CliRunner().invoke(cli, ["fill", str(xlsm), str(DATA / "self_eval_forms.json"), "--out", str(filled)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert xlsm.read_bytes() == before  # the template is never touched
    with zipfile.ZipFile(filled) as z:
        names = set(z.namelist())
        rels = z.read("_rels/.rels").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert {"xl/vbaProject.bin", "customUI/customUI14.xml"} <= names
    assert "ui/extensibility" in rels  # openpyxl alone would have dropped the ribbon
    assert workbook.count("<sheet ") == 15 and "xlwings.conf" in workbook  # 自评清单 + 13 forms + config
    modules = {name for _, _, name, _ in VBA_Parser(str(filled)).extract_macros()}
    assert {"绩效自评函数", "JX_Ribbon"} <= {m.removesuffix(".bas") for m in modules}


def test_fill_refuses_to_write_over_its_input(tmp_path):
    out = tmp_path / "模板"
    CliRunner().invoke(cli, ["build", "--out", str(out)], catch_exceptions=False)
    xlsm = out / "项目支出绩效自评表.xlsm"
    r = CliRunner().invoke(cli, ["fill", str(xlsm), str(DATA / "self_eval_forms.json"), "--out", str(xlsm)])
    assert r.exit_code == 2 and "不能是输入文件" in r.output


def test_fill_does_not_overwrite_an_existing_file_unless_told(模板目录, tmp_path):
    template = 模板目录 / "项目支出绩效自评表.xlsx"
    out = tmp_path / "自评表.xlsx"
    out.write_bytes(b"an earlier file")
    args = ["fill", str(template), str(DATA / "self_eval_forms.json"), "--out", str(out)]
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2 and f"输出文件已存在（{out}）：要覆盖它请加 --覆盖（--force）" in r.stderr
    assert out.read_bytes() == b"an earlier file"
    r = CliRunner().invoke(cli, [*args, "--覆盖"])
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:2] == b"PK"
    r = CliRunner().invoke(cli, [*args, "--force"])
    assert r.exit_code == 0, r.output


def test_fill_names_the_type_of_a_file_it_cannot_use(模板目录, tmp_path):
    old = tmp_path / "旧模板.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    r = CliRunner().invoke(cli, ["fill", str(old), str(DATA / "self_eval_forms.json"), "--out", str(tmp_path / "y.xlsx")])
    assert r.exit_code == 2
    assert "旧模板.xls 是 Excel 97-2003 工作簿（.xls），不能作模板：模板应是 jixiao build 生成的 .xlsx 或 .xlsm 工作簿" in r.stderr
    assert "输出文件的类型" not in r.stderr  # what it said before: about the output, which was not wrong
    wps = tmp_path / "表单.et"
    wps.write_bytes(b"\xd0\xcf\x11\xe0")
    r = CliRunner().invoke(cli, ["fill", str(模板目录 / "项目支出绩效自评表.xlsx"), str(wps), "--out", str(tmp_path / "y.xlsx")])
    assert r.exit_code == 2 and "表单文件 表单.et：WPS 表格文件（.et）无法读取：请在 WPS 中另存为 .xlsx" in r.stderr
    # an .xls of forms is read (tests/test_xls.py); a damaged one is said so
    r = CliRunner().invoke(cli, ["fill", str(模板目录 / "项目支出绩效自评表.xlsx"), str(old), "--out", str(tmp_path / "y.xlsx")])
    assert r.exit_code == 2 and "旧模板.xls：不是有效的 Excel 97-2003 工作簿（文件内容已损坏或不完整）" in r.stderr
    r = CliRunner().invoke(cli, ["fill", str(tmp_path / "无.xlsx"), str(old), "--out", str(tmp_path / "y.xlsx")])
    assert r.exit_code == 2 and "模板工作簿不存在" in r.stderr
    assert not (tmp_path / "y.xlsx").exists()
