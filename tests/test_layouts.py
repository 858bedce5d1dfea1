"""Forms in layouts not made from the template: the 上海 and 黄山 shapes of the seeds, and seed 004's text export.

The reference is the human transcription of the same seeds (tests/data/self_eval_forms.json):
every field the label reader finds must equal it, and the audit of what it reads must equal
the audit of the transcription — findings included — with the cells named in the source.
"""

from __future__ import annotations

import codecs
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import cli
from udfs.amounts import 转数字
from udfs.audit import 审核
from udfs.errors import 表单格式有误
from udfs.forms import 读取表单
from workbook_templates import readers as sources
from workbook_templates.readers import text as text_reader
from workbook_templates.readers.cells import 模板表

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "layouts"
文本导出 = LAYOUTS / "上海_自评表_文本导出.txt"
上海 = LAYOUTS / "上海_自评表.xlsx"
黄山 = LAYOUTS / "黄山_自评表.xlsx"

_表头字段 = ("项目名称", "主管部门", "实施单位", "年度", "金额单位", "预期目标", "实际完成情况", "总分_分值", "总分_得分")
_资金字段 = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_指标字段 = ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")


@pytest.fixture(scope="module")
def 转录() -> dict:
    return {f.项目名称: f for f in 读取表单(DATA / "self_eval_forms.json")}


def _同(x, y) -> bool:
    """Equal as the form states it: a number typed into Excel equals its text ("446048.00" == 446048)."""
    if x == y:
        return True
    try:
        return 转数字(x) == 转数字(y)
    except Exception:
        return False


def _差异(form, ref) -> list[str]:
    diffs = [f"{k}: {getattr(form, k)!r} != {getattr(ref, k)!r}" for k in _表头字段
             if not _同(getattr(form, k), getattr(ref, k))]
    if set(form.资金) != set(ref.资金):
        diffs.append(f"资金行 {sorted(form.资金)} != {sorted(ref.资金)}")
    for name, row in ref.资金.items():
        got = form.资金.get(name)
        for k in ("标签", *_资金字段):
            if got is not None and not _同(getattr(got, k), getattr(row, k)):
                diffs.append(f"资金 {name}.{k}: {getattr(got, k)!r} != {getattr(row, k)!r}")
    if len(form.指标) != len(ref.指标):
        diffs.append(f"指标行数 {len(form.指标)} != {len(ref.指标)}")
    for i, (a, b) in enumerate(zip(form.指标, ref.指标), 1):
        for k in _指标字段:
            if not _同(getattr(a, k), getattr(b, k)):
                diffs.append(f"指标第{i}行 {k}: {getattr(a, k)!r} != {getattr(b, k)!r}")
    return diffs


@pytest.mark.parametrize("path, count, unit", [(文本导出, 10, "元"), (上海, 10, "元"), (黄山, 3, "万元")],
                         ids=["上海文本导出", "上海工作簿", "黄山工作簿"])
def test_every_form_reads_as_the_transcription(path, count, unit, 转录):
    forms = sources.读取(path)
    assert len(forms) == count
    assert {f.金额单位 for f in forms} == {unit}
    for form in forms:
        assert _差异(form, 转录[form.项目名称]) == [], form.项目名称


def test_the_broken_rows_of_the_export_are_put_back_together(转录):
    """Seed 004's PDF-converted rows, checked one by one (the full comparison above covers them too)."""
    forms = {f.项目名称: f for f in text_reader.读取(文本导出)}
    car = forms["2021年(社保卡中心)公务车辆购置费"].指标
    # a row printed as three lines: labels + first indicator, the values alone, the name alone
    assert [(r.二级, r.三级, r.年度指标值, r.分值) for r in car[6:8]] == [
        ("经济效益指标", "车辆运维成本", "下降", "4"), ("经济效益指标", "车辆闲置率", "=0%", "4")]
    # 一级 效益指标 printed in the middle of its group still covers the rows above it
    assert {r.一级 for r in car[6:13]} == {"效益指标"}
    # a 偏差 text split over two lines, the first half alone in the 偏差 column
    ops = forms["上海市社会保障卡服务中心信息系统(运维)"].指标[8]
    assert ops.偏差原因分析及改进措施 == "运维方考评机制尚需完善。今后将根据项目需求完善运维方考评机制。"
    # a page break put the 满意度 labels on the second row of their group
    old = forms["2021年(社保卡中心)敬老卡制作费"].指标[7]
    assert (old.一级, old.二级, old.三级) == ("满意度指标", "服务对象满意度指标", "市民满意度")
    # shifted rows: the name printed in the 二级 column, the 二级 printed in the 一级 column
    web = forms["居住证一网通办业务受理与AI即审即批接入平台"].指标
    assert [(r.一级, r.二级, r.三级) for r in web[3:6]] == [
        ("产出指标", "时效指标", "系统建设及时率"), ("产出指标", "时效指标", "竣工验收及时率"),
        ("效益指标", "社会效益指标", "系统平均响应时间")]


@pytest.mark.parametrize("path", [文本导出, 上海, 黄山], ids=["文本导出", "上海", "黄山"])
def test_the_audit_of_what_is_read_equals_the_audit_of_the_transcription(path, 转录):
    for form in sources.读取(path):
        got, want = 审核(form).as_json(), 审核(转录[form.项目名称]).as_json()
        for out in (got, want):
            out.pop("id")
            for f in out["findings"]:
                f["where"].pop("form")
                f["where"].pop("cell", None)
        assert got == want, form.项目名称


