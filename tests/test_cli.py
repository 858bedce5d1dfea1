"""The `jixiao audit` command: output, JSON contract, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from addin.cli import cli

DATA = Path(__file__).parent / "data"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_audit_example_prints_a_table_and_exit_code_1_for_errors():
    r = run("audit", "--示例")
    assert r.exit_code == 1  # the seed forms contain two wrong 执行率
    assert "绩效自评表审核结果" in r.output and "RATE_MISMATCH" in r.output and "金保工程运行费" in r.output
    assert "共审核 13 张自评表" in r.output


def test_audit_json_contract():
    r = run("audit", str(DATA / "self_eval_forms.json"), "--json")
    out = json.loads(r.stdout)
    assert set(out) == {"forms"} and len(out["forms"]) == 13
    icka = out["forms"][1]
    assert (icka["id"], icka["执行率"], icka["执行率得分"], icka["总分"], icka["等级"]) == ("huangshan-2024-icka", 0.4739, 4.74, 94.74, "优")
    assert all(set(f) == {"level", "code", "message", "where"} for form in out["forms"] for f in form["findings"])


def test_profile_option_changes_the_result():
    out = json.loads(run("audit", str(DATA / "self_eval_forms.json"), "--json", "--口径", "上海").stdout)
    jiaohuan = next(f for f in out["forms"] if f["id"] == "shanghai-2021-jiaohuan")
    assert jiaohuan["总分"] == 97.5 and jiaohuan["findings"] == []


def test_unknown_profile_is_bad_input():
    r = run("audit", str(DATA / "self_eval_forms.json"), "--口径", "火星")
    assert r.exit_code == 2 and "没有名为'火星'的口径" in r.output


def test_clean_file_exits_0(tmp_path):
    forms = json.loads((DATA / "self_eval_forms.json").read_text(encoding="utf-8"))["forms"]
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"forms": [forms[1]]}, ensure_ascii=False), encoding="utf-8")
    assert run("audit", str(path)).exit_code == 0


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "a.json")
    (tmp_path / "b.json").write_text("{不是json", encoding="utf-8")
    r = run("audit", str(tmp_path), "--json")
    assert r.exit_code == 2
    assert len(json.loads(r.stdout)["forms"]) == 13
    assert "b.json" in r.stderr and "不是有效的 JSON" in r.stderr


def test_evaluation_systems_are_audited_too():
    r = run("audit", str(DATA / "evaluation_systems.json"), "--json")
    out = json.loads(r.stdout)
    assert [s["总分"] for s in out["systems"]] == [97.19, 82]
    assert r.exit_code == 0


def test_profiles_command_lists_builtins():
    r = run("profiles")
    for name in ("财政部", "一体化", "湖北", "上海"):
        assert name in r.output


def test_the_command_table_matches_each_commands_own_help():
    # `jixiao --help` lists the commands from addin.cli.命令表 without importing them
    import importlib

    from addin.cli import 命令表

    for name, (module, attr, short) in 命令表.items():
        command = getattr(importlib.import_module(module), attr)
        assert command.name == name and command.short_help == short, name
    listing = run("--help").output
    assert all(short in listing for _, _, short in 命令表.values())


def test_help_and_a_json_audit_load_no_workbook_library(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from addin.cli import main; sys.argv = {argv!r}\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('openpyxl', 'pandas', 'xlwings') if m in sys.modules))")
    for argv in (["jixiao", "--help"], ["jixiao", "audit", str(DATA / "self_eval_forms.json"), "--json"]):
        out = subprocess.run([sys.executable, "-c", code.format(argv=argv)], capture_output=True, text=True).stdout
        assert out.strip().splitlines()[-1] == "[]", argv
