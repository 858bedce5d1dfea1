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
    pe位数,
    不恢复网络标记,
    信任位置键,
    卸载计划,
    去除网络标记,
    字典注册表,
    安装计划,
    安装错误,
    执行,
    找Excel位数,
    找Excel版本,
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
    """A Chinese Windows (code page 936) with Excel 16.0 of unknown bitness, in temporary folders."""
    home = tmp_path / "Users" / "张三"
    return 环境(
        appdata=home / "AppData" / "Roaming",
        userprofile=home,
        documents=home / "Documents",
        localappdata=home / "AppData" / "Local",
        python=PYTHON,
        excel版本=("16.0",),
        代码页=936,
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


def test_checks_on_other_systems_list_the_windows_facts_unjudged(env: 环境) -> None:
    elsewhere = 环境(**{**env.__dict__, "windows": False, "excel版本": (), "代码页": None})
    checks = 检查项(elsewhere, versions={"xlwings": "0.37.8"}.get)
    assert [c.项目 for c in checks] == ["Python", "xlwings", "pywin32", "Excel 版本", "xlwings DLL", "系统代码页"]
    assert all(c.通过 for c in checks)
    assert [c.项目 for c in checks if c.已检查] == ["Python", "xlwings"]  # this interpreter's, judged anywhere
    assert all(c.说明.endswith("（仅在 Windows 上检查）") for c in checks if not c.已检查)
    assert not 检查项(env, versions={"xlwings": "0.37.8"}.get)[2].通过  # on Windows pywin32 is required


def windows(env: 环境, **facts) -> 环境:
    return 环境(**{**env.__dict__, **facts})


def check(env: 环境, name: str, prefix: Path) -> 检查:
    return next(c for c in 检查项(env, versions=GOOD_VERSIONS, prefix=prefix) if c.项目 == name)


@pytest.mark.parametrize(
    ("versions", "passes", "says"),
    [
        ((), False, "请先安装 Excel 2010 或更新的版本"),
        (("12.0",), False, "Excel 2007 及更早的版本不支持"),
        (("14.0",), True, "Excel 2010（14.0）"),
        (("15.0", "16.0"), True, "Excel 2013（15.0）、Excel 2016–2024 / Microsoft 365（16.0）"),
    ],
)
def test_excel_versions_2010_to_365_are_supported(env: 环境, prefix: Path, versions, passes, says) -> None:
    result = check(windows(env, excel版本=versions), "Excel 版本", prefix)
    assert result.通过 is passes
    assert says in result.说明


def test_a_trusted_location_is_written_for_every_excel_version(env: 环境, built: Path, prefix: Path) -> None:
    both = windows(env, excel版本=("12.0", "14.0", "16.0"))  # 2007 left over beside 2010 and 365
    registry = 字典注册表()
    执行(plan(both, built, prefix), registry, both)
    assert set(registry.keys) == {信任位置键("14.0"), 信任位置键("16.0")}
    执行(卸载计划(both), registry, both)
    assert registry.keys == {}


@pytest.mark.parametrize("code_page", [1252, 65001, None])
def test_a_code_page_other_than_936_is_refused_with_the_way_to_change_it(
    env: 环境, built: Path, prefix: Path, tmp_path: Path, code_page,
) -> None:
    western = windows(env, 代码页=code_page)
    result = check(western, "系统代码页", prefix)
    assert not result.通过
    assert "控制面板 › 区域 › 管理 › 非 Unicode 程序的语言" in result.说明 and "中文(简体，中国)" in result.说明
    assert "重新启动电脑" in result.说明
    assert ("Beta 版：使用 Unicode UTF-8" in result.说明) is (code_page == 65001)
    before = files_under(tmp_path)
    with pytest.raises(安装错误, match="系统代码页 不符合要求"):
        执行(plan(western, built, prefix), 字典注册表(), western)
    assert files_under(tmp_path) == before
    assert check(env, "系统代码页", prefix).通过


def test_the_dll_must_match_excels_bitness_not_pythons(env: 环境, prefix: Path, tmp_path: Path) -> None:
    # the fixture's folder has only xlwings64: enough for a 64-bit Excel, not for a 32-bit one
    excel32 = windows(env, excel位数=32, excel位数来源=r"C:\Office\EXCEL.EXE 的文件头", python位数=64)
    result = check(excel32, "xlwings DLL", prefix)
    assert not result.通过
    assert "xlwings32-0.37.8.dll 位于" in result.说明 and "Excel 为 32 位" in result.说明 and "Python 为 64 位" in result.说明
    assert "pip install --force-reinstall xlwings==0.37.8" in result.说明
    (prefix / "xlwings32-0.37.8.dll").write_bytes(b"MZ")
    assert check(excel32, "xlwings DLL", prefix).通过  # 32-bit Excel with 64-bit Python: xlwings allows it
    assert check(windows(env, excel位数=64), "xlwings DLL", prefix).通过


# --- reading the machine: registry and EXCEL.EXE ---------------------------------------------------

HKLM = "HKEY_LOCAL_MACHINE\\"


def fake_exe(path: Path, machine: int) -> Path:
    """The smallest file pe位数 reads as a Windows executable: MZ header, e_lfanew, PE signature, Machine."""
    header = bytearray(0x80)
    header[:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    path.write_bytes(bytes(header) + b"PE\0\0" + machine.to_bytes(2, "little") + bytes(18))
    return path


def test_excel_versions_are_found_in_hklm_click_to_run_and_hkcu() -> None:
    registry = 字典注册表({
        HKLM + r"SOFTWARE\Microsoft\Office\14.0\Excel\InstallRoot": {"Path": r"C:\Office14\\"},
        HKLM + r"SOFTWARE\Microsoft\Office\ClickToRun\REGISTRY\MACHINE\Software\Microsoft\Office\16.0\Excel\InstallRoot": {},
        r"Software\Microsoft\Office\15.0\Excel": {},
        r"Software\Microsoft\Office\15.0\Word": {},
        r"Software\Microsoft\Office\11.0\Excel": {},  # Excel 2003 is not one of ours
    })
    assert 找Excel版本(registry) == ("14.0", "15.0", "16.0")
    assert 找Excel版本(字典注册表()) == ()


def test_excel_bitness_from_the_exe_header_then_the_registry(tmp_path: Path) -> None:
    app_paths = HKLM + r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"
    exe64 = fake_exe(tmp_path / "EXCEL64.EXE", 0x8664)
    exe32 = fake_exe(tmp_path / "EXCEL32.EXE", 0x014C)
    assert pe位数(exe64) == 64 and pe位数(exe32) == 32
    assert pe位数(fake_exe(tmp_path / "ARM.EXE", 0xAA64)) == 64
    (tmp_path / "junk").write_bytes(b"not an exe")
    assert pe位数(tmp_path / "junk") is None and pe位数(tmp_path / "missing") is None

    bits, source = 找Excel位数(字典注册表({app_paths: {"": f'"{exe32}"', "Path": str(tmp_path)}}), ("16.0",))
    assert (bits, source) == (32, f"{exe32} 的文件头")
    outlook = {HKLM + r"SOFTWARE\Microsoft\Office\16.0\Outlook": {"Bitness": "x64"}}
    # the header wins over the registry; a missing EXCEL.EXE falls back to Outlook's Bitness
    assert 找Excel位数(字典注册表({app_paths: {"": str(exe32)}, **outlook}), ("16.0",))[0] == 32
    bits, source = 找Excel位数(字典注册表({app_paths: {"": str(tmp_path / "gone.exe")}, **outlook}), ("16.0",))
    assert bits == 64 and "Outlook 的 Bitness" in source
    c2r = {HKLM + r"SOFTWARE\Microsoft\Office\ClickToRun\Configuration": {"Platform": "x86"}}
    assert 找Excel位数(字典注册表(c2r), ("16.0",))[0] == 32
    assert 找Excel位数(字典注册表(), ("16.0",)) == (None, "注册表中没有 Excel 的位数信息")


# --- Mark of the Web ------------------------------------------------------------------------------

def test_the_mark_of_the_web_is_removed_from_the_copies_and_not_restored(env: 环境, built: Path, prefix: Path) -> None:
    addin = Path(env.xlstart) / "绩效自评.xlam"
    workbook = Path(env.工作簿目录) / "项目支出绩效自评表.xlsm"
    for path in (addin, workbook):  # on NTFS "<file>:Zone.Identifier" names the stream; here, a file of that name
        path.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{path}:Zone.Identifier").write_text("[ZoneTransfer]\r\nZoneId=3\r\n", encoding="ascii")
    steps = plan(env, built, prefix)
    marks = [s for s in steps if isinstance(s, 去除网络标记)]
    assert [m.路径 for m in marks] == [addin, workbook]
    assert all("卸载时不恢复" in m.说明 for m in marks)
    registry = 字典注册表()
    notes = 执行(steps, registry, env)
    assert not Path(f"{addin}:Zone.Identifier").exists() and not Path(f"{workbook}:Zone.Identifier").exists()
    assert sum("已删除" in n and "网络标记" in n for n in notes) == 2
    record = json.loads(Path(env.记录).read_text(encoding="utf-8"))
    assert record["去除网络标记"] == [str(addin), str(workbook)]
    undo = 卸载计划(env)
    assert [s.路径 for s in undo if isinstance(s, 不恢复网络标记)] == [addin, workbook]
    assert all("不恢复" in s.说明 for s in undo if isinstance(s, 不恢复网络标记))
    执行(undo, registry, env)
    assert not addin.exists() and not workbook.exists()


def test_a_kept_workbook_keeps_its_mark(env: 环境, built: Path, prefix: Path) -> None:
    registry = 字典注册表()
    执行(plan(env, built, prefix), registry, env)
    workbook = Path(env.工作簿目录) / "项目支出绩效自评表.xlsm"
    workbook.write_bytes(b"the accountant's own work, from an e-mail")
    mark = Path(f"{workbook}:Zone.Identifier")
    mark.write_text("[ZoneTransfer]\r\nZoneId=3\r\n", encoding="ascii")
    执行(plan(env, built, prefix), registry, env)
    assert mark.exists()  # not our copy: not ours to unblock


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
    for name in ("pywin32", "Excel 版本", "xlwings DLL", "系统代码页"):
        line = next(line for line in out.splitlines() if f"检查 {name}：" in line)
        assert line.endswith("（仅在 Windows 上检查）"), line
    assert "Excel 2010–365" in out and "936" in out and "xlwings32-0.37.8.dll（32 位 Excel）" in out
    assert r"删除 %APPDATA%\Microsoft\Excel\XLSTART\绩效自评.xlam 的网络标记（Zone.Identifier 数据流）" in out
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


def test_install_command_names_the_code_page_fix(as_windows: 字典注册表, env: 环境, built: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    western = 环境(**{**env.__dict__, "windows": True, "代码页": 1252})
    monkeypatch.setattr(commands.环境, "当前", classmethod(lambda cls: western))
    result = CliRunner().invoke(cli, ["install", "--来源", str(built)])
    assert result.exit_code == 2
    assert "错误：检查 系统代码页：需要 936" in result.output and "实际 1252（西欧）" in result.output
    assert "非 Unicode 程序的语言 › 更改系统区域设置 › 中文(简体，中国)" in result.output
    assert "本次没有做任何改动" in result.output
    assert not as_windows.keys and not Path(env.xlstart).exists()


def test_dry_run_on_windows_changes_nothing(as_windows: 字典注册表, env: 环境, built: Path, tmp_path: Path) -> None:
    before = files_under(tmp_path)
    result = CliRunner().invoke(cli, ["install", "--演练", "--来源", str(built)])
    assert result.exit_code == 0, result.output
    assert "演练：以上步骤没有执行" in result.output
    assert files_under(tmp_path) == before and not as_windows.keys
