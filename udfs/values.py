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

What accountants write beyond a sign, a number and a unit (issue 9), each read
as a person reads it; the examples are spellings of published forms
(``tests/data/real_forms``, ``notes/forms_*.md``):

**Dates and deadlines** (类型 ``时间``).  A date, a deadline or a period —
``10月底前``, ``6月30日前``, ``12月底之前完成``, ``2023年底前完成``, ``2024年6月``,
``2019年``, ``第三季度``, ``1-12月``, ``全年``, ``2021年1月-12月`` — is kept as the
point it ends at (止, a :class:`时点` of 年/月/日, any of them missing) and, for a
period, the point it starts at (起).  ``前`` marks a deadline (比较 ``≤``); a
deadline includes the day, month or year it names (``10月前`` is read as
``10月底前``, the lenient reading forms mean).  ``N月`` alone (no sign, 1–12) is a
month, not N months (``3个月`` is a duration); a four-digit ``YYYY年`` (1900–2100)
is a year.  ``2023.12`` stays a number when read alone (it could be an amount);
the scoring reads it as a date when the other side is one.

>>> 解析指标值("10月底前")
指标值(类型='时间', 比较='≤', 止=时点(年=None, 月=10, 日=None))
>>> 解析指标值("12月底之前完成") == 解析指标值("12月底前"), 解析指标值("6月30日前").止
(True, 时点(年=None, 月=6, 日=30))
>>> 解析指标值("2021年1月-12月")
指标值(类型='时间', 起=时点(年=2021, 月=1, 日=None), 止=时点(年=2021, 月=12, 日=None))
>>> 格式化指标值(解析指标值("第三季度")), 格式化指标值(解析指标值("全年")), 格式化指标值(解析指标值("2023年底前完成"))
('7月-9月', '1月-12月', '2023年底前')

**Compound units**: ``元/人·月`` (also ``元/人*月``, ``元/人/月``), ``次/年``,
``人次/月``, ``元/亩``, ``㎡``/``m²`` (``m2`` after NFKC), ``m³``, ``km``, ``‰``;
a compound unit may be longer than four characters.

>>> 解析指标值("≤300元/人*月").单位, 解析指标值("100㎡").单位, 解析指标值("小于0.9‰")
('元/人·月', 'm2', 指标值(类型='定量', 比较='<', 数值=Decimal('0.9'), 单位='‰'))

**Ranges** (比较 ``区间``, 数值 the lower bound, 上限 the upper): ``85%-95%``,
``85%～95%``, ``85%至95%``, ``85-95%``.

>>> 解析指标值("85%～95%")
指标值(类型='定量', 比较='区间', 数值=Decimal('85'), 单位='%', 上限=Decimal('95'))
>>> 解析指标值("85-95%") == 解析指标值("85%至95%") == 解析指标值("85%-95%")
True

**Chinese numerals** before a counting word: ``两次``, ``三个``, ``十项``,
``一百二十人``; ``百分比`` is ``%`` (``≥100百分比``).  ``百分之九十`` is still
refused: forms are asked to write 90%.

>>> [格式化指标值(解析指标值(t)) for t in ("两次", "三个", "十项", "一百二十人", "≥100百分比")]
['2次', '3个', '10项', '120人', '≥100%']

**Words around the number**: ``已完成100%``, ``完成率98%``, ``累计12次``,
``共计3次``, ``约5000人``, ``至少开展2次宣传`` (≥2次: the noun after a counting
word names what was counted), ``每亩300元`` (300 元/亩).  A sign repeated in
an actual (``≥90%``) is kept, and the scoring reads only the number.

>>> [格式化指标值(解析指标值(t)) for t in ("已完成100%", "完成率98%", "累计12次", "共计3次", "至少开展2次宣传", "每亩300元")]
['100%', '98%', '12次', '3次', '≥2次', '300元/亩']

A cell may repeat its column's name before the value (``实际完成值≥90%``); the name is not part of it.

