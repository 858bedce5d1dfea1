"""The xlwings Lite edition: ``绩效自评_Lite.zip``, a folder of personal modules for the Lite add-in.

xlwings Lite runs Python (Pyodide) inside Excel's add-in browser; functions and scripts are
found by scanning modules for xlwings' ``@func``/``@script`` decorators.  ``jixiao build``
writes ``绩效自评_Lite.zip`` holding ``personal/`` (what the user uploads under the Lite
add-in's Menu › Files › Import/Export):

* ``udfs/`` — the scoring core, pure standard library (no xlwings, openpyxl or pandas);
* ``jixiao_lite_scripts.py`` — the scripts' logic on Lite's ``book`` (:mod:`addin.lite_scripts`);
* ``jixiao_lite.py`` — generated here from :func:`udfs.函数清单`: one ``@func`` wrapper per
  Excel function with an ASCII Python name (Excel's function *id*, which Microsoft restricts
  to A–Z, 0–9, ``_`` and ``.``) and ``name=`` the Chinese Excel name, the same arguments,
  defaults and Chinese descriptions; each calls the core's cell-safe function through the
  module alias ``_jx``, so no Chinese-named function is an attribute of a module the add-in
  scans.  Also ``=版本号()`` and the ``@script`` entries (校验, 新增指标行, 修复函数公式, 自检).

``总分`` is registered as ``总得分``: Microsoft requires at least three characters in a custom
function's name, and a namespace (``绩效.总分``) would rename every function or only this one,
while the rule's count of a namespaced name is undocumented (see docs/xlwings-lite.md).

The generated module is deterministic (no dates, no paths, no set order): two builds give the
same bytes, and so does the zip (fixed timestamps and order).
"""

from __future__ import annotations

import inspect
import io
import pprint
import re
import typing
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import udfs
from udfs.registry import 函数清单, 函数说明

__all__ = [
    "Lite文件名", "模块名", "脚本模块名", "Lite名称", "ASCII名", "函数表", "模块源码", "版式数据", "自检数据",
    "Lite文件", "写Lite包", "最低xlwings", "计算列", "Lite名称错误",
]

Lite文件名 = "绩效自评_Lite.zip"
模块名 = "jixiao_lite"  # the generated module (personal/jixiao_lite.py)
脚本模块名 = "jixiao_lite_scripts"  # addin/lite_scripts.py as shipped
最低xlwings = (0, 36, 12)  # @func(name=...) appeared in xlwings 0.36.12
_根 = "personal"  # the folder inside the zip, as in the Lite docs' example
_时间 = (2020, 1, 1, 0, 0, 0)  # every zip entry's timestamp: builds are byte-identical

# Excel names that differ in Lite (Microsoft: a custom function's name has >= 3 characters).
Lite名称: dict[str, str] = {"总分": "总得分"}

# Fields of the template's indicator table computed by formulas (the rest are typed in).
计算列 = ("得分", "偏差提示", "计分说明", "规则得分")


class Lite名称错误(ValueError):
    """A function name the Lite edition cannot turn into an Excel id (the build stops)."""


# --- ASCII names (Excel ids) ---------------------------------------------------------------------
#
# The id is stored in every workbook that uses the function, so it must never change: it is
# the function's Chinese name in toneless pinyin, syllable by syllable.  A character missing
# here stops the build (add it; never change an existing entry).

_拼音 = {
    "价": "jia", "体": "ti", "例": "li", "值": "zhi", "偏": "pian", "分": "fen", "则": "ze", "区": "qu",
    "单": "dan", "差": "cha", "度": "du", "得": "de", "总": "zong", "意": "yi", "扣": "kou", "执": "zhi",
    "指": "zhi", "按": "an", "提": "ti", "数": "shu", "整": "zheng", "明": "ming", "查": "cha", "标": "biao",
    "检": "jian", "比": "bi", "清": "qing", "满": "man", "率": "lv", "示": "shi", "等": "deng", "系": "xi",
    "级": "ji", "行": "xing", "表": "biao", "规": "gui", "计": "ji", "评": "ping", "说": "shuo", "调": "tiao",
    "间": "jian", "版": "ban", "本": "ben", "号": "hao", "校": "jiao", "验": "yan", "新": "xin", "增": "zeng",
    "自": "zi", "测": "ce", "试": "shi", "用": "yong", "公": "gong", "式": "shi", "启": "qi", "改": "gai",
    "写": "xie", "合": "he", "修": "xiu", "复": "fu", "函": "han", "项": "xiang", "目": "mu", "完": "wan", "成": "cheng", "结": "jie", "果": "guo",
}


