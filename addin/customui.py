"""``customUI/customUI14.xml``: the 绩效自评 ribbon tab, generated from :mod:`addin.ribbon`.

Office 2010 and later read this part (namespace ``…/2009/07/customui``); it is
tied to the package by a root relationship of type :data:`关系类型`.  Every
button's ``onAction`` is the VBA Sub of the same button in the callbacks
module (:func:`addin.vba_modules.功能区模块源码`), so the two cannot drift.

One tab for two files.  The add-in (绩效自评.xlam, loaded from XLSTART) and the
workbook (项目支出绩效自评表.xlsm) both carry this ribbon.  A tab with a plain
``id`` is private to its file, so with both open Excel would show two 绩效自评
tabs.  Both files therefore name the tab with a *qualified* id in one shared
namespace, ``<tab idQ="jx:jixiaoTab">`` with ``xmlns:jx="urn:jixiao:ribbon"``:
[MS-CUSTOMUI] 2.3.9 ST_QID — "If multiple Custom UI documents refer to controls
in the same namespace, they can share common containers … If that tab cannot be
found, it is created" (research memo §2).  Groups and buttons keep plain ids,
which stay private to the file that defines them (Green/Bullen, *Excel 2007
VBA Programmer's Reference*, "Sharing Controls among Multiple Workbooks"), so
each button's callback runs in its own file; the ids carry the file type
(``NewForm_xlsm``, ``NewForm_xlam``) so no id is defined twice.

Into the shared tab each file adds its own groups.  The workbook's groups have
``getVisible="JX_GroupVisible"`` (in the ASCII module JX_Startup), which hides
them while the add-in is loaded: the tab then shows the add-in's buttons once,
which act on the active workbook just as the workbook's would.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from addin.ribbon import 分组, 按钮定义, 选项卡

__all__ = ["NS", "共享命名空间", "共享前缀", "选项卡idQ", "关系类型", "部件名", "可见回调", "customui14_xml"]

NS = "http://schemas.microsoft.com/office/2009/07/customui"
关系类型 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
部件名 = "customUI/customUI14.xml"
共享命名空间 = "urn:jixiao:ribbon"  # the same in both files: what makes the tab one
共享前缀 = "jx"
选项卡idQ = f"{共享前缀}:jixiaoTab"
可见回调 = "JX_GroupVisible"  # getVisible of the workbook's groups


def customui14_xml(
    目标: str = "xlsm",
    groups: Sequence[tuple[str, str, Sequence[按钮定义]]] = 分组,
    tab_label: str = 选项卡,
) -> bytes:
    """The ribbon XML (UTF-8 with declaration) of the workbook (``xlsm``) or the add-in (``xlam``)."""
    if 目标 not in ("xlsm", "xlam"):
        raise ValueError(f"目标应为 xlsm 或 xlam，而不是“{目标}”")

    def q(tag: str) -> str:
        return f"{{{NS}}}{tag}"

    # lxml, not ElementTree: the jx prefix is used only inside an attribute value (idQ), and
    # ElementTree drops declarations that no element or attribute name uses.
    root = etree.Element(q("customUI"), nsmap={None: NS, 共享前缀: 共享命名空间})
    tabs = etree.SubElement(etree.SubElement(root, q("ribbon")), q("tabs"))
    tab = etree.SubElement(tabs, q("tab"), {"idQ": 选项卡idQ, "label": tab_label, "insertAfterMso": "TabHome"})
    for group_id, group_label, buttons in groups:
        attributes = {"id": f"{group_id}_{目标}", "label": group_label}
        if 目标 == "xlsm":
            attributes["getVisible"] = 可见回调
        group = etree.SubElement(tab, q("group"), attributes)
        for b in buttons:
            etree.SubElement(group, q("button"), {
                "id": f"{b.id}_{目标}",
                "label": b.标签,
                "imageMso": b.图标,
                "size": "large" if b.大图标 else "normal",
                "screentip": b.提示,
                "supertip": b.说明,
                "onAction": b.回调,
            })
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
