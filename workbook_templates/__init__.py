"""The workbooks: described as data, built, filled, read back, computed by a real engine.

* :mod:`.sheetkit` — what a sheet is made of (cells, styles, names, checks, print setup),
  shared by both workbook families; :mod:`.render` writes it with openpyxl, deterministically;
* the 项目支出绩效自评表: :mod:`.form_layout` (the form as data), :mod:`.form_compat` (the
  native-formula variant), :mod:`.build` (``jixiao build``), :mod:`.fill` (``jixiao fill``);
* the 绩效评价指标体系评分表: :mod:`.system_layout`, :mod:`.system_compat`,
  :mod:`.system_build`, :mod:`.system_fill`;
* :mod:`.readers` — every file kind the tools read (JSON, template workbooks, other units'
  layouts found by their labels, text exports), chosen by one table;
* :mod:`.engine` — LibreOffice with the project's functions (tests, PDF export);
* :mod:`.files` — atomic writes.

Submodules are imported on use: ``import workbook_templates`` loads nothing heavy.
"""
