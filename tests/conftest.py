"""Shared test fixtures: the seed forms and systems copied from ../shared/fixtures."""

from __future__ import annotations

import copy
import json
import shutil
import struct
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

# Fixtures that start LibreOffice: a test using one (directly or through another fixture) is marked
# ``libreoffice``, so ``pytest -m "not libreoffice"`` is the fast lane without a spreadsheet engine.
_引擎夹具 = {"函数office", "原生office", "seven_zip_vba_office"}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if _引擎夹具 & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.libreoffice)


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_forms_json() -> dict:
    """The 13 transcribed seed forms, as printed (mistakes included)."""
    return _load("self_eval_forms.json")


@pytest.fixture()
def seed_form(seed_forms_json):
    """A deep copy of one seed form by id, safe to mutate."""

    def get(form_id: str) -> dict:
        for f in seed_forms_json["forms"]:
            if f["id"] == form_id:
                return copy.deepcopy(f)
        raise KeyError(form_id)

    return get


@pytest.fixture(scope="session")
def seed_systems_json() -> dict:
    return _load("evaluation_systems.json")


# --- workbook templates (tests/test_template_*.py) ------------------------------------------


@pytest.fixture(scope="session")
def 种子表单():
    """The 13 seed forms as udfs.forms.自评表 (read from this repository's copy)."""
    from udfs.forms import 读取表单

    return 读取表单(DATA / "self_eval_forms.json")


@pytest.fixture(scope="session")
def 模板目录(tmp_path_factory) -> Path:
    """The output of ``jixiao build`` (both workbooks), built once per session."""
    from workbook_templates.build import 生成

    out = tmp_path_factory.mktemp("模板")
    生成(out)
    return out


@pytest.fixture(scope="session")
def 已填(模板目录, 种子表单, tmp_path_factory) -> dict:
    """Every seed form filled into both builds (default 口径): {版式名: (path, 填表结果)}."""
    from workbook_templates.fill import 填入
    from workbook_templates.form_layout import 版式表

    out = tmp_path_factory.mktemp("已填")
    filled = {}
    for name, v in 版式表.items():
        target = out / f"种子_{name}.xlsx"
        filled[name] = (target, 填入(模板目录 / v.文件名, 种子表单, target))
    return filled


def 核心预期(form, 口径: str | None, 人工得分: list, 得分格: list[str] | None = None) -> dict:
    """What every computed cell of a filled form must show, by the scoring core's Excel functions.

    Computed from the form as written (free text, as in the JSON), not from the workbook:
    a wrong split of the 兼容版 or a wrong formula cannot agree with it by accident.  A total
    that cannot be computed names the first row to fix (``得分格``: the score cells' addresses).
    """
    import re

    import udfs

    total = form.资金["年度资金总额"]
    rate_score = udfs.执行率得分(total.全年执行数, total.全年预算数, total.分值, 口径)
    scores = [udfs.指标得分(r.年度指标值, r.实际完成值, r.分值, 口径, m) for r, m in zip(form.指标, 人工得分)]
    wrong = [i for i, s in enumerate(scores) if isinstance(s, str) and s.startswith("#")]
    if isinstance(rate_score, str) and rate_score.startswith("#"):
        overall = "#请改正执行率"
    elif wrong:
        row = re.sub(r"\D", "", 得分格[wrong[0]]) if 得分格 else "?"
        overall = f"#请改正第{row}行"
    else:
        overall = udfs.总分(rate_score, [[s] for s in scores])
    weights = [[r.分值] for r in form.指标]
    return {
        "预算执行率": udfs.执行率(total.全年执行数, total.全年预算数),
        "预算执行率得分": rate_score,
        "得分": scores,
        "偏差提示": [udfs.偏差提示(r.分值, s, r.偏差原因分析及改进措施) for r, s in zip(form.指标, scores)],
        "计分说明": [udfs.指标得分说明(r.年度指标值, r.实际完成值, r.分值, 口径, m) for r, m in zip(form.指标, 人工得分)],
        "总得分": overall,
        "等级": "" if isinstance(overall, str) else udfs.评价等级(overall, 口径),
        "分值检查": udfs.分值检查(total.分值, weights, 口径),
    }


@pytest.fixture(scope="session")
def 预期():
    return 核心预期


