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
"""

from __future__ import annotations

import re

from .amounts import 规范文本
from .errors import 无法判定档次

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


def 判定档次(年度指标值: str, 实际完成值: str) -> str:
    """达成 / 部分达成 / 未达成 for a qualitative actual against its target."""
    target, actual = _净(年度指标值), _净(实际完成值)
    if not actual:
        raise 无法判定档次("实际完成值为空", "实际完成值")
    if actual == target or actual in 达成套语:
        return "达成"
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
