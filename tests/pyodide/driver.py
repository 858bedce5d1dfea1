"""The tests' work inside an interpreter: run under Pyodide (run.mjs) and under CPython alike.

It imports the Lite folder (``personal/`` of 绩效自评_Lite.zip) with the stand-in ``xlwings`` first
on ``sys.path``, does what the task file asks and writes the results as JSON, so the test can
compare Pyodide's answers with CPython's.  The task: ``$JIXIAO_LITE_TASK`` (JSON), the output:
``$JIXIAO_LITE_OUT``.  Sections (each optional): ``registration``, ``battery`` (a list of
[Excel name, [cells...]]), ``audit`` (form files × profiles), ``books`` (stand-in workbooks and
the scripts to run on them), ``bench`` (timings), ``modules`` (what got imported).

Importing this file does nothing (pytest's doctest collection imports every ``.py``); it works
when run as ``__main__``.
"""

import json
import os
import platform
import sys
import time


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


def _cells(xw, v):
    if isinstance(v, dict) and "error" in v:
        return xw.Error(v["error"])
    if isinstance(v, list):
        return [_cells(xw, x) for x in v]
    return v


def registration(xw, lite, scripts, udfs):
    meta = xw.functions_meta(lite, scripts, udfs, udfs.functions)  # the core's modules register nothing
    return {"registration": _json(meta), "scripts": xw.scripts_meta(lite, scripts),
            "profiles": {"source": lite._口径来源, "names": udfs.profiles.口径列表()}}


def battery(xw, lite, calls):
    by_name = {m["name"]: getattr(lite, m["python"]) for m in xw.functions_meta(lite)}
    results = []
    for name, cells in calls:
        try:
            results.append(_json(xw.call_like_excel(by_name[name], *_cells(xw, cells))))
        except Exception as exc:  # a wrapper must never raise: record it, the test fails on it
            results.append({"raised": f"{type(exc).__name__}: {exc}"})
    return results


def audit(spec):
    from udfs.audit import 审核
    from udfs.forms import 读取表单

    audits = {}
    for path in spec["files"]:
        for form in 读取表单(path):
            for profile in spec["profiles"]:
                key = f"{os.path.basename(path)}|{form.id}|{profile}"
                try:
                    audits[key] = _json(审核(form, profile).as_json())
                except Exception as exc:  # compared like a result
                    audits[key] = {"raised": f"{type(exc).__name__}: {exc}"}
    return audits


def books(xw, lite, scripts, jobs):
    run = {"校验": lite.jx_jiao_yan, "新增指标行": lite.jx_xin_zeng_zhi_biao_xing,
           "修复函数公式": lite.jx_xiu_fu_han_shu_gong_shi, "自检": lite.jx_zi_jian}
    out = []
    for job in jobs:
        book = xw.Book.from_dict(job["book"])
        result = {}
        run[job["script"]](book)
        if job["script"] == "校验":
            result["audits"] = [
                [name, r.as_json() if hasattr(r, "as_json") else {"error": str(r)}]
                for name, r in scripts.审核全部(xw.Book.from_dict(job["book"]), lite._版式)
            ]
        result["book"] = _json(book.to_dict())
        out.append(result)
    return out


def bench(lite, spec):
    """Indicator scorings per second through the Lite wrapper (benchmarks/bench_lite.py)."""
    from udfs.values import _解析文本

    fn = lite.jx_zhi_biao_de_fen
    rows = spec["rows"]
    profile = spec.get("profile", "上海")

    def warm():
        for t, a, w in rows:
            fn(t, a, w, profile)

    def cold():
        for t, a, w in rows:
            _解析文本.cache_clear()
            fn(t, a, w, profile)

    result = {}
    for label, once, copies in (("warm", warm, spec.get("warm", 40)), ("cold", cold, spec.get("cold", 10))):
        best = None
        for _ in range(spec.get("repeat", 3)):
            t0 = time.perf_counter()
            for _ in range(copies):
                once()
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
        result[label] = {"calls": copies * len(rows), "seconds": best, "per_second": copies * len(rows) / best}
    return result


def main():
    task = json.loads(open(os.environ["JIXIAO_LITE_TASK"], encoding="utf-8").read())
    out = {"python": platform.python_version(), "platform": sys.platform}

    import xlwings as xw

    assert getattr(xw, "__stub__", False), "the stand-in xlwings must come first on sys.path"
    import jixiao_lite
    import jixiao_lite_scripts

    import udfs

    if "registration" in task:
        out.update(registration(xw, jixiao_lite, jixiao_lite_scripts, udfs))
    if "battery" in task:
        out["battery"] = battery(xw, jixiao_lite, task["battery"])
    if "audit" in task:
        out["audit"] = audit(task["audit"])
    if "books" in task:
        out["books"] = books(xw, jixiao_lite, jixiao_lite_scripts, task["books"])
    if "bench" in task:
        out["bench"] = bench(jixiao_lite, task["bench"])
    if "modules" in task:
        out["modules"] = sorted(m for m in sys.modules if m.split(".")[0] in (
            "openpyxl", "pandas", "numpy", "lxml", "addin", "workbook_templates", "click"))
        out["xlwings_file"] = getattr(xw, "__file__", "")
    with open(os.environ["JIXIAO_LITE_OUT"], "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
