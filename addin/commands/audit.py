"""``jixiao audit`` and ``jixiao profiles``: recompute and check forms, list the rule profiles."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from udfs.audit import 审核, 审核结果
from udfs.evaluation import 体系审核, 体系结果, 评价体系
from udfs.profiles import 取口径, 口径列表, 口径说明
from workbook_templates import readers

from ..console import EXIT_BAD_INPUT, 两位, 分数, 失败, 展开输入, 报告输入, 控制台, 检查口径, 退出, 逐个
from .zh import 中文命令, 折行

__all__ = ["audit_cmd", "profiles_cmd", "审核文件", "示例文件"]


def 示例文件() -> Path:
    """The bundled seed forms (13 real published forms, with their real mistakes)."""
    return Path(str(resources.files("udfs") / "examples" / "seed_forms.json"))


def 审核文件(paths: list[Path], 口径: str | None, failed: list[tuple[Path, str]]) -> list[审核结果 | 体系结果]:
    """Audit every form and system in ``paths``; unreadable files are said and go to ``failed``."""
    results: list[审核结果 | 体系结果] = []

    def one(path: Path) -> None:
        items = readers.读取(path)
        results.extend(体系审核(item) if isinstance(item, 评价体系) else 审核(item, 口径) for item in items)

    逐个(paths, "审核", one, failed, 动词="无法读取")
    return results


@click.command("audit", cls=中文命令, short_help="重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[文件或文件夹]...")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（字段见 README）。")
@click.option("--口径", "--profile", "profile", default=None, metavar="名称",
              help=f"计分口径：{口径说明()}。")
@click.option("--示例", "--example", "example", is_flag=True, help="审核随附的种子表（13 张真实自评表）。")
def audit_cmd(files: tuple[Path, ...], as_json: bool, profile: str | None, example: bool) -> None:
    """重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。

    屏幕上按项目名称列出每张表的执行率、得分与等级，再逐条列出发现的问题；--json 输出供程序读取的结果（含表单 id）。
    退出码：0 没有错误；1 有“错误”级别的问题；2 有文件无法读取；130 按 Ctrl-C 中断。
    """
    err = 控制台(err=True)
    检查口径(profile)
    failed: list[tuple[Path, str]] = []
    inputs = 展开输入(files)
    报告输入(inputs, failed)
    paths = inputs.文件
    if example:
        paths.insert(0, 示例文件())
    if not paths:
        if not failed:
            失败("请给出要审核的文件或文件夹，或用 --示例 审核随附的种子表。")
        sys.exit(EXIT_BAD_INPUT)
    results = 审核文件(paths, profile, failed)
    forms = [r for r in results if isinstance(r, 审核结果)]
    systems = [r for r in results if isinstance(r, 体系结果)]
    if as_json:
        out: dict = {"forms": [r.as_json() for r in forms]}
        if systems:
            out["systems"] = [r.as_json() for r in systems]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        console = 控制台()
        several = len({r.表单.来源 if isinstance(r, 审核结果) else r.体系.来源 for r in results}) > 1
        if forms:
            打印审核表(forms, console, several)
        if systems:
            打印体系表(systems, console, several)
    errors = sum(r.计数("错误") for r in results)
    warnings = sum(r.计数("警告") for r in results)
    hints = sum(r.计数("提示") for r in results)
    read = len(paths) - sum(1 for p, _ in failed if p in paths)
    err.print(
        f"共审核 {len(forms)} 张自评表" + (f"、{len(systems)} 个评价体系" if systems else "")
        + f"（{read} 个文件）：错误 {errors} 条，警告 {warnings} 条，提示 {hints} 条"
        + (f"；{len(failed)} 个文件无法读取" if failed else "")
        + (f"；跳过 {len(inputs.跳过)} 个文件" if inputs.跳过 else ""),
        highlight=False,
    )
    退出(failed, errors)


def _名称(r: 审核结果 | 体系结果) -> str:
    """How the screen names a form: its 项目名称 (a system: its title); the id only if it has none."""
    name = r.表单.项目名称 if isinstance(r, 审核结果) else r.体系.标题
    return str(name).strip() if name is not None and str(name).strip() else r.id


def _总表(title: str) -> Table:
    # no borders between columns and collapsed padding: at 80 columns the name keeps some width
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)


def _数字列(table: Table, *names: str) -> None:
    for name in names:
        table.add_column(name, justify="right", no_wrap=True)


def 打印审核表(results: list[审核结果], console: Console, 注明文件: bool = False) -> None:
    overview = _总表("绩效自评表审核结果")
    _数字列(overview, "序号")
    overview.add_column("项目名称", overflow="fold", ratio=1)
    _数字列(overview, "执行率", "执行率\n得分", "总分", "填报\n总分")
    overview.add_column("等级", justify="center", no_wrap=True)
    _数字列(overview, "错误", "警告", "提示")
    for i, r in enumerate(results, 1):
        rate = f"{两位(r.执行率 * 100)}%" if r.执行率 is not None else "—"
        overview.add_row(
            str(i), Text(_名称(r)), rate, 两位(r.执行率得分), 两位(r.总分), 分数(r.表单.总分_得分),
            r.等级 or "—", _红(r.计数("错误")), str(r.计数("警告")), str(r.计数("提示")),
        )
    console.print(overview)
    打印发现(results, console, 注明文件)


def 打印体系表(results: list[体系结果], console: Console, 注明文件: bool = False) -> None:
    overview = _总表("绩效评价指标体系审核结果")
    _数字列(overview, "序号")
    overview.add_column("标题", overflow="fold", ratio=1)
    _数字列(overview, "末级\n指标", "规则\n计分", "人工\n评分", "总分", "填报\n总分")
    overview.add_column("等级", justify="center", no_wrap=True)
    _数字列(overview, "错误", "警告", "提示")
    for i, r in enumerate(results, 1):
        overview.add_row(
            str(i), Text(_名称(r)), str(len(r.叶)), str(sum(1 for x in r.叶 if x.来源 == "规则")),
            str(sum(1 for x in r.叶 if x.来源 == "人工")), 两位(r.总分), 分数(r.体系.总分_得分), r.等级 or "—",
            _红(r.计数("错误")), str(r.计数("警告")), str(r.计数("提示")),
        )
    console.print(overview)
    打印发现(results, console, 注明文件)


_级别样式 = {"错误": "bold red", "警告": "yellow", "提示": "cyan"}


def 打印发现(results: list, console: Console, 注明文件: bool = False) -> None:
    """Each finding as a head line (level, code, place) and its explanation below it, whole.

    Not a table: a table cuts or interleaves long Chinese explanations at 80 columns; here the
    explanation wraps on lines of its own, so nothing is lost at any width or when piped."""
    for i, r in enumerate(results, 1):
        if not r.findings:
            continue
        title = Text.assemble((f"{i}. {_名称(r)}", "bold"))
        source = r.表单.来源 if isinstance(r, 审核结果) else r.体系.来源
        if 注明文件 and source:
            title.append(f"（{Path(source).name}）", style="dim")
        console.print()
        console.print(title)
        for f in r.findings:
            where = "／".join(str(v) for k, v in f.where.items() if k != "form" and v)
            head = Table.grid(padding=(0, 2))
            head.add_column(no_wrap=True)
            head.add_column(no_wrap=True)
            head.add_column(overflow="fold")
            head.add_row(Text(f.level, style=_级别样式.get(f.level, "")), Text(f.code, style="bold"), Text(where))
            console.print(Padding(head, (0, 0, 0, 2), expand=False))
            # broken here rather than by rich: between Chinese characters, never inside a number or
            # before a closing mark (rich would cut "87.|83%")
            lines = 折行(f.message, max(console.width - 1, 20), " " * 6)
            console.print(Text("\n".join(lines)), overflow="ignore", crop=False)


def _红(n: int) -> str:
    return f"[red]{n}[/red]" if n else "0"


@click.command("profiles", cls=中文命令, short_help="列出可用的计分口径。")
def profiles_cmd() -> None:
    """列出可用的计分口径。"""
    console = 控制台()
    table = Table(title="计分口径")
    table.add_column("名称", no_wrap=True)
    table.add_column("说明", overflow="fold")
    table.add_column("文件", overflow="fold")
    for name in 口径列表():
        p = 取口径(name)
        table.add_row(p.名称, p.说明, p.文件)
    console.print(table)
