"""The ribbon's actions, written once against :class:`addin.workbook.工作簿`.

Each action has the name of its ribbon button (新建自评表, 新增指标行, 重新计算,
校验, 汇总清单, 帮助; the two export buttons run 导出 with a format).  It takes
the workbook interface: :mod:`addin.buttons` calls it with the workbook Excel
runs the button in, the ``jixiao`` commands and the tests with an openpyxl
workbook (:class:`addin.workbook.文件工作簿`).

Every action reports bad input as a Chinese message (an alert in Excel), never
a traceback; none writes over the file it read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl.formula.translate import Translator

from udfs.audit import 审核
from udfs.errors import 表单格式有误
from udfs.evaluation import 体系审核, 评价体系
from udfs.findings import 级别, 结果概要, 结果表列, 结果表名
from udfs.forms import 自评表
from workbook_templates import readers
from workbook_templates.fill import 表名候选
from workbook_templates.form_layout import 字段列, 清单样, 版式表
from workbook_templates.sheetkit import 表引用

from . import export, summary
from .workbook import 工作簿, 拆地址

__all__ = [
    "新建自评表", "新增指标行", "重新计算", "校验", "导出", "汇总清单", "帮助", "帮助文件", "读取表单", "审核一项",
    "结果表名",
]

_复制表头 = ("主管部门", "实施单位", "年度", "金额单位", "口径")


def _出错(message: str, where: str = "工作簿") -> 表单格式有误:
    return 表单格式有误(message, where)


def _版式名(wb: 工作簿) -> str:
    """函数版 or 兼容版: the workbook's template marker, else what its form sheets look like."""


    marker = (wb.模板标记() or "").partition("|")[0]
    if marker in 版式表:
        return marker
    for sheet in wb.表单表():
        table = wb.名称区域(sheet, "指标表")
        if table:
            r1 = int("".join(ch for ch in table.split(":")[0] if ch.isdigit()))
            for col in "DEFGH":
                if wb.值(sheet, f"{col}{r1 - 1}") == "指标性质":
                    return "兼容版"
        return "函数版"
    return "函数版"


def _行号(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()))


def _列(ref: str) -> str:
    return "".join(ch for ch in ref if ch.isalpha())


# --- 新建自评表 -----------------------------------------------------------------------------


def 新建自评表(wb: 工作簿, 项目名称: str) -> str:
    """Add a form sheet from the template, named after 项目名称 (unique), listed in 自评清单.

    Existing sheets are not changed (the 自评清单 gets one more row).  The header
    fields that are the same for a unit (主管部门, 实施单位, 年度, 金额单位, 口径)
    are taken from the first existing form.  Returns the new sheet's name.
    """



    if 项目名称 is None or not str(项目名称).strip():
        raise _出错("请填写项目名称（工作表以项目名称命名）", "项目名称")
    项目名称 = str(项目名称).strip()
    forms = wb.表单表()
    name = 表名候选(项目名称, set(wb.表名()))
    wb.新建表单(name, _版式名(wb), forms[-1] if forms else None)
    wb.写(name, wb.名称区域(name, "项目名称") or "B3", 项目名称)
    if forms:
        first = forms[0]
        for field in _复制表头:
            src, dst = wb.名称区域(first, field), wb.名称区域(name, field)
            value = wb.值(first, src) if src else None
            if dst and value not in (None, ""):
                wb.写(name, dst, value)
    if "自评清单" in wb.表名():
        _清单加行(wb, name, 清单样)
    else:
        wb.新建清单([*forms, name])
    wb.激活(name, wb.名称区域(name, "主管部门") or "B4")
    return name


def _清单加行(wb: 工作簿, name: str, 清单样) -> None:
    """One more row in the 自评清单, in the same form as the rows `jixiao build` writes."""
    r = 4
    while wb.值("自评清单", f"A{r}") not in (None, "") or wb.公式("自评清单", f"B{r}"):
        r += 1
    k = r - 3
    spec = 清单样([name] * k)  # the cells of row k only depend on that row's sheet
    if r > 4:
        wb.复制格式("自评清单", r - 1, r, 8)
    for g in spec.格们:
        first = g.ref.split(":")[0]
        if _行号(first) != r:
            continue
        if g.链接:
            wb.链接("自评清单", first, g.链接, str(g.值))
        else:
            wb.写("自评清单", first, g.值)


