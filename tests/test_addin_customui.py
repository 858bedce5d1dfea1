"""customUI14.xml: valid against Microsoft's schema, and every button reaches a VBA Sub and a Python function."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from addin import vba_modules as vm
from addin.customui import NS, customui14_xml
from addin.ribbon import 分组, 按钮

# Microsoft's customui14.xsd, copied from the Office Open XML ribbon documentation. xmlschema
# reads it as published; libxml2 (lxml) rejects it over attribute groups it declares twice.
SCHEMA = Path(__file__).parent / "data" / "customui14.xsd"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture(scope="module")
def ribbon() -> ET.Element:
    return ET.fromstring(customui14_xml())


def test_ribbon_xml_is_valid_against_the_customui14_schema(schema: xmlschema.XMLSchema) -> None:
    xml = customui14_xml()
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    schema.validate(xml.decode("utf-8"))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (('size="large"', 'size="huge"'), "size is an enumeration"),
        (('<button id="NewForm"', '<button id="New Form"'), "ids are NCNames"),
        (('onAction="JX_NewForm"', 'onAction=""'), "a callback needs a name"),
        (("<group ", "<grup "), "unknown element"),
    ],
)
def test_the_schema_check_rejects_broken_ribbons(schema: xmlschema.XMLSchema, change: tuple[str, str], why: str) -> None:
    broken = customui14_xml().decode("utf-8").replace(*change, 1)
    if change[0] == "<group ":
        broken = broken.replace("</group>", "</grup>", 1)
    assert not schema.is_valid(broken), why


def test_one_tab_with_the_groups_and_buttons_of_the_contract(ribbon: ET.Element) -> None:
    tabs = ribbon.findall(f".//{{{NS}}}tab")
    assert [t.get("label") for t in tabs] == ["绩效自评"]
    groups = tabs[0].findall(f"{{{NS}}}group")
    assert [(g.get("id"), g.get("label")) for g in groups] == [(gid, label) for gid, label, _ in 分组]
    buttons = ribbon.findall(f".//{{{NS}}}button")
    assert [b.get("label") for b in buttons] == ["新建自评表", "新增指标行", "重新计算", "校验", "导出PDF", "导出无宏版", "汇总清单", "帮助"]
    for element, spec in zip(buttons, 按钮, strict=True):
        assert element.get("id") == spec.id
        assert element.get("imageMso") == spec.图标
        assert element.get("screentip") == spec.提示 and element.get("supertip") == spec.说明
        assert element.get("size") == ("large" if spec.大图标 else "normal")
    ids = [e.get("id") for e in ribbon.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("target", ["xlsm", "xlam"])
def test_every_on_action_names_a_sub_of_the_callbacks_module(ribbon: ET.Element, target: str) -> None:
    source = vm.功能区模块源码(目标=target)
    subs = set(re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)$", source, re.M))
    actions = [b.get("onAction") for b in ribbon.iter(f"{{{NS}}}button")]
    assert actions and set(actions) <= subs
    assert subs == set(actions)  # and no callback without a button


def test_every_sub_reaches_an_existing_python_function() -> None:
    source = vm.功能区模块源码()
    found = re.findall(r"^Public Sub (\w+)\(control As IRibbonControl\)\n(?:.*\n)*?\s*RunPython (\".*\")$", source, re.M)
    assert [sub for sub, _ in found] == [b.回调 for b in 按钮]
    for sub, command in found:
        text = command[1:-1].replace('""', '"')
        module, escaped = re.fullmatch(r"import ([\w.]+) as m; getattr\(m, '(.*)'\)\(\)", text).groups()
        function = escaped.encode("ascii").decode("unicode_escape")
        assert callable(getattr(importlib.import_module(module), function)), (sub, module, function)
        assert f"{module}:{function}" == next(b.目标 for b in 按钮 if b.回调 == sub)
