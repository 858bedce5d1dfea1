"""``jixiao bundle``: one offline installation .zip for an IT department.

The zip holds one folder, ``jixiao-<版本>-win_amd64/``::

    安装.cmd  卸载.cmd         find Python, then run tools/jixiao_setup.py (addin/offline_setup.py)
    安装说明.txt               the steps, in Chinese, for the person who installs
    用户指南.md                 the accountants' guide (docs/用户指南.md)
    bundle.json                 versions, and the size and SHA-256 of every file
    tools/jixiao_setup.py       creates the venv, pip install --no-index, jixiao install
    wheels/*.whl                jixiao and every dependency, win_amd64, for each target CPython
    workbooks/*                 the workbooks of ``jixiao build``

How the pieces are made (:func:`生成安装包`, needs the network): ``pip wheel <源码> --no-deps``;
``pip download --only-binary=:all: --platform win_amd64 --python-version 3.X --implementation cp``
of that wheel plus ``xlwings==0.37.8`` and ``pywin32``; then :func:`缺少的依赖` walks the
requirements with *Windows'* environment markers (pip evaluates ``sys_platform == "win32"`` and
the like against the machine it runs on, so a Linux download misses Windows-only dependencies)
and downloads whatever is missing; ``jixiao build`` makes the workbooks.  :func:`写安装包`
assembles the zip from those folders (no network: the tests give it fake wheels).

Text files and code pages.  cmd.exe reads a batch file in the console code page (936 on
Chinese Windows); UTF-8 .cmd files break there, a BOM breaks the first line, and LF-only
endings break labels.  So the .cmd files are ASCII with CRLF and no BOM: they read the same in
every code page.  Their Chinese messages come from Python (tools/jixiao_setup.py, jixiao) or,
before a Python is found, from PowerShell with ``\\uXXXX`` escapes.  安装说明.txt and the guide
are UTF-8 with a BOM and CRLF, which Notepad opens correctly on every Windows version.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import Version

from addin import offline_setup
from addin.package import 加载项文件名, 工作簿文件名
from addin.vba_modules import XLWINGS_VERSION
from workbook_templates.files import 写到旁边

__all__ = [
    "平台", "默认Python", "安装包错误", "安装包名", "安装脚本", "卸载脚本", "安装说明", "cmd字节", "文本字节",
    "目标标记", "缺少的依赖", "写安装包", "生成安装包", "源码目录", "校验Python版本", "CMD编码",
]

平台 = "win_amd64"
默认Python = ("3.11",)
CMD编码 = "ascii"  # declared in each .cmd; ASCII decodes the same under 936, 437 and every other console code page
_BOM = b"\xef\xbb\xbf"
_ALREADY_COMPRESSED = (".whl", ".xlsx", ".xlsm", ".xlam", ".zip")


class 安装包错误(RuntimeError):
    """The bundle cannot be made; the message says why."""


def 安装包名(版本: str) -> str:
    return f"jixiao-{版本}-{平台}"


def 源码目录() -> Path:
    """The project checkout this code runs from (``pip wheel`` builds it); an error if not in one."""
    root = Path(__file__).resolve().parents[1]
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file() or 'name = "jixiao"' not in pyproject.read_text(encoding="utf-8"):
        raise 安装包错误(f"jixiao bundle 要在项目源码中运行（{root} 中没有 jixiao 的 pyproject.toml）：请在源码目录中 pip install -e . 后再运行")
    return root


# --- the .cmd files ------------------------------------------------------------------------------------

def _powershell_echo(text: str) -> str:
    """A cmd line that prints Chinese ``text`` whatever the console code page: PowerShell unescapes \\uXXXX."""
    if any(c in text for c in "'\"%^&|<>!"):
        raise ValueError(f"not safe inside a cmd line: {text!r}")
    escaped = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text)
    return f"powershell -NoProfile -NonInteractive -Command \"Write-Host ([regex]::Unescape('{escaped}'))\""


def _find_python(pythons: tuple[str, ...]) -> list[str]:
    """Batch lines that set PY: the first argument, else ``py -3.X`` for each target, else ``python`` on PATH."""
    lines = [
        'if "%~1"=="" goto find_python',
        'set PY="%~1"',
        "goto run",
        "",
        ":find_python",
    ]
    for version in pythons:
        lines += [
            f'py -{version} -c "import sys" >nul 2>&1',
            "if not errorlevel 1 (",
            f'    set "PY=py -{version}"',
            "    goto run",
            ")",
        ]
    wanted = ", ".join(f"({v.replace('.', ', ')})" for v in pythons)
    lines += [
        f'python -c "import sys; sys.exit(sys.version_info[:2] not in [{wanted}])" >nul 2>&1',
        "if not errorlevel 1 (",
        '    set "PY=python"',
        "    goto run",
        ")",
        "goto no_python",
        "",
    ]
    return lines


def _header(版本: str, pythons: tuple[str, ...], what: list[str]) -> list[str]:
    return [
        "@echo off",
        "rem " + "-" * 74,
        f"rem jixiao {版本} offline bundle ({平台}, CPython {', '.join(pythons)}).",
        *(f"rem {line}" for line in what),
        "rem Encoding: " + CMD编码 + ". CRLF line endings, no BOM. cmd.exe reads a batch file in",
        "rem the console code page (936 on Chinese Windows); ASCII reads the same in",
        "rem every code page. Chinese messages are printed by Python",
        "rem (tools\\jixiao_setup.py, jixiao) or, before Python is found, by PowerShell.",
        "rem Set JIXIAO_NO_PAUSE=1 to skip the final pause (unattended runs).",
        "rem " + "-" * 74,
        "setlocal EnableExtensions DisableDelayedExpansion",
        'set "BUNDLE=%~dp0"',
        'set "VENV=%LOCALAPPDATA%\\jixiao\\venv"',
        'set "RC=1"',
        'if not exist "%BUNDLE%tools\\jixiao_setup.py" goto not_extracted',
    ]


def _footer(pythons: tuple[str, ...]) -> list[str]:
    first = pythons[0]
    return [
        ":no_python",
        _powershell_echo(
            f"没有找到 64 位的 Python {'、'.join(pythons)}。请从 python.org 下载并安装 Windows 64 位的 Python {first}"
            f"（安装时勾选 py launcher），再运行本程序；也可以在命令提示符中把 python.exe 的完整路径写在本程序名后面。"
            f"详见 安装说明.txt。"
        ),
        "goto end",
        "",
        ":not_extracted",
        _powershell_echo(
            "请先把整个压缩包解压到一个文件夹（在压缩包上点右键，选“全部解压缩”），再运行解压出来的程序；"
            "不能在压缩包里直接运行。"
        ),
        "goto end",
        "",
        ":end",
        "if not defined JIXIAO_NO_PAUSE pause",
        "endlocal & exit /b %RC%",
    ]


def 安装脚本(版本: str, pythons: tuple[str, ...] = 默认Python) -> str:
    """The text of 安装.cmd (LF line endings here; :func:`cmd字节` makes the file)."""
    lines = _header(版本, pythons, [
        "Install: <this file> [full path of python.exe]",
        "Finds Python (the argument, else " + ", else ".join(f'"py -{v}"' for v in pythons)
        + ', else "python" on PATH),',
        "makes the venv %LOCALAPPDATA%\\jixiao\\venv, installs jixiao from wheels\\",
        "without network (pip install --no-index --find-links wheels jixiao), then",
        'runs "jixiao install --from workbooks". tools\\jixiao_setup.py does the work.',
    ])
    lines += [
        'if not exist "%BUNDLE%wheels\\" goto not_extracted',
        "",
        *_find_python(pythons),
        ":run",
        '%PY% "%BUNDLE%tools\\jixiao_setup.py" install "%BUNDLE%." "%VENV%"',
        'set "RC=%ERRORLEVEL%"',
        "goto end",
        "",
        *_footer(pythons),
    ]
    return "\n".join(lines) + "\n"


def 卸载脚本(版本: str, pythons: tuple[str, ...] = 默认Python) -> str:
    """The text of 卸载.cmd: ``jixiao uninstall``, then the venv is removed."""
    lines = _header(版本, pythons, [
        "Uninstall: <this file> [full path of python.exe]",
        'Runs "jixiao uninstall" (undoes what jixiao install recorded), then removes',
        "the venv %LOCALAPPDATA%\\jixiao\\venv. tools\\jixiao_setup.py does the work;",
        "it needs the Python the venv was made from.",
    ])
    lines += [
        "",
        *_find_python(pythons),
        ":run",
        '%PY% "%BUNDLE%tools\\jixiao_setup.py" uninstall "%VENV%"',
        'set "RC=%ERRORLEVEL%"',
        "goto end",
        "",
        *_footer(pythons),
    ]
    return "\n".join(lines) + "\n"


def cmd字节(text: str) -> bytes:
    """A batch file's bytes: the declared encoding (ASCII), CRLF line endings, no BOM."""
    if "\r" in text:
        raise ValueError("give the text with LF line endings")
    return text.replace("\n", "\r\n").encode(CMD编码)