def ASCII名(name: str, 前缀: str = "jx") -> str:
    """The Python name (and, upper-cased, the Excel id) of a function: ``执行率得分`` → ``jx_zhi_xing_lv_de_fen``.

    >>> ASCII名("执行率得分"), ASCII名("总分").upper()
    ('jx_zhi_xing_lv_de_fen', 'JX_ZONG_FEN')
    """
    parts = [前缀]
    for ch in name:
        if ch.isascii() and ch.isalnum():
            parts.append(ch.lower())
        elif ch in _拼音:
            parts.append(_拼音[ch])
        else:
            raise Lite名称错误(f"函数名“{name}”中的“{ch}”没有拼音：请在 addin/lite.py 的 _拼音 表中添加（已有的不要改）")
    return "_".join(parts)


# --- the functions, from the registry ------------------------------------------------------------


def 函数表(清单: Sequence[函数说明] | None = None) -> list[tuple[函数说明, Callable[..., Any]]]:
    """Every registered Excel function with its cell-safe callable (an attribute of the package ``udfs``,
    the convention the classic add-in's UDF module relies on too)."""
    out = []
    for spec in 函数清单() if 清单 is None else 清单:
        cell = getattr(udfs, spec.名称, None)
        if cell is None or getattr(cell, "__jixiao__", None) != spec:
            raise Lite名称错误(f"函数“{spec.名称}”已登记，但 udfs 包没有导出它（udfs.{spec.名称}）")
        out.append((spec, cell))
    return out


def _选项(cell: Callable[..., Any]) -> dict[str, dict[str, Any]]:
    """Per argument, the options of its ``Annotated[Any, {...}]`` hint other than ``doc`` (ndim …)."""
    target = getattr(cell, "原函数", cell)
    hints = typing.get_type_hints(target, include_extras=True)
    out: dict[str, dict[str, Any]] = {}
    for name in inspect.signature(target).parameters:
        hint = hints.get(name)
        opts: dict[str, Any] = {}
        if typing.get_origin(hint) is typing.Annotated:
            for meta in typing.get_args(hint)[1:]:
                if isinstance(meta, dict):
                    opts = {k: v for k, v in meta.items() if k != "doc"}
                    break
        out[name] = opts
    return out


def _字面(value: Any) -> str:
    """A Python literal of a default value or a text (repr: deterministic, keeps Chinese as is)."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise Lite名称错误(f"默认值 {value!r} 不能写进 Lite 模块（只支持文字、数字、布尔值和 None）")
    return repr(value)


def _参数注解(doc: str, opts: dict[str, Any]) -> str:
    # err_to_str: an error cell in an argument arrives as its text ("#N/A"), which the core reports,
    # instead of as an empty cell (xlwings' default), which 总分 would silently skip.
    items = {"doc": doc or "（无说明）", **opts, "err_to_str": True}
    body = ", ".join(f"{_字面(k)}: {_字面(v)}" for k, v in items.items())
    return f"Annotated[Any, {{{body}}}]"


def _包装(spec: 函数说明, cell: Callable[..., Any]) -> str:
    excel = Lite名称.get(spec.名称, spec.名称)
    py = ASCII名(excel)
    opts = _选项(cell)
    params, call = [], []
    for p in spec.参数:
        annotation = _参数注解(p.说明, opts.get(p.名称, {}))
        if p.可变:
            params.append(f"*{p.名称}: {annotation}")
            call.append(f"*{p.名称}")
        elif p.可省略:
            params.append(f"{p.名称}: {annotation} = {_字面(p.默认值)}")
            call.append(p.名称)
        else:
            params.append(f"{p.名称}: {annotation}")
            call.append(p.名称)
    lines = [f"@func(name={_字面(excel)})", f"def {py}("]
    lines += [f"    {p}," for p in params]
    lines += [
        ") -> Any:",
        f"    {_字面(spec.说明)}",
        f"    return _jx.{spec.名称}({', '.join(call)})",
    ]
    return "\n".join(lines)


# --- data the scripts need, from the template's layout --------------------------------------------


def _Lite公式(formula: str) -> str:
    """A 函数版 formula with the functions' Lite names (``=总分(`` → ``=总得分(``)."""
    for old, new in Lite名称.items():
        formula = re.sub(rf"(?<![\w.]){re.escape(old)}\(", f"{new}(", formula)
    return formula


