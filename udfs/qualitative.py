"""Qualitative indicators (定性指标): which tier an answer falls in.

The national rule scores a qualitative indicator in three tiers — 达成
(100–80% of 分值), 部分达成并具有一定效果 (80–60%), 未达成且效果较差
(60–0%) — and leaves the point inside a tier to the evaluator.  This module
only decides the tier, from the words real forms use; the profile
(:mod:`udfs.profiles`) supplies the bounds and the default point.

>>> 判定档次("健全", "健全"), 判定档次("健全", "基本健全"), 判定档次("健全", "不健全")
('达成', '部分达成', '未达成')
>>> 判定档次("达到预期效果", "达成预期指标")
'达成'
>>> 判定档次("下降", "下降"), 判定档次("提升", "下降"), 判定档次("提升", "持平")
('达成', '未达成', '未达成')
>>> 判定档次("完善", "基本完善"), 判定档次("健全", "不断完善"), 判定档次("良好", "较差")
('部分达成', '达成', '未达成')

A target may offer the tier words themselves (大英县's forms: ``定性优良中低差``,
``好坏``) and the actual name one.  The five words fall in the three national
tiers as a reader places them — the best reaches the target, the middle ones
reach it in part, the low ones do not (:data:`udfs.vocabulary.等级词`):

>>> [判定档次("定性优良中低差", w) for w in ("优", "良", "中", "低", "差")]
['达成', '部分达成', '部分达成', '未达成', '未达成']
>>> 判定档次("好坏", "好"), 判定档次("好坏", "坏"), 判定档次("优良中差", "良好")
('达成', '未达成', '部分达成')

A single tier word as the target is reached by itself or a better word of its
scale; a worse word falls in its own tier:

>>> 判定档次("良", "优"), 判定档次("优", "良"), 判定档次("良", "差")
('达成', '部分达成', '未达成')

A deadline met in words (``按时完成``, ``已完成``) is 达成:

>>> 判定档次("10月底前", "按时完成"), 判定档次("2023年底前完成", "已完成"), 判定档次("10月底前", "未完成")
('达成', '达成', '未达成')
"""

from __future__ import annotations

import re
from functools import lru_cache

from .amounts import 规范文本
from .errors import 无法判定档次
from .vocabulary import 定性前缀, 等级序列, 等级词

__all__ = ["判定档次"]

# Whole answers that say "the target was reached", whatever the target's wording.
达成套语 = frozenset({
    "达成预期指标", "达成预期目标", "达到预期效果", "达到预期目标", "达到预期", "达成预期", "达成", "已达成",
    "完成", "已完成", "全部完成", "按时完成", "按期完成", "实现", "已实现", "达标", "已达标", "符合", "符合要求",
    "是", "满足", "满足要求", "效果显著", "成效显著", "明显",
})
# Positive qualities; an answer that is one of them reaches a target that is another.
正面词 = frozenset({
    "健全", "完善", "完整", "有效", "合规", "合理", "充分", "规范", "明确", "适应", "良好", "优秀", "显著", "及时",
    "准确", "安全", "稳定", "正常", "满意", "到位", "齐全", "可行", "落实",
})
升词 = frozenset({"提升", "提高", "增加", "增长", "上升", "改善", "扩大", "加强", "增强", "优化"})
降词 = frozenset({"下降", "降低", "减少", "减轻", "缩短", "压缩", "节约"})
平词 = frozenset({"持平", "不变", "无变化", "基本持平"})
部分前缀 = ("基本", "部分", "较为", "大部分", "初步", "总体", "一般", "较")
否定前缀 = ("不", "未", "没有", "尚未", "暂未", "无")
否定词 = frozenset({"否", "差", "较差", "无效", "失败", "滞后"})
# "不断完善" means continuing improvement, not a negation.
非否定 = ("不断", "不少于", "不低于")
程度词 = re.compile(r"^(明显|显著|大幅|大幅度|进一步|持续|稳步|有所|逐步|不断)")
_标点 = re.compile(r"[\s,，。.;；、:：!！]+")


def _净(text: str) -> str:
    return _标点.sub("", 规范文本(text))


def _方向(text: str) -> str | None:
    core = 程度词.sub("", text)
    if core in 升词:
        return "升"
    if core in 降词:
        return "降"
    if text in 平词:
        return "平"
    return None


_等级同义 = {"优秀": "优", "良好": "良", "中等": "中"}
_等级词序 = tuple(sorted(等级词, key=len, reverse=True))
_分隔 = re.compile(r"[/|、,，;；和或及与]+")


def _去前缀(text: str) -> str:
    for prefix in 定性前缀:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):].lstrip(":：")
    return text


def _等级表(text: str) -> tuple[str, ...] | None:
    """The tier words ``text`` consists of (优良中低差 → 优 良 中 低 差), or None."""
    text = _分隔.sub("", _去前缀(text))
    words: list[str] = []
    while text:
        word = next((w for w in _等级词序 if text.startswith(w)), None)
        if word is None:
            return None
        words.append(word)
        text = text[len(word):]
    return tuple(words) or None


def _等级(target: str, actual: str) -> str | None:
    """The tier of a tier word against a list of tier words (or one of them); None if they are not that."""
    offered = _等级表(target)
    word = _去前缀(actual)
    if offered is None or word not in 等级词:
        return None
    if len(offered) > 1:
        return 等级词[word]
    t, a = _等级同义.get(offered[0], offered[0]), _等级同义.get(word, word)
    for scale in 等级序列:
        if t in scale and a in scale:
            return "达成" if scale.index(a) <= scale.index(t) else 等级词[word]
    return None


@lru_cache(maxsize=2048)
def 判定档次(年度指标值: str, 实际完成值: str) -> str:
    """达成 / 部分达成 / 未达成 for a qualitative actual against its target."""
    target, actual = _净(年度指标值), _净(实际完成值)
    if not actual:
        raise 无法判定档次("实际完成值为空", "实际完成值")
    if actual == target or actual in 达成套语:
        return "达成"
    tier = _等级(target, actual)
    if tier is not None:
        return tier
    t_dir, a_dir = _方向(target), _方向(actual)
    if t_dir in ("升", "降") and a_dir is not None:
        return "达成" if a_dir == t_dir else "未达成"
    if actual in 否定词:
        return "未达成"
    if actual.startswith(部分前缀):
        return "部分达成"
    if actual.startswith(否定前缀) and not actual.startswith(非否定):
        return "未达成"
    if target and target in actual:
        return "达成"
    if 程度词.sub("", actual) in 正面词 or actual.startswith(非否定):
        return "达成"
    raise 无法判定档次(
        f"无法自动判断实际完成值'{实际完成值}'是否达到年度指标值'{年度指标值}'；"
        "请把实际完成值写成与指标值可比的词（如 健全／基本健全／不健全），或填写人工得分",
        "实际完成值",
    )
