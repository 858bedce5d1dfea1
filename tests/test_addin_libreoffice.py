"""LibreOffice opens the shipped macro files and runs their VBA.

LibreOffice imports the VBA project of the .xlsm (and of the add-in, once its
content type says "workbook": LibreOffice does not open .xlam files), lists
the modules under their Chinese names, and runs ``版本号()`` from a cell.

LibreOffice Basic cannot compile two modules that are valid VBA and come from
xlwings unchanged: ``xlwings.bas`` (``#If`` around procedure headers) and
``Dictionary.cls`` (an ``Enum`` of ``VBA.*`` constants); one module that does
not compile stops the whole library.  So, in memory only, the script replaces
them with a stand-in ``xlwings`` module whose ``RunPython`` records its
command, and then presses every ribbon button by calling its callback.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from lo_support import run_vba, vba_office

pytestmark = pytest.mark.libreoffice

from addin import vba_modules as vm
from addin.package import build_macro_files, 主内容类型
from addin.ribbon import 按钮

# Run in LibreOffice's Python with the document open (tests/lo_support.run_vba); prints one JSON object.
_PROBE = r'''
import json
callbacks = json.loads(argv[0])
STAND_IN = """Option VBASupport 1
Private 上次命令 As String
Public Function RunPython(PythonCommand As String)
    上次命令 = PythonCommand
End Function
Public Function LastCommand() As String
    LastCommand = 上次命令
End Function
Public Function XLPy() As Object
    Set XLPy = New StandInPy
End Function
""" + "".join(
    # a ribbon passes an IRibbonControl; from Basic, Nothing stands in for it
    "Public Function Press_%s() As String\n    %s Nothing\n    Press_%s = 上次命令\nEnd Function\n" % (n, n, n)
    for n in callbacks
)
STAND_IN_PY = """Option VBASupport 1
Option ClassModule
Public Function Module(name)
    Module = name
End Function
"""
out = {}
libraries = doc.BasicLibraries
out["modules"] = {n: sorted(libraries.getByName(n).getElementNames()) for n in libraries.getElementNames()}
lib = libraries.getByName("VBAProject")
out["sources"] = {n: lib.getByName(n) for n in lib.getElementNames()}
out["sheets"] = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.getCount())]
out["codenames"] = [doc.Sheets.getByIndex(i).CodeName for i in range(doc.Sheets.getCount())]

lib.removeByName("xlwings")
lib.removeByName("Dictionary")
lib.insertByName("xlwings", STAND_IN)
lib.insertByName("StandInPy", STAND_IN_PY)

cell = doc.Sheets.getByIndex(0).getCellByPosition(40, 0)
cell.setFormula("=版本号()")
doc.calculateAll()
out["version_cell"] = cell.getString()

provider = doc.getScriptProvider()
def run(module, name, params=()):
    url = "vnd.sun.star.script:VBAProject." + module + "." + name + "?language=Basic&location=document"
    return provider.getScript(url).invoke(tuple(params), (), ())[0]
out["commands"] = {name: run("xlwings", "Press_" + name) for name in callbacks}
run("绩效自评功能区", "JX_StartPython")
out["start_python"] = "ok"
print(json.dumps(out, ensure_ascii=False))
'''


@pytest.fixture(scope="module")
def office() -> tuple[str, str]:
    return vba_office()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from workbook_templates.build import 生成

    folder = tmp_path_factory.mktemp("shipped")
    template = next(p for p in 生成(folder) if p.name == "项目支出绩效自评表.xlsx")
    xlsm, xlam = build_macro_files(template, folder / "out")
    # LibreOffice does not open add-ins: the same package, declared a macro-enabled workbook
    as_workbook = folder / "加载项.xlsm"
    with zipfile.ZipFile(xlam) as src, zipfile.ZipFile(as_workbook, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(主内容类型["xlam"].encode(), 主内容类型["xlsm"].encode())
            dst.writestr(info, data)
    return {"xlsm": xlsm, "xlam": as_workbook}


def _probe(office: tuple[str, str], document: Path, tmp_path: Path) -> dict:
    callbacks = json.dumps([b.回调 for b in 按钮])
    result = run_vba(office, document, tmp_path, f"jixiao_addin_{os.getpid()}_{tmp_path.name}", _PROBE, callbacks,
                     timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _as_libreoffice_shows(source: str) -> str:
    """LibreOffice drops the Attribute lines, uses LF and prepends two lines of its own."""
    return source.replace("\r\n", "\n").rstrip("\n")


@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_libreoffice_lists_the_modules_and_runs_the_pure_vba_function(
    office: tuple[str, str], shipped: dict[str, Path], kind: str, tmp_path: Path,
) -> None:
    seen = _probe(office, shipped[kind], tmp_path)
    generated = {m.name: m.source for m in vm.标准模块(kind)}
    sheets = ["Sheet1", "Sheet2", "Sheet3"] if kind == "xlsm" else ["Sheet1", "Sheet2"]
    assert seen["modules"]["VBAProject"] == sorted(["ThisWorkbook", *sheets, *generated])
    for name in ("绩效自评函数", "绩效自评功能区"):  # the Chinese text as a third reader decodes it
        lines = seen["sources"][name].split("\n")
        assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
        assert "\n".join(lines[2:]).rstrip("\n") == _as_libreoffice_shows(generated[name])
    assert seen["codenames"] == sheets
    assert seen["sheets"][-1] == vm.配置表名[kind]
    assert seen["version_cell"] == vm.jixiao版本()


@pytest.mark.parametrize("kind", ["xlsm", "xlam"])
def test_libreoffice_presses_every_button(office: tuple[str, str], shipped: dict[str, Path], kind: str, tmp_path: Path) -> None:
    seen = _probe(office, shipped[kind], tmp_path)
    assert seen["commands"] == {b.回调: vm.RunPython命令(b.目标) for b in 按钮}
    assert all(re.fullmatch(r"import addin\.buttons as m; getattr\(m, '(\\u[0-9a-f]{4}|\w)+'\)\(\)", c) and c.isascii()
               for c in seen["commands"].values())
    assert seen["start_python"] == "ok"