def 函数版公式数据(清单: Sequence[函数说明] | None = None) -> dict[str, dict[str, str]]:
    """The 函数版's formulas that call the project's functions, by where they are: a named cell, a column
    of the indicator table (``{r}`` the row), or a fixed cell above the table; ``{首}``/``{末}`` are the
    table's first and last row, ``{字段}`` a column.  For 修复函数公式."""
    from workbook_templates.form_layout import 函数版, 函数版公式, 字段列, 自评表样, 表单输入, 首行

    ours = [s.名称 for s in (函数清单() if 清单 is None else 清单)]
    calls = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(ours, key=len, reverse=True))) + r")\(")
    sample = 自评表样(函数版, 表单输入(指标=[{}] * 2))
    names = set(sample.名称) if hasattr(sample, "名称") else set()
    # the cells each formula is written to, for a 1- and a 3-row table (the layout keys its formula cells)
    cells = {n: [(g.ref.split(":")[0], g.键[0]) for g in 自评表样(函数版, 表单输入(指标=[{}] * n)).格们
                 if getattr(g, "键", None)] for n in (1, 3)}
    out: dict[str, dict[str, str]] = {"名称": {}, "行": {}, "固定": {}}
    for key, formula in 函数版公式.items():
        m = calls.search(formula)
        if not m:
            continue  # Excel's own functions only (SUM, IF …): nothing to repair
        if key in 字段列(函数版):
            out["行"][key] = _Lite公式(formula)
            continue
        fixed = [{ref for ref, k in c if k == key and int(re.sub(r"\D", "", ref)) < 首行} for c in cells.values()]
        if key not in names and fixed[0] and fixed[0] == fixed[1] and len(fixed[0]) == 1:
            out["固定"][fixed[0].pop()] = _Lite公式(formula)
        else:
            out["名称"][key] = _Lite公式(formula)
    return out


def 版式数据() -> dict[str, Any]:
    """What the Lite scripts know of the template (workbook_templates.form_layout): header texts per
    layout, the names a form sheet carries, the fund columns, the computed columns, the 函数版's
    formulas."""
    from workbook_templates.form_layout import 兼容版, 函数版, 表头文字

    layouts = {}
    for v in (函数版, 兼容版):
        layouts[v.名称] = {"指标列": [[k, 表头文字[k]] for k, _ in v.指标列],
                         "辅助列": [[k, 表头文字[k]] for k, _ in v.辅助列]}
    return {
        "版式": layouts,
        "兼容版标志": 表头文字["指标性质"],
        "必需名称": ["项目名称", "主管部门", "实施单位", "全年预算数", "全年执行数", "资金表", "指标表"],
        "资金列": ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        "计算列": list(计算列),
        "函数版公式": 函数版公式数据(),
    }


def 自检数据(表: Iterable[tuple[函数说明, Callable[..., Any]]] | None = None) -> list[dict[str, Any]]:
    """The self-test's calls (addin.selftest's samples) with the results CPython computes at build time."""
    from addin.selftest import 函数样例表, 期望值

    samples = {s.函数: s for s in 函数样例表}
    out = []
    for spec, _cell in 函数表() if 表 is None else 表:
        sample = samples.get(spec.名称)
        if sample is None:
            continue
        args = [[list(r) for r in a] if isinstance(a, tuple) else a for a in sample.参数]
        out.append({"函数": Lite名称.get(spec.名称, spec.名称), "参数": args, "期望": 期望值(sample)})
    return out


# --- the module ---------------------------------------------------------------------------------

