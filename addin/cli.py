"""The ``jixiao`` command: the group and the table of its subcommands (:mod:`addin.commands`).

Each subcommand is imported when it runs (:data:`命令表`): ``jixiao --help`` and a JSON
audit must not pay for openpyxl, pandas, xlwings and the LibreOffice driver, which the
workbook commands need.  Exit codes are those of :mod:`addin.console`.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from .commands.zh import 中文命令组, 显示错误

__all__ = ["cli", "main", "命令表"]

# name -> (module, click command, the one-line help `jixiao --help` shows without importing it);
# tests/test_cli.py checks each line against the command's own help.
命令表: dict[str, tuple[str, str, str]] = {
    "audit": ("addin.commands.audit", "audit_cmd", "重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。"),
    "profiles": ("addin.commands.audit", "profiles_cmd", "列出可用的计分口径。"),
    "build": ("addin.commands.workbooks", "build_cmd", "生成自评表、评价体系评分表、宏工作簿和加载项。"),
    "fill": ("addin.commands.workbooks", "fill_cmd", "把表单填入 jixiao build 生成的工作簿的副本。"),
    "new": ("addin.commands.batch", "new_cmd", "按模板新建项目自评表。"),
    "export": ("addin.commands.batch", "export_cmd", "导出自评表：PDF、无宏版 .xlsx、JSON 或 CSV。"),
    "summary": ("addin.commands.summary", "summary_cmd", "部门汇总清单：预算、执行率、得分、等级与问题数。"),
    "install": ("addin.commands.install", "install_cmd", "安装加载项与宏工作簿（Windows；其他系统只显示步骤）。"),
    "uninstall": ("addin.commands.install", "uninstall_cmd", "卸载：撤销 jixiao install 记录的每一步。"),
    "bundle": ("addin.commands.bundle", "bundle_cmd", "生成离线安装包（.zip：全部 wheel、工作簿、安装.cmd 与安装说明）。"),
}


class _命令组(中文命令组):
    """A group whose subcommands are loaded from :data:`命令表` when they are used.

    It also runs click's "standalone mode" itself (:meth:`main`): errors are shown in Chinese
    (:func:`addin.commands.zh.显示错误`), and Ctrl-C ends with exit code 130 as shells expect
    (click's own handling prints "Aborted!" and exits 1).  Batches catch Ctrl-C earlier, to say
    which files were done (:func:`addin.console.逐个`).
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            显示错误(exc)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):
                click.echo("已中断（Ctrl-C），没有完成。", err=True)
                sys.exit(130)
            click.echo("已中止。", err=True)  # input closed at a question, or the answer was no
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(命令表)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in 命令表:
            return None
        module, attr, _ = 命令表[cmd_name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("命令"):
            formatter.write_dl([(name, short) for name, (_, _, short) in 命令表.items()])


@click.group(cls=_命令组, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao", prog_name="jixiao", message="%(prog)s，版本 %(version)s",
                      help="显示版本号并退出。")
def cli() -> None:
    """绩效自评助手：项目支出绩效自评表的计分、校验与导出。"""


def main() -> None:
    cli(prog_name="jixiao")
