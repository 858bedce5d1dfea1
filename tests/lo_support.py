"""What the tests that need LibreOffice (and poppler-utils) share.

Without LibreOffice such a test is skipped, except under JIXIAO_REQUIRE_LIBREOFFICE=1
(CI), where it runs and fails: a missing engine must never pass silently there.
The Office fixtures themselves are in conftest.py.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbook_templates.engine.office import OfficeError, find_soffice, find_uno_python

REQUIRED = os.environ.get("JIXIAO_REQUIRE_LIBREOFFICE") == "1"


def skip_or_fail(message: str) -> None:
    """Skip the test, or fail it under JIXIAO_REQUIRE_LIBREOFFICE=1."""
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def libreoffice_missing(script_provider: bool = True) -> str:
    """Why LibreOffice cannot run here ("" when it can); ``script_provider``: the Python UDF bridge is needed too."""
    try:
        soffice = find_soffice()
        find_uno_python(soffice)
    except OfficeError as exc:
        return str(exc)
    if script_provider and not (soffice.resolve().parent / "pythonscript.py").is_file():
        return "缺少 libreoffice-script-provider-python"
    return ""


def skip_without_libreoffice(script_provider: bool = True) -> None:
    """For a fixture that starts LibreOffice: skip when it is missing, unless required (then starting it fails)."""
    if libreoffice_missing(script_provider) and not REQUIRED:
        pytest.skip(libreoffice_missing(script_provider))


class _Marks(list):
    """Several marks usable as one decorator (``@needs_libreoffice()``) or as ``pytestmark``."""

    def __call__(self, test):
        for mark in self:
            test = mark(test)
        return test


def needs_libreoffice(missing: str | None = None) -> _Marks:
    """Marks: ``libreoffice`` (left out by ``pytest -m "not libreoffice"``), and skip when LibreOffice
    is ``missing`` (default: with the UDF bridge), unless required."""
    missing = libreoffice_missing() if missing is None else missing
    return _Marks([pytest.mark.libreoffice,
                   pytest.mark.skipif(bool(missing) and not REQUIRED, reason=f"LibreOffice 不可用：{missing}")])


def need_tool(name: str) -> str:
    """The path of a poppler-utils program; skip (or fail, if required) without it."""
    path = shutil.which(name)
    if path is None and not REQUIRED:
        pytest.skip(f"{name} 不可用（apt-get install poppler-utils）")
    assert path, f"{name} 不可用（apt-get install poppler-utils）"
    return path


# --- PDF (poppler-utils) ----------------------------------------------------------------------


def pdf_text(pdf: Path, page: int) -> str:
    """The text of one page, laid out as printed."""
    return subprocess.run([need_tool("pdftotext"), "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_words(pdf: Path, page: int) -> str:
    """The text of one page with no whitespace at all: what a check for a phrase or a number wants."""
    return re.sub(r"\s", "", pdf_text(pdf, page))


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    info = subprocess.run([need_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def pdf_page_count(pdf: Path) -> int:
    info = subprocess.run([need_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


# --- VBA run by LibreOffice over UNO ------------------------------------------------------------


def vba_office() -> tuple[str, str]:
    """(a Python with LibreOffice's ``uno``, soffice) for the UNO scripts below."""
    python = next((c for c in (sys.executable, "/usr/bin/python3") if Path(c).exists()
                   and subprocess.run([c, "-c", "import uno"], capture_output=True).returncode == 0), None)
    soffice = shutil.which("soffice")
    if soffice is None or python is None:
        skip_or_fail("LibreOffice (soffice) with python3-uno is not installed")
    return python, soffice  # type: ignore[return-value]


# user/registrymodifications.xcu of a fresh profile: load and run VBA, low macro
# security, always recalculate OOXML files on load.
_VBA_SETTINGS = [
    ("/org.openoffice.Office.Calc/Filter/Import/VBA", "Load", "true"),
    ("/org.openoffice.Office.Calc/Filter/Import/VBA", "Executable", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "0"),
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "0"),
]


def vba_profile(folder: Path) -> Path:
    """A fresh LibreOffice user profile in ``folder`` that runs a document's VBA."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
        + "".join(
            f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
            for path, name, value in _VBA_SETTINGS
        )
        + "</oor:items>\n",
        encoding="utf-8",
    )
    return profile


# `soffice --convert-to` never runs document macros, so the document is opened over UNO
# with the macro mode taken from the profile (USE_CONFIG: low security, VBA executable).
_VBA_SCRIPT = r'''
import subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

soffice, profile, document, pipe, body = sys.argv[1:6]
argv = sys.argv[6:]
office = subprocess.Popen(
    [soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore", "--nologo",
     "--accept=pipe,name=" + pipe + ";urp;"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            remote = resolver.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.1)
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
    args = []
    for name, value in (("Hidden", True), ("MacroExecutionMode", 3)):  # 3 = USE_CONFIG: run VBA
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        args.append(prop)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(document), "_blank", 0, tuple(args))
    exec(body)
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=30)
finally:
    if office.poll() is None:
        office.kill()
'''


def run_vba(office: tuple[str, str], document: Path, folder: Path, pipe: str, body: str, *args: str,
            timeout: float) -> subprocess.CompletedProcess[str]:
    """Open ``document`` in a LibreOffice that runs its VBA, and run ``body`` there: Python in the
    interpreter that has ``uno``, with the open ``doc``, and ``args`` as ``argv``; what it printed."""
    python, soffice = office
    return subprocess.run(
        [python, "-c", _VBA_SCRIPT, soffice, vba_profile(folder).as_uri(), str(document), pipe, body, *args],
        capture_output=True, text=True, timeout=timeout,
    )
