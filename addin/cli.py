"""The ``jixiao`` command.

Exit codes that scripts can rely on: 0 — no 错误-level findings; 1 — at
least one 错误; 2 — some input could not be read (the rest was still
processed) or the command was used wrongly.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from udfs.audit import 审核, 审核结果
from udfs.errors import 绩效自评错误
from udfs.profiles import 取口径, 口径列表

from . import sources

__all__ = ["main", "cli"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def 示例文件() -> Path:
    """The bundled seed forms (13 real published forms, with their real mistakes)."""
    return Path(str(resources.files("udfs") / "examples" / "seed_forms.json"))


def _console(err: bool = False) -> Console:
    return Console(stderr=err, soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _进度(items: list, label: str):
    """A progress bar on stderr for batches (hidden for one file or when not a terminal)."""
    show = len(items) > 1 and sys.stderr.isatty()
    progress = Progress(console=_console(err=True), transient=True, disable=not show)
    return progress, label


def _数(d) -> str:
    if d is None:
        return "—"
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao", prog_name="jixiao")
def cli() -> None:
    """绩效自评助手：项目支出绩效自评表的计分、校验与导出。"""


def 审核文件(paths: list[Path], 口径: str | None, on_error) -> list[审核结果]:
    """Audit every form in ``paths``; unreadable files go to ``on_error(path, message)``."""
    results: list[审核结果] = []
    progress, _ = _进度(paths, "审核")
    with progress:
        task = progress.add_task("审核", total=len(paths))
        for path in paths:
            try:
                for form in sources.读取(path):
                    results.append(审核(form, 口径))
            except 绩效自评错误 as exc:
                on_error(path, str(exc))
            progress.advance(task)
    return results


@cli.command("audit")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（字段见 README）。")
@click.option("--口径", "profile", default=None, metavar="NAME", help="计分口径：财政部（默认）、一体化、湖北、上海或自定义。")
@click.option("--示例", "--example", "example", is_flag=True, help="审核随附的种子表（13 张真实自评表）。")
def audit_cmd(files: tuple[Path, ...], as_json: bool, profile: str | None, example: bool) -> None:
    """重算并校验自评表（JSON 或由模板生成的 .xlsx；可给文件夹）。"""
    err = _console(err=True)
    if profile is not None:
        try:
            取口径(profile)
        except 绩效自评错误 as exc:
            err.print(f"[red]{exc}[/red]")
            sys.exit(EXIT_BAD_INPUT)
    paths = sources.展开文件(files)
    if example:
        paths.insert(0, 示例文件())
    if not paths:
        err.print("请给出要审核的文件或文件夹，或用 --示例 审核随附的种子表。")
        sys.exit(EXIT_BAD_INPUT)
    failed: list[tuple[Path, str]] = []
    results = 审核文件(paths, profile, lambda p, m: failed.append((p, m)))
    for path, message in failed:
        err.print(f"[red]无法读取[/red] {path}：{message}")
    if as_json:
        click.echo(json.dumps({"forms": [r.as_json() for r in results]}, ensure_ascii=False, indent=2))
    else:
        打印审核表(results, _console())
    errors = sum(r.计数("错误") for r in results)
    warnings = sum(r.计数("警告") for r in results)
    hints = sum(r.计数("提示") for r in results)
    err.print(
        f"共审核 {len(results)} 张表（{len(paths) - len(failed)} 个文件）：错误 {errors} 条，警告 {warnings} 条，提示 {hints} 条"
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
        rate = f"{_数(r.执行率 * 100)}%" if r.执行率 is not None else "—"
        overview.add_row(
            r.id, str(r.表单.项目名称 or ""), rate, _数(r.执行率得分), _数(r.总分), str(r.表单.总分_得分 or "—"),
            r.等级 or "—", _红(r.计数("错误")), str(r.计数("警告")), str(r.计数("提示")),
        )
    console.print(overview)
    for r in results:
        if not r.findings:
            continue
        table = Table(title=f"{r.id}　{r.表单.项目名称 or ''}", title_justify="left", expand=False)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True)
        table.add_column("位置")
        table.add_column("说明")
        for f in r.findings:
            where = "／".join(str(v) for k, v in f.where.items() if k != "form" and v)
            style = {"错误": "red", "警告": "yellow"}.get(f.level, "")
            table.add_row(f"[{style}]{f.level}[/{style}]" if style else f.level, f.code, where, f.message)
        console.print(table)


def _红(n: int) -> str:
    return f"[red]{n}[/red]" if n else "0"


@cli.command("profiles")
def profiles_cmd() -> None:
    """列出可用的计分口径。"""
    console = _console()
    table = Table(title="计分口径")
    table.add_column("名称")
    table.add_column("说明")
    table.add_column("文件")
    for name in 口径列表():
        p = 取口径(name)
        table.add_row(p.名称, p.说明, p.文件)
    console.print(table)


def main() -> None:
    cli(prog_name="jixiao")


if __name__ == "__main__":
    main()