def test_findings_name_the_cell_of_the_source_workbook():
    forms = {f.项目名称: f for f in sources.读取(上海)}
    card = forms["2021年(社保卡中心)社会保障卡制作费"]
    rounding = next(f for f in 审核(card).findings if f.code == "ROUNDING")
    sheet, _, addr = rounding.where["cell"].rpartition("!")
    ws = openpyxl.load_workbook(上海)[sheet.strip("'")]
    assert ws[addr].value == 19.4  # the stated 19.4 for 96.78% × 20 = 19.36
    total = card.位置["总分_得分"].rpartition("!")[2]
    assert ws[total].value == 96.84
    # in the text export the address is the one the file shows when opened in a spreadsheet
    text = {f.项目名称: f for f in text_reader.读取(文本导出)}["2021年(社保卡中心)社会保障卡制作费"]
    row, col = int("".join(ch for ch in text.指标[0].位置["得分"] if ch.isdigit())), text.指标[0].位置["得分"][0]
    line = 文本导出.read_text(encoding="utf-8").split("\n")[row - 1].split("\t")
    assert line[ord(col) - 65] == "19.4"


def test_text_exports_in_the_encodings_excel_writes(tmp_path):
    text = 文本导出.read_text(encoding="utf-8")
    expected = [(f.项目名称, f.总分_得分, len(f.指标)) for f in text_reader.读取(文本导出)]
    for name, data in (("unicode.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
                       ("ansi.txt", text.replace("$\\geq 90\\%$", "≥90%").encode("gb18030")),
                       ("bom.tsv", codecs.BOM_UTF8 + text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        assert [(f.项目名称, f.总分_得分, len(f.指标)) for f in sources.读取(tmp_path / name)] == expected


def test_a_template_workbook_goes_to_the_template_reader_and_other_sheets_to_the_labels(已填, tmp_path):
    path, filled = 已填["函数版"]
    wb = openpyxl.load_workbook(path)
    src = openpyxl.load_workbook(黄山)["2"]
    ws = wb.create_sheet("外来表")
    for row in src.iter_rows():
        for c in row:
            if c.value is not None:
                ws[c.coordinate] = c.value
                if isinstance(c.value, str) and c.value.startswith("="):
                    ws[c.coordinate].data_type = "s"
    mixed = tmp_path / "混合.xlsx"
    wb.save(mixed)
    forms = sources.读取(mixed)
    assert [f.项目名称 for f in forms[:13]] == [f.项目名称 for f in 读取表单(DATA / "self_eval_forms.json")]
    assert forms[0].id == "huangshan-2024-jinbao"  # the template reader: 表单编号
    assert forms[13].项目名称 == "发放社会保障 IC 卡业务费" and forms[13].位置["项目名称"] == "外来表!C3"
    assert 模板表(mixed) == filled.表名


def test_what_cannot_be_read_says_why(tmp_path):
    (tmp_path / "说明.txt").write_text("这不是自评表\n没有制表符", encoding="utf-8")
    (tmp_path / "空.txt").write_text("a\tb\n", encoding="utf-8")
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 broken")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "预算表"
    wb.save(tmp_path / "无表.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表一"
    for r, row in enumerate([["项目名称", "某项目"], ["", "年初预算数", "全年预算数", "全年执行数"],
                             ["", "年度资金总额", 1, 1]], 1):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v or None)
    wb.save(tmp_path / "缺指标.xlsx")
    messages = {}
    for name in ("说明.txt", "空.txt", "坏.xlsx", "无表.xlsx", "缺指标.xlsx"):
        with pytest.raises(表单格式有误) as exc:
            sources.读取(tmp_path / name)
        messages[name] = str(exc.value)
        assert name in messages[name]  # the file is named
    assert "制表符" in messages["说明.txt"]
    assert "找不到自评表" in messages["空.txt"] and "找不到自评表" in messages["无表.xlsx"]
    assert "不是有效的 Excel 工作簿" in messages["坏.xlsx"]
    assert "工作表“表一”第1行起的表" in messages["缺指标.xlsx"] and "三级指标" in messages["缺指标.xlsx"]


def test_a_summary_written_by_the_tool_holds_no_forms_and_is_no_error(tmp_path):
    from addin import summary

    items = [("上海", 审核(f)) for f in sources.读取(上海)]
    out = summary.写汇总(items, tmp_path / "汇总.xlsx")
    assert sources.读取(out) == []


def test_audit_command_reads_every_layout_in_a_folder_and_goes_on_past_a_bad_file(tmp_path):
    for p in (文本导出, 上海, 黄山):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    r = CliRunner().invoke(cli, ["audit", str(tmp_path), "--json"], catch_exceptions=False)
    assert r.exit_code == 2  # one file could not be read
    out = json.loads(r.stdout)
    assert len(out["forms"]) == 23  # 10 + 10 + 3: the rest of the batch was audited
    assert "坏.xlsx" in r.stderr and "不是有效的 Excel 工作簿" in r.stderr
    icka = [f for f in out["forms"] if f["id"] == "发放社会保障 IC 卡业务费"]
    assert [(f["执行率"], f["执行率得分"], f["总分"], f["等级"]) for f in icka] == [(0.4739, 4.74, 94.74, "优")]


def test_percentages_and_amounts_typed_as_numbers_are_read_as_the_form_shows_them():
    forms = {f.项目名称: f for f in sources.读取(黄山)}
    icka = forms["发放社会保障 IC 卡业务费"].资金["年度资金总额"]
    assert (icka.执行率, icka.全年执行数) == ("47.39%", 8.53)  # 0.4739 shown as 0.00%
    assert 审核(forms["发放社会保障 IC 卡业务费"]).执行率 == Decimal("0.4739")
