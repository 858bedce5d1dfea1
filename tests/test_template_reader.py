"""Reading filled workbooks back (by defined names) and auditing them with cell addresses."""

from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import 核心预期, 计算格位置

from udfs.amounts import 是占位符, 解析金额
from udfs.audit import 审核
from udfs.errors import 绩效自评错误
from udfs.scoring import 读分值
from udfs.values import 解析指标值
from workbook_templates import readers as sources
from workbook_templates.fill import 填入
from workbook_templates.form_layout import 版式表
from workbook_templates.readers.workbook import 读取模板

# Findings about numbers the form states for computed cells. A workbook made from the
# template computes those cells itself, so these cannot come back from it.
陈述类 = {"RATE_MISMATCH", "ROUNDING", "SCORE_MISMATCH", "SCORE_ABOVE_WEIGHT", "TOTAL_SUM", "TOTAL_DIFFERS",
          "FULL_MARKS_MISSED_TARGET", "QUAL_OUT_OF_TIER", "QUAL_JUDGEMENT", "NOT_APPLICABLE_SCORED", "GRADE_MISMATCH"}


def _值(v):
    p = 解析指标值(v)
    number = p.数值.normalize() if p.数值 is not None else None
    op = (p.比较 or "≥") if p.类型 == "定量" else None  # no sign means ≥
    return (p.类型, op, number, p.单位, p.文本)


def _实际(v):
    p = 解析指标值(v)
    return (p.类型, p.数值.normalize() if p.数值 is not None else None, p.单位, p.文本)


def _金额(v, unit):
    d = 解析金额(v, unit)
    return None if d is None else d.normalize()


def 规范(form) -> dict:
    """The inputs of a form, as the core reads them (what a round trip must keep)."""
    unit = form.金额单位
    funds = {
        name: [_金额(getattr(row, c), unit) for c in ("年初预算数", "全年预算数", "全年执行数")]
        + ([读分值(row.分值)] if name == "年度资金总额" else [])
        for name, row in form.资金.items()
    }
    rows = [
        (r.一级, r.二级, r.三级, _值(r.年度指标值), _实际(r.实际完成值), 读分值(r.分值),
         r.偏差原因分析及改进措施, None if 是占位符(r.人工得分) else Decimal(str(r.人工得分)).normalize())
        for r in form.指标
    ]
    return {
        "head": (form.id, form.项目名称, form.主管部门, form.实施单位, str(form.年度), unit),
        "goals": (form.预期目标, form.实际完成情况),
        "funds": funds,
        "rows": rows,
    }


def _按工作簿填报(form, sheet: dict):
    """The JSON form with its stated computed values replaced by what the workbook computes."""
    f = copy.deepcopy(form)
    want = 核心预期(f, sheet["口径"], sheet["人工得分"], sheet["cells"]["得分"])
    ok = lambda v: None if v == "" or (isinstance(v, str) and v.startswith("#")) else v
    total = f.资金["年度资金总额"]
    total.执行率, total.得分 = ok(want["预算执行率"]), ok(want["预算执行率得分"])
    for r, s, m in zip(f.指标, want["得分"], sheet["人工得分"]):
        r.得分, r.人工得分 = ok(s), m
    f.总分_得分, f.等级 = ok(want["总得分"]), ok(want["等级"])
    weights = [读分值(w) for w in (total.分值, *(r.分值 for r in f.指标))]
    f.总分_分值 = sum((w for w in weights if w is not None), Decimal(0))  # the 分值合计 cell
    f.口径 = sheet["口径"]
    return f


def _发现(result, skip: frozenset[str] = frozenset()) -> list[tuple]:
    return sorted((f.level, f.code, f.message, tuple(sorted((k, v) for k, v in f.where.items() if k != "cell")))
                  for f in result.findings if f.code not in skip)