_头 = '''"""绩效自评助手 · xlwings Lite 版：Excel 函数与脚本。

由 jixiao build 从函数登记表（udfs.函数清单）生成，请勿手改；重新生成：jixiao build --out 目录。
每个函数的 Python 名是 ASCII（Excel 的函数 id），name= 是 Excel 里的中文名；函数体调用
核心 udfs 中同名的函数（出错时返回 # 开头的提示文字）。“总分”在 Lite 中叫“总得分”
（Excel 要求函数名至少 3 个字）。需要 xlwings>={最低}（工作簿的 requirements.txt）。
"""

import os as _os
import tempfile as _tempfile
from pathlib import Path as _Path
from typing import Annotated, Any

import xlwings as xw
from xlwings import func, script

import udfs as _jx
import udfs.profiles as _profiles
import {脚本} as _scripts

_最低xlwings = {最低元组}


def _版本(text):
    return tuple(int(x) for x in (text.split("+")[0].split(".") + ["0", "0"])[:3] if x.isdigit())


if _版本(getattr(xw, "__version__", "0")) < _最低xlwings:
    raise ImportError(
        "绩效自评函数需要 xlwings>={最低}（当前 " + str(getattr(xw, "__version__", "?")) + "）："
        "请在工作簿的 requirements.txt 中写入 xlwings>={最低}，然后点 Menu › Restart"
    )

'''

_口径段 = '''
# --- 计分口径：udfs/profiles/*.toml 没有随模块上传时，用这里的副本 ---------------------------

_口径文件 = {口径}


def _确保口径():
    folder = _Path(_profiles.__file__).with_name("profiles")
    if all((folder / name).is_file() for name in _口径文件):
        return "文件"
    copy = _Path(_tempfile.gettempdir()) / "jixiao_profiles"
    copy.mkdir(parents=True, exist_ok=True)
    for name, text in _口径文件.items():
        (copy / name).write_text(text, encoding="utf-8")
    extra = _os.environ.get("JIXIAO_PROFILES")
    _os.environ["JIXIAO_PROFILES"] = _os.pathsep.join([str(copy)] + ([extra] if extra else []))
    _profiles.重新加载()
    return "内嵌"


_口径来源 = _确保口径()
'''

_脚本段 = '''
# --- 版本号与脚本 ------------------------------------------------------------------------

@func(name="版本号")
def {版本函数}() -> Any:
    "绩效自评助手的版本号（xlwings Lite 版）；显示版本即说明函数已可用"
    return _jx.__version__ + " Lite"


_版式 = {版式}

_自检样例 = {样例}

_函数名 = {函数名}


@script(name="校验")
def {校验}(book: xw.Book):
    """按计分规则逐表校验本工作簿中由模板生成的自评表，结果写入“校验结果”工作表（不改动填写的内容）。"""
    _scripts.运行(book, _scripts.校验, _版式)


@script(name="新增指标行")
def {新增}(book: xw.Book):
    """在所选单元格所在的二级指标下插入一行三级指标，并带上得分等公式。"""
    _scripts.运行(book, _scripts.新增指标行, _版式)


@script(name="修复函数公式")
def {修复}(book: xw.Book):
    """把函数版自评表中显示 #NAME? 的函数公式按 Lite 版的函数名重写（如 总分 → 总得分），Excel 随即重新计算。"""
    _scripts.运行(book, _scripts.修复函数公式, _版式)


@script(name="自检")
def {自检}(book: xw.Book):
    """检查 Python、xlwings、计分口径与每个函数，结果写入新工作表“自检报告”（其中的公式由 Excel 计算）。"""
    _scripts.运行(book, _scripts.自检, _自检样例, _函数名, globals(), _口径来源)


__all__ = {全部}
'''


def _pformat(value: Any) -> str:
    return pprint.pformat(value, width=110, sort_dicts=False)


