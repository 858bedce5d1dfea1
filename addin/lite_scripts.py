"""The xlwings Lite scripts (校验, 新增指标行, 自检), written against Lite's ``book`` object.

Shipped in 绩效自评_Lite.zip as ``jixiao_lite_scripts.py``; the generated module
(:mod:`addin.lite`) registers one ``@script`` per action that calls :func:`运行` with the
action and the template's layout (header texts, names), which the generator takes from
``workbook_templates.form_layout`` at build time.  This module imports only the standard
library and the core (``udfs``): no xlwings (the book is handed in), no openpyxl.

What a Lite script sees is a snapshot of the workbook: cell *values* (what Excel shows,
formulas already computed), sheet-scoped names, the selection — no formulas, merges or
formats; what it writes is queued and applied by Excel when the script ends.  So:

* 校验 reads each sheet made from the template (函数版 or 兼容版: the sheet-scoped names
  项目名称 … 资金表 and 指标表, columns by the header texts above the tables) with the values
  Excel shows, audits it with :func:`udfs.audit.审核` and writes the 校验结果 sheet in the
  classic add-in's columns.  The 一级/二级 labels of merged cells are carried down the table
  (the snapshot has the label in the first row of a merge only).  Unlike the classic button
  it marks no cells (Lite's object model has no conditional formats, and fills would change
  the user's formats) and reads neither evaluation-system sheets nor other units' layouts.
* 新增指标行 inserts a whole row inside the selected 二级 group (so Excel grows the group's
  merges, the name 指标表, validations and sums), and copies the computed columns' formulas
  from the row above with ``copy_from(..., "formulas")``.
* 修复函数公式 rewrites the 函数版's formulas that show #NAME? with the functions' Lite names
  (``=总分(`` is ``=总得分(`` in Lite; and should Excel not bind a Chinese name stored in a file to
  the add-in's function, re-entering the formula does), from the layout's formula table.
* 自检 writes 自检报告: the Python side (versions, profiles, every function called and
  compared with the results computed at build time) and, as formulas Excel computes after
  the script, every function called from a cell.

The subset of the book API used: ``book.sheets`` (iterate, ``[name]``, ``add(name=, after=)``),
``sheet.name``, ``sheet.names`` (``len``, ``[i]``, ``.name``, ``.refers_to_range``),
``sheet.range((r1, c1), (r2, c2)).options(ndim=2, err_to_str=True).value`` (get; set with ``.value``), ``sheet.range("5:5")
.insert(shift, copy_origin)``, ``range.copy_from(source, copy_type)``, ``range.font.bold``,
``range.number_format`` (set), ``range.select()``, ``sheet.activate()``, ``sheet.clear()``, ``book.app.selection``,
``book.app.alert(...)``.
"""

from __future__ import annotations

import platform
import re
import sys
from typing import Any

import udfs
from udfs.amounts import 是占位符
from udfs.audit import 审核
from udfs.errors import 绩效自评错误, 表单格式有误
from udfs.findings import 级别, 结果概要, 结果表列, 结果表名
from udfs.forms import 指标行, 自评表, 资金行, 资金行名称
from udfs.profiles import 取口径, 口径列表
from udfs.tables import 组合实际值, 组合指标值

__all__ = ["运行", "校验", "审核全部", "读取表单", "新增指标行", "修复函数公式", "自检", "结果表名", "自检表名", "表引用", "列名"]

自检表名 = "自检报告"
标题 = "绩效自评助手"
通过 = "OK"


# --- cells ------------------------------------------------------------------------------------


