"""``jixiao summary``: the department's summary list over a batch of forms (pandas, native charts)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from udfs.audit import 审核, 审核结果
from udfs.errors import 绩效自评错误
from udfs.profiles import 取口径

from .. import summary
from ..console import EXIT_BAD_INPUT, 两位, 失败, 控制台, 退出, 逐个
from ..export import 输出路径
from .batch import 展开, 自评表们

__all__ = ["summary_cmd"]



@click.command("summary", short_help="部门汇总清单：预算、执行率、得分、等级与问题数。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="输出的汇总工作簿（默认：文件夹旁边的“文件夹名_汇总.xlsx”，或第一个文件旁边）。")
@click.option("--口径", "--profile", "profile", default=None, metavar="NAME", help="计分口径（默认：各表自己的口径）。")
def summary_cmd(files: tuple[Path, ...], out: Path | None, profile: str | None) -> None:
    """部门汇总清单：各项目的预算、执行、执行率、得分、等级与问题数，合计与图表（可给文件夹）。"""



    err = 控制台(err=True)
    if profile is not None:
        try:
            取口径(profile)
        except 绩效自评错误 as exc:
            失败(str(exc))
    paths = 展开(files)
    if not paths:
        失败("请给出要汇总的文件或文件夹")
    if out is None:
        first = files[0]
        out = (first.absolute().parent / f"{first.absolute().name}_汇总.xlsx" if first.is_dir()
               else 输出路径(first, "_汇总", ".xlsx"))
    if any(out.absolute() == p.absolute() for p in files):
        失败(f"输出文件不能是输入文件：{out}")
    paths = [p for p in paths if p.absolute() != out.absolute()]  # last run's summary in the folder
    failed: list[tuple[Path, str]] = []
    items: list[tuple[str, 审核结果]] = []

    def one(path: Path) -> None:
        for form in 自评表们(path):
            items.append((path.name, 审核(form, profile)))

    逐个(paths, "汇总", one, failed)
    if not items:
        err.print("没有可汇总的自评表" + (f"；{len(failed)} 个文件无法读取" if failed else ""))
        sys.exit(EXIT_BAD_INPUT)
    try:
        target = summary.写汇总(items, out)
    except 绩效自评错误 as exc:
        失败(str(exc))
    df = summary.汇总表(items)
    table = Table(title="部门项目支出绩效自评汇总")
    for name in ("序号", "项目名称", "全年预算数（万元）", "执行率", "执行率得分", "总分", "等级", "错误", "警告"):
        table.add_column(name, justify="left" if name == "项目名称" else "right")
    for row in df.itertuples(index=False):
        rate = row[9]
        table.add_row(
            str(row[0]), escape(str(row[1])), 两位(row[7]), f"{rate * 100:.2f}%" if rate is not None else "—",
            两位(row[10]), 两位(row[12]), row[13] if isinstance(row[13], str) else "—", str(row[15]), str(row[16]),
        )
    控制台().print(table)
    click.echo(str(target))
    errors = int(df["错误"].sum())
    grades = "、".join(f"{g} {int((df['等级'] == g).sum())}" for g in summary.等级顺序)
    err.print(
        f"共汇总 {len(items)} 张自评表（{len(paths) - len(failed)} 个文件）：{grades}；错误 {errors} 条"
        + (f"；{len(failed)} 个文件无法读取" if failed else "")
    )
    退出(failed, errors)


