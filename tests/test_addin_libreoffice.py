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

import udfs
from addin import selftest
from addin import vba_modules as vm
from addin.package import build_macro_files, 主内容类型
from addin.ribbon import 按钮
from workbook_templates.engine import bridge

ROOT = Path(__file__).resolve().parents[1]

# Run in LibreOffice's Python with the document open (tests/lo_support.run_vba); prints one JSON object.
_PROBE = r"""
import json, os
import uno
from com.sun.star.beans import PropertyValue

job = json.loads(argv[0])
scripts = os.path.join(uno.fileUrlToSystemPath(profile), "user", "Scripts", "python")
os.makedirs(scripts, exist_ok=True)
for name, text in job["scripts"].items():  # the Python the stand-ins call: read when first called
    with open(os.path.join(scripts, name), "w", encoding="utf-8") as f:
        f.write(text)

out = {}
libraries = doc.BasicLibraries
out["modules"] = {n: sorted(libraries.getByName(n).getElementNames()) for n in libraries.getElementNames()}
lib = libraries.getByName("VBAProject")
out["sources"] = {n: lib.getByName(n) for n in lib.getElementNames()}
out["sheets"] = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.getCount())]
out["codenames"] = [doc.Sheets.getByIndex(i).CodeName for i in range(doc.Sheets.getCount())]

lib.removeByName("xlwings")
lib.removeByName("Dictionary")
for name, text in job["modules"].items():
    lib.insertByName(name, text)

cell = doc.Sheets.getByIndex(0).getCellByPosition(40, 0)
cell.setFormula("=版本号()")
doc.calculateAll()
out["version_cell"] = cell.getString()
# xlwings' wrappers cannot run here (their Application.Caller fails when a macro makes LibreOffice calculate):
# the function module gives way to the engine's bridge, functions of the same names computed by the same Python
lib.removeByName(job["function_module"])
lib.insertByName(job["function_module"], job["bridge"])

provider = doc.getScriptProvider()
def run(module, name, params=()):
    url = "vnd.sun.star.script:VBAProject." + module + "." + name + "?language=Basic&location=document"
    return provider.getScript(url).invoke(tuple(params), (), ())[0]

out["commands"] = {name: run("xlwings", "Press_" + name) for name in job["python_buttons"]}
out["code_page"] = run("xlwings", "CodePage")
out["code_page_messages"] = {cp: run("xlwings", "CodePageMessage", (int(cp),)) for cp in ("936", "0", "1252", "65001")}
if job["kind"] == "xlsm":
    out["alone"] = [run("xlwings", "AddinLoaded"), run("xlwings", "GroupVisible")]
sheets_before = doc.Sheets.getCount()
out["report"] = [row.split(chr(31)) for row in run("xlwings", "SelfTestDump").split(chr(30)) if row.strip(chr(31))]
out["probed"] = [c for c in run("xlwings", "Probed").split(chr(10)) if c]
out["sheets_after_self_test"] = doc.Sheets.getCount() - sheets_before
if job["kind"] == "xlsm":
    hidden = PropertyValue()
    hidden.Name, hidden.Value = "Hidden", True
    desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["addin"]), "_blank", 0, (hidden,))
    out["with_addin"] = [run("xlwings", "AddinLoaded"), run("xlwings", "GroupVisible")]
run("JX_Ribbon", "JX_StartPython")
out["start_python"] = "ok"
print(json.dumps(out, ensure_ascii=False))
"""

# In place of xlwings' module, which LibreOffice cannot compile: RunPython records its command, XLPy is the
# class below, and small functions let the probe press buttons and call the macros (LibreOffice's script
# provider does not find every procedure of a module that has a Declare).
_STAND_IN = """Option VBASupport 1
Private 上次命令 As String
Public 检查过的命令 As String
Public Function RunPython(PythonCommand As String)
    上次命令 = PythonCommand
End Function
Public Function XLPy() As Object
    Set XLPy = New StandInPy
End Function
Public Function PyScript(name As String) As Object
    Set PyScript = createUnoService("com.sun.star.script.provider.MasterScriptProviderFactory") _
        .createScriptProvider("").getScript("vnd.sun.star.script:" & name & "?language=Python&location=user")
End Function
Public Function Probed() As String
    Probed = 检查过的命令
End Function
Public Function CodePage() As Long
    CodePage = JX_CodePage()
End Function
Public Function CodePageMessage(cp) As String
    CodePageMessage = JX_CodePageMessage(CLng(cp))  ' Variant: a small number from UNO would arrive in a Long as 0
End Function
Public Function SelfTestDump() As String
    Dim ws As Object, r As Long, c As Long, out As String
    Set ws = JX_SelfTestInto(ThisWorkbook, False)  ' headless LibreOffice cannot add a workbook
    For r = 1 To 120
        For c = 1 To 5
            out = out & CStr(ws.Cells(r, c).Value) & Chr(31)
        Next c
        out = out & Chr(30)
    Next r
    SelfTestDump = out
End Function
"""
_STAND_IN_XLSM = """Public Function AddinLoaded() As Boolean
    AddinLoaded = JX_AddinLoaded()
End Function
Public Function GroupVisible() As Boolean
    Dim v
    JX_GroupVisible Nothing, v
    GroupVisible = v
End Function
"""
# a ribbon passes an IRibbonControl; from Basic, Nothing stands in for it
_PRESS = "Public Function Press_{0}() As String\n    {0} Nothing\n    Press_{0} = 上次命令\nEnd Function\n"

