"""PDF export: one warm LibreOffice (workbook_templates.engine.office.Office) vs one cold soffice per file.

Why: the product exports many small 自评表 workbooks to PDF. A cold
``soffice --convert-to`` starts LibreOffice (and a fresh profile) for every file;
the warm Office starts once and then only loads, recalculates and exports.
Both are measured in the same run on the same generated files.

Usage: python benchmarks/bench_pdf_export.py [-n 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

# Runnable as a plain script from a checkout: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbook_templates.engine.office import Office, convert_cold  # noqa: E402


def make_books(folder: Path, count: int) -> list[Path]:
    """Small one-sheet workbooks: Chinese text in 宋体, numbers and native formulas."""
    books = []
    for i in range(count):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "自评表"
        ws["A1"] = f"项目支出绩效自评表（第 {i + 1} 号）"
        ws["A1"].font = Font(name="宋体", size=14)
        for row in range(3, 23):
            ws.cell(row, 1, f"指标{row - 2}").font = Font(name="宋体")
            ws.cell(row, 2, 100 + row * i)
            ws.cell(row, 3, 90 + row)
            ws.cell(row, 4, f"=ROUND(MIN(C{row}/B{row},1)*10,2)")
        ws["D24"] = "=SUM(D3:D22)"
        ws.page_setup.orientation = "landscape"
        path = folder / f"自评表{i + 1:03d}.xlsx"
        wb.save(path)
        books.append(path)
    return books


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=10, help="number of workbooks")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        folder = Path(tmp)
        books = make_books(folder, args.count)

        started = time.perf_counter()
        with Office() as office:
            start = time.perf_counter() - started
            warm = []
            for book in books:
                t = time.perf_counter()
                with office.open(book) as doc:
                    doc.recalc()
                    doc.save_as(folder / "warm" / f"{book.stem}.pdf")
                warm.append(time.perf_counter() - t)

        cold = []
        for book in books:
            t = time.perf_counter()
            convert_cold(book, "pdf", outdir=folder / "cold")
            cold.append(time.perf_counter() - t)

    warm_mean, cold_mean = statistics.mean(warm), statistics.mean(cold)
    warm_median, cold_median = statistics.median(warm), statistics.median(cold)
    amortized = (start + sum(warm)) / len(books)
    rows = [
        ("files", f"{len(books)}"),
        ("warm Office start (once)", f"{start:.3f} s"),
        ("warm per file: load+recalc+pdf", f"{warm_mean:.3f} s mean, {warm_median:.3f} s median"),
        ("cold per file: soffice --convert-to", f"{cold_mean:.3f} s mean, {cold_median:.3f} s median"),
        ("ratio cold/warm per file", f"{cold_mean / warm_mean:.1f}x"),
        ("ratio cold/warm, start amortized", f"{cold_mean / amortized:.1f}x ({amortized:.3f} s a file)"),
    ]
    for label, value in rows:
        print(f"{label:<38} {value}")

if __name__ == "__main__":
    main()
