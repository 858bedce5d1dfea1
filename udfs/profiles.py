"""Rule profiles (口径): which variant of the scoring rules a form follows.

The national rules leave choices open (the reverse curve, the qualitative
tiers, how many points 执行率 is worth) and provinces fill them differently.
A profile is a small TOML table; the built-in ones live in ``udfs/profiles/``
and a unit can add its own by dropping a ``.toml`` file in a folder named by
the environment variable ``JIXIAO_PROFILES`` (several folders separated by
``os.pathsep``) or in ``~/.jixiao/profiles``.

>>> p = 取口径("湖北")
>>> p.执行率分值, [(t.档次, t.下限, t.上限) for t in p.定性档次][1]
(Decimal('20'), ('部分达成', Decimal('0.5'), Decimal('0.8')))
>>> 取口径("上海").档次("部分达成").默认
Decimal('0.5')
>>> sorted(口径列表())
['一体化', '上海', '湖北', '财政部']
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .errors import 口径不存在, 口径文件有误
from .vocabulary import 末等, 档次名, 默认等级

__all__ = ["口径", "档次", "取口径", "口径列表", "内置口径", "口径说明", "默认口径", "反向规则", "无法读取的口径文件",
           "重新加载"]

默认口径 = "财政部"
反向规则 = ("比例", "一体化")
_内置目录 = Path(__file__).with_name("profiles")


@dataclass(frozen=True)
class 档次:
    档次: str
    上限: Decimal
    下限: Decimal
    默认: Decimal


@dataclass(frozen=True)
class 口径:
    名称: str
    说明: str
    执行率分值: Decimal
    指标分值: Decimal
    反向规则: str
    定性档次: tuple[档次, ...]
    等级线: tuple[tuple[str, Decimal], ...]  # (grade, lowest 总分), best first
    超额需说明倍数: Decimal | None = None
    文件: str = ""
    末等: str = 末等  # the grade below every line (差)

    def 档次(self, name: str) -> 档次:
        for tier in self.定性档次:
            if tier.档次 == name:
                return tier
        raise KeyError(name)


def _目录() -> list[Path]:
    dirs = [_内置目录]
    extra = os.environ.get("JIXIAO_PROFILES")
    if extra:
        dirs += [Path(p) for p in extra.split(os.pathsep) if p]
    dirs.append(Path.home() / ".jixiao" / "profiles")
    return [d for d in dirs if d.is_dir()]


def _数(table: dict, key: str, path: Path) -> Decimal:
    if key not in table:
        raise 口径文件有误(f"口径文件缺少'{key}'", str(path))
    value = table[key]
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite():
        raise 口径文件有误(f"'{key}'应为数字，实为{value!r}", str(path))
    return number


def _读取(path: Path) -> 口径:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:  # its message names the line: "... (at line 3, column 5)"
        raise 口径文件有误(f"不是有效的 TOML：{exc}", str(path)) from None
    except UnicodeDecodeError:
        raise 口径文件有误("文件不是 UTF-8 编码（请用记事本“另存为”UTF-8）", str(path)) from None
    name = str(data.get("名称") or path.stem)
    curve = data.get("反向规则", "比例")
    if curve not in 反向规则:
        raise 口径文件有误(f"反向规则'{curve}'不受支持，可选：{'、'.join(反向规则)}", str(path))
    tiers = tuple(
        档次(str(t.get("档次")), _数(t, "上限", path), _数(t, "下限", path), _数(t, "默认", path))
        for t in data.get("定性档次", [])
    )
    if tuple(t.档次 for t in tiers) != 档次名:
        raise 口径文件有误(f"定性档次应依次为{'、'.join(档次名)}", str(path))
    for t in tiers:
        if not (Decimal(0) <= t.下限 <= t.默认 <= t.上限 <= Decimal(1)):
            raise 口径文件有误(f"档次'{t.档次}'应满足 0 ≤ 下限 ≤ 默认 ≤ 上限 ≤ 1", str(path))
    grades = data.get("等级", dict(默认等级))
    if not isinstance(grades, dict) or not grades:
        raise 口径文件有误("'等级'应为“等级名 = 最低总分”的表，如 优 = 90", str(path))
    lines = tuple(sorted(((str(k), _数(grades, k, path)) for k in grades), key=lambda kv: -kv[1]))
    over = data.get("超额需说明倍数")
    return 口径(
        名称=name,
        说明=data.get("说明", ""),
        执行率分值=_数(data, "执行率分值", path),
        指标分值=_数(data, "指标分值", path),
        反向规则=curve,
        定性档次=tiers,
        等级线=lines,
        超额需说明倍数=_数(data, "超额需说明倍数", path) if over is not None else None,
        文件=str(path),
        末等=str(data.get("末等") or 末等),
    )


def _名称(path: Path) -> str | None:
    """The 名称 a profile file declares, if it can be read that far."""
    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("名称")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    return str(name) if name else None


@lru_cache(maxsize=1)
def _全部() -> tuple[dict[str, 口径], dict[str, 口径文件有误], tuple[str, ...]]:
    """The readable profiles by name, the unreadable files by their stem (one bad file costs no other),
    and the names of the shipped profiles in file order."""
    found: dict[str, 口径] = {}
    broken: dict[str, 口径文件有误] = {}
    shipped: list[str] = []
    for folder in _目录():
        for path in sorted(folder.glob("*.toml")):
            try:
                profile = _读取(path)
            except 口径文件有误 as exc:
                for name in {path.stem, _名称(path)} - {None}:
                    broken[name] = exc
                continue
            if folder == _内置目录:
                shipped.append(profile.名称)
            found[profile.名称] = profile  # later folders override built-ins of the same name
            broken.pop(profile.名称, None)
    return found, broken, tuple(shipped)


def 口径列表() -> list[str]:
    return list(_全部()[0])


def 内置口径() -> tuple[str, ...]:
    """The names of the profiles shipped with the tool, the default first (what help texts list).

    >>> 内置口径()[0], len(内置口径())
    ('财政部', 4)
    """
    # without the files (a Lite folder imported without them) the default still stands
    return tuple(sorted(_全部()[2], key=lambda n: n != 默认口径)) or (默认口径,)


def 口径说明(默认: str = "（默认）") -> str:
    """The shipped profiles in words, for help texts and the function wizard.

    >>> 口径说明()
    '财政部（默认）、湖北、上海、一体化或自定义'
    """
    first, *rest = 内置口径()
    return "、".join([first + 默认, *rest]) + "或自定义"


def 无法读取的口径文件() -> dict[str, 口径文件有误]:
    """Profile files that could not be read, by name, with the reason (``jixiao profiles`` lists them)."""
    return dict(_全部()[1])


def 取口径(name: object = None) -> 口径:
    """The profile called ``name`` (default 财政部); unknown names list the known ones."""
    if name is not None and not isinstance(name, str):
        raise 口径不存在(f"口径应为名称（如 财政部），不是{name!r}", "口径")
    name = (name or 默认口径).strip() or 默认口径
    profiles, broken, _ = _全部()
    if name not in profiles:
        if name in broken:
            raise broken[name]
        raise 口径不存在(f"没有名为'{name}'的口径，可选：{'、'.join(profiles)}", "口径")
    return profiles[name]


def 重新加载() -> None:
    """Forget loaded profiles (after a user adds a file)."""
    _全部.cache_clear()
