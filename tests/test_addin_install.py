"""jixiao install / uninstall: the plan, carried out against temporary folders and an in-memory registry.

The Windows specifics (winreg, the Documents known folder, ANSI code page)
sit behind the environment and registry objects; everything else — copying,
keeping a filled-in workbook, writing and restoring xlwings' user config,
the record that makes uninstalling exact — runs here for real.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path, PureWindowsPath

import pytest
from click.testing import CliRunner

import addin.commands.install as commands
from addin.cli import cli
from addin.install import (
    信任位置键,
    卸载计划,
    字典注册表,
    安装计划,
    安装错误,
    执行,
    检查,
    检查项,
    环境,
    读用户配置,
)
from addin.package import build_macro_files, 读配置
from addin.vba_modules import UDF模块

PYTHON = PureWindowsPath(r"C:\Users\张三\AppData\Local\Programs\Python\Python311\pythonw.exe")
GOOD_VERSIONS = {"xlwings": "0.37.8", "pywin32": "306"}.get


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import openpyxl

    folder = tmp_path_factory.mktemp("built")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=执行率得分(80,100)"
    wb.save(folder / "模板.xlsx")
    build_macro_files(folder / "模板.xlsx", folder)
    return folder


@pytest.fixture()
def env(tmp_path: Path) -> 环境:
    home = tmp_path / "Users" / "张三"
    return 环境(
        appdata=home / "AppData" / "Roaming",
        userprofile=home,
        documents=home / "Documents",
        localappdata=home / "AppData" / "Local",
        python=PYTHON,
        编码="gbk",
    )


@pytest.fixture()
def prefix(tmp_path: Path) -> Path:
    """Where pip puts xlwings' DLL on Windows: beside python.exe."""
    folder = tmp_path / "Python311"
    folder.mkdir()
    (folder / "xlwings64-0.37.8.dll").write_bytes(b"MZ")
    return folder


def plan(env: 环境, built: Path, dll_folder: Path, **overrides) -> list:
    options = {"versions": GOOD_VERSIONS, "prefix": dll_folder, **overrides}
    return 安装计划(env, built, **options)


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# --- installing ---------------------------------------------------------------------------------

def test_install_places_the_built_files_trusts_the_folder_and_configures_python(
    env: 环境, built: Path, prefix: Path,
) -> None:
    registry = 字典注册表()
    notes = 执行(plan(env, built, prefix), registry, env)
    assert notes == []

    addin = Path(env.xlstart) / "绩效自评.xlam"
    workbook = Path(env.工作簿目录) / "项目支出绩效自评表.xlsm"
    assert addin.read_bytes() == (built / "绩效自评.xlam").read_bytes()  # byte for byte: what was verified
    assert workbook.read_bytes() == (built / "项目支出绩效自评表.xlsm").read_bytes()

    location = registry.读(信任位置键("16.0"))
    assert location is not None
    assert location["Path"] == str(env.工作簿目录) + "/"
    assert location["AllowSubfolders"] == 1
    assert registry.keys.keys() == {r"Software\Microsoft\Office\16.0\Excel\Security\Trusted Locations\jixiao"}

    for config in env.用户配置:  # xlwings' own format, in the code page VBA reads
        data = Path(config).read_bytes()
        assert data == f'"INTERPRETER_WIN","{PYTHON}"\r\n'.encode("gbk")
        assert 读用户配置(Path(config), "gbk") == {"INTERPRETER_WIN": str(PYTHON)}

    record = json.loads(Path(env.记录).read_text(encoding="utf-8"))
    assert set(record["文件"]) == {str(addin), str(workbook)}
    assert record["注册表"] == [信任位置键("16.0")]
    assert record["新建文件夹"] == [str(env.工作簿目录)]


def test_uninstall_removes_exactly_what_install_did(env: 环境, built: Path, prefix: Path, tmp_path: Path) -> None:
    registry = 字典注册表({r"Software\Other": {"x": 1}})
    before = files_under(tmp_path)
    执行(plan(env, built, prefix), registry, env)
    steps = 卸载计划(env)
    assert 执行(steps, registry, env) == []
    assert files_under(tmp_path) == before
    assert registry.keys == {r"Software\Other": {"x": 1}}
    assert not Path(env.工作簿目录).exists()
    assert 卸载计划(env) == []  # nothing left to undo


