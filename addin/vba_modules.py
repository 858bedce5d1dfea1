"""The VBA modules of the macro workbook and the add-in, generated from Python.

Nothing here is maintained by hand in VBA: the UDF wrappers come from
``udfs.函数清单()``, the ribbon callbacks from :mod:`addin.ribbon`, and
xlwings' own VBA is read from the installed (pinned) xlwings package at build
time.  :func:`标准模块` returns every non-document module in project order;
:mod:`addin.package` adds the document modules (ThisWorkbook and one per
sheet) and writes the project with :mod:`addin.vbaproject`.

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

import udfs
from addin.ribbon import 按钮, 按钮定义
from addin.vbaproject import VbaModule
from addin.vbawriter import VbaWriter

__all__ = [
    "XLWINGS_VERSION", "UDF模块", "函数模块名", "功能区模块名", "配置表名", "项目名",
    "函数模块源码", "功能区模块源码", "工作簿模块源码", "xlwings模块源码", "字典类源码",
    "标准模块", "vba字符串", "jixiao版本", "RunPython命令", "VBA模块错误",
]

XLWINGS_VERSION = "0.37.8"  # must equal pyproject's pin: the VBA names xlwings64-0.37.8.dll
UDF模块 = "udfs"  # the Python module xlwings imports for the functions ("UDF Modules")
函数模块名 = "绩效自评函数"
功能区模块名 = "绩效自评功能区"
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


def vba字符串(text: str) -> str:
    r'''A VBA expression for ``text``: a quoted literal, with ``ChrW()`` for what GB2312 cannot hold.

    >>> vba字符串('说"明"')
    '"说""明"""'
    >>> vba字符串("(1 − a)")
    '"(1 " & ChrW(&H2212) & " a)"'
    >>> vba字符串("")
    '""'
    '''
    parts: list[str] = []
    literal = ""
    for ch in text:
        if _literal_safe(ch):
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
    w.line("' 在“插入函数”对话框中登记函数说明、参数说明和类别；打开工作簿时由 ThisWorkbook 调用")
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
    """One ``Sub JX_<id>(control As IRibbonControl)`` per button, each calling RunPython.

    Also ``JX_StartPython``, which ThisWorkbook schedules after opening to
    start the Python side ahead of the first recalculation.
    """
    w = VbaWriter()
    w.line(f"' 由 jixiao {jixiao版本()} 生成，请勿手工修改：功能区“绩效自评”的按钮回调（addin/ribbon.py），")
    w.line("' 每个按钮通过 xlwings 的 RunPython 调用一个 Python 函数。")
    w.line("Option Explicit")
    w.blank()
    for b in 按钮们:
        w.line(f"' {b.标签} → {b.目标}")
        with w.block(f"Public Sub {b.回调}(control As IRibbonControl)", "End Sub"):
            if 目标 == "xlam":
                # xlwings' add-in RunPython reads ActiveWorkbook; with none open it would stop with error 91.
                message = vba字符串(f"请先打开或新建一个工作簿，再使用“{b.标签}”。")
                w.line(f"If ActiveWorkbook Is Nothing Then MsgBox {message}, vbInformation, \"绩效自评\": Exit Sub")
            w.line(f"RunPython {vba字符串(RunPython命令(b.目标))}")
        w.blank()
    w.line("' 预先启动 Python 并导入函数模块，第一次重算不必等待；失败时在状态栏说明，不弹窗")
    with w.block("Public Sub JX_StartPython()", "End Sub"):
        w.line("On Error GoTo failed")
        w.line('Application.StatusBar = "绩效自评：正在启动 Python…"')
        w.line(f"XLPy.Module {vba字符串(UDF模块)}")
        w.line("Application.StatusBar = False")
        w.line("Exit Sub")
        w.label("failed")
        w.line('Application.StatusBar = "绩效自评：未能启动 Python（" & Err.Description & "）。请运行 jixiao install，见使用说明。"')
    return w.text()


def 工作簿模块源码(目标: str = "xlsm") -> str:
    """ThisWorkbook: register the function descriptions; in the workbook, warm Python up."""
    w = VbaWriter()
    w.line("Option Explicit")
    w.blank()
    with w.block("Private Sub Workbook_Open()", "End Sub"):
        w.line("JX_RegisterFunctions")
        if 目标 == "xlsm":
            w.line("' 工作簿显示出来之后再启动 Python（约需 1 到 3 秒），不耽误打开")
            w.line("Application.OnTime Now, \"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!JX_StartPython\"")
        else:
            w.line("' 加载项随 Excel 启动：不在此时启动 Python，第一次用到函数或按钮时才启动")
    return w.text()


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
        VbaModule("xlwings", "standard", xlwings模块源码(目标)),
        VbaModule("Dictionary", "class", 字典类源码()),
    ]
