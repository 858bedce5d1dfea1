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

Every number passes one guard (:func:`转数字`): NaN, infinities and magnitudes above
10^15 (a thousand trillion: no amount, count or score is that large; 40 typed digits are a
paste error) are refused with :class:`~udfs.errors.数值无法识别` naming the field, and
digits below 10^-15 (binary residue of an Excel formula: ``=0.1+0.2-0.3`` is 5.55e-17) are
rounded away.  So no arithmetic on a number that came in can overflow the decimal
context, and :func:`保留` never raises ``InvalidOperation``:

>>> 转数字("1" * 40, "全年执行数")
Traceback (most recent call last):
...
udfs.errors.数值无法识别: 全年执行数：数值过大（40位整数），超出可计算范围：绝对值应小于10^15
>>> 转数字(Decimal("NaN"), "分值")
Traceback (most recent call last):
...
udfs.errors.数值无法识别: 分值：'NaN'不是有效数字
>>> 转数字(0.1 + 0.2 - 0.3)
Decimal('0E-15')

Amounts carry their unit or take the form's 金额单位 (:func:`读金额单位` reads the
unit cell as templates print it: ``万元``, ``单位：万元``, ``（元）``).

Back out, a number is shown as the form prints it (:func:`显示数`: ``4.5``, not
``4.50``) and handed to JSON or a cell as :func:`json数值` (``10``, not ``10.00``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from .errors import 数值无法识别, 金额单位不明

__all__ = [
    "转数字", "可选数字", "保留两位", "保留", "解析金额", "规范文本", "是占位符", "金额单位倍数", "显示数", "json数值",
    "数值上限", "读金额单位", "拆分金额",
]

# The guard of every number that comes in (see the module docstring).
数值上限 = Decimal("1E15")
_最小单位 = Decimal("1E-15")
_宽上下文 = Context(prec=64, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN)

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


def _守(d: Decimal, value: object, 字段: str | None) -> Decimal:
    """The guard: finite, below 10^15, no digits below 10^-15."""
    if not d.is_finite():
        raise 数值无法识别(f"'{value}'不是有效数字", 字段)
    if d.copy_abs() >= 数值上限:
        raise 数值无法识别(f"数值过大（{d.adjusted() + 1}位整数），超出可计算范围：绝对值应小于10^15", 字段)
    if d.as_tuple().exponent < -15:  # type: ignore[operator]  # finite: the exponent is an int
        d = d.quantize(_最小单位, context=_宽上下文)
    return d


@lru_cache(maxsize=4096)
def _文本数(text: str) -> Decimal | None:
    text = 规范文本(text)
    if _数字.fullmatch(text):
        try:
            return Decimal(text.replace(",", "").replace(" ", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            pass
    return None


def 转数字(value: object, 字段: str | None = None) -> Decimal:
    """Read one number; raise :class:`数值无法识别` naming ``字段`` otherwise (guarded: see above)."""
    if isinstance(value, bool):
        raise 数值无法识别(f"'{value}'不是数字", 字段)
    if isinstance(value, Decimal):
        return _守(value, value, 字段)
    if isinstance(value, int):
        if -数值上限 < value < 数值上限:
            return Decimal(value)
        raise 数值无法识别(f"数值过大（{len(str(abs(value)))}位整数），超出可计算范围：绝对值应小于10^15", 字段)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise 数值无法识别("不是有效数字", 字段)
        # repr gives the shortest text that round-trips: 1454341.54, not 1454341.5400000000373
        return _守(Decimal(repr(value)), value, 字段)
    if isinstance(value, str):
        d = _文本数(value)
        if d is not None:
            return _守(d, value, 字段)
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


_位 = {n: Decimal(1).scaleb(-n) for n in range(0, 8)}


def 保留(value: Decimal, 位数: int) -> Decimal:
    """Half-up rounding to ``位数`` decimals (what Excel's ROUND does on typed numbers).

    Never ``InvalidOperation``: a result too long for the default context (a rate of
    10^29 from guarded amounts 999999999999999 and 0.000000000000001) is rounded in a
    wider one; a non-finite or absurd value (it cannot come from guarded input) is
    :class:`数值无法识别`.

    >>> 保留(Decimal("999999999999999") / Decimal("0.000000000000001"), 4)
    Decimal('999999999999999000000000000000.0000')
    """
    exp = _位.get(位数) or Decimal(1).scaleb(-位数)
    if not value.is_finite() or value.adjusted() > 100:
        raise 数值无法识别(f"计算结果{value}超出可计算范围")
    if value.adjusted() + 位数 >= 27:  # more digits than the default context's 28
        return value.quantize(exp, context=_宽上下文)
    return value.quantize(exp, rounding=ROUND_HALF_UP)


def 保留两位(value: Decimal) -> Decimal:
    return 保留(value, 2)


_金额 = re.compile(r"(?P<num>[+-]?[\d,. ]*\d)\s*(?P<unit>千元|万元|百万元|亿元|元|千|万|百万|亿)?")
# 10万 in an amount cell is 10万元 (湖北 黄冈's fund row prints '10萬').
_金额单位别名 = {"千": "千元", "万": "万元", "百万": "百万元", "亿": "亿元"}
_单位格 = re.compile(r"^(?:金额)?(?:单位)?[:：]?[(（]?(?:单位)?[:：]?\s*(千元|万元|百万元|亿元|元|千|万|百万|亿)\s*[)）]?$")


def 读金额单位(value: object, 字段: str = "金额单位") -> str | None:
    """The form's 金额单位 as a unit name, from the cell as templates print it; None when blank.

    >>> 读金额单位("万元"), 读金额单位("单位：万元"), 读金额单位("（元）"), 读金额单位("万"), 读金额单位(None)
    ('万元', '万元', '元', '万元', None)
    >>> 读金额单位("美元")
    Traceback (most recent call last):
    ...
    udfs.errors.金额单位不明: 金额单位：金额单位'美元'无法识别（可用：元、千元、万元、百万元、亿元）
    """
    if 是占位符(value):
        return None
    text = 规范文本(str(value)).replace("萬", "万").replace(" ", "")
    m = _单位格.match(text)
    if not m:
        raise 金额单位不明(f"金额单位'{value}'无法识别（可用：{'、'.join(金额单位倍数)}）", 字段)
    return _金额单位别名.get(m[1], m[1])


def 拆分金额(value: object, 字段: str | None = None) -> tuple[Decimal, str | None] | None:
    """(number, unit written in the cell or None) of an amount cell; None for a placeholder.

    >>> 拆分金额("8.53万元"), 拆分金额("1,454,341.54"), 拆分金额("10萬")
    ((Decimal('8.53'), '万元'), (Decimal('1454341.54'), None), (Decimal('10'), '万元'))
    """
    if 是占位符(value):
        return None
    if not isinstance(value, str):
        return 转数字(value, 字段), None
    text = 规范文本(value).replace("萬", "万")
    m = _金额.fullmatch(text)
    if not m:
        raise 数值无法识别(f"金额'{value}'无法识别（可写作 94.86、5,882,050 或 620.82万元）", 字段)
    unit = m["unit"]
    return 转数字(m["num"], 字段), (_金额单位别名.get(unit, unit) if unit else None)


def 解析金额(value: object, 单位: str = "万元", 字段: str | None = None) -> Decimal | None:
    """Read an amount and express it in ``单位`` (the form's 金额单位).

    A bare number is taken to be in the form's unit already; a number written
    with its own unit (``"620.82万元"``) is converted.
    """
    parsed = 拆分金额(value, 字段)
    if parsed is None:
        return None
    number, unit = parsed
    if unit and unit != 单位:
        if 单位 not in 金额单位倍数:
            raise 金额单位不明(f"金额单位'{单位}'不受支持（可用：{'、'.join(金额单位倍数)}）", 字段)
        number = number * 金额单位倍数[unit] / 金额单位倍数[单位]
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
