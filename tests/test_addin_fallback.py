"""The documented fallback: xlwings' own add-in and "Import Functions" give the same Excel functions.

When the VBA project this project writes does not load, the guide
(docs/用户指南.md, from /work/notes/vba_docs.md) sends the user down xlwings'
standard route (research memo §7): ``xlwings addin install``, "UDF Modules"
set to the module the workbook's ``xlwings.conf`` sheet names, then "Import
Functions", which calls ``xlwings.import_udfs``.  That route only finds
functions carrying xlwings' ``__xlfunc__`` metadata, which ``xw.func`` sets on
Windows; on Linux ``xw.func`` is a no-op (platform notes), so the check below
binds the decorators as ``import xlwings`` does on Windows, with pywin32
stubbed, and then imports the module.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
import xlwings
import xlwings.cli
from windows_stubs import PREAMBLE

import udfs
from addin import vba_modules as vm
from addin.package import build_macro_files, 读配置

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses pre-3.0 pyparsing names
    from oletools.olevba import VBA_Parser

ROOT = Path(__file__).resolve().parents[1]
XLWINGS_DIR = Path(xlwings.__file__).parent
FUNCTIONS = udfs.函数清单()

# In a fresh interpreter: what `import xlwings` binds on Windows (xlwings/__init__.py imports
# xlfunc as func, xlarg as arg, xlret as ret), before the UDF module is imported; then what
# "Import Functions" reads: every attribute carrying __xlfunc__ (xlwings.udfs.import_udfs), and
# the wrappers its generator writes.
_AS_ON_WINDOWS = PREAMBLE + r"""
xlwings.func, xlwings.arg, xlwings.ret = xu.xlfunc, xu.xlarg, xu.xlret
assert sys.argv[1] not in sys.modules
module = importlib.import_module(sys.argv[1])
found = {}
for attr in dir(module):
    x = getattr(getattr(module, attr), "__xlfunc__", None)
    if x is not None:
        found[attr] = {"name": x["name"], "category": x["category"], "volatile": x["volatile"], "doc": x["ret"]["doc"],
                       "args": [[a["name"], a["doc"], "optional" in a, a["vararg"]] for a in x["args"]]}
vba = io.StringIO()
xu.generate_vba_wrapper(sys.argv[1], module, vba, types.SimpleNamespace(Name="自评表.xlsm"))
sys.stdout.buffer.write(json.dumps({"functions": found, "vba": vba.getvalue()}, ensure_ascii=False).encode("utf-8"))
"""


@pytest.fixture(scope="module")
def as_on_windows() -> dict:
    result = subprocess.run([sys.executable, "-c", _AS_ON_WINDOWS, vm.UDF模块], capture_output=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))


def test_the_workbook_names_the_udf_module_and_it_imports(tmp_path: Path) -> None:
    from workbook_templates.build import 生成

    template = next(p for p in 生成(tmp_path) if p.name == "项目支出绩效自评表.xlsx")
    for path in build_macro_files(template, tmp_path / "out"):
        assert 读配置(path)["UDF Modules"] == vm.UDF模块
    module = importlib.import_module(vm.UDF模块)
    assert all(callable(getattr(module, f.名称, None)) for f in FUNCTIONS)


def test_every_function_carries_xlwings_metadata_under_its_excel_name(as_on_windows: dict) -> None:
    found = as_on_windows["functions"]
    assert set(found) == {f.名称 for f in FUNCTIONS}  # nothing else is imported as a function
    for f in FUNCTIONS:
        x = found[f.名称]
        assert x["name"] == f.名称 and x["category"] == f.类别 == "绩效自评"
        assert x["args"] == [[p.名称, p.说明 or f"Positional argument {i + 1}", p.可省略, p.可变]
                             for i, p in enumerate(f.参数)], f.名称
        assert not x["volatile"]  # research memo §1: no volatile functions in UDF cells
        assert "".join(x["doc"].split()).startswith("".join(f.说明.split()))  # the wizard's description


def test_import_functions_writes_one_wrapper_per_function_in_the_chinese_code_page(as_on_windows: dict) -> None:
    """xlwings writes the wrappers through a temp file in the locale encoding: cp936 holds them, cp1252 does not,
    which is why the route needs Windows' non-Unicode language set to Chinese (platform notes)."""
    vba = as_on_windows["vba"]
    names = re.findall(rf'XLPy\.CallUDF\("{re.escape(vm.UDF模块)}", "(\w+)", ', vba)
    assert sorted(set(names)) == sorted(f.名称 for f in FUNCTIONS)
    vba.encode("cp936")
    with pytest.raises(UnicodeEncodeError):
        vba.encode("cp1252")


def test_xlwings_ships_the_addin_and_the_commands_the_route_uses() -> None:
    addin = XLWINGS_DIR / "addin" / "xlwings.xlam"
    with zipfile.ZipFile(addin) as archive:
        ribbon = archive.read("customUI/customUI.xml").decode("utf-8")
    labels = re.findall(r'label="([^"]+)"', ribbon)
    assert "Import Functions" in labels and "UDF Modules:" in labels
    parser = VBA_Parser(str(addin))
    try:
        code = "\n".join(c for _, _, _, c in parser.extract_macros())
    finally:
        parser.close()
    assert "Sub ImportFunctions(control As IRibbonControl)" in code
    assert "Sub SetUdfModules(control As IRibbonControl, Text As String)" in code
    assert 'XLPy.Call(XLPy.Module("xlwings"), "import_udfs"' in code
    assert callable(xlwings.cli.addin_install)  # `xlwings addin install`
