"""What every ``jixiao`` command shares: the consoles, the inputs of a batch, the progress bar, the
batch loop, the number formats and the exit codes.

Exit codes that scripts can rely on: 0 — done, no 错误-level findings; 1 — at least one
错误; 2 — some input could not be read (the rest of the batch was still processed) or the
command was used wrongly; 130 — interrupted with Ctrl-C (what was finished is kept, nothing
half-written is left: every output is written to a temporary file and renamed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from udfs.errors import 绩效自评错误
from udfs.profiles import 取口径
from workbook_templates import readers

__all__ = [
    "检查口径",
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "两位",
    "分数",
    "失败",
    "展开输入",
    "报告输入",
    "控制台",
    "支持的类型",
    "不读的原因",
    "类型名",
    "输出后缀",
    "输入清单",
    "进度条",
    "逐个",
    "退出",
]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def 控制台(err: bool = False) -> Console:
    """stdout: as wide as the terminal, or 160 columns (``COLUMNS`` if set) when piped; text wraps,
    nothing is cut.  stderr: never wrapped (scripts grep its lines)."""
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    return Console(stderr=err, soft_wrap=err, width=width)


def 进度条(items: list) -> Progress:
    """A progress bar on stderr for batches (hidden for one file or when not a terminal)."""
    show = len(items) > 1 and sys.stderr.isatty()
    return Progress(console=控制台(err=True), transient=True, disable=not show)


# --- the inputs of a batch ------------------------------------------------------------------------


def 支持的类型() -> str:
    """The file types the readers take, from their table: ".json .xlsx .xlsm .xls .txt .tsv，及本工具导出的
    .csv 指标清单" (a .csv is read only when it is one)."""
    return " ".join(t for t in readers.读取器 if t != ".csv") + "，及本工具导出的 .csv 指标清单"


# file types the readers do not take: what they are, and what to do (the readers' table decides
# what is read; these only make the message true and useful)
_其他类型 = {
    ".et": ("WPS 表格文件", "请在 WPS 中另存为 .xlsx 后再处理"),
    ".ods": ("LibreOffice 表格", "请另存为 .xlsx 后再处理"),
    ".csv": ("CSV 文件", "只读取本工具导出的指标清单（jixiao export --to csv）；自评表请用 .xlsx、.xls 或制表符分隔的 .txt 文本导出"),
    ".pdf": ("PDF 文件", "请提供自评表的 .xlsx 或 JSON"),
    ".doc": ("Word 文档", "请提供自评表的 .xlsx 或 JSON"),
    ".docx": ("Word 文档", "请提供自评表的 .xlsx 或 JSON"),
    ".wps": ("WPS 文字文档", "请提供自评表的 .xlsx 或 JSON"),
}


_读取的类型名 = {".xls": "Excel 97-2003 工作簿", ".json": "JSON 文件", ".txt": "文本文件", ".tsv": "文本文件"}


def 类型名(path: Path) -> str:
    """What kind of file ``path`` is, for messages: "Excel 97-2003 工作簿（.xls）", ".xyz 文件"."""
    suffix = path.suffix.lower()
    if suffix in _其他类型:
        return f"{_其他类型[suffix][0]}（{path.suffix}）"
    if suffix in _读取的类型名:
        return f"{_读取的类型名[suffix]}（{path.suffix}）"
    return f"{path.suffix} 文件" if path.suffix else "没有扩展名的文件"


# files this tool writes: left out when a folder is expanded for export, summary and new, so a
# second run does not read its own outputs (audit reads them: a 无宏版 is a form like any other)
输出后缀 = ("_无宏版.xlsx", "_汇总.xlsx", "_数据.json", "_新建.xlsx", "_新建.xlsm", "_指标.csv")


def 不读的原因(path: Path) -> str:
    """Why the readers do not take ``path`` (its type, or a lock file of Excel)."""
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return "Excel 或 WPS 打开工作簿时留下的临时锁定文件"
    if name.startswith("."):
        return "隐藏文件"
    if suffix in _其他类型:
        return f"{类型名(path)}无法读取：{_其他类型[suffix][1]}"
    if not suffix:
        return f"没有扩展名，无法判断文件类型（支持 {支持的类型()}）"
    return f"不支持的文件类型 {path.suffix}（支持 {支持的类型()}）"


@dataclass
class 输入清单:
    """The files of a batch: those to process, those left out of folders (with why), and those
    named on the command line that cannot be used (missing, another type): bad input."""

    文件: list[Path] = field(default_factory=list)
    跳过: list[tuple[Path, str]] = field(default_factory=list)
    无效: list[tuple[Path, str]] = field(default_factory=list)
    空文件夹: list[Path] = field(default_factory=list)


