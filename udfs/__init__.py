"""绩效自评助手的计分核心与 Excel 函数。

The Excel functions with Chinese names are importable from here
(``from udfs import 执行率得分``); each edition serves them to a spreadsheet
(the classic add-in through :mod:`addin.xlwings_udfs`, xlwings Lite, LibreOffice).
The rules themselves live in :mod:`udfs.scoring`, :mod:`udfs.values` and
:mod:`udfs.qualitative` (the form) and :mod:`udfs.rules` (evaluation reports);
the audits in :mod:`udfs.audit` (the form) and :mod:`udfs.evaluation` (an
evaluation system), their findings in :mod:`udfs.findings`.
"""

from .functions import *  # noqa: F401,F403  (the Excel functions)
from .functions import __all__ as _functions
from .registry import 函数清单

__version__ = "0.1.0"
__all__ = [*_functions, "函数清单", "__version__"]