def test_existing_user_settings_are_kept_and_restored(env: 环境, built: Path, prefix: Path) -> None:
    config = Path(env.用户配置[0])
    config.parent.mkdir(parents=True)
    original = '"INTERPRETER_WIN","C:\\Anaconda3\\pythonw.exe"\r\n"CONDA ENV","base"\r\n'.encode("gbk")
    config.write_bytes(original)
    registry = 字典注册表()
    执行(plan(env, built, prefix), registry, env)
    assert 读用户配置(config, "gbk") == {"INTERPRETER_WIN": str(PYTHON), "CONDA ENV": "base"}
    执行(plan(env, built, prefix), registry, env)  # installing twice keeps the first original
    执行(卸载计划(env), registry, env)
    assert config.read_bytes() == original
    assert not Path(env.用户配置[1]).exists()  # created by install, gone with it


def test_a_filled_in_workbook_is_never_overwritten_or_deleted(env: 环境, built: Path, prefix: Path) -> None:
    registry = 字典注册表()
    执行(plan(env, built, prefix), registry, env)
    workbook = Path(env.工作簿目录) / "项目支出绩效自评表.xlsm"
    workbook.write_bytes(b"the accountant's own work")
    notes = 执行(plan(env, built, prefix), registry, env)
    assert workbook.read_bytes() == b"the accountant's own work"
    assert any("未覆盖" in n for n in notes)
    notes = 执行(卸载计划(env), registry, env)
    assert workbook.read_bytes() == b"the accountant's own work"
    assert any("已保留" in n for n in notes)
    assert not (Path(env.xlstart) / "绩效自评.xlam").exists()


def test_a_changed_interpreter_setting_survives_uninstall(env: 环境, built: Path, prefix: Path) -> None:
    registry = 字典注册表()
    执行(plan(env, built, prefix), registry, env)
    config = Path(env.用户配置[0])
    config.write_bytes(b'"INTERPRETER_WIN","D:\\py\\pythonw.exe"\r\n')
    notes = 执行(卸载计划(env), registry, env)
    assert 读用户配置(config, "gbk") == {"INTERPRETER_WIN": "D:\\py\\pythonw.exe"}
    assert any("被改过" in n for n in notes)


def test_a_path_the_code_page_cannot_hold_is_refused(env: 环境, built: Path, prefix: Path) -> None:
    western = 环境(**{**env.__dict__, "编码": "cp1252"})
    with pytest.raises(安装错误, match="代码页（cp1252）无法表示"):
        执行(plan(western, built, prefix), 字典注册表(), western)


# --- checks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("overrides", "failing"),
    [
        ({"python_version": (3, 10)}, "Python"),
        ({"versions": {"xlwings": "0.38.0", "pywin32": "306"}.get}, "xlwings"),
        ({"versions": {"xlwings": "0.37.8"}.get}, "pywin32"),
        ({"prefix": Path("/nonexistent")}, "xlwings DLL"),
    ],
)
def test_a_failing_check_stops_before_anything_changes(
    env: 环境, built: Path, prefix: Path, tmp_path: Path, overrides: dict, failing: str,
) -> None:
    steps = plan(env, built, prefix, **overrides)
    checks = [s for s in steps if isinstance(s, 检查)]
    assert [c.项目 for c in checks if not c.通过] == [failing]
    before = files_under(tmp_path)
    with pytest.raises(安装错误, match=f"{failing} 不符合要求"):
        执行(steps, 字典注册表(), env)
    assert files_under(tmp_path) == before


def test_checks_on_other_systems_do_not_require_windows_parts(env: 环境) -> None:
    elsewhere = 环境(**{**env.__dict__, "windows": False})
    checks = 检查项(elsewhere, versions={"xlwings": "0.37.8"}.get)
    assert [c.项目 for c in checks] == ["Python", "xlwings", "pywin32"]
    assert all(c.通过 for c in checks)
    assert not 检查项(env, versions={"xlwings": "0.37.8"}.get)[2].通过  # on Windows pywin32 is required


