"""A small writer for generated VBA: lines, indented blocks, labels.

Modelled on xlwings' ``VBAWriter`` (``xlwings/utils.py``), which writes the
UDF wrappers of "Import Functions" the same way: the nesting of the Python
code that generates a procedure is the nesting of the procedure, so no
generator counts spaces by hand.

    w = VbaWriter()
    with w.block("Public Function 版本号() As String", "End Function"):
        w.line('版本号 = "0.1.0"')
    w.text()  # 'Public Function 版本号() As String\\n    版本号 = "0.1.0"\\nEnd Function\\n'

Lines are joined with LF; :mod:`addin.vbaproject` stores them with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

__all__ = ["VbaWriter"]


class VbaWriter:
    """Collects VBA lines at the current indentation (four spaces a level, as the VBA editor and xlwings)."""

    INDENT = "    "

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._level = 0

    def line(self, text: str = "") -> None:
        """One line at the current level; an empty line carries no indentation."""
        self._lines.append(self.INDENT * self._level + text if text else "")

    def lines(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.line(text)

    def blank(self, count: int = 1) -> None:
        self._lines.extend([""] * count)

    @contextmanager
    def indent(self) -> Iterator[None]:
        """Lines written inside are one level deeper."""
        self._level += 1
        try:
            yield
        finally:
            self._level -= 1

    @contextmanager
    def block(self, opening: str, closing: str) -> Iterator[None]:
        """``opening``, the lines written inside one level deeper, ``closing``."""
        self.line(opening)
        with self.indent():
            yield
        self.line(closing)

    def middle(self, text: str) -> None:
        """A line one level out, inside a block: ``Else``, ``#Else``, ``ElseIf …``."""
        if self._level == 0:
            raise ValueError(f"“{text}”只能写在块内")
        self._level -= 1
        self.line(text)
        self._level += 1

    def label(self, name: str) -> None:
        """A line label (``failed:``) in column 0, where the VBA editor puts labels."""
        self._lines.append(f"{name}:")

    def text(self) -> str:
        """Everything written, one LF after each line."""
        return "\n".join(self._lines) + "\n"
