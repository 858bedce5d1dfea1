"""Write ``vbaProject.bin`` for Excel workbooks and add-ins, without Excel.

The project is *source-only*: every module's text sits at offset 0 of its
stream and ``_VBA_PROJECT`` declares version 0xFFFF, so Excel (or LibreOffice)
compiles the modules from source when it opens the file. Names and source are
stored in the project code page (936 = GBK by default), which is what lets
modules and functions have Chinese names.

    from addin.vbaproject import VbaModule, build_vba_project
    data = build_vba_project([
        VbaModule("ThisWorkbook", "document", ""),
        VbaModule("Sheet1", "document", ""),
        VbaModule("绩效自评函数", "standard", 'Public Function 版本号() As String\\n版本号 = "0.1"\\nEnd Function'),
    ])
"""

from __future__ import annotations

from collections.abc import Sequence

from .cfb import write_compound_file
from .ovba import VbaModule, VbaProjectError, project_streams

__all__ = ["VbaModule", "VbaProjectError", "build_vba_project"]


def build_vba_project(modules: Sequence[VbaModule], project_name: str = "VBAProject", codepage: int = 936) -> bytes:
    """Return the bytes of a ``vbaProject.bin`` holding ``modules`` in the given order.

    Raises ``VbaProjectError`` (a ``ValueError``) with a Chinese message naming
    the module when a name is not a legal VBA identifier, is repeated, or a
    name or source line cannot be encoded in ``codepage``.
    """
    return write_compound_file(project_streams(modules, project_name, codepage))