def 列名(col: int) -> str:
    """1 → A, 28 → AB."""
    name = ""
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def 表引用(title: str) -> str:
    """A sheet name as written in a reference: quoted unless plain (as workbook_templates.sheetkit)."""
    if re.fullmatch(r"[^\W\d]\w*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _文字(value: Any) -> Any:
    """A text written into a cell stays a text (Excel would read "=…" as a formula)."""
    return "'" + value if isinstance(value, str) and value.startswith("=") else value


def _错误为空(x: Any) -> Any:
    return None if isinstance(x, str) and x.startswith("#") else x


def _写(sheet: Any, row: int, col: int, rows: list[list[Any]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    block = [list(r) + [None] * (width - len(r)) for r in rows]
    sheet.range((row, col), (row + len(block) - 1, col + width - 1)).value = block


class _表:
    """One sheet of the snapshot: its sheet-scoped names and the values Excel shows."""

    def __init__(self, sheet: Any):
        self.sheet, self.名 = sheet, sheet.name
        self.ref = 表引用(sheet.name)
        self.名称: dict[str, tuple[int, int, int, int]] = {}
        names = sheet.names
        for i in range(len(names)):
            n = names[i]
            try:
                rng = n.refers_to_range
            except Exception:  # a name that refers to no range (a constant, #REF!)
                continue
            rows, cols = rng.shape
            self.名称[n.name.rsplit("!", 1)[-1]] = (rng.row, rng.column, rng.row + rows - 1, rng.column + cols - 1)
        self._块: list[list[Any]] | None = None

    @property
    def _值(self) -> list[list[Any]]:
        if self._块 is None:  # one read of the area the names span, and the helper columns right of it
            last_row = max([r2 for _, _, r2, _ in self.名称.values()] + [1]) + 2
            last_col = max([c2 for _, _, _, c2 in self.名称.values()] + [1]) + 16
            # error cells as their text (#NAME? …), as a file reader sees them, not as empty cells
            rng = self.sheet.range((1, 1), (last_row, last_col))
            self._块 = rng.options(ndim=2, err_to_str=True).value or [[]]
        return self._块

    def 有(self, name: str) -> bool:
        return name in self.名称

    def 区域(self, name: str) -> tuple[int, int, int, int]:
        if name not in self.名称:
            raise 表单格式有误(f"工作表“{self.名}”缺少名称“{name}”（不是由本模板生成，或名称被删除）", self.名)
        return self.名称[name]

    def 值(self, row: int, col: int) -> Any:
        try:
            value = self._值[row - 1][col - 1]
        except IndexError:
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def 名称值(self, name: str) -> Any:
        r, c, _, _ = self.区域(name)
        return self.值(r, c)

    def 位置(self, row: int, col: int) -> str:
        return f"{self.ref}!{列名(col)}{row}"

    def 表头(self, row: int) -> dict[str, int]:
        """header text (whitespace removed) -> column, the first of each text in ``row``."""
        out: dict[str, int] = {}
        for c, value in enumerate(self._值[row - 1] if 0 < row <= len(self._值) else [], 1):
            if isinstance(value, str):
                out.setdefault(re.sub(r"\s", "", value), c)
        return out


# --- reading the forms --------------------------------------------------------------------------


_可缺列 = ("偏差提示", "计分说明", "规则得分")  # shown to the person filling in, not read


def _列(t: _表, 版式: dict[str, Any]) -> tuple[str, dict[str, int], int, int]:
    """The layout's name, field -> column of the indicator table, and its first and last row."""
    r1, _, r2, _ = t.区域("指标表")
    header = t.表头(r1 - 1)
    name = "兼容版" if 版式["兼容版标志"] in header else "函数版"
    v = 版式["版式"][name]
    want = {key: text for key, text in v["指标列"] + v["辅助列"]}
    missing = [text for key, text in want.items() if text not in header and key not in _可缺列]
    if missing:
        raise 表单格式有误(f"工作表“{t.名}”的指标表缺少列：{'、'.join(missing)}", t.名)
    return name, {key: header[text] for key, text in want.items() if text in header}, r1, r2


def _读表(t: _表, 版式: dict[str, Any]) -> 自评表 | None:
    """The form on a template sheet (None: the blank template), as template.py reads it from a file."""
    for name in 版式["必需名称"]:
        t.区域(name)
    layout, col, r1, r2 = _列(t, 版式)

    def setting(name: str) -> Any:
        return t.名称值(name) if t.有(name) else None

    profile_value = setting("口径")
    profile = None if 是占位符(profile_value) else str(profile_value).strip()
    unit_value = setting("金额单位")
    unit = str(unit_value).strip() if not 是占位符(unit_value) else "万元"
    form_id = setting("表单编号")

    f_r1, f_c1, f_r2, _ = t.区域("资金表")
    fund_header = t.表头(f_r1 - 1)
    funds: dict[str, 资金行] = {}
    for r in range(f_r1, f_r2 + 1):
        label = t.值(r, f_c1)
        fund_name = 资金行名称(str(label or ""))
        if fund_name is None:
            continue
        fund = 资金行(fund_name, str(label))
        for key in 版式["资金列"]:
            if key in fund_header:
                setattr(fund, key, t.值(r, fund_header[key]))
                fund.位置[key] = t.位置(r, fund_header[key])
        funds[fund_name] = fund

    rows: list[指标行] = []
    carried: dict[str, Any] = {"一级": None, "二级": None}
    for r in range(r1, r2 + 1):
        cell = {key: t.值(r, c) for key, c in col.items()}
        # a merged label shows in the first row of its merge only: carry it down (a new 一级 starts anew)
        if cell["一级"] is not None:
            carried = {"一级": cell["一级"], "二级": None}
        cell["一级"] = carried["一级"]
        if cell["二级"] is not None:
            carried["二级"] = cell["二级"]
        cell["二级"] = carried["二级"]
        inputs = [cell.get(k) for k in ("三级", "年度指标值", "指标性质", "指标值", "实际完成值", "分值",
                                        "偏差原因分析及改进措施", "人工得分")]
        if all(是占位符(x) for x in inputs):
            continue
        if layout == "兼容版":
            target = 组合指标值(cell["指标性质"], cell["指标值"], cell["度量单位"])
            actual = 组合实际值(cell["实际完成值"], cell["度量单位"], cell["指标性质"])
            target_col = col["指标值"]
        else:
            target, actual, target_col = cell["年度指标值"], cell["实际完成值"], col["年度指标值"]
        row = 指标行(
            一级=cell["一级"], 二级=cell["二级"], 三级=cell["三级"], 年度指标值=target, 实际完成值=actual,
            分值=cell["分值"], 得分=_错误为空(cell["得分"]), 偏差原因分析及改进措施=cell["偏差原因分析及改进措施"],
            人工得分=cell.get("人工得分"),
        )
        row.位置 = {key: t.位置(r, col[key]) for key in ("一级", "二级", "三级", "实际完成值", "分值", "得分",
                                                     "偏差原因分析及改进措施", "人工得分")}
        row.位置["年度指标值"] = t.位置(r, target_col)
        rows.append(row)

    header_values = [t.名称值(n) for n in ("项目名称", "主管部门", "实施单位")]
    amounts = [getattr(f, c) for f in funds.values() for c in ("年初预算数", "全年预算数", "全年执行数")]
    if all(是占位符(x) for x in header_values + amounts) and not rows:
        return None
    form = 自评表(
        id=str(form_id).strip() if not 是占位符(form_id) else t.名,
        项目名称=header_values[0], 主管部门=header_values[1], 实施单位=header_values[2],
        年度=setting("年度"), 金额单位=unit, 资金=funds,
        预期目标=setting("预期目标"), 实际完成情况=setting("实际完成情况"),
        指标=rows, 口径=profile, 来源=t.名,
    )
    form.位置 = {n: t.位置(*t.区域(n)[:2]) for n in ("项目名称", "主管部门", "实施单位")}
    total = funds.get("年度资金总额")
    if total is not None:
        total.执行率, total.得分 = _错误为空(total.执行率), _错误为空(total.得分)
    for attr, name in (("总分_得分", "总得分"), ("总分_分值", "分值合计"), ("等级", "等级")):
        if t.有(name):
            setattr(form, attr, _错误为空(t.名称值(name)))
            form.位置[attr] = t.位置(*t.区域(name)[:2])
    return form


def 读取表单(book: Any, 版式: dict[str, Any]) -> list[tuple[str, 自评表 | 绩效自评错误]]:
    """(sheet, form or why it cannot be read) for every sheet made from the form template."""
    out: list[tuple[str, 自评表 | 绩效自评错误]] = []
    for sheet in book.sheets:
        t = _表(sheet)
        if not t.有("指标表"):
            continue
        try:
            form = _读表(t, 版式)
        except 绩效自评错误 as exc:
            out.append((t.名, exc))
            continue
        if form is not None:
            out.append((t.名, form))
    return out


def 审核全部(book: Any, 版式: dict[str, Any], 口径: str | None = None) -> list[tuple[str, Any]]:
    """(sheet, audit result or the reading error) for every form of the workbook."""
    return [(name, 审核(x, 口径) if isinstance(x, 自评表) else x) for name, x in 读取表单(book, 版式)]


def _结果行(results: list[tuple[str, Any]]) -> tuple[list[list[Any]], list[tuple[int, str, str]]]:
    """The rows of the 校验结果 sheet (as the classic button writes them) and the cells to link."""
    audits = [r for _, r in results if not isinstance(r, 绩效自评错误)]
    counts = {lv: sum(r.计数(lv) for r in audits) for lv in 级别}
    unread = [(name, exc) for name, exc in results if isinstance(exc, 绩效自评错误)]
    what = f"{len(audits)} 张自评表" + (f"（另有 {len(unread)} 张无法读取）" if unread else "")
    rows: list[list[Any]] = [[结果表名], [结果概要(what, counts)], list(结果表列)]
    links: list[tuple[int, str, str]] = []
    n = 0
    for sheet_name, r in results:
        if isinstance(r, 绩效自评错误):
            n += 1
            rows.append([n, "错误", sheet_name, "", "", "", str(r), "SHEET_UNREADABLE"])
            continue
        form = r.表单
        for f in r.findings:
            n += 1
            sheet, addr = sheet_name, ""
            if f.where.get("cell"):
                where = f.where["cell"]
                sheet_part, _, addr = where.rpartition("!")
                addr = addr.replace("$", "")
                if sheet_part:
                    sheet = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") else sheet_part
            place = "／".join(str(f.where[k]) for k in ("row", "column") if f.where.get(k))
            name = str(form.项目名称 or form.id)
            rows.append([n, f.level, sheet, _文字(name), addr, _文字(place), _文字(f.message), f.code])
            if addr:
                links.append((3 + n, sheet, addr))
    return rows, links


def _空表(book: Any, name: str) -> Any:
    """The sheet ``name`` emptied, or added after the last sheet."""
    names = [s.name for s in book.sheets]
    if name in names:
        sheet = book.sheets[name]
        sheet.clear()
        return sheet
    return book.sheets.add(name=name, after=book.sheets[names[-1]])


def 校验(book: Any, 版式: dict[str, Any], 口径: str | None = None) -> str:
    """Audit every form, write the 校验结果 sheet; the message for the user."""
    results = 审核全部(book, 版式, 口径)
    rows, links = _结果行(results)
    sheet = _空表(book, 结果表名)
    _写(sheet, 1, 1, rows)
    for row, target, addr in links:  # a link to the cell: Lite has no internal hyperlinks, HYPERLINK has
        link = f"#{表引用(target)}!{addr}".replace('"', '""')
        sheet.range((row, 5)).value = f'=HYPERLINK("{link}","{addr}")'
    sheet.range((3, 1), (3, 8)).font.bold = True
    sheet.activate()
    audits = [r for _, r in results if not isinstance(r, 绩效自评错误)]
    if not results:
        return f"没有找到由模板生成的自评表（带名称“指标表”的工作表）；已写入“{结果表名}”工作表"
    errors = sum(r.计数("错误") for r in audits)
    warnings = sum(r.计数("警告") for r in audits)
    return f"已校验 {len(audits)} 张自评表：错误 {errors} 条，警告 {warnings} 条，详见“{结果表名}”工作表"


# --- 新增指标行 ----------------------------------------------------------------------------------


def _组(values: dict[int, Any], row: int, r1: int, r2: int) -> tuple[int, int]:
    """The rows r1..r2 of the label group (a merge in the template) that ``row`` belongs to."""
    a = row
    while a > r1 and 是占位符(values.get(a)):
        a -= 1
    b = row
    while b < r2 and 是占位符(values.get(b + 1)):
        b += 1
    return a, b


def 新增指标行(book: Any, 版式: dict[str, Any], 表: str | None = None, 行: int | None = None) -> str:
    """Insert a blank indicator row in the 二级 group of the selected row; the message for the user."""
    if 表 is None or 行 is None:
        selection = book.app.selection
        if selection is None:
            raise 表单格式有误("请先在自评表中选中某个二级指标所在的行", "选区")
        表, 行 = 表 or selection.sheet.name, 行 or selection.row
    sheet = book.sheets[表]
    t = _表(sheet)
    if not t.有("指标表"):
        raise 表单格式有误(f"工作表“{表}”不是由模板生成的自评表（没有名称“指标表”），无法插入指标行", 表)
    _, col, r1, r2 = _列(t, 版式)
    if not r1 <= 行 <= r2:
        raise 表单格式有误(f"所选的第{行}行不在绩效指标表中（第{r1}–{r2}行）；请选中某个二级指标所在的行", f"{表}!{行}")
    if r1 == r2:
        raise 表单格式有误("指标表只有一行，无法在其中插入；请用 jixiao fill 重新生成该表", 表)
    c1, c2 = col["一级"], col["二级"]
    l1 = {r: t.值(r, c1) for r in range(r1, r2 + 1)}
    l2 = {r: t.值(r, c2) for r in range(r1, r2 + 1)}
    a, b = _组(l2, 行, r1, r2)
    p, q = _组(l1, 行, r1, r2)
    labels: dict[int, Any] = {}
    if a < b:  # inside the group's merge: Excel grows it (and the 一级 merge around it)
        x = b
    elif b < r2:  # a one-row group: below it, the labels written again (no merge to grow)
        x = b + 1
        labels[c2] = l2[a]
        if q == b:
            labels[c1] = l1[p]
    else:  # a one-row group at the end of the table: above it, to stay inside the table
        x = b
        labels[c2] = l2[a]
        if p == b:
            labels[c1] = l1[p]
    sheet.range(f"{x}:{x}").insert(shift="down", copy_origin="format_from_left_or_above")
    for c, label in sorted(labels.items()):
        sheet.range((x, c)).value = label
    for key in 版式["计算列"]:  # the formulas of the row above, references adjusted by Excel
        if key in col:
            sheet.range((x, col[key])).copy_from(sheet.range((x - 1, col[key])), copy_type="formulas")
    sheet.range((x, col["三级"])).select()
    return f"已在“{表}”第{x}行插入一行三级指标"


# --- 修复函数公式 ------------------------------------------------------------------------------------


def _格号(address: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", address)
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def 修复函数公式(book: Any, 版式: dict[str, Any]) -> str:
    """Rewrite, with the Lite names, every formula of a 函数版 form that shows #NAME? (a function Excel did
    not find: ``=总分(`` is ``=总得分(`` in Lite); the message for the user.  Cells showing anything
    else — a value, a number typed over the formula — are left alone."""
    data = 版式["函数版公式"]
    fixed, forms = 0, 0
    for sheet in book.sheets:
        t = _表(sheet)
        if not t.有("指标表"):
            continue
        try:
            layout, col, r1, r2 = _列(t, 版式)
        except 绩效自评错误:
            continue
        if layout != "函数版":
            continue  # the 兼容版 has Excel's own formulas only
        forms += 1

        def render(template: str, row: int | None = None) -> str:
            text = template.replace("{首}", str(r1)).replace("{末}", str(r2))
            if row is not None:
                text = text.replace("{r}", str(row))
            for key, c in col.items():
                text = text.replace("{" + key + "}", 列名(c))
            return text

        targets: list[tuple[int, int, str]] = []
        for name, template in data["名称"].items():
            if t.有(name):
                r, c, _, _ = t.区域(name)
                targets.append((r, c, render(template)))
        for key, template in data["行"].items():
            if key in col:
                targets += [(r, col[key], render(template, r)) for r in range(r1, r2 + 1)]
        for address, template in data["固定"].items():
            targets.append((*_格号(address), render(template)))
        for r, c, formula in targets:
            if t.值(r, c) == "#NAME?":
                sheet.range((r, c)).value = formula
                fixed += 1
    if not forms:
        return "没有函数版自评表（兼容版只用 Excel 自带的公式，无需修复）"
    if not fixed:
        return f"{forms} 张函数版自评表中没有显示 #NAME? 的函数公式，无需修复"
    return f"已按 Lite 版的函数名重写 {fixed} 个显示 #NAME? 的公式（{forms} 张函数版自评表），Excel 将重新计算"


# --- 自检 ----------------------------------------------------------------------------------------


def _登记名(fn: Any) -> str | None:
    """The Excel name a Lite function is registered under (xlwings' or the test stand-in's record)."""
    meta = getattr(fn, "__xlfunc__", None)
    if isinstance(meta, dict):
        return meta.get("excel_name") or meta.get("name")
    meta = getattr(fn, "__lite_func__", None)
    if isinstance(meta, dict):
        return meta.get("name")
    return None


def _相同(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    return a == b


def _结果表(value: Any) -> list[list[Any]]:
    if isinstance(value, list):
        return [[("" if v is None else v) for v in (row if isinstance(row, list) else [row])] for row in value]
    return [[value]]


def _公式参数(value: Any, helper: list[tuple[int, list[list[Any]]]], next_row: list[int]) -> str:
    """A formula argument: a literal, an empty cell, or the cells the range is written into (column K…)."""
    if isinstance(value, list):
        r = next_row[0]
        helper.append((r, value))
        next_row[0] += len(value)
        width = max(len(x) for x in value)
        return f"{列名(11)}{r}:{列名(10 + width)}{r + len(value) - 1}"
    if value is None:
        return "J1"  # left empty
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return repr(value)


def 自检(book: Any, 样例: list[dict[str, Any]], 函数名: dict[str, str], 模块: dict[str, Any], 口径来源: str) -> str:
    """Write the 自检报告 sheet; the message for the user."""
    if sys.platform == "emscripten":
        import pyodide  # type: ignore[import-not-found]  # only there

        runtime = f"Pyodide {pyodide.__version__}"
    else:
        runtime = f"{platform.python_implementation()}（{sys.platform}，不是 Pyodide）"
    problems = 0
    rows: list[list[Any]] = [
        ["绩效自评助手 · xlwings Lite 自检报告"],
        ["第一部分（Python，脚本运行时已得出）", "", "结果"],
        ["Python", f"{platform.python_version()}；{runtime}", 通过],
        ["xlwings", str(getattr(模块.get("xw"), "__version__", "?")), 通过],  # the add-in's, as the module imported it
        ["绩效自评助手", f"{udfs.__version__} Lite", 通过],
    ]
    try:
        names = 口径列表()
        for n in names:
            取口径(n)
        rows.append(["计分口径", f"{'、'.join(names)}（{'随模块上传的文件' if 口径来源 == '文件' else '内置副本'}）",
                     通过 if len(names) >= 4 else "#口径不全"])
    except 绩效自评错误 as exc:
        rows.append(["计分口径", str(exc), "#口径有误"])
    registered = []
    for excel, py in 函数名.items():
        got = _登记名(模块.get(py))
        if got != excel:
            registered.append(f"{py}→{got}")
    rows.append(["函数登记", f"{len(函数名)} 个函数按中文名登记" if not registered else "；".join(registered),
                 通过 if not registered else "#登记名不对"])
    for s in 样例:
        fn = 模块.get(函数名[s["函数"]])
        try:
            got = _结果表(fn(*s["参数"]))
        except Exception as exc:  # the report says what went wrong, whatever it is
            got = [[f"#出错 {type(exc).__name__}: {exc}"]]
        same = len(got) == len(s["期望"]) and all(
            len(g) == len(e) and all(_相同(x, y) for x, y in zip(g, e)) for g, e in zip(got, s["期望"]))
        rows.append([f"试算 {s['函数']}", str(got if len(got) > 1 else got[0][0]), 通过 if same else f"#应为 {s['期望']}"])
    problems = sum(1 for r in rows[2:] if len(r) > 2 and r[2] != 通过)

    # Part two: formulas Excel computes once the script has ended (a script cannot read them back).
    rows += [[], ["第二部分（Excel 公式，脚本结束后由 Excel 计算；应全部显示 OK）"],
             ["函数", "公式", "Excel 结果", "期望", "比较"]]
    helper: list[tuple[int, list[list[Any]]]] = []
    formulas: list[list[Any]] = []
    r = len(rows) + 1
    next_row = [r]
    for s in 样例:
        args = ",".join(_公式参数(a, helper, next_row) for a in s["参数"])
        formula = f"={s['函数']}({args})"
        for i, expected in enumerate(s["期望"]):
            value = expected[0] if expected else ""
            compare = (f'=IF(ISNUMBER(D{r + i}),IF(ABS(C{r + i}-D{r + i})<1E-9,"OK","不同"),'
                       f'IF(C{r + i}&""=D{r + i}&"","OK","不同"))')
            formulas.append([s["函数"] if i == 0 else "", _文字(formula) if i == 0 else "",
                             formula if i == 0 else None, _文字(value), compare])
        r += max(1, len(s["期望"]))
    rows += formulas
    sheet = _空表(book, 自检表名)
    _写(sheet, 1, 1, rows)
    for row, block in helper:  # text stays text ("96.78%" would become a number): format first, then write
        for i, line in enumerate(block):
            for j, value in enumerate(line):
                if isinstance(value, str):
                    sheet.range((row + i, 11 + j)).number_format = "@"
        _写(sheet, row, 11, block)
    sheet.activate()
    verdict = "全部通过" if not problems else f"{problems} 项未通过"
    return f"自检第一部分{verdict}；第二部分的“比较”列由 Excel 计算，应全部为 OK。详见“{自检表名}”工作表"


# --- running a script ----------------------------------------------------------------------------


def 运行(book: Any, 动作: Any, *参数: Any) -> str:
    """Run an action on the book; every problem becomes a message (printed and shown), never a traceback."""
    try:
        message = 动作(book, *参数)
    except 绩效自评错误 as exc:
        message = str(exc)
    except Exception as exc:  # an unforeseen failure: say what, not where in the code
        message = f"操作未完成：{type(exc).__name__}: {exc}"
    if message:
        print(message)
        try:
            book.app.alert(message, title=标题)
        except Exception:  # no dialog (an old add-in): the printed message stays in the output pane
            pass
    return message
