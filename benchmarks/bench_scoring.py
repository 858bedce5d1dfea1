"""Scoring and audit throughput, with baselines measured in the same run.

    python benchmarks/bench_scoring.py [--repeat N]

Prints indicator scorings per second (cold: the parse cache cleared before
every call; warm: the cache filled), audit throughput in forms per second,
and each against a baseline from the same run:

* scoring baseline — the bare float arithmetic ``min(B/A, 1) × w`` on numbers
  already extracted, i.e. what scoring would cost with no parsing, units,
  rules or Decimal rounding;
* audit baseline — ``json.loads`` of the same forms (reading them, nothing else).
"""

from __future__ import annotations

import argparse
import json
import time
from importlib import resources
from pathlib import Path

from udfs.audit import 审核
from udfs.forms import _表单
from udfs.scoring import 指标计分
from udfs.values import _解析文本, 解析指标值


def best_rate(fn, items: int, repeat: int) -> float:
    """Items per second of the fastest of ``repeat`` runs (least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return items / best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=20, help="how many times the 13 seed forms are audited per run")
    args = ap.parse_args()

    text = Path(str(resources.files("udfs") / "examples" / "seed_forms.json")).read_text(encoding="utf-8")
    raw_forms = json.loads(text)["forms"]
    rows = [
        (r["年度指标值"], r["实际完成值"], r["分值"])
        for f in raw_forms for r in f["indicators"] if r["年度指标值"] not in (None, "不适用")
    ]
    profile = "上海"

    def score_cold():
        for t, a, w in rows:
            _解析文本.cache_clear()
            指标计分(t, a, w, profile)

    def score_warm():
        for t, a, w in rows:
            指标计分(t, a, w, profile)

    numeric = []
    for t, a, w in rows:
        tv, av = 解析指标值(t), 解析指标值(a)
        if tv.类型 == av.类型 == "定量" and tv.数值:
            numeric.append((float(tv.数值), float(av.数值), float(w)))

    def baseline_arith():
        for a_, b_, w_ in numeric:
            round(min(b_ / a_, 1.0) * w_, 2)

    forms = [_表单(f, i, "bench") for i, f in enumerate(raw_forms, 1)] * args.copies

    def audit_all():
        for f in forms:
            审核(f)

    def baseline_json():
        for _ in range(args.copies):
            json.loads(text)

    score_warm()  # fill the cache once
    cold = best_rate(score_cold, len(rows), args.repeat)
    warm = best_rate(score_warm, len(rows), args.repeat)
    arith = best_rate(baseline_arith, len(numeric), args.repeat)
    audit = best_rate(audit_all, len(forms), args.repeat)
    read = best_rate(baseline_json, len(forms), args.repeat)

    print(f"seed indicator rows: {len(rows)} ({len(numeric)} numeric); forms per audit run: {len(forms)}")
    print(f"indicator scoring, cold parse : {cold:12,.0f} /s")
    print(f"indicator scoring, warm cache : {warm:12,.0f} /s   (warm/cold = {warm / cold:.1f}x)")
    print(f"baseline float arithmetic     : {arith:12,.0f} /s   (baseline/warm = {arith / warm:.0f}x)")
    print(f"audit                         : {audit:12,.0f} forms/s")
    print(f"baseline json.loads           : {read:12,.0f} forms/s (baseline/audit = {read / audit:.1f}x)")


if __name__ == "__main__":
    main()
