"""The xlwings Lite folder under Pyodide (the npm package, under Node, offline) against CPython.

tests/pyodide/driver.py runs in both interpreters on the unpacked 绩效自评_Lite.zip with the stand-in
xlwings: every Excel function on a battery of inputs (the seed and real forms' rows under every
profile, the value spellings of tests/test_values.py, the self-test samples, bad input in every
argument), the audit of every seed and real form under every profile, the registration of every
function, and the scripts on stand-in books of the built and filled workbooks.  The answers must be
identical.  Marked ``pyodide``: skipped when Node or the npm package is missing (``npm ci`` in
tests/pyodide), failed instead when JIXIAO_REQUIRE_PYODIDE=1 (.ci/run).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from addin.lite import Lite名称
from udfs.registry import 函数清单

_spec = importlib.util.spec_from_file_location("lite_support", Path(__file__).parent / "pyodide" / "lite_support.py")
ls = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ls)

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def 结果(request, tmp_path_factory):
    """(runner report, Pyodide's output, CPython's output, the task) of one big task."""
    ls.require_pyodide()  # before the filled workbooks are built
    已填 = request.getfixturevalue("已填")
    tmp = tmp_path_factory.mktemp("lite")
    personal = ls.lite_folder(tmp)
    books = []
    for 版式名 in ("函数版", "兼容版"):
        data = ls.book_from_workbook(Path(shutil.copy(已填[版式名][0], tmp / f"{版式名}.xlsx")))
        books.append({"book": data, "script": "校验"})
        sheet = next(s["name"] for s in data["sheets"] if "指标表" in s["names"])
        first = int(data["sheets"][[s["name"] for s in data["sheets"]].index(sheet)]["names"]["指标表"]
                    .split(":")[0][1:])
        books.append({"book": {**data, "selection": [sheet, f"D{first + 1}"]}, "script": "新增指标行"})
    unbound = ls.book_from_workbook(tmp / "函数版.xlsx", 未绑定=tuple(s.名称 for s in 函数清单()))
    books.append({"book": unbound, "script": "修复函数公式"})
    books.append({"book": {"sheets": [{"name": "Sheet1", "cells": {}}]}, "script": "自检"})
    files = {f"/data/{p.name}": p for p in ls.form_files()}
    task = {"registration": 1, "battery": ls.battery(), "modules": 1, "books": books,
            "audit": {"files": list(files), "profiles": [None, *ls.PROFILES]}}
    report, pyodide = ls.run_pyodide(personal, task, files)
    cpython = ls.run_cpython(personal, task, files)
    return report, pyodide, cpython, task


def test_pyodide_runs_offline_from_the_npm_package(结果):
    report, pyodide, _, _ = 结果
    assert report["pyodide"] == "0.27.7" and report["python"].startswith("3.12")
    assert report["fetches"] == []  # nothing was downloaded: wasm and stdlib come from node_modules
    assert pyodide["platform"] == "emscripten"
    assert pyodide["modules"] == []  # no openpyxl, pandas, numpy, lxml, click, addin or workbook_templates
    assert pyodide["xlwings_file"].startswith("/lite/path0/")  # the stand-in, not an xlwings wheel


def test_importing_the_generated_module_registers_every_classic_function(结果):
    _, pyodide, cpython, _ = 结果
    registered = {d["name"]: d for d in pyodide["registration"]}
    assert set(registered) == {Lite名称.get(s.名称, s.名称) for s in 函数清单()} | {"版本号"}
    for s in 函数清单():
        d = registered[Lite名称.get(s.名称, s.名称)]
        assert d["id"].isascii() and d["description"] == s.说明
        assert [(p["name"], p["description"], p.get("optional", False), p.get("repeating", False))
                for p in d["parameters"]] == [(p.名称, p.说明, p.可省略, p.可变) for p in s.参数]
    assert {s["name"] for s in pyodide["scripts"]} == {"校验", "新增指标行", "修复函数公式", "自检"}
    assert pyodide["profiles"] == {"source": "文件", "names": ["财政部", "湖北", "上海", "一体化"]}
    assert pyodide["registration"] == cpython["registration"] and pyodide["scripts"] == cpython["scripts"]


def test_every_function_gives_the_same_answer_in_pyodide_and_cpython(结果):
    _, pyodide, cpython, task = 结果
    assert len(pyodide["battery"]) == len(task["battery"]) > 3000
    different = [(call, p, c) for call, p, c in zip(task["battery"], pyodide["battery"], cpython["battery"]) if p != c]
    assert different == []
    raised = [(call, r) for call, r in zip(task["battery"], cpython["battery"]) if isinstance(r, dict) and "raised" in r]
    assert raised == []  # a cell function never raises: bad input is a "#…" text
    called = {name for name, _ in task["battery"]}
    assert called == {Lite名称.get(s.名称, s.名称) for s in 函数清单()}
    numbers = sum(1 for r in cpython["battery"] if isinstance(r, dict) and "float" in r)
    texts = sum(1 for r in cpython["battery"] if isinstance(r, str) and r.startswith("#"))
    assert numbers > 1000 and texts > 500  # the battery scores and it refuses


def test_every_form_audits_the_same_in_pyodide_and_cpython(结果):
    _, pyodide, cpython, task = 结果
    assert pyodide["audit"] == cpython["audit"]
    assert len(pyodide["audit"]) >= 5 * 13
    assert not [k for k, v in cpython["audit"].items() if "raised" in v]


def test_the_scripts_write_the_same_in_pyodide_and_cpython(结果):
    _, pyodide, cpython, task = 结果

    def same(books):  # the self-test reports the interpreter: the one line that must differ
        text = json.dumps(books, ensure_ascii=False)
        return text.replace(json.dumps(books[-1]["book"]["sheets"][-1]["cells"]["B3"], ensure_ascii=False), '"…"')

    assert same(pyodide["books"]) == same(cpython["books"])
    audited = [b for b, job in zip(cpython["books"], task["books"]) if job["script"] == "校验"]
    assert all(len(b["audits"]) == 13 for b in audited)
    inserted = [b for b, job in zip(cpython["books"], task["books"]) if job["script"] == "新增指标行"]
    assert all(any(a["op"] == "insert" for a in b["book"]["actions"]) for b in inserted)
    repaired = [b for b, job in zip(cpython["books"], task["books"]) if job["script"] == "修复函数公式"]
    assert sum(a["op"] == "value" for a in repaired[0]["book"]["actions"]) > 13 * 3
    report = pyodide["books"][-1]["book"]["sheets"][-1]
    assert report["name"] == "自检报告" and report["cells"]["C3"] == "OK"
    assert "Pyodide 0.27.7" in report["cells"]["B3"]


def test_without_the_profile_files_pyodide_scores_with_the_embedded_copies(tmp_path):
    ls.require_pyodide()
    personal = ls.lite_folder(tmp_path, keep_profiles=False)
    calls = [[name, cells] for name, cells in ls.battery() if name in ("指标得分", "执行率得分", "评价等级")][:400]
    _, pyodide = ls.run_pyodide(personal, {"registration": 1, "battery": calls})
    cpython = ls.run_cpython(ls.lite_folder(tmp_path / "full"), {"registration": 1, "battery": calls})
    assert pyodide["profiles"]["source"] == "内嵌" and cpython["profiles"]["source"] == "文件"
    assert pyodide["profiles"]["names"] == cpython["profiles"]["names"]
    assert pyodide["battery"] == cpython["battery"]