# --- 新增指标行 ------------------------------------------------------------------------------


def _所在合并(merges: list[str], col: str, row: int) -> tuple[int, int] | None:
    for m in merges:
        first, _, last = m.partition(":")
        if not last:
            continue
        if _列(first) == col == _列(last) and _行号(first) <= row <= _行号(last):
            return _行号(first), _行号(last)
    return None


def 新增指标行(wb: 工作簿, 表: str | None = None, 行: int | None = None) -> int:
    """Insert a blank indicator row at the end of the 二级 group of the selected row.

    The new row lies inside every range that spans the table (the name 指标表, the
    SUMs of 分值 and 得分, validations, conditional formats), the 一级/二级 merges
    grow over it, and its computed cells get the formulas of the row above.
    Returns the new row's number.
    """




    if 表 is None or 行 is None:
        selected = wb.选中()
        if selected is None:
            raise _出错("请先在自评表中选中某个二级指标所在的行", "选区")
        表, 行 = 表 or selected[0], 行 or _行号(selected[1])
    table = wb.名称区域(表, "指标表") if 表 in wb.表名() else None
    if table is None:
        raise _出错(f"工作表“{表}”不是由模板生成的自评表（没有名称“指标表”），无法插入指标行", 表 or "选区")
    first, _, last = table.partition(":")
    r1, r2 = _行号(first), _行号(last)
    if not r1 <= 行 <= r2:
        raise _出错(f"所选的第{行}行不在绩效指标表中（第{r1}–{r2}行）；请选中某个二级指标所在的行", f"{表}!{行}")
    if r1 == r2:
        raise _出错("指标表只有一行，无法在其中插入；请用 jixiao fill 重新生成该表", 表)
    v = 版式表[_版式名(wb)]
    cols = 字段列(v)
    c1, c2 = cols["一级"], cols["二级"]
    merges = wb.合并区域(表)
    a, b = _所在合并(merges, c2, 行) or (行, 行)
    p, q = _所在合并(merges, c1, 行) or (行, 行)
    # Insert inside the ranges that span the table: below the group, or — for the table's
    # last group — above its last row (whose inputs then move down into the new row).
    x = b + 1 if b < r2 else b
    wb.插入行(表, x)
    if x == b + 1:
        for col, (s, e) in ((c2, (a, b)), (c1, (p, q))):
            if e == b:  # the group ended where we inserted: the merge did not grow
                if s < e:
                    wb.取消合并(表, f"{col}{s}:{col}{e}")
                wb.合并(表, f"{col}{s}:{col}{x}")
        blank = x
    else:
        for col, (s, e) in ((c2, (a, b)), (c1, (p, q))):
            if s == e == b:  # a one-row group: its label moved down with the row
                label = wb.值(表, f"{col}{b + 1}")
                wb.写(表, f"{col}{b + 1}", None)
                wb.写(表, f"{col}{b}", label)
                wb.合并(表, f"{col}{b}:{col}{b + 1}")
        inputs = [c for k, c in cols.items() if k not in ("一级", "二级") and not _是计算列(wb, 表, f"{c}{b + 1}")]
        for col in inputs:  # the group's last row goes back above the new blank row
            value = wb.值(表, f"{col}{b + 1}")
            wb.写(表, f"{col}{b}", value, 文本=True)
            wb.写(表, f"{col}{b + 1}", None)
        blank = b + 1
    # formulas of the computed cells, from a neighbouring indicator row
    source = blank - 1 if blank - 1 >= r1 else blank + 1
    for col in cols.values():
        formula = wb.公式(表, f"{col}{source}")
        if formula and not wb.公式(表, f"{col}{blank}"):
            moved = Translator(formula, origin=f"{col}{source}").translate_formula(f"{col}{blank}")
            wb.写(表, f"{col}{blank}", moved)
    wb.激活(表, f"{cols['三级']}{blank}")
    return blank


def _是计算列(wb: 工作簿, 表: str, 地址: str) -> bool:
    return wb.公式(表, 地址) is not None


# --- 重新计算 --------------------------------------------------------------------------------


