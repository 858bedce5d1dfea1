"""``jixiao fill`` (and ``jixiao build`` from the command line): forms into a copy of a built workbook."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import cli
from udfs.errors import 绩效自评错误
from udfs.forms import 读取表单
from workbook_templates.fill import 填入, 表名候选

DATA = Path(__file__).parent / "data" / "self_eval_forms.json"


def _摘要(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _表(path: Path, sheet: str | None = None):
    wb = openpyxl.load_workbook(path)
    return wb if sheet is None else wb[sheet]


def _名(ws, name: str) -> str:
    (_, ref), = ws.defined_names[name].destinations
    return ref.replace("$", "")


@pytest.fixture()
def 模板(模板目录, tmp_path) -> dict[str, Path]:
    """Private copies of the built workbooks (a test may not touch the session's)."""
    out = {}
    for name in ("项目支出绩效自评表.xlsx", "项目支出绩效自评表_兼容版.xlsx"):
        shutil.copy(模板目录 / name, tmp_path / name)
        out["兼容版" if "兼容" in name else "函数版"] = tmp_path / name
    return out


# --- the inputs stay untouched ----------------------------------------------------------------------


def test_fill_never_touches_its_inputs(模板, 种子表单, tmp_path) -> None:
    data = tmp_path / "forms.json"
    shutil.copy(DATA, data)
    before = {p: _摘要(p) for p in (*模板.values(), data)}
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = 填入(模板["函数版"], 读取表单(data), tmp_path / "out.xlsx")
    assert {p: _摘要(p) for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*listing, "out.xlsx"])  # no temp files left
    assert result.输出 == tmp_path / "out.xlsx" and len(result.表名) == 13


def test_fill_refuses_to_write_over_an_input(模板, 种子表单, tmp_path) -> None:
    digest = _摘要(模板["函数版"])
    with pytest.raises(绩效自评错误, match="输出文件不能是输入文件"):
        填入(模板["函数版"], 种子表单, 模板["函数版"])
    data = tmp_path / "forms.xlsx"
    shutil.copy(模板["兼容版"], data)
    with pytest.raises(绩效自评错误, match="输出文件不能是输入文件"):
        填入(模板["函数版"], 种子表单, data, 不可覆盖=[data])
    assert _摘要(模板["函数版"]) == digest
    with pytest.raises(绩效自评错误, match="输出文件的类型应与模板相同"):
        填入(模板["函数版"], 种子表单, tmp_path / "out.xls")