_STAND_IN_PY = """Option VBASupport 1
Option ClassModule
Public Function Module(name)
    Module = name
End Function
Public Function Dict(k, v)
    Dict = v
End Function
Public Function Str(x)
    Str = x
End Function
' the self-test's two calls: the dry run of a button is recorded and passes; the environment is Python's
Public Function Eval(expr, Optional c)
    Dim aOutIdx(), aOut()
    If InStr(expr, "{probe}") > 0 Then
        检查过的命令 = 检查过的命令 & c & Chr(10)
        Eval = "OK"
    Else
        Eval = PyScript("jixiao_selftest_env.py$environment").invoke(Array(c), aOutIdx, aOut)
    End If
End Function
"""

_ENV_SCRIPT = """import sys
import types
sys.path.insert(0, {root!r})
try:
    import xlwings
except ImportError:  # LibreOffice's Python has none: a stand-in whose decorator changes nothing, as off Windows
    xlwings = types.ModuleType("xlwings")
    xlwings.func = lambda f=None, **options: f if f is not None else (lambda g: g)
    sys.modules["xlwings"] = xlwings
from addin import selftest


def environment(module):
    return selftest.环境信息(module)


g_exportedScripts = (environment,)
"""


def _job(kind: str, addin: Path) -> str:
    python_buttons = [b.回调 for b in 按钮 if b.目标]
    stand_in = _STAND_IN + (_STAND_IN_XLSM if kind == "xlsm" else "") + "".join(_PRESS.format(n) for n in python_buttons)
    probe = "检查按钮命令".encode("ascii", "backslashreplace").decode("ascii")
    functions = [bridge.UdfSpec.from_function(getattr(udfs, f.名称)) for f in udfs.函数清单()]
    return json.dumps({
        "kind": kind,
        "python_buttons": python_buttons,
        "modules": {"xlwings": stand_in, "StandInPy": _STAND_IN_PY.replace("{probe}", probe)},
        "function_module": vm.函数模块名,
        "bridge": bridge.basic_source(functions),
        # LibreOffice's Python has no xlwings: the bridge calls the functions in udfs itself
        "scripts": {bridge.PYTHON_SCRIPT: bridge.python_source("udfs", [str(ROOT)]),
                    "jixiao_selftest_env.py": _ENV_SCRIPT.format(root=str(ROOT))},
        "addin": str(addin),
    }, ensure_ascii=False)


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
    # the add-in under its own name, opened next to the workbook (LibreOffice reads the content, not the name)
    beside = folder / "beside" / vm.加载项文件名
    beside.parent.mkdir()
    beside.write_bytes(as_workbook.read_bytes())
    return {"xlsm": xlsm, "xlam": as_workbook, "addin": beside}


