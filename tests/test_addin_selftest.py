"""自检: the self-test's Python side (addin.selftest) and the VBA it is generated into.

The generated macro is read back statement by statement (a small evaluator for
its string assignments) and compared with the samples and the values Python
gives; LibreOffice runs it for real in tests/test_addin_libreoffice.py.
"""

from __future__ import annotations

import re
import sys
import types

import pytest
from test_addin_vba_modules import procedures, split_top_level, vba_value

import udfs
from addin import selftest
from addin import vba_modules as vm
from addin.ribbon import 按钮


@pytest.fixture(scope="module", params=["xlsm", "xlam"])
def target(request) -> str:
    return request.param


# --- the samples --------------------------------------------------------------------------------


def test_every_excel_function_has_one_sample() -> None:
    """A function added to udfs without a sample fails here (and would be missing from the report)."""
    assert [s.函数 for s in selftest.函数样例表] == [f.名称 for f in udfs.函数清单()]


def test_samples_give_real_results_not_error_texts() -> None:
    for sample in selftest.函数样例表:
        values = [v for row in selftest.期望值(sample) for v in row]
        assert values and not any(isinstance(v, str) and v.startswith("#") for v in values), sample.函数
        assert all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in values), sample.函数


def test_expected_values_are_what_the_function_gives_for_ranges_as_rows() -> None:
    sample = next(s for s in selftest.函数样例表 if s.函数 == "指标表得分")
    assert selftest.期望值(sample) == [[10.0], [2.5], [""]]
    assert selftest.期望值(selftest.函数样例("总分", (9.94, ((19.36,), (15,), (None,))))) == [[44.3]]


# --- the Python the macro calls ----------------------------------------------------------------------


