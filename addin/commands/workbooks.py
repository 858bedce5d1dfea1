"""``jixiao build`` and ``jixiao fill`` (registered in :mod:`addin.cli`).

Exit codes as the rest of the command: 0 done, 2 input that cannot be used
(the message says which file and why).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import click

from udfs.errors import 绩效自评错误
from udfs.evaluation import 评价体系
from workbook_templates import readers
from workbook_templates.build import 生成
from workbook_templates.fill import 填入
from workbook_templates.system_build import 生成体系
from workbook_templates.system_fill import 填入体系

from ..console import 不读的原因, 失败, 类型名
from ..lite import 写Lite包
from ..package import build_macro_files, 打包
from .zh import 中文命令, 可选

__all__ = ["build_cmd", "fill_cmd"]

@click.command("build", cls=中文命令, short_help="生成自评表、评价体系评分表、宏工作簿和加载项。")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="文件夹",
              help="输出目录（不存在时创建）。")
@click.option("--金额单位", "--unit", "unit", default="万元", show_default=True,
              type=可选(["万元", "元"]), help="模板默认的金额单位。")
@click.option("--口径", "--profile", "profile", default="财政部", show_default=True, metavar="名称",
              help="模板默认的计分口径。")
def build_cmd(out: Path, unit: str, profile: str) -> None:
    """生成项目支出绩效自评表和绩效评价指标体系评分表工作簿：函数版（调用本项目的 Excel 函数）和兼容版（只用 Excel 自带公式）。"""
    started = time.perf_counter()
    try:
        paths = 生成(out, 金额单位=unit, 口径=profile)
        # the macro workbook and the add-in are packaged from the 函数版, by the last writer
        paths += build_macro_files(paths[0], out)
        paths += 生成体系(out)  # the 绩效评价指标体系评分表, both variants
        paths.append(写Lite包(out))  # 绩效自评_Lite.zip: personal modules for the xlwings Lite add-in
    except 绩效自评错误 as exc:
        失败(str(exc))
    for path in paths:
        click.echo(str(path))
    books = sum(p.suffix != ".zip" for p in paths)
    extra = "和 xlwings Lite 包" if len(paths) > books else ""
    click.echo(f"已生成 {books} 个工作簿{extra}（{time.perf_counter() - started:.2f} 秒）", err=True)


def _填入宏工作簿(workbook: Path, forms: list, out: Path, profile: str | None, data: Path):
    """openpyxl drops the ribbon and gives new sheets no codeName: repackage its output last."""
    if out.resolve() in (workbook.resolve(), data.resolve()):
        失败(f"输出文件不能是输入文件：{out}")
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "filled.xlsm"
        result = 填入(workbook, forms, staged, 口径=profile, 不可覆盖=[data])
        打包(staged, out)
    result.输出 = out
    return result


def _体系(forms: list, data: Path) -> bool:
    systems = sum(1 for f in forms if isinstance(f, 评价体系))
    if systems and systems < len(forms):
        失败(f"{data} 中既有自评表又有评价体系；请分别填入两种模板")
    return bool(systems)


_模板类型 = (".xlsx", ".xlsm")


@click.command("fill", cls=中文命令, short_help="把表单填入 jixiao build 生成的工作簿的副本。")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path), metavar="模板工作簿")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path), metavar="表单文件")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="输出的工作簿（不能是输入文件；已存在时须加 --覆盖）。")
@click.option("--覆盖", "--force", "force", is_flag=True, help="--out 指定的文件已存在时覆盖它。")
@click.option("--口径", "--profile", "profile", default=None, metavar="名称",
              help="各表的计分口径（默认：表单自己的口径，否则财政部）。")
def fill_cmd(workbook: Path, data: Path, out: Path, force: bool, profile: str | None) -> None:
    """把表单（审核命令的 JSON，或由模板生成的 .xlsx）填入 jixiao build 生成的工作簿的副本：每张表一个工作表，并更新自评清单。

    评价体系（JSON 文件中的评价体系，或由评价体系模板生成的 .xlsx）填入 绩效评价指标体系评分表.xlsx，每个体系一个工作表。
    """
    if not workbook.exists():
        失败(f"模板工作簿不存在（{workbook}）")
    if workbook.suffix.lower() not in _模板类型:
        失败(f"{workbook.name} 是 {类型名(workbook)}，不能作模板：模板应是 jixiao build 生成的 .xlsx 或 .xlsm 工作簿")
    if not data.exists():
        失败(f"表单文件不存在（{data}）")
    if data.suffix.lower() not in readers.读取器:
        失败(f"表单文件 {data.name}：{不读的原因(data)}")
    if out.exists() and not any(out.resolve() == p.resolve() for p in (workbook, data) if p.exists()) and not force:
        失败(f"输出文件已存在（{out}）：要覆盖它请加 --覆盖（--force），或用 --out 指定新文件")
    try:
        forms = readers.读取(data)
        if _体系(forms, data):  # evaluation systems go into the 绩效评价指标体系评分表
            result = 填入体系(workbook, forms, out, 不可覆盖=[data])
        elif workbook.suffix.lower() == ".xlsm":
            result = _填入宏工作簿(workbook, forms, out, profile, data)
        else:
            result = 填入(workbook, forms, out, 口径=profile, 不可覆盖=[data])
    except 绩效自评错误 as exc:
        失败(str(exc))
    for note in result.提示:
        click.echo(f"提示：{note}", err=True)
    click.echo(str(result.输出))
    click.echo(f"已填入 {len(result.表名)} 张表：{'、'.join(result.表名)}", err=True)
