"""``jixiao summary``: the department's summary list over a batch of forms (pandas, native charts).

Choices made here, and why:

* The same form twice (same 项目名称, 实施单位 and 年度 — a workbook and its JSON export in one
  folder, a form sent twice) is counted once, and every copy left out is named with the file it
  came from.  Refusing would stop a 主管部门's whole summary over a harmless copy; counting it
  twice would inflate the totals silently.  When the copies differ, the message says how (总分
  97.50 / 98.00) and which one was counted, so a corrected second version is not missed.
* Years are kept apart, not refused: a folder holding two years gets a 合计 and a 平均 per year
  (:func:`addin.summary.写汇总`) and one line per year here.  Comparing years is a legitimate use;
  adding them up is not, and is not done.
* Every form is in the grade counts, those without a grade as 未评级.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from udfs.audit import 审核, 审核结果
from udfs.errors import 绩效自评错误

from .. import summary
from ..console import EXIT_BAD_INPUT, 两位, 失败, 控制台, 检查口径, 退出, 逐个
from ..export import 输出路径
from .batch import 自评表们, 输入
from .zh import 中文命令

__all__ = ["summary_cmd", "默认输出"]


def 默认输出(first: Path) -> Path:
    """Beside the folder ("文件夹名_汇总.xlsx") or beside the first file; resolved (no "批次/..")."""
    first = first.resolve()
    if first.is_dir():
        return first.parent / f"{first.name}_汇总.xlsx"
    return 输出路径(first, "_汇总", ".xlsx")


@click.command("summary", cls=中文命令, short_help="部门汇总清单：预算、执行率、得分、等级与问题数。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[文件或文件夹]...")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="文件",
              help="输出的汇总工作簿（默认：文件夹旁边的“文件夹名_汇总.xlsx”，或第一个文件旁边）。")
@click.option("--口径", "--profile", "profile", default=None, metavar="名称", help="计分口径（默认：各表自己的口径）。")
def summary_cmd(files: tuple[Path, ...], out: Path | None, profile: str | None) -> None:
    """部门汇总清单：各项目的预算、执行、执行率、得分、等级与问题数，合计与图表（可给文件夹）。

    同一项目（项目名称、实施单位、年度都相同）出现多次时只计一次，并列出未计入的副本；不同年度的表分别合计，不相加。
    """
    err = 控制台(err=True)
    检查口径(profile)
    if not files:
        失败("请给出要汇总的文件或文件夹")
    out = (默认输出(files[0]) if out is None else out).resolve()
    if any(p.exists() and out == p.resolve() for p in files):
        失败(f"输出文件不能是输入文件：{out}")
    failed: list[tuple[Path, str]] = []
    paths = [p for p in 输入(files, failed) if p.resolve() != out]  # last run's summary in the folder
    if not paths:
        if not failed:
            失败("没有可汇总的自评表")
        sys.exit(EXIT_BAD_INPUT)  # what is wrong with the input was just said
    items: list[tuple[str, 审核结果]] = []

    def one(path: Path) -> None:
        for form in 自评表们(path):
            items.append((path.name, 审核(form, profile)))

    逐个(paths, "汇总", one, failed)
    if not items:
        err.print("没有可汇总的自评表" + (f"；{len(failed)} 个文件无法读取" if failed else ""), highlight=False)
        sys.exit(EXIT_BAD_INPUT)
    items, copies = summary.去重(items)
    for c in copies:
        differs = c.差异
        name = escape(str(c.结果.表单.项目名称))
        where = (f"在 {escape(c.来源)} 与 {escape(c.计入来源)} 中都有" if c.来源 != c.计入来源
                 else f"在 {escape(c.来源)} 中出现两次")
        if differs:
            err.print(f"[yellow]重复（内容不同）：[/yellow]《{name}》{where}，项目名称、实施单位、年度相同，"
                      f"但 {escape('，'.join(differs))}；只计入 {escape(c.计入来源)} 中的一份，请确认哪一份是最终版",
                      highlight=False)
        else:
            err.print(f"重复：《{name}》{where}（内容相同），只计一次", highlight=False)
    note = f"另有 {len(copies)} 张重复的表只计一次" if copies else None
    try:
        target = summary.写汇总(items, out, 说明=note)
    except 绩效自评错误 as exc:
        失败(str(exc))
    df = summary.汇总表(items)
    years = summary.年度们(df)
    table = Table(title="部门项目支出绩效自评汇总", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  collapse_padding=True)
    table.add_column("序号", justify="right", no_wrap=True)
    table.add_column("项目名称", overflow="fold", ratio=1)
    several = len(years) > 1  # the 年度 column only when it tells something
    for name in ("年度",) * several + ("全年\n预算数\n（万元）", "执行率", "执行率\n得分", "总分", "等级", "错误", "警告"):
        table.add_column(name, justify="center" if name == "等级" else "right", no_wrap=True)
    for row in df.itertuples(index=False):
        rec = dict(zip(summary.列, row))
        rate = rec["执行率"]
        table.add_row(
            str(rec["序号"]), Text(str(rec["项目名称"])), *[summary.年度标签(rec["年度"]).removesuffix("年")] * several,
            两位(rec["全年预算数（万元）"]), f"{两位(rate * 100)}%" if rate is not None else "—", 两位(rec["执行率得分"]),
            两位(rec["总分"]), rec["等级"] if isinstance(rec["等级"], str) else "—",
            str(rec["错误"]), str(rec["警告"]),
        )
    控制台().print(table)
    click.echo(str(target))
    errors = int(df["错误"].sum())
    read = len(paths) - sum(1 for p, _ in failed if p in paths)
    err.print(
        f"共汇总 {len(df)} 张自评表（{read} 个文件" + (f"，重复的 {len(copies)} 张只计一次" if copies else "") + "）："
        + _等级计数(df) + f"；错误 {errors} 条" + (f"；{len(failed)} 个文件无法读取" if failed else ""),
        highlight=False,
    )
    if len(years) > 1:
        err.print(f"这些表分属 {len(years)} 个年度，汇总表按年度分别合计：", highlight=False)
        for year in years:
            part = df[df["年度"].isna()] if year is None else df[df["年度"] == year]
            err.print(f"  {summary.年度标签(year)}：{len(part)} 张，{_等级计数(part)}", highlight=False)
    退出(failed, errors)


def _等级计数(df) -> str:
    """"优 12、良 0、中 0、差 0、未评级 1": every form counted."""
    grades = df["等级"].fillna(summary.未评级)
    return "、".join(f"{g} {int((grades == g).sum())}" for g in (*summary.等级顺序, summary.未评级))
