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