def 重新计算(wb: 工作簿) -> dict[str, Any]:
    """Recompute every form; returns {sheet: 总分 shown}.  Outside Excel the scores are written
    into the saved file as the formulas' values."""
    wb.计算()
    out = {}
    for sheet in wb.表单表():
        ref = wb.名称区域(sheet, "总得分")
        out[sheet] = wb.值(sheet, ref) if ref else None
    return out


# --- 校验 ------------------------------------------------------------------------------------


def 读取表单(wb: 工作簿) -> list:
    """Every form in the workbook as the audit reads it (template sheets and other layouts)."""


    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        return readers.读取(wb.快照(Path(tmp)))


def 审核一项(item: Any, 口径: str | None) -> Any:
    """A form's audit, or an evaluation system's (the template builds both kinds of sheet)."""



    return 体系审核(item) if isinstance(item, 评价体系) else 审核(item, 口径)


def _名称(r: Any) -> str:
    item = getattr(r, "表单", None) or r.体系
    return str(getattr(item, "项目名称", None) or getattr(item, "标题", None) or item.id)


def 校验(wb: 工作簿, 口径: str | None = None) -> list:
    """Audit every form (and evaluation system); write the 校验结果 sheet and mark the cells
    (old marks cleared first).

    Only conditional formats are added to the form sheets — no value, formula or
    cell format the user typed is changed.  Returns the audit results.
    """
    results = [审核一项(item, 口径) for item in 读取表单(wb)]
    wb.清除标记()
    if 结果表名 in wb.表名():
        wb.删除表(结果表名)
    wb.新建表(结果表名)
    counts = {lv: sum(r.计数(lv) for r in results) for lv in 级别}
    systems = sum(1 for r in results if not hasattr(r, "表单"))
    what = f"{len(results) - systems} 张自评表" + (f"、{systems} 个评价体系" if systems else "")
    rows: list[list[Any]] = [[结果表名], [结果概要(what, counts)], list(结果表列)]
    links: list[tuple[int, str, str]] = []
    marks: dict[str, dict[str, str]] = defaultdict(dict)  # sheet -> cell -> worst level
    n = 0
    for r in results:
        form = getattr(r, "表单", None) or r.体系
        home = next((拆地址(p)[0] for p in form.位置.values() if "!" in p), None)
        for f in r.findings:
            n += 1
            sheet, addr = 拆地址(f.where["cell"]) if f.where.get("cell") else (home, "")
            sheet = sheet or home
            place = "／".join(str(f.where[k]) for k in ("row", "column") if f.where.get(k))
            rows.append([n, f.level, sheet or "", _名称(r), addr, place, f.message, f.code])
            if sheet and addr:
                links.append((3 + n, sheet, addr))
                if f.level in ("错误", "警告") and sheet in wb.表名():
                    worst = marks[sheet].get(addr)
                    if worst != "错误":
                        marks[sheet][addr] = f.level
    wb.写区域(结果表名, "A1", rows)
    for row, sheet, addr in links:
        wb.链接(结果表名, f"E{row}", f"{表引用(sheet)}!{addr}", addr)
    wb.样式(结果表名, f"A3:H{max(3, 3 + n)}", 列宽={"A": 6, "B": 7, "C": 24, "D": 30, "E": 8, "F": 26, "G": 70, "H": 24})
    wb.样式(结果表名, "A3:H3", 加粗=True)
    for sheet, cells in marks.items():
        for level in ("错误", "警告"):
            wb.标记(sheet, [c for c, lv in cells.items() if lv == level], level)
    wb.激活(结果表名, "A1")
    return results


# --- 导出 ------------------------------------------------------------------------------------

_导出后缀 = {"pdf": ("", ".pdf"), "xlsx": ("_无宏版", ".xlsx"), "json": ("_数据", ".json"), "csv": ("_指标", ".csv")}