def 展开输入(paths: Iterable[Path], 排除输出: bool = False) -> 输入清单:
    """Files as given, folders replaced by the files the readers take (:func:`readers.展开文件`);
    every other file found in a folder is listed in ``跳过`` with the reason, and so is each hidden
    folder inside it (.git, .venv …: what is in them is not looked at)."""
    out = 输入清单()
    for p in map(Path, paths):
        if p.is_dir():
            hidden, files = _文件夹内容(p)
            taken = [f for f in readers.展开文件([p]) if not any(h in f.parents for h in hidden)]
            kept = [f for f in taken if not (排除输出 and f.name.endswith(输出后缀))]
            out.文件 += kept
            out.跳过 += [(f, "本工具生成的输出文件") for f in taken if f not in kept]
            chosen = set(taken)
            out.跳过 += [(f, 不读的原因(f)) for f in files if f not in chosen]
            out.跳过 += [(h, "隐藏文件夹，其中的文件不处理") for h in hidden]
            if not taken:
                out.空文件夹.append(p)
        elif not p.exists():
            out.无效.append((p, "文件不存在"))
        elif p.suffix.lower() not in readers.读取器:
            out.无效.append((p, 不读的原因(p)))
        else:
            out.文件.append(p)
    return out


def _文件夹内容(folder: Path) -> tuple[list[Path], list[Path]]:
    """The hidden folders inside ``folder`` (not entered) and every other file in it, sorted."""
    hidden: list[Path] = []
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        hidden += [base / d for d in dirs if d.startswith(".")]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += [base / n for n in names]
    return sorted(hidden), sorted(files)


def 报告输入(inputs: 输入清单, failed: list[tuple[Path, str]]) -> None:
    """Say on stderr what was skipped and what cannot be used; the latter joins ``failed``."""
    err = 控制台(err=True)
    for path, reason in inputs.跳过:
        err.print(f"跳过 {escape(str(path))}：{escape(reason)}", highlight=False)
    for path, reason in inputs.无效:
        err.print(f"[red]错误：[/red]{escape(reason)}（{escape(str(path))}）", highlight=False)
        failed.append((path, reason))
    for folder in inputs.空文件夹:
        err.print(f"[red]错误：[/red]文件夹里没有可处理的文件（支持 {支持的类型()}）：{escape(str(folder))}",
                  highlight=False)
        failed.append((folder, "文件夹里没有可处理的文件"))


# --- the batch loop -------------------------------------------------------------------------------


def 逐个(paths: list[Path], label: str, work: Callable[[Path], None], failed: list[tuple[Path, str]],
       动词: str = "无法处理") -> None:
    """Run ``work`` on each path with a progress bar; bad input is collected, the batch goes on.

    Ctrl-C ends the batch with exit code 130 and one line saying how many files were done and
    which were not (the outputs of those done are kept; the one being written is not left half
    written: see :func:`workbook_templates.files.写到旁边`)."""
    err = 控制台(err=True)
    progress = 进度条(paths)
    done = 0
    try:
        with progress:
            task = progress.add_task(label, total=len(paths))
            for path in paths:
                try:
                    work(path)
                except 绩效自评错误 as exc:
                    reason = exc.reason if exc.field in (None, str(path)) else str(exc)  # the path is said once
                    failed.append((path, reason))
                    err.print(f"[red]{动词}[/red] {escape(str(path))}：{escape(reason)}", highlight=False)
                except (KeyboardInterrupt, SystemExit):
                    raise
                except Exception as exc:  # noqa: BLE001  LibreOffice failures and the like: name the file, go on
                    message = f"处理时出现意外错误，请把这一行报告给开发者（{type(exc).__name__}: {exc}）"
                    failed.append((path, message))
                    err.print(f"[red]{动词}[/red] {escape(str(path))}：{escape(message)}", highlight=False)
                done += 1
                progress.advance(task)
    except KeyboardInterrupt:
        left = paths[done:]
        err.print(
            f"[red]已中断（Ctrl-C）：[/red]已处理 {done} 个文件，未处理 {len(left)} 个："
            + escape("、".join(str(p) for p in left))
            + "。已处理文件的结果已保存，未处理的文件没有输出，也没有留下写了一半的文件。",
            highlight=False,
        )
        sys.exit(EXIT_INTERRUPTED)


def 失败(message: str) -> NoReturn:
    """Say what is wrong with the command line or its input, and exit 2."""
    控制台(err=True).print(f"[red]错误：[/red]{escape(message)}", highlight=False)
    sys.exit(EXIT_BAD_INPUT)


def 检查口径(profile: str | None) -> None:
    """A --口径 the command cannot use ends it (exit 2) before any file is read."""
    if profile is not None:
        try:
            取口径(profile)
        except 绩效自评错误 as exc:
            失败(str(exc))


def 退出(failed: list, errors: int) -> NoReturn:
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_FINDINGS if errors else EXIT_OK)


# --- numbers --------------------------------------------------------------------------------------

_分 = Decimal("0.01")


def _小数(x: Any) -> Decimal | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        value = Decimal(str(x).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def 两位(x: Any) -> str:
    """Scores and amounts as accountants print them: two decimals, half up ("—" for none)."""
    value = _小数(x)
    return "—" if value is None else str(value.quantize(_分, rounding=ROUND_HALF_UP))


def 分数(x: Any) -> str:
    """A score as the form states it, in the same format as the computed ones ("97.5" → "97.50");
    text that is not a number is shown as written, nothing as "—"."""
    if x is None or (isinstance(x, str) and not x.strip()):
        return "—"
    value = _小数(x)
    return str(x).strip() if value is None else str(value.quantize(_分, rounding=ROUND_HALF_UP))
