"""Excel 97-2003 workbooks (.xls): read by their labels like the .xlsx they would be.

The files in tests/data/xls were saved by LibreOffice ("MS Excel 97" filter) from .xlsx files of
the tests: the 黄山 and 上海 layout workbooks (numbers with percentage formats, merged cells) and
the 12 real published forms laid out as printed (tests/real_forms.py).  Each must give the same
forms, scores, findings and cell addresses as its .xlsx.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from real_forms import ids, 写工作簿, 表单

from addin.cli import cli
from udfs.audit import 审核
from udfs.errors import 表单格式有误
from workbook_templates import readers

DATA = Path(__file__).parent / "data"
XLS = DATA / "xls"


def _审核(path: Path) -> list[dict]:
    out = []
    for form in readers.读取(path):
        result = 审核(form).as_json()
        result["findings"] = [(f["level"], f["code"], f["message"], f["where"].get("cell")) for f in result["findings"]]
        out.append(result)
    return out


@pytest.mark.parametrize("name", ["黄山_自评表", "上海_自评表"])
def test_an_xls_reads_as_the_xlsx_it_was_saved_from(name: str) -> None:
    xls, xlsx = _审核(XLS / f"{name}.xls"), _审核(DATA / "layouts" / f"{name}.xlsx")
    assert len(xls) == len(xlsx) >= 3
    assert xls == xlsx
    # percentages come through as the sheet shows them, whether typed as text or as formatted numbers
    assert any("%" in str(row.实际完成值) for form in readers.读取(XLS / f"{name}.xls") for row in form.指标)


def test_the_real_forms_as_xls(tmp_path: Path) -> None:
    xlsx = 写工作簿([表单(i) for i in ids()], tmp_path / "真实自评表_12张.xlsx")
    got, want = _审核(XLS / "真实自评表_12张.xls"), _审核(xlsx)
    assert len(got) == len(ids()) == 12
    assert got == want


def test_a_folder_with_xls_files_audits_them(tmp_path: Path) -> None:
    folder = tmp_path / "收到的表"
    folder.mkdir()
    shutil.copy(XLS / "黄山_自评表.xls", folder)
    shutil.copy(DATA / "self_eval_forms.json", folder / "自评表.json")
    r = CliRunner().invoke(cli, ["audit", "--json", str(folder)], prog_name="jixiao")
    assert r.exit_code == 1, r.output
    forms = json.loads(r.stdout)["forms"]
    assert len(forms) == 13 + 3 and "跳过" not in r.stderr


def test_a_bad_xls_is_said_in_chinese_and_the_rest_goes_on(tmp_path: Path) -> None:
    renamed = tmp_path / "其实是xlsx.xls"
    shutil.copy(DATA / "layouts" / "黄山_自评表.xlsx", renamed)
    with pytest.raises(表单格式有误, match="内容却是 .xlsx 工作簿：请把扩展名改为 .xlsx"):
        readers.读取(renamed)
    damaged = tmp_path / "坏.xls"
    damaged.write_bytes((XLS / "黄山_自评表.xls").read_bytes()[:3000])
    r = CliRunner().invoke(cli, ["audit", str(damaged), str(renamed), str(XLS / "上海_自评表.xls")], prog_name="jixiao")
    assert r.exit_code == 2
    assert f"无法读取 {damaged}：" in r.output and "Traceback" not in r.output
    assert "共审核 10 张自评表（1 个文件）" in r.output and "2 个文件无法读取" in r.output