# --- round trip ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_fill_then_read_gives_the_same_forms(版式名, 已填, 种子表单) -> None:
    path, _ = 已填[版式名]
    read = sources.读取(path)  # through the registry, as `jixiao audit` does
    assert [f.id for f in read] == [f.id for f in 种子表单]
    for original, back in zip(种子表单, read):
        a, b = 规范(original), 规范(back)
        assert a["head"] == b["head"] and a["goals"] == b["goals"]
        assert a["funds"] == b["funds"], original.id
        assert a["rows"] == b["rows"], original.id
        assert back.口径 == "财政部" and back.来源 == str(path)


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_audit_of_the_workbook_equals_audit_of_the_json_with_cells(版式名, 已填, 种子表单, 模板目录, 边界表单, tmp_path) -> None:
    path, _ = 已填[版式名]
    _, edge = 边界表单
    edge_path = tmp_path / "边界.xlsx"
    notes = 填入(模板目录 / 版式表[版式名].文件名, edge, edge_path).提示
    # The 兼容版 holds values as the core read them (0.93 → 93 in the % column): fill reports
    # those readings, so the workbook has nothing left to interpret.
    skip = frozenset({"VALUE_INTERPRETED"}) if 版式名 == "兼容版" else frozenset()
    if skip:
        assert any("实际完成值0.93未写%，按93%理解" in n for n in notes)
        assert any("未写比较符号，指标性质按“≥”（正向）填写" in n for n in notes)
    with_cells = 0
    for book, forms in ((path, 种子表单), (edge_path, edge)):
        wb = openpyxl.load_workbook(book)
        for form, sheet, back in zip(forms, 计算格位置(book), 读取模板(book), strict=True):
            expected = 审核(_按工作簿填报(form, sheet))
            got = 审核(back)
            assert _发现(got, skip) == _发现(expected, skip), form.id
            assert (got.总分, got.等级, got.执行率得分) == (expected.总分, expected.等级, expected.执行率得分)
            for f in got.findings:
                cell = f.where.get("cell")
                if cell is None:
                    continue
                with_cells += 1
                sheet_name, addr = cell.rsplit("!", 1)
                assert sheet_name.strip("'") == sheet["sheet"]
                header = wb[sheet["sheet"]].cell(12, wb[sheet["sheet"]][addr].column).value
                if f.where["row"].startswith("指标第"):
                    assert header == {"年度指标值": "指标值" if 版式名 == "兼容版" else "年度指标值"}.get(
                        f.where["column"], f.where["column"]).replace("三级", "三级指标"), (f.code, cell)
    assert with_cells > 20


def test_raw_seed_findings_differ_only_by_the_stated_numbers(已填, 种子表单) -> None:
    path, _ = 已填["函数版"]
    for form, back in zip(种子表单, 读取模板(path)):
        from_json = {(f.code, f.where["row"]) for f in 审核(form).findings}
        from_book = {(f.code, f.where["row"]) for f in 审核(back).findings}
        assert {code for code, _ in from_json - from_book} <= 陈述类, form.id
        # a 不适用 row with points: the JSON states 5 (NOT_APPLICABLE_SCORED), the workbook states nothing
        assert {code for code, _ in from_book - from_json} <= {"NOT_APPLICABLE_WEIGHTED", "SCORE_MISSING"}, form.id


# --- stated values ---------------------------------------------------------------------------------------------


def test_a_number_typed_over_a_formula_is_what_the_form_states(已填, tmp_path) -> None:
    path, _ = 已填["函数版"]
    changed = tmp_path / "改过.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["发放社会保障 IC 卡业务费"]
    ws["H13"] = 20  # 持卡人数: the rule gives 15 of 15
    ws["I6"] = 6  # 执行率得分: the rule gives 4.74
    wb.save(changed)
    form = 读取模板(changed)[1]
    assert form.指标[0].得分 == 20 and form.资金["年度资金总额"].得分 == 6
    found = {(f.code, f.where.get("cell")) for f in 审核(form).findings}
    assert ("SCORE_ABOVE_WEIGHT", "'发放社会保障 IC 卡业务费'!H13") in found
    assert ("SCORE_MISMATCH", "'发放社会保障 IC 卡业务费'!I6") in found
    assert ("TOTAL_DIFFERS", "'发放社会保障 IC 卡业务费'!H22") in found  # the total formula still sums the cells


def test_cells_are_found_by_name_not_by_position(已填, tmp_path) -> None:
    path, _ = 已填["函数版"]
    moved = tmp_path / "挪过.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["金保工程运行费"]
    ws["K9"] = ws["B3"].value  # the project name now lives elsewhere; the name follows it
    ws["B3"] = None
    ws.defined_names["项目名称"].attr_text = "金保工程运行费!$K$9"
    wb.save(moved)
    form = 读取模板(moved)[0]
    assert form.项目名称 == "金保工程运行费" and form.位置["项目名称"] == "金保工程运行费!K9"