def 文本字节(text: str) -> bytes:
    """A text file for Windows users: UTF-8 with a BOM (Notepad detects it on every version) and CRLF."""
    return _BOM + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


# --- 安装说明 ----------------------------------------------------------------------------------------------

def 安装说明(版本: str, pythons: tuple[str, ...], wheels: Iterable[str], workbooks: Iterable[str]) -> str:
    first = pythons[0]
    versions = "、".join(pythons)
    wheel_list = "\n".join(f"    {name}" for name in sorted(wheels))
    workbook_list = "\n".join(f"    {name}" for name in sorted(workbooks))
    return f"""绩效自评助手（jixiao）{版本} 离线安装包 —— 安装说明
============================================================

本安装包给单位信息部门或负责安装的同事使用：整个安装过程不需要连接互联网。
会计人员的使用说明见同一文件夹中的“用户指南.md”（可用记事本打开）。

一、安装前的准备
----------------
1. Windows 8.1、10 或 11（64 位；Python 3.11 起不再支持 Windows 7）；Excel 2010、2013、2016、2019、2021、2024 或 Microsoft 365（32 位或 64 位均可）。
2. 系统区域设置为中文（简体，中国），即“非 Unicode 程序的语言”为中文，系统代码页 936：
   控制面板 › 区域 › 管理 › 非 Unicode 程序的语言 › 更改系统区域设置 › 中文(简体，中国)，
   并且不要勾选“Beta 版：使用 Unicode UTF-8 提供全球语言支持”；改过后需要重新启动电脑。
   工作簿中宏的中文名称按代码页 936 保存，其他设置下宏无法运行。
3. 64 位的 Python {versions}：从 python.org 下载“Windows installer (64-bit)”，
   安装时保持勾选“py launcher”。本安装包中的程序包只适用于 64 位 Python {versions}；
   Python 的位数与 Excel 的位数可以不同。

二、安装步骤
------------
1. 解除锁定：在下载得到的 .zip 文件上点右键 → 属性 → 勾选“解除锁定” → 确定。
   这样解压出来的文件不带“网络标记”（Mark of the Web），Windows 不会对 安装.cmd
   提示“无法验证发布者”。（未解除时点“运行”即可；工作簿的网络标记由安装程序去除。）
2. 解压：在 .zip 上点右键 → 全部解压缩，解压到任意文件夹（路径中不要有 % ^ & ! 这几个符号）。
   不要在压缩包里直接双击运行。
3. 关闭 Excel，双击解压出来的“安装.cmd”。它会：
   （1）找到 Python：命令行第一个参数给出的 python.exe，否则 py -{first}，否则 PATH 中的 python；
       并检查它是 64 位的 Python {versions}；
   （2）在 %LOCALAPPDATA%\\jixiao\\venv 创建 Python 虚拟环境；
   （3）离线安装：pip install --no-index --find-links <安装包>\\wheels jixiao（只使用本安装包中的文件）；
   （4）运行 jixiao install：先检查 Excel 版本、Excel 位数与 xlwings DLL、系统代码页，
       任何一项不符合都不做改动并说明办法；然后把加载项“绩效自评.xlam”复制到
       %APPDATA%\\Microsoft\\Excel\\XLSTART，把“文档\\绩效自评”设为 Excel 的受信任位置，
       把模板“项目支出绩效自评表.xlsm”放进去，去除复制出的文件的网络标记，
       把虚拟环境中的 pythonw.exe 写入 xlwings 的用户设置，并记下每一步供卸载使用。
4. 重新启动 Excel：功能区出现“绩效自评”选项卡即安装成功。
   在任意单元格输入 =版本号() 应显示 {版本}。

指定 Python：在命令提示符中进入解压后的文件夹，运行
    安装.cmd "C:\\Program Files\\Python{first.replace('.', '')}\\python.exe"
无人值守安装（不在结束时暂停）：先 set JIXIAO_NO_PAUSE=1，再运行 安装.cmd；退出码 0 表示成功。
需要手工安装时，等同的命令是：
    py -{first} -m venv "%LOCALAPPDATA%\\jixiao\\venv"
    "%LOCALAPPDATA%\\jixiao\\venv\\Scripts\\python.exe" -m pip install --no-index --find-links wheels jixiao
    "%LOCALAPPDATA%\\jixiao\\venv\\Scripts\\jixiao.exe" install --from workbooks

三、卸载
--------
关闭 Excel，双击“卸载.cmd”：运行 jixiao uninstall（删除安装时放置的加载项和模板、受信任位置和
Python 设置；已经填写过的工作簿会保留），再删除 %LOCALAPPDATA%\\jixiao\\venv。
安装时去除的网络标记不会恢复。

四、常见问题
------------
* “没有找到 64 位的 Python”：安装 Python {first}（64 位），或把 python.exe 的完整路径写在 安装.cmd 后面。
* “系统代码页 不符合要求”：按“一、2”修改系统区域设置并重新启动电脑，再运行 安装.cmd。
* “无法写入……文件正被使用”：关闭所有 Excel 窗口（必要时在任务管理器中结束 EXCEL.EXE）后重试。
* 以后从邮件或网上收到的工作簿会重新带上网络标记，宏会被阻止：把文件放进“文档\\绩效自评”再打开，
  或在文件上点右键 → 属性 → 勾选“解除锁定”。

五、本安装包中的文件
--------------------
安装.cmd、卸载.cmd        安装与卸载（只含 ASCII 字符，任何代码页下都能正确读取）
tools\\jixiao_setup.py     安装与卸载的具体步骤（由 .cmd 调用）
bundle.json               版本信息与每个文件的大小、SHA-256
用户指南.md                会计人员使用说明
workbooks\\                jixiao build 生成的工作簿：
{workbook_list}
wheels\\                   jixiao 及其依赖（{平台}，CPython {versions}）：
{wheel_list}
"""


