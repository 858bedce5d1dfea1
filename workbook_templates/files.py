"""Writing files safely: through a temporary file beside the target, then one rename.

A reader never sees a half-written file, and a failed write leaves no temporary
file behind.  Stdlib only (``_lo_worker`` keeps its own copy: it runs under
LibreOffice's Python and imports nothing of the project).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["写到旁边", "原子复制", "原子写入", "是输入文件"]


def 是输入文件(target: str | Path, 输入: Iterable[str | Path]) -> bool:
    """True when ``target`` is one of the existing files ``输入`` (also through a link or another spelling)."""
    target = Path(target)
    return any(
        Path(p).exists() and target.exists() and target.resolve() == Path(p).resolve() for p in 输入
    )


@contextmanager
def 写到旁边(target: Path, 后缀: str | None = None) -> Iterator[Path]:
    """A temporary path beside ``target`` (same folder, so the rename is atomic) for the block to
    write; renamed over ``target`` when the block succeeds, removed in any case.

    ``后缀``: the temporary file's suffix, by default ``target``'s (tools that infer the format
    from it); ``""`` for none, so a leftover never looks like a workbook to Excel."""
    suffix = target.suffix if 后缀 is None else 后缀
    tmp = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.tmp{suffix}")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def 原子写入(target: str | Path, data: bytes, *, 后缀: str | None = None) -> Path:
    """Write ``data`` to ``target`` (its folder made if needed); never a half-written file."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with 写到旁边(target, 后缀) as tmp:
        tmp.write_bytes(data)
    return target


def 原子复制(source: str | Path, target: str | Path, *, 后缀: str | None = None) -> Path:
    """Copy the data of ``source`` to ``target`` (its folder made if needed); never a half-written file."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with 写到旁边(target, 后缀) as tmp:
        shutil.copyfile(source, tmp)
    return target
