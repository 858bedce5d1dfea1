"""The offline installer's Python half, run by ``安装.cmd`` / ``卸载.cmd`` of a ``jixiao bundle`` zip.

``jixiao bundle`` copies this file into the zip as ``tools\\jixiao_setup.py``; the .cmd files
find a Python and run it::

    python jixiao_setup.py install <安装包目录> <虚拟环境目录>
    python jixiao_setup.py uninstall <虚拟环境目录>

The .cmd files are ASCII (cmd.exe reads a batch file in the console code page), so every
Chinese message of the installation is printed from here or by ``jixiao`` itself.  Stdlib
only: it runs under the Python the .cmd found, before jixiao and its dependencies exist.

Installing: check that this Python is one the bundle's wheels are for (its version, 64-bit),
make the virtual environment (again, with ``--clear``, when it was made by another Python
version), ``pip install --no-index --find-links <安装包>\\wheels jixiao==<版本>``, then
``jixiao install --from <安装包>\\workbooks``.  Uninstalling: ``jixiao uninstall``, then remove
the virtual environment, and its parent folder when nothing else is left in it.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["main", "卸载", "安装", "检查解释器", "清单文件名", "可执行文件"]

清单文件名 = "bundle.json"  # written by jixiao bundle: {"jixiao": 版本, "python": ["3.11", …], …}
Runner = Callable[[Sequence[str]], int]


def _run(command: Sequence[str]) -> int:
    return subprocess.call([str(part) for part in command])


def _say(text: str) -> None:
    print(text, flush=True)  # flushed: pip's and jixiao's output come in between


def 可执行文件(venv: Path, name: str) -> Path:
    """A program in the virtual environment (``Scripts\\name.exe`` on Windows, ``bin/name`` elsewhere)."""
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def 检查解释器(manifest: dict, version: tuple[int, int], bits: int, executable: str) -> str | None:
    """Why this Python cannot take the bundle's wheels (None: it can)."""
    wanted = list(manifest["python"])
    have = f"{version[0]}.{version[1]}"
    if have in wanted and bits == 64:
        return None
    return (
        f"这个安装包带的是 64 位 Python {'、'.join(wanted)} 的程序包，当前找到的 Python 是 {have}（{bits} 位）：{executable}。"
        f"请从 python.org 下载并安装 Windows 64 位的 Python {wanted[0]}（安装时勾选 py launcher），再运行 安装.cmd；"
        f"或在命令提示符中指定 Python：安装.cmd \"Python {wanted[0]} 的 python.exe 的完整路径\"。"
    )


def _venv_version(venv: Path) -> str | None:
    """``3.11`` for a virtual environment made by Python 3.11 (from its pyvenv.cfg); None if there is none."""
    try:
        lines = (venv / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


def 安装(bundle: Path, venv: Path, run: Runner = _run, python: str = sys.executable,
        version: tuple[int, int] = sys.version_info[:2], bits: int = struct.calcsize("P") * 8) -> int:
    """Install jixiao from the extracted bundle into ``venv`` and run ``jixiao install``; the exit code."""
    try:
        manifest = json.loads((bundle / 清单文件名).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _say(f"错误：无法读取 {bundle / 清单文件名}（{exc}）。请重新解压整个安装包后再运行 安装.cmd。")
        return 1
    problem = 检查解释器(manifest, version, bits, python)
    if problem:
        _say(f"错误：{problem}")
        return 1
    wheels, workbooks = bundle / "wheels", bundle / "workbooks"
    current = f"{version[0]}.{version[1]}"

    _say(f"[1/3] 创建 Python 虚拟环境：{venv}（Python {current}）")
    if _venv_version(venv) != current or not 可执行文件(venv, "python").exists():
        # a virtual environment of another Python version cannot take these wheels: make it anew
        rc = run([python, "-m", "venv", *(["--clear"] if venv.exists() else []), str(venv)])
        if rc:
            _say(f"错误：无法创建虚拟环境 {venv}。如果 Excel 正在运行，请先关闭 Excel 再运行 安装.cmd。")
            return rc

    _say(f"[2/3] 从 {wheels} 离线安装 jixiao {manifest['jixiao']} 及其依赖（不连接网络）")
    rc = run([
        可执行文件(venv, "python"), "-m", "pip", "install", "--no-index", "--find-links", str(wheels),
        "--upgrade", "--disable-pip-version-check", "--no-warn-script-location", f"jixiao=={manifest['jixiao']}",
    ])
    if rc:
        _say("错误：离线安装没有完成（原因见上面 pip 的信息）。安装包可能不完整：请重新解压，或联系提供安装包的部门。")
        return rc

    _say("[3/3] 运行 jixiao install：检查 Excel，放置加载项与模板")
    rc = run([可执行文件(venv, "jixiao"), "install", "--from", str(workbooks)])
    if rc:
        _say("jixiao install 没有完成（原因见上）。按提示处理后，可以再次运行 安装.cmd。")
        return rc
    _say(f"安装完成。Python 环境在 {venv}；卸载时运行 卸载.cmd。")
    return 0


def 卸载(venv: Path, run: Runner = _run) -> int:
    """``jixiao uninstall``, then remove ``venv``; the exit code."""
    if not venv.exists():
        _say(f"没有找到 {venv}：这台电脑上没有用离线安装包安装过 jixiao，无需卸载。")
        return 0
    jixiao = 可执行文件(venv, "jixiao")
    if jixiao.exists():
        _say("[1/2] 运行 jixiao uninstall：撤销安装时做的每一步")
        rc = run([jixiao, "uninstall"])
        if rc:
            _say("卸载没有完成（原因见上，通常需要先关闭 Excel）；Python 环境已保留，处理后可以再次运行 卸载.cmd。")
            return rc
    _say(f"[2/2] 删除 Python 虚拟环境：{venv}")
    try:
        shutil.rmtree(venv)
    except OSError as exc:
        _say(f"错误：无法删除 {venv}（{exc}）。请关闭 Excel 后再次运行 卸载.cmd，或手工删除该文件夹。")
        return 1
    try:
        venv.parent.rmdir()  # %LOCALAPPDATA%\jixiao: only when nothing else is left in it
    except OSError:
        pass
    _say("已卸载。")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # a log file in a code page without these characters must not stop the installer
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[0] == "install":
        return 安装(Path(args[1]).resolve(), Path(args[2]))
    if len(args) == 2 and args[0] == "uninstall":
        return 卸载(Path(args[1]))
    _say("用法：jixiao_setup.py install <安装包目录> <虚拟环境目录>  或  jixiao_setup.py uninstall <虚拟环境目录>")
    return 2


if __name__ == "__main__":
    sys.exit(main())
