"""``jixiao install`` / ``jixiao uninstall``: put the add-in and the workbook where Excel loads and trusts them.

What installing means on Windows (each is one :class:`步骤`):

1. check the machine before changing anything (:func:`检查项`): Python
   (3.11+), xlwings (exactly the pinned version: the VBA names its DLL),
   pywin32, Excel 2010–365 (Office 14.0/15.0/16.0 in the registry), the
   system ANSI code page (936: the VBA project's Chinese names are stored in
   it), and the xlwings DLL for Excel's bitness beside the interpreter
   (Excel's bitness from the PE header of the ``EXCEL.EXE`` that App Paths
   names, else ``Outlook\\Bitness`` / Click-to-Run ``Platform``; Python's
   bitness may differ: xlwings runs Python out of process);
2. copy ``绩效自评.xlam`` into the user's XLSTART folder
   (``%APPDATA%\\Microsoft\\Excel\\XLSTART``): Excel opens every file there at
   start-up, an add-in is loaded hidden, and XLSTART is a trusted location by
   default, so its macros are not blocked;
3. register ``文档\\绩效自评`` as a trusted location
   (``HKCU\\Software\\Microsoft\\Office\\<版本>\\Excel\\Security\\Trusted Locations\\jixiao``,
   one key for each Excel version found) and copy ``项目支出绩效自评表.xlsm`` there;
   each copy has its Mark of the Web (the ``Zone.Identifier`` stream) removed,
   which uninstalling does not restore (the file itself is removed);
4. write this Python's ``pythonw.exe`` as ``INTERPRETER_WIN`` into the user
   config files the two VBA modules read (``%USERPROFILE%\\.xlwings\\xlwings.conf``
   for the workbook, ``%USERPROFILE%\\.jixiao\\jixiao.conf`` for the add-in),
   in xlwings' own format and the ANSI code page VBA reads them in.  The
   built files are copied byte for byte: nothing machine-specific goes into a
   workbook that may be sent to a colleague;
5. record what was done in ``%LOCALAPPDATA%\\jixiao\\安装记录.json`` so that
   uninstalling removes exactly that, restores a config value it replaced,
   and keeps a workbook the user changed.

Every step works on paths and a registry object passed in, so the same plan
runs against temporary folders and a dictionary in the tests; on other
systems the command only prints the plan (a dry run).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePath, PureWindowsPath
from typing import Protocol

from addin.package import 加载项文件名, 工作簿文件名
from addin.vba_modules import XLWINGS_VERSION, jixiao版本
from workbook_templates.build import 生成
from workbook_templates.files import 原子写入, 原子复制

from .package import build_macro_files

__all__ = [
    "环境", "步骤", "检查", "放置文件", "写用户配置", "恢复用户配置", "读用户配置", "信任位置", "删除文件", "删除空文件夹", "删除信任位置", "写记录", "删除记录",
    "注册表", "字典注册表", "Windows注册表", "安装计划", "卸载计划", "演示卸载计划", "执行", "检查项", "构建来源", "安装错误", "网络标记说明", "信任位置键",
    "去除网络标记", "不恢复网络标记", "Excel版本名", "找Excel版本", "找Excel位数", "pe位数", "支持的Excel版本", "代码页说明",
]

信任位置名 = "jixiao"
记录文件名 = "安装记录.json"
网络标记说明 = (
    "关于“Microsoft 已阻止宏运行”：从网上、邮件或聊天工具下载的文件带有“网络标记”（Mark of the Web），"
    "Excel 会禁用其中的宏，函数显示 #NAME?，功能区按钮无效。"
    "请使用 jixiao install 放到“文档\\绩效自评”中的工作簿（该文件夹已设为受信任位置），"
    "或在文件上点右键 → 属性 → 勾选“解除锁定” → 确定，"
    "也可以在 PowerShell 中运行 Unblock-File 文件路径。"
)


class 安装错误(RuntimeError):
    """A step cannot be carried out; the message says what to do."""


# --- where things go -----------------------------------------------------------------------

@dataclass(frozen=True)
class 环境:
    """The folders an installation depends on, and the facts about the machine that the checks judge.

    On Windows :meth:`当前` reads them; tests and dry runs inject them."""

    appdata: PurePath  # %APPDATA%
    userprofile: PurePath  # %USERPROFILE%: xlwings' user config lives under it
    documents: PurePath  # the user's Documents folder
    localappdata: PurePath  # %LOCALAPPDATA%
    python: PurePath  # written into Interpreter_Win
    excel版本: tuple[str, ...] = ()  # Office versions with an Excel (找Excel版本); () = none found or not known
    excel位数: int | None = None  # 32 or 64; None = not known
    excel位数来源: str = ""  # where excel位数 was read, for the message
    python位数: int = struct.calcsize("P") * 8
    代码页: int | None = None  # the system ANSI code page (GetACP); None = not known
    windows: bool = True
    编码: str = "mbcs"  # VBA reads the config files in the ANSI code page (cp936 on Chinese Windows)

    @property
    def 信任位置版本(self) -> tuple[str, ...]:
        """The Office versions that get a trusted location: every supported one found (16.0 in a dry run)."""
        return tuple(v for v in self.excel版本 if v in 支持的Excel版本) or ("16.0",)

    @property
    def xlstart(self) -> PurePath:
        return self.appdata / "Microsoft" / "Excel" / "XLSTART"

    @property
    def 工作簿目录(self) -> PurePath:
        return self.documents / "绩效自评"

    @property
    def 用户配置(self) -> tuple[PurePath, PurePath]:
        """xlwings' user config files: of the workbook's module (PROJECT_NAME xlwings), of the add-in's (jixiao)."""
        return (self.userprofile / ".xlwings" / "xlwings.conf", self.userprofile / ".jixiao" / "jixiao.conf")

    @property
    def 记录(self) -> PurePath:
        return self.localappdata / "jixiao" / 记录文件名

    @classmethod
    def 当前(cls) -> 环境:
        """This machine; on anything but Windows, the placeholders a dry run prints."""
        if sys.platform != "win32":
            return cls(
                appdata=PureWindowsPath("%APPDATA%"),
                userprofile=PureWindowsPath("%USERPROFILE%"),
                documents=PureWindowsPath("%USERPROFILE%", "Documents"),
                localappdata=PureWindowsPath("%LOCALAPPDATA%"),
                python=PureWindowsPath("<安装了 jixiao 的 Python 目录>", "pythonw.exe"),
                windows=False,
            )
        env = os.environ
        registry = Windows注册表()
        versions = 找Excel版本(registry)
        bits, source = 找Excel位数(registry, versions)
        return cls(
            appdata=Path(env["APPDATA"]),
            userprofile=Path(env["USERPROFILE"]),
            documents=_documents_folder(),
            localappdata=Path(env["LOCALAPPDATA"]),
            python=_pythonw(),
            excel版本=versions,
            excel位数=bits,
            excel位数来源=source,
            代码页=_ansi_code_page(),
        )


