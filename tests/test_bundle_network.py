"""``jixiao bundle`` for real: wheels from PyPI, workbooks from ``jixiao build``.

Marker ``network``, and skipped unless ``JIXIAO_NETWORK_TESTS=1``: the default and fast test
runs stay offline; ``.ci/run`` runs this file as its own step.  Downloads go through pip's own
HTTP cache (``~/.cache/pip``), so a second run fetches nothing new.

What an IT department gets is checked the way it will be used: the zip's layout, its wheels
installing with the network switched off for win_amd64 / CPython 3.11 (``pip install
--no-index --find-links <wheels> --platform win_amd64 --python-version 3.11 --only-binary=:all:
--target <tmp> jixiao``), every requirement present under Windows' markers (which pip, run on
Linux, does not apply), and the workbooks equal to a fresh ``jixiao build``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from addin.bundle import 缺少的依赖

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(os.environ.get("JIXIAO_NETWORK_TESTS") != "1",
                       reason="builds the bundle from PyPI: set JIXIAO_NETWORK_TESTS=1 (.ci/run does)"),
]

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = {
    "绩效自评.xlam", "项目支出绩效自评表.xlsm", "项目支出绩效自评表.xlsx", "项目支出绩效自评表_兼容版.xlsx",
    "绩效评价指标体系评分表.xlsx", "绩效评价指标体系评分表_兼容版.xlsx", "绩效自评_Lite.zip",
}


def run_bundle(out: Path, *pythons: str) -> tuple[Path, str]:
    args = [a for p in pythons for a in ("--python", p)]
    done = subprocess.run([sys.executable, "-m", "addin", "bundle", "--out", str(out), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1]), done.stderr


def extract(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(dest)
    (folder,) = dest.iterdir()
    return folder


PIP = [sys.executable, "-m", "pip"]


def offline_install(wheels: Path, python: str, target: Path, pip: list[str] = PIP) -> None:
    # --isolated and PIP_CONFIG_FILE=/dev/null: no index or find-links from this machine's pip config
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    done = subprocess.run(
        [*pip, "--isolated", "install", "-q", "--no-index", "--find-links", str(wheels),
         "--platform", "win_amd64", "--python-version", python, "--only-binary=:all:", "--target", str(target),
         "--disable-pip-version-check", "jixiao"],
        capture_output=True, text=True, env=env, timeout=1800,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def recent_pip(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """pip 24.1 or later, run from its wheel: pip 23 checks a find-links wheel's Requires-Python against
    the interpreter running pip, not --python-version, so a 3.12 wheel (numpy: >=3.12) fails on 3.11."""
    folder = tmp_path_factory.mktemp("pip")
    subprocess.run([*PIP, "download", "-q", "--no-deps", "--only-binary=:all:", "pip>=24.1", "-d", str(folder)],
                   check=True, timeout=600)
    return [sys.executable, str(next(folder.glob("pip-*.whl")) / "pip")]


@pytest.fixture(scope="module")
def bundle_311(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    out = tmp_path_factory.mktemp("bundle")
    zip_path, progress = run_bundle(out)
    return zip_path, extract(zip_path, tmp_path_factory.mktemp("extracted")), progress


def test_the_bundle_holds_every_piece(bundle_311) -> None:
    zip_path, folder, progress = bundle_311
    assert zip_path.name == "jixiao-0.1.0-win_amd64.zip" and folder.name == "jixiao-0.1.0-win_amd64"
    assert "[1/5] 构建 jixiao 的 wheel" in progress and "已生成离线安装包" in progress  # progress on stderr
    assert {p.name for p in folder.iterdir()} == {
        "安装.cmd", "卸载.cmd", "安装说明.txt", "用户指南.md", "bundle.json", "tools", "wheels", "workbooks",
    }
    wheels = {p.name for p in (folder / "wheels").iterdir()}
    assert "jixiao-0.1.0-py3-none-any.whl" in wheels
    assert "xlwings-0.37.8-cp311-cp311-win_amd64.whl" in wheels
    for binary in ("pywin32", "numpy", "pandas", "lxml"):
        assert any(w.startswith(f"{binary}-") and w.endswith("-cp311-cp311-win_amd64.whl") for w in wheels), binary
    assert all(w.endswith(("-none-any.whl", "-cp311-cp311-win_amd64.whl", "-abi3-win_amd64.whl")) for w in wheels), wheels
    assert {p.name for p in (folder / "workbooks").iterdir()} == WORKBOOKS
    for name in ("安装.cmd", "卸载.cmd"):
        data = (folder / name).read_bytes()
        assert data.isascii() and b"\n" not in data.replace(b"\r\n", b"")
    print(f"\nbundle for CPython 3.11: {zip_path.stat().st_size / 1e6:.1f} MB, {len(wheels)} wheels")


def test_its_wheels_install_offline_for_windows_and_python_311(bundle_311, tmp_path: Path) -> None:
    _, folder, _ = bundle_311
    offline_install(folder / "wheels", "3.11", tmp_path / "site")
    installed = {p.name for p in (tmp_path / "site").iterdir()}
    assert {"addin", "udfs", "workbook_templates", "xlwings", "pandas", "numpy", "openpyxl", "lxml"} <= installed
    assert "xlwings64-0.37.8.dll" in installed and "xlwings32-0.37.8.dll" in installed  # xlwings' data files
    # pip applied Linux's markers above; Windows needs pywin32 (xlwings) and whatever else its markers add
    assert 缺少的依赖(folder / "wheels", "3.11") == []


def test_the_workbooks_are_those_of_jixiao_build(bundle_311, tmp_path: Path) -> None:
    _, folder, _ = bundle_311
    done = subprocess.run([sys.executable, "-m", "addin", "build", "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for name in WORKBOOKS:  # the build is deterministic: byte for byte
        assert (folder / "workbooks" / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_a_bundle_for_311_and_312_resolves_for_both(bundle_311, tmp_path: Path, recent_pip: list[str]) -> None:
    zip_path, _ = run_bundle(tmp_path / "out", "3.11", "3.12")
    folder = extract(zip_path, tmp_path / "extracted")
    for python in ("3.11", "3.12"):
        assert 缺少的依赖(folder / "wheels", python) == []
    offline_install(folder / "wheels", "3.12", tmp_path / "site312", pip=recent_pip)
    assert (tmp_path / "site312" / "xlwings").is_dir()
    one, both = bundle_311[0].stat().st_size, zip_path.stat().st_size
    print(f"\nbundle for CPython 3.11: {one / 1e6:.1f} MB; for 3.11 and 3.12: {both / 1e6:.1f} MB "
          f"(+{(both - one) / 1e6:.1f} MB, +{(both - one) / one:.0%})")
    assert both > one
