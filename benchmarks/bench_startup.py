"""Start-up time of the ``jixiao`` command, as ratios to importing the libraries it cannot do without.

The baseline is a fresh interpreter importing click and the rich modules every command uses
(``python -c "import click, rich.console, rich.table, rich.progress"``).  Against it:

1. ``jixiao --help`` — the command table is listed without importing any command, so this
   should cost about one interpreter plus click (it imports no rich at all);
2. ``jixiao audit udfs/examples/seed_forms.json --json`` — a whole JSON audit of the 13 seed
   forms, which must not import openpyxl, pandas or xlwings (tests/test_cli.py checks that).

The goal (issue 12) is at most 2.5× the baseline for both.  Each command runs in a new process
``--runs`` times (after one warm-up run that fills the OS file cache and the bytecode cache);
the medians are compared.  ``jixiao`` is run as ``python -m addin`` with this checkout first on
``PYTHONPATH``, so the numbers are those of this tree, not of an installed copy.

Bytecode: an installed jixiao has its .pyc files (pip compiles them), so the runs use a
bytecode cache even where PYTHONDONTWRITEBYTECODE is set — in a temporary
``PYTHONPYCACHEPREFIX``, for every module alike (the tree and site-packages stay untouched).
Without it every run would compile the project's modules again, which no user pays.

Usage: python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 2.5

命令 = {
    "import click + rich": [sys.executable, "-c", "import click, rich.console, rich.table, rich.progress"],
    "jixiao --help": [sys.executable, "-m", "addin", "--help"],
    "jixiao audit … --json": [sys.executable, "-m", "addin", "audit", str(ROOT / "udfs" / "examples" / "seed_forms.json"),
                              "--json"],
}


def 计时(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(argv, env=env, cwd=ROOT, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):  # 1: the seed forms hold two 错误 findings
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (medians are compared)")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="jixiao-pycache-")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
           "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    medians, minima = {}, {}
    try:
        for name, argv in 命令.items():
            times = 计时(argv, args.runs, env)
            medians[name], minima[name] = statistics.median(times), min(times)
            print(f"{name:<24} median {medians[name] * 1000:7.1f} ms   (min {min(times) * 1000:.1f}, "
                  f"max {max(times) * 1000:.1f}, {args.runs} runs)")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    base = "import click + rich"
    worst = 0.0
    for name in list(命令)[1:]:
        ratio = medians[name] / medians[base]
        worst = max(worst, ratio)
        print(f"{name:<24} {ratio:.2f}× the baseline (medians; {minima[name] / minima[base]:.2f}× by the fastest runs)  "
              f"{'ok' if ratio <= GOAL else 'OVER'}, goal ≤ {GOAL}×")
    sys.exit(0 if worst <= GOAL else 1)


if __name__ == "__main__":
    main()
