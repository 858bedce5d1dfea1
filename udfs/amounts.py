"""Numbers as accountants type them.

Amounts and scores arrive as Excel floats or as text: ``"5,882,050"``,
``"1,454,341.54"``, ``"620.82万元"``, full-width ``"９４．８６"``, ``"—"``.
Everything is converted to :class:`~decimal.Decimal` so that rounding is the
half-up rounding people do by hand (``4.7389 → 4.74``, ``19.356 → 19.36``),
not binary floating point.

>>> 转数字("5,882,050")
Decimal('5882050')
>>> 转数字(1454341.54)
Decimal('1454341.54')
>>> 保留两位(Decimal("4.7389")), 保留两位(Decimal("19.355"))
(Decimal('4.74'), Decimal('19.36'))
>>> 解析金额("620.82万元", 单位="元")
Decimal('6208200.00')
>>> 解析金额("6,208,200元", 单位="万元")
Decimal('620.82')
>>> 解析金额("—") is None
True

Back out, a number is shown as the form prints it (:func:`显示数`: ``4.5``, not
``4.50``) and handed to JSON or a cell as :func:`json数值` (``10``, not ``10.00``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import 数值无法识别

__all__ = [
    "转数字", "可选数字", "保留两位", "保留", "解析金额", "规范文本", "是占位符", "金额单位倍数", "显示数", "json数值",
]

# Cells that mean "nothing here" on a printed form.
占位符 = frozenset({"", "—", "——", "-", "--", "–", "－", "/", "／", "空", "无数据", "N/A", "n/a", "NA"})

金额单位倍数 = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "百万元": Decimal(10**6), "亿元": Decimal(10**8)}

_数字 = re.compile(r"[+-]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


def 规范文本(text: str) -> str:
    """NFKC (full-width digits, ％, ＝, ＞ become ASCII) and trimmed.

    >>> 规范文本("  ＝１００％ ")
    '=100%'
    """
    return unicodedata.normalize("NFKC", text).strip()


def 是占位符(value: object) -> bool:
    """True for empty cells and the dashes/slashes forms print for 'nothing'.

    >>> 是占位符(None), 是占位符(" — "), 是占位符("0")
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return 规范文本(value) in 占位符
    return False


def 转数字(value: object, 字段: str | None = None) -> Decimal:
    """Read one number; raise :class:`数值无法识别` naming ``字段`` otherwise."""
    if isinstance(value, bool):
        raise 数值无法识别(f"'{value}'不是数字", 字段)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise 数值无法识别("不是有效数字", 字段)
        # repr gives the shortest text that round-trips: 1454341.54, not 1454341.5400000000373
        return Decimal(repr(value))
    if isinstance(value, str):
        text = 规范文本(value)
        if _数字.fullmatch(text):
            try:
                return Decimal(text.replace(",", "").replace(" ", ""))
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
                pass
        raise 数值无法识别(f"'{value}'不是数字", 字段)
    raise 数值无法识别(f"'{value}'不是数字", 字段)


def 可选数字(value: object, 字段: str | None = None) -> Decimal | None:
    """Like :func:`转数字` but placeholders give ``None``.

    >>> 可选数字("—") is None, 可选数字(" 10 ")
    (True, Decimal('10'))
    """
    if 是占位符(value):
        return None
    return 转数字(value, 字段)


def 保留(value: Decimal, 位数: int) -> Decimal:
    """Half-up rounding to ``位数`` decimals (what Excel's ROUND does on typed numbers)."""
    return value.quantize(Decimal(1).scaleb(-位数), rounding=ROUND_HALF_UP)


def 保留两位(value: Decimal) -> Decimal:
    return 保留(value, 2)


_金额 = re.compile(r"(?P<num>[+-]?[\d,. ]*\d)\s*(?P<unit>千元|万元|百万元|亿元|元)?")


def 解析金额(value: object, 单位: str = "万元", 字段: str | None = None) -> Decimal | None:
    """Read an amount and express it in ``单位`` (the form's 金额单位).

    A bare number is taken to be in the form's unit already; a number written
    with its own unit (``"620.82万元"``) is converted.
    """
    if 是占位符(value):
        return None
    if not isinstance(value, str):
        return 转数字(value, 字段)
    text = 规范文本(value)
    m = _金额.fullmatch(text)
    if not m:
        raise 数值无法识别(f"金额'{value}'无法识别（可写作 94.86、5,882,050 或 620.82万元）", 字段)
    number = 转数字(m["num"], 字段)
    if m["unit"] and m["unit"] != 单位:
        if 单位 not in 金额单位倍数:
            raise 数值无法识别(f"金额单位'{单位}'不受支持（可用：{'、'.join(金额单位倍数)}）", 字段)
        number = number * 金额单位倍数[m["unit"]] / 金额单位倍数[单位]
    return number


def 显示数(d: Decimal) -> str:
    """A number as a message or a label prints it: no trailing zeros, no exponent.

    >>> 显示数(Decimal("4.50")), 显示数(Decimal("10.00")), 显示数(Decimal("0.00")), 显示数(Decimal("1E+2"))
    ('4.5', '10', '0', '100')
    >>> 显示数(Decimal("-38.40")), 显示数(Decimal("1454341.54"))
    ('-38.4', '1454341.54')
    """
    text = format(d, "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) or "0"


def json数值(d: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number or a cell value: 10, not 10.00; 4.74, not "4.74".

    >>> json数值(Decimal("10.00")), json数值(Decimal("4.74")), json数值(None)
    (10, 4.74, None)
    """
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)