@pytest.fixture(scope="module", params=["xlsm", "xlam"])
def seen(request, office: tuple[str, str], shipped: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the probe saw in one file (the probe takes half a minute: once per file)."""
    kind = request.param
    folder = tmp_path_factory.mktemp(f"probe_{kind}")
    with pytest.MonkeyPatch.context() as env:
        # LibreOffice's own Python (the scripts the stand-ins call) must not see ours, as in
        # workbook_templates.engine.office: no PYTHONPATH/PYTHONHOME, the uno Python's folder first on PATH
        env.delenv("PYTHONPATH", raising=False)
        env.delenv("PYTHONHOME", raising=False)
        env.setenv("PATH", os.pathsep.join([str(Path(office[0]).parent), os.environ.get("PATH", "")]))
        result = run_vba(office, shipped[kind], folder, f"jixiao_addin_{os.getpid()}_{kind}", _PROBE,
                         _job(kind, shipped["addin"]), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"kind": kind, **json.loads(result.stdout.strip().splitlines()[-1])}


def _as_libreoffice_shows(source: str) -> str:
    """LibreOffice drops the Attribute lines, uses LF and prepends two lines of its own."""
    return source.replace("\r\n", "\n").rstrip("\n")


def test_libreoffice_lists_the_modules_and_runs_the_pure_vba_function(seen: dict) -> None:
    kind = seen["kind"]
    generated = {m.name: m.source for m in vm.标准模块(kind)}
    sheets = ["Sheet1", "Sheet2", "Sheet3"] if kind == "xlsm" else ["Sheet1", "Sheet2"]
    assert seen["modules"]["VBAProject"] == sorted(["ThisWorkbook", *sheets, *generated])
    for name in ("绩效自评函数", "JX_Ribbon", "JX_Startup", "JX_SelfTest"):  # the text as a third reader decodes it
        lines = seen["sources"][name].split("\n")
        assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
        assert "\n".join(lines[2:]).rstrip("\n") == _as_libreoffice_shows(generated[name])
    assert seen["codenames"] == sheets
    assert seen["sheets"][-1] == vm.配置表名[kind]
    assert seen["version_cell"] == vm.jixiao版本()


def test_libreoffice_presses_every_button(seen: dict) -> None:
    assert seen["commands"] == {b.回调: vm.RunPython命令(b.目标) for b in 按钮 if b.目标}
    assert all(re.fullmatch(r"import addin\.buttons as m; getattr\(m, '(\\u[0-9a-f]{4}|\w)+'\)\(\)", c) and c.isascii()
               for c in seen["commands"].values())
    assert seen["start_python"] == "ok"


def test_the_code_page_check_runs_and_says_how_to_set_chinese(seen: dict) -> None:
    """JX_Startup compiles and runs; GetACP does not exist outside Windows, which reads as 0: no message."""
    assert seen["code_page"] == 0
    assert seen["code_page_messages"] == {cp: vm.代码页提示(int(cp)) for cp in ("936", "0", "1252", "65001")}
    assert seen["code_page_messages"]["1252"].startswith("绩效自评助手的宏使用中文名称")


def test_the_workbook_finds_the_addin_by_name_and_hides_its_groups(seen: dict) -> None:
    if seen["kind"] == "xlam":
        assert "alone" not in seen and "JX_AddinLoaded" not in seen["sources"]["JX_Startup"]  # it does not look
        return
    assert seen["alone"] == [False, True]  # no add-in: the workbook's groups show (and it registers the functions)
    assert seen["with_addin"] == [True, False]  # Workbooks("绩效自评.xlam") found: its groups hide


def _report(seen: dict) -> dict[str, list[list[str]]]:
    """The report's sections: heading -> rows (the rows before the first heading under "")."""
    sections: dict[str, list[list[str]]] = {"": []}
    current = ""
    headings = {"环境", "函数", "按钮"}
    for row in seen["report"]:
        if row[0] in headings:
            current = row[0]
            sections[current] = []
        else:
            sections[current].append(row)
    return sections


def test_the_self_test_computes_every_function_and_reaches_every_button(seen: dict) -> None:
    """In LibreOffice, with the functions computed by the project's Python through the engine's bridge."""
    report = _report(seen)
    top = report[""]
    assert top[0][0] == "绩效自评助手 自检报告" and top[1][0] == "时间"
    functions = report["函数"]
    assert [r[0] for r in functions] == [s.函数 for s in selftest.函数样例表]
    for row in functions:
        assert row[1] == "OK", row  # the value Python gave at build time, computed again in a cell
    buttons = report["按钮"]
    assert [(r[0], r[4]) for r in buttons] == [(b.标签, b.回调) for b in 按钮]
    for row in buttons:  # reached in the dry run; LibreOffice's Application.Run wants the plain macro name
        assert row[1].startswith("OK（只能以不带工作簿名的宏名调用："), row
    assert seen["probed"] == [vm.RunPython命令(b.目标) for b in 按钮 if b.目标]  # each callback asked about its own
    environment = dict((r[0], r[1]) for r in report["环境"])
    assert environment["Excel"].startswith("11.0")  # what LibreOffice answers to Application.Version
    assert environment["系统代码页（GetACP）"] == "无法读取"
    assert environment["本文件的 VBA 版本"] == vm.jixiao版本()
    assert environment["函数模块"].endswith(f"{len(selftest.函数样例表)} 个函数")
    assert environment["Python"].startswith("3.")
    checked = len(selftest.函数样例表) + len(按钮)
    # and the code page (unknown here) and Python; failed: the code page, and the buttons for the plain macro name
    assert top[2][0] == f"共检查 {checked + 2} 项，未通过 {len(按钮) + 1} 项。"
    assert top[3][0].startswith("请把这个工作簿保存后发回")
    assert seen["sheets_after_self_test"] == 1  # the report; the scratch sheet is gone again
