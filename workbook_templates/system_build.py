"""Build the 绩效评价指标体系评分表 workbooks (``jixiao build`` writes them beside the 自评表).

The sheets are rendered by :func:`workbook_templates.build.渲染` from the layouts of
:mod:`workbook_templates.system_layout`; what 渲染 does not know about — the summary
chart, frozen panes, a table printed over several pages (A4 landscape, fit to width,
the header row repeated) — is added here.  Deterministic and atomic like the 自评表
build (:func:`workbook_templates.build.保存`).

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in 生成体系(out)]
['绩效评价指标体系评分表.xlsx', '绩效评价指标体系评分表_兼容版.xlsx']
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .render import 保存, 固定时间, 渲染
from .sheetkit import 模板标记名, 模板版本
from .system_layout import 体系兼容版, 体系函数版, 体系工作表样, 体系版式, 体系表样, 体系输入, 规则表样

__all__ = ["体系模板表名", "渲染体系", "生成体系", "生成体系工作簿", "规则表名"]

体系模板表名 = "评价体系"
规则表名 = "评分规则"
_作者 = "绩效自评助手（jixiao）"


def 渲染体系(ws: Worksheet, spec: 体系工作表样) -> None:
    """Render a system sheet: the shared renderer, then chart, panes and multi-page printing."""
    渲染(ws, spec.表样)
    ps = ws.page_setup
    ps.fitToWidth, ps.fitToHeight = 1, 0  # fit to width; as many pages down as the table needs
    if spec.冻结:
        ws.freeze_panes = spec.冻结
    for ch in spec.图表:
        chart = BarChart()
        chart.type = "col"
        chart.title = ch.标题
        chart.style = 2
        chart.legend = None
        chart.y_axis.number_format = ch.数字格式
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.majorGridlines = None
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        data_col, data_r1, data_r2 = _区(ch.数据)
        cat_col, cat_r1, cat_r2 = _区(ch.分类)
        chart.add_data(Reference(ws, min_col=data_col, min_row=data_r1, max_row=data_r2), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=cat_col, min_row=cat_r1, max_row=cat_r2))
        # the value only: LibreOffice reads an unset flag as "show" (category and series name too)
        chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                         showPercent=False)
        chart.width, chart.height = ch.宽, ch.高
        ws.add_chart(chart, ch.锚点)


def _区(ref: str) -> tuple[int, int, int]:

    c1, r1, _, r2 = range_boundaries(ref)
    return c1, r1, r2  # type: ignore[return-value]


def 生成体系工作簿(v: 体系版式, 层级数: int = 3) -> Workbook:
    """A built workbook: one blank 评价体系 sheet and the 评分规则 reference sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet(体系模板表名)
    渲染体系(ws, 体系表样(v, 体系输入(层级数=层级数), 标题=体系模板表名))
    渲染(wb.create_sheet(规则表名), 规则表样())
    wb.active = 0
    wb.defined_names[模板标记名] = DefinedName(模板标记名, attr_text=f'"{v.名称}|{模板版本}"', hidden=True)
    props = wb.properties
    props.title = "绩效评价指标体系评分表" + ("（兼容版）" if not v.函数 else "")
    props.subject = "绩效评价指标体系评分"
    props.creator = props.lastModifiedBy = _作者
    props.keywords = f"jixiao {v.名称} 模板版本{模板版本}"
    props.created = props.modified = 固定时间
    wb.calculation.fullCalcOnLoad = True
    return wb


def 生成体系(输出目录: str | Path) -> list[Path]:
    """Write both evaluation-system workbooks into ``输出目录``."""
    out = Path(输出目录)
    out.mkdir(parents=True, exist_ok=True)
    return [保存(生成体系工作簿(v), out / v.文件名) for v in (体系函数版, 体系兼容版)]