def test_environment_lines_name_python_xlwings_and_the_functions_module() -> None:
    lines = [line.split("\t") for line in selftest.环境信息(vm.UDF模块).split("\n")]
    assert all(len(parts) == 2 and parts[1] for parts in lines)
    info = dict(lines)
    assert list(info) == ["Python", "Python 程序", "Python 看到的系统", "Python 的首选编码", "xlwings", "pywin32", "jixiao",
                          "函数模块"]
    assert info["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert info["xlwings"] == vm.XLWINGS_VERSION
    assert info["函数模块"].startswith(f"{vm.UDF模块}（") and info["函数模块"].endswith(f"{len(udfs.函数清单())} 个函数")
    assert selftest.环境信息("没有这个模块").endswith("#无法导入 没有这个模块：ModuleNotFoundError: No module named '没有这个模块'")


def test_every_button_command_passes_the_dry_run_check() -> None:
    for b in 按钮:
        if b.目标:
            assert selftest.检查按钮命令(vm.RunPython命令(b.目标)) == selftest.通过 == "OK", b.目标


def test_the_dry_run_check_says_what_is_wrong_without_calling(monkeypatch: pytest.MonkeyPatch) -> None:
    called = []
    fake = types.ModuleType("jixiao_fake_buttons")
    fake.按钮 = lambda: called.append(1)
    fake.需要参数 = lambda wb: called.append(2)
    monkeypatch.setitem(sys.modules, "jixiao_fake_buttons", fake)
    assert selftest.检查按钮命令(vm.RunPython命令("jixiao_fake_buttons:按钮")) == "OK"
    assert selftest.检查按钮命令(vm.RunPython命令("jixiao_fake_buttons:需要参数")) == \
        "#jixiao_fake_buttons.需要参数 需要参数 wb，按钮不能调用"
    assert selftest.检查按钮命令(vm.RunPython命令("jixiao_fake_buttons:没有")) == "#jixiao_fake_buttons 中没有函数 没有"
    assert selftest.检查按钮命令(vm.RunPython命令("jixiao_no_such_module:按钮")).startswith(
        "#无法导入 jixiao_no_such_module：ModuleNotFoundError")
    assert selftest.检查按钮命令("import os; os.remove('x')") == "#命令格式不对：import os; os.remove('x')"
    assert called == []


# --- the generated macro -----------------------------------------------------------------------------


def _evaluate(expr: str, variables: dict[str, object]) -> object:
    """A VBA expression of string literals, ChrW(), variables and numbers joined by &."""
    expr = expr.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", expr):
        return float(expr) if "." in expr else int(expr)
    out = ""
    for term in split_top_level(expr, "&"):
        if re.fullmatch(r"[A-Za-z_]\w*", term):
            out += str(variables[term])
        elif m := re.fullmatch(r"CStr\((\w+)\)", term):  # a count known only when the macro runs
            out += f"<{m[1]}>"
        else:
            out += vba_value(term)
    return out


def _run_checks(body: str) -> tuple[list[dict], list[tuple[str, str]]]:
    """The function checks and the button checks the macro makes, in order, with every value evaluated."""
    variables: dict[str, object] = {}
    checks: list[dict] = []
    puts: dict[str, object] = {}
    expected: list[object] = []
    buttons: list[tuple[str, str]] = []
    for line in (line.strip() for line in body.splitlines()):
        if m := re.fullmatch(r"(s|f) = (.+)", line):
            variables[m[1]] = _evaluate(m[2], variables)
        elif m := re.fullmatch(r'JX_Put scratch, "([A-Z]+\d+)", (.+)', line):
            puts[m[1]] = _evaluate(m[2], variables)
        elif m := re.fullmatch(r"JX_Expect (.+)", line):
            expected.append(_evaluate(m[1], variables))
        elif m := re.fullmatch(r"JX_CheckFunction scratch, (.+)", line):
            name, address, formula = split_top_level(m[1])
            checks.append({"name": _evaluate(name, variables), "address": vba_value(address),
                           "formula": _evaluate(formula, variables), "puts": puts, "expected": expected})
            puts, expected = {}, []
        elif m := re.fullmatch(r"JX_CheckButton (.+)", line):
            label, callback = split_top_level(m[1])
            buttons.append((vba_value(label), vba_value(callback)))
    return checks, buttons


def _cells(reference: str) -> list[str]:
    def split(ref: str) -> tuple[str, int]:
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        return m[1], int(m[2])

    first, _, last = reference.partition(":")
    (c1, r1), (c2, r2) = split(first), split(last or first)
    return [f"{chr(c)}{r}" for r in range(r1, r2 + 1) for c in range(ord(c1), ord(c2) + 1)]


def test_the_macro_computes_every_sample_and_expects_what_python_gives(target: str) -> None:
    body = procedures(vm.自检模块源码(target))["JX_SelfTestInto"][1]
    checks, _ = _run_checks(body)
    assert [c["name"] for c in checks] == [s.函数 for s in selftest.函数样例表]
    used: set[str] = set()
    for check, sample in zip(checks, selftest.函数样例表, strict=True):
        rows = selftest.期望值(sample)
        assert check["expected"] == [v for row in rows for v in row], sample.函数
        result_cells = _cells(check["address"])
        assert len(result_cells) == len(rows) * len(rows[0])
        m = re.fullmatch(rf"={sample.函数}\((.*)\)", check["formula"])
        assert m, check["formula"]
        args = split_top_level(m[1])
        assert len(args) == len(sample.参数), sample.函数
        input_cells: list[str] = []
        for arg, value in zip(args, sample.参数, strict=True):
            if isinstance(value, tuple):  # a range holding the rows
                cells = _cells(arg)
                flat = [v for row in value for v in row]
                assert [check["puts"].get(c) for c in cells] == flat, (sample.函数, arg)
                input_cells += cells
            elif value is None:  # an empty cell
                assert re.fullmatch(r"[A-Z]+\d+", arg) and arg not in check["puts"]
                input_cells.append(arg)
            elif isinstance(value, str):
                assert arg == '"' + value.replace('"', '""') + '"'
            else:
                assert float(arg) == value
        assert set(check["puts"]) <= set(input_cells)
        mine = set(result_cells) | set(input_cells)
        assert not mine & used, sample.函数  # no check writes over another's cells
        used |= mine


def test_the_macro_presses_every_button_and_reports_the_environment(target: str) -> None:
    source = vm.自检模块源码(target)
    subs = procedures(source)
    body = subs["JX_SelfTestInto"][1]
    assert "Set JX_SelfTestReport = JX_SelfTestInto(JX_NewBook(), True)" in subs["JX_SelfTestReport"][1]
    assert "Workbooks.Add" in subs["JX_NewBook"][1]
    _, buttons = _run_checks(body)
    assert buttons == [(b.标签, b.回调) for b in 按钮]
    for needed in ('JX_Line "Excel", Application.Version & JX_Build() & JX_Bits()',
                   'JX_Line "Windows", Application.OperatingSystem', "JX_CodePageLines", "JX_PythonLines"):
        assert needed in body
    assert "Application.Build" in subs["JX_Build"][1]
    assert "cp = JX_CodePage()" in subs["JX_CodePageLines"][1] and "JX_CodePageMessage(cp)" in subs["JX_CodePageLines"][1]
    # what xlwings' COM server does with XLPy.Eval(expression, XLPy.Dict("c", value)): eval(expression, {"c": value})
    call = re.search(r'XLPy\.Str\(XLPy\.Eval\((.+), XLPy\.Dict\("c", (.+)\)\)\), vbLf\)', subs["JX_PythonLines"][1])
    assert eval(vba_value(call[1]), {"c": vba_value(call[2])}) == selftest.环境信息(vm.UDF模块)
    probe = re.search(r'XLPy\.Str\(XLPy\.Eval\((.+), XLPy\.Dict\("c", command\)\)\)', subs["JX_ProbeCommand"][1])
    command = vm.RunPython命令(按钮[0].目标)
    assert eval(vba_value(probe[1]), {"c": command}) == selftest.检查按钮命令(command) == "OK"
    assert callable(selftest.环境信息) and callable(selftest.检查按钮命令)
    variables: dict[str, object] = {}
    for line in (line.strip() for line in body.splitlines()):
        if m := re.fullmatch(r"(s|f) = (.+)", line):
            variables[m[1]] = _evaluate(m[2], variables)
        if line == 'mReport.Range("A4").Value = s':
            assert "请把这个工作簿保存后发回" in str(variables["s"])
            break
    else:
        raise AssertionError("no line asking to send the report back")
    assert ("Set scratch = JX_Scratch(ThisWorkbook)" in body) == (target == "xlsm")  # plain names: own sheets
    assert ("Set scratch = JX_Scratch(book)" in body) == (target == "xlam")


def test_the_dry_run_reaches_callbacks_by_name_as_the_ribbon_does() -> None:
    body = procedures(vm.自检模块源码())["JX_CheckButton"][1]
    lines = [line.strip() for line in body.strip().splitlines()]
    assert lines.index("JX_Probing = True") < lines.index("Application.Run JX_Macro(callback), Nothing") \
        < lines.index("JX_Probing = False")
    assert "Application.Run callback, Nothing" in lines  # the plain name only as a reported fallback
