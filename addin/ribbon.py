"""The 绩效自评 ribbon tab: one table that the ribbon XML, the VBA callbacks
and the Python actions are all derived from.

Each button names the Python function it runs (``module:function``): the
function of the same name in :mod:`addin.buttons`, which takes no arguments,
finds its workbook with ``xlwings.Book.caller()`` when Excel calls it and runs
the action of the same name in :mod:`addin.actions`.  The VBA callback module and
``customUI14.xml`` are generated from :data:`按钮`, so a button cannot point at a
macro or a function that does not exist (the tests import every target).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["按钮", "分组", "选项卡", "按钮定义"]

选项卡 = "绩效自评"


@dataclass(frozen=True)
class 按钮定义:
    id: str  # ASCII: the XML id and the suffix of the VBA callback name
    标签: str
    图标: str  # imageMso of a built-in Office icon
    提示: str  # screentip
    说明: str  # supertip
    目标: str  # "module:function" run by RunPython; "" for a button that runs a VBA macro
    大图标: bool = True
    宏: str = ""  # the VBA macro the button runs instead of Python (自检 must work when Python does not)

    def __post_init__(self) -> None:
        if bool(self.目标) == bool(self.宏):
            raise ValueError(f"按钮“{self.标签}”应有 Python 目标或 VBA 宏，且只有其一")

    @property
    def 回调(self) -> str:
        """Name of the VBA Sub the ribbon calls (onAction)."""
        return f"JX_{self.id}"


分组: tuple[tuple[str, str, tuple[按钮定义, ...]], ...] = (
    ("grpForm", "自评表", (
        按钮定义("NewForm", "新建自评表", "SheetInsert", "新建自评表",
                "在本工作簿中按模板新增一张项目自评表，并列入自评清单；已有工作表不受影响。", "addin.buttons:新建自评表"),
        按钮定义("AddRow", "新增指标行", "SheetRowsInsert", "新增指标行",
                "在所选二级指标下插入一行三级指标，公式、格式、校验与名称一并保留。", "addin.buttons:新增指标行", False),
    )),
    ("grpCheck", "计算与校验", (
        按钮定义("Recalc", "重新计算", "CalculateNow", "重新计算",
                "重新计算本工作簿中所有项目自评表的执行率、指标得分与总分。", "addin.buttons:重新计算"),
        按钮定义("Audit", "校验", "DataValidation", "校验",
                "按计分规则逐表校验，结果写入“校验结果”工作表并标记有问题的单元格；不改动填写的内容。", "addin.buttons:校验"),
    )),
    ("grpExport", "导出", (
        按钮定义("ExportPdf", "导出PDF", "FileSaveAsPdfOrXps", "导出PDF",
                "把自评表导出为 PDF，每张表一页，保存在工作簿旁边。", "addin.buttons:导出PDF"),
        按钮定义("ExportXlsx", "导出无宏版", "FileSaveAs", "导出无宏版",
                "另存一份只含数值、不含公式和宏的 .xlsx，任何人都能打开。", "addin.buttons:导出无宏版", False),
    )),
    ("grpSummary", "汇总", (
        按钮定义("Summary", "汇总清单", "PivotTableInsert", "汇总清单",
                "汇总本工作簿（或文件夹）中所有自评表的预算、执行率、得分与等级，并生成图表。", "addin.buttons:汇总清单"),
    )),
    ("grpHelp", "帮助", (
        按钮定义("Help", "帮助", "Help", "帮助", "打开绩效自评助手使用说明。", "addin.buttons:帮助"),
        按钮定义("SelfTest", "自检", "FileDocumentInspect", "自检",
                "检查 Excel、Windows 代码页、Python 与 xlwings，逐个试算函数、试按按钮，结果写入新工作簿的“自检报告”。"
                "第一次使用时请点一次，并把报告发回。", "", False, 宏="JX_RunSelfTest"),
    )),
)

按钮: tuple[按钮定义, ...] = tuple(b for _, _, buttons in 分组 for b in buttons)
