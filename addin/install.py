"""``jixiao install`` / ``jixiao uninstall``: put the add-in and the workbook where Excel loads and trusts them.

What installing means on Windows (each is one :class:`步骤`):

1. check Python (3.11+), xlwings (exactly the pinned version: the VBA names
   its DLL), pywin32, and that xlwings' DLL sits next to the interpreter;
2. copy ``绩效自评.xlam`` into the user's XLSTART folder
   (``%APPDATA%\\Microsoft\\Excel\\XLSTART``): Excel opens every file there at
   start-up, an add-in is loaded hidden, and XLSTART is a trusted location by
   default, so its macros are not blocked;
3. register ``文档\\绩效自评`` as a trusted location
   (``HKCU\\Software\\Microsoft\\Office\\<版本>\\Excel\\Security\\Trusted Locations\\jixiao``)
   and copy ``项目支出绩效自评表.xlsm`` there;
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
    """The folders and versions an installation depends on."""

    appdata: PurePath  # %APPDATA%
    userprofile: PurePath  # %USERPROFILE%: xlwings' user config lives under it
    documents: PurePath  # the user's Documents folder
    localappdata: PurePath  # %LOCALAPPDATA%
    python: PurePath  # written into Interpreter_Win
    office: str = "16.0"  # Office 2016, 2019, 2021 and Microsoft 365 all use 16.0
    windows: bool = True
    编码: str = "mbcs"  # VBA reads the config files in the ANSI code page (cp936 on Chinese Windows)

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
        return cls(
            appdata=Path(env["APPDATA"]),
            userprofile=Path(env["USERPROFILE"]),
            documents=_documents_folder(),
            localappdata=Path(env["LOCALAPPDATA"]),
            python=_pythonw(),
            office=_office_version(),
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


def _office_version() -> str:  # pragma: no cover - Windows only
    import winreg

    found = []
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Office") as office:
            for i in range(winreg.QueryInfoKey(office)[0]):
                name = winreg.EnumKey(office, i)
                try:
                    winreg.OpenKey(office, name + r"\Excel").Close()
                    found.append(name)
                except OSError:
                    pass
    except OSError:
        pass
    versions = [v for v in found if v.replace(".", "").isdigit()]
    return max(versions, key=lambda v: float(v)) if versions else "16.0"


def 信任位置键(office: str) -> str:
    return rf"Software\Microsoft\Office\{office}\Excel\Security\Trusted Locations\{信任位置名}"


# --- the registry ------------------------------------------------------------------------------

class 注册表(Protocol):
    """HKEY_CURRENT_USER, as much of it as the installer uses."""

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

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as k:
                return {winreg.EnumValue(k, i)[0]: winreg.EnumValue(k, i)[1] for i in range(winreg.QueryInfoKey(k)[1])}
        except FileNotFoundError:
            return None

    def 删(self, key: str) -> None:
        import winreg

        try:
            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, key)
        except FileNotFoundError:
            pass


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
    项目: str
    要求: str
    实际: str
    通过: bool

    @property
    def 说明(self) -> str:  # type: ignore[override]
        mark = "通过" if self.通过 else "未通过"
        return f"检查 {self.项目}：需要 {self.要求}，实际 {self.实际} —— {mark}"

    def 执行(self, ctx: _上下文) -> None:
        if not self.通过:
            raise 安装错误(f"{self.项目} 不符合要求（需要 {self.要求}，实际 {self.实际}）")


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
    """The version checks: Python, xlwings, pywin32 and xlwings' DLL beside the interpreter."""
    major, minor = python_version or sys.version_info[:2]
    xlwings = versions("xlwings")
    pywin32 = versions("pywin32")
    checks = [
        检查("Python", "3.11 或更高", f"{major}.{minor}", (major, minor) >= (3, 11)),
        检查("xlwings", f"恰好 {XLWINGS_VERSION}（工作簿中的 VBA 与之配套）", xlwings or "未安装", xlwings == XLWINGS_VERSION),
    ]
    if env.windows:
        checks.append(检查("pywin32", "已安装（xlwings 在 Windows 上需要）", pywin32 or "未安装", pywin32 is not None))
        prefix = prefix or Path(sys.prefix)
        dlls = [f"xlwings64-{XLWINGS_VERSION}.dll", f"xlwings32-{XLWINGS_VERSION}.dll"]
        found = [d for d in dlls if (prefix / d).exists()]
        checks.append(检查("xlwings DLL", f"{' 或 '.join(dlls)} 位于 {prefix}", "、".join(found) or "未找到", bool(found)))
    else:
        checks.append(检查("pywin32", "已安装（仅在 Windows 上检查）", pywin32 or "未安装（本机不是 Windows）", True))
    return checks


def 安装计划(env: 环境, 来源: PurePath, **check_options) -> list[步骤]:
    """Every step of ``jixiao install``; ``来源`` holds the built .xlsm and .xlam."""
    steps: list[步骤] = list(检查项(env, **check_options))
    steps += [
        放置文件(来源 / 加载项文件名, env.xlstart / 加载项文件名),
        信任位置(信任位置键(env.office), env.工作簿目录),
        放置文件(来源 / 工作簿文件名, env.工作簿目录 / 工作簿文件名, 保留改动=True),
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
    if record:
        steps.append(删除记录(env.记录))
    return steps


def 演示卸载计划(env: 环境) -> list[步骤]:
    """What uninstalling removes after a default installation (for a dry run without a record)."""
    return [
        删除文件(env.xlstart / 加载项文件名, ""),
        删除文件(env.工作簿目录 / 工作簿文件名, ""),
        删除信任位置(信任位置键(env.office)),
        *(恢复用户配置(path, "INTERPRETER_WIN", None, str(env.python), env.编码) for path in env.用户配置),
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
