"""``jixiao new``: a new workbook of named forms, or new forms added to (a copy of) a workbook."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from addin.cli import cli
from udfs.audit import 审核
from workbook_templates import readers as sources


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_new_workbook_holds_the_named_forms_and_lists_them(tmp_path):
    out = tmp_path / "新.xlsx"
    r = run("new", "--项目名称", "办公设备购置", "--项目名称", "信息系统运维", "--金额单位", "元", "--out", out)
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["自评清单", "办公设备购置", "信息系统运维"]  # no blank 自评表 left behind
    assert [wb["自评清单"][f"B{r}"].value for r in (4, 5)] == ["=\"\"&办公设备购置!项目名称", "=\"\"&信息系统运维!项目名称"]
    form = wb["信息系统运维"]
    assert form["B3"].value == "信息系统运维" and form["K4"].value == "元"
    assert wb.defined_names["jixiao_模板"].attr_text == '"函数版|1"'
    assert [f.项目名称 for f in sources.读取(out)] == ["办公设备购置", "信息系统运维"]
    codes = {f.code for f in 审核(sources.读取(out)[0]).findings}
    assert "BUDGET_MISSING" in codes  # a new form: the audit asks for what is still missing


def test_new_compat_workbook(tmp_path):
    out = tmp_path / "兼容.xlsx"
    assert run("new", "--项目名称", "甲", "--兼容版", "--out", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["自评清单", "甲", "计分口径"] and wb["甲"]["E12"].value == "指标性质"


def test_new_form_in_an_existing_workbook_goes_to_a_copy(已填, tmp_path):
    source = Path(shutil.copy(已填["函数版"][0], tmp_path / "单位自评表.xlsx"))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    r = run("new", source, "--项目名称", "新增项目")
    assert r.exit_code == 0, r.output
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    out = tmp_path / "单位自评表_新建.xlsx"
    assert r.stdout.strip() == str(out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "新增项目" and wb["自评清单"]["B17"].value == "=\"\"&新增项目!项目名称"
    assert wb["新增项目"]["B4"].value == "058-黄山市人力资源和社会保障局"  # the unit's header carried over
    assert "共处理 1 个工作簿，新建 1 张自评表" in r.stderr


def test_new_says_what_is_wrong(tmp_path):
    r = run("new", "--项目名称", "甲")
    assert r.exit_code == 2 and "--out" in r.stderr
    r = run("new", tmp_path / "不存在.xlsx", "--项目名称", "甲")
    assert r.exit_code == 2 and "文件不存在" in r.stderr
    (tmp_path / "表.json").write_text("{}", encoding="utf-8")
    r = run("new", tmp_path / "表.json", "--项目名称", "甲")
    assert r.exit_code == 2 and "只能在 .xlsx 或 .xlsm 工作簿中新建" in r.stderr
    r = run("new", "--项目名称", " ", "--out", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "请填写项目名称" in r.stderr
