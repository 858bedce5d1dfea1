"""The audit's JSON on the shipped examples and the layout workbooks, compared with saved results.

The files in tests/data/audit_golden/ were written by ``jixiao audit --json`` before the layers were
rebuilt (issue 10) and are kept since; the seeds' scores and findings in them are asserted one by one,
with their reasons, in tests/test_audit.py and tests/test_layouts.py.  A change in any number, finding or message shows here as a diff: a
refactoring must leave them identical; a deliberate change rewrites them with
``JIXIAO_UPDATE_GOLDEN=1 python -m pytest tests/test_audit_golden.py`` and says why in its commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "audit_golden"
SEEDS = ROOT / "udfs" / "examples" / "seed_forms.json"

CASES = {
    **{f"seed_forms_audit_{p}": [SEEDS, "--口径", p] for p in ("财政部", "一体化", "湖北", "上海")},
    "layouts_audit": [DATA / "layouts"],
    "systems_audit": [ROOT / "udfs" / "examples" / "evaluation_systems.json"],
}


@pytest.mark.parametrize("case", CASES)
def test_audit_json_is_unchanged(case: str) -> None:
    r = CliRunner().invoke(cli, ["audit", "--json", *map(str, CASES[case])], catch_exceptions=False)
    assert r.exit_code in (0, 1), r.output
    got = json.loads(r.stdout)
    path = GOLDEN / f"{case}.json"
    if os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_example_is_the_seed_fixture() -> None:
    """``jixiao audit --示例`` audits udfs/examples/seed_forms.json; the tests use tests/data's copy of the
    transcribed seeds.  They are one file."""
    assert SEEDS.read_bytes() == (DATA / "self_eval_forms.json").read_bytes()
