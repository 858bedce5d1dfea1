"""The VBA modules of the macro workbook and the add-in, generated from Python.

Nothing here is maintained by hand in VBA: the UDF wrappers come from
``udfs.函数清单()``, the ribbon callbacks from :mod:`addin.ribbon`, and
xlwings' own VBA is read from the installed (pinned) xlwings package at build
time.  :func:`标准模块` returns every non-document module in project order;
:mod:`addin.package` adds the document modules (ThisWorkbook and one per
sheet) and writes the project with :mod:`addin.vbaproject`.

Which modules may hold Chinese.  VBA reads module text in Windows' ANSI code
page, so Chinese identifiers (the functions ``执行率得分`` …) compile only where
Windows' "language for non-Unicode programs" is Chinese (Simplified, PRC),
code page 936.  Everything that must work on any Windows — ThisWorkbook, the
code-page check and the add-in detection (``JX_Startup``), the self-test
(``JX_SelfTest``) and the ribbon callbacks (``JX_Ribbon``) — is pure ASCII,
comments included, and builds its Chinese text with ``ChrW``; only the function
module (``绩效自评函数``) is Chinese.  Those modules call it by name
(``Application.Run``), never directly, so they compile even where it does not.

Two targets differ only where xlwings itself differs:

* the workbook (``.xlsm``) embeds ``xlwings.bas`` (standalone mode: everything
  refers to ``ThisWorkbook``; config sheet ``xlwings.conf``);
* the add-in (``.xlam``) embeds ``xlwings_custom_addin.bas`` (RunPython and
  UDFs act on ``ActiveWorkbook``), with ``PROJECT_NAME`` set to ``jixiao`` as
  xlwings' custom add-in instructions ask, so its config sheet is
  ``jixiao.conf`` and its user config ``%USERPROFILE%\\.jixiao\\jixiao.conf``.

Characters outside GB2312 (the part of code page 936 every decoder agrees
on), such as U+2212 MINUS SIGN in a function description, are written in
string literals as ``ChrW(&H2212)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import udfs
from addin import selftest
from addin.ribbon import 按钮, 按钮定义
from addin.vbaproject import VbaModule
from addin.vbawriter import VbaWriter

__all__ = [
    "XLWINGS_VERSION", "UDF模块", "函数模块名", "功能区模块名", "启动模块名", "自检模块名", "配置表名", "项目名",
    "加载项文件名", "函数模块源码", "功能区模块源码", "启动模块源码", "自检模块源码", "工作簿模块源码",
    "xlwings模块源码", "字典类源码", "标准模块", "vba字符串", "jixiao版本", "RunPython命令", "代码页提示", "自检Python表达式",
    "VBA模块错误",
]

XLWINGS_VERSION = "0.37.8"  # must equal pyproject's pin: the VBA names xlwings64-0.37.8.dll
UDF模块 = "addin.xlwings_udfs"  # the Python module xlwings imports for the functions ("UDF Modules"): the one constant to change
函数模块名 = "绩效自评函数"
功能区模块名 = "JX_Ribbon"
启动模块名 = "JX_Startup"
自检模块名 = "JX_SelfTest"
加载项文件名 = "绩效自评.xlam"  # the workbook's VBA looks the add-in up by this name
标题 = "绩效自评"  # of message boxes
项目名 = {"xlsm": "xlwings", "xlam": "jixiao"}  # xlwings' PROJECT_NAME constant per target
配置表名 = {kind: f"{name}.conf" for kind, name in 项目名.items()}

_MAX_MACRO_OPTION = 255  # Application.MacroOptions: Description and each ArgumentDescription


class VBA模块错误(RuntimeError):
    """The installed xlwings does not provide the VBA this project was built for."""


def jixiao版本() -> str:
    try:
        return metadata.version("jixiao")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return udfs.__version__


# --- VBA string literals ---------------------------------------------------------

def _literal_safe(ch: str) -> bool:
    # GB2312, the core of code page 936 that every decoder shares: LibreOffice's cp936
    # table lacks GBK's extensions (0xA843, EN DASH, came back as U+FFFD); Excel's has them.
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return ch.isprintable()


def vba字符串(text: str, 仅ASCII: bool = False) -> str:
    r'''A VBA expression for ``text``: a quoted literal, with ``ChrW()`` for what GB2312 cannot hold
    (``仅ASCII``: for everything that is not printable ASCII).

    >>> vba字符串('说"明"')
    '"说""明"""'
    >>> vba字符串("(1 − a)")
    '"(1 " & ChrW(&H2212) & " a)"'
    >>> vba字符串("")
    '""'
    >>> vba字符串("自检 OK", 仅ASCII=True)
    'ChrW(&H81EA) & ChrW(&H68C0) & " OK"'
    '''
    parts: list[str] = []
    literal = ""
    for ch in text:
        if (ch.isascii() and ch.isprintable()) if 仅ASCII else _literal_safe(ch):
            literal += '""' if ch == '"' else ch
            continue
        if literal:
            parts.append(f'"{literal}"')
            literal = ""
        for unit in _utf16_units(ch):
            parts.append(f"ChrW(&H{unit:04X})")
    if literal or not parts:
        parts.append(f'"{literal}"')
    return " & ".join(parts)


def _utf16_units(ch: str) -> list[int]:
    data = ch.encode("utf-16-le")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


# --- UDF wrappers ------------------------------------------------------------------

def _wrapper(w: VbaWriter, f, workbook: str) -> None:
    """One function exactly as ``xlwings.udfs.generate_vba_wrapper`` writes it.

    Written here rather than by calling xlwings: its generator needs pywin32
    and a live workbook and writes through a temp file in the locale encoding
    (which breaks Chinese names). The tests compare this output with xlwings'
    own generator, run with the Windows modules stubbed.
    """
    signature: list[str] = []
    vararg = ""
    for p in f.参数:
        if p.可变:
            signature.append(f"ParamArray {p.名称}()")
            vararg = p.名称
        elif p.可省略:
            signature.append(f"Optional {p.名称}")
        else:
            signature.append(p.名称)
    name = f.名称
    with w.block(f"Function {name}({', '.join(signature)})", "End Function"):
        if vararg:
            fixed = [p.名称 for p in f.参数 if not p.可变]
            w.line("Dim argsArray() As Variant")
            w.line(f"argsArray = Array({', '.join(fixed)})")
            w.line(f"ReDim Preserve argsArray(0 to UBound({vararg}) - LBound({vararg}) + {len(fixed)})")
            w.line(f"For k = LBound({vararg}) To UBound({vararg})")
            w.line(f"argsArray({len(fixed)} + k - LBound({vararg})) = {vararg}(k)")  # xlwings does not indent it
            w.line("Next k")
            args = "argsArray"
        else:
            args = f"Array({', '.join(p.名称 for p in f.参数)})"
        call = f'XLPy.CallUDF("{UDF模块}", "{name}", {args}'
        with w.block('#If App = "Microsoft Excel" Then', "#End If"):
            w.line("If TypeOf Application.Caller Is Range Then On Error GoTo failed")
            w.line(f"{name} = {call}, {workbook}, Application.Caller)")
            w.line("Exit Function")
            w.middle("#Else")
            w.line(f"{name} = {call})")
            w.line("Exit Function")
        w.label("failed")
        w.line(f"{name} = Err.Description")


def _macro_options(w: VbaWriter, f_name: str, description: str, arguments: Sequence[str], category: str) -> None:
    for text in (description, *arguments):
        if len(text) > _MAX_MACRO_OPTION:
            raise VBA模块错误(f"函数“{f_name}”的说明超过 Excel 允许的 {_MAX_MACRO_OPTION} 个字符：{text[:20]}…")
    w.line(f"Application.MacroOptions Macro:=工作簿 & {vba字符串(f_name)}, _")
    with w.indent():  # continuation lines
        w.line(f"Description:={vba字符串(description)}, _")
        if not arguments:
            w.line(f"Category:={vba字符串(category)}")
            return
        w.line(f"Category:={vba字符串(category)}, _")
        w.line("ArgumentDescriptions:=Array( _")
        with w.indent():
            w.lines(f"{vba字符串(a)}, _" for a in arguments[:-1])
            w.line(f"{vba字符串(arguments[-1])})")


def 函数模块源码(函数们: Sequence | None = None, 目标: str = "xlsm") -> str:
    """The module of UDF wrappers, the pure-VBA ``版本号()``, and ``JX_RegisterFunctions``.

    ``JX_RegisterFunctions`` gives every function its description, argument
    descriptions and the 绩效自评 category in the Insert Function dialog
    (what xlwings' "Import Functions" would do with ``Application.MacroOptions``).
    """
    if 函数们 is None:
        函数们 = udfs.函数清单()
    # xlwings: UDFs in an add-in report the active workbook to Python, in a workbook ThisWorkbook.
    workbook = "ActiveWorkbook" if 目标 == "xlam" else "ThisWorkbook"
    version = jixiao版本()
    category = 函数们[0].类别 if 函数们 else "绩效自评"
    w = VbaWriter()
    w.line("#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel")
    w.line(f"' 由 jixiao {version} 生成，请勿手工修改：每个函数调用 Python 包 {UDF模块} 中的同名函数（xlwings）。")
    w.blank()
    for f in 函数们:
        _wrapper(w, f, workbook)
        w.blank(2)
    w.line("' 纯 VBA，不需要 Python：用来确认宏已启用、工作簿的版本")
    with w.block("Public Function 版本号() As String", "End Function"):
        w.line(f"版本号 = {vba字符串(version)}")
    w.blank()
    w.line("' 在“插入函数”对话框中登记函数说明、参数说明和类别；打开时由 JX_Startup.JX_Open 按名称调用"
           "（工作簿：仅当加载项未打开）")
    with w.block("Public Sub JX_RegisterFunctions()", "End Sub"):
        w.line("Dim 工作簿 As String, 原已保存 As Boolean")
        w.line("工作簿 = \"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!\"")
        w.line("原已保存 = ThisWorkbook.Saved")
        w.line("On Error Resume Next  ' 登记失败只影响说明文字，函数照常可用")
        for f in 函数们:
            _macro_options(w, f.名称, f.说明, [p.说明 for p in f.参数], f.类别)
        _macro_options(w, "版本号", "绩效自评助手的版本号（纯 VBA，可用来确认宏已启用）", [], category)
        w.line("On Error GoTo 0")
        w.line("ThisWorkbook.Saved = 原已保存  ' 登记说明不算修改，关闭时不提示保存")
    return w.text()


# --- ASCII-only modules: helpers ----------------------------------------------------------

def _a(text: str) -> str:
    """An ASCII-only VBA string expression (for the modules that must compile on any Windows)."""
    return vba字符串(text, 仅ASCII=True)


def _assign(w: VbaWriter, var: str, text: str, piece: int = 24) -> None:
    """``var = text`` in statements VBA's 1023-character line limit allows (ChrW costs 15 per 汉字)."""
    chunks = [text[i : i + piece] for i in range(0, len(text), piece)] or [""]
    w.line(f"{var} = {_a(chunks[0])}")
    for chunk in chunks[1:]:
        w.line(f"{var} = {var} & {_a(chunk)}")


def _ascii_header(w: VbaWriter, what: str) -> None:
    w.line(f"' Generated by jixiao {jixiao版本()} (addin/vba_modules.py); do not edit. {what}")
    w.line("' ASCII only, on purpose: VBA reads module text in Windows' ANSI code page, and Chinese")
    w.line("' identifiers compile only where that is code page 936. This module must compile on any")
    w.line("' Windows; its Chinese text is built with ChrW.")
    w.line("Option Explicit")
    w.blank()


# --- Ribbon callbacks ----------------------------------------------------------------

def RunPython命令(目标: str) -> str:
    r"""The Python statement a button runs, ASCII only: ``module:function`` → import and call.

    The function name is written with ``\\u`` escapes so the command survives
    any code page on its way from VBA to Python (COM or a command line).

    >>> RunPython命令("addin.buttons:帮助")
    "import addin.buttons as m; getattr(m, '\\u5e2e\\u52a9')()"
    """
    module, _, function = 目标.partition(":")
    if not (module and function and function.isidentifier() and all(p.isidentifier() for p in module.split("."))):
        raise VBA模块错误(f"按钮目标“{目标}”应为“模块:函数”的形式")
    escaped = function.encode("ascii", "backslashreplace").decode("ascii")
    return f"import {module} as m; getattr(m, '{escaped}')()"


def 功能区模块源码(按钮们: Sequence[按钮定义] = 按钮, 目标: str = "xlsm") -> str:
    """``JX_Ribbon``: one ``Sub JX_<id>(control As IRibbonControl)`` per Python button, and ``JX_StartPython``.

    Every callback hands its RunPython command to ``JX_Press``, which runs it —
    or, during the self-test's dry run (``JX_Probing``), only asks Python
    whether the command would find its function.  Buttons that run a VBA macro
    (自检) have their callback in that macro's module.  ``JX_StartPython``,
    scheduled by the workbook after opening, starts Python ahead of the first
    recalculation.
    """
    w = VbaWriter()
    _ascii_header(w, "The ribbon callbacks (addin/ribbon.py).")
    for b in 按钮们:
        if not b.目标:
            continue
        w.line(f"' button {b.id}")
        with w.block(f"Public Sub {b.回调}(control As IRibbonControl)", "End Sub"):
            w.line(f"JX_Press {_a(b.标签)}, {_a(RunPython命令(b.目标))}")
        w.blank()
    w.line("' Runs a button's Python command with xlwings' RunPython; in the self-test's dry run only")
    w.line("' reports whether Python would find the function (JX_SelfTest.JX_ProbeCommand).")
    with w.block("Private Sub JX_Press(label As String, command As String)", "End Sub"):
        with w.block("If JX_Probing Then", "End If"):
            w.line("JX_ProbeResult = JX_ProbeCommand(command)")
            w.line("Exit Sub")
        if 目标 == "xlam":
            # xlwings' add-in RunPython reads ActiveWorkbook; with none open it would stop with error 91.
            with w.block("If ActiveWorkbook Is Nothing Then", "End If"):
                w.line(f"MsgBox {_a('请先打开或新建一个工作簿，再使用“')} & label & {_a('”。')}, vbInformation, {_a(标题)}")
                w.line("Exit Sub")
        w.line("RunPython command")
    w.blank()
    w.line("' Starts Python and imports the functions' module ahead of the first recalculation;")
    w.line("' a failure is said in the status bar, not in a dialog.")
    with w.block("Public Sub JX_StartPython()", "End Sub"):
        w.line("On Error GoTo failed")
        w.line(f"Application.StatusBar = {_a('绩效自评：正在启动 Python…')}")
        w.line(f"XLPy.Module {_a(UDF模块)}")
        w.line("Application.StatusBar = False")
        w.line("Exit Sub")
        w.label("failed")
        w.line(f"Application.StatusBar = {_a('绩效自评：未能启动 Python（')} & Err.Description & "
               f"{_a('）。请运行 jixiao install，见使用说明。')}")
    return w.text()


# --- JX_Startup: code page, add-in detection, opening ----------------------------------------

_代码页提示 = (
    "绩效自评助手的宏使用中文名称，只能在 Windows 的“非 Unicode 程序的语言”为中文（简体，中国）时运行"
    "（代码页 936）；本机为代码页 {代码页}，宏中的中文函数名无法编译，计分函数不能使用。\n"
    "设置方法：控制面板 › 区域 › 管理 › 非 Unicode 程序的语言 › 更改系统区域设置 › 中文(简体，中国)，"
    "确定后重新启动电脑。"
)
_UTF8提示 = "\n并取消勾选“Beta 版：使用 Unicode UTF-8 提供全球语言支持”。"


def 代码页提示(代码页: int) -> str:
    """What the workbook says on opening where Windows' ANSI code page is not 936 ("" for 936 and 0 = unknown)."""
    if 代码页 in (936, 0):
        return ""
    text = _代码页提示.format(代码页=代码页)
    return text + _UTF8提示 if 代码页 == 65001 else text


def 启动模块源码(目标: str = "xlsm") -> str:
    """``JX_Startup`` (ASCII only): what Workbook_Open runs, and the helpers other modules share.

    ``JX_Open`` checks the code page first (``GetACP``); where it is not 936 it
    shows :func:`代码页提示` and stops, since the Chinese module would not
    compile.  Then it registers the functions' descriptions for the Insert
    Function dialog — in the workbook only when the add-in is not loaded, for
    the add-in registers them (research memo §2: register from the add-in, not
    from both files) — and, in the workbook, starts Python after opening.
    """
    head, tail = _代码页提示.split("{代码页}")
    w = VbaWriter()
    _ascii_header(w, "Opening: code page check, function registration.")
    with w.block("#If VBA7 Then", "#End If"):
        w.line('Private Declare PtrSafe Function GetACP Lib "kernel32" () As Long')
        w.middle("#Else")
        w.line('Private Declare Function GetACP Lib "kernel32" () As Long')
    w.blank()
    w.line("' Windows' ANSI code page (936 for Chinese); 0 where it cannot be read (not Windows)")
    with w.block("Public Function JX_CodePage() As Long", "End Function"):
        w.line("On Error GoTo failed")
        w.line("JX_CodePage = GetACP()")
        w.line("Exit Function")
        w.label("failed")
        w.line("JX_CodePage = 0")
    w.blank()
    w.line("' The message for a code page the Chinese module does not compile in; \"\" for 936 and 0")
    with w.block("Public Function JX_CodePageMessage(ByVal codePage As Long) As String", "End Function"):
        w.line("Dim text As String")
        w.line("If codePage = 936 Or codePage = 0 Then Exit Function")
        _assign(w, "text", head)
        w.line("text = text & CStr(codePage)")
        w.line("Dim rest As String")
        _assign(w, "rest", tail)
        w.line("text = text & rest")
        with w.block("If codePage = 65001 Then", "End If"):
            _assign(w, "rest", _UTF8提示)
            w.line("text = text & rest")
        w.line("JX_CodePageMessage = text")
    w.blank()
    w.line("' A macro of this file by name, as Application.Run and OnTime take it")
    with w.block("Public Function JX_Macro(name As String) As String", "End Function"):
        w.line("JX_Macro = \"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!\" & name")
    w.blank()
    w.line("' Runs a macro of this file by name: late bound, so this module compiles where the")
    w.line("' module holding the macro does not")
    with w.block("Private Sub JX_RunMacro(name As String)", "End Sub"):
        w.line("On Error Resume Next")
        w.line("Application.Run JX_Macro(name)")
    w.blank()
    if 目标 == "xlsm":
        w.line("' Is the add-in open? Add-ins are not listed when Workbooks is enumerated, but one can")
        w.line("' be looked up by its name (research memo section 2; to be confirmed in Excel).")
        with w.block("Public Function JX_AddinLoaded() As Boolean", "End Function"):
            w.line("Dim book As Workbook")
            w.line("On Error Resume Next")
            w.line(f"Set book = Workbooks({_a(加载项文件名)})")
            w.line("On Error GoTo 0")
            w.line("JX_AddinLoaded = Not book Is Nothing")
        w.blank()
        w.line("' getVisible of this workbook's groups in the shared ribbon tab: hidden while the add-in,")
        w.line("' which shows the same buttons there, is loaded (customUI14.xml, addin/customui.py)")
        with w.block("Public Sub JX_GroupVisible(control As IRibbonControl, ByRef visible)", "End Sub"):
            w.line("visible = Not JX_AddinLoaded()")
        w.blank()
    w.line("' Workbook_Open")
    with w.block("Public Sub JX_Open()", "End Sub"):
        w.line("Dim message As String")
        w.line("message = JX_CodePageMessage(JX_CodePage())")
        with w.block("If Len(message) > 0 Then", "End If"):
            w.line(f"MsgBox message, vbExclamation, {_a(标题)}")
            w.line("Exit Sub")
        if 目标 == "xlsm":
            w.line("' one registration of the function descriptions: the add-in's, when it is loaded")
            w.line('If Not JX_AddinLoaded() Then JX_RunMacro "JX_RegisterFunctions"')
            w.line("' Python starts once the workbook shows (1 to 3 seconds), not while it opens")
            w.line('Application.OnTime Now, JX_Macro("JX_StartPython")')
        else:
            w.line('JX_RunMacro "JX_RegisterFunctions"')
            w.line("' the add-in loads with Excel: Python starts when a function or a button first needs it")
    return w.text()


def 工作簿模块源码(目标: str = "xlsm") -> str:
    """ThisWorkbook (ASCII only): opening runs ``JX_Startup.JX_Open``."""
    w = VbaWriter()
    w.line("Option Explicit")
    w.blank()
    with w.block("Private Sub Workbook_Open()", "End Sub"):
        w.line("JX_Open")
    return w.text()


# --- JX_SelfTest: the first-run self-test ------------------------------------------------------

_自检Python模块 = "addin.selftest"  # what the macro calls through xlwings' XLPy


def 自检Python表达式(函数: str) -> str:
    r"""The Python expression, ASCII only, by which the self-test calls ``addin.selftest.<函数>(c)``.

    Through ``XLPy.Eval(expression, XLPy.Dict("c", value))``: not ``XLPy.Call``,
    whose name is a keyword LibreOffice Basic cannot declare in the stand-in
    the tests run the macro with.

    >>> 自检Python表达式("环境信息")
    "getattr(__import__('addin.selftest', fromlist=['_']), '\\u73af\\u5883\\u4fe1\\u606f')(c)"
    """
    escaped = 函数.encode("ascii", "backslashreplace").decode("ascii")
    return f"getattr(__import__('{_自检Python模块}', fromlist=['_']), '{escaped}')(c)"
_数字 = re.compile(r"-?\d+(\.\d+)?")


def _数字字面量(value: Any) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _数字.fullmatch(text):
        raise VBA模块错误(f"自检样例的数值无法写成 VBA 字面量：{value!r}")
    return text


def _公式字面量(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return _数字字面量(value)


def _列名(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def _值(w: VbaWriter, value: Any) -> str:
    """A VBA expression for a cell value; a text goes through the variable ``s`` first."""
    if isinstance(value, str):
        _assign(w, "s", value)
        return "s"
    return _数字字面量(value)


def _样例代码(w: VbaWriter, 样例: selftest.函数样例, row: int) -> int:
    """One function's check on the scratch sheet from ``row``; returns the rows it takes.

    Result in column B (a block for an array function), inputs that are ranges
    or empty cells from the column after it.
    """
    expected = selftest.期望值(样例)
    height, width = len(expected), len(expected[0])
    col = 2 + width + 1
    args: list[str] = []
    w.line(f"' {样例.函数.encode('ascii', 'backslashreplace').decode('ascii')}")
    for a in 样例.参数:
        if isinstance(a, tuple):
            rows, cols = len(a), max(len(r) for r in a)
            for i, r in enumerate(a):
                for j, v in enumerate(r):
                    if v is not None:
                        w.line(f'JX_Put scratch, "{_列名(col + j)}{row + i}", {_值(w, v)}')
            args.append(f"{_列名(col)}{row}:{_列名(col + cols - 1)}{row + rows - 1}")
            col += cols
            height = max(height, rows)
        elif a is None:
            args.append(f"{_列名(col)}{row}")  # an empty cell
            col += 1
        else:
            args.append(_公式字面量(a))
    for line in expected:
        for v in line:
            w.line(f"JX_Expect {_值(w, v)}")
    target = f"B{row}" if (len(expected), width) == (1, 1) else f"B{row}:{_列名(1 + width)}{row + len(expected) - 1}"
    _assign(w, "f", f"={样例.函数}({','.join(args)})")
    w.line(f'JX_CheckFunction scratch, {_a(样例.函数)}, "{target}", f')
    return height


def 自检模块源码(目标: str = "xlsm", 样例们: Sequence[selftest.函数样例] = selftest.函数样例表,
             按钮们: Sequence[按钮定义] = 按钮) -> str:
    """``JX_SelfTest`` (ASCII only): the 自检 button and the macro ``JX_RunSelfTest``.

    The report goes into a new workbook (values only, to be saved and sent
    back): Excel version and build, Windows, the code page (GetACP), this file
    and its VBA version; from Python (:func:`addin.selftest.环境信息`) Python,
    xlwings, pywin32 and jixiao; then every function of ``样例们`` computed on a
    scratch sheet — in the workbook its own (a sheet added and removed again,
    so that the functions are called by their plain names), for the add-in the
    new workbook's — and compared with the value Python gives at build time;
    then every button's callback called by name in a dry run.
    """
    w = VbaWriter()
    _ascii_header(w, "The first-run self-test (button SelfTest, macro JX_RunSelfTest).")
    w.line("Public JX_Probing As Boolean  ' True while the self-test presses the buttons: they only report")
    w.line("Public JX_ProbeResult As String")
    w.blank()
    w.line("Private mReport As Worksheet")
    w.line("Private mRow As Long")
    w.line("Private mChecked As Long")
    w.line("Private mFailed As Long")
    w.line("Private mExpected() As Variant")
    w.line("Private mCount As Long")
    w.blank()
    self_test = next((b for b in 按钮们 if b.宏 == "JX_RunSelfTest"), None)
    if self_test is not None:
        w.line(f"' button {self_test.id}")
        with w.block(f"Public Sub {self_test.回调}(control As IRibbonControl)", "End Sub"):
            with w.block("If JX_Probing Then", "End If"):
                w.line(f'JX_ProbeResult = "{selftest.通过}"')
                w.line("Exit Sub")
            w.line("JX_RunSelfTest")
        w.blank()
    with w.block("Public Sub JX_RunSelfTest()", "End Sub"):
        w.line("Dim report As Worksheet")
        w.line("On Error GoTo failed")
        w.line("Set report = JX_SelfTestReport()")
        w.line("report.Parent.Activate")
        w.line("report.Activate")
        w.line("Exit Sub")
        w.label("failed")
        w.line("Application.ScreenUpdating = True")
        w.line(f"MsgBox {_a('自检未能完成：')} & Err.Description, vbExclamation, {_a(标题)}")
    w.blank()
    w.line("' Runs every check; returns the report, the only sheet of a new workbook")
    with w.block("Public Function JX_SelfTestReport() As Worksheet", "End Function"):
        w.line("Set JX_SelfTestReport = JX_SelfTestInto(JX_NewBook(), True)")
    w.blank()
    w.line("' Runs every check and writes the report into book: its first sheet when the book is new,")
    w.line("' else a sheet added at the end (the tests: LibreOffice cannot add a workbook when headless)")
    with w.block("Public Function JX_SelfTestInto(book As Workbook, fresh As Boolean) As Worksheet", "End Function"):
        w.line("Dim scratch As Worksheet, s As String, f As String")
        if 目标 == "xlsm":
            w.line("Dim saved As Boolean")
        w.line("Application.ScreenUpdating = False")
        with w.block("If fresh Then", "End If"):
            w.line("Set mReport = book.Worksheets(1)")
            w.middle("Else")
            w.line("Set mReport = book.Worksheets.Add(After:=book.Worksheets(book.Worksheets.Count))")
        w.line(f"mReport.Name = {_a('自检报告')}")
        w.line('mReport.Range("A:E").NumberFormat = "@"  \' text: a formula shown is not run')
        w.line("mRow = 5: mChecked = 0: mFailed = 0: mCount = 0")
        w.line(f'mReport.Range("A1").Value = {_a("绩效自评助手 自检报告")}')
        w.line(f'mReport.Range("A2").Value = {_a("时间")}')
        w.line('mReport.Range("B2").Value = Format(Now, "yyyy-mm-dd hh:mm:ss")')
        w.line(f"JX_Heading {_a('环境')}, {_a('')}")
        w.line('JX_Line "Excel", Application.Version & JX_Build() & JX_Bits()')
        w.line('JX_Line "Windows", Application.OperatingSystem')
        w.line("JX_CodePageLines")
        w.line(f"JX_Line {_a('本文件')}, ThisWorkbook.FullName")
        w.line(f"JX_Line {_a('本文件的 VBA 版本')}, {_a(jixiao版本())}")
        w.line("JX_PythonLines")
        w.line(f"JX_Heading {_a('函数')}, {_a('结果')}, {_a('期望')}, {_a('实际')}, {_a('公式')}")
        if 目标 == "xlsm":
            w.line("' the workbook's own functions are called by their plain names in its own sheets")
            w.line("saved = ThisWorkbook.Saved")
            w.line("Set scratch = JX_Scratch(ThisWorkbook)")
        else:
            w.line("' the add-in's functions are called by their plain names from any workbook")
            w.line("Set scratch = JX_Scratch(book)")
        with w.block("If Not scratch Is Nothing Then", "End If"):
            row = 2
            for 样例 in 样例们:
                row += _样例代码(w, 样例, row) + 1
            w.line("JX_Drop scratch")
        if 目标 == "xlsm":
            w.line("ThisWorkbook.Saved = saved  ' a sheet added and removed is no change to save")
        w.line(f"JX_Heading {_a('按钮')}, {_a('结果')}, \"\", \"\", {_a('回调')}")
        for b in 按钮们:
            w.line(f'JX_CheckButton {_a(b.标签)}, "{b.回调}"')
        _assign(w, "s", "共检查 ")
        w.line("s = s & CStr(mChecked)")
        _assign(w, "f", " 项，未通过 ")
        w.line("s = s & f & CStr(mFailed)")
        _assign(w, "f", " 项。")
        w.line('mReport.Range("A3").Value = s & f')
        _assign(w, "s", "请把这个工作簿保存后发回给为您安装绩效自评助手的同事（或把本页截图发回）；没有通过的项目，原因写在“结果”一栏。")
        w.line('mReport.Range("A4").Value = s')
        w.line('mReport.Range("A1").Font.Bold = True')
        w.line('mReport.Columns("A").ColumnWidth = 24')
        w.line('mReport.Columns("B").ColumnWidth = 48')
        w.line('mReport.Columns("C:E").ColumnWidth = 36')
        w.line("Application.ScreenUpdating = True")
        w.line("Set JX_SelfTestInto = mReport")
    w.blank()
    _自检辅助(w)
    return w.text()


def _自检辅助(w: VbaWriter) -> None:
    """The private helpers of the self-test module."""
    with w.block("Private Function JX_NewBook() As Workbook", "End Function"):
        w.line("On Error Resume Next")
        w.line("Set JX_NewBook = Workbooks.Add(-4167)  ' xlWBATWorksheet: one sheet")
        w.line("If JX_NewBook Is Nothing Then Set JX_NewBook = Workbooks.Add")
    w.blank()
    with w.block("Private Function JX_Build() As String", "End Function"):
        w.line("On Error Resume Next")
        w.line('JX_Build = " build " & CStr(Application.Build)')
    w.blank()
    with w.block("Private Function JX_Bits() As String", "End Function"):
        with w.block("#If Win64 Then", "#End If"):
            w.line('JX_Bits = " (64-bit)"')
            w.middle("#Else")
            w.line('JX_Bits = " (32-bit)"')
    w.blank()
    with w.block("Private Sub JX_Row(a As String, b As String, c As String, d As String, e As String)", "End Sub"):
        w.line("mRow = mRow + 1")
        w.line("mReport.Cells(mRow, 1).Value = a")
        w.line("mReport.Cells(mRow, 2).Value = b")
        w.line("mReport.Cells(mRow, 3).Value = c")
        w.line("mReport.Cells(mRow, 4).Value = d")
        w.line("mReport.Cells(mRow, 5).Value = e")
    w.blank()
    with w.block("Private Sub JX_Line(name As String, value As String)", "End Sub"):
        w.line('JX_Row name, value, "", "", ""')
    w.blank()
    with w.block("Private Sub JX_Heading(a As String, b As String, Optional c As String, Optional d As String, "
                 "Optional e As String)", "End Sub"):
        w.line("mRow = mRow + 1")
        w.line("JX_Row a, b, c, d, e")
        w.line("mReport.Rows(mRow).Font.Bold = True")
    w.blank()
    w.line("' A check like the others: 936 passes; another code page fails with what to do")
    with w.block("Private Sub JX_CodePageLines()", "End Sub"):
        w.line("Dim cp As Long")
        w.line("cp = JX_CodePage()")
        w.line("mChecked = mChecked + 1")
        with w.block("If cp = 936 Then", "End If"):
            w.line(f"JX_Line {_a('系统代码页（GetACP）')}, \"936\"")
            w.middle("ElseIf cp = 0 Then")
            w.line(f"JX_Line {_a('系统代码页（GetACP）')}, {_a('无法读取')}")
            w.line("mFailed = mFailed + 1")
            w.middle("Else")
            w.line(f"JX_Line {_a('系统代码页（GetACP）')}, CStr(cp) & {_a('（应为 936）')}")
            w.line(f"JX_Line {_a('怎样改')}, JX_CodePageMessage(cp)")
            w.line("mFailed = mFailed + 1")
    w.blank()
    with w.block("Private Sub JX_PythonLines()", "End Sub"):
        w.line("Dim lines As Variant, parts As Variant, i As Long")
        w.line("mChecked = mChecked + 1")
        w.line("On Error GoTo failed")
        w.line(f"lines = Split(XLPy.Str(XLPy.Eval({_a(自检Python表达式('环境信息'))}, XLPy.Dict(\"c\", {_a(UDF模块)}))), vbLf)")
        with w.block("For i = LBound(lines) To UBound(lines)", "Next i"):
            w.line("parts = Split(lines(i), vbTab)")
            w.line("If UBound(parts) >= 1 Then JX_Line CStr(parts(0)), CStr(parts(1))")
        w.line("Exit Sub")
        w.label("failed")
        w.line(f'JX_Line "Python", {_a("未能调用 Python：")} & Err.Description')
        w.line("mFailed = mFailed + 1")
    w.blank()
    w.line("' Called by JX_Ribbon.JX_Press during the dry run: would the command find its function?")
    with w.block("Public Function JX_ProbeCommand(command As String) As String", "End Function"):
        w.line("On Error GoTo failed")
        w.line(f"JX_ProbeCommand = XLPy.Str(XLPy.Eval({_a(自检Python表达式('检查按钮命令'))}, XLPy.Dict(\"c\", command)))")
        w.line("Exit Function")
        w.label("failed")
        w.line(f"JX_ProbeCommand = {_a('未能调用 Python：')} & Err.Description")
    w.blank()
    with w.block("Private Function JX_Scratch(book As Workbook) As Worksheet", "End Function"):
        w.line("On Error GoTo failed")
        w.line("Set JX_Scratch = book.Worksheets.Add(After:=book.Worksheets(book.Worksheets.Count))")
        w.line("On Error Resume Next  ' a name left by an interrupted run: the sheet keeps Excel's")
        w.line(f"JX_Scratch.Name = {_a('自检草稿')}")
        w.line("Exit Function")
        w.label("failed")
        w.line(f"JX_Line {_a('草稿表')}, {_a('无法新建，函数未检查：')} & Err.Description")
        w.line("mFailed = mFailed + 1")
    w.blank()
    with w.block("Private Sub JX_Drop(sheet As Worksheet)", "End Sub"):
        w.line("Application.DisplayAlerts = False")
        w.line("sheet.Delete")
        w.line("Application.DisplayAlerts = True")
    w.blank()
    with w.block("Private Sub JX_Put(sheet As Worksheet, address As String, ByVal value As Variant)", "End Sub"):
        w.line('If VarType(value) = vbString Then sheet.Range(address).NumberFormat = "@"  \' "96.78%" stays a text')
        w.line("sheet.Range(address).Value = value")
    w.blank()
    with w.block("Private Sub JX_Expect(ByVal value As Variant)", "End Sub"):
        w.line("mCount = mCount + 1")
        w.line("ReDim Preserve mExpected(1 To mCount)")
        w.line("mExpected(mCount) = value")
    w.blank()
    w.line("' Equal: the same text, or numbers within 1e-9 (the functions round to 2 or 4 decimals)")
    with w.block("Private Function JX_Same(ByVal got As Variant, ByVal expected As Variant) As Boolean", "End Function"):
        w.line("If IsError(got) Then Exit Function")
        with w.block("If VarType(expected) = vbString Then", "End If"):
            with w.block("If IsEmpty(got) Then", "End If"):
                w.line("JX_Same = (Len(expected) = 0)")
                w.middle("ElseIf VarType(got) = vbString Then")
                w.line("JX_Same = (StrComp(got, expected, vbBinaryCompare) = 0)")
            w.middle("ElseIf VarType(got) = vbDouble Or VarType(got) = vbCurrency Or VarType(got) = vbLong Or "
                     "VarType(got) = vbInteger Then")
            w.line("JX_Same = (Abs(got - expected) <= 0.000000001 * (1 + Abs(expected)))")
    w.blank()
    with w.block("Private Function JX_Show(cell As Range) As String", "End Function"):
        w.line("If IsError(cell.Value) Then JX_Show = cell.Text Else JX_Show = CStr(cell.Value)")
    w.blank()
    with w.block("Private Sub JX_Result(name As String, problem As String, expected As String, actual As String, "
                 "formula As String)", "End Sub"):
        w.line("mChecked = mChecked + 1")
        with w.block("If Len(problem) = 0 Then", "End If"):
            w.line(f'JX_Row name, "{selftest.通过}", expected, actual, formula')
            w.middle("Else")
            w.line("mFailed = mFailed + 1")
            w.line("JX_Row name, problem, expected, actual, formula")
    w.blank()
    w.line("' Writes the formula, calculates, compares every cell with JX_Expect's values")
    with w.block("Private Sub JX_CheckFunction(sheet As Worksheet, name As String, address As String, "
                 "formula As String)", "End Sub"):
        w.line("Dim block As Range, r As Long, c As Long, i As Long, problem As String")
        w.line("Dim expected As String, actual As String")
        w.line("On Error GoTo failed")
        w.line("Set block = sheet.Range(address)")
        with w.block("If block.Count > 1 Then", "End If"):
            w.line("block.FormulaArray = formula")
            w.middle("Else")
            w.line("block.Formula = formula")
        w.line("block.Calculate  ' in manual calculation mode too")
        with w.block("For r = 1 To block.Rows.Count", "Next r"):
            with w.block("For c = 1 To block.Columns.Count", "Next c"):
                w.line("i = i + 1")
                with w.block("If i > 1 Then", "End If"):
                    w.line('expected = expected & "; "')
                    w.line('actual = actual & "; "')
                w.line("actual = actual & JX_Show(block.Cells(r, c))")
                with w.block("If i <= mCount Then", "End If"):
                    w.line("expected = expected & CStr(mExpected(i))")
                    w.line(f"If Not JX_Same(block.Cells(r, c).Value, mExpected(i)) Then problem = {_a('与期望不同')}")
        w.line(f"If i <> mCount Then problem = {_a('结果的格数与期望不同')}")
        w.line("JX_Result name, problem, expected, actual, formula")
        w.line("mCount = 0")
        w.line("Exit Sub")
        w.label("failed")
        w.line(f"JX_Result name, {_a('出错：')} & Err.Description, expected, actual, formula")
        w.line("mCount = 0")
    w.blank()
    w.line("' Calls a button's callback by name, as the ribbon does, in a dry run (JX_Probing)")
    with w.block("Private Sub JX_CheckButton(label As String, callback As String)", "End Sub"):
        w.line("Dim result As String, qualified As String")
        w.line("JX_Probing = True")
        w.line(f"JX_ProbeResult = {_a('回调没有运行')}")
        w.line("On Error Resume Next")
        w.line("Application.Run JX_Macro(callback), Nothing")
        with w.block("If Err.Number <> 0 Then", "End If"):
            w.line("' LibreOffice's Application.Run takes no book-qualified name: try the plain one, and say so")
            w.line("qualified = Err.Description")
            w.line("Err.Clear")
            w.line("Application.Run callback, Nothing")
            with w.block("If Err.Number <> 0 Then", "End If"):
                w.line(f"result = {_a('无法调用：')} & qualified")
                w.middle("Else")
                w.line(f"result = JX_ProbeResult & {_a('（只能以不带工作簿名的宏名调用：')} & qualified & {_a('）')}")
            w.middle("Else")
            w.line("result = JX_ProbeResult")
        w.line("On Error GoTo 0")
        w.line("JX_Probing = False")
        w.line("mChecked = mChecked + 1")
        w.line(f'If result <> "{selftest.通过}" Then mFailed = mFailed + 1')
        w.line('JX_Row label, result, "", "", callback')


# --- xlwings' own VBA, from the installed package --------------------------------------

def _xlwings_dir() -> Path:
    import xlwings  # deferred: half a second to import, needed only when the VBA project is built

    if xlwings.__version__ != XLWINGS_VERSION:
        raise VBA模块错误(
            f"安装的 xlwings 是 {xlwings.__version__}，本项目需要 {XLWINGS_VERSION}"
            f"（工作簿中的 VBA 与 Python 端必须同一版本）：pip install xlwings=={XLWINGS_VERSION}"
        )
    return Path(xlwings.__file__).parent


_VERSION_LINES = (f"'Version: {XLWINGS_VERSION}", f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"')


def xlwings模块源码(目标: str = "xlsm") -> str:
    """xlwings' VBA module for standalone use, without its ``Attribute VB_Name`` line.

    The workbook gets ``xlwings.bas`` unchanged; the add-in gets
    ``xlwings_custom_addin.bas`` with ``PROJECT_NAME`` = ``jixiao``.
    """
    name = "xlwings_custom_addin.bas" if 目标 == "xlam" else "xlwings.bas"
    path = _xlwings_dir() / name
    if not path.is_file():
        raise VBA模块错误(f"xlwings 安装不完整，缺少 {path}")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines[0] != 'Attribute VB_Name = "xlwings"' or not all(v in lines for v in _VERSION_LINES):
        raise VBA模块错误(f"{path} 不是 xlwings {XLWINGS_VERSION} 的 VBA 模块")
    body = "\n".join(lines[1:]) + "\n"
    if 目标 == "xlam":
        pattern = r'^Public Const PROJECT_NAME As String = "myaddin"$'
        body, count = re.subn(pattern, f'Public Const PROJECT_NAME As String = "{项目名["xlam"]}"', body, flags=re.MULTILINE)
        if count != 1:
            raise VBA模块错误(f"{path} 中没有找到 PROJECT_NAME 常量")
    return body


def 字典类源码() -> str:
    """xlwings' ``Dictionary.cls`` (used by its VBA on the Mac) as class-module source."""
    path = _xlwings_dir() / "addin" / "Dictionary.cls"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not (lines and lines[0].startswith("VERSION 1.0 CLASS") and "END" in lines[:6]):
        raise VBA模块错误(f"{path} 不是 VBA 类模块文件")
    body = lines[lines.index("END") + 1 :]
    while body and re.match(r"Attribute VB_\w+ = ", body[0]):  # module attributes: the writer adds them
        body.pop(0)
    return "\n".join(body) + "\n"


def 标准模块(目标: str = "xlsm") -> list[VbaModule]:
    """Every generated non-document module for ``目标`` ("xlsm" or "xlam"), in project order."""
    if 目标 not in 项目名:
        raise ValueError(f"目标应为 xlsm 或 xlam，而不是“{目标}”")
    return [
        VbaModule(函数模块名, "standard", 函数模块源码(目标=目标)),
        VbaModule(功能区模块名, "standard", 功能区模块源码(目标=目标)),
        VbaModule(启动模块名, "standard", 启动模块源码(目标)),
        VbaModule(自检模块名, "standard", 自检模块源码(目标)),
        VbaModule("xlwings", "standard", xlwings模块源码(目标)),
        VbaModule("Dictionary", "class", 字典类源码()),
    ]