def _边界指标() -> list[dict]:
    """Indicator rows that reach every branch of the rules (and of the 兼容版 formulas)."""
    rows = [
        ("≥28万人", "29 万人", "10", None),       # met
        ("≥120万人", "100万人", "15", None),      # 正向 missed: B/A × w
        ("≤10%", "12%", "10", None),              # 反向 missed: A/B × w, or the 一体化 line
        ("≤10%", "25%", "10", None),              # 反向 at 2A and beyond: 0 under 一体化
        ("=100%", "96.78%", "20", None),          # = under the target: 19.36
        ("=100%", "105%", "10", None),            # = overshot: the 反向 curve
        ("=0次", "0次", "5", None),               # zero target met
        ("=0次", "2次", "5", None),               # zero target missed: 0
        (">90%", "90%", "5", None),               # strict, not met, ratio 1
        ("<5毫秒", "4毫秒", "3", None),            # strict, met
        ("≤2小时", "30分钟", "5", None),           # units converted
        ("95%", "0.93", "5", None),               # no sign (≥) and a percentage written as 0.93
        ("≥3年", "-1年", "4", None),              # a negative actual counts as 0
        ("健全", "基本健全", "5", None),           # 部分达成: the profile's default
        ("健全", "基本健全", "5", "3"),            # 人工得分 inside the tier
        ("完善", "不完善", "4", None),             # 未达成
        ("提升", "提升", "4", None),               # 达成
        ("不适用", "达成预期指标", "0", None),      # not applicable, no points: empty
        (None, None, "0", None),                   # placeholder row
        ("≥90%", "95%", "5", "6"),                # 人工得分 above 分值
        ("健全", "健全", "5", "2"),                # 人工得分 below the 达成 tier
        ("<0次", "0次", "2", None),               # a target that cannot be met
        ("≥85%", "99%", "3.333", None),           # a weight with 3 decimals: 3.33
        ("不适用", "—", "5", None),                # not applicable but weighted
        ("≥1000元", "1,250元", "3", None),         # thousands separator
    ]
    return [
        {"一级": "产出指标", "二级": "数量指标", "三级": f"边界{i}", "年度指标值": t, "实际完成值": a, "分值": w,
         "得分": None, "偏差原因分析及改进措施": None, **({"人工得分": m} if m else {})}
        for i, (t, a, w, m) in enumerate(rows, 1)
    ]


@pytest.fixture(scope="session")
def 边界表单(tmp_path_factory):
    """One synthetic form per profile, covering every branch; (json path, forms)."""
    from udfs.forms import 读取表单
    from udfs.profiles import 口径列表

    forms = []
    for name in 口径列表():
        forms.append({
            "id": f"边界-{name}", "year": 2024, "amount_unit": "万元", "口径": name,
            "项目名称": f"边界用例（{name}口径）", "主管部门": "测试部门", "实施单位": "测试单位",
            "funds": {"年度资金总额": {"年初预算数": "0", "全年预算数": "120", "全年执行数": "130.5", "分值": "10"},
                      "本年财政拨款": {"年初预算数": "0", "全年预算数": "120", "全年执行数": "130.5", "分值": "—"}},
            "年度总体目标": {"预期目标": "覆盖每条计分规则。", "实际完成情况": "见各指标。"},
            "indicators": _边界指标(),
            "总分_分值": "100",
        })
    path = tmp_path_factory.mktemp("边界") / "边界.json"
    path.write_text(json.dumps({"forms": forms}, ensure_ascii=False), encoding="utf-8")
    return path, 读取表单(path)


def 名称地址(ws, name: str) -> str:
    """The cell or range a sheet-scoped name points to, without $ ("B13:I21")."""
    (_, ref), = ws.defined_names[name].destinations
    return ref.replace("$", "")


def _有表的表单(path, 表: str):
    """(sheet, first row, last row of the named table ``表``) for every sheet of the workbook that has it."""
    import openpyxl

    for ws in openpyxl.load_workbook(path).worksheets:
        if 表 in ws.defined_names:
            first, _, last = 名称地址(ws, 表).partition(":")
            yield ws, ws[first].row, ws[last].row


def 计算格位置(path) -> list[dict]:
    """For each form sheet of a filled workbook: the addresses of its computed and 人工得分 cells."""
    out = []
    for ws, r1, r2 in _有表的表单(path, "指标表"):
        header = {ws.cell(r1 - 1, c).value: ws.cell(r1 - 1, c).column_letter for c in range(1, ws.max_column + 1)
                  if ws.cell(r1 - 1, c).value}
        rows = range(r1, r2 + 1)
        cells = {name: 名称地址(ws, name) for name in ("预算执行率", "预算执行率得分", "总得分", "等级", "分值合计")}
        cells["分值检查"] = ws[名称地址(ws, "口径")].offset(4, 0).coordinate
        for key in ("得分", "偏差提示", "计分说明"):
            if key in header:
                cells[key] = [f"{header[key]}{r}" for r in rows]
        out.append({
            "sheet": ws.title, "cells": cells,
            "人工得分": [ws[f"{header['人工得分']}{r}"].value for r in rows],
            "口径": ws[名称地址(ws, "口径")].value,
        })
    return out


@pytest.fixture(scope="session")
def 计算格():
    return 计算格位置


# --- evaluation-system workbooks (tests/test_system_*.py) -------------------------------------------

EXAMPLE_SYSTEMS = Path(__file__).parent.parent / "udfs" / "examples" / "evaluation_systems.json"


@pytest.fixture(scope="session")
def 种子体系():
    """Both seed systems with a structured 评分规则 on every arithmetic leaf (udfs/examples)."""
    from udfs.evaluation import 读取体系

    return 读取体系(EXAMPLE_SYSTEMS)


@pytest.fixture(scope="session")
def 原始体系():
    """The raw fixture copy: no rules, so every leaf is manual."""
    from udfs.evaluation import 读取体系

    return 读取体系(DATA / "evaluation_systems.json")


