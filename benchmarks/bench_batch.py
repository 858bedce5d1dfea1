"""Batch work from the command line: audit throughput and PDF export, each as a ratio from one run.

1. Batch audit (what ``jixiao audit FOLDER`` does: read every form, in any layout, and
   audit it) in forms per second, against the time openpyxl takes just to load the same
   files in read-only mode (open, read every cell's value, close).  The ratio says what
   reading forms and scoring them costs on top of opening the files at all.  Goal (issue 12):
   at most 1.5× for the template-made workbooks (one read-only pass per form sheet).
2. Batch PDF export per form: one warm LibreOffice for the whole batch (what
   ``jixiao export --to pdf`` does: compute the workbook with the project's functions,
   print the form sheets) against one cold ``soffice --convert-to pdf``
   per file.  The cold run prints the file as it is — without the functions, so its
   computed cells show #NAME? — so the warm process is also timed doing exactly that
   (``convert``), which is the like-for-like ratio.

The files: seed-filled template workbooks (函数版 and 兼容版, 13 forms each) and the
上海 (10 forms, one sheet) and 黄山 (3 forms) workbooks of tests/data/layouts, copied
``-n`` times.

Usage: python benchmarks/bench_batch.py [-n 4] [--repeat 3] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a checkout

import openpyxl

from udfs.audit import 审核
from udfs.forms import 读取表单
from workbook_templates import readers as sources
from workbook_templates.readers.cells import 模板表


def make_files(folder: Path, copies: int) -> list[Path]:
    from workbook_templates.build import 生成
    from workbook_templates.fill import 填入

    built = folder / "模板"
    生成(built)
    forms = 读取表单(ROOT / "tests" / "data" / "self_eval_forms.json")
    originals = [
        填入(built / "项目支出绩效自评表.xlsx", forms, folder / "种子_函数版.xlsx").输出,
        填入(built / "项目支出绩效自评表_兼容版.xlsx", forms, folder / "种子_兼容版.xlsx").输出,
        ROOT / "tests" / "data" / "layouts" / "上海_自评表.xlsx",
        ROOT / "tests" / "data" / "layouts" / "黄山_自评表.xlsx",
    ]
    batch = folder / "批"
    batch.mkdir()
    files = []
    for i in range(copies):
        for src in originals:
            files.append(Path(shutil.copy(src, batch / f"{src.stem}_{i + 1:02d}.xlsx")))
    return files


def load_read_only(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return time.perf_counter() - started


def audit(files: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    count = 0
    for path in files:
        for form in sources.读取(path):
            审核(form)
            count += 1
    return time.perf_counter() - started, count


def pdf(files: list[Path], out: Path) -> dict[str, float]:
    from workbook_templates.engine import 启动, 转pdf
    from workbook_templates.engine.office import convert_cold

    forms = {p: len(sources.读取(p)) for p in files}
    template = {p: 模板表(p) for p in files}
    started = time.perf_counter()
    office = 启动()
    start = time.perf_counter() - started
    try:
        t = time.perf_counter()
        for p in files:  # jixiao export --to pdf: computed with the functions, form sheets only
            转pdf(p, out / "warm" / f"{p.stem}.pdf", office=office, 只含=template[p] or None)
        warm = time.perf_counter() - t
        t = time.perf_counter()
        office.convert(files, "pdf", outdir=out / "plain")  # the same work as the cold runs
        plain = time.perf_counter() - t
    finally:
        office.close()
    t = time.perf_counter()
    for p in files:
        convert_cold(p, "pdf", outdir=out / "cold")
    cold = time.perf_counter() - t
    n = sum(forms.values())
    return {"forms": n, "start": start, "warm": warm / n, "plain": plain / n, "cold": cold / n,
            "warm_amortized": (start + warm) / n, "plain_amortized": (start + plain) / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--copies", type=int, default=4, help="copies of each of the 4 workbooks")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the audit (median)")
    parser.add_argument("--skip-pdf", action="store_true", help="only the audit part (no LibreOffice)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        folder = Path(tmp)
        files = make_files(folder, args.copies)
        audit(files[:4])  # warm the imports and caches once
        groups = {
            "all files": files,
            "template-made (函数版, 兼容版)": [f for f in files if f.name.startswith("种子")],
            "other layouts (上海, 黄山)": [f for f in files if not f.name.startswith("种子")],
        }
        rows = []
        for label, group in groups.items():
            loads, audits = [], []
            for _ in range(args.repeat):
                loads.append(load_read_only(group))
                seconds, forms = audit(group)
                audits.append(seconds)
            load_s, audit_s = statistics.median(loads), statistics.median(audits)
            rows += [
                (f"[{label}] files / forms", f"{len(group)} / {forms}"),
                ("  openpyxl read-only load (all cells)", f"{load_s:.3f} s  ({len(group) / load_s:.1f} files/s)"),
                ("  batch audit: read + score + findings", f"{audit_s:.3f} s  ({forms / audit_s:.1f} forms/s)"),
                ("  ratio audit / read-only load", f"{audit_s / load_s:.2f}x"),
            ]
        if not args.skip_pdf:
            r = pdf(files, folder / "pdf")
            rows += [
                ("PDF: warm LibreOffice start (once)", f"{r['start']:.3f} s"),
                ("PDF per form, warm, jixiao export", f"{r['warm']:.3f} s ({r['warm_amortized']:.3f} s with start)"),
                ("PDF per form, warm, plain convert", f"{r['plain']:.3f} s ({r['plain_amortized']:.3f} s with start)"),
                ("PDF per form, cold soffice --convert-to", f"{r['cold']:.3f} s"),
                ("ratio cold / warm plain (like for like)", f"{r['cold'] / r['plain']:.1f}x "
                                                           f"({r['cold'] / r['plain_amortized']:.1f}x with start)"),
                ("ratio cold / warm jixiao export", f"{r['cold'] / r['warm']:.1f}x "
                                                    f"({r['cold'] / r['warm_amortized']:.1f}x with start)"),
            ]
    for label, value in rows:
        print(f"{label:<44} {value}")


if __name__ == "__main__":
    main()
