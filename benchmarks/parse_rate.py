"""How the 年度指标值 / 实际完成值 texts of real forms are read: as meant, refused, or wrong.

Every real published form the tests hold (the 12 of tests/data/real_forms and the 13 of the seeds)
is read and audited.  Two figures:

1. Pairs (年度指标值, 实际完成值) judged by hand: the transcriber of each real form recomputed every
   row (``<id>.expected.json``: met or not, and the score where the form has 分值).  A distinct pair
   is *read as meant* when the tool agrees with that judgement (the score where there is one, else
   met / not met), *refused* when the tool gives no result and says why (a # text, a finding), and
   *wrong* when it gives another result.  Rows the hand judgement leaves open (a person's call,
   a published form left unfilled) are counted apart.
2. Every distinct text of both columns over all forms, by what the parser makes of it: a number or
   range with its sign and unit, a date or deadline, words (whose tier is decided with the pair), or
   refused with a message (the parser never guesses).

Usage: python benchmarks/parse_rate.py [--list]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a checkout

from udfs.audit import 审核
from udfs.forms import 表单列表, 读取表单
from udfs.values import 解析指标值

REAL = ROOT / "tests" / "data" / "real_forms"


def judged_pairs() -> tuple[dict[tuple[str, str], tuple[str, str]], list[str]]:
    """(target, actual) -> (verdict, detail) over the real forms' hand-judged rows; every row's verdict."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    rows: list[str] = []
    for path in sorted(REAL.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        expected = json.loads(path.with_name(path.name.replace(".json", ".expected.json")).read_text(encoding="utf-8"))
        (form,) = 表单列表(json.loads(path.read_text(encoding="utf-8")), path.name)
        result = 审核(form)
        for row, got, want in zip(form.指标, result.指标, expected["indicators"]):
            key = (str(row.年度指标值 or ""), str(row.实际完成值 or ""))
            if not any(key) or want.get("kind") in ("空", "不适用"):
                continue
            score, met = want.get("score"), want.get("met")
            done = got.完成
            if score is not None and got.分值 is not None:
                verdict = ("as meant" if got.得分 is not None and float(got.得分) == float(score)
                           else "refused" if got.得分 is None else "wrong")
                detail = f"hand {score}, tool {got.得分}"
            elif met is not None:
                verdict = "as meant" if done is met else "refused" if done is None else "wrong"
                detail = f"hand met={met}, tool met={done}"
            else:
                verdict, detail = "open", "the hand judgement leaves it open"
            out.setdefault(key, (verdict, f"{path.stem}: {detail}"))
            rows.append(verdict)
    return out, rows


def all_texts() -> set[str]:
    texts: set[str] = set()
    forms = 读取表单(ROOT / "tests" / "data" / "self_eval_forms.json")
    for path in sorted(REAL.glob("*.json")):
        if not path.name.endswith(".expected.json"):
            forms += 表单列表(json.loads(path.read_text(encoding="utf-8")), path.name)
    for form in forms:
        for row in form.指标:
            for v in (row.年度指标值, row.实际完成值):
                if v not in (None, ""):
                    texts.add(str(v))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the refused and wrong ones")
    args = parser.parse_args()
    pairs, rows = judged_pairs()
    for label, verdicts in (("indicator rows", rows), ("distinct (年度指标值, 实际完成值) pairs", [v for v, _ in pairs.values()])):
        counts = {k: verdicts.count(k) for k in ("as meant", "refused", "wrong", "open")}
        judged = counts["as meant"] + counts["refused"] + counts["wrong"]
        print(f"{label} of the real forms, judged by hand: {judged} (left open by the hand judgement: {counts['open']})")
        for k in ("as meant", "refused", "wrong"):
            print(f"  {k:<9} {counts[k]:4d}  ({counts[k] / judged:6.1%})")
    texts = all_texts()
    kinds: dict[str, list[str]] = {}
    for t in sorted(texts):
        v = 解析指标值(t)
        kinds.setdefault(v.类型, []).append(t if v.类型 != "无法识别" else f"{t} — {v.原因}")
    print(f"distinct 年度指标值/实际完成值 texts of all forms (seeds and real): {len(texts)}")
    for kind, label in (("定量", "a number or a range, with sign and unit"), ("时间", "a date, deadline or period"),
                        ("定性", "words: the tier is decided with the pair"), ("不适用", "不适用"),
                        ("空", "a dash or placeholder"), ("无法识别", "refused with a message (never a guess)")):
        n = len(kinds.get(kind, []))
        print(f"  {kind:<5} {n:4d}  ({n / len(texts):6.1%})  {label}")
    if args.list:
        for (target, actual), (v, d) in sorted(pairs.items()):
            if v in ("refused", "wrong"):
                print(f"  {v}: {target!r} / {actual!r} — {d}")
        for t in kinds.get("无法识别", []):
            print(f"  refused text: {t}")


if __name__ == "__main__":
    main()
