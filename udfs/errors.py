"""Errors of the scoring core.

Every error carries a short code (shown in an Excel cell, e.g. ``#指标值无法识别``)
and a full Chinese reason that names the field, so an accountant can fix the
input without reading a traceback.
"""

from __future__ import annotations


class 绩效自评错误(ValueError):
    """Base class: bad input that the scoring rules cannot use."""

    code = "#输入有误"

    def __init__(self, reason: str, field: str | None = None):
        self.reason = reason
        self.field = field
        super().__init__(f"{field}：{reason}" if field else reason)

    @property
    def cell_text(self) -> str:
        """The short text an Excel cell shows."""
        return self.code


class 数值无法识别(绩效自评错误):
    """A number, amount or 分值 could not be read."""

    code = "#数值无法识别"


class 指标值无法识别(绩效自评错误):
    """年度指标值 or 实际完成值 could not be read."""

    code = "#指标值无法识别"


class 单位不一致(绩效自评错误):
    """Target and actual use units that cannot be converted into each other."""

    code = "#单位不一致"


class 单位不明(单位不一致):
    """A number was written without its unit and neither reading (or both) is plausible: 29 against
    ≥28万人 is 29万人, but 1 against ≥28万人 is neither 1万人 nor 1人 with any confidence, so the cell asks
    for the unit instead of guessing (a 单位不一致: whoever catches that catches this too)."""

    code = "#单位不明"


class 金额单位不明(数值无法识别):
    """An amount's unit (元, 万元 …) or the form's 金额单位 cannot be reconciled with the amounts
    (a 数值无法识别: whoever reads amounts and catches that catches this too)."""

    code = "#金额单位不明"


class 预算数无效(绩效自评错误):
    """全年预算数 is empty, zero or negative: no 执行率 can be computed."""

    code = "#预算数无效"


class 无法判定档次(绩效自评错误):
    """A qualitative actual could not be placed in a tier automatically."""

    code = "#无法判定档次"


class 指标不适用(绩效自评错误):
    """The target says 不适用: the row should not carry points."""

    code = "#指标不适用"


class 人工得分无效(绩效自评错误):
    """A manual score lies outside what the rule allows."""

    code = "#人工得分无效"


class 口径不存在(绩效自评错误):
    """The rule profile (口径) named is not known."""

    code = "#口径不存在"


class 口径文件有误(绩效自评错误):
    """A profile file (口径, TOML) cannot be read: the message names the file and the line."""

    code = "#口径文件有误"


class 规则参数有误(绩效自评错误):
    """An evaluation-report rule got parameters it cannot use."""

    code = "#规则参数有误"


class 表单格式有误(绩效自评错误):
    """A form file (JSON or workbook) does not have the expected shape."""

    code = "#表单格式有误"