# --- are all dependencies there? ---------------------------------------------------------------------

def 目标标记(python: str) -> dict[str, str]:
    """PEP 508 environment markers of 64-bit CPython ``python`` on Windows."""
    return {
        "implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "nt",
        "platform_machine": "AMD64", "platform_python_implementation": "CPython", "platform_release": "10",
        "platform_system": "Windows", "platform_version": "10.0.19045", "python_full_version": f"{python}.0",
        "python_version": python, "sys_platform": "win32",
    }


def _目标标签(python: str) -> set[Tag]:
    version = tuple(int(part) for part in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    return set(cpython_tags(version, platforms=[平台])) | set(compatible_tags(version, interpreter, platforms=[平台]))


def _requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        name = next((n for n in z.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")), None)
        if name is None:
            raise 安装包错误(f"{wheel.name} 中没有 METADATA，不是有效的 wheel")
        metadata = email.parser.BytesParser().parsebytes(z.read(name), headersonly=True)
    return metadata.get_all("Requires-Dist") or []


def 缺少的依赖(wheels: Path, python: str, 根: str = "jixiao") -> list[str]:
    """The requirements, reached from ``根`` under Windows' markers for ``python``, that no wheel in
    ``wheels`` for win_amd64/CPython ``python`` satisfies (empty: the folder installs offline)."""
    tags, markers = _目标标签(python), 目标标记(python)
    available: dict[str, list[tuple[Version, Path]]] = {}
    for wheel in wheels.glob("*.whl"):
        try:
            name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        except InvalidWheelFilename:
            continue
        if wheel_tags & tags:
            available.setdefault(canonicalize_name(name), []).append((version, wheel))

    missing: list[str] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    queue: list[tuple[Requirement, str]] = [(Requirement(根), "")]
    while queue:
        requirement, needed_by = queue.pop(0)
        name = canonicalize_name(requirement.name)
        candidates = sorted(
            (c for c in available.get(name, []) if requirement.specifier.contains(c[0], prereleases=True)),
            key=lambda c: c[0],
        )
        if not candidates:
            wanted = f"{requirement.name}{requirement.specifier}{'[' + ','.join(sorted(requirement.extras)) + ']' if requirement.extras else ''}"
            missing.append(f"{wanted}（{needed_by} 需要）" if needed_by else wanted)
            continue
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        wheel = candidates[-1][1]
        for line in _requires(wheel):
            try:
                dependency = Requirement(line)
            except InvalidRequirement as exc:
                raise 安装包错误(f"{wheel.name} 的依赖无法解析：{line}（{exc}）") from None
            extras = requirement.extras or {""}
            if dependency.marker is None or any(dependency.marker.evaluate({**markers, "extra": e}) for e in extras):
                queue.append((dependency, wheel.name))
    return missing


# --- the zip -------------------------------------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def 写安装包(目标: Path, pythons: tuple[str, ...], wheels: Path, workbooks: Path, 指南: Path,
           进度: Callable[[str], None] = lambda _: None) -> Path:
    """Assemble the zip at ``目标`` (written atomically) from the folders of wheels and workbooks."""
    wheel_files = sorted(wheels.glob("*.whl"))
    ours = [w for w in wheel_files if w.name.startswith("jixiao-")]
    if len(ours) != 1:
        raise 安装包错误(f"{wheels} 中应有且只有一个 jixiao 的 wheel，实际 {len(ours)} 个")
    版本 = str(parse_wheel_filename(ours[0].name)[1])
    workbook_files = sorted(p for p in workbooks.iterdir() if p.is_file())
    missing = [n for n in (加载项文件名, 工作簿文件名) if not (workbooks / n).is_file()]
    if missing:
        raise 安装包错误(f"{workbooks} 中缺少 {'、'.join(missing)}（jixiao install 需要它们）")
    if not 指南.is_file():
        raise 安装包错误(f"找不到用户指南 {指南}")

    files: dict[str, bytes] = {
        "安装.cmd": cmd字节(安装脚本(版本, pythons)),
        "卸载.cmd": cmd字节(卸载脚本(版本, pythons)),
        "安装说明.txt": 文本字节(安装说明(版本, pythons, [w.name for w in wheel_files], [p.name for p in workbook_files])),
        "用户指南.md": 文本字节(指南.read_text(encoding="utf-8")),
        "tools/jixiao_setup.py": Path(offline_setup.__file__).read_bytes(),
    }
    files |= {f"workbooks/{p.name}": p.read_bytes() for p in workbook_files}
    files |= {f"wheels/{w.name}": w.read_bytes() for w in wheel_files}
    manifest = {
        "jixiao": 版本,
        "python": list(pythons),
        "platform": 平台,
        "xlwings": XLWINGS_VERSION,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "files": {name: {"size": len(data), "sha256": _sha256(data)} for name, data in sorted(files.items())},
    }
    files[offline_setup.清单文件名] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")

    top = 安装包名(版本)
    stamp = dt.datetime.now().timetuple()[:6]
    Path(目标).parent.mkdir(parents=True, exist_ok=True)
    with 写到旁边(Path(目标)) as tmp:
        with zipfile.ZipFile(tmp, "w") as z:
            for i, (name, data) in enumerate(sorted(files.items()), 1):
                info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
                # a non-ASCII name gets the UTF-8 flag (bit 11), which Windows 7 and later honour
                info.compress_type = zipfile.ZIP_STORED if name.endswith(_ALREADY_COMPRESSED) else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
                进度(f"  [{i}/{len(files)}] {name}")
    return Path(目标)


# --- gathering the pieces (network) ------------------------------------------------------------------------

def _pip(args: list[str], what: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check"],
                            capture_output=True, text=True, encoding="utf-8", errors="replace")
    if result.returncode:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise 安装包错误(f"{what}失败（pip 退出码 {result.returncode}）：\n{tail}")


def _下载(requirements: list[str], wheels: Path, python: str) -> None:
    _pip(["download", "--only-binary=:all:", "--platform", 平台, "--python-version", python,
          "--implementation", "cp", "-d", str(wheels), *requirements],
         f"下载 Python {python} / {平台} 的程序包（需要能访问 PyPI 或已配置的镜像）")


def 生成安装包(输出目录: Path, pythons: tuple[str, ...] = 默认Python,
             进度: Callable[[str], None] = lambda _: None) -> Path:
    """Build jixiao's wheel, download every dependency for each target Python, build the workbooks, write the zip."""
    root = 源码目录()
    with tempfile.TemporaryDirectory(prefix="jixiao-bundle-") as tmp:
        wheels, workbooks = Path(tmp) / "wheels", Path(tmp) / "workbooks"
        wheels.mkdir()
        steps = 4 + len(pythons)
        进度(f"[1/{steps}] 构建 jixiao 的 wheel（pip wheel {root} --no-deps）")
        _pip(["wheel", str(root), "--no-deps", "-q", "-w", str(wheels)], "构建 jixiao 的 wheel ")
        ours = next(wheels.glob("jixiao-*.whl"))
        for i, python in enumerate(pythons, 2):
            进度(f"[{i}/{steps}] 下载 CPython {python} / {平台} 的依赖（pip download --only-binary=:all:）")
            _下载([str(ours), f"xlwings=={XLWINGS_VERSION}", "pywin32"], wheels, python)
            for _ in range(3):  # what pip skipped for Linux markers, and what that brings in
                missing = 缺少的依赖(wheels, python)
                if not missing:
                    break
                进度(f"    补充 Windows 上才需要的依赖：{'、'.join(missing)}")
                _下载([m.split("（")[0] for m in missing], wheels, python)
            else:
                raise 安装包错误(f"Python {python} 的依赖仍不齐全：{'、'.join(缺少的依赖(wheels, python))}")
        进度(f"[{steps - 2}/{steps}] 生成工作簿（jixiao build --out …）")
        result = subprocess.run([sys.executable, "-m", "addin", "build", "--out", str(workbooks)], cwd=root,
                                capture_output=True, text=True, encoding="utf-8", errors="replace")
        if result.returncode:
            raise 安装包错误(f"jixiao build 失败：\n{result.stderr.strip()}")
        版本 = str(parse_wheel_filename(ours.name)[1])
        目标 = Path(输出目录) / f"{安装包名(版本)}.zip"
        进度(f"[{steps - 1}/{steps}] 检查依赖是否齐全（按 Windows 的环境标记）")
        for python in pythons:
            if missing := 缺少的依赖(wheels, python):
                raise 安装包错误(f"Python {python} 的依赖不齐全：{'、'.join(missing)}")
        进度(f"[{steps}/{steps}] 写入 {目标}")
        return 写安装包(目标, pythons, wheels, workbooks, root / "docs" / "用户指南.md", 进度)


def 校验Python版本(values: Iterable[str]) -> tuple[str, ...]:
    """``3.11``-style versions, 3.11 or later, without repeats (in the order given)."""
    result: list[str] = []
    for value in values:
        if not re.fullmatch(r"3\.\d{1,2}", value) or int(value.split(".")[1]) < 11:
            raise 安装包错误(f"Python 版本应写作 3.11、3.12 这样（本项目需要 3.11 或更高），而不是 {value!r}")
        if value not in result:
            result.append(value)
    return tuple(result)
