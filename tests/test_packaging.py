"""The wheel carries every subpackage and data file the installed tool needs (an editable install hides gaps)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contents(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                    "-w", str(tmp_path)], check=True)
    wheel = next(tmp_path.glob("jixiao-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("udfs", "addin", "addin/vbaproject", "workbook_templates"):
        assert f"{package}/__init__.py" in names, package
    for module in ROOT.glob("**/*.py"):
        rel = module.relative_to(ROOT).as_posix()
        if rel.split("/")[0] in ("udfs", "addin", "workbook_templates"):
            assert rel in names, rel
    assert {"udfs/profiles/caizhengbu.toml", "udfs/examples/seed_forms.json", "udfs/examples/evaluation_systems.json",
            "workbook_templates/engine/data/fonts.conf", "workbook_templates/engine/data/registrymodifications.xcu"} <= names
    assert any(n.endswith("data/share/doc/jixiao/用户指南.md") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "jixiao = addin.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