def test_fill_into_a_workbook_not_built_by_jixiao_is_a_chinese_error(种子表单, tmp_path) -> None:
    other = tmp_path / "别的.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(绩效自评错误, match="不是由 jixiao build 生成的自评表工作簿"):
        填入(other, 种子表单, tmp_path / "out.xlsx")
    with pytest.raises(绩效自评错误, match="文件不存在"):
        填入(tmp_path / "没有.xlsx", 种子表单, tmp_path / "out.xlsx")
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    with pytest.raises(绩效自评错误, match="无法打开工作簿"):
        填入(tmp_path / "坏.xlsx", 种子表单, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


# --- one sheet per form -------------------------------------------------------------------------------


def test_one_sheet_per_form_named_after_the_project_and_listed(已填, 种子表单) -> None:
    for name, (path, result) in 已填.items():
        wb = _表(path)
        extra = ["计分口径"] if name == "兼容版" else []
        assert wb.sheetnames == ["自评清单", *result.表名, *extra]  # the blank 自评表 is replaced
        assert result.表名 == [f.项目名称 for f in 种子表单]
        summary = wb["自评清单"]
        for i, sheet in enumerate(result.表名):
            # quoted only where a reference needs it, as Excel writes it
            ref = sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"
            assert summary.cell(4 + i, 2).value == f'=""&{ref}!项目名称'
            assert summary.cell(4 + i, 6).value == f"={ref}!总得分"
            assert summary.cell(4 + i, 8).hyperlink.location == f"{ref}!A1"
        assert wb.active.title == result.表名[0]


def test_sheet_names_are_valid_unique_and_not_reserved() -> None:
    taken: set[str] = {"自评清单", "计分口径"}
    names = []
    for i, given in enumerate(["项目/一期:[*?]\\", "很长的项目名称" * 10, "很长的项目名称" * 10, "", None,
                               "自评清单", "ABC", "abc"], 1):
        name = 表名候选(given, taken, i)
        taken.add(name)
        names.append(name)
    assert names[0] == "项目_一期______"
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert names[2].endswith("(2)") and names[3] == "自评表4" and names[4] == "自评表5"
    assert names[5] == "自评清单(2)" and names[7] == "abc(2)"


def test_each_form_gets_its_own_groups_merged(已填, 种子表单) -> None:
    path, result = 已填["函数版"]
    for form, sheet in zip(种子表单, result.表名):
        ws = _表(path, sheet)
        merged = {str(r) for r in ws.merged_cells.ranges}
        runs, start = [], 0
        levels = [r.一级 for r in form.指标]
        for i in range(1, len(levels) + 1):
            if i == len(levels) or levels[i] != levels[start]:
                runs.append((start, i - 1))
                start = i
        for a, b in runs:
            assert ws.cell(13 + a, 2).value == levels[a]
            if b > a:
                assert f"B{13 + a}:B{13 + b}" in merged, (sheet, levels[a])
        assert _名(ws, "指标表") == f"B13:I{12 + len(form.指标)}"
        assert ws.cell(13 + len(form.指标), 1).value == "总分"


# --- what is written --------------------------------------------------------------------------------------


def test_inputs_are_written_as_typed(已填) -> None:
    path, _ = 已填["函数版"]
    ws = _表(path, "2021年(社保卡中心)制卡设备更新及维护费")
    assert ws[_名(ws, "全年执行数")].value == 1454341.54  # "1,454,341.54" in the JSON
    assert ws[_名(ws, "全年预算数")].value == 1480000
    assert ws[_名(ws, "金额单位")].value == "元" and ws["A5"].value.startswith('="项目资金"')
    assert (ws[_名(ws, "年度")].value, ws[_名(ws, "口径")].value) == (2021, "财政部")
    assert ws[_名(ws, "表单编号")].value == "shanghai-2021-zhika-shebei"
    target = ws["E13"]
    assert (target.value, target.data_type) == ("=100%", "s")  # text, not the formula =100%
    assert ws["G13"].value == 10 and ws["H13"].value == ws["H14"].value and "计分结果" in ws["H13"].value
    assert ws["I20"].value.startswith("项目绩效指标不够完善")
    hs = _表(path, "发放社会保障 IC 卡业务费")
    assert hs[_名(hs, "金额单位")].value == "万元"
    assert hs[_名(hs, "预期目标")].value.startswith("项目总额 18 万元。1）拓展社会保障卡应用")
    assert hs.row_dimensions[11].height > 200  # the long 预期目标 fits its row


def test_stated_qualitative_scores_are_kept_only_as_a_judgement_inside_their_tier(模板, 种子表单, tmp_path) -> None:
    result = 填入(模板["函数版"], 种子表单, tmp_path / "上海.xlsx", 口径="上海")
    ws = _表(tmp_path / "上海.xlsx", "2021年(社保卡中心)交换平台运行费")
    assert ws["J18"].value is None  # 2.5 of 5 is the 上海 default for 基本健全: nothing to override
    assert ws[_名(ws, "口径")].value == "上海"
    refused = [n for n in result.提示 if "管理人员责任制度" in n]
    assert refused == [("2021年(社保卡中心)公务车辆购置费：指标第13行（管理人员责任制度）：填报得分2不在“达成”档"
                        "（3.2–4分）内，未采用；工作簿按上海口径计为4")]
    assert any("填报得分19.4与规则得分19.36不同，工作簿按规则计算" in n for n in result.提示)

    judged = copy.deepcopy(种子表单[3])
    judged.指标[5].得分 = "3"  # 基本健全 scored 3 of 5: inside 财政部's 部分达成 tier (3–4)
    result = 填入(模板["函数版"], [judged], tmp_path / "财政部.xlsx")
    ws = _表(tmp_path / "财政部.xlsx", result.表名[0])
    assert ws["J18"].value == 3
    assert result.提示 == [(f"{result.表名[0]}：指标第6行（长效管理制度健全性）：填报得分3在“部分达成”档（3–4分）内，"
                           "作为人工得分写入（规则默认3.5）")]


def test_compat_fill_splits_the_free_text(已填) -> None:
    path, _ = 已填["兼容版"]
    wb = _表(path)

    def row(sheet: str, r: int) -> list:
        return [wb[sheet].cell(r, c).value for c in (5, 6, 7, 8, 12)]  # 性质 指标值 单位 实际 档次

    assert row("金保工程运行费", 13) == ["≥", 28, "万人", 29, None]  # "≥28万人" / "29 万人"
    assert row("金保工程运行费", 19) == ["不适用", None, None, "达成预期指标", None]
    assert row("金保工程运行费", 20) == ["=", 100, "%", 100, None]  # "＝100%"
    assert row("2021年(社保卡中心)交换平台运行费", 18) == ["定性", "健全", None, "基本健全", "部分达成"]
    assert row("居住证一网通办业务受理与AI即审即批接入平台", 18) == ["≤", 5, "毫秒", 5, None]  # "<=5毫秒" / "≤5毫秒"
    assert row("2021年(社保卡中心)社会保障卡制作费", 21) == ["≥", 90, "%", 99.58, None]  # "$\\geq 90\\%$"


def test_compat_fill_reports_what_native_formulas_cannot_compare(模板, tmp_path) -> None:
    form = json.loads(DATA.read_text(encoding="utf-8"))["forms"][0]
    form["indicators"] = form["indicators"][:1]
    form["indicators"][0].update({"年度指标值": "≥3天", "实际完成值": "2工作日", "分值": "10"})
    data = tmp_path / "单位.json"
    data.write_text(json.dumps({"forms": [form]}, ensure_ascii=False), encoding="utf-8")
    result = 填入(模板["兼容版"], 读取表单(data), tmp_path / "out.xlsx")
    ws = _表(tmp_path / "out.xlsx", result.表名[0])
    assert [ws.cell(13, c).value for c in (5, 6, 7, 8)] == ["≥", 3, "天", "2工作日"]
    assert any("单位'天'与实际完成值单位'工作日'不同" in n and "兼容版显示 #指标值无法识别" in n for n in result.提示)


def test_fill_again_adds_forms_and_lists_them_all(已填, 种子表单, tmp_path) -> None:
    path, first = 已填["函数版"]
    more = copy.deepcopy(种子表单[1])
    more.id, more.项目名称 = "再填一张", "发放社会保障 IC 卡业务费"
    result = 填入(path, [more], tmp_path / "再填.xlsx")
    wb = _表(tmp_path / "再填.xlsx")
    assert result.表名 == ["发放社会保障 IC 卡业务费(2)"]
    assert wb.sheetnames == ["自评清单", *first.表名, "发放社会保障 IC 卡业务费(2)"]
    assert wb["自评清单"].cell(4 + 13, 8).value == "发放社会保障 IC 卡业务费(2)"


def test_a_filled_workbook_can_be_the_data(已填, 模板, 种子表单, tmp_path) -> None:
    # forms move from one build to the other: read by the workbook reader, written again
    path, _ = 已填["函数版"]
    result = 填入(模板["兼容版"], __import__("workbook_templates.readers", fromlist=["读取"]).读取(path), tmp_path / "迁移.xlsx")
    assert result.表名 == [f.项目名称 for f in 种子表单]
    ws = _表(tmp_path / "迁移.xlsx", result.表名[0])
    assert [ws.cell(13, c).value for c in (5, 6, 7, 8)] == ["≥", 28, "万人", 29]


# --- the commands -----------------------------------------------------------------------------------------------


def test_cli_build_fill_and_audit_a_workbook(tmp_path) -> None:
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--out", str(tmp_path / "模板")])
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "模板").iterdir()) == sorted(
        ["项目支出绩效自评表.xlsm", "项目支出绩效自评表.xlsx", "项目支出绩效自评表_兼容版.xlsx", "绩效自评.xlam",
         "绩效评价指标体系评分表.xlsx", "绩效评价指标体系评分表_兼容版.xlsx", "绩效自评_Lite.zip"])
    filled = runner.invoke(cli, ["fill", str(tmp_path / "模板" / "项目支出绩效自评表.xlsx"), str(DATA),
                                 "--out", str(tmp_path / "填好.xlsx"), "--口径", "上海"])
    assert filled.exit_code == 0, filled.output
    assert "已填入 13 张表" in filled.output and "提示：" in filled.output
    audited = runner.invoke(cli, ["audit", "--json", str(tmp_path / "填好.xlsx")])
    assert audited.exit_code == 0, audited.output  # no 错误: the workbook computed every score itself
    report = json.loads(audited.output[audited.output.index("{"):audited.output.rindex("}") + 1])
    jinbao = report["forms"][0]
    assert jinbao["id"] == "huangshan-2024-jinbao"
    cells = [f["where"].get("cell") for f in jinbao["findings"]]
    assert "金保工程运行费!G19" in cells and "金保工程运行费!G21" in cells  # the 不适用 rows' 分值
    assert report["forms"][3]["总分"] == 97.5


