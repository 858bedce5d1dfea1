"""Helpers of the xlwings Lite tests (tests/test_lite*.py) and benchmarks/bench_lite.py.

* :func:`pyodide_missing` / :func:`require_pyodide` — whether Node and the npm ``pyodide`` package
  (``npm ci`` in tests/pyodide) are here; the tests skip with the reason, or fail when
  ``JIXIAO_REQUIRE_PYODIDE=1`` (CI);
* :func:`lite_folder` — ``jixiao build``'s 绩效自评_Lite.zip unpacked: its ``personal/`` folder;
* :func:`run_pyodide` / :func:`run_cpython` — tests/pyodide/driver.py on that folder with the
  stand-in ``xlwings`` first on ``sys.path``, under Pyodide (Node) or a CPython subprocess;
* :func:`standin` / :func:`generated_module` — the stand-in and the generated module in this
  process, without leaving the stand-in in ``sys.modules`` (other tests use the real xlwings);
* :func:`battery` — the inputs every Excel function is called with;
* :func:`book_from_workbook` — a stand-in book holding what Excel would show of a built workbook.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA = REPO / "tests" / "data"
STANDIN = HERE / "standin"
RUNNER = HERE / "run.mjs"
DRIVER = HERE / "driver.py"
PROFILES = ["财政部", "一体化", "湖北", "上海"]


# --- is Pyodide here? ------------------------------------------------------------------------------


def pyodide_missing() -> str | None:
    """Why the Pyodide lane cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (the Pyodide lane runs Pyodide under Node)"
    if not (HERE / "node_modules" / "pyodide" / "package.json").is_file():
        return "the npm package pyodide is not installed: run `npm ci` in tests/pyodide"
    return None


def require_pyodide() -> None:
    import pytest

    reason = pyodide_missing()
    if reason is None:
        return
    if os.environ.get("JIXIAO_REQUIRE_PYODIDE") == "1":
        pytest.fail(f"JIXIAO_REQUIRE_PYODIDE=1 but {reason}")
    pytest.skip(reason)


# --- the Lite folder ---------------------------------------------------------------------------------


def lite_folder(target: Path, *, keep_profiles: bool = True) -> Path:
    """Build 绩效自评_Lite.zip into ``target`` and unpack it; return its ``personal/`` folder."""
    from addin.lite import 写Lite包

    archive = 写Lite包(Path(target))
    with zipfile.ZipFile(archive) as z:
        z.extractall(Path(target) / "unpacked")
    personal = Path(target) / "unpacked" / "personal"
    if not keep_profiles:
        for toml in (personal / "udfs" / "profiles").glob("*.toml"):
            toml.unlink()
    return personal


# --- running the driver ------------------------------------------------------------------------------


def run_pyodide(personal: Path, task: dict[str, Any], extra_files: dict[str, Path] | None = None,
                timeout: float = 600) -> tuple[dict[str, Any], dict[str, Any]]:
    """(runner report, driver output) of the driver under Pyodide; files land under /data/."""
    with tempfile.TemporaryDirectory(prefix="jixiao-lite-") as tmp:
        task_file = Path(tmp) / "task.json"
        task_file.write_text(json.dumps(task, ensure_ascii=False), encoding="utf-8")
        out_file = Path(tmp) / "out.json"
        cmd = ["node", str(RUNNER), "--path", str(STANDIN), "--path", str(personal),
               "--file", f"{task_file}=/lite/task.json", "--env", "JIXIAO_LITE_TASK=/lite/task.json",
               "--env", "JIXIAO_LITE_OUT=/lite/out.json", "--save", f"/lite/out.json={out_file}"]
        for dest, src in (extra_files or {}).items():
            cmd += ["--file", f"{src}={dest}"]
        cmd.append(str(DRIVER))
        proc = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, timeout=timeout)
        try:
            report = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise AssertionError(f"node failed ({proc.returncode}): {proc.stderr[-3000:]}") from None
        if not report.get("ok"):
            raise AssertionError(f"driver failed under Pyodide: {report.get('error')}\n{proc.stderr[-2000:]}")
        return report, json.loads(out_file.read_text(encoding="utf-8"))