@pytest.fixture(scope="session")
def 体系模板目录(tmp_path_factory) -> Path:
    """The two evaluation-system workbooks of ``jixiao build``, built once per session."""
    from workbook_templates.system_build import 生成体系

    out = tmp_path_factory.mktemp("体系模板")
    生成体系(out)
    return out


@pytest.fixture(scope="session")
def 已填体系(体系模板目录, 种子体系, 原始体系, tmp_path_factory) -> dict:
    """Both seed systems filled into both builds, from the example and from the raw fixture:
    {(来源, 版式名): (path, 填表结果)} with 来源 "示例" or "原始"."""
    from workbook_templates.system_fill import 填入体系
    from workbook_templates.system_layout import 体系版式表

    out = tmp_path_factory.mktemp("已填体系")
    filled = {}
    for source, systems in (("示例", 种子体系), ("原始", 原始体系)):
        for name, v in 体系版式表.items():
            target = out / f"{source}_{name}.xlsx"
            filled[(source, name)] = (target, 填入体系(体系模板目录 / v.文件名, systems, target))
    return filled


def 体系表头(ws, row: int | None = None) -> dict[str, str]:
    """header text -> column letter of an evaluation-system table, a level's name and 分值 columns
    as 名称k / 分值k (the reader's reading); the header is the row above 体系表 unless ``row`` is given."""
    if row is None:
        row = ws[名称地址(ws, "体系表").split(":")[0]].row - 1
    header, level = {}, 0
    for cell in ws[row]:
        text = cell.value
        if isinstance(text, str) and text.endswith("级指标"):
            level = "一二三四".index(text[0]) + 1
            header[f"名称{level}"] = cell.column_letter
        elif text == "分值" and level:
            header.setdefault(f"分值{level}", cell.column_letter)
        elif text:
            header.setdefault(text, cell.column_letter)
    return header


def 体系格位置(path) -> list[dict]:
    """For each system sheet of a workbook: its leaf rows, group rows (with their paths) and named cells."""
    out = []
    for ws, r1, r2 in _有表的表单(path, "体系表"):
        header = 体系表头(ws, r1 - 1)
        leaves, groups, parts, stack = [], [], [], []
        for r in range(r1, r2 + 1):
            kind = ws[f"{header['行类型']}{r}"].value
            lv = ws[f"{header['层级']}{r}"].value
            if kind == "指标组":
                stack = [s for s in stack if s[0] < lv] + [(lv, ws[f"{header[f'名称{lv}']}{r}"].value)]
                groups.append({"row": r, "path": tuple(n for _, n in stack), "分值": f"{header[f'分值{lv}']}{r}",
                               "得分": f"{header['得分']}{r}", "下级分值合计": f"{header['下级分值合计']}{r}",
                               "检查": f"{header['检查']}{r}"})
            elif kind == "末级指标":
                leaves.append({"row": r, "得分": f"{header['得分']}{r}", "检查": f"{header['检查']}{r}",
                               "分值": f"{header[f'分值{lv}']}{r}", "层级": lv})
            elif kind == "子规则":
                parts.append({"row": r, "得分": f"{header['得分']}{r}"})
        out.append({"sheet": ws.title, "header": header, "leaves": leaves, "groups": groups, "parts": parts,
                    "cells": {n: 名称地址(ws, n) for n in ("总得分", "等级", "分值合计", "体系名称", "年度", "体系编号")}})
    return out


@pytest.fixture(scope="session")
def 体系格():
    return 体系格位置


# --- LibreOffice (tests/lo_support.py: skipped without it, failed under JIXIAO_REQUIRE_LIBREOFFICE=1) ---


@pytest.fixture(scope="module")
def 函数office():
    """LibreOffice with the project's functions (the Basic bridge to ``udfs``)."""
    from lo_support import skip_without_libreoffice

    from workbook_templates import engine

    skip_without_libreoffice()
    office = engine.启动(timeout=120)
    try:
        yield office
    finally:
        office.close()


@pytest.fixture(scope="module")
def 原生office():
    """LibreOffice with no Python bridge: what WPS/Excel users without the add-in have."""
    from lo_support import skip_without_libreoffice

    from workbook_templates.engine.office import Office

    skip_without_libreoffice(script_provider=False)
    with Office(timeout=120) as office:
        yield office


# --- VBA projects (tests/test_vbaproject.py, tests/test_addin_package.py) -------------------------


@pytest.fixture(scope="session")
def seven_zip() -> str:
    path = shutil.which("7z")
    if path is None:
        pytest.skip("7z missing: apt-get install -y p7zip-full")
    return path


def dir_records(project: bytes) -> list[tuple[int, bytes]]:
    """(id, payload) of every record of the decompressed VBA/dir stream of a vbaProject.bin."""
    import warnings

    import olefile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses pre-3.0 pyparsing names
        from oletools.olevba import decompress_stream

    data = decompress_stream(bytearray(olefile.OleFileIO(project).openstream("VBA/dir").read()))
    records, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: "size" is Reserved=4, the payload is 6 bytes
            size = 6
        records.append((record_id, bytes(data[pos + 6 : pos + 6 + size])))
        pos += 6 + size
    return records