def _pythonw() -> Path:
    # pythonw.exe has no console window; xlwings starts it for every Excel session.
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return windowless if windowless.exists() else exe


def _documents_folder() -> Path:  # pragma: no cover - Windows only
    import ctypes

    # FOLDERID_Documents: follows a Documents folder moved to another drive or to OneDrive.
    guid = (ctypes.c_byte * 16)(*bytes.fromhex("d0 9a d3 fd 8f 23 af 46 ad b4 6c 85 48 03 69 c7".replace(" ", "")))
    path = ctypes.c_wchar_p()
    if ctypes.windll.shell32.SHGetKnownFolderPath(guid, 0, None, ctypes.byref(path)) == 0:
        try:
            return Path(path.value)
        finally:
            ctypes.windll.ole32.CoTaskMemFree(path)
    return Path(os.environ["USERPROFILE"]) / "Documents"


def _ansi_code_page() -> int:  # pragma: no cover - Windows only
    import ctypes  # Windows only: deferred

    # GetACP: the code page of "Language for non-Unicode programs", in which VBA stores its source
    return int(ctypes.windll.kernel32.GetACP())


def 信任位置键(office: str) -> str:
    return rf"Software\Microsoft\Office\{office}\Excel\Security\Trusted Locations\{信任位置名}"