def run_cpython(personal: Path, task: dict[str, Any], extra_files: dict[str, Path] | None = None,
                timeout: float = 600) -> dict[str, Any]:
    """The driver's output under this machine's CPython, on the same folder, in a clean process."""
    with tempfile.TemporaryDirectory(prefix="jixiao-lite-") as tmp:
        # the same paths as under Pyodide: files named /data/x in the task are mapped below tmp
        mapping = {dest: str(src) for dest, src in (extra_files or {}).items()}
        task = json.loads(json.dumps(task, ensure_ascii=False), object_hook=lambda d: d)
        if "audit" in task:
            task["audit"]["files"] = [mapping.get(f, f) for f in task["audit"]["files"]]
        task_file = Path(tmp) / "task.json"
        task_file.write_text(json.dumps(task, ensure_ascii=False), encoding="utf-8")
        out_file = Path(tmp) / "out.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(PYTHONPATH=os.pathsep.join([str(STANDIN), str(personal)]), JIXIAO_LITE_TASK=str(task_file),
                   JIXIAO_LITE_OUT=str(out_file), PYTHONIOENCODING="utf-8")
        proc = subprocess.run([sys.executable, "-s", str(DRIVER)], cwd=tmp, env=env, capture_output=True,
                              text=True, timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"driver failed under CPython: {proc.stderr[-3000:]}")
        return json.loads(out_file.read_text(encoding="utf-8"))


# --- the stand-in and the generated module in this process -----------------------------------------


