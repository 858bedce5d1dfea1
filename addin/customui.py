"""``customUI/customUI14.xml``: the 绩效自评 ribbon tab, generated from :mod:`addin.ribbon`.

Office 2010 and later read this part (namespace ``…/2009/07/customui``); it is
tied to the package by a root relationship of type :data:`关系类型`.  Every
button's ``onAction`` is the VBA Sub of the same button in the callbacks
module (:func:`addin.vba_modules.功能区模块源码`), so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from addin.ribbon import 分组, 按钮定义, 选项卡

__all__ = ["NS", "关系类型", "部件名", "customui14_xml"]

NS = "http://schemas.microsoft.com/office/2009/07/customui"
关系类型 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
部件名 = "customUI/customUI14.xml"
_TAB_ID = "jixiaoTab"


def customui14_xml(groups: Sequence[tuple[str, str, Sequence[按钮定义]]] = 分组, tab_label: str = 选项卡) -> bytes:
    """The ribbon XML (UTF-8 with declaration) for ``groups``: one tab after Home."""
    root = ET.Element(f"{{{NS}}}customUI")
    tabs = ET.SubElement(ET.SubElement(root, f"{{{NS}}}ribbon"), f"{{{NS}}}tabs")
    tab = ET.SubElement(tabs, f"{{{NS}}}tab", {"id": _TAB_ID, "label": tab_label, "insertAfterMso": "TabHome"})
    for group_id, group_label, buttons in groups:
        group = ET.SubElement(tab, f"{{{NS}}}group", {"id": group_id, "label": group_label})
        for b in buttons:
            ET.SubElement(group, f"{{{NS}}}button", {
                "id": b.id,
                "label": b.标签,
                "imageMso": b.图标,
                "size": "large" if b.大图标 else "normal",
                "screentip": b.提示,
                "supertip": b.说明,
                "onAction": b.回调,
            })
    ET.indent(root, space="  ")
    ET.register_namespace("", NS)  # the default namespace, as Office writes it (no ns0: prefix)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
