"""``jixiao new`` and ``jixiao export`` (registered in :mod:`addin.cli`).

Each takes files or folders, shows a progress bar on batches, ends with one
summary line on stderr and exits with a code scripts can use: 0 clean, 1 some
form has 错误-level findings, 2 some input could not be read (the rest of the
batch is still done) or the command was used wrongly, 130 interrupted (Ctrl-C).  Nothing is written over
an input file; outputs go beside their input (or into ``--out``).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from udfs.errors import 绩效自评错误
from udfs.forms import 自评表
from workbook_templates import engine, readers
from workbook_templates.readers.cells import 模板表

from .. import actions, export
from ..console import EXIT_BAD_INPUT, EXIT_OK, 失败, 展开输入, 报告输入, 控制台, 退出, 逐个
from ..export import 输出路径
from ..workbook import 文件工作簿
from ..workbook.protocol import 拆地址
from .zh import 中文命令, 可选

__all__ = ["export_cmd", "new_cmd", "自评表们", "输入"]

def 输入(paths: tuple[Path, ...], failed: list[tuple[Path, str]]) -> list[Path]:
    """The files of a batch for export, summary and new (this tool's own outputs left out), after
    saying on stderr what was skipped and what cannot be used (the latter join ``failed``)."""
    inputs = 展开输入(paths, 排除输出=True)
    报告输入(inputs, failed)
    return inputs.文件


def 自评表们(path: Path) -> list:
    """The self-evaluation forms of a file; a file of evaluation systems only is bad input here."""
    items = readers.读取(path)
    forms = [f for f in items if isinstance(f, 自评表)]
    if items and not forms:
        raise 绩效自评错误("只含绩效评价指标体系，没有项目支出绩效自评表", str(path))
    return forms


# --- jixiao new ---------------------------------------------------------------------------------


@click.command("new", cls=中文命令, short_help="按模板新建项目自评表。")
@click.argument("workbooks", nargs=-1, type=click.Path(path_type=Path), metavar="[工作簿或文件夹]...")
@click.option("--项目名称", "--name", "names", multiple=True, required=True, metavar="名称",
              help="新自评表的项目名称（可重复，每个名称一张表）。")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, metavar="文件或文件夹",
              help="输出文件（一个工作簿时）或目录；默认放在输入旁边，文件名加“_新建”。")
@click.option("--兼容版", "compat", is_flag=True, help="不给工作簿时：用兼容版模板（只用 Excel 自带公式）。")
@click.option("--金额单位", "--unit", "unit", type=可选(["万元", "元"]), default="万元", show_default=True,
              help="不给工作簿时：新工作簿的金额单位。")
@click.option("--口径", "--profile", "profile", default="财政部", show_default=True, metavar="名称",
              help="不给工作簿时：新工作簿的计分口径。")
def new_cmd(workbooks: tuple[Path, ...], names: tuple[str, ...], out: Path | None, compat: bool,
            unit: str, profile: str) -> None:
    """按模板新建项目自评表：加入已有工作簿（的副本），或新建一个工作簿；每张表列入自评清单。"""

    err = 控制台(err=True)
    if not workbooks:
        if out is None:
            失败("新建工作簿时请用 --out 指定输出文件，例如 --out 自评表.xlsx")
        try:
            wb = 文件工作簿.模板("兼容版" if compat else "函数版", 金额单位=unit, 口径=profile)
            blank = wb.表单表()
            made = [actions.新建自评表(wb, n) for n in names]
            for sheet in blank:  # a fresh workbook: the new forms replace the blank one
                wb.删除表(sheet)
            wb.删除表("自评清单")
            wb.新建清单(wb.表单表())
            wb.激活(made[0], "B4")
            target = wb.保存(out if out.suffix else out.with_suffix(".xlsx"))
        except 绩效自评错误 as exc:
            失败(str(exc))
        click.echo(str(target))
        err.print(f"已新建工作簿，{len(made)} 张自评表：{'、'.join(made)}")
        sys.exit(EXIT_OK)
    failed: list[tuple[Path, str]] = []
    paths = 输入(workbooks, failed)
    if not paths:
        sys.exit(EXIT_BAD_INPUT)
    made_total = 0

    def one(path: Path) -> None:
        nonlocal made_total
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise 绩效自评错误(f"只能在 .xlsx 或 .xlsm 工作簿中新建自评表，不支持'{path.suffix}'", str(path))
        wb = 文件工作簿(path)
        made = [actions.新建自评表(wb, n) for n in names]
        if out is not None and len(paths) == 1 and out.suffix:
            target = out
        else:
            target = 输出路径(path, "_新建", path.suffix, out)
        click.echo(str(wb.保存(target)))
        made_total += len(made)

    逐个(paths, "新建", one, failed)
    err.print(f"共处理 {len(paths)} 个工作簿，新建 {made_total} 张自评表" + (f"；{len(failed)} 个无法处理" if failed else ""),
              highlight=False)
    退出(failed, 0)


# --- jixiao export ----------------------------------------------------------------------------------

_扩展名 = {"pdf": ".pdf", "xlsx": ".xlsx", "json": ".json", "csv": ".csv"}
_后缀 = {"pdf": "", "xlsx": "_无宏版", "json": "_数据", "csv": "_指标"}


@click.command("export", cls=中文命令, short_help="导出自评表：PDF、无宏版 .xlsx、JSON 或 CSV。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[文件或文件夹]...")
@click.option("--to", "fmt", type=可选(["pdf", "xlsx", "json", "csv"]), required=True,
              help="pdf：每张表一页；xlsx：无宏版（只含数值）；json：审核所用格式；csv：每个指标一行。")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="文件夹",
              help="输出目录（默认：各输入文件旁边）。")
@click.option("--sheet", "--表", "sheet", default=None, metavar="表名", help="只导出这一张表（仅用于 --to pdf）。")
@click.option("--口径", "--profile", "profile", default=None, metavar="名称", help="校验所用的计分口径。")
def export_cmd(files: tuple[Path, ...], fmt: str, out: Path | None, sheet: str | None, profile: str | None) -> None:
    """导出自评表：PDF、无宏版 .xlsx、JSON 或 CSV（可给文件夹；批量导出 PDF 时只启动一次 LibreOffice）。"""
    err = 控制台(err=True)
    if sheet is not None and fmt != "pdf":
        失败(f"--sheet 只能与 --to pdf 一起使用（导出 {fmt} 时总是导出文件中的全部表）")
    if not files:
        失败("请给出要导出的文件或文件夹")
    failed: list[tuple[Path, str]] = []
    paths = 输入(files, failed)
    if not paths:
        sys.exit(EXIT_BAD_INPUT)
    written: list[Path] = []
    counts = {"forms": 0, "systems": 0, "errors": 0}
    with ExitStack() as stack:
        office_box: list[Any] = []

        def office() -> Any:
            # one warm LibreOffice for the whole batch, started only when needed
            if not office_box:
                started = engine.启动()  # already started: close it when the batch ends
                stack.callback(started.close)
                office_box.append(started)
            return office_box[0]

        def one(path: Path) -> None:
            target = 输出路径(path, _后缀[fmt] if not sheet else f"_{sheet}", _扩展名[fmt], out)
            items = readers.读取(path)
            forms = [x for x in items if isinstance(x, 自评表)]
            if not items:
                raise 绩效自评错误("没有可导出的自评表", str(path))
            template_sheets = 模板表(path) if path.suffix.lower() in (".xlsx", ".xlsm") else []
            if fmt == "json":
                written.append(export.写json(items, target, [path]))
            elif fmt == "csv":
                if not forms:
                    raise 绩效自评错误("只含绩效评价指标体系，没有可按指标导出的自评表", str(path))
                written.append(export.写csv(forms, target, [path], 口径=profile))
            elif fmt == "xlsx" and path.suffix.lower() in (".xlsx", ".xlsm"):
                written.append(export.写无宏版(path, target, office=_懒(office)))
            elif template_sheets:
                if sheet:
                    items = [x for x in items if _在表(x, sheet)]  # what the one page shows
                    forms = [x for x in items if isinstance(x, 自评表)]
                wb = 文件工作簿(path)
                written.append(actions.导出(wb, "pdf", 输出=target, 表=sheet, office=office()))
            else:
                # no template layout to print (JSON, text export, other layouts): fill the template
                if not forms:
                    raise 绩效自评错误("评价体系请先用 jixiao fill 填入 jixiao build 生成的评分表，再导出该工作簿", str(path))
                with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
                    filled = export.填入模板(forms, Path(tmp), path.stem)
                    if fmt == "xlsx":
                        written.append(export.写无宏版(filled, target, office=office()))
                    else:
                        wb = 文件工作簿(filled)
                        if sheet and sheet not in wb.表单表():
                            raise 绩效自评错误(f"没有名为“{sheet}”的自评表（可用：{'、'.join(wb.表单表())}）", str(path))
                        if sheet:
                            forms = [f for f in forms if _在表(f, sheet, wb)]
                        items = forms
                        written.append(wb.导出pdf([sheet] if sheet else wb.表单表(), target, office=office()))
            counts["forms"] += len(forms)
            counts["systems"] += len(items) - len(forms)
            counts["errors"] += sum(actions.审核一项(x, profile).计数("错误") for x in items)

        逐个(paths, "导出", one, failed)
    for path in written:
        click.echo(str(path))
    err.print(
        f"已导出 {len(written)} 个文件（{counts['forms']} 张自评表"
        + (f"、{counts['systems']} 个评价体系" if counts["systems"] else "") + f"，格式 {fmt}）"
        + (f"；校验发现错误 {counts['errors']} 条" if counts["errors"] else "")
        + (f"；{len(failed)} 个文件无法导出" if failed else ""),
        highlight=False,
    )
    退出(failed, counts["errors"])


def _在表(item: Any, sheet: str, filled: Any = None) -> bool:
    """Whether a form (or system) read from a workbook lies on ``sheet``; with ``filled``, the
    template workbook the forms were filled into: the form is on the sheet titled with its 项目名称."""
    if filled is not None:
        return filled.值(sheet, filled.名称区域(sheet, "项目名称") or "B3") == item.项目名称
    return any(拆地址(str(cell))[0] == sheet for cell in item.位置.values() if cell)


class _懒:
    """An Office that starts only if a workbook turns out to need computing."""

    def __init__(self, factory: Callable[[], Any]):
        self.factory = factory

    def open(self, path):
        return self.factory().open(path)
