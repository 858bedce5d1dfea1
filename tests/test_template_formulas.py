"""Fast in-process recalculation with the ``formulas`` engine: every computed cell == the core.

``formulas`` 1.3.4 cannot parse a function name that starts with a CJK character and
does not know sheet-scoped names, so the workbook is adapted the way Excel itself
marks unknown functions (platform-notes.md): calls to the project's functions become
``_xludf.执行率得分(...)`` and are registered as custom functions, and defined names
are replaced by the ranges they name.  Text that starts with "=" (the target "=100%")
is text in the workbook; ``formulas`` would parse it, so it gets a formula yielding it.
Nothing else is changed: the native formulas of the 兼容版 run as written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import 核心预期, 计算格位置
from openpyxl.formula.tokenizer import Token, Tokenizer

import udfs
from workbook_templates.fill import 填入

formulas = pytest.importorskip("formulas")
# The ``formulas`` engine is a spreadsheet engine too (and takes half a minute): not in the fast lane.
pytestmark = pytest.mark.libreoffice
schedula = pytest.importorskip("schedula")

函数名 = {f.名称 for f in udfs.函数清单()}


def _改写(formula: str, ws, wb) -> str:
    parts = []
    for t in Tokenizer(formula).items:
        v = t.value
        if t.type == Token.FUNC and t.subtype == Token.OPEN and v[:-1] in 函数名:
            v = "_xludf." + v
        elif t.type == Token.OPERAND and t.subtype == Token.RANGE:
            sheet, _, name = v.rpartition("!")
            scope = wb[sheet.strip("'").replace("''", "'")] if sheet else ws
            dn = scope.defined_names.get(name) or (wb.defined_names.get(name) if not sheet else None)
            if dn is not None:
                v = dn.attr_text
        parts.append(v)
    return "=" + "".join(parts)


def _参数(a):
    if isinstance(a, formulas.ranges.Ranges):
        a = a.value
    if isinstance(a, np.ndarray):
        rows = [[None if x is schedula.EMPTY else (x.item() if isinstance(x, np.generic) else x) for x in r]
                for r in a.tolist()]
        return rows[0][0] if a.size == 1 else rows
    return None if a is schedula.EMPTY else a


def _注册() -> None:
    table = formulas.get_functions()
    for name in 函数名:
        table["_XLUDF." + name] = _包装(getattr(udfs, name))


def _包装(f):
    return lambda *args: f(*[_参数(a) for a in args])


def 计算(path: Path, tmp: Path) -> dict[tuple[str, str], object]:
    """Every cell's value after ``formulas`` recalculated the workbook: {(sheet, addr): value}."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    if c.data_type == "s":
                        c.value = '="' + c.value.replace('"', '""') + '"'
                    else:
                        c.value = _改写(c.value, ws, wb)
    adapted = tmp / "formulas.xlsx"
    wb.save(adapted)
    _注册()
    solution = formulas.ExcelModel().loads(str(adapted)).finish().calculate()
    out = {}
    for key, value in solution.items():
        book_sheet, _, addr = key.rpartition("!")
        if ":" in addr or "]" not in book_sheet:
            continue  # ranges, and names that are not cells
        v = value.value[0][0] if hasattr(value, "value") else value
        v = v.item() if isinstance(v, np.generic) else v
        out[(book_sheet.split("]", 1)[1].rstrip("'").upper(), addr)] = None if v is schedula.EMPTY else v
    return out


def _值(values, sheet: str, addr: str):
    v = values.get((sheet.upper(), addr))
    return str(v) if isinstance(v, formulas.tokens.operand.XlError) else v


def _对照(values, path: Path, forms) -> int:
    """Compare every computed cell of every form sheet with the core; returns the cells compared."""
    compared = 0
    for form, sheet in zip(forms, 计算格位置(path), strict=True):
        name, cells = sheet["sheet"], sheet["cells"]
        want = 核心预期(form, sheet["口径"], sheet["人工得分"], sheet["cells"]["得分"])
        for key in ("预算执行率", "预算执行率得分", "总得分", "等级"):
            assert _值(values, name, cells[key]) == want[key], (name, key)
        for key in ("得分", "偏差提示", "计分说明"):
            for i, addr in enumerate(cells.get(key, [])):
                got, expected = _值(values, name, addr), want[key][i]
                assert got == expected, (name, key, i + 1, form.指标[i].年度指标值, form.指标[i].实际完成值)
                compared += 1
        weights = [form.资金["年度资金总额"].分值, *(r.分值 for r in form.指标)]
        assert _值(values, name, cells["分值合计"]) == sum(float(w) for w in weights if w not in (None, "", "—"))
        assert _值(values, name, cells["分值检查"]) == want["分值检查"], name
        compared += 5
    return compared


@pytest.fixture(scope="module")
def 函数版结果(已填, tmp_path_factory):
    path, _ = 已填["函数版"]
    return path, 计算(path, tmp_path_factory.mktemp("fx函数"))


@pytest.fixture(scope="module")
def 兼容版结果(已填, tmp_path_factory):
    path, _ = 已填["兼容版"]
    return path, 计算(path, tmp_path_factory.mktemp("fx兼容"))


def test_function_build_recomputes_every_seed_form_to_the_core(函数版结果, 种子表单) -> None:
    path, values = 函数版结果
    assert _对照(values, path, 种子表单) > 13 * 20
    # spot checks against the seeds' own arithmetic (CHECKS.md)
    assert _值(values, "发放社会保障 IC 卡业务费", "I6") == 4.74
    assert _值(values, "2021年(社保卡中心)制卡设备更新及维护费", "H6") == 0.9827


def test_compat_build_recomputes_every_seed_form_to_the_core(兼容版结果, 种子表单) -> None:
    path, values = 兼容版结果
    assert _对照(values, path, 种子表单) > 13 * 10
    assert _值(values, "2021年(社保卡中心)社会保障卡制作费", "J13") == 19.36  # printed 19.4 in seed 004


def test_summary_sheet_follows_the_form_sheets(函数版结果, 兼容版结果) -> None:
    for path, values in (函数版结果, 兼容版结果):
        assert _值(values, "自评清单", "B5") == "发放社会保障 IC 卡业务费"
        assert _值(values, "自评清单", "E5") == 0.4739
        assert _值(values, "自评清单", "F5") == 94.74
        assert _值(values, "自评清单", "G5") == "优"
        assert _值(values, "自评清单", "A2") == "2024年度项目支出绩效自评清单"


@pytest.mark.parametrize("版式名", ["函数版", "兼容版"])
def test_every_rule_branch_and_profile(版式名: str, 模板目录, 边界表单, tmp_path: Path) -> None:
    from workbook_templates.form_layout import 版式表

    _, forms = 边界表单
    out = tmp_path / "边界.xlsx"
    填入(模板目录 / 版式表[版式名].文件名, forms, out)
    values = 计算(out, tmp_path)
    assert _对照(values, out, forms) >= 4 * 25
    sheets = [s["sheet"] for s in 计算格位置(out)]
    # the 反向 rule differs by profile: ≤10% against 12% is 8.33 (A/B) or 8.0 (一体化)
    by_profile = {f.口径: _值(values, s, "H15" if 版式名 == "函数版" else "J15") for f, s in zip(forms, sheets)}
    assert by_profile == {"财政部": 8.33, "一体化": 8.0, "湖北": 8.33, "上海": 8.33}
