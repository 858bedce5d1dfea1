"""The tests' work inside an interpreter: run under Pyodide (run.mjs) and under CPython alike.

It imports the Lite folder (``personal/`` of 绩效自评_Lite.zip) with the stand-in ``xlwings`` first
on ``sys.path``, does what the task file asks and writes the results as JSON, so the test can
compare Pyodide's answers with CPython's.  The task: ``$JIXIAO_LITE_TASK`` (JSON), the output:
``$JIXIAO_LITE_OUT``.  Sections (each optional): ``registration``, ``battery`` (a list of
[Excel name, [cells...]]), ``audit`` (form files × profiles), ``books`` (stand-in workbooks and
the scripts to run on them), ``bench`` (timings), ``modules`` (what got imported).
"""

import json
import os
import platform
import sys
import time

TASK = json.loads(open(os.environ["JIXIAO_LITE_TASK"], encoding="utf-8").read())
out = {"python": platform.python_version(), "platform": sys.platform}

import xlwings as xw  # noqa: E402  (the stand-in: checked below)

assert getattr(xw, "__stub__", False), "the stand-in xlwings must come first on sys.path"
import jixiao_lite  # noqa: E402
import jixiao_lite_scripts  # noqa: E402

import udfs  # noqa: E402


def _json(x):
    """Results as JSON can carry them exactly (floats by repr, errors as their text)."""
    if isinstance(x, float):
        return {"float": repr(x)}
    if isinstance(x, (list, tuple)):
        return [_json(v) for v in x]
    if isinstance(x, dict):
        return {str(k): _json(v) for k, v in x.items()}
    if x is None or isinstance(x, (str, int, bool)):
        return x
    return {"repr": repr(x)}


def _cells(v):
    if isinstance(v, dict) and "error" in v:
        return xw.Error(v["error"])
    if isinstance(v, list):
        return [_cells(x) for x in v]
    return v


if "registration" in TASK:
    meta = xw.functions_meta(jixiao_lite, jixiao_lite_scripts, udfs, udfs.functions)
    out["registration"] = _json([{k: v for k, v in m.items()} for m in meta])
    out["scripts"] = xw.scripts_meta(jixiao_lite, jixiao_lite_scripts)
    out["profiles"] = {"source": jixiao_lite._口径来源, "names": udfs.profiles.口径列表()}

if "battery" in TASK:
    by_name = {m["name"]: getattr(jixiao_lite, m["python"]) for m in xw.functions_meta(jixiao_lite)}
    results = []
    for name, cells in TASK["battery"]:
        try:
            results.append(_json(xw.call_like_excel(by_name[name], *_cells(cells))))
        except Exception as exc:  # a wrapper must never raise: record it, the test fails on it
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
    out["battery"] = results

if "audit" in TASK:
    from udfs.audit import 审核
    from udfs.forms import 读取表单

    audits = {}
    for path in TASK["audit"]["files"]:
        for form in 读取表单(path):
            for profile in TASK["audit"]["profiles"]:
                key = f"{os.path.basename(path)}|{form.id}|{profile}"
                try:
                    audits[key] = _json(审核(form, profile).as_json())
                except Exception as exc:  # compared like a result
                    audits[key] = {"raised": f"{type(exc).__name__}: {exc}"}
    out["audit"] = audits

if "books" in TASK:
    layout = jixiao_lite._版式
    books = []
    for job in TASK["books"]:
        book = xw.Book.from_dict(job["book"])
        result = {}
        if job["script"] == "校验":
            jixiao_lite.jx_jiao_yan(book)
            result["audits"] = [
                [name, r.as_json() if hasattr(r, "as_json") else {"error": str(r)}]
                for name, r in jixiao_lite_scripts.审核全部(xw.Book.from_dict(job["book"]), layout)
            ]
        elif job["script"] == "新增指标行":
            jixiao_lite.jx_xin_zeng_zhi_biao_xing(book)
        elif job["script"] == "修复函数公式":
            jixiao_lite.jx_xiu_fu_han_shu_gong_shi(book)
        elif job["script"] == "自检":
            jixiao_lite.jx_zi_jian(book)
        result["book"] = _json(book.to_dict())
        books.append(result)
    out["books"] = books

if "bench" in TASK:  # indicator scorings per second through the Lite wrapper (benchmarks/bench_lite.py)
    from udfs.values import _解析文本

    spec = TASK["bench"]
    fn = jixiao_lite.jx_zhi_biao_de_fen
    rows = spec["rows"]
    profile = spec.get("profile", "上海")

    def _warm():
        for t, a, w in rows:
            fn(t, a, w, profile)

    def _cold():
        for t, a, w in rows:
            _解析文本.cache_clear()
            fn(t, a, w, profile)

    bench = {}
    for label, run, copies in (("warm", _warm, spec.get("warm", 40)), ("cold", _cold, spec.get("cold", 10))):
        best = None
        for _ in range(spec.get("repeat", 3)):
            t0 = time.perf_counter()
            for _ in range(copies):
                run()
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
        bench[label] = {"calls": copies * len(rows), "seconds": best, "per_second": copies * len(rows) / best}
    out["bench"] = bench

if "modules" in TASK:
    out["modules"] = sorted(m for m in sys.modules if m.split(".")[0] in ("openpyxl", "pandas", "numpy", "lxml",
                                                                          "addin", "workbook_templates", "click"))
    out["xlwings_file"] = getattr(xw, "__file__", "")

with open(os.environ["JIXIAO_LITE_OUT"], "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