def standin() -> types.ModuleType:
    """The stand-in xlwings as a module object (not registered as ``xlwings``)."""
    spec = importlib.util.spec_from_file_location("xlwings", STANDIN / "xlwings" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def generated_module(source: str | None = None, xw: types.ModuleType | None = None) -> Iterator[types.ModuleType]:
    """The generated module (``addin.lite.模块源码()`` unless given) run against the stand-in."""
    from addin import lite, lite_scripts

    source = lite.模块源码() if source is None else source
    xw = xw or standin()
    saved = {k: sys.modules.get(k) for k in ("xlwings", "jixiao_lite_scripts")}
    sys.modules["xlwings"] = xw
    sys.modules["jixiao_lite_scripts"] = lite_scripts
    try:
        module = types.ModuleType("jixiao_lite")
        module.__file__ = "jixiao_lite.py"
        exec(compile(source, "jixiao_lite.py", "exec"), module.__dict__)
        yield module
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value


# --- inputs -----------------------------------------------------------------------------------------


def form_files() -> list[Path]:
    return [DATA / "self_eval_forms.json",
            *sorted(p for p in (DATA / "real_forms").glob("*.json") if not p.name.endswith(".expected.json"))]


def value_spellings() -> list[str]:
    """Every text of the parametrized cases of tests/test_values.py (年度指标值 / 实际完成值 spellings)."""
    import ast

    found: list[str] = []
    tree = ast.parse((REPO / "tests" / "test_values.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize" and len(node.args) > 1:
            for item in ast.walk(node.args[1]):
                if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value not in found:
                    found.append(item.value)
    return found


def _j(x: Any) -> Any:
    """A cell value as JSON carries it (Decimals as the float Excel would hold)."""
    from decimal import Decimal

    if isinstance(x, Decimal):
        return float(x)
    if isinstance(x, (list, tuple)):
        return [_j(v) for v in x]
    return x


_坏值: list[Any] = [None, "", "abc", {"error": "#N/A"}, {"error": "#DIV/0!"}, -1, 0, 1e20, True, "１２３", "—", " ",
                   [[1, 2], [3, 4]], "100%", "≥", "=", "#指标值无法识别", "1,234.5万元", -0.0]


def battery() -> list[list[Any]]:
    """[Excel name (Lite), [cells...]] for every Excel function: the seed and real forms' rows under each
    profile, the value spellings, the self-test samples, and every argument replaced by bad input."""
    from addin.lite import Lite名称, 函数表
    from addin.selftest import 函数样例表
    from udfs.forms import 读取表单
    from udfs.rules import 规则表

    lite = {s.名称: Lite名称.get(s.名称, s.名称) for s, _ in 函数表()}
    calls: list[list[Any]] = []

    def add(name: str, *cells: Any) -> None:
        calls.append([lite[name], [_j(c) for c in cells]])

    for path in form_files():
        for form in 读取表单(path):
            total = form.资金.get("年度资金总额")
            rate_score = None
            if total is not None:
                add("执行率", total.全年执行数, total.全年预算数)
                for p in [None, *PROFILES]:
                    add("执行率得分", total.全年执行数, total.全年预算数, total.分值, p)
                rate_score = total.得分
            targets = [[r.年度指标值] for r in form.指标]
            actuals = [[r.实际完成值] for r in form.指标]
            weights = [[r.分值] for r in form.指标]
            for r in form.指标:
                for p in [None, *PROFILES]:
                    add("指标得分", r.年度指标值, r.实际完成值, r.分值, p)
                add("指标得分", r.年度指标值, r.实际完成值, r.分值, "上海", r.得分)
                add("指标得分说明", r.年度指标值, r.实际完成值, r.分值, None)
                add("指标得分说明", r.年度指标值, r.实际完成值, r.分值, "一体化", r.得分)
                add("偏差提示", r.分值, r.得分, r.偏差原因分析及改进措施)
            if form.指标:
                for p in [None, *PROFILES]:
                    add("指标表得分", targets, actuals, weights, p)
                add("指标表得分", targets, actuals, weights, "湖北", [[r.得分] for r in form.指标])
                add("总分", rate_score, [[r.得分] for r in form.指标])
                add("分值检查", total.分值 if total else None, weights, None)
            for p in [None, *PROFILES]:
                add("评价等级", form.总分_得分, p)
    spellings = value_spellings()
    for text in spellings:
        add("指标得分", text, "95%", 10, None)
        add("指标得分", "≥90%", text, 10, "一体化")
        add("指标得分", text, text, 5, "湖北")
        add("指标得分说明", text, "29万人", 10, None)
        add("比例得分", text, 10, None)
        add("执行率", text, "100")
    for score in [0, 59.99, 60, 79.994, 80, 89.995, 90, 100, 100.01, -1, "九十", None]:
        for p in PROFILES:
            add("评价等级", score, p)
    params = ["90%", "95%", "85%", "2%", 1, 3, "80%", "100%", 10, None]
    for rule in [*规则表, "无此规则", None]:
        for i in range(len(params)):
            args = params[i:] + params[:i]
            add("体系得分", rule, 10, *args[:7])
            add("体系得分说明", rule, 10, *args[:7])
    samples = {s.函数: [[list(r) for r in a] if isinstance(a, tuple) else a for a in s.参数] for s in 函数样例表}
    for name in lite:
        base = samples.get(name)
        if base is None:
            continue
        add(name, *base)
        for i in range(len(base)):
            for bad in _坏值:
                add(name, *base[:i], bad, *base[i + 1:])
        add(name)  # every argument left out
    return calls


# --- a stand-in book from a built workbook ------------------------------------------------------------


def book_from_workbook(path: Path, 未绑定: tuple[str, ...] = ()) -> dict[str, Any]:
    """The book a Lite script would get for the workbook: cell values as Excel shows them (the formulas'
    results computed by the scoring core, as ``文件工作簿.计算`` caches them) and the sheet-scoped names.
    A formula calling a function named in ``未绑定`` shows #NAME? (Excel did not find it)."""
    import datetime as dt

    import openpyxl

    from addin.workbook import 文件工作簿

    wb = 文件工作簿(path)
    wb.计算()
    cached = wb.缓存
    book = openpyxl.load_workbook(path)
    sheets = []
    for ws in book.worksheets:
        cells: dict[str, Any] = {}
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if c.data_type == "f" and any(f"{n}(" in str(v) for n in 未绑定):
                    cells[c.coordinate] = {"error": "#NAME?"}
                    continue
                if c.data_type == "f":
                    v = cached.get(ws.title, {}).get(c.coordinate)
                elif isinstance(v, (dt.datetime, dt.date)):
                    v = v.isoformat()
                elif v is not None and not isinstance(v, (str, int, float, bool)):
                    v = None  # an array formula or another object: what Excel shows is not modelled
                if v is not None and v != "":
                    cells[c.coordinate] = _j(v)
        names = {n: d.attr_text.rsplit("!", 1)[-1].replace("$", "") for n, d in ws.defined_names.items()}
        sheets.append({"name": ws.title, "cells": cells, "names": names})
    return {"sheets": sheets}