# --- the commands ---------------------------------------------------------------------------------

def test_install_on_linux_prints_the_windows_plan_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["install"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert r"%APPDATA%\Microsoft\Excel\XLSTART\绩效自评.xlam" in out
    assert r"%USERPROFILE%\Documents\绩效自评\项目支出绩效自评表.xlsm" in out
    assert r"HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\Excel\Security\Trusted Locations\jixiao" in out
    assert r"%USERPROFILE%\.xlwings\xlwings.conf 中写入 INTERPRETER_WIN" in out
    assert r"%USERPROFILE%\.jixiao\jixiao.conf 中写入 INTERPRETER_WIN" in out
    assert "检查 xlwings：需要 恰好 0.37.8" in out
    assert "Mark of the Web" in out and "解除锁定" in out and "Unblock-File" in out
    assert "本次没有做任何改动" in out
    assert list(tmp_path.iterdir()) == []


def test_uninstall_on_linux_prints_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["uninstall"])
    assert result.exit_code == 0, result.output
    assert r"删除 %APPDATA%\Microsoft\Excel\XLSTART\绩效自评.xlam" in result.output
    assert "本次没有做任何改动" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.fixture()
def as_windows(env: 环境, prefix: Path, monkeypatch: pytest.MonkeyPatch) -> 字典注册表:
    """The commands' Windows path, with this test's folders and an in-memory registry."""
    env = 环境(**{**env.__dict__, "windows": True})
    registry = 字典注册表()
    monkeypatch.setattr(commands.环境, "当前", classmethod(lambda cls: env))
    monkeypatch.setattr(commands, "Windows注册表", lambda: registry)
    monkeypatch.setattr(commands, "安装计划", functools.partial(安装计划, versions=GOOD_VERSIONS, prefix=prefix))
    return registry


def test_install_and_uninstall_commands_on_windows(as_windows: 字典注册表, env: 环境, built: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["install", "--来源", str(built)])
    assert result.exit_code == 0, result.output
    assert "已安装" in result.output
    assert (Path(env.xlstart) / "绩效自评.xlam").read_bytes() == (built / "绩效自评.xlam").read_bytes()
    assert as_windows.keys
    result = runner.invoke(cli, ["uninstall"])
    assert result.exit_code == 0, result.output
    assert "已卸载" in result.output
    assert not (Path(env.xlstart) / "绩效自评.xlam").exists() and not as_windows.keys
    assert "没有找到安装记录" in runner.invoke(cli, ["uninstall"]).output


def test_install_without_a_source_builds_the_files_itself(as_windows: 字典注册表, env: 环境) -> None:
    result = CliRunner().invoke(cli, ["install"])
    assert result.exit_code == 0, result.output
    installed = Path(env.工作簿目录) / "项目支出绩效自评表.xlsm"
    assert 读配置(installed) == {"UDF Modules": UDF模块, "Use UDF Server": True}


def test_install_command_reports_a_missing_build(as_windows: 字典注册表, tmp_path: Path) -> None:
    empty = tmp_path / "空"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["install", "--来源", str(empty)])
    assert result.exit_code == 2
    assert "缺少 绩效自评.xlam、项目支出绩效自评表.xlsm" in result.output
    assert "jixiao build --out" in result.output
    assert not as_windows.keys


def test_install_command_reports_failed_checks(as_windows: 字典注册表, prefix: Path, built: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "安装计划", functools.partial(安装计划, versions={"xlwings": "0.36.0"}.get, prefix=prefix))
    result = CliRunner().invoke(cli, ["install", "--来源", str(built)])
    assert result.exit_code == 2
    assert "错误：检查 xlwings" in result.output and "错误：检查 pywin32" in result.output
    assert not as_windows.keys


def test_dry_run_on_windows_changes_nothing(as_windows: 字典注册表, env: 环境, built: Path, tmp_path: Path) -> None:
    before = files_under(tmp_path)
    result = CliRunner().invoke(cli, ["install", "--演练", "--来源", str(built)])
    assert result.exit_code == 0, result.output
    assert "演练：以上步骤没有执行" in result.output
    assert files_under(tmp_path) == before and not as_windows.keys
