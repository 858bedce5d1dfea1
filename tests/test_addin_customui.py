"""customUI14.xml of the workbook and the add-in: valid against Microsoft's schema, one shared tab, every button
reaching a VBA Sub and a Python function."""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from test_addin_vba_modules import procedures, split_top_level, vba_value

from addin import vba_modules as vm
from addin.customui import NS, customui14_xml, 共享前缀, 共享命名空间, 可见回调, 选项卡idQ
from addin.ribbon import 分组, 按钮

# Microsoft's customui14.xsd, copied from the Office Open XML ribbon documentation. xmlschema
# reads it as published; libxml2 (lxml) rejects it over attribute groups it declares twice.
SCHEMA = Path(__file__).parent / "data" / "customui14.xsd"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture(scope="module", params=["xlsm", "xlam"])
def target(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def ribbon(target: str) -> ET.Element:
    return ET.fromstring(customui14_xml(target))


def declared_namespaces(xml: bytes) -> dict[str, str]:
    """prefix -> URI of the namespace declarations (ElementTree keeps none of them in the tree)."""
    return {prefix: uri for _, (prefix, uri) in ET.iterparse(io.BytesIO(xml), events=["start-ns"])}


def test_ribbon_xml_is_valid_against_the_customui14_schema(schema: xmlschema.XMLSchema, target: str) -> None:
    xml = customui14_xml(target)
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    schema.validate(xml.decode("utf-8"))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (('size="large"', 'size="huge"'), "size is an enumeration"),
        (('<button id="NewForm_xlsm"', '<button id="New Form"'), "ids are NCNames"),
        (('onAction="JX_NewForm"', 'onAction=""'), "a callback needs a name"),
        (("<group ", "<grup "), "unknown element"),
        ((' xmlns:jx="urn:jixiao:ribbon"', ""), "idQ needs its prefix declared"),
    ],
)
def test_the_schema_check_rejects_broken_ribbons(schema: xmlschema.XMLSchema, change: tuple[str, str], why: str) -> None:
    xml = customui14_xml("xlsm").decode("utf-8")
    broken = xml.replace(*change, 1)
    assert broken != xml
    if change[0] == "<group ":
        broken = broken.replace("</group>", "</grup>", 1)
    assert not schema.is_valid(broken), why


def test_one_tab_with_the_groups_and_buttons_of_the_contract(ribbon: ET.Element, target: str) -> None:
    tabs = ribbon.findall(f".//{{{NS}}}tab")
    assert [t.get("label") for t in tabs] == ["绩效自评"]
    groups = tabs[0].findall(f"{{{NS}}}group")
    assert [(g.get("id"), g.get("label")) for g in groups] == [(f"{gid}_{target}", label) for gid, label, _ in 分组]
    buttons = ribbon.findall(f".//{{{NS}}}button")
    assert [b.get("label") for b in buttons] == ["新建自评表", "新增指标行", "重新计算", "校验", "导出PDF", "导出无宏版", "汇总清单",
                                                 "帮助", "自检"]
    for element, spec in zip(buttons, 按钮, strict=True):
        assert element.get("id") == f"{spec.id}_{target}"
        assert element.get("onAction") == spec.回调
        assert element.get("imageMso") == spec.图标
        assert element.get("screentip") == spec.提示 and element.get("supertip") == spec.说明
        assert element.get("size") == ("large" if spec.大图标 else "normal")


def test_workbook_and_addin_share_one_tab_and_define_no_id_twice() -> None:
    """[MS-CUSTOMUI] 2.3.9: controls with a qualified id in the same namespace are shared containers; plain ids
    stay private to their file. Same tab idQ and namespace in both files; every plain id defined once over both."""
    xml = {t: customui14_xml(t) for t in ("xlsm", "xlam")}
    tabs = {t: ET.fromstring(x).find(f".//{{{NS}}}tab") for t, x in xml.items()}
    for t in xml:
        assert declared_namespaces(xml[t]) == {"": NS, 共享前缀: 共享命名空间} and 共享命名空间 == "urn:jixiao:ribbon"
        assert tabs[t].get("idQ") == 选项卡idQ == "jx:jixiaoTab" and tabs[t].get("id") is None
    assert tabs["xlsm"].attrib == tabs["xlam"].attrib  # label and position too: one tab, not two
    ids = [e.get("id") for t in xml for e in ET.fromstring(xml[t]).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and ids
    assert not [e for t in xml for e in ET.fromstring(xml[t]).iter() if e.get("idQ") and e.tag != f"{{{NS}}}tab"]


def test_only_the_workbooks_groups_hide_while_the_addin_is_loaded(ribbon: ET.Element, target: str) -> None:
    visible = {g.get("getVisible") for g in ribbon.iter(f"{{{NS}}}group")}
    assert visible == ({可见回调} if target == "xlsm" else {None})
    if target == "xlsm":
        sub = procedures(vm.启动模块源码("xlsm"))[可见回调]
        assert sub[0] == "control As IRibbonControl, ByRef visible"  # the getVisible callback signature
        assert [line.strip() for line in sub[1].strip().splitlines()] == ["visible = Not JX_AddinLoaded()"]


def test_every_on_action_names_a_sub_of_the_callbacks_or_self_test_module(ribbon: ET.Element, target: str) -> None:
    subs = set()
    for source in (vm.功能区模块源码(目标=target), vm.自检模块源码(target)):
        subs |= set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)$", source, re.M))
    actions = [b.get("onAction") for b in ribbon.iter(f"{{{NS}}}button")]
    assert actions and set(actions) == subs  # and no callback without a button


def test_every_sub_reaches_an_existing_python_function() -> None:
    source = vm.功能区模块源码()
    found = re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)\n\s*JX_Press (.+)$", source, re.M)
    assert [sub for sub, _ in found] == [b.回调 for b in 按钮 if b.目标]
    for sub, args in found:
        text = vba_value(split_top_level(args)[1])
        module, escaped = re.fullmatch(r"import ([\w.]+) as m; getattr\(m, '(.*)'\)\(\)", text).groups()
        function = escaped.encode("ascii").decode("unicode_escape")
        assert callable(getattr(importlib.import_module(module), function)), (sub, module, function)
        assert f"{module}:{function}" == next(b.目标 for b in 按钮 if b.回调 == sub)