def test_blank_template_has_no_forms_and_other_workbooks_are_refused(模板目录, tmp_path) -> None:
    assert 读取模板(模板目录 / "项目支出绩效自评表.xlsx") == []
    other = tmp_path / "别的.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(绩效自评错误, match="找不到名称“指标表”"):
        sources.读取(other)
    broken = tmp_path / "缺名称.xlsx"
    shutil.copy(模板目录 / "项目支出绩效自评表.xlsx", broken)
    wb = openpyxl.load_workbook(broken)
    del wb["自评表"].defined_names["全年预算数"]
    wb.save(broken)
    with pytest.raises(绩效自评错误, match="工作表“自评表”缺少名称“全年预算数”"):
        读取模板(broken)


# --- files as Excel saves them: cached values with the formulas, shared formulas ------------------------


def test_someones_own_formula_states_the_value_saved_with_it(已填, tmp_path) -> None:
    from workbook_templates.package_patch import 写入缓存值

    path, _ = 已填["函数版"]
    changed = tmp_path / "自己的公式.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["发放社会保障 IC 卡业务费"]["H13"] = "=15-2"  # not the template's formula: its value is what Excel showed
    wb.save(changed)
    写入缓存值(changed, {"发放社会保障 IC 卡业务费": {"H13": 13}})
    form = 读取模板(changed)[1]
    assert form.指标[0].得分 == 13
    assert "'发放社会保障 IC 卡业务费'!H13" in {f.where.get("cell") for f in 审核(form).findings}


def _共享公式(xml: str, column: str, first: int, last: int) -> str:
    """A column's formulas as Excel stores a filled-down formula: written once, shared by the cells below."""
    import re

    def cell(r: int) -> re.Pattern:
        return re.compile(rf'(<c r="{column}{r}"[^>]*>)<f>(.*?)</f>')

    xml, n = cell(first).subn(rf'\1<f t="shared" ref="{column}{first}:{column}{last}" si="0">\2</f>', xml)
    assert n == 1
    for r in range(first + 1, last + 1):
        xml, n = cell(r).subn(r'\1<f t="shared" si="0"/>', xml)
        assert n == 1, r
    return xml


def _共享字符串(path: Path, out: Path) -> None:
    """``path`` with its text in a shared string table, as Excel saves every workbook (openpyxl writes
    inline strings; a reader that only knew those would fail on every file Excel saved)."""
    import re
    import zipfile

    table: list[str] = []
    index: dict[str, int] = {}

    def shared(m: re.Match) -> str:
        text = m.group(2)
        if text not in index:
            index[text] = len(table)
            table.append(text)
        return f'{m.group(1)} t="s"><v>{index[text]}</v></c>'

    inline = re.compile(r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = inline.sub(shared, data.decode()).encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(info, data)
        dst.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{len(table)}" uniqueCount="{len(table)}">'
                     + "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in table) + "</sst>")
    assert len(table) > 50


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_text_in_a_shared_string_table_reads_the_same(版式名, 已填, tmp_path) -> None:
    path, _ = 已填[版式名]
    shared = tmp_path / "共享字符串.xlsx"
    _共享字符串(path, shared)
    before, after = 读取模板(path), 读取模板(shared)
    assert [f.id for f in after] == [f.id for f in before] and len(after) >= 10
    for a, b in zip(before, after):
        assert (a.项目名称, a.总分_得分, a.等级) == (b.项目名称, b.总分_得分, b.等级)
        assert [(r.三级, r.年度指标值, r.实际完成值, r.得分) for r in a.指标] == \
            [(r.三级, r.年度指标值, r.实际完成值, r.得分) for r in b.指标]


def test_shared_formulas_read_as_the_formulas_they_stand_for(已填, tmp_path) -> None:
    import zipfile

    path, _ = 已填["兼容版"]
    shared = tmp_path / "共享公式.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(shared, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":  # the first form: 得分 in J13:J23
                data = _共享公式(data.decode(), "J", 13, 23).encode()
            dst.writestr(info, data)
    before, after = 读取模板(path)[0], 读取模板(shared)[0]
    # each shared cell is the template's formula for its own row, so it states the rule's score
    assert [r.得分 for r in after.指标] == [r.得分 for r in before.指标]
    assert sum(r.得分 is not None for r in after.指标) >= 8
    assert [(f.code, f.where.get("cell")) for f in 审核(after).findings] == \
        [(f.code, f.where.get("cell")) for f in 审核(before).findings]
