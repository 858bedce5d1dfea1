"""The words of the form, declared once: every other module derives from here.

Real forms name the same thing many ways.  This module holds the vocabulary the readers,
the parser, the workbooks and the docs share, so a new spelling is added in one place:

* comparison signs and the words that stand for them (``不低于`` → ``≥``, ``正向`` → ``≥``);
* the words written around a number (``已完成100%``, ``累计12次``, ``至少开展2次宣传``, ``每亩300元``),
  the counting words (量词) and Chinese numerals (``两次``, ``一百二十人``);
* the words of dates and deadlines (``10月底前``, ``2023年底前完成``, ``第三季度``, ``全年``) and of ranges
  (``85%～95%``, ``85%至95%``);
* the qualitative tiers (达成 / 部分达成 / 未达成), the tier words a form may offer as its target
  (``优良中低差``, ``好坏``) and the default grades (优 良 中 差);
* the fund rows (年度资金总额 and the rows under it, with every label seen on real forms);
* the column headers of the fund table, the goals, the indicator table and the form's header;
* the standard 一级/二级 indicator groups of the 财政部 form.

Headers are compared after :func:`规范标签`: NFKC, no whitespace, no trailing colon, no
leading 其中 or item numbers, and no bracketed notes — real headers carry their formula or
unit in brackets (``执行率(B/A)``, ``全年预算数（A）``, ``年中调整金额②``, ``得分(20分*执行率)``):

>>> 规范标签(" 其中：当年财政 拨款 "), 规范标签("执行率(B/A)"), 规范标签("小计③=①+②")
('当年财政拨款', '执行率', '小计')
>>> 表头字段("全年实际值", "指标"), 表头字段("权重", "指标"), 表头字段("未完成原因和改进措施", "指标")
('实际完成值', '分值', '偏差原因分析及改进措施')
>>> 表头字段("调整后预算数", "资金"), 表头字段("预算执行率", "资金"), 表头字段("得分(20分*执行率)", "资金")
('全年预算数', '执行率', '得分')
>>> 表头字段("火星指标", "指标") is None
True
>>> 资金行名称("其中：当年财政拨款"), 资金行名称("年度财政资金总额："), 资金行名称("总额"), 资金行名称("财政资金")
('财政拨款', '年度资金总额', '年度资金总额', '财政拨款')
>>> 资金行名称("中央、省、市补助县级资金") is None, 是总额标签("合 计")
(True, True)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "一级选项", "不适用词", "二级选项", "表头", "表头字段", "资金行", "资金行名称", "资金行顺序", "资金表头",
    "指标表头", "末等", "档次名", "标准指标分组", "比较后缀词", "比较符号", "比较词", "方向词", "目标表头",
    "表头字段名", "规范标签", "默认等级", "是总额标签", "表单字段", "分组标签", "按性质分", "二级所属",
    "中文数字", "中文数位", "中文大数位", "计数量词", "时长量词", "数前词", "百分比单位", "区间连接词", "复合单位乘号",
    "期限前词", "期限后词", "完成词", "时点尾词", "期间词", "年末词", "季度词", "等级词", "等级序列", "定性前缀",
]

# --- comparison --------------------------------------------------------------------------------------

比较符号 = ("≥", "≤", "=", ">", "<")  # 正向 ≥ >, 反向 ≤ <, = exact

# Words that stand for a sign, longest first (a prefix of the value: 不低于95%; or the whole
# 指标性质/指标方向 cell of a split table).
比较词: tuple[tuple[str, str], ...] = (
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("达到", "≥"), ("高于或等于", "≥"),
    ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不大于", "≤"), ("不多于", "≤"),
    ("至多", "≤"), ("控制在", "≤"), ("低于或等于", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"),
    ("等于", "="),
)
# Words after the number: 95%以上, 24小时内.
比较后缀词: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"), ("或以上", "≥"), ("以上", "≥"),
    ("及以下", "≤"), ("或以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
)
# A 指标方向 column that gives only the direction.
方向词 = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "逆向": "≤", "逆向指标": "≤"}

不适用词 = frozenset({"不适用", "不涉及", "无此项", "本项不适用", "此项不适用"})

# --- numbers: numerals, counting words, words around a number -------------------------------------------

# Chinese numerals (两 is 2 in a count: 两次), the capital forms of receipts, and the place words.
中文数字 = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
中文数位 = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
中文大数位 = {"万": 10**4, "亿": 10**8}

# Counting words (量词), longest first: a Chinese numeral before one is a number (两次, 三个, 十项,
# 一百二十人), and a noun after one names what was counted (2次宣传 is 2次).
计数量词 = (
    "人次", "户次", "批次", "架次", "车次", "个", "次", "项", "人", "名", "户", "家", "场", "期", "批", "件", "份", "张",
    "台", "套", "所", "座", "条", "篇", "起", "处", "辆", "类", "种", "轮", "门", "本", "册", "块", "棵", "株", "头",
    "只", "亩", "宗", "例", "单", "间", "栋", "站", "组", "支", "部", "节", "课", "堂", "元",
)
# Units of time a Chinese numeral may precede (三个月, 两年, 十天); 个月 and 个工作日 start with 个.
时长量词 = ("个工作日", "工作日", "小时", "分钟", "季度", "个月", "年", "月", "周", "天", "日")
# Words right before the number that do not change it: 已完成100%, 完成率98%, 累计12次, 共计3次, 约5000人,
# 开展2次.  (A comparison word first, 至少开展2次宣传, is read by 比较词.)
数前词 = (
    "已完成", "完成率", "完成数", "完成", "实现", "累计", "共计", "合计", "总计", "共", "约", "大约", "约为", "达",
    "开展", "举办", "组织", "发放", "培训", "新增", "覆盖", "惠及", "服务", "受益", "为",
)
百分比单位 = ("百分比", "百分率")  # "≥100百分比", a 度量单位 "%(百分比)": both are %
区间连接词 = ("~", "至", "到", "—", "–", "-")  # 85%～95% (～ is ~ after NFKC), 85%至95%, 85-95%
复合单位乘号 = ("·", "*", "×", "・", "･", "/")  # 元/人·月 = 元/人*月 = 元/人/月

# --- dates and deadlines ------------------------------------------------------------------------------

期限前词 = ("截止到", "截止至", "截至", "截止", "不晚于", "不迟于", "在", "于")  # 截至2024年6月
期限后词 = ("之前", "以前", "前", "为止", "止")  # 10月底前, 6月30日前, 12月底之前
完成词 = ("完成", "完工", "竣工", "办结", "结束", "到位")  # 2023年底前完成: the date is what counts
时点尾词 = ("底", "末", "份", "度")  # 10月底, 6月末, 6月份, 2022年度: the end of the month or year named
# Periods with no number: (first month, last month).
期间词 = {"全年": (1, 12), "全年度": (1, 12), "年度": (1, 12), "上半年": (1, 6), "下半年": (7, 12)}
年末词 = ("年底", "年末", "年终", "年内", "年度内", "本年度", "本年", "当年")  # by the end of the year
季度词 = ("季度", "季")  # 第三季度, 三季度, 第3季度: months 7–9

# --- qualitative tiers and grades -----------------------------------------------------------------------

档次名 = ("达成", "部分达成", "未达成")  # the national rule's three tiers, best first
# A form may offer a list of tier words as the target (定性优良中低差, 优良中低差, 好坏) and write one of
# them as the actual.  Each word falls in a national tier: the best word reaches the target, the middle
# words reach it in part, the low words do not (优 → 达成; 良, 中 → 部分达成; 低, 差 → 未达成).
等级词: dict[str, str] = {
    "优": "达成", "优秀": "达成", "良": "部分达成", "良好": "部分达成", "中": "部分达成", "中等": "部分达成",
    "低": "未达成", "差": "未达成", "好": "达成", "较好": "部分达成", "一般": "部分达成", "较差": "未达成", "坏": "未达成",
}
# The scales tier words come in, best first (a single word as the target is met by itself or a better one).
等级序列: tuple[tuple[str, ...], ...] = (
    ("优", "良", "中", "低", "差"), ("好", "较好", "一般", "较差", "差"), ("好", "坏"),
)
定性前缀 = ("定性",)  # a target written 定性优良中低差, 定性：好坏
默认等级: tuple[tuple[str, int], ...] = (("优", 90), ("良", 80), ("中", 60))  # name, lowest 总分
末等 = "差"  # below the last line

# --- the 财政部 standard indicator groups -----------------------------------------------------------------

# 一级 -> its 二级 groups, with the rows a blank form offers for each.
标准指标分组: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("产出指标", (("数量指标", 3), ("质量指标", 2), ("时效指标", 2), ("成本指标", 2))),
    ("效益指标", (("经济效益指标", 1), ("社会效益指标", 2), ("生态效益指标", 1), ("可持续影响指标", 2))),
    ("满意度指标", (("服务对象满意度指标", 2),)),
)
一级选项 = ("产出指标", "效益指标", "满意度指标", "成本指标")
二级选项 = tuple(name for _, subs in 标准指标分组 for name, _ in subs)
# 二级 stems a reader recognises, with their 一级 (可持续发展 is a common spelling of 可持续影响).
分组标签: tuple[tuple[tuple[str, ...], str], ...] = (
    (("数量", "质量", "时效", "成本"), "产出指标"),
    (("经济效益", "社会效益", "生态效益", "可持续影响", "可持续发展"), "效益指标"),
    (("服务对象满意度", "满意度"), "满意度指标"),
)

def 二级所属(label: object) -> str | None:
    """The 一级 a standard 二级 label belongs to, or None for other text.

    >>> 二级所属("经济效益 指标"), 二级所属("服务对象满意度指标"), 二级所属("群众满意度")
    ('效益指标', '满意度指标', None)
    """
    text = 规范标签(label)
    stem = text.removesuffix("指标")
    for stems, parent in 分组标签:
        if stem in stems:
            return parent
    # "服务对象满意度指标" of another wording, but not 三级 names such as 群众满意度
    if text.endswith("满意度指标") and len(text) <= 12:
        return "满意度指标"
    return None


# --- labels ---------------------------------------------------------------------------------------------

_括注 = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
_圈号 = re.compile(r"[①-⑳⑴-⒇]+(?:[=＝][^=＝]*)?$|[①-⑳⑴-⒇]")
_序号 = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[①-⑳])")


def 规范标签(text: object) -> str:
    """A printed label as compared: see the module docstring."""
    if text is None:
        return ""
    s = re.sub(r"\s+", "", str(text))
    s = _圈号.sub("", s)  # before NFKC, which turns ③ into 3
    s = unicodedata.normalize("NFKC", s)
    s = _括注.sub("", s)
    s = s.strip(":：")
    for prefix in ("其中", "含"):
        if s.startswith(prefix) and len(s) > len(prefix):
            s = s[len(prefix):].lstrip(":：")
    s = _序号.sub("", s)
    return s.strip(":：")


# --- the fund table -------------------------------------------------------------------------------------

# Standard rows (canonical name -> printed labels).  Rows with another label are kept as printed.
资金行: dict[str, tuple[str, ...]] = {
    "年度资金总额": ("年度资金总额", "年度财政资金总额", "项目资金总额", "资金总额", "总额", "合计", "总计",
                 "年度资金合计", "资金合计", "年度总资金"),
    "财政拨款": ("本年财政拨款", "当年财政拨款", "本级财政拨款", "财政拨款", "财政资金", "当年财政资金",
             "一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款", "财政预算拨款"),
    "上年结转资金": ("上年结转资金", "上年结转", "结转资金", "上年结余结转", "历年结余结转"),
    "其他资金": ("其他资金", "其他", "其他来源", "其他资金小计"),
    "单位资金": ("单位资金", "单位自有资金", "单位其他收入", "单位其它收入", "自有资金", "自筹资金"),
    "财政专户管理资金": ("财政专户管理资金", "财政专户资金", "财政专户"),
    "中央补助": ("中央补助", "中央补助资金", "中央资金", "中央财政资金", "中央转移支付"),
    "省级补助": ("省级补助", "省级资金", "省级财政资金", "省补助", "省级补助资金"),
    "市级补助": ("市级补助", "市级资金", "市级财政资金", "市补助", "市级补助资金"),
    "地方资金": ("地方资金", "地方财政资金", "地方配套", "地方配套资金", "县级资金", "县级财政资金",
             "市县配套", "本级资金"),
    "政府性基金": ("政府性基金", "政府性基金预算", "政府性基金预算拨款"),
}
资金行顺序 = ("年度资金总额", "财政拨款", "上年结转资金", "其他资金")  # the 财政部 form's rows, in order
_资金别名 = {alias: name for name, aliases in 资金行.items() for alias in aliases}
# 部门整体 forms break the total down twice; rows under these headings inform, they do not add to the total.
按性质分 = ("按收入性质分", "按支出性质分", "按资金性质分", "按资金来源分", "按支出类别分")


def 资金行名称(label: object) -> str | None:
    """The standard fund row a printed label stands for, or None (kept as printed)."""
    return _资金别名.get(规范标签(label))


def 是总额标签(label: object) -> bool:
    return 资金行名称(label) == "年度资金总额"


# --- column headers -----------------------------------------------------------------------------------

# field -> printed headers (after 规范标签), the first the template's own.
指标表头: dict[str, tuple[str, ...]] = {
    "一级": ("一级指标", "一级"),
    "二级": ("二级指标", "二级"),
    "三级": ("三级指标", "三级", "指标名称", "指标内容", "绩效指标名称", "具体指标", "三级指标名称"),
    "年度指标值": ("年度指标值", "年度目标值", "年初目标值", "目标值", "绩效目标值", "预期指标值", "预期目标值",
              "指标目标值", "计划目标值", "年度绩效指标值", "年度指标", "指标值"),
    "指标性质": ("指标性质", "指标方向", "计算符号", "比较符号", "符号", "运算符号", "指标值性质"),
    "度量单位": ("度量单位", "计量单位", "单位"),
    "实际完成值": ("实际完成值", "全年实际值", "全年完成值", "完成值", "实际值", "实际完成", "全年实际完成值",
              "实际达成值", "单项指标实际完成值", "全年实际完成数", "实际完成数"),
    "分值": ("分值", "权重", "指标分值", "指标权重", "标准分值", "分数", "参考分值", "标准分", "权重分"),
    "得分": ("得分", "自评得分", "指标得分", "评分", "自评分", "单项指标得分", "实际得分"),
    "偏差原因分析及改进措施": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因分析及改进措施",
                        "未完成原因和改进措施", "未完成原因分析", "未完成原因", "未完成原因及拟采取的改进措施",
                        "原因分析及改进措施", "偏差原因及改进措施", "存在问题及改进措施"),
    "人工得分": ("人工得分",),
}
# Columns real forms print that the rules do not use: recognised, read as information.
指标信息表头 = ("完成率", "完成情况", "单项指标完成情况", "得分计算方法", "计分方法", "评分标准", "指标解释",
           "年度绩效目标", "绩效目标", "是否核心指标", "核心指标", "备注", "序号", "指标值说明", "偏差提示",
           "计分说明", "完成档次", "规则得分")
资金表头: dict[str, tuple[str, ...]] = {
    "年初预算数": ("年初预算数", "年初预算", "年初预算安排", "年初部门预算安排金额", "年初批复预算", "年初数",
              "年初预算安排数"),
    "全年预算数": ("全年预算数", "调整后预算数", "调整后预算", "全年预算", "预算数", "调整预算数", "年度预算数",
              "全年预算安排", "全年预算数合计"),
    "全年执行数": ("全年执行数", "执行数", "预算执行数", "全年实际执行数", "实际执行数", "实际支出数", "实际支出",
              "全年实际支出", "支出数", "全年支出数"),
    "分值": ("分值", "权重"),
    "执行率": ("执行率", "预算执行率", "资金执行率", "支出执行率"),
    "得分": ("得分", "自评得分", "执行率得分"),
}
资金信息表头 = ("原因", "执行率未达到原因", "结余", "结余金额", "资金结余率", "年中调整金额", "小计", "年度拨付金额",
          "支出实现率", "本年度结余金额", "项目资金", "资金来源")
目标表头: dict[str, tuple[str, ...]] = {
    "预期目标": ("预期目标", "年初设定目标", "年度目标", "绩效目标", "预算目标", "年度总体目标", "项目年度目标",
             "年初目标"),
    "实际完成情况": ("实际完成情况", "全年实际完成情况", "年度总体目标完成情况", "完成情况综述", "年度目标完成情况",
               "实际完成", "目标完成情况"),
}
表单字段: dict[str, tuple[str, ...]] = {
    "项目名称": ("项目名称", "专项资金名称", "资金名称", "项目资金名称", "专项名称"),
    "主管部门": ("主管部门", "县级主管部门", "主管部门及代码", "主管单位", "主管部门名称"),
    "实施单位": ("实施单位", "项目实施单位", "资金使用单位", "实施单位名称"),
}
表头 = {"指标": 指标表头, "资金": 资金表头, "目标": 目标表头, "表单": 表单字段}
_信息 = {"指标": 指标信息表头, "资金": 资金信息表头, "目标": (), "表单": ()}
_表头索引 = {
    kind: {alias: field for field, aliases in table.items() for alias in aliases} for kind, table in 表头.items()
}
# Headers that start like a field's: 偏差原因分析（含改进措施）, 未完成原因及说明 …
_表头前缀 = {"指标": (("偏差原因", "偏差原因分析及改进措施"), ("未完成原因", "偏差原因分析及改进措施"),
                    ("偏差分析", "偏差原因分析及改进措施"))}


def 表头字段(text: object, 表: str) -> str | None:
    """The field a printed header of table ``表`` (指标 / 资金 / 目标 / 表单) stands for, or None."""
    label = 规范标签(text)
    field = _表头索引[表].get(label)
    if field is None:
        for prefix, name in _表头前缀.get(表, ()):
            if label.startswith(prefix):
                return name
    return field


def 表头字段名(表: str) -> tuple[str, ...]:
    """Every field of table ``表``: what a header may stand for."""
    return tuple(表头[表])


def 是信息表头(text: object, 表: str) -> bool:
    """A column real forms print that the rules do not need (完成率, 得分计算方法 …)."""
    return 规范标签(text) in _信息[表]
