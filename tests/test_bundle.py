"""jixiao bundle without the network: the .cmd bytes, the 安装说明, the dependency check under
Windows' markers, the zip layout given fake wheels, and the setup script the .cmd files run.

The bundle built from PyPI is tested in tests/test_bundle_network.py (marker ``network``).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin import offline_setup
from addin.bundle import (
    CMD编码,
    cmd字节,
    写安装包,
    卸载脚本,
    安装包错误,
    安装脚本,
    安装说明,
    校验Python版本,
    缺少的依赖,
)
from addin.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "用户指南.md"


def make_wheel(folder: Path, filename: str, requires: list[str] = (), files: dict[str, str] | None = None,
               scripts: dict[str, str] | None = None) -> Path:
    """A minimal wheel pip can install: METADATA (with Requires-Dist), WHEEL, entry points, RECORD."""
    name, version = filename.split("-")[:2]
    info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    members = {
        **(files or {}),
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    if scripts:
        members[f"{info}/entry_points.txt"] = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())
    members[f"{info}/RECORD"] = "".join(f"{n},,\n" for n in members) + f"{info}/RECORD,,\n"
    path = folder / filename
    with zipfile.ZipFile(path, "w") as z:
        for member, text in members.items():
            z.writestr(member, text)
    return path


@pytest.fixture()
def wheels(tmp_path: Path) -> Path:
    """jixiao and its dependencies as Windows would resolve them, with a Mac-only and an extra-only requirement."""
    folder = tmp_path / "wheels"
    folder.mkdir()
    make_wheel(folder, "jixiao-0.1.0-py3-none-any.whl", ["xlwings==0.37.8", "click>=8.1"])
    make_wheel(folder, "xlwings-0.37.8-cp311-cp311-win_amd64.whl", [
        'psutil>=2.0.0; platform_system == "Darwin"', 'pywin32>=224; platform_system == "Windows"', 'black; extra == "all"',
    ])
    make_wheel(folder, "pywin32-312-cp311-cp311-win_amd64.whl")
    make_wheel(folder, "click-8.5.1-py3-none-any.whl", ['colorama; platform_system == "Windows"'])
    make_wheel(folder, "colorama-0.4.6-py2.py3-none-any.whl")
    return folder


@pytest.fixture()
def workbooks(tmp_path: Path) -> Path:
    folder = tmp_path / "workbooks"
    folder.mkdir()
    for name, data in {"绩效自评.xlam": b"PK addin", "项目支出绩效自评表.xlsm": b"PK workbook",
                       "项目支出绩效自评表.xlsx": b"PK form"}.items():
        (folder / name).write_bytes(data)
    return folder


# --- the .cmd files --------------------------------------------------------------------------------------

@pytest.mark.parametrize("script", [安装脚本, 卸载脚本])
@pytest.mark.parametrize("pythons", [("3.11",), ("3.11", "3.12")])
def test_cmd_files_are_ascii_crlf_without_bom_in_the_code_page_they_declare(script, pythons) -> None:
    data = cmd字节(script("0.1.0", pythons))
    assert not data.startswith(codecs.BOM_UTF8)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    declared = re.search(rb"^rem Encoding: (\w+)\.", data, re.MULTILINE).group(1).decode()
    assert declared == CMD编码 == "ascii"
    text = data.decode(declared)
    # what cmd.exe sees on a Chinese (936) and on a Western (437) console is the same text
    assert data.decode("cp936") == data.decode("cp437") == text
    assert text.splitlines()[0] == "@echo off"


def labels_and_gotos(text: str) -> tuple[set[str], set[str]]:
    labels = {line[1:].strip().lower() for line in text.splitlines() if line.startswith(":")}
    gotos = {m.lower() for m in re.findall(r"\bgoto (\w+)", text)}
    return labels, gotos


@pytest.mark.parametrize("pythons", [("3.11",), ("3.11", "3.12")])
def test_the_install_cmd_finds_python_makes_the_venv_and_runs_the_setup_script(pythons) -> None:
    text = 安装脚本("0.1.0", pythons)
    labels, gotos = labels_and_gotos(text)
    assert gotos <= labels  # every jump has its label
    assert 'set PY="%~1"' in text  # a python.exe given as the first argument
    for version in pythons:
        assert f'py -{version} -c "import sys" >nul 2>&1' in text and f'set "PY=py -{version}"' in text
    wanted = ", ".join(f"({v.replace('.', ', ')})" for v in pythons)
    assert f"sys.version_info[:2] not in [{wanted}]" in text  # else a python on PATH of a bundled version
    assert 'set "VENV=%LOCALAPPDATA%\\jixiao\\venv"' in text
    assert '%PY% "%BUNDLE%tools\\jixiao_setup.py" install "%BUNDLE%." "%VENV%"' in text
    assert 'if not exist "%BUNDLE%wheels\\" goto not_extracted' in text
    assert "if not defined JIXIAO_NO_PAUSE pause" in text and text.rstrip().endswith("exit /b %RC%")
    assert "%" not in "".join(re.findall(r"-Command \"([^\"]*)\"", text))  # nothing for cmd to expand in PowerShell's text


def test_the_uninstall_cmd_runs_the_setup_script_to_uninstall() -> None:
    text = 卸载脚本("0.1.0")
    labels, gotos = labels_and_gotos(text)
    assert gotos <= labels
    assert '%PY% "%BUNDLE%tools\\jixiao_setup.py" uninstall "%VENV%"' in text
    assert "wheels" not in text.split("setlocal", 1)[1]  # uninstalling needs no wheels


def test_the_cmd_files_chinese_messages_come_through_powershell_escapes() -> None:
    text = 安装脚本("0.1.0", ("3.11",))
    messages = [codecs.decode(m, "unicode_escape") for m in re.findall(r"Unescape\('([^']*)'\)", text)]
    assert len(messages) == 2
    no_python, not_extracted = messages
    assert "没有找到 64 位的 Python 3.11" in no_python and "python.org" in no_python and "安装说明.txt" in no_python
    assert "全部解压缩" in not_extracted and "不能在压缩包里直接运行" in not_extracted


def test_cmd_bytes_refuse_text_that_is_not_ascii() -> None:
    with pytest.raises(UnicodeEncodeError):
        cmd字节("echo 安装\n")


# --- 安装说明 --------------------------------------------------------------------------------------------------

def test_the_install_notes_name_the_steps() -> None:
    text = 安装说明("0.1.0", ("3.11",), ["jixiao-0.1.0-py3-none-any.whl"], ["绩效自评.xlam"])
    steps = [
        "解除锁定", "全部解压缩", "安装.cmd", "py -3.11", "64 位", "%LOCALAPPDATA%\\jixiao\\venv",
        "pip install --no-index --find-links", "jixiao install", "XLSTART", "受信任位置", "网络标记",
        "重新启动 Excel", "卸载.cmd", "jixiao uninstall", "JIXIAO_NO_PAUSE",
        "控制面板 › 区域 › 管理 › 非 Unicode 程序的语言", "中文(简体，中国)", "936",
        "Excel 2010", "Microsoft 365", "jixiao-0.1.0-py3-none-any.whl", "绩效自评.xlam",
    ]
    assert [s for s in steps if s not in text] == []
    order = [text.index(s) for s in ("一、安装前的准备", "解除锁定", "全部解压缩", "双击解压出来的“安装.cmd”", "重新启动 Excel", "三、卸载")]
    assert order == sorted(order)


# --- are the dependencies all there, for Windows? ------------------------------------------------------

def test_dependencies_are_checked_with_windows_markers(wheels: Path) -> None:
    assert 缺少的依赖(wheels, "3.11") == []
    (wheels / "pywin32-312-cp311-cp311-win_amd64.whl").unlink()
    (wheels / "colorama-0.4.6-py2.py3-none-any.whl").unlink()
    # on Linux pip skips both (their markers say Windows); the bundle must not
    assert sorted(缺少的依赖(wheels, "3.11")) == [
        "colorama（click-8.5.1-py3-none-any.whl 需要）", "pywin32>=224（xlwings-0.37.8-cp311-cp311-win_amd64.whl 需要）",
    ]


def test_a_wheel_for_another_python_does_not_count(wheels: Path) -> None:
    assert 缺少的依赖(wheels, "3.12") == ["xlwings==0.37.8（jixiao-0.1.0-py3-none-any.whl 需要）"]
    make_wheel(wheels, "xlwings-0.37.8-cp312-cp312-win_amd64.whl", ['pywin32>=224; platform_system == "Windows"'])
    assert 缺少的依赖(wheels, "3.12") == ["pywin32>=224（xlwings-0.37.8-cp312-cp312-win_amd64.whl 需要）"]
    make_wheel(wheels, "pywin32-312-cp312-cp312-win_amd64.whl")
    assert 缺少的依赖(wheels, "3.12") == []


def test_a_version_outside_the_requirement_does_not_count(wheels: Path) -> None:
    (wheels / "click-8.5.1-py3-none-any.whl").rename(wheels / "click-7.0-py3-none-any.whl")
    assert 缺少的依赖(wheels, "3.11") == ["click>=8.1（jixiao-0.1.0-py3-none-any.whl 需要）"]


def test_python_versions_are_checked() -> None:
    assert 校验Python版本(["3.11", "3.12", "3.11"]) == ("3.11", "3.12")
    for bad in ("3.10", "311", "3.x"):
        with pytest.raises(安装包错误, match="3.11 或更高"):
            校验Python版本([bad])


# --- the zip ----------------------------------------------------------------------------------------------------

def test_the_zip_layout_given_fake_wheels(tmp_path: Path, wheels: Path, workbooks: Path) -> None:
    target = tmp_path / "out" / "jixiao-0.1.0-win_amd64.zip"
    shown: list[str] = []
    assert 写安装包(target, ("3.11",), wheels, workbooks, GUIDE, shown.append) == target
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        top = "jixiao-0.1.0-win_amd64/"
        assert all(n.startswith(top) for n in names)
        assert sorted(n[len(top):] for n in names) == sorted([
            "安装.cmd", "卸载.cmd", "安装说明.txt", "用户指南.md", "bundle.json", "tools/jixiao_setup.py",
            *(f"wheels/{w.name}" for w in wheels.iterdir()), *(f"workbooks/{w.name}" for w in workbooks.iterdir()),
        ])
        infos = {i.filename[len(top):]: i for i in z.infolist()}
        assert all(i.flag_bits & 0x800 for n, i in infos.items() if not n.isascii())  # UTF-8 names, marked so
        assert infos["wheels/jixiao-0.1.0-py3-none-any.whl"].compress_type == zipfile.ZIP_STORED
        assert infos["安装.cmd"].compress_type == zipfile.ZIP_DEFLATED
        read = {n: z.read(i) for n, i in infos.items()}
    assert read["安装.cmd"] == cmd字节(安装脚本("0.1.0", ("3.11",)))
    assert read["卸载.cmd"] == cmd字节(卸载脚本("0.1.0", ("3.11",)))
    assert read["tools/jixiao_setup.py"] == Path(offline_setup.__file__).read_bytes()
    assert read["workbooks/绩效自评.xlam"] == b"PK addin"
    for name in ("安装说明.txt", "用户指南.md"):  # Notepad-friendly: BOM and CRLF
        assert read[name].startswith(codecs.BOM_UTF8) and b"\n" not in read[name].replace(b"\r\n", b"")
    assert read["用户指南.md"].decode("utf-8-sig").replace("\r\n", "\n") == GUIDE.read_text(encoding="utf-8")
    assert "colorama-0.4.6-py2.py3-none-any.whl" in read["安装说明.txt"].decode("utf-8-sig")
    manifest = json.loads(read["bundle.json"])
    assert (manifest["jixiao"], manifest["python"], manifest["platform"], manifest["xlwings"]) == ("0.1.0", ["3.11"], "win_amd64", "0.37.8")
    assert set(manifest["files"]) == set(read) - {"bundle.json"}
    for name, entry in manifest["files"].items():
        assert entry == {"size": len(read[name]), "sha256": hashlib.sha256(read[name]).hexdigest()}, name
    assert len(shown) == len(names)  # one progress line per file
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_a_bundle_that_cannot_be_made_leaves_nothing(tmp_path: Path, wheels: Path, workbooks: Path) -> None:
    target = tmp_path / "out" / "bundle.zip"
    (workbooks / "绩效自评.xlam").unlink()
    with pytest.raises(安装包错误, match="缺少 绩效自评.xlam"):
        写安装包(target, ("3.11",), wheels, workbooks, GUIDE)
    (wheels / "jixiao-0.1.0-py3-none-any.whl").unlink()
    with pytest.raises(安装包错误, match="只有一个 jixiao 的 wheel"):
        写安装包(target, ("3.11",), wheels, workbooks, GUIDE)
    assert not target.parent.exists()


def test_a_write_interrupted_half_way_leaves_no_zip_and_no_temporary_file(tmp_path: Path, wheels: Path,
                                                                          workbooks: Path) -> None:
    target = tmp_path / "out" / "bundle.zip"
    target.parent.mkdir()
    target.write_bytes(b"the previous bundle")

    def interrupt(line: str) -> None:
        if line.startswith("  [3/"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        写安装包(target, ("3.11",), wheels, workbooks, GUIDE, interrupt)
    assert [p.name for p in target.parent.iterdir()] == ["bundle.zip"]
    assert target.read_bytes() == b"the previous bundle"


def test_an_existing_bundle_is_replaced_whole(tmp_path: Path, wheels: Path, workbooks: Path) -> None:
    target = tmp_path / "bundle.zip"
    target.write_bytes(b"an older bundle")
    写安装包(target, ("3.11",), wheels, workbooks, GUIDE)
    assert zipfile.is_zipfile(target)


def test_the_bundle_command_reports_a_bad_python_version(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["bundle", "--out", str(tmp_path), "--python", "3.10"])
    assert result.exit_code == 2
    assert "3.11 或更高" in result.output
    assert list(tmp_path.iterdir()) == []


# --- tools/jixiao_setup.py: what the .cmd files run ---------------------------------------------------------

MANIFEST = {"jixiao": "0.1.0", "python": ["3.11"]}


@pytest.fixture()
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "jixiao-0.1.0-win_amd64"
    (folder / "wheels").mkdir(parents=True)
    (folder / "workbooks").mkdir()
    (folder / "bundle.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    return folder


class Recorder:
    def __init__(self, fail_at: int | None = None):
        self.commands: list[list[str]] = []
        self.fail_at = fail_at

    def __call__(self, command) -> int:
        self.commands.append([str(c) for c in command])
        return 1 if len(self.commands) == self.fail_at else 0


def test_the_setup_checks_the_python_against_the_bundle() -> None:
    assert offline_setup.检查解释器(MANIFEST, (3, 11), 64, "python.exe") is None
    for version, bits in (((3, 12), 64), ((3, 11), 32)):
        message = offline_setup.检查解释器(MANIFEST, version, bits, r"C:\Python\python.exe")
        assert "64 位 Python 3.11" in message and f"{version[0]}.{version[1]}（{bits} 位）" in message
        assert "安装.cmd" in message and "python.org" in message


def test_the_setup_installs_offline_then_runs_jixiao_install(bundle: Path, tmp_path: Path, capsys) -> None:
    venv = tmp_path / "LocalAppData" / "jixiao" / "venv"
    run = Recorder()
    assert offline_setup.安装(bundle, venv, run, python="/usr/bin/python3.11", version=(3, 11), bits=64) == 0
    python, jixiao = offline_setup.可执行文件(venv, "python"), offline_setup.可执行文件(venv, "jixiao")
    assert run.commands == [
        ["/usr/bin/python3.11", "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--no-index", "--find-links", str(bundle / "wheels"),
         "--upgrade", "--disable-pip-version-check", "--no-warn-script-location", "jixiao==0.1.0"],
        [str(jixiao), "install", "--from", str(bundle / "workbooks")],
    ]
    out = capsys.readouterr().out
    assert "[1/3] 创建 Python 虚拟环境" in out and "[2/3]" in out and "不连接网络" in out and "安装完成" in out


def test_the_setup_stops_at_a_failed_step(bundle: Path, tmp_path: Path, capsys) -> None:
    run = Recorder(fail_at=2)
    assert offline_setup.安装(bundle, tmp_path / "venv", run, python="py", version=(3, 11), bits=64) == 1
    assert len(run.commands) == 2  # jixiao install is not run after pip failed
    assert "离线安装没有完成" in capsys.readouterr().out


def test_the_setup_refuses_a_wrong_python_before_doing_anything(bundle: Path, tmp_path: Path, capsys) -> None:
    run = Recorder()
    assert offline_setup.安装(bundle, tmp_path / "venv", run, python="py", version=(3, 11), bits=32) == 1
    assert run.commands == [] and "错误：" in capsys.readouterr().out


def test_a_venv_of_another_python_version_is_made_anew(bundle: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    offline_setup.可执行文件(venv, "python").parent.mkdir(parents=True)
    offline_setup.可执行文件(venv, "python").write_bytes(b"")
    (venv / "pyvenv.cfg").write_text("home = C:\\Python310\nversion = 3.10.11\n", encoding="utf-8")
    run = Recorder()
    offline_setup.安装(bundle, venv, run, python="py", version=(3, 11), bits=64)
    assert run.commands[0] == ["py", "-m", "venv", "--clear", str(venv)]
    (venv / "pyvenv.cfg").write_text("home = C:\\Python311\nversion_info = 3.11.9\n", encoding="utf-8")
    run = Recorder()
    offline_setup.安装(bundle, venv, run, python="py", version=(3, 11), bits=64)
    assert run.commands[0][2:4] == ["pip", "install"]  # the same Python's venv is kept


def test_the_setup_uninstalls_then_removes_the_venv(tmp_path: Path, capsys) -> None:
    parent = tmp_path / "jixiao"
    venv = parent / "venv"
    jixiao = offline_setup.可执行文件(venv, "jixiao")
    jixiao.parent.mkdir(parents=True)
    jixiao.write_bytes(b"")
    run = Recorder(fail_at=1)
    assert offline_setup.卸载(venv, run) == 1 and venv.exists()  # jixiao uninstall failed: keep everything
    assert "Python 环境已保留" in capsys.readouterr().out
    run = Recorder()
    assert offline_setup.卸载(venv, run) == 0
    assert run.commands == [[str(jixiao), "uninstall"]]
    assert not parent.exists()  # nothing else was in %LOCALAPPDATA%\jixiao
    assert offline_setup.卸载(venv, Recorder()) == 0 and "无需卸载" in capsys.readouterr().out


def test_the_setup_script_runs_for_real_in_a_venv(bundle: Path, tmp_path: Path) -> None:
    """The script as the .cmd runs it: a real venv, a real offline pip install, the console script called."""
    log = tmp_path / "calls.txt"
    make_wheel(bundle / "wheels", "jixiao-0.1.0-py3-none-any.whl", files={
        "fake_jixiao.py": f"import sys\ndef main():\n    open({str(log)!r}, 'a', encoding='utf-8').write(' '.join(sys.argv[1:]) + '\\n')\n",
    }, scripts={"jixiao": "fake_jixiao:main"})
    manifest = {**MANIFEST, "python": [f"{sys.version_info[0]}.{sys.version_info[1]}"]}
    (bundle / "bundle.json").write_text(json.dumps(manifest), encoding="utf-8")
    script = tmp_path / "tools" / "jixiao_setup.py"
    script.parent.mkdir()
    script.write_bytes(Path(offline_setup.__file__).read_bytes())  # standalone, as in the zip
    venv = tmp_path / "LocalAppData" / "jixiao" / "venv"
    env = {"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null", "HOME": str(tmp_path)}

    done = subprocess.run([sys.executable, str(script), "install", str(bundle), str(venv)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "安装完成" in done.stdout
    assert log.read_text(encoding="utf-8") == f"install --from {bundle / 'workbooks'}\n"

    done = subprocess.run([sys.executable, str(script), "uninstall", str(venv)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert log.read_text(encoding="utf-8").splitlines()[-1] == "uninstall"
    assert not venv.parent.exists()