def 导出(wb: 工作簿, 格式: str, *, 输出: Path | None = None, 表: str | None = None, office: Any = None) -> Path:
    """Export the workbook's forms: pdf (one form per page), xlsx (无宏版), json, csv.

    The output goes next to the workbook with a clear suffix (``X.pdf``,
    ``X_无宏版.xlsx``, ``X_数据.json``, ``X_指标.csv``) unless ``输出`` names it.
    """


    if 格式 not in _导出后缀:
        raise _出错(f"不支持的导出格式'{格式}'（可用：pdf、xlsx、json、csv）", "格式")
    if 输出 is None:
        if wb.路径 is None:
            raise _出错("请先保存工作簿：导出的文件放在工作簿旁边", "工作簿")
        suffix, ext = _导出后缀[格式]
        if 表 and 格式 == "pdf":
            suffix = f"_{表}"
        输出 = export.输出路径(wb.路径, suffix, ext)
    if wb.路径 is not None and Path(输出).absolute() == wb.路径.absolute():
        raise _出错("输出文件不能是工作簿本身", str(输出))
    if 格式 == "pdf":
        sheets = [表] if 表 else _打印表(wb) or _表单所在表(wb)
        if 表 and 表 not in wb.表名():
            raise _出错(f"没有名为“{表}”的工作表", 表)
        if not sheets:
            raise _出错("工作簿中没有自评表", "工作簿")
        return wb.导出pdf(sheets, Path(输出), office=office)
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        snapshot = wb.快照(Path(tmp))
        if 格式 == "xlsx":
            return export.写无宏版(snapshot, Path(输出), office=office)


        items = readers.读取(snapshot)
        if 格式 == "json":
            return export.写json(items, Path(输出))
        return export.写csv(_自评表(items), Path(输出))


def _打印表(wb: 工作簿) -> list[str]:
    """Template sheets to print: forms (name 指标表) and evaluation systems (name 体系表)."""
    return [s for s in wb.表名() if wb.名称区域(s, "指标表") or wb.名称区域(s, "体系表")]


def _自评表(items: list) -> list:


    return [x for x in items if isinstance(x, 自评表)]


def _表单所在表(wb: 工作簿) -> list[str]:
    """Sheets holding forms of other layouts (found by their labels)."""
    seen: list[str] = []
    for form in 读取表单(wb):
        for p in form.位置.values():
            sheet = 拆地址(p)[0]
            if sheet and sheet not in seen:
                seen.append(sheet)
            break
    return seen


# --- 汇总清单 --------------------------------------------------------------------------------


def 汇总清单(wb: 工作簿, 输出: Path | None = None, 口径: str | None = None) -> Path:
    """The department summary of the workbook's forms, written next to it (``X_汇总.xlsx``) and opened."""




    forms = _自评表(读取表单(wb))
    if not forms:
        raise _出错("工作簿中没有可汇总的自评表", "工作簿")
    results = [审核(f, 口径) for f in forms]
    if 输出 is None:
        base = wb.路径 or Path(tempfile.gettempdir()) / "自评表.xlsx"
        输出 = export.输出路径(base, "_汇总", ".xlsx")
    source = str(wb.路径.name) if wb.路径 else "当前工作簿"
    path = summary.写汇总([(source, r) for r in results], Path(输出))
    wb.打开(path)
    return path


# --- 帮助 ------------------------------------------------------------------------------------

指南文件名 = "用户指南.md"


def 帮助文件() -> Path:
    """Where the user guide is: $JIXIAO_GUIDE, the checkout's docs/, or an installed copy."""
    candidates: list[Path] = []
    if os.environ.get("JIXIAO_GUIDE"):
        candidates.append(Path(os.environ["JIXIAO_GUIDE"]))
    here = Path(__file__).resolve().parent
    candidates += [
        here.parent / "docs" / 指南文件名,  # a checkout or an editable install
        here / "docs" / 指南文件名,  # shipped inside the package
        here / "data" / 指南文件名,
        Path(sys.prefix) / "share" / "jixiao" / 指南文件名,  # data_files of an installed wheel
        Path(sys.prefix) / "share" / "doc" / "jixiao" / 指南文件名,
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise _出错("找不到使用说明（" + "、".join(str(p) for p in candidates) + "）；请重新安装绩效自评助手", 指南文件名)


def _打开文件(path: Path) -> None:
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]  # the user's default viewer
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def 帮助(opener: Callable[[Path], None] | None = None) -> Path:
    path = 帮助文件()
    (opener or _打开文件)(path)
    return path
