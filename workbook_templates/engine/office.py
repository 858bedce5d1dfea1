"""LibreOffice (headless) as the spreadsheet engine: live formulas, Python UDFs, PDF export.

Excel runs the workbook's cell functions on Windows; everywhere else (tests, the
PDF export of the product) LibreOffice Calc computes the same workbook.

Why the layering:
  * ``import uno`` only works in the Python LibreOffice was built against
    (Debian: /usr/bin/python3 with python3-uno; elsewhere the bundled
    ``program/python``), not in the project's interpreter. So an ``Office`` drives
    LibreOffice through a worker subprocess (``_lo_worker.py``) under such a Python,
    speaking JSON lines; this module never imports ``uno``.
  * One warm ``soffice`` per ``Office`` (about 1 s to start) serves any number of
    documents; a cold ``soffice --convert-to`` pays that start for every file.
  * Every ``Office`` gets a fresh temporary profile seeded from ``data/``: Chinese
    CJK locale and font mapping for PDFs, recalc on load, macros allowed so the
    profile's Basic bridge to Python UDFs (``bridge``) runs in cells.
  * Files are written to a temporary name and renamed, and never over an input.

Typical use::

    with Office(udf_module="udfs", udf_specs=specs, sys_path=[root]) as office:
        with office.open("自评表.xlsx") as doc:
            doc.set("自评表", "F5", 80)
            doc.recalc()
            score = doc.get("自评表", "G5")
            doc.save_as("自评表.pdf", sheets=["自评表"])
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

from ..files import 原子复制
from .bridge import PROBE_URL, UdfSpec, install

__all__ = [
    "CellError", "Doc", "Office", "OfficeError", "UdfSpec", "convert_cold",
    "find_soffice", "find_uno_python",
]

Format = Literal["pdf", "xlsx", "ods"]
SheetRef = str | int
PathLike = str | os.PathLike[str]

DATA = Path(__file__).with_name("data")
WORKER = Path(__file__).with_name("_lo_worker.py")
INSTALL_HINT = (
    "请安装：apt-get install libreoffice-calc-nogui python3-uno "
    "libreoffice-script-provider-python fonts-noto-cjk"
)
# Export filters, also in _lo_worker.py (which must stay standalone).
_FILTERS: dict[str, str] = {"pdf": "calc_pdf_Export", "xlsx": "Calc MS Excel 2007 XML", "ods": "calc8"}
_SOFFICE_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


class OfficeError(RuntimeError):
    """LibreOffice is missing or an operation failed; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class CellError:
    """A formula error: LibreOffice's code (532) and the text Calc shows (#DIV/0!, Err:504)."""

    code: int
    text: str

    def __str__(self) -> str:
        return self.text


Value = float | str | CellError | None


# --- discovery ------------------------------------------------------------------------


def find_soffice(explicit: PathLike | None = None) -> Path:
    """The soffice executable: ``explicit``, else $JIXIAO_SOFFICE, else PATH and usual places."""
    given = explicit or os.environ.get("JIXIAO_SOFFICE")
    if given:
        path = Path(given)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise OfficeError(f"找不到 LibreOffice：{path} 不是可执行文件。{INSTALL_HINT}")
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return Path(found)
    for pattern in _SOFFICE_PLACES:
        if hits := sorted(glob.glob(pattern)):
            return Path(hits[-1])
    raise OfficeError(f"找不到 LibreOffice（soffice 不在 PATH 中）。{INSTALL_HINT}")


def find_uno_python(soffice: Path, explicit: PathLike | None = None) -> str:
    """A Python that can ``import uno``: ``explicit`` or $JIXIAO_UNO_PYTHON, this one,
    /usr/bin/python3, or LibreOffice's bundled ``program/python``."""
    given = explicit or os.environ.get("JIXIAO_UNO_PYTHON")
    if given:
        candidates = [str(given)]
    else:
        candidates = [sys.executable] if importlib.util.find_spec("uno") else []
        program = soffice.resolve().parent
        candidates += ["/usr/bin/python3", str(program / "python"), str(program / "python.exe")]
    for candidate in candidates:
        if not Path(candidate).is_file():
            continue
        probe = subprocess.run(
            [candidate, "-c", "import uno"], capture_output=True, env=_clean_env(), timeout=60
        )
        if probe.returncode == 0:
            return candidate
    raise OfficeError(
        f"找不到能 import uno 的 Python（试过：{'、'.join(candidates)}）。{INSTALL_HINT}"
    )