def 模块源码(表: Sequence[tuple[函数说明, Callable[..., Any]]] | None = None) -> str:
    """The text of ``jixiao_lite.py`` (deterministic: the same registry gives the same bytes)."""
    table = 函数表() if 表 is None else list(表)
    names = [Lite名称.get(s.名称, s.名称) for s, _ in table]
    py_names = [ASCII名(n) for n in names]
    for n in names:
        if len(n) < 3:
            raise Lite名称错误(f"Excel 要求函数名至少 3 个字：“{n}”请在 Lite名称 中另取名称")
    dupes = sorted({p for p in py_names if py_names.count(p) > 1})
    if dupes:
        raise Lite名称错误(f"不同的函数得到相同的 ASCII 名 {'、'.join(dupes)}：请在 addin/lite.py 中区分")
    scripts = {"校验": ASCII名("校验"), "新增": ASCII名("新增指标行"), "修复": ASCII名("修复函数公式"),
               "自检": ASCII名("自检"), "版本函数": ASCII名("版本号")}
    profiles = Path(udfs.__file__).with_name("profiles")
    toml = {p.name: p.read_text(encoding="utf-8") for p in sorted(profiles.glob("*.toml"))}
    parts = [
        _头.replace("{最低}", ".".join(map(str, 最低xlwings))).replace("{最低元组}", repr(最低xlwings))
        .replace("{脚本}", 脚本模块名),
        "\n# --- 函数（与经典加载项相同的参数、默认值和说明）---------------------------------------\n",
    ]
    for spec, cell in table:
        parts.append("\n" + _包装(spec, cell) + "\n\n")
    parts.append(_口径段.replace("{口径}", _pformat(toml)))
    tail = _脚本段
    for key, value in scripts.items():
        tail = tail.replace("{" + key + "}", value)
    tail = (tail.replace("{版式}", _pformat(版式数据()))
            .replace("{样例}", _pformat(自检数据(table)))
            .replace("{函数名}", _pformat({n: p for n, p in zip(names, py_names)} | {"版本号": scripts["版本函数"]}))
            .replace("{全部}", _pformat([*py_names, scripts["版本函数"], scripts["校验"], scripts["新增"],
                                         scripts["修复"], scripts["自检"]])))
    parts.append(tail)
    text = "".join(parts)
    compile(text, f"{模块名}.py", "exec")  # a generator bug fails the build, not the user's Excel
    return text


# --- the zip -------------------------------------------------------------------------------------

_说明 = """绩效自评助手 · xlwings Lite 版（{版本}）

personal/ 文件夹是 xlwings Lite 的“个人模块”（personal modules）：
  1. 在 Excel 中安装 xlwings Lite 加载项（开始 › 加载项，搜索 xlwings）；
  2. 打开 xlwings Lite（开始选项卡右端的 xlwings Lite 按钮）› Menu › Files，
     把 personal 文件夹拖到 Import/Export 处上传；
  3. 在工作簿的 requirements.txt 中写入 xlwings>={最低}（见本包的 requirements.txt）；
  4. Menu › Restart。之后在单元格输入 =版本号() 应显示 {版本} Lite。

函数与经典版相同（总分在 Lite 中叫 总得分）；脚本（校验、新增指标行、修复函数公式、自检）在 Lite 的运行按钮下拉列表中。
函数版模板中显示 #NAME? 的公式（如 =总分(…)），运行一次“修复函数公式”即改为 Lite 的函数名。
详见《用户指南》“不安装 Python：xlwings Lite 版”一节。
"""


def Lite文件() -> list[tuple[str, bytes]]:
    """(path inside the zip, bytes) of every file, in a fixed order."""
    core = Path(udfs.__file__).parent
    files: list[tuple[str, bytes]] = []
    for path in sorted(core.rglob("*")):
        rel = path.relative_to(core)
        if "__pycache__" in rel.parts or not path.is_file():
            continue
        if path.suffix == ".py" or (rel.parts[0] == "profiles" and path.suffix == ".toml"):
            files.append((f"{_根}/udfs/{rel.as_posix()}", path.read_bytes()))
    files.append((f"{_根}/{脚本模块名}.py", Path(__file__).with_name("lite_scripts.py").read_bytes()))
    files.append((f"{_根}/{模块名}.py", 模块源码().encode("utf-8")))
    version = udfs.__version__
    low = ".".join(map(str, 最低xlwings))
    files.append(("requirements.txt", f"xlwings>={low}\n".encode()))
    files.append(("使用说明.txt", _说明.replace("{版本}", version).replace("{最低}", low).encode("utf-8")))
    return sorted(files, key=lambda f: (not f[0].startswith(_根), f[0]))


def 写Lite包(outdir: Path) -> Path:
    """``jixiao build``: write 绩效自评_Lite.zip into ``outdir`` (the same bytes every time)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in Lite文件():
            info = zipfile.ZipInfo(name, _时间)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.flag_bits |= 0x800  # UTF-8 names
            z.writestr(info, data)
    target = Path(outdir) / Lite文件名
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(target)
    return target

