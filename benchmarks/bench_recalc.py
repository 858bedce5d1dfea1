"""Live recalculation: Python calls per form sheet and the full-recalculation time of the 函数版
against the 兼容版, in LibreOffice, measured in one run.

Every Python call from a cell crosses a process boundary (COM to the xlwings server in Excel, the
Basic→Python bridge in LibreOffice), so the 函数版 keeps everything native that is native
(偏差提示, sums, grades, plain ratios) and calls Python once for the whole indicator table
(=指标表计分), plus 等级 and 分值检查 only when Excel's own formulas cannot decide.

1. Calls, counted where they happen: LibreOffice opens the seed-filled 函数版 (13 forms) with every
   function wrapped by benchmarks/_udf_counter.py, recalculates everything once (calculateAll, what
   Ctrl+Alt+F9 does) and the wrapper counts each call.  Also the calls written in each form sheet's
   formulas (the most a sheet can make).  Goal (issue 12): at most 20 per form sheet; the build
   before issue 12 made 56.
2. Time of a full recalculation (median of ``--repeat``) of the 函数版 with the real functions
   against the 兼容版 (Excel's own formulas only), in the same LibreOffice: the ratio is what the
   Python calls still cost.

Usage: python benchmarks/bench_recalc.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a checkout

import openpyxl

import udfs
from udfs.forms import 读取表单
from workbook_templates.build import 生成
from workbook_templates.engine import Office, udf_specs
from workbook_templates.fill import 填入

GOAL = 20


def written_calls(path: Path) -> list[int]:
    """Per form sheet: the project's function calls written in its formulas."""
    names = [f.名称 for f in udfs.函数清单()]
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        if "指标表" not in ws.defined_names:
            continue
        out.append(sum(f.count(f"{n}(") - sum(f.count(f"{m}{n}(") for m in ("预算", "指标表", "体系"))
                       for row in ws.iter_rows() for c in row
                       if isinstance(f := c.value, str) and f.startswith("=") for n in names))
    return out


def recalc_times(office: Office, path: Path, repeat: int) -> list[float]:
    with office.open(path) as doc:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            doc.recalc()
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed full recalculations per workbook")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        folder = Path(tmp)
        生成(folder / "模板")
        forms = 读取表单(ROOT / "tests" / "data" / "self_eval_forms.json")
        函数版 = 填入(folder / "模板" / "项目支出绩效自评表.xlsx", forms, folder / "函数版.xlsx").输出
        兼容版 = 填入(folder / "模板" / "项目支出绩效自评表_兼容版.xlsx", forms, folder / "兼容版.xlsx").输出
        sheets = len(forms)
        written = written_calls(函数版)

        log = folder / "calls.txt"
        os.environ["JIXIAO_BENCH_CALLS"] = str(log)  # LibreOffice's Python inherits it
        with Office(udf_module="_udf_counter", udf_specs=udf_specs(),
                    sys_path=[ROOT / "benchmarks", ROOT], timeout=300) as office:
            with office.open(函数版) as doc:
                log.write_text("", encoding="utf-8")  # the calls of the load's recalculation are not counted
                doc.recalc()
            counted = collections.Counter(log.read_text(encoding="utf-8").split())

        with Office(udf_module="udfs", udf_specs=udf_specs(), sys_path=[ROOT], timeout=300) as office:
            recalc_times(office, 兼容版, 1)  # warm: the process, the bridge and the core's caches
            recalc_times(office, 函数版, 1)
            fast = statistics.median(recalc_times(office, 函数版, args.repeat))
            native = statistics.median(recalc_times(office, 兼容版, args.repeat))

    total = sum(counted.values())
    print(f"seed forms (form sheets): {sheets}")
    print(f"Python calls in one full recalculation: {total}  ({total / sheets:.1f} per form sheet; goal ≤ {GOAL})")
    print(f"calls written in a form sheet's formulas: at most {max(written)}, {sum(written) / len(written):.1f} on average")
    for name, n in counted.most_common():
        print(f"  {name:<12} {n}")
    print(f"full recalculation, 函数版 (with Python) : {fast * 1000:8.1f} ms  (median of {args.repeat})")
    print(f"full recalculation, 兼容版 (native only) : {native * 1000:8.1f} ms")
    print(f"ratio 函数版 / 兼容版                     : {fast / native:8.1f}x")


if __name__ == "__main__":
    main()
