"""The 项目支出绩效自评表 workbooks: built from a declarative layout, filled, read back.

* :mod:`.layout` — the form as data (cells, merges, styles, names, checks, print setup);
* :mod:`.compat` — the native-formula variant (项目支出绩效自评表_兼容版.xlsx);
* :mod:`.build` — renders a layout with openpyxl; ``生成(目录)`` is ``jixiao build``;
* :mod:`.fill` — ``填入(工作簿, 表单, 输出)`` is ``jixiao fill``;
* :mod:`.reader` — ``读取工作簿(路径)``: workbook → :class:`udfs.forms.自评表`, by defined
  names; registered for .xlsx/.xlsm with :mod:`workbook_templates.readers`, so ``jixiao audit`` reads it;
* :mod:`.engine` — the project's functions inside LibreOffice (tests, PDF export);
* :mod:`.commands` — the click commands ``build`` and ``fill``.

Submodules are imported on use: ``import workbook_templates`` loads nothing heavy.
"""
