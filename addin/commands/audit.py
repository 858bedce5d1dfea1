"""``jixiao audit`` and ``jixiao profiles``: recompute and check forms, list the rule profiles."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from udfs.audit import 审核, 审核结果
from udfs.errors import 绩效自评错误
from udfs.evaluation import 体系审核, 体系结果, 评价体系
from udfs.profiles import 取口径, 口径列表
from workbook_templates import readers

from ..console import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, 两位, 控制台, 进度条

__all__ = ["audit_cmd", "profiles_cmd", "审核文件", "示例文件"]


def 示例文件() -> Path:
    """The bundled seed forms (13 real published forms, with their real mistakes)."""
    return Path(str(resources.files("udfs") / "examples" / "seed_forms.json"))


def 审核文件(paths: list[Path], 口径: str | None, on_error) -> list[审核结果 | 体系结果]:
    """Audit every form and system in ``paths``; unreadable files go to ``on_error(path, message)``."""
    results: list[审核结果 | 体系结果] = []
    progress = 进度条(paths)
    with progress:
        task = progress.add_task("审核", total=len(paths))
        for path in paths:
            try:
                for item in readers.读取(path):
                    results.append(体系审核(item) if isinstance(item, 评价体系) else 审核(item, 口径))
            except 绩效自评错误 as exc:
                on_error(path, exc.reason)
            progress.advance(task)
    return results


@click.command("audit", short_help="重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（字段见 README）。")
@click.option("--口径", "profile", default=None, metavar="NAME", help="计分口径：财政部（默认）、一体化、湖北、上海或自定义。")
@click.option("--示例", "--example", "example", is_flag=True, help="审核随附的种子表（13 张真实自评表）。")
def audit_cmd(files: tuple[Path, ...], as_json: bool, profile: str | None, example: bool) -> None:
    """重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。"""
    err = 控制台(err=True)
    if profile is not None:
        try:
            取口径(profile)
        except 绩效自评错误 as exc:
            err.print(f"[red]{exc}[/red]")
            sys.exit(EXIT_BAD_INPUT)
    paths = readers.展开文件(files)
    if example:
        paths.insert(0, 示例文件())
    if not paths:
        err.print("请给出要审核的文件或文件夹，或用 --示例 审核随附的种子表。")
        sys.exit(EXIT_BAD_INPUT)
    failed: list[tuple[Path, str]] = []
    results = 审核文件(paths, profile, lambda p, m: failed.append((p, m)))
    for path, message in failed:
        err.print(f"[red]无法读取[/red] {escape(str(path))}：{escape(message)}", highlight=False)
    forms = [r for r in results if isinstance(r, 审核结果)]
    systems = [r for r in results if isinstance(r, 体系结果)]
    if as_json:
        out: dict = {"forms": [r.as_json() for r in forms]}
        if systems:
            out["systems"] = [r.as_json() for r in systems]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        console = 控制台()
        if forms:
            打印审核表(forms, console)
        if systems:
            打印体系表(systems, console)
    errors = sum(r.计数("错误") for r in results)
    warnings = sum(r.计数("警告") for r in results)
    hints = sum(r.计数("提示") for r in results)
    err.print(
        f"共审核 {len(forms)} 张自评表、{len(systems)} 个评价体系（{len(paths) - len(failed)} 个文件）：错误 {errors} 条，警告 {warnings} 条，提示 {hints} 条"
        + (f"；{len(failed)} 个文件无法读取" if failed else "")
    )
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_FINDINGS if errors else EXIT_OK)


def 打印审核表(results: list[审核结果], console: Console) -> None:
    overview = Table(title="绩效自评表审核结果", show_lines=False)
    for col, justify in (("表单", "left"), ("项目名称", "left"), ("执行率", "right"), ("执行率得分", "right"),
                         ("总分", "right"), ("填报总分", "right"), ("等级", "center"), ("错误", "right"),
                         ("警告", "right"), ("提示", "right")):
        overview.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in results:
        rate = f"{r.执行率 * 100:.2f}%" if r.执行率 is not None else "—"
        overview.add_row(
            escape(r.id), escape(str(r.表单.项目名称 or "")), rate, 两位(r.执行率得分), 两位(r.总分), str(r.表单.总分_得分 or "—"),
            r.等级 or "—", _红(r.计数("错误")), str(r.计数("警告")), str(r.计数("提示")),
        )
    console.print(overview)
    打印发现(results, console)


def 打印体系表(results: list[体系结果], console: Console) -> None:
    overview = Table(title="绩效评价指标体系审核结果")
    for col in ("体系", "标题", "末级指标", "规则计分", "人工评分", "总分", "填报总分", "等级", "错误", "警告", "提示"):
        overview.add_column(col)
    for r in results:
        overview.add_row(
            escape(r.id), escape(r.体系.标题), str(len(r.叶)), str(sum(1 for x in r.叶 if x.来源 == "规则")),
            str(sum(1 for x in r.叶 if x.来源 == "人工")), 两位(r.总分), str(r.体系.总分_得分 or "—"), r.等级 or "—",
            _红(r.计数("错误")), str(r.计数("警告")), str(r.计数("提示")),
        )
    console.print(overview)
    打印发现(results, console)


def 打印发现(results: list, console: Console) -> None:
    for r in results:
        if not r.findings:
            continue
        title = r.表单.项目名称 if isinstance(r, 审核结果) else r.体系.标题
        table = Table(title=escape(f"{r.id}　{title or ''}"), title_justify="left", expand=False)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True)
        table.add_column("位置")
        table.add_column("说明")
        for f in r.findings:
            where = "／".join(str(v) for k, v in f.where.items() if k != "form" and v)
            style = {"错误": "red", "警告": "yellow"}.get(f.level, "")
            table.add_row(f"[{style}]{f.level}[/{style}]" if style else f.level, f.code, escape(where), escape(f.message))
        console.print(table)


def _红(n: int) -> str:
    return f"[red]{n}[/red]" if n else "0"


@click.command("profiles", short_help="列出可用的计分口径。")
def profiles_cmd() -> None:
    """列出可用的计分口径。"""
    console = 控制台()
    table = Table(title="计分口径")
    table.add_column("名称")
    table.add_column("说明")
    table.add_column("文件")
    for name in 口径列表():
        p = 取口径(name)
        table.add_row(p.名称, p.说明, p.文件)
    console.print(table)
