"""The workbook interface of the ribbon actions (see :mod:`addin.workbook`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

__all__ = ["工作簿", "拆地址", "标记公式", "标记样式"]

标记公式 = '"jixiao校验"<>""'  # always true; the text marks the conditional formats 校验 adds
标记样式 = {  # level -> (fill, font colour) of a marked cell
    "错误": ("FFC7CE", "9C0006"),
    "警告": ("FFEB9C", "9C5700"),
}


def 拆地址(where: str) -> tuple[str | None, str]:
    """"'表 1'!$E$6" -> ("表 1", "E6"); "E6" -> (None, "E6")."""
    sheet, _, addr = where.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return (sheet or None), addr.replace("$", "")


class 工作簿(Protocol):
    """What an action may do to a workbook.  Sheets by name, cells by A1 address."""

    路径: Path | None  # the file behind the workbook (None: never saved)

    def 表名(self) -> list[str]: ...
    def 表单表(self) -> list[str]: ...  # sheets with the template's sheet-scoped name 指标表
    def 模板标记(self) -> str | None: ...  # the hidden name jixiao_模板 ("函数版|1")
    def 名称区域(self, 表: str, 名称: str) -> str | None: ...  # "B13:I21", no $
    def 值(self, 表: str, 地址: str) -> Any: ...  # what the cell shows (computed for formulas)
    def 公式(self, 表: str, 地址: str) -> str | None: ...  # "=..." or None
    def 写(self, 表: str, 地址: str, 值: Any, 文本: bool = False) -> None: ...  # 文本: "=100%" stays text
    def 合并区域(self, 表: str) -> list[str]: ...
    def 合并(self, 表: str, 区域: str) -> None: ...
    def 取消合并(self, 表: str, 区域: str) -> None: ...
    def 插入行(self, 表: str, 行: int) -> None: ...  # before 行, formatted like the row above
    def 复制格式(self, 表: str, 源行: int, 目标行: int, 列数: int) -> None: ...
    def 链接(self, 表: str, 地址: str, 目标: str, 文字: str) -> None: ...  # internal hyperlink
    def 新建表单(self, 名称: str, 版式名: str, 之后: str | None) -> None: ...  # a blank form sheet
    def 新建清单(self, 表单表: list[str]) -> None: ...  # a 自评清单 sheet listing them
    def 新建表(self, 名称: str, 之后: str | None = None) -> None: ...
    def 删除表(self, 名称: str) -> None: ...
    def 写区域(self, 表: str, 左上: str, 行们: Sequence[Sequence[Any]]) -> None: ...
    def 样式(self, 表: str, 区域: str, *, 加粗: bool = False, 列宽: dict[str, float] | None = None) -> None: ...
    def 标记(self, 表: str, 地址们: Iterable[str], 级别: str) -> None: ...
    def 清除标记(self) -> None: ...
    def 选中(self) -> tuple[str, str] | None: ...
    def 激活(self, 表: str, 地址: str = "A1") -> None: ...
    def 计算(self) -> None: ...
    def 快照(self, 目录: Path, 只含: Sequence[str] | None = None) -> Path: ...
    def 导出pdf(self, 表们: Sequence[str], 路径: Path, office: Any = None) -> Path: ...
    def 保存(self, 路径: Path | None = None) -> Path: ...
    def 告知(self, 消息: str, 标题: str = "绩效自评助手") -> None: ...
    def 打开(self, 路径: Path) -> None: ...  # show a file (Excel opens it; elsewhere: nothing)


