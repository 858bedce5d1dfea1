"""The small workbook interface the ribbon actions are written against, and its two implementations.

* :mod:`.protocol` — the interface (:class:`工作簿`) and the marks 校验 puts on cells;
* :mod:`.openpyxl_book` — :class:`文件工作簿`, a file (the command line, the tests);
* :mod:`.xlwings_book` — :class:`Excel工作簿`, the live workbook in Excel (the ribbon);
* :mod:`.rows` — inserting a row into an openpyxl workbook as Excel does.


Each action (:mod:`addin.actions`) is written once against :class:`工作簿` and runs
three ways: from the ribbon in Excel (:class:`Excel工作簿`, xlwings,
``Book.caller()``), from the ``jixiao`` command and in tests on Linux
(:class:`文件工作簿`, openpyxl).  The interface is deliberately low level —
cells, formulas, merges, row insertion, marks, a file snapshot — so the logic
of an action (where a row goes, which merges grow, which formulas are copied)
lives in one place and is exercised by the Linux tests; only these primitives
differ between Excel and openpyxl.

Excel does row insertion natively (formulas, names, merges, validation and
conditional formats follow).  openpyxl does not, so :func:`插入行` does what
Excel does: it shifts every reference to the rows below — in formulas on all
sheets, defined names, merges, data validations, conditional formats, the print
area and row heights — and formats the new row like the row above.

Values of formula cells: Excel computes them.  openpyxl has no engine; after
:meth:`文件工作簿.计算` the scores are computed with the scoring core (through
the template reader) and written into the saved file as the cells' cached
values, so a viewer without the add-in, openpyxl's ``data_only`` and pandas
see the numbers while the formulas stay.
"""

from __future__ import annotations

from .openpyxl_book import 文件工作簿
from .protocol import 工作簿, 拆地址, 标记公式, 标记样式
from .xlwings_book import Excel工作簿

__all__ = ["Excel工作簿", "工作簿", "拆地址", "文件工作簿", "标记公式", "标记样式"]
