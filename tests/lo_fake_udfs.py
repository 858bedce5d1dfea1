"""Small stand-in for the ``udfs`` package, used by tests/test_libreoffice.py.

It is imported inside LibreOffice's own Python by the UDF bridge, so it must stay
pure standard library. The names are Chinese on purpose: that is what the bridge
has to carry through Basic and the script provider.
"""

from __future__ import annotations


def 执行率得分(执行数: float, 预算数: float, 分值: float = 10) -> float:
    """执行率 × 分值，执行率封顶 100%，保留两位小数。"""
    if not 预算数:
        raise ZeroDivisionError("预算数为零")
    return round(min(执行数 / 预算数, 1.0) * 分值, 2)


def 分档表(行数: float, 列数: float) -> list[list[float]]:
    """行数 × 列数 的二维表，元素为 行号*10+列号（从 1 起）：给数组公式用。"""
    return [[r * 10 + c for c in range(1, int(列数) + 1)] for r in range(1, int(行数) + 1)]


def 求和(区域: tuple[tuple[object, ...], ...]) -> float:
    """区域中数字之和；空单元格（None）与文字跳过。"""
    return float(sum(v for row in 区域 for v in row if isinstance(v, (int, float))))


def 描述(值: object = "缺省") -> str:
    """参数到达 Python 时的 repr：检查桥如何传递空单元格、区域与缺省参数。"""
    return repr(值)


def 必然出错(值: object) -> float:
    raise ValueError(f"不接受 {值!r}")