# --- processes --------------------------------------------------------------------------


def _clean_env(uno_python: str | None = None) -> dict[str, str]:
    """Environment for soffice and the worker.

    Our PYTHONPATH/PYTHONHOME must not leak into LibreOffice's Python, and that
    embedded Python finds its standard library through the first ``python3`` on
    PATH: a pyenv or venv directory first on PATH (as when this runs under pyenv)
    makes it load another Python's library. So the uno Python's directory goes first.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    if uno_python:
        env["PATH"] = os.pathsep.join([str(Path(uno_python).parent), env.get("PATH", "")])
    env["FONTCONFIG_FILE"] = str(DATA / "fonts.conf")
    return env


def _make_profile(root: Path, recalc_on_load: bool = True) -> Path:
    profile = root / "profile"
    (profile / "user").mkdir(parents=True)
    settings = (DATA / "registrymodifications.xcu").read_text(encoding="utf-8")
    if not recalc_on_load:
        # "never recalculate" (1): show the values a file carries, as a user's LibreOffice does
        settings = settings.replace('oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0<',
                                    'oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1<')
    (profile / "user" / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
    return profile


def _soffice_command(soffice: Path, profile: Path) -> list[str]:
    return [
        str(soffice), f"-env:UserInstallation={profile.as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
    ]


def _spawn_group(command: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.Popen[Any]:
    """soffice forks soffice.bin: start it as a process group so the whole tree can be ended."""
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, **kwargs)


def _end_group(proc: subprocess.Popen[Any], grace: float) -> None:
    """Wait up to ``grace`` seconds, then kill soffice and whatever it forked."""
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    elif proc.poll() is None:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    proc.wait()


def _tail(path: Path, limit: int = 600) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:].strip()
    except OSError:
        return ""


def _output_path(target: PathLike, inputs: Iterable[Path], fmt: str | None = None) -> tuple[Path, Format]:
    """Resolve an output path and format; refuse to write over an input file."""
    path = Path(target).absolute()
    kind = fmt or path.suffix.lstrip(".").lower()
    if kind not in _FILTERS:
        raise OfficeError(f"不支持的输出格式：{kind!r}（可用：{'、'.join(_FILTERS)}）")
    if any(path.resolve() == p.resolve() for p in inputs):
        raise OfficeError(f"不能覆盖输入文件：{path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, cast(Format, kind)


def _existing(path: PathLike) -> Path:
    p = Path(path).absolute()
    if not p.is_file():
        raise OfficeError(f"文件不存在：{p}")
    return p


class _Session:
    """The soffice process, the worker process and the request channel between them.

    Kept apart from ``Office`` so that a finalizer can stop it without holding the Office.
    """

    def __init__(self, soffice: Path, python: str, profile: Path, timeout: float) -> None:
        self.root = profile.parent
        self.timeout = timeout
        self.closed = False
        self.pipe = f"jixiao_{os.getpid()}_{secrets.token_hex(4)}"
        self.soffice_log = self.root / "soffice.log"
        self.worker_log = self.root / "worker.log"
        env = _clean_env(python)
        with open(self.soffice_log, "wb") as log:
            self.soffice = _spawn_group(
                _soffice_command(soffice, profile)
                + [f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
                env, stdout=log, stderr=subprocess.STDOUT,
            )
        try:
            with open(self.worker_log, "wb") as log:
                self.worker = subprocess.Popen(
                    [python, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=log, env=env, text=True, encoding="utf-8",
                )
        except BaseException:
            _end_group(self.soffice, 0)
            raise
        self.replies: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(self.worker.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.replies.put(line)
        self.replies.put(None)

    def connect(self, deadline: float) -> None:
        while True:
            if self.soffice.poll() is not None:
                raise OfficeError(
                    f"LibreOffice 启动失败（退出码 {self.soffice.returncode}）：{_tail(self.soffice_log)}"
                )
            reply = self.roundtrip("connect", self.timeout, pipe=self.pipe)
            if reply["ok"]:
                return
            if not reply.get("retry") or time.monotonic() > deadline:
                raise OfficeError(f"无法连接 LibreOffice：{reply['error']}")
            time.sleep(0.05)

    def roundtrip(self, op: str, timeout: float, **args: Any) -> dict[str, Any]:
        if self.closed:
            raise OfficeError("LibreOffice 已关闭")
        assert self.worker.stdin is not None
        try:
            self.worker.stdin.write(json.dumps({"op": op, **args}) + "\n")
            self.worker.stdin.flush()
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            self.stop(graceful=False)
            raise OfficeError(f"LibreOffice 在 {timeout:.0f} 秒内没有响应（{op}），已强制结束") from None
        except OSError:
            line = None
        if line is None:
            self.stop(graceful=False)
            raise OfficeError(f"LibreOffice 工作进程意外退出（{op}）：{_tail(self.worker_log)}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def request(self, op: str, **args: Any) -> Any:
        reply = self.roundtrip(op, self.timeout, **args)
        if not reply["ok"]:
            raise OfficeError(reply["error"])
        return reply["result"]

    def stop(self, graceful: bool = True) -> None:
        if self.closed:
            return
        if graceful and self.worker.poll() is None and self.soffice.poll() is None:
            try:
                self.roundtrip("shutdown", 30)
            except OfficeError:
                return  # the failed roundtrip has already stopped everything
        self.closed = True
        assert self.worker.stdin is not None
        try:
            self.worker.stdin.close()
        except OSError:
            pass
        _end_group(self.soffice, 20 if graceful else 0)
        try:
            self.worker.wait(5)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()
        shutil.rmtree(self.root, ignore_errors=True)


# --- public API ---------------------------------------------------------------------------


class Office:
    """One headless LibreOffice with a fresh profile; a context manager.

    ``udf_module``/``udf_specs``/``sys_path``: Python functions to make callable from
    cells (see ``bridge``). ``soffice``/``python`` override discovery. ``recalc_on_load``: recalculate
    every formula of a file on load (the tests' engine); False keeps the values the file carries.
    ``timeout``: seconds one request may take before LibreOffice is killed.
    """

    def __init__(
        self,
        *,
        soffice: PathLike | None = None,
        python: PathLike | None = None,
        udf_module: str | None = None,
        udf_specs: Sequence[UdfSpec] = (),
        sys_path: Sequence[PathLike] = (),
        timeout: float = 120.0,
        start_timeout: float = 60.0,
        recalc_on_load: bool = True,
    ) -> None:
        self._soffice = soffice
        self._recalc_on_load = recalc_on_load
        self._python = python
        self._udf_module = udf_module
        self._udf_specs = list(udf_specs)
        self._sys_path = [str(Path(p).absolute()) for p in sys_path]
        self._timeout = timeout
        self._start_timeout = start_timeout
        self._session: _Session | None = None

    def __enter__(self) -> Office:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Office:
        """Start soffice and connect; raises OfficeError (Chinese) when it cannot."""
        if self._session is not None:
            raise OfficeError("Office 已启动")
        soffice = find_soffice(self._soffice)
        python = find_uno_python(soffice, self._python)
        root = Path(tempfile.mkdtemp(prefix="jixiao-lo-"))
        try:
            profile = _make_profile(root, self._recalc_on_load)
            if self._udf_module:
                install(profile, self._udf_module, self._udf_specs, self._sys_path)
            session = _Session(soffice, python, profile, self._timeout)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        self._session = session
        weakref.finalize(self, session.stop)
        try:
            session.connect(time.monotonic() + self._start_timeout)
            if self._udf_module:
                session.request("probe_bridge", url=PROBE_URL)
        except BaseException:
            session.stop(graceful=False)
            raise
        return self

    def close(self) -> None:
        """Close all documents and end soffice; safe to call twice."""
        if self._session is not None:
            self._session.stop()

    @property
    def workdir(self) -> Path:
        """Temporary directory of this Office: profile/, soffice.log, worker.log; removed on close."""
        if self._session is None:
            raise OfficeError("LibreOffice 未启动")
        return self._session.root

    @property
    def _live(self) -> _Session:
        if self._session is None or self._session.closed:
            raise OfficeError("LibreOffice 未启动或已关闭")
        return self._session

    def open(self, path: PathLike) -> Doc:
        """Open a workbook hidden, macros allowed without prompts, formulas recalculated."""
        source = _existing(path)
        return Doc(self._live, self._live.request("open", path=str(source)), source)

    def convert(self, paths: Iterable[PathLike], fmt: Format = "pdf", *, outdir: PathLike) -> list[Path]:
        """Convert files with this warm process; outputs are ``outdir/<stem>.<fmt>``."""
        sources = [_existing(p) for p in paths]
        targets = [_output_path(Path(outdir) / f"{p.stem}.{fmt}", sources, fmt)[0] for p in sources]
        if len(set(targets)) != len(targets):
            raise OfficeError("输入文件重名，输出会互相覆盖")
        # One request per file: the timeout applies to each file, not to the batch.
        return [
            Path(self._live.request("convert", path=str(source), fmt=fmt, target=str(target)))
            for source, target in zip(sources, targets, strict=True)
        ]


class Doc:
    """An open workbook. ``sheet`` is a name or 0-based index; ``ref`` an address
    (``A1``, ``A1:C3``) or a defined name. Formulas use Excel syntax."""

    def __init__(self, session: _Session, doc_id: int, source: Path) -> None:
        self._session = session
        self._id: int | None = doc_id
        self.source = source

    def __enter__(self) -> Doc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, op: str, **args: Any) -> Any:
        return self._session.request(op, doc=self._id, **args)

    def sheet_names(self) -> list[str]:
        names: list[str] = self._request("sheet_names")
        return names

    def get(self, sheet: SheetRef, ref: str) -> Value:
        """A cell's value: float, str, None (empty) or CellError."""
        return _decode(self._request("get", sheet=sheet, ref=ref))

    def get_range(self, sheet: SheetRef, ref: str) -> list[list[Value]]:
        return [[_decode(v) for v in row] for row in self._request("get_range", sheet=sheet, ref=ref)]

    def set(self, sheet: SheetRef, ref: str, value: float | str | None) -> None:
        """Set a number, a text, a formula (text starting with '='), or clear (None)."""
        self._request("set", sheet=sheet, ref=ref, value=value)

    def set_array(self, sheet: SheetRef, ref: str, formula: str) -> None:
        """Enter an array (CSE) formula over the range ``ref``."""
        self._request("set_array", sheet=sheet, ref=ref, formula=formula)

    def formula(self, sheet: SheetRef, ref: str) -> str:
        """The formula (``=...``), or the constant as text, or "" for an empty cell."""
        text: str = self._request("formula", sheet=sheet, ref=ref)
        return text

    def recalc(self) -> None:
        """Recalculate every formula (calculateAll), UDFs included."""
        self._request("recalc")

    def clear_fill(self, colors: Iterable[str]) -> int:
        """Remove the background colours ``colors`` (hex RGB) in this loaded copy (not saved)."""
        return int(self._request("clear_fill", colors=list(colors)))

    def save_as(
        self, path: PathLike, fmt: Format | None = None, sheets: Sequence[SheetRef] | None = None
    ) -> Path:
        """Write xlsx/ods/pdf (format from ``fmt`` or the suffix); ``sheets`` limits a PDF."""
        target, kind = _output_path(path, [self.source], fmt)
        if sheets and kind != "pdf":
            raise OfficeError("只有 PDF 可以只导出部分工作表")
        return Path(self._request("save", path=str(target), fmt=kind, sheets=list(sheets or [])))

    def close(self) -> None:
        if not self._session.closed and self._id is not None:
            self._request("close")
        self._id = None


def _decode(value: Any) -> Value:
    if isinstance(value, dict):
        return CellError(value["error"], value["text"])
    return cast(Value, value)


def convert_cold(
    path: PathLike, fmt: Format = "pdf", *, outdir: PathLike,
    soffice: PathLike | None = None, timeout: float = 120.0,
) -> Path:
    """One ``soffice --headless --convert-to`` run with its own fresh profile (the slow baseline)."""
    source = _existing(path)
    target, kind = _output_path(Path(outdir) / f"{source.stem}.{fmt}", [source], fmt)
    executable = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        profile = _make_profile(Path(tmp))
        out = Path(tmp) / "out"
        proc = _spawn_group(
            _soffice_command(executable, profile)
            + ["--convert-to", f"{kind}:{_FILTERS[kind]}", "--outdir", str(out), str(source)],
            _clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        try:
            log, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(proc, 0)
            raise OfficeError(f"LibreOffice 转换 {source} 超过 {timeout:.0f} 秒，已强制结束") from None
        _end_group(proc, 0)
        produced = out / f"{source.stem}.{kind}"
        if not produced.is_file():
            detail = log.decode(errors="replace").strip()[-600:]
            raise OfficeError(f"LibreOffice 无法转换 {source}：{detail}")
        原子复制(produced, target)
    return target