>>> 格式化指标值(解析指标值("实际完成值≥90%")), 格式化指标值(解析指标值("年度指标值：=0件"))
('≥90%', '=0件')

**The template's hint left in**: target forms print a hint such as ``(≥**人)`` or
``（≤**元）`` in the cell for the filler to replace; some leave it and write the
value after it (宁夏 同心县 2023: ``(≥**株)>=17600株``).  A bracket holding ``**`` is
the hint, not the value.

>>> 格式化指标值(解析指标值("(≥**株)>=17600株")), 格式化指标值(解析指标值("（≥**%）>=85%"))
('≥17600株', '≥85%')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .amounts import 是占位符, 显示数, 规范文本, 转数字
from .errors import 数值无法识别
from .units import 规范单位
from .vocabulary import (
    不适用词,
    中文大数位,
    中文数位,
    中文数字,
    区间连接词,
    完成词,
    年末词,
    数前词,
    时点尾词,
    时长量词,
    期间词,
    期限前词,
    期限后词,
    比较后缀词,
    比较词,
    计数量词,
)

__all__ = ["指标值", "时点", "解析指标值", "格式化指标值"]

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
# A unit: %, ‰, m2/m3 (㎡ and m² after NFKC), or up to four characters, or a compound of such pieces
# joined by / · * × (元/人·月, 次/年, /株).
_单位片 = r"[^\d\s%‰≥≤=<>+\-,.()（）/·*×・･~至到—–]{1,4}"
_单位 = rf"%|‰|[A-Za-z]{{1,2}}[23]|/?{_单位片}(?:[/·*×・･]{_单位片})*"
_定量 = re.compile(rf"(?P<op>[≥≤=<>])?\s*(?P<num>{_数})\s*(?P<unit>{_单位})?")
_区间 = re.compile(
    rf"(?P<lo>{_数})\s*(?P<u1>{_单位})?\s*(?P<sep>{'|'.join(map(re.escape, 区间连接词))})\s*(?P<hi>{_数})\s*(?P<u2>{_单位})?"
)
_单位式 = re.compile(_单位)
_数式 = re.compile(_数)
_备注 = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_空白 = re.compile(r"\s+")
# a cell that repeats its column's name before the value (云南 昌宁 2021: "年初目标值≥90%,实际完成值≥90%")
_字段名前缀 = re.compile(r"^(?:实际完成值|年度指标值|年初目标值|目标值|实际值|完成值|指标值)\s*[:：]?\s*(?=[<>=≥≤≠≧≦═＝＞＜\d])")
_模板提示 = re.compile(r"[(（][^()（）]*\*\*[^()（）]*[)）]")  # "(≥**人)": the target form's hint, left in
_汉字 = re.compile(r"[\u4e00-\u9fff]*")


class 时点(NamedTuple):
    """A point in time as written: any of 年, 月, 日 may be missing (``10月底`` has no 年 and no 日)."""

    年: int | None
    月: int | None
    日: int | None = None

    def 文本(self) -> str:
        return "".join(f"{n}{u}" for n, u in ((self.年, "年"), (self.月, "月"), (self.日, "日")) if n is not None)


@dataclass(frozen=True)
class 指标值:
    """One parsed cell.

    类型: ``定量`` (a number or a range), ``时间`` (a date, a deadline or a
    period), ``定性`` (words such as 健全, 提升), ``不适用``, ``空`` (blank or a
    dash) or ``无法识别`` (then 原因 says why).
    数值 is in the written unit: ``≥28万人`` has 数值 28 and 单位 ``万人``;
    a percentage keeps its points (``90%`` → 90, 单位 ``%``).  A range has 比较
    ``区间``, 数值 its lower and 上限 its upper bound.  A 时间 has 止 (where it
    ends), 起 (where a period starts) and 比较 ``≤`` for a deadline (``…前``).
    """

    类型: str
    比较: str | None = None
    数值: Decimal | None = None
    单位: str = ""
    文本: str = ""
    原因: str = ""
    原文: str = field(default="", compare=False)
    上限: Decimal | None = None
    起: 时点 | None = None
    止: 时点 | None = None

    @property
    def 百分比(self) -> bool:
        return self.单位 == "%"

    def __repr__(self) -> str:
        shown = [f"类型={self.类型!r}"]
        for name in ("比较", "数值", "单位", "文本", "原因", "上限", "起", "止"):
            value = getattr(self, name)
            if value not in (None, ""):
                shown.append(f"{name}={value!r}")
        return f"指标值({', '.join(shown)})"


