"""The generated VBA: UDF wrappers, function-wizard registration, ribbon callbacks, xlwings' module.

The wrappers are compared with what xlwings' own generator writes (run here
with the Windows-only modules stubbed), the registration strings are parsed
back and compared with the Python descriptions, and each ribbon callback's
RunPython command is executed against a recording stand-in for the actions
module as well as checked against the real one.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
import xlwings
from hypothesis import given
from hypothesis import strategies as st
from windows_stubs import PREAMBLE

import addin
import udfs
from addin import vba_modules as vm
from addin.ribbon import 按钮
from addin.vbaproject import build_vba_project
from addin.vbawriter import VbaWriter

ROOT = Path(__file__).resolve().parents[1]
XLWINGS_DIR = Path(xlwings.__file__).parent


# --- reading generated VBA back -----------------------------------------------------

def logical_lines(source: str) -> list[str]:
    """VBA logical lines: continuation lines (`` _`` at the end) joined."""
    return re.sub(r" _\r?\n\s*", " ", source).splitlines()


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside VBA string literals and parentheses."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted  # a doubled "" toggles twice
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i].strip())
            start = i + len(sep)
    parts.append(text[start:].strip())
    return parts


def vba_value(expr: str) -> str:
    """The text of a VBA string expression of literals and ChrW(&H....) joined by &."""
    units = bytearray()
    for term in split_top_level(expr, "&"):
        literal = re.fullmatch(r'"((?:[^"]|"")*)"', term)
        chrw = re.fullmatch(r"ChrW\(&H([0-9A-F]{4})\)", term)
        if literal:
            units += literal.group(1).replace('""', '"').encode("utf-16-le")
        elif chrw:
            units += int(chrw.group(1), 16).to_bytes(2, "little")
        else:
            raise AssertionError(f"not a string expression: {term!r}")
    return units.decode("utf-16-le")


def procedures(source: str) -> dict[str, tuple[str, str]]:
    """name -> (parameter list, body) of every Function/Sub in a module."""
    found = {}
    pattern = r"^(?:Public |Private )?(?:Function|Sub) (\w+)\((.*?)\)(?: As \w+)?\n(.*?)^End (?:Function|Sub)$"
    for m in re.finditer(pattern, source.replace("\r\n", "\n"), re.S | re.M):
        assert m.group(1) not in found, f"{m.group(1)} defined twice"
        found[m.group(1)] = (m.group(2), m.group(3))
    return found


def macro_options(source: str) -> dict[str, dict]:
    """Name -> {Description, Category, ArgumentDescriptions} of every MacroOptions call."""
    out = {}
    for line in logical_lines(source):
        line = line.strip()
        if not line.startswith("Application.MacroOptions "):
            continue
        args = {}
        for part in split_top_level(line.removeprefix("Application.MacroOptions ")):
            key, _, value = part.partition(":=")
            args[key] = value
        name = vba_value(args["Macro"].removeprefix("工作簿 & "))
        descriptions = None
        if "ArgumentDescriptions" in args:
            inner = re.fullmatch(r"Array\((.*)\)", args["ArgumentDescriptions"]).group(1)
            descriptions = [vba_value(a) for a in split_top_level(inner)]
        out[name] = {"Description": vba_value(args["Description"]), "Category": vba_value(args["Category"]),
                     "ArgumentDescriptions": descriptions}
    return out


FUNCTIONS = udfs.函数清单()


@pytest.fixture(scope="module", params=["xlsm", "xlam"])
def target(request) -> str:
    return request.param


# --- 1. One wrapper per function, same name and arity -----------------------------------

def test_every_udf_has_exactly_one_wrapper_with_the_same_name_and_arguments(target: str) -> None:
    source = vm.函数模块源码(目标=target)
    wrappers = {name: params for name, (params, body) in procedures(source).items() if "XLPy.CallUDF" in body}
    assert set(wrappers) == {f.名称 for f in FUNCTIONS}
    for f in FUNCTIONS:
        params = [p.strip() for p in wrappers[f.名称].split(",")] if f.参数 else []
        expected = [
            f"ParamArray {p.名称}()" if p.可变 else f"Optional {p.名称}" if p.可省略 else p.名称 for p in f.参数
        ]
        assert params == expected, f.名称
        assert f'XLPy.CallUDF("{vm.UDF模块}", "{f.名称}",' in source
    assert len(re.findall(r"^Function ", source, re.M)) == len(FUNCTIONS)  # and nothing else is a wrapper


XLWINGS_GENERATOR = PREAMBLE + r"""
# On Windows `xw.func` is exactly xlwings.udfs.xlfunc; on Linux it is a no-op: make it the real one,
# then import the UDF module the workbooks name, as xlwings' UDF server does.
xlwings.func = xu.xlfunc
import importlib
from addin.vba_modules import UDF模块
module = importlib.import_module(UDF模块)
out = io.StringIO()
xu.generate_vba_wrapper(UDF模块, module, out, types.SimpleNamespace(Name=sys.argv[1]))
sys.stdout.buffer.write(out.getvalue().encode("utf-8"))
"""


def test_wrappers_are_what_xlwings_own_generator_writes(target: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", XLWINGS_GENERATOR, f"工作簿.{target}", vm.UDF模块], capture_output=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    theirs = procedures(result.stdout.decode("utf-8"))
    ours = procedures(vm.函数模块源码(目标=target))
    assert set(theirs) == {f.名称 for f in FUNCTIONS}
    for name, block in theirs.items():
        assert ours[name] == block, name
    # the add-in reports the active workbook, the workbook itself (as xlwings does for .xlam/.xlsm)
    workbook = "ActiveWorkbook" if target == "xlam" else "ThisWorkbook"
    assert all(f", {workbook}, Application.Caller)" in body for _, body in theirs.values())


# --- 2. Descriptions and category for the Insert Function dialog --------------------------

def test_registration_gives_every_function_its_descriptions_and_category(target: str) -> None:
    source = vm.函数模块源码(目标=target)
    options = macro_options(source)
    assert set(options) == {f.名称 for f in FUNCTIONS} | {"版本号"}
    for f in FUNCTIONS:
        assert options[f.名称] == {
            "Description": f.说明,
            "Category": "绩效自评",
            "ArgumentDescriptions": [p.说明 for p in f.参数],
        }, f.名称
    # U+2212 is not in GBK: it must arrive as ChrW, not as "?"
    assert "−" in options["调整率得分"]["Description"] and "ChrW(&H2212)" in source
    register = procedures(source)["JX_RegisterFunctions"][1]
    assert "On Error Resume Next" in register and "ThisWorkbook.Saved = 原已保存" in register


def without_strings(source: str) -> str:
    """VBA code with every string literal and comment blanked: the identifiers it uses."""
    out = []
    for line in source.splitlines():
        line = re.sub(r'"(?:[^"]|"")*"', '""', line)
        out.append(line.split("'", 1)[0])
    return "\n".join(out)


def test_workbook_open_only_calls_the_ascii_startup_module(target: str) -> None:
    body = procedures(vm.工作簿模块源码(target))["Workbook_Open"][1]
    assert [line.strip() for line in body.strip().splitlines()] == ["JX_Open"]
    assert "JX_Open" in procedures(vm.启动模块源码(target))


def test_opening_checks_the_code_page_before_anything_else(target: str) -> None:
    subs = procedures(vm.启动模块源码(target))
    lines = [line.strip() for line in subs["JX_Open"][1].strip().splitlines()]
    assert lines[:6] == [
        "Dim message As String",
        "message = JX_CodePageMessage(JX_CodePage())",
        "If Len(message) > 0 Then",
        f'MsgBox message, vbExclamation, {vm.vba字符串("绩效自评", 仅ASCII=True)}',
        "Exit Sub",
        "End If",
    ]
    assert "JX_CodePage = GetACP()" in subs["JX_CodePage"][1]
    declarations = re.findall(r"^\s*(?:Private )?Declare (?:PtrSafe )?Function GetACP Lib \"kernel32\" \(\) As Long$",
                              vm.启动模块源码(target), re.M)
    assert len(declarations) == 2  # VBA7 (PtrSafe) and older


def test_the_workbook_registers_the_functions_only_without_the_addin(target: str) -> None:
    """One registration in the Insert Function dialog (research memo §2): the add-in always, the workbook only
    when Workbooks("绩效自评.xlam") finds no add-in; by name, so the ASCII module compiles without the Chinese one."""
    source = vm.启动模块源码(target)
    subs = procedures(source)
    body = [line.strip() for line in subs["JX_Open"][1].strip().splitlines() if not line.strip().startswith("'")]
    if target == "xlsm":
        assert body[6:] == ['If Not JX_AddinLoaded() Then JX_RunMacro "JX_RegisterFunctions"',
                            'Application.OnTime Now, JX_Macro("JX_StartPython")']
        found = subs["JX_AddinLoaded"][1]
        lookup = re.search(r"Set book = Workbooks\((.+)\)$", found, re.M).group(1)
        assert vba_value(lookup) == vm.加载项文件名 == "绩效自评.xlam"
        assert found.index("On Error Resume Next") < found.index("Set book") < found.index("On Error GoTo 0")
        assert "JX_AddinLoaded = Not book Is Nothing" in found
    else:
        assert body[6:] == ['JX_RunMacro "JX_RegisterFunctions"']
        assert "JX_AddinLoaded" not in subs and "OnTime" not in without_strings(source)  # Python starts on first use
    assert "Application.Run JX_Macro(name)" in subs["JX_RunMacro"][1]
    assert "JX_Macro = \"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!\" & name" in subs["JX_Macro"][1]
    assert "JX_RegisterFunctions" in procedures(vm.函数模块源码(目标=target))


def test_ascii_modules_compile_without_the_chinese_module(target: str) -> None:
    """ThisWorkbook, JX_Startup, JX_SelfTest and JX_Ribbon are ASCII only (comments too) and name nothing of the
    Chinese function module except inside strings, so they compile where code page 936 is missing."""
    chinese = procedures(vm.函数模块源码(目标=target))
    modules = {m.name: m.source for m in vm.标准模块(target)}
    for name in ("JX_Startup", "JX_SelfTest", "JX_Ribbon"):
        assert modules[name].isascii(), name
        code = without_strings(modules[name])
        assert not any(re.search(rf"\b{re.escape(p)}\b", code) for p in chinese if p.isascii()), name
    assert vm.工作簿模块源码(target).isascii()


def test_code_page_message_says_how_to_set_chinese() -> None:
    assert vm.代码页提示(936) == vm.代码页提示(0) == ""
    text = vm.代码页提示(1252)
    assert "代码页 1252" in text and "936" in text
    assert "控制面板 › 区域 › 管理 › 非 Unicode 程序的语言 › 更改系统区域设置 › 中文(简体，中国)" in text
    assert "UTF-8" not in text and "Beta 版：使用 Unicode UTF-8 提供全球语言支持" in vm.代码页提示(65001)


def test_version_helper_is_pure_vba_and_returns_the_jixiao_version() -> None:
    body = procedures(vm.函数模块源码())["版本号"][1]
    assert [line.strip() for line in body.strip().splitlines()] == [f'版本号 = "{vm.jixiao版本()}"']
    assert vm.jixiao版本() == udfs.__version__


# --- 3. Ribbon callbacks -----------------------------------------------------------------------

PYTHON_BUTTONS = [b for b in 按钮 if b.目标]


def test_one_callback_per_button_each_running_its_python_target(target: str) -> None:
    subs = procedures(vm.功能区模块源码(目标=target))
    callbacks = {name: sub for name, sub in subs.items() if name not in ("JX_StartPython", "JX_Press")}
    assert set(callbacks) == {b.回调 for b in PYTHON_BUTTONS}
    for b in PYTHON_BUTTONS:
        params, body = callbacks[b.回调]
        assert params == "control As IRibbonControl"
        label, command = split_top_level(re.fullmatch(r"\s*JX_Press (.+)\s*", body).group(1))
        assert vba_value(label) == b.标签
        assert vba_value(command) == vm.RunPython命令(b.目标)
        assert command.isascii() and vba_value(command).isascii()  # no code page on the way can garble it
    press = [line.strip() for line in subs["JX_Press"][1].strip().splitlines()]
    assert subs["JX_Press"][0] == "label As String, command As String"
    assert press[:4] == ["If JX_Probing Then", "JX_ProbeResult = JX_ProbeCommand(command)", "Exit Sub", "End If"]
    assert press[-1] == "RunPython command"
    assert ("If ActiveWorkbook Is Nothing Then" in press) == (target == "xlam")


def test_vba_buttons_have_their_callback_in_the_self_test_module(target: str) -> None:
    macro_buttons = [b for b in 按钮 if b.宏]
    assert [b.标签 for b in macro_buttons] == ["自检"]
    subs = procedures(vm.自检模块源码(target))
    for b in macro_buttons:
        params, body = subs[b.回调]
        assert params == "control As IRibbonControl"
        assert [line.strip() for line in body.strip().splitlines()] == [
            "If JX_Probing Then", 'JX_ProbeResult = "OK"', "Exit Sub", "End If", b.宏]
        assert subs[b.宏][0] == ""  # a macro: no arguments
    with pytest.raises(ValueError, match="只有其一"):
        type(按钮[0])("X", "x", "Help", "x", "x", "addin.buttons:帮助", 宏="JX_RunSelfTest")


def test_each_runpython_command_calls_exactly_its_function(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    fake = types.ModuleType("addin.buttons")
    for b in PYTHON_BUTTONS:
        name = b.目标.split(":")[1]
        setattr(fake, name, lambda name=name: calls.append(name))
    monkeypatch.setitem(sys.modules, "addin.buttons", fake)
    monkeypatch.setattr(addin, "buttons", fake, raising=False)  # `import a.b as m` reads the attribute
    for b in PYTHON_BUTTONS:
        calls.clear()
        exec(vm.RunPython命令(b.目标), {})  # what the UDF server's Exec runs
        assert calls == [b.目标.split(":")[1]], b.id


def test_every_button_target_exists_and_takes_no_arguments() -> None:
    for b in PYTHON_BUTTONS:
        module, function = b.目标.split(":")
        target = getattr(importlib.import_module(module), function, None)
        assert callable(target), b.目标
        required = [p for p in inspect.signature(target).parameters.values()
                    if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        assert not required, f"{b.目标} is called without arguments"


@pytest.mark.parametrize("bad", ["addin.buttons", "addin.buttons:", "addin buttons:帮助", ":帮助", "addin.buttons:帮 助"])
def test_malformed_button_targets_are_rejected(bad: str) -> None:
    with pytest.raises(vm.VBA模块错误, match="模块:函数"):
        vm.RunPython命令(bad)


# --- 4. xlwings' module from the pinned package -------------------------------------------------

def test_pinned_xlwings_version_is_the_one_in_pyproject_and_installed() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"xlwings=={vm.XLWINGS_VERSION}" in pyproject["project"]["dependencies"]
    assert xlwings.__version__ == vm.XLWINGS_VERSION


def test_workbook_embeds_xlwings_bas_unchanged() -> None:
    package = (XLWINGS_DIR / "xlwings.bas").read_text(encoding="utf-8").replace("\r\n", "\n")
    ours = vm.xlwings模块源码("xlsm").replace("\r\n", "\n")
    assert 'Attribute VB_Name = "xlwings"\n' + ours == package
    assert f'Public Const XLWINGS_VERSION As String = "{vm.XLWINGS_VERSION}"' in ours
    assert f'Lib "xlwings64-{vm.XLWINGS_VERSION}.dll"' in ours


def test_addin_embeds_xlwings_custom_addin_with_its_project_name() -> None:
    package = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_text(encoding="utf-8").splitlines()
    ours = vm.xlwings模块源码("xlam").splitlines()
    differing = [(a, b) for a, b in zip(package[1:], ours, strict=True) if a != b]
    assert differing == [('Public Const PROJECT_NAME As String = "myaddin"', 'Public Const PROJECT_NAME As String = "jixiao"')]
    book_caller = 'XLPy.SetAttr XLPy.Module("xlwings._xlwindows"), "BOOK_CALLER", ActiveWorkbook'
    assert any(line.strip() == book_caller for line in ours)  # Book.caller() is the user's workbook
    assert vm.配置表名 == {"xlsm": "xlwings.conf", "xlam": "jixiao.conf"}


def test_a_different_xlwings_version_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlwings, "__version__", "0.99.0")
    with pytest.raises(vm.VBA模块错误, match=r"安装的 xlwings 是 0\.99\.0，本项目需要 0\.37\.8"):
        vm.标准模块("xlsm")


def test_dictionary_class_is_xlwings_own() -> None:
    text = vm.字典类源码()
    assert not re.search(r"^Attribute VB_(Name|Exposed|Description)", text, re.M)
    assert "Public Function Exists(Key As Variant) As Boolean" in text
    assert "Attribute Item.VB_UserMemId = 0" in text  # procedure attributes stay


# --- 5. Every module can go into a code-page-936 project -------------------------------------------

def test_all_modules_fit_the_project(target: str) -> None:
    modules = vm.标准模块(target)
    assert [m.name for m in modules] == ["绩效自评函数", "JX_Ribbon", "JX_Startup", "JX_SelfTest", "xlwings", "Dictionary"]
    build_vba_project(modules)  # raises on a name or line that GBK cannot hold
    for m in modules:
        for line in m.source.splitlines():
            assert len(line.encode("gbk")) < 1024, (m.name, line[:40])  # VBA's physical line limit


def test_module_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="目标应为 xlsm 或 xlam"):
        vm.标准模块("xlsx")


@given(st.text(max_size=60))
def test_vba_strings_round_trip_and_are_gbk_source(text: str) -> None:
    expr = vm.vba字符串(text)
    expr.encode("gbk")
    assert "\n" not in expr and "\r" not in expr
    assert vba_value(expr) == text


# --- 6. The writer the modules are generated with ------------------------------------------------

def test_vba_writer_indents_blocks_and_puts_labels_in_column_zero() -> None:
    w = VbaWriter()
    with w.block("Function f(x)", "End Function"):
        w.line("On Error GoTo failed")
        with w.block("If x Then", "End If"):
            w.line("f = 1")
            w.middle("Else")
            w.line("f = 2")
        w.blank()
        w.label("failed")
        w.line("f = 0")
    assert w.text() == (
        "Function f(x)\n    On Error GoTo failed\n    If x Then\n        f = 1\n    Else\n        f = 2\n    End If\n"
        "\nfailed:\n    f = 0\nEnd Function\n"
    )
    with pytest.raises(ValueError, match="块内"):
        VbaWriter().middle("Else")


def test_generated_procedures_are_indented_by_nesting(target: str) -> None:
    """Every line inside a Sub/Function is indented (labels and blank lines excepted): one writer, no hand spacing."""
    for source in (vm.函数模块源码(目标=target), vm.功能区模块源码(目标=target), vm.工作簿模块源码(target)):
        inside = False
        for line in source.splitlines():
            if re.match(r"(Public |Private )?(Function|Sub) ", line):
                inside = True
            elif re.match(r"End (Function|Sub)$", line):
                inside = False
            elif inside and line and not re.fullmatch(r"\w+:", line):
                assert line.startswith("    "), line