# --- the registry ------------------------------------------------------------------------------

class 注册表(Protocol):
    """HKEY_CURRENT_USER, as much of it as the installer uses; keys spelt ``HKEY_LOCAL_MACHINE\\…``
    can be read too (the checks look there for Excel)."""

    def 写(self, key: str, values: Mapping[str, str | int]) -> None: ...
    def 读(self, key: str) -> dict[str, str | int] | None: ...
    def 删(self, key: str) -> None: ...


@dataclass
class 字典注册表:
    """An in-memory registry (tests, dry runs)."""

    keys: dict[str, dict[str, str | int]] = field(default_factory=dict)

    def 写(self, key: str, values: Mapping[str, str | int]) -> None:
        self.keys.setdefault(key, {}).update(values)

    def 读(self, key: str) -> dict[str, str | int] | None:
        return dict(self.keys[key]) if key in self.keys else None

    def 删(self, key: str) -> None:
        self.keys.pop(key, None)


class Windows注册表:  # pragma: no cover - Windows only
    def 写(self, key: str, values: Mapping[str, str | int]) -> None:
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as k:
            for name, value in values.items():
                kind = winreg.REG_DWORD if isinstance(value, int) else winreg.REG_SZ
                winreg.SetValueEx(k, name, 0, kind, value)

    def 读(self, key: str) -> dict[str, str | int] | None:
        import winreg

        if key.startswith(_HKLM):
            # 32-bit Office on 64-bit Windows registers in the 32-bit view: look in both
            root, key = winreg.HKEY_LOCAL_MACHINE, key[len(_HKLM):]
            views = (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY)
        else:
            root, views = winreg.HKEY_CURRENT_USER, (0,)
        for view in views:
            try:
                with winreg.OpenKey(root, key, 0, winreg.KEY_READ | view) as k:
                    return {winreg.EnumValue(k, i)[0]: winreg.EnumValue(k, i)[1] for i in range(winreg.QueryInfoKey(k)[1])}
            except OSError:
                continue
        return None

    def 删(self, key: str) -> None:
        import winreg

        try:
            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, key)
        except FileNotFoundError:
            pass


# --- the machine: Excel versions, bitness, code page ----------------------------------------------

# Office's registry version -> the Excel releases that use it.  12.0 (2007) has no customUI14,
# which the ribbon needs; 16.0 covers 2016, 2019, 2021, 2024 and Microsoft 365.
Excel版本名 = {"12.0": "Excel 2007", "14.0": "Excel 2010", "15.0": "Excel 2013", "16.0": "Excel 2016–2024 / Microsoft 365"}
支持的Excel版本 = ("14.0", "15.0", "16.0")
_HKLM = "HKEY_LOCAL_MACHINE\\"
_C2R = _HKLM + r"SOFTWARE\Microsoft\Office\ClickToRun"  # Click-to-Run installs (Microsoft 365, retail) keep their keys here
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe"
_PE_MACHINE = {0x014C: 32, 0x8664: 64, 0xAA64: 64}  # IMAGE_FILE_MACHINE_I386, _AMD64, _ARM64 (PE format, COFF header)

代码页说明 = {936: "简体中文 GBK", 950: "繁体中文 Big5", 932: "日文", 949: "韩文", 1252: "西欧", 65001: "UTF-8"}


def 找Excel版本(registry: 注册表) -> tuple[str, ...]:
    """The Office versions with an Excel: installed (HKLM ``…\\Excel\\InstallRoot``, MSI or Click-to-Run)
    or run by this user (HKCU ``Software\\Microsoft\\Office\\<版本>\\Excel``)."""
    found = set()
    for version in Excel版本名:
        keys = (
            rf"{_HKLM}SOFTWARE\Microsoft\Office\{version}\Excel\InstallRoot",
            rf"{_C2R}\REGISTRY\MACHINE\Software\Microsoft\Office\{version}\Excel\InstallRoot",
            rf"Software\Microsoft\Office\{version}\Excel",
        )
        if any(registry.读(key) is not None for key in keys):
            found.add(version)
    return tuple(sorted(found, key=float))