def test_cli_errors_are_chinese_with_exit_code_2(模板, tmp_path) -> None:
    runner = CliRunner()
    bad = tmp_path / "坏.json"
    bad.write_text("{", encoding="utf-8")
    r = runner.invoke(cli, ["fill", str(模板["函数版"]), str(bad), "--out", str(tmp_path / "o.xlsx")])
    assert r.exit_code == 2 and "不是有效的 JSON 文件" in r.output
    r = runner.invoke(cli, ["fill", str(模板["函数版"]), str(DATA), "--out", str(模板["函数版"])])
    assert r.exit_code == 2 and "输出文件不能是输入文件" in r.output
    r = runner.invoke(cli, ["fill", str(模板["函数版"]), str(DATA), "--out", str(tmp_path / "o.xlsx"), "--口径", "北京"])
    assert r.exit_code == 2 and "没有名为'北京'的口径" in r.output
    r = runner.invoke(cli, ["build", "--out", str(tmp_path / "x"), "--口径", "北京"])
    assert r.exit_code == 2 and "没有名为'北京'的口径" in r.output
    systems = DATA.with_name("evaluation_systems.json")
    r = runner.invoke(cli, ["fill", str(模板["函数版"]), str(systems), "--out", str(tmp_path / "o.xlsx")])
    assert r.exit_code == 2 and "不是项目支出绩效自评表" in r.output
    assert not (tmp_path / "o.xlsx").exists()


def test_installed_jixiao_command_builds_and_fills(tmp_path) -> None:
    exe = shutil.which("jixiao")
    if exe is None:
        pytest.skip("jixiao 未安装（pip install -e .）")
    subprocess.run([exe, "build", "--out", str(tmp_path)], check=True, capture_output=True)
    done = subprocess.run([exe, "fill", str(tmp_path / "项目支出绩效自评表_兼容版.xlsx"), str(DATA),
                           "--out", str(tmp_path / "填好_兼容版.xlsx")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(openpyxl.load_workbook(tmp_path / "填好_兼容版.xlsx").sheetnames) == 15