def _规范(text: str) -> str:
    text = _空白.sub(" ", 规范文本(text))
    text = _模板提示.sub("", text)
    text = _字段名前缀.sub("", text)
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
    return op, m["num"], 规范单位(unit)


# --- dates, deadlines and periods ------------------------------------------------------------------------

_年 = r"(?P<y>\d{4})年"
_时点式 = re.compile(rf"(?:{_年})?(?:(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})[日号])?)?(?:{'|'.join(时点尾词)})?")
_年末式 = re.compile(rf"(?:(?P<y>\d{{4}})年?)?(?:{'|'.join(sorted(年末词, key=len, reverse=True))})")
_季度式 = re.compile(r"(?:(?P<y>\d{4})年)?第?(?P<q>[1-4一二三四])季度?")
_期间式 = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<w>{'|'.join(sorted(期间词, key=len, reverse=True))})")
_日期式 = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?")  # 2023-12, 2023/12/31
_季序 = {"一": 1, "二": 2, "三": 3, "四": 4}


def _有效(p: 时点) -> bool:
    if p.年 is not None and not 1900 <= p.年 <= 2100:
        return False
    if p.月 is not None and not 1 <= p.月 <= 12:
        return False
    if p.日 is not None:
        if p.月 is None:
            return False
        return 1 <= p.日 <= calendar.monthrange(p.年 or 2000, p.月)[1]
    return p.年 is not None or p.月 is not None


def _int(s: str | None) -> int | None:
    return None if s is None else int(s)


def _读时点(text: str) -> 时点 | None:
    """One point: 2024年6月30日, 10月底, 2019年, 2023年底, 2023-12, 2023/12/31."""
    if (m := _时点式.fullmatch(text)) is not None and (m["y"] or m["m"]):
        p = 时点(_int(m["y"]), _int(m["m"]), _int(m["d"]))
    elif (m := _年末式.fullmatch(text)) is not None:
        p = 时点(_int(m["y"]), None) if m["y"] else 时点(None, 12)
    elif (m := _日期式.fullmatch(text)) is not None and (m["d"] or "." not in text):
        # 2023-12, 2023/12 and 2023.12.31 are dates; 2023.12 alone stays a number (see the module docstring)
        p = 时点(_int(m["y"]), _int(m["m"]), _int(m["d"]))
    else:
        return None
    return p if _有效(p) else None


def _读期间(text: str) -> tuple[时点, 时点] | None:
    """A period: 1-12月, 2021年1月-12月, 第三季度, 全年, 上半年, 2019-2020年."""
    if (m := _季度式.fullmatch(text)) is not None:
        q = _季序.get(m["q"]) or int(m["q"])
        y = _int(m["y"])
        return 时点(y, 3 * q - 2), 时点(y, 3 * q)
    if (m := _期间式.fullmatch(text)) is not None:
        first, last = 期间词[m["w"]]
        y = _int(m["y"])
        return 时点(y, first), 时点(y, last)
    for sep in 区间连接词:
        left, found, right = text.partition(sep)
        if not found or not left or not right or (right.isascii() and right.isdigit()):
            continue
        end = _读时点(right)
        if end is None:
            continue
        start = _读时点(left)
        if start is None and left[-1:].isascii() and left[-1:].isdigit():
            # 1-12月, 2021年1-12月, 2019-2020年: the left side ends in the right side's unit
            start = _读时点(left + ("日" if end.日 is not None else "月" if end.月 is not None else "年"))
        if start is None:
            continue
        if start.年 is None and end.年 is not None:
            start = start._replace(年=end.年)
        elif end.年 is None and start.年 is not None:
            end = end._replace(年=start.年)
        if _有效(start) and _有效(end):
            return start, end
    return None