def pe位数(path: str | os.PathLike) -> int | None:
    """32 or 64 from the Machine field of a Windows executable's COFF header (PE format); None if unreadable."""
    try:
        with open(path, "rb") as f:
            dos = f.read(0x40)
            if len(dos) < 0x40 or dos[:2] != b"MZ":
                return None
            f.seek(int.from_bytes(dos[0x3C:0x40], "little"))  # e_lfanew: the offset of "PE\0\0"
            header = f.read(6)
    except OSError:
        return None
    if header[:4] != b"PE\0\0":
        return None
    return _PE_MACHINE.get(int.from_bytes(header[4:6], "little"))


def 找Excel位数(registry: 注册表, versions: tuple[str, ...] = ()) -> tuple[int | None, str]:
    """Excel's bitness and where it was read.

    First the ``EXCEL.EXE`` that App Paths registers (the one Windows starts), by its PE header;
    then Office's own records: ``HKLM\\SOFTWARE\\Microsoft\\Office\\<版本>\\Outlook`` ``Bitness``
    (``x64``/``x86``, since Office 2010; one Office version cannot mix bitnesses, so Outlook's is
    Excel's) and Click-to-Run's ``Configuration`` ``Platform``."""
    for key in (_HKLM + _APP_PATHS, _APP_PATHS):
        exe = str((registry.读(key) or {}).get("", "")).strip().strip('"')
        if exe:
            exe = os.path.expandvars(exe)
            bits = pe位数(exe)
            if bits:
                return bits, f"{exe} 的文件头"
    for version in sorted(versions, key=float, reverse=True):
        key = rf"{_HKLM}SOFTWARE\Microsoft\Office\{version}\Outlook"
        bitness = str((registry.读(key) or {}).get("Bitness", "")).lower()
        if bitness in ("x64", "x86"):
            return (64 if bitness == "x64" else 32), f"注册表 HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Office\\{version}\\Outlook 的 Bitness"
    platform = str((registry.读(_C2R + r"\Configuration") or {}).get("Platform", "")).lower()
    if platform in ("x64", "x86"):
        return (64 if platform == "x64" else 32), "注册表中即点即用（Click-to-Run）配置的 Platform"
    return None, "注册表中没有 Excel 的位数信息"


# --- steps ---------------------------------------------------------------------------------------

@dataclass
class _上下文:
    registry: 注册表
    record: dict  # what the installer did: {"文件": {path: sha256}, "注册表": [keys]}
    messages: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class 步骤:
    说明: str

    def 执行(self, ctx: _上下文) -> None:  # pragma: no cover - every step overrides it
        raise NotImplementedError


@dataclass
class 检查(步骤):
    """One fact about the machine, judged before anything is changed."""

    项目: str
    要求: str
    实际: str
    通过: bool
    办法: str = ""  # what to do when it fails
    已检查: bool = True  # False: a Windows fact, not judged on this system (a dry run)

    @property
    def 说明(self) -> str:  # type: ignore[override]
        if not self.已检查:
            return f"检查 {self.项目}：需要 {self.要求} ——（仅在 Windows 上检查）"
        mark = "通过" if self.通过 else "未通过"
        fix = f"。办法：{self.办法}" if self.办法 and not self.通过 else ""
        return f"检查 {self.项目}：需要 {self.要求}，实际 {self.实际} —— {mark}{fix}"

    def 执行(self, ctx: _上下文) -> None:
        if not self.通过:
            fix = f"。办法：{self.办法}" if self.办法 else ""
            raise 安装错误(f"{self.项目} 不符合要求（需要 {self.要求}，实际 {self.实际}）{fix}")


def _copy_atomic(source: Path, target: Path) -> None:
    try:
        原子复制(source, target, 后缀="")  # the data only: no Zone.Identifier stream travels along
    except PermissionError:
        raise 安装错误(f"无法写入 {target}：文件正被使用（请先关闭 Excel）或没有写权限") from None


