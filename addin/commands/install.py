"""``jixiao install`` and ``jixiao uninstall`` (registered in :mod:`addin.cli`).

On Windows they carry out the plan of :mod:`addin.install`; anywhere else, or
with ``--演练``, they print the plan and change nothing.  Exit codes: 0 done
(or planned), 2 a check failed or a step could not be carried out.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path, PureWindowsPath

import click

from ..install import (
    Windows注册表,
    卸载计划,
    安装计划,
    安装错误,
    执行,
    构建来源,
    检查,
    演示卸载计划,
    环境,
    网络标记说明,
)
from ..package import 加载项文件名, 工作簿文件名
from ..vba_modules import jixiao版本
from .zh import 中文命令

__all__ = ["install_cmd", "uninstall_cmd"]

EXIT_OK, EXIT_FAILED = 0, 2


def _列出(steps, title: str) -> None:
    click.echo(title)
    for i, step in enumerate(steps, 1):
        click.echo(f"  {i}. {step.说明}")


def _演练说明(env: 环境, 安装: bool = False) -> None:
    if not env.windows:
        click.echo("当前系统不是 Windows：以上是在 Windows 上会执行的步骤，本次没有做任何改动。")
        if 安装:
            click.echo("标有“仅在 Windows 上检查”的各项在 Windows 上改动之前检查，任何一项未通过都不会做改动；"
                       "受信任位置按找到的每个 Excel 版本（14.0、15.0、16.0）各写一项，这里以 16.0 为例。")
    else:
        click.echo("演练：以上步骤没有执行，本次没有做任何改动。")


@click.command("install", cls=中文命令, short_help="安装加载项与宏工作簿（Windows；其他系统只显示步骤）。")
@click.option("--来源", "--from", "source", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="文件夹",
              help="jixiao build 生成的目录（含 .xlsm 与 .xlam）；省略时现场生成。")
@click.option("--演练", "--dry-run", "dry_run", is_flag=True, help="只列出步骤，不做改动（非 Windows 系统上总是如此）。")
def install_cmd(source: Path | None, dry_run: bool) -> None:
    """安装 Excel 加载项“绩效自评”，并把宏工作簿放到受信任位置（Windows）。"""
    env = 环境.当前()
    planned_from = source or PureWindowsPath("<临时目录：现场生成的工作簿与加载项>")
    steps = 安装计划(env, planned_from)
    _列出(steps, f"安装绩效自评助手 {_版本()}：")
    if dry_run or not env.windows:
        click.echo("")
        click.echo(网络标记说明)
        _演练说明(env, 安装=True)
        sys.exit(EXIT_OK)

    failed = [s for s in steps if isinstance(s, 检查) and not s.通过]
    if failed:
        for s in failed:
            click.echo(f"错误：{s.说明}", err=True)
        click.echo("本次没有做任何改动。请按上面的办法处理后再运行 jixiao install"
                   "（pip install jixiao 会装上配套的 xlwings 与 pywin32）。", err=True)
        sys.exit(EXIT_FAILED)
    if source is not None:
        missing = [n for n in (加载项文件名, 工作簿文件名) if not (source / n).is_file()]
        if missing:
            click.echo(f"错误：{source} 中缺少 {'、'.join(missing)}；请先运行 jixiao build --out {source}", err=True)
            sys.exit(EXIT_FAILED)
    try:
        with nullcontext(source) if source is not None else 构建来源() as built:
            notes = 执行(安装计划(env, built), Windows注册表(), env)
    except 安装错误 as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_FAILED)
    for note in notes:
        click.echo(f"提示：{note}")
    click.echo("")
    click.echo(f"已安装。请重新启动 Excel：功能区会出现“绩效自评”选项卡；工作簿在 {env.工作簿目录}。")
    click.echo(网络标记说明)


@click.command("uninstall", cls=中文命令, short_help="卸载：撤销 jixiao install 记录的每一步。")
@click.option("--演练", "--dry-run", "dry_run", is_flag=True, help="只列出步骤，不做改动（非 Windows 系统上总是如此）。")
def uninstall_cmd(dry_run: bool) -> None:
    """卸载 jixiao install 安装的内容（保留被修改过的工作簿）。"""
    env = 环境.当前()
    try:
        steps = 卸载计划(env)
    except 安装错误 as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_FAILED)
    if not steps:
        if dry_run or not env.windows:
            _列出(演示卸载计划(env), "卸载绩效自评助手（按默认安装位置）：")
            _演练说明(env)
        else:
            click.echo("没有找到安装记录，无需卸载。")
        sys.exit(EXIT_OK)
    _列出(steps, "卸载绩效自评助手：")
    if dry_run or not env.windows:
        _演练说明(env)
        sys.exit(EXIT_OK)
    try:
        notes = 执行(steps, Windows注册表(), env)
    except 安装错误 as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_FAILED)
    for note in notes:
        click.echo(f"提示：{note}")
    click.echo("已卸载。重新启动 Excel 后“绩效自评”选项卡消失。")


def _版本() -> str:
    return jixiao版本()