def _去词(text: str, words: tuple[str, ...], end: bool) -> tuple[str, bool]:
    for w in sorted(words, key=len, reverse=True):
        if end and text.endswith(w) and len(text) > len(w):
            return text[: -len(w)].rstrip(), True
        if not end and text.startswith(w) and len(text) > len(w):
            return text[len(w):].lstrip(), True
    return text, False


def _读时间(text: str, raw: str) -> 指标值 | None:
    """A date, a deadline (…前) or a period; None when ``text`` is not one."""
    if not any(c in text for c in "年月日季-/."):
        return None
    text, _ = _去词(text, 完成词, end=True)
    text, before = _去词(text, 期限前词, end=False)
    text, after = _去词(text, 期限后词, end=True)
    deadline = before or after
    period = _读期间(text)
    if period is not None:
        return 指标值("时间", None, 原文=raw, 起=period[0], 止=period[1])
    point = _读时点(text)
    if point is None:
        return None
    return 指标值("时间", "≤" if deadline else None, 原文=raw, 止=point)


# --- ranges --------------------------------------------------------------------------------------------

def _读区间(text: str, raw: str) -> 指标值 | None:
    m = _区间.fullmatch(text)
    if not m:
        return None
    u1, u2 = 规范单位((m["u1"] or "").strip()), 规范单位((m["u2"] or "").strip())
    if u1 and u2 and u1 != u2:
        return None
    unit = u1 or u2
    lo, hi = 转数字(m["lo"]), 转数字(m["hi"])
    if lo > hi:
        lo, hi = hi, lo
    return 指标值("定量", "区间", lo, unit, 原文=raw, 上限=hi)


# --- Chinese numerals ----------------------------------------------------------------------------------

_中文字 = "".join([*中文数字, *中文数位, *中文大数位])
_中文后 = tuple(sorted((*计数量词, *时长量词), key=len, reverse=True))
_中文串 = re.compile(rf"(?<![\d.])[{_中文字}]+")


def _中文数值(run: str) -> int | None:
    """一百二十 → 120, 两 → 2, 十 → 10, 二〇二三 → 2023; None for what is not one number (三五)."""
    if all(c in 中文数字 for c in run):  # 两, or a year spelt digit by digit (二〇二三)
        if len(run) == 1 or (len(run) == 4 and "两" not in run):
            return int("".join(str(中文数字[c]) for c in run))
        return None
    total = section = 0
    digit: int | None = None
    last_place = 10**9
    for c in run:
        if c in 中文数字:
            if digit is not None and 中文数字[c] != 0 and digit != 0:
                return None  # 三五个: "three or five", not a number
            digit = 中文数字[c] if 中文数字[c] else (digit if digit else 0)
        elif c in 中文数位:
            place = 中文数位[c]
            if place >= last_place:
                return None
            section += (1 if digit is None else digit) * place
            digit, last_place = None, place
        else:
            if not section and digit is None:
                return None  # 万人 alone: not a number
            big = 中文大数位[c]
            total += (section + (digit or 0)) * big
            section, digit, last_place = 0, None, 10**9
    return total + section + (digit or 0)


def _中文转数(text: str) -> str:
    """Chinese numerals before a counting word or a unit of time, in Arabic digits (两次 → 2次)."""

    def sub(m: re.Match[str]) -> str:
        run, rest = m[0], text[m.end():]
        if not rest.startswith(_中文后):
            return run
        n = _中文数值(run)
        return run if n is None else str(n)

    return _中文串.sub(sub, text)


# --- words around the number ---------------------------------------------------------------------------

_每段 = r"每((?:(?!每)[\u4e00-\u9fff]){1,2})"
_每 = re.compile(rf"(?:{_每段})+")
_量词 = tuple(sorted(计数量词, key=len, reverse=True))
_倍 = ("千万", "百万", "十万", "亿", "万", "千")


