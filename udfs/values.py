"""年度指标值 and 实际完成值: free text in, a structured value out.

Forms write targets and actuals in every spelling the keyboard, a PDF
converter or a copy from Word produces: ``≥28万人``, ``≧95%``, ``>=90%``,
``＞=90%``, ``＝100%``, ``═100%``, ``$\\geq 90\\%$``, ``不低于2000个``,
``2小时内``, ``29 万人``, ``5,882,050``, full-width ``９８％``, and
placeholders ``不适用`` / ``—`` / ``空``.  :func:`解析指标值` reads all of them
into a :class:`指标值`; it never raises: what cannot be read comes back with
类型 ``"无法识别"`` and a Chinese 原因 that says why.

>>> 解析指标值("≥28万人")
指标值(类型='定量', 比较='≥', 数值=Decimal('28'), 单位='万人')
>>> 解析指标值("$\\\\geq 90\\\\%$")
指标值(类型='定量', 比较='≥', 数值=Decimal('90'), 单位='%')
>>> 解析指标值("＞=９５％").比较, 解析指标值("═100%").比较, 解析指标值("＜5").比较
('≥', '=', '<')
>>> 解析指标值("5,882,050").数值, 解析指标值("29 万人").单位
(Decimal('5882050'), '万人')
>>> 解析指标值("2小时内")
指标值(类型='定量', 比较='≤', 数值=Decimal('2'), 单位='小时')
>>> 解析指标值("基本健全")
指标值(类型='定性', 文本='基本健全')
>>> 解析指标值("不适用").类型, 解析指标值("—").类型, 解析指标值(None).类型
('不适用', '空', '空')
>>> v = 解析指标值("≥百分之九十"); v.类型, v.原因
('无法识别', "'≥百分之九十'有比较符号，但后面不是数字（请用阿拉伯数字，如 ≥90%）")
>>> 格式化指标值(解析指标值(" >= 90 ％"))
'≥90%'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .amounts import 是占位符, 显示数, 规范文本, 转数字
from .vocabulary import 不适用词, 比较后缀词, 比较词

__all__ = ["指标值", "解析指标值", "格式化指标值"]

# Spellings of a comparison, longest first (applied after NFKC, which already
# turns ＞ ＜ ＝ into > < =).
_单字替换 = str.maketrans({"≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "═": "=", "−": "-", "﹪": "%"})
_符号替换 = ((">=", "≥"), ("=>", "≥"), ("≥=", "≥"), ("<=", "≤"), ("=<", "≤"), ("≤=", "≤"), ("==", "="))
_latex替换 = (
    ("\\geqslant", "≥"), ("\\leqslant", "≤"), ("\\geq", "≥"), ("\\leq", "≤"),
    ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("\\,", ""), ("\\;", ""), ("\\ ", " "),
    ("\\times", "×"),
)
_latex命令 = re.compile(r"\\(?:text|mathrm|mathbf|rm)\s*\{([^{}]*)\}")




_数 = r"[+-]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_单位 = r"%|‰|[^\d\s%‰≥≤=<>+\-,.()（）]{1,4}"
_定量 = re.compile(rf"(?P<op>[≥≤=<>])?\s*(?P<num>{_数})\s*(?P<unit>{_单位})?")
_备注 = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_空白 = re.compile(r"\s+")


@dataclass(frozen=True)
class 指标值:
    """One parsed cell.

    类型: ``定量`` (a number), ``定性`` (words such as 健全, 提升), ``不适用``,
    ``空`` (blank or a dash) or ``无法识别`` (then 原因 says why).
    数值 is in the written unit: ``≥28万人`` has 数值 28 and 单位 ``万人``;
    a percentage keeps its points (``90%`` → 90, 单位 ``%``).
    """

    类型: str
    比较: str | None = None
    数值: Decimal | None = None
    单位: str = ""
    文本: str = ""
    原因: str = ""
    原文: str = field(default="", compare=False)

    @property
    def 百分比(self) -> bool:
        return self.单位 == "%"

    def __repr__(self) -> str:
        shown = [f"类型={self.类型!r}"]
        for name in ("比较", "数值", "单位", "文本", "原因"):
            value = getattr(self, name)
            if value not in (None, ""):
                shown.append(f"{name}={value!r}")
        return f"指标值({', '.join(shown)})"


def _规范(text: str) -> str:
    text = _空白.sub(" ", 规范文本(text))
    if "\\" in text or "$" in text:
        text = _latex命令.sub(r"\1", text)
        for old, new in _latex替换:
            text = text.replace(old, new)
        text = text.replace("$", "").replace("{", "").replace("}", "")
    text = text.translate(_单字替换)
    while True:  # until stable, so that normalising twice changes nothing
        before = text
        for old, new in _符号替换:
            text = text.replace(old, new)
        if text == before:
            break
    return _空白.sub(" ", text).strip()


def _读数量(text: str) -> tuple[str | None, str, str] | None:
    """(比较, 数, 单位) when ``text`` is one comparison + number + unit."""
    op = None
    for word, sym in 比较词:
        if text.startswith(word):
            op, text = sym, text[len(word):].lstrip()
            break
    for word, sym in 比较后缀词:
        if text.endswith(word) and op is None:
            head = text[: -len(word)].rstrip()
            if head and head[-1] not in "≥≤=<>":
                op, text = sym, head
            break
    m = _定量.fullmatch(text)
    if not m:
        return None
    if m["op"]:
        if op is not None and op != m["op"]:
            return None
        op = m["op"]
    unit = (m["unit"] or "").strip()
    if any(unit.endswith(w) for w, _ in 比较后缀词):
        return None  # "0以上以上": a comparison word left over is not a unit
    return op, m["num"], unit


@lru_cache(maxsize=4096)
def _解析文本(raw: str) -> 指标值:
    text = _规范(raw)
    if 是占位符(text):
        return 指标值("空", 原文=raw)
    if text in 不适用词:
        return 指标值("不适用", 原文=raw)
    if text in ("无", "零"):
        # "无" as an actual means none happened (安全事故 =0次 → 无).
        return 指标值("定量", None, Decimal(0), "", 原文=raw)
    body = _备注.sub("", text) if re.search(r"\d", text) else text
    parsed = _读数量(body)
    if parsed is not None:
        op, num, unit = parsed
        return 指标值("定量", op, 转数字(num), unit, 原文=raw)
    has_op = re.match(r"[≥≤=<>]", text) is not None or any(
        re.match(rf"{w}\s*[+-]?\d", text) for w, _ in 比较词
    )
    if has_op:
        return 指标值("无法识别", 原因=f"'{raw}'有比较符号，但后面不是数字（请用阿拉伯数字，如 ≥90%）", 原文=raw)
    lead = re.match(rf"(?:{_数})\s*", text)
    if lead and len(text) - lead.end() <= 4:
        return 指标值("无法识别", 原因=f"'{raw}'以数字开头，但其后的内容无法识别为单位（如 %、万人、小时）", 原文=raw)
    return 指标值("定性", 文本=text, 原文=raw)


def 解析指标值(value: object) -> 指标值:
    """Read a 年度指标值 or 实际完成值 cell. Never raises."""
    if value is None:
        return 指标值("空")
    if isinstance(value, bool):
        return 指标值("无法识别", 原因=f"'{value}'不是指标值", 原文=str(value))
    if isinstance(value, (int, float, Decimal)):
        try:
            return 指标值("定量", None, 转数字(value), "", 原文=str(value))
        except ValueError as exc:
            return 指标值("无法识别", 原因=str(exc), 原文=str(value))
    return _解析文本(str(value))


def 格式化指标值(v: 指标值) -> str:
    """The canonical spelling of a parsed value: ``≥28万人``, ``健全``, ``不适用``, ``""``."""
    if v.类型 == "定量":
        return f"{v.比较 or ''}{_数字文本(v.数值)}{v.单位}"
    if v.类型 == "定性":
        return v.文本
    if v.类型 == "不适用":
        return "不适用"
    if v.类型 == "无法识别":
        return v.原文
    return ""


def _数字文本(d: Decimal | None) -> str:
    assert d is not None
    # Unlike 显示数 elsewhere, a negative zero ("-0", "-0.00") is written 0 in a 指标值.
    return "0" if d.is_zero() else 显示数(d)
