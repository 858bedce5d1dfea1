"""What every ``jixiao`` command shares: the consoles, the progress bar, the batch loop, the exit codes.

Exit codes that scripts can rely on: 0 — done, no 错误-level findings; 1 — at least one
错误; 2 — some input could not be read (the rest of the batch was still processed) or the
command was used wrongly.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress

from udfs.errors import 绩效自评错误

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_OK", "两位", "失败", "控制台", "进度条", "逐个", "退出"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def 控制台(err: bool = False) -> Console:
    # Messages on stderr are never wrapped: scripts grep them.
    return Console(stderr=err, soft_wrap=err, width=None if sys.stdout.isatty() else 160)


def 进度条(items: list) -> Progress:
    """A progress bar on stderr for batches (hidden for one file or when not a terminal)."""
    show = len(items) > 1 and sys.stderr.isatty()
    return Progress(console=控制台(err=True), transient=True, disable=not show)


def 逐个(paths: list[Path], label: str, work: Callable[[Path], None], failed: list[tuple[Path, str]]) -> None:
    """Run ``work`` on each path with a progress bar; bad input is collected, the batch goes on."""
    err = 控制台(err=True)
    progress = 进度条(paths)
    with progress:
        task = progress.add_task(label, total=len(paths))
        for path in paths:
            try:
                work(path)
            except 绩效自评错误 as exc:
                reason = exc.reason if exc.field in (None, str(path)) else str(exc)  # the path is said once
                failed.append((path, reason))
                err.print(f"[red]无法处理[/red] {escape(str(path))}：{escape(reason)}", highlight=False)
            except Exception as exc:  # noqa: BLE001  LibreOffice failures and the like: name the file, go on
                message = f"处理时出错（{type(exc).__name__}: {exc}）"
                failed.append((path, message))
                err.print(f"[red]无法处理[/red] {escape(str(path))}：{escape(message)}", highlight=False)
            progress.advance(task)


def 失败(message: str) -> NoReturn:
    """Say what is wrong with the command line or its input, and exit 2."""
    控制台(err=True).print(f"[red]错误：[/red]{escape(message)}", highlight=False)
    sys.exit(EXIT_BAD_INPUT)


def 退出(failed: list, errors: int) -> NoReturn:
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_FINDINGS if errors else EXIT_OK)


def 两位(x: Any) -> str:
    """Scores and amounts as accountants print them: two decimals ("—" for none)."""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return "—"
    return "—" if value != value else f"{value:.2f}"