def _读词间(text: str, raw: str) -> 指标值 | None:
    """One number with words around it: 已完成100%, 累计12次, 至少开展2次宣传, 每亩300元."""
    nums = list(_数式.finditer(text))
    if len(nums) != 1:
        return None
    op = None
    compared = False
    for word, sym in 比较词:
        if text.startswith(word):
            op, compared = sym, True
            text = text[len(word):]
            break
    m = _数式.search(text)
    assert m is not None
    lead, num, tail = text[: m.start()].strip(" :："), m[0], text[m.end():].strip().rstrip("。.;；!！")
    per = ""
    if lead.startswith("每") and _每.fullmatch(lead):
        per, lead = "·".join(re.findall(_每段, lead)), ""
    elif lead and not (_汉字.fullmatch(lead) and len(lead) <= 12 and (compared or lead.endswith(数前词))):
        return None
    for word, sym in 比较后缀词:
        if tail.endswith(word) and len(tail) > len(word):
            if op is not None and op != sym:
                return None
            op, tail = sym, tail[: -len(word)].rstrip()
            break
    unit = None
    if lead or compared:  # a noun after a counting word names what was counted: 2次宣传
        head = next((p for p in _倍 if tail.startswith(p)), "")
        word = next((w for w in _量词 if tail[len(head):].startswith(w)), None)
        if word and _汉字.fullmatch(tail[len(head) + len(word):]) and len(tail) <= 20:
            unit = head + word
    if unit is None:
        if tail and not _单位式.fullmatch(tail):
            return None
        unit = 规范单位(tail)
    if per:
        if not unit or "/" in unit or unit in ("%", "‰"):
            return None
        unit = f"{unit}/{per}"
    if not (lead or compared or per):
        return None
    return 指标值("定量", op, 转数字(num), unit, 原文=raw)


# --- the parser ----------------------------------------------------------------------------------------

def _读(text: str, raw: str) -> 指标值 | None:
    v = _读时间(text, raw)
    if v is not None:
        return v
    parsed = _读数量(text)
    if parsed is not None:
        op, num, unit = parsed
        return 指标值("定量", op, 转数字(num), unit, 原文=raw)
    if re.search(r"\d", text):
        return _读区间(text, raw) or _读词间(text, raw)
    return None


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
    try:
        v = _读(body, raw)
        if v is None and any(c in _中文字 for c in body) and "分之" not in body:
            spelled = _中文转数(body)
            if spelled != body:
                v = _读(spelled, raw)
                # 两次, 一百二十人, 十月底前; not 一次性补助 (a numeral inside a word)
                if v is not None and not (v.类型 == "时间" or v.单位 in _中文后):
                    v = None
    except 数值无法识别 as exc:
        return 指标值("无法识别", 原因=f"'{raw}'：{exc.reason}", 原文=raw)
    except ValueError as exc:  # pragma: no cover - a guard: the parser never raises
        return 指标值("无法识别", 原因=f"'{raw}'无法识别（{exc}）", 原文=raw)
    if v is not None:
        return v
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
    if type(value) is str:
        return _解析文本(value)
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
    """The canonical spelling of a parsed value: ``≥28万人``, ``85%-95%``, ``10月底前``, ``健全``, ``不适用``, ``""``."""
    if v.类型 == "定量":
        if v.比较 == "区间":
            assert v.数值 is not None and v.上限 is not None
            sep = "至" if v.数值 < 0 else "-"
            return f"{_数字文本(v.数值)}{v.单位}{sep}{_数字文本(v.上限)}{v.单位}"
        return f"{v.比较 or ''}{_数字文本(v.数值)}{v.单位}"
    if v.类型 == "时间":
        assert v.止 is not None
        if v.起 is not None:
            return f"{v.起.文本()}-{v.止.文本()}"
        if v.比较 == "≤":
            return v.止.文本() + ("前" if v.止.日 is not None else "底前")
        return v.止.文本()
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
