"""The xlwings Lite edition's speed: indicator scorings per second in Pyodide against CPython, one run.

    npm ci --prefix tests/pyodide          # once: Pyodide 0.27.7 from npm
    python benchmarks/bench_lite.py [--repeat N] [--warm K] [--cold K]

Builds 绩效自评_Lite.zip, unpacks it and runs the same code (tests/pyodide/driver.py, section
``bench``) in Pyodide under Node and in a CPython subprocess, on the same folder with the same
stand-in xlwings: ``=指标得分(年度指标值, 实际完成值, 分值, "上海")`` through the generated Lite
wrapper for every indicator row of the 13 seed forms, K times over, best of N runs.  *warm*: the
parse cache of indicator values kept (a workbook recalculating); *cold*: cleared before every
call (every value new).  Prints scorings per second for both interpreters and the ratio; Excel's
own overhead per call (marshalling, #BUSY!) is not part of it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("lite_support", ROOT / "tests" / "pyodide" / "lite_support.py")
ls = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ls)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warm", type=int, default=40, help="passes over the rows, warm")
    ap.add_argument("--cold", type=int, default=10, help="passes over the rows, cold")
    args = ap.parse_args()
    missing = ls.pyodide_missing()
    if missing:
        sys.exit(f"bench_lite: {missing}")
    forms = json.loads((ROOT / "tests" / "data" / "self_eval_forms.json").read_text(encoding="utf-8"))["forms"]
    rows = [(r["年度指标值"], r["实际完成值"], r["分值"]) for f in forms for r in f["indicators"]
            if r["年度指标值"] not in (None, "不适用")]
    task = {"bench": {"rows": rows, "repeat": args.repeat, "warm": args.warm, "cold": args.cold, "profile": "上海"}}
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        personal = ls.lite_folder(Path(tmp))
        report, pyodide = ls.run_pyodide(personal, task)
        cpython = ls.run_cpython(personal, task)
    print(f"=指标得分 through the Lite wrapper, {len(rows)} seed rows, 口径 上海, best of {args.repeat}")
    print(f"Pyodide {report['pyodide']} (Python {report['python']}, loaded in {report['load_ms']} ms) "
          f"vs CPython {cpython['python']}")
    for label in ("warm", "cold"):
        p, c = pyodide["bench"][label], cpython["bench"][label]
        print(f"  {label}: Pyodide {p['per_second']:>9,.0f}/s ({1e6 / p['per_second']:5.1f} µs)   "
              f"CPython {c['per_second']:>9,.0f}/s ({1e6 / c['per_second']:5.1f} µs)   "
              f"CPython/Pyodide = {c['per_second'] / p['per_second']:.2f}×")


if __name__ == "__main__":
    main()