@dataclass
class 放置文件(步骤):
    源: PurePath
    目标: PurePath
    保留改动: bool = False  # a workbook the user may have filled in is never overwritten

    @property
    def 说明(self) -> str:  # type: ignore[override]
        keep = "；若该位置已有被修改过的同名文件则保留它，不覆盖" if self.保留改动 else ""
        return f"复制 {self.源.name} 到 {self.目标}{keep}"

    def 执行(self, ctx: _上下文) -> None:
        source, target = Path(self.源), Path(self.目标)
        if not source.is_file():
            raise 安装错误(f"找不到 {source}；请先运行 jixiao build")
        recorded = ctx.record.setdefault("文件", {})
        if self.保留改动 and target.exists() and recorded.get(str(target)) != _sha256(target):
            if _sha256(target) == _sha256(source):
                recorded[str(target)] = _sha256(target)
                return
            ctx.messages.append(f"{target} 已存在且不是本程序上次放置的版本（可能已填写），未覆盖；需要新模板时请先把它改名。")
            return
        _copy_atomic(source, target)
        recorded[str(target)] = _sha256(target)


def _网络标记(path: PurePath) -> Path:
    # the NTFS alternate data stream that carries the Mark of the Web: "<file>:Zone.Identifier"
    return Path(f"{path}:Zone.Identifier")


@dataclass
class 去除网络标记(步骤):
    """Remove the Mark of the Web from a file this installation placed.

    Our data-only copy carries no alternate stream, but a copy API that copies streams (CopyFile,
    Explorer) would.  A trusted location runs a marked file's macros, yet a copy the user makes
    elsewhere (Explorer copies the stream along) would be blocked: so no copy of ours keeps one.
    Not undone by uninstalling (the file is removed instead)."""

    路径: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"删除 {self.路径} 的网络标记（Zone.Identifier 数据流），使 Excel 不因“来自网络”而阻止其中的宏；卸载时不恢复"

    def 执行(self, ctx: _上下文) -> None:
        path = Path(self.路径)
        if not path.is_file() or ctx.record.get("文件", {}).get(str(path)) != _sha256(path):
            return  # not the copy this installation placed (e.g. a filled-in workbook that was kept)
        done = ctx.record.setdefault("去除网络标记", [])
        if str(path) not in done:
            done.append(str(path))
        try:
            os.remove(_网络标记(path))
        except FileNotFoundError:
            return  # no mark (or a file system without streams, FAT/exFAT)
        except OSError as exc:
            ctx.messages.append(f"未能删除 {path} 的网络标记（{exc}）；请在文件上点右键 → 属性 → 勾选“解除锁定”。")
            return
        ctx.messages.append(f"已删除 {path} 的网络标记（Zone.Identifier）。")


@dataclass
class 不恢复网络标记(步骤):
    """The uninstall plan's note that removed marks stay removed (there is nothing to restore them on)."""

    路径: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"安装时删除的 {self.路径} 的网络标记不恢复（该文件若仍是安装时的版本，会被删除）"

    def 执行(self, ctx: _上下文) -> None:
        pass  # deliberately nothing: a mark is not put back


def 读用户配置(path: Path, encoding: str) -> dict[str, str]:
    """xlwings' config file: one ``"KEY","VALUE"`` line per setting (VBA Write #)."""
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise 安装错误(f"无法读取配置文件 {path}（{exc}）") from None
    return {row[0]: row[1] for row in csv.reader(io.StringIO(text)) if len(row) >= 2 and row[0]}


def _写用户配置(path: Path, values: dict[str, str], encoding: str) -> None:
    if not values:
        path.unlink(missing_ok=True)
        return
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(values.items())
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raise 安装错误(
            f"路径中有当前系统代码页（{encoding}）无法表示的字符，VBA 读不到：{values}；请把 Python 安装到只含中英文字母的路径"
        ) from None
    原子写入(path, data)


