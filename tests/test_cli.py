"""The `jixiao audit` command: output, JSON contract, exit codes, bad input."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from addin.cli import cli, 命令表

DATA = Path(__file__).parent / "data"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, prog_name="jixiao")


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


# --- the audit on screen: whole explanations at any width, names, one number format -------------------


def _ohne_leerraum(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _seed_results():
    from udfs.audit import 审核
    from workbook_templates import readers

    return [审核(f) for f in readers.读取(DATA / "self_eval_forms.json")]


def test_at_80_columns_every_explanation_is_shown_whole():
    from rich.console import Console

    from addin.commands.audit import 打印审核表

    results = _seed_results()
    console = Console(width=80, file=io.StringIO(), force_terminal=False, color_system=None)
    打印审核表(results, console)
    text = console.file.getvalue()
    assert max(map(len, text.splitlines())) <= 80 and "…" not in text
    flat = _ohne_leerraum(text)
    messages = [f.message for r in results for f in r.findings]
    assert len(messages) == 29
    for message in messages:
        assert _ohne_leerraum(message) in flat, message


def test_piped_and_narrow_cli_output_keeps_explanations_whole(monkeypatch):
    results = _seed_results()
    for columns in (None, "80"):
        if columns:
            monkeypatch.setenv("COLUMNS", columns)
        else:  # piped, no width said: 160 columns (pytest-xdist's workers set COLUMNS=80)
            monkeypatch.delenv("COLUMNS", raising=False)
        r = run("audit", "--示例")
        assert "…" not in r.stdout
        flat = _ohne_leerraum(r.stdout)
        assert all(_ohne_leerraum(f.message) in flat for x in results for f in x.findings)


def test_forms_are_named_by_project_and_scores_have_two_decimals(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per form, for the pattern below
    r = run("audit", "--示例")
    rows = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(\d+)\s+(\S.*?)\s+(\d+\.\d\d%|—)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\d+\s+\d+\s+\d+\s*$", line)
        if m:
            rows[m[2]] = m.groups()
    assert rows["2021年(社保卡中心)交换平台运行费"][3:6] == ("10.00", "98.50", "97.50")  # stated 97.5
    assert rows["2021年(社保卡中心)公务车辆购置费"][3:6] == ("10.00", "100.00", "98.00")  # stated 98
    assert rows["人社信息业务工作经费"][3:6] == ("10.00", "100.00", "100.00")
    assert rows["金保工程运行费"][4:6] == ("—", "100.00")  # no total the tool can explain
    numbers = [x for row in rows.values() for x in row[3:6] if x != "—"]
    assert len(numbers) == 38 and all(re.fullmatch(r"\d+\.\d\d", x) for x in numbers)
    assert "huangshan-2024-jinbao" not in r.stdout  # the id is for programs: it stays in the JSON
    assert "1. 金保工程运行费" in r.stdout
    assert '"id": "huangshan-2024-jinbao"' in run("audit", "--示例", "--json").stdout


# --- the Chinese frame: no English a user can reach -----------------------------------------------------

# words that are names, not English: formats, products, the program and its commands, option names
_允许 = {
    "jixiao", "JSON", "PDF", "CSV", "xlsx", "xlsm", "xlam", "xls", "json", "pdf", "csv", "txt", "tsv", "zip", "cmd",
    "Excel", "WPS", "LibreOffice", "Python", "CPython", "xlwings", "pywin", "Windows", "PyPI", "wheel",
    "README", "id", "Ctrl", "UUID", "Bash", "VBA", "DLL", "Microsoft", "Office", "PowerShell", *命令表,
}
# Windows' own names the install plan must quote as Windows writes them
_允许词组 = ("Mark of the Web", "Unblock-File", "Zone.Identifier", "INTERPRETER_WIN", "customUI14", "#NAME?")


def _英文(text: str, options: set[str], typed: list[str] = ()) -> list[str]:
    """ASCII words of 3 letters or more that are not names (nor option names, nor what the user typed)."""
    for word in sorted({*options, *typed, *_允许词组}, key=len, reverse=True):
        text = text.replace(word, " ")
    text = re.sub(r"[^\s（）：，]*[\\%][^\s（）：，]*", " ", text)  # Windows paths and registry keys
    text = re.sub(r"[\w.-]+\.(?:dll|exe|EXE|conf|json|xlsx|xlsm|xlam|pdf|csv|txt|zip|cmd)\b", " ", text)  # file names
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in _允许]


def _所有选项() -> set[str]:
    import importlib

    import click

    commands = [cli, *(getattr(importlib.import_module(m), a) for m, a, _ in 命令表.values())]
    names = {"-h", "--help"}
    for command in commands:
        for p in command.params:
            if isinstance(p, click.Option):
                names.update(p.opts + p.secondary_opts)
    return names


def test_every_help_page_is_in_chinese():
    options = _所有选项()
    pages = {"jixiao": run("--help").output}
    for name in 命令表:
        pages[name] = run(name, "--help").output
        pages[name + " -h"] = run(name, "-h").output
    for name, page in pages.items():
        assert page.startswith("用法：jixiao") and "选项：" in page, name
        assert _英文(page, options) == [], (name, page)


def test_no_english_in_errors_a_user_can_meet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the messages name relative, Chinese paths only
    (tmp_path / "空文件夹").mkdir()
    (tmp_path / "坏.json").write_text("{'项目名称': 1}", encoding="utf-8")
    (tmp_path / "坏二.json").write_text('{"forms": [1, {"项目名称": "甲"}]}', encoding="utf-8")
    (tmp_path / "表.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "表.csv").write_text("a,b", encoding="utf-8")
    (tmp_path / "有东西").mkdir()
    for name in ("表.xls", "表.csv"):
        shutil.copy(tmp_path / name, tmp_path / "有东西" / name)
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "有东西" / "自评表.json")
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "已有.json")
    cases = [
        [], ["不存在的命令"], ["audi"], ["--不存在"], ["--version"],
        ["audit"], ["audit", "--bogus"], ["audit", "--jsn"], ["audit", "不存在.json"], ["audit", "空文件夹"],
        ["audit", "不存在/"], ["audit", "坏.json"], ["audit", "坏二.json"], ["audit", "表.xls"], ["audit", "有东西"],
        ["audit", "--口径"], ["audit", "已有.json", "--口径", "火星"],
        ["profiles", "多余"],
        ["build"], ["build", "--out"], ["build", "--out", "模板", "--金额单位", "美元"],
        ["fill"], ["fill", "甲"], ["fill", "空文件夹", "已有.json", "--out", "新.xlsx"],
        ["fill", "表.xls", "已有.json", "--out", "新.xlsx"], ["fill", "不存在.xlsx", "已有.json", "--out", "新.xlsx"],
        ["fill", "已有.json", "表.xls", "--out", "新.xlsx"], ["fill", "已有.json", "已有.json", "--out", "已有.json"],
        ["new"], ["new", "--项目名称", "甲"], ["new", "不存在.xlsx", "--项目名称", "甲"],
        ["new", "已有.json", "--项目名称", "甲"], ["new", "--项目名称", "甲", "--金额单位", "美元", "--out", "新.xlsx"],
        ["export"], ["export", "--to"], ["export", "已有.json", "--to", "docx"], ["export", "--to", "json"],
        ["export", "空文件夹", "--to", "json"], ["export", "不存在/", "--to", "csv"],
        ["export", "已有.json", "--to", "json", "--sheet", "甲"], ["export", "坏.json", "--to", "json"],
        ["summary"], ["summary", "不存在/"], ["summary", "空文件夹"], ["summary", "坏.json"], ["summary", "有东西", "--口径", "火星"],
        ["install", "--来源"], ["install", "--来源", "空文件夹"], ["uninstall", "多余"],
        ["bundle"], ["bundle", "--out", "包", "--python"], ["bundle", "--out", "包", "--python", "3.10"],
    ]
    options = _所有选项() | set(代码中的发现())  # finding codes are names too (the README explains each)
    for args in cases:
        r = CliRunner().invoke(cli, args, prog_name="jixiao")
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        text = r.output.replace(str(tmp_path), "")
        assert text.strip(), args
        assert _英文(text, options, args) == [], (args, text)
        assert "Traceback" not in text and "Error" not in text, args


def test_every_click_text_has_a_translation():
    # click's own msgids, read from its source: a new click version with a new text fails here
    import ast

    import click

    from addin.commands.zh import 开发者文本, 译文

    found = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                found.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    assert len(found) > 60
    assert sorted(found - set(译文) - 开发者文本) == []


def test_help_is_laid_out_by_display_width():
    from addin.commands.zh import 折行, 显示宽度

    assert 显示宽度("计分口径：abc") == 13
    lines = 折行("不给工作簿时：新工作簿的计分口径，执行率为87.83%，见 README。", 20, "  ")
    assert all(显示宽度(x) <= 20 for x in lines)
    assert not any(x.lstrip()[0] in "，。：）" for x in lines)  # no line starts with a closing mark
    assert "87.83%" in "".join(lines)  # a number is never cut
    page = run("new", "--help").output
    assert all(显示宽度(line) <= 80 for line in page.splitlines())
    assert "[默认：财政部]" in page and "[必填]" in page


# --- Ctrl-C in a batch ----------------------------------------------------------------------------------


def test_ctrl_c_in_a_batch_exits_130_and_says_what_was_done(tmp_path, monkeypatch):
    from addin.commands import summary as summary_cmd

    for name in ("甲.json", "乙.json", "丙.json"):
        shutil.copy(DATA / "self_eval_forms.json", tmp_path / name)
    real = summary_cmd.自评表们
    seen = []

    def worker(path):
        seen.append(path.name)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(summary_cmd, "自评表们", worker)
    r = run("summary", str(tmp_path))
    assert r.exit_code == 130
    first, *rest = sorted(tmp_path.iterdir())
    assert seen == [first.name, rest[0].name]
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("已中断"))
    assert f"已处理 1 个文件，未处理 2 个：{rest[0]}、{rest[1]}。" in line and str(first) not in line
    assert not (tmp_path.parent / f"{tmp_path.name}_汇总.xlsx").exists()  # no summary of a part


def test_ctrl_c_while_writing_leaves_no_half_written_file(tmp_path, monkeypatch):
    folder = tmp_path / "表"
    folder.mkdir()
    for name in ("甲.json", "乙.json", "丙.json"):
        shutil.copy(DATA / "self_eval_forms.json", folder / name)
    out = tmp_path / "导出"
    real = Path.write_bytes
    calls = []

    def interrupted(self, data):
        calls.append(self)
        if len(calls) == 2:  # the second output: half of it written, then Ctrl-C
            real(self, data[: len(data) // 2])
            raise KeyboardInterrupt
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    r = run("export", str(folder), "--to", "json", "--out", str(out))
    assert r.exit_code == 130
    assert "已处理 1 个文件，未处理 2 个" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["丙_数据.json"]  # sorted first; complete; nothing else
    assert json.loads((out / "丙_数据.json").read_text(encoding="utf-8"))["forms"]


def test_ctrl_c_outside_a_batch_exits_130(monkeypatch):
    from addin import console

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(console, "取口径", interrupted)  # the --口径 check, before any file is read
    r = run("audit", "--示例", "--口径", "上海")
    assert r.exit_code == 130 and "已中断" in r.stderr and "Aborted" not in r.output


# --- what a batch skips, what is missing ---------------------------------------------------------------


def test_a_folder_batch_lists_every_file_it_skipped_and_why(tmp_path):
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "自评表.json")
    for name in ("旧表.et", "清单.csv", "说明.docx", "数据.dat", "无后缀", "~$自评表.xlsx"):
        (tmp_path / name).write_bytes(b"x")
    r = run("audit", str(tmp_path), "--json")
    assert r.exit_code == 1  # the seeds' 错误; skipped files are said, not failures
    skipped = {ln.split("：", 1)[0].removeprefix("跳过 "): ln for ln in r.stderr.splitlines() if ln.startswith("跳过 ")}
    assert sorted(Path(p).name for p in skipped) == sorted(["旧表.et", "清单.csv", "说明.docx", "数据.dat", "无后缀", "~$自评表.xlsx"])
    reasons = {Path(p).name: ln for p, ln in skipped.items()}
    assert "WPS 表格文件（.et）无法读取：请在 WPS 中另存为 .xlsx" in reasons["旧表.et"]
    assert "不支持的文件类型 .dat（支持 .json .xlsx .xlsm .xls .txt .tsv，及本工具导出的 .csv 指标清单）" in reasons["数据.dat"]
    assert "Word 文档（.docx）无法读取" in reasons["说明.docx"]
    assert "临时锁定文件" in reasons["~$自评表.xlsx"] and "没有扩展名" in reasons["无后缀"]
    assert "跳过 6 个文件" in r.stderr


def test_the_supported_types_are_the_readers_table():
    from addin.console import 支持的类型
    from workbook_templates.readers import 读取器

    listed = re.findall(r"\.[a-z]+", 支持的类型())
    assert sorted(listed) == sorted(读取器) and 支持的类型().endswith("，及本工具导出的 .csv 指标清单")


def test_missing_and_empty_inputs_say_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "空文件夹").mkdir()
    r = run("audit", "不存在/")
    assert r.exit_code == 2 and r.stderr.strip() == "错误：文件不存在（不存在）"
    r = run("audit", "空文件夹")
    assert r.exit_code == 2
    assert r.stderr.strip() == "错误：文件夹里没有可处理的文件（支持 .json .xlsx .xlsm .xls .txt .tsv，及本工具导出的 .csv 指标清单）：空文件夹"
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "表.json")
    r = run("audit", "表.json", "不存在.json")  # the rest of the batch is still audited
    assert r.exit_code == 2 and "错误：文件不存在（不存在.json）" in r.stderr and "共审核 13 张自评表（1 个文件）" in r.stderr


# --- the finding codes of the README ------------------------------------------------------------------


ROOT = Path(__file__).resolve().parent.parent
_发现来源 = ("udfs/audit.py", "udfs/evaluation/*.py", "udfs/tables.py", "udfs/forms.py", "workbook_templates/readers/*.py")


def 代码中的发现() -> dict[str, set[str]]:
    """Every finding code the audits and readers can emit, with its levels, read from the source."""
    found: dict[str, set[str]] = {}
    for pattern in _发现来源:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            for m in re.finditer(r"(?:findings\.add|读取说明)\(\s*([^,()]+?),\s*\"([A-Z][A-Z0-9_]+)\"", text):
                level = m[1].strip().strip('"')
                found.setdefault(m[2], set()).add(level if level in ("错误", "警告", "提示") else "提示/警告")
    return found


def README中的发现() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Findings"):]
    section = section[: section.index("\n## ", 1)]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))


def test_the_finding_codes_are_found_in_the_source():
    codes = 代码中的发现()
    assert len(codes) >= 60
    assert {"RATE_MISMATCH", "NOT_APPLICABLE_WEIGHTED", "FUND_TOTAL_MISSING", "HEADER_UNKNOWN", "JSON_KEY_UNKNOWN"} <= set(codes)


def test_the_readme_lists_every_finding_code_and_no_other():
    codes, listed = set(代码中的发现()), README中的发现()
    assert sorted(codes - listed) == [], "README.md 的 Findings 表缺少这些代码（完整的表见 /work/notes/cli_docs.md）"
    assert sorted(listed - codes) == [], "README.md 列出了代码中没有的发现代码"


def test_json_errors_reach_the_user_in_chinese(tmp_path):
    (tmp_path / "路径.json").write_text('{"forms": [{"项目名称": "C:\\Users\\甲"}]}', encoding="utf-8")
    (tmp_path / "码.json").write_text('{"forms": [{"项目名称": "\\u12"}]}', encoding="utf-8")
    for name in ("路径.json", "码.json"):
        r = run("audit", str(tmp_path / name))
        assert r.exit_code == 2 and "不是有效的 JSON 文件" in r.stderr
        assert _英文(r.stderr.replace(str(tmp_path), ""), set()) == [], r.stderr


def test_hidden_folders_are_named_once_and_not_entered(tmp_path):
    shutil.copy(DATA / "self_eval_forms.json", tmp_path / "自评表.json")
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".git" / "objects" / "ab").write_bytes(b"x")
    r = run("audit", str(tmp_path), "--json")
    assert r.exit_code == 1 and len(json.loads(r.stdout)["forms"]) == 13  # .git/config.json is not read
    assert [ln for ln in r.stderr.splitlines() if ln.startswith("跳过")] == [
        f"跳过 {tmp_path / '.git'}：隐藏文件夹，其中的文件不处理"]


def _带实体声明(path: Path, part: str, out: Path) -> Path:
    """``path`` with a "billion laughs" DTD in the prolog of one of its XML parts."""
    import zipfile

    dtd = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                text = data.decode()
                if text.startswith("<?xml"):
                    decl, rest = text.split("?>", 1)
                    text = decl + "?>" + dtd + rest
                else:
                    text = dtd + text
                data = text.encode()
            dst.writestr(info, data)
    return out


def test_a_workbook_with_entity_declarations_is_refused_in_chinese(tmp_path):
    """XXE and "billion laughs" in any part of an .xlsx — the workbook, a sheet, the styles that
    openpyxl would otherwise skip — are refused with one Chinese line and exit 2; the other files of
    the batch are still audited."""
    import openpyxl

    plain = tmp_path / "表.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(plain)
    parts = ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml", "[Content_Types].xml"]
    bad = [_带实体声明(plain, part, tmp_path / f"坏{i}.xlsx") for i, part in enumerate(parts)]
    for path in bad:
        r = run("audit", str(path), str(DATA / "self_eval_forms.json"))
        assert r.exit_code == 2, r.output
        assert f"无法读取 {path}：工作簿含有实体声明（可能是恶意构造的文件），拒绝读取" in r.output
        assert "Traceback" not in r.output and "共审核 13 张自评表" in r.output
    r = run("fill", str(bad[1]), str(DATA / "self_eval_forms.json"), "--out", str(tmp_path / "填好.xlsx"))
    assert r.exit_code == 2 and "实体声明" in r.output and not (tmp_path / "填好.xlsx").exists()
