"""``jixiao bundle`` (registered in :mod:`addin.cli`): the offline installation .zip of :mod:`addin.bundle`.

Exit codes: 0 written; 2 it could not be made (no network, not a source checkout, a bad
``--python``): the message says which step failed and why.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..bundle import 安装包错误, 校验Python版本, 生成安装包, 默认Python
from ..console import 失败, 控制台
from .zh import 中文命令

__all__ = ["bundle_cmd"]


@click.command("bundle", cls=中文命令, short_help="生成离线安装包（.zip：全部 wheel、工作簿、安装.cmd 与安装说明）。")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="文件夹",
              help="输出目录（不存在时创建）。")
@click.option("--python", "pythons", multiple=True, default=默认Python, show_default=True, metavar="3.X",
              help="目标 CPython 版本（64 位 Windows）；可重复，如 --python 3.11 --python 3.12，每多一个版本安装包约大一倍。")
def bundle_cmd(out: Path, pythons: tuple[str, ...]) -> None:
    """生成给信息部门的离线安装包：jixiao 及其全部依赖的 64 位 Windows 安装文件（wheel）、jixiao build 生成的工作簿、
    用户指南、安装.cmd / 卸载.cmd 和安装说明.txt。需要能访问 PyPI（或已配置的镜像）；安装时不需要网络。"""
    err = 控制台(err=True)
    started = time.perf_counter()
    try:
        zip_path = 生成安装包(out, 校验Python版本(pythons), 进度=lambda text: err.print(text, highlight=False, markup=False))
    except 安装包错误 as exc:
        失败(str(exc))
    click.echo(str(zip_path))
    size = zip_path.stat().st_size / 1e6
    err.print(f"已生成离线安装包（{size:.1f} MB，{time.perf_counter() - started:.0f} 秒）", highlight=False)