@dataclass
class 写用户配置(步骤):
    路径: PurePath
    键: str
    值: str
    编码: str

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"在 {self.路径} 中写入 {self.键} = {self.值}（保留其中的其他设置）"

    def 执行(self, ctx: _上下文) -> None:
        path = Path(self.路径)
        values = 读用户配置(path, self.编码)
        key = next((k for k in values if k.upper() == self.键.upper()), self.键)  # xlwings: case-insensitive
        entries = ctx.record.setdefault("用户配置", [])
        entry = next((e for e in entries if e["路径"] == str(path) and e["键"].upper() == key.upper()), None)
        if entry is None:  # the first install remembers what was there before
            entries.append({"路径": str(path), "键": key, "原值": values.get(key), "新值": self.值})
        else:
            entry["新值"] = self.值
        values[key] = self.值
        _写用户配置(path, values, self.编码)


@dataclass
class 恢复用户配置(步骤):
    路径: PurePath
    键: str
    原值: str | None
    新值: str
    编码: str

    @property
    def 说明(self) -> str:  # type: ignore[override]
        what = f"恢复为安装前的 {self.原值}" if self.原值 is not None else "删除"
        return f"{self.路径} 中的 {self.键}：{what}（仅当它仍是安装时写入的值）"

    def 执行(self, ctx: _上下文) -> None:
        path = Path(self.路径)
        values = 读用户配置(path, self.编码)
        key = next((k for k in values if k.upper() == self.键.upper()), None)
        if key is None or values[key] != self.新值:
            if key is not None:
                ctx.messages.append(f"{path} 中的 {self.键} 安装后被改过，已保留。")
            return
        if self.原值 is None:
            del values[key]
        else:
            values[key] = self.原值
        _写用户配置(path, values, self.编码)


@dataclass
class 信任位置(步骤):
    键: str
    文件夹: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"把 {self.文件夹} 设为 Excel 受信任位置（注册表 HKEY_CURRENT_USER\\{self.键}）"

    def 执行(self, ctx: _上下文) -> None:
        folder = Path(self.文件夹)
        if not folder.exists():
            folder.mkdir(parents=True)
            created = ctx.record.setdefault("新建文件夹", [])
            if str(folder) not in created:
                created.append(str(folder))
        ctx.registry.写(self.键, {
            # Excel wants the folder with a trailing separator
            "Path": str(self.文件夹).rstrip("\\/") + ("\\" if isinstance(self.文件夹, PureWindowsPath) else os.sep),
            "AllowSubfolders": 1,
            "Description": "绩效自评助手（jixiao）",
            "Date": dt.datetime.now().strftime("%Y/%m/%d %H:%M"),
        })
        keys = ctx.record.setdefault("注册表", [])
        if self.键 not in keys:
            keys.append(self.键)


@dataclass
class 写记录(步骤):
    路径: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"记录安装内容到 {self.路径}（供 jixiao uninstall 使用）"

    def 执行(self, ctx: _上下文) -> None:
        ctx.record["版本"] = jixiao版本()
        原子写入(Path(self.路径), json.dumps(ctx.record, ensure_ascii=False, indent=2).encode("utf-8"))


@dataclass
class 删除文件(步骤):
    路径: PurePath
    校验值: str

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"删除 {self.路径}（仅当它仍是安装时放置的版本）"

    def 执行(self, ctx: _上下文) -> None:
        path = Path(self.路径)
        if not path.exists():
            return
        if _sha256(path) != self.校验值:
            ctx.messages.append(f"{path} 安装后被修改过（可能已填写），已保留；不需要时请自行删除。")
            return
        try:
            path.unlink()
        except PermissionError:
            raise 安装错误(f"无法删除 {path}：文件正被使用，请先关闭 Excel 再卸载") from None


@dataclass
class 删除空文件夹(步骤):
    路径: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"删除安装时新建的文件夹 {self.路径}（仅当它是空的）"

    def 执行(self, ctx: _上下文) -> None:
        try:
            Path(self.路径).rmdir()  # never a folder that still holds the user's files
        except OSError:
            if Path(self.路径).exists():
                ctx.messages.append(f"{self.路径} 中还有其他文件，已保留。")


@dataclass
class 删除信任位置(步骤):
    键: str

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"删除受信任位置（注册表 HKEY_CURRENT_USER\\{self.键}）"

    def 执行(self, ctx: _上下文) -> None:
        ctx.registry.删(self.键)


@dataclass
class 删除记录(步骤):
    路径: PurePath

    @property
    def 说明(self) -> str:  # type: ignore[override]
        return f"删除安装记录 {self.路径}"

    def 执行(self, ctx: _上下文) -> None:
        Path(self.路径).unlink(missing_ok=True)


# --- plans ----------------------------------------------------------------------------------------------

def _版本(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def 检查项(env: 环境, python_version: tuple[int, int] | None = None,
          versions: Callable[[str], str | None] = _版本, prefix: Path | None = None) -> list[检查]:
    """Everything ``jixiao install`` judges before it changes anything.

    Python and xlwings are this interpreter's; the Windows facts (pywin32, Excel's versions and
    bitness, the code page, xlwings' DLL) come from ``env`` and are listed unjudged elsewhere."""
    major, minor = python_version or sys.version_info[:2]
    xlwings = versions("xlwings")
    pywin32 = versions("pywin32")
    on_windows = env.windows
    checks = [
        检查("Python", "3.11 或更高", f"{major}.{minor}", (major, minor) >= (3, 11),
             办法="从 python.org 安装 Python 3.11 或更新的版本"),
        检查("xlwings", f"恰好 {XLWINGS_VERSION}（工作簿中的 VBA 与之配套）", xlwings or "未安装", xlwings == XLWINGS_VERSION,
             办法=f"pip install xlwings=={XLWINGS_VERSION}"),
        检查("pywin32", "已安装（xlwings 在 Windows 上需要）", pywin32 or "未安装", pywin32 is not None or not on_windows,
             办法="pip install pywin32", 已检查=on_windows),
    ]

    found = "、".join(f"{Excel版本名[v]}（{v}）" for v in env.excel版本) or "未找到"
    only_old = bool(env.excel版本) and not any(v in 支持的Excel版本 for v in env.excel版本)
    checks.append(检查(
        "Excel 版本", "Excel 2010–365（Office 14.0、15.0 或 16.0：功能区用的 customUI14 从 Excel 2010 起才有）",
        found, (not only_old and bool(env.excel版本)) or not on_windows, 已检查=on_windows,
        办法="Excel 2007 及更早的版本不支持，请升级到 Excel 2010 或更新的版本" if only_old
        else "请先安装 Excel 2010 或更新的版本，并启动一次 Excel，再运行 jixiao install",
    ))

    dlls = {bits: f"xlwings{bits}-{XLWINGS_VERSION}.dll" for bits in (64, 32)}
    fix = f"pip install --force-reinstall xlwings=={XLWINGS_VERSION}（xlwings 的 Windows 安装包同时带有 32 位和 64 位 DLL）"
    if on_windows:
        # Excel's VBA loads the DLL of its own bitness from the interpreter's folder or, for a venv, its parent
        needed = [dlls[env.excel位数]] if env.excel位数 in dlls else list(dlls.values())
        excel = (f"Excel 为 {env.excel位数} 位，据{env.excel位数来源}" if env.excel位数
                 else f"Excel 的位数未能确定（{env.excel位数来源 or '没有找到记录'}），任一种 DLL 均可")
        prefix = prefix or Path(sys.prefix)
        present = [d for d in dlls.values() if (prefix / d).exists()]
        checks.append(检查(
            "xlwings DLL",
            f"{' 或 '.join(needed)} 位于 {prefix}（{excel}；Python 为 {env.python位数} 位，"
            "可以与 Excel 不同：xlwings 在 Excel 之外运行 Python）",
            "、".join(present) or "未找到", any(d in present for d in needed), 办法=fix,
        ))
    else:
        checks.append(检查(
            "xlwings DLL",
            f"与 Excel 位数相同的 {dlls[64]}（64 位 Excel）或 {dlls[32]}（32 位 Excel）位于 Python 目录"
            "（虚拟环境则为其上一级）；Excel 的位数读自 EXCEL.EXE 的文件头或注册表，Python 的位数可以与 Excel 不同",
            "", True, 办法=fix, 已检查=False,
        ))

    code_page = env.代码页
    fix = "控制面板 › 区域 › 管理 › 非 Unicode 程序的语言 › 更改系统区域设置 › 中文(简体，中国)，确定后重新启动电脑"
    if code_page == 65001:
        fix += "；在同一对话框中取消勾选“Beta 版：使用 Unicode UTF-8 提供全球语言支持”"
    checks.append(检查(
        "系统代码页", "936（简体中文：宏工作簿与加载项中 VBA 的中文名称按此代码页保存）",
        f"{code_page}（{代码页说明.get(code_page, '其他语言')}）" if code_page else "未能读取",
        code_page == 936 or not on_windows, 办法=fix, 已检查=on_windows,
    ))
    return checks


def 安装计划(env: 环境, 来源: PurePath, **check_options) -> list[步骤]:
    """Every step of ``jixiao install``; ``来源`` holds the built .xlsm and .xlam."""
    steps: list[步骤] = list(检查项(env, **check_options))
    steps += [
        放置文件(来源 / 加载项文件名, env.xlstart / 加载项文件名),
        去除网络标记(env.xlstart / 加载项文件名),
        *(信任位置(信任位置键(version), env.工作簿目录) for version in env.信任位置版本),
        放置文件(来源 / 工作簿文件名, env.工作簿目录 / 工作簿文件名, 保留改动=True),
        去除网络标记(env.工作簿目录 / 工作簿文件名),
        *(写用户配置(path, "INTERPRETER_WIN", str(env.python), env.编码) for path in env.用户配置),
        写记录(env.记录),
    ]
    return steps


def 读记录(env: 环境) -> dict:
    path = Path(env.记录)
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise 安装错误(f"安装记录 {path} 无法读取（{exc}）；可以删除它后手工移除加载项") from None


def 卸载计划(env: 环境) -> list[步骤]:
    """Undo what the recorded installation did; nothing else."""
    record = 读记录(env)
    steps: list[步骤] = [删除文件(Path(p), h) for p, h in record.get("文件", {}).items()]
    steps += [删除信任位置(k) for k in record.get("注册表", [])]
    steps += [删除空文件夹(Path(p)) for p in record.get("新建文件夹", [])]
    steps += [恢复用户配置(Path(e["路径"]), e["键"], e["原值"], e["新值"], env.编码) for e in record.get("用户配置", [])]
    steps += [不恢复网络标记(Path(p)) for p in record.get("去除网络标记", [])]
    if record:
        steps.append(删除记录(env.记录))
    return steps


def 演示卸载计划(env: 环境) -> list[步骤]:
    """What uninstalling removes after a default installation (for a dry run without a record)."""
    return [
        删除文件(env.xlstart / 加载项文件名, ""),
        删除文件(env.工作簿目录 / 工作簿文件名, ""),
        *(删除信任位置(信任位置键(version)) for version in env.信任位置版本),
        *(恢复用户配置(path, "INTERPRETER_WIN", None, str(env.python), env.编码) for path in env.用户配置),
        不恢复网络标记(env.xlstart / 加载项文件名),
        不恢复网络标记(env.工作簿目录 / 工作簿文件名),
        删除记录(env.记录),
    ]


def 执行(steps: list[步骤], registry: 注册表, env: 环境) -> list[str]:
    """Carry out ``steps`` in order; returns notes for the user. Stops at the first failure."""
    ctx = _上下文(registry, 读记录(env))
    for step in steps:
        step.执行(ctx)
    return ctx.messages


@contextmanager
def 构建来源() -> Iterator[Path]:
    """Build the .xlsm and .xlam into a temporary folder (when no --来源 is given)."""

    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        out = Path(tmp)
        template = next(p for p in 生成(out / "模板") if p.name == "项目支出绩效自评表.xlsx")
        build_macro_files(template, out)
        yield out
