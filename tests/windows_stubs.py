"""For scripts that import xlwings as on Windows, in a fresh interpreter on Linux.

xlwings' Windows code imports pywin32 (pythoncom, pywintypes, win32com) at import time; these
stand-ins let ``import xlwings`` and ``xlwings.udfs`` load so that what xlwings itself generates
(the UDF wrappers, what Import Functions reads) can be checked here.
"""

# the first lines of such a script
PREAMBLE = r"""
import importlib, io, json, sys, types
for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["pythoncom"].CoInitialize = lambda: None
sys.modules["pywintypes"].com_error = Exception
sys.modules["win32com.client"].Dispatch = lambda x: x
sys.modules["win32com"].client = sys.modules["win32com.client"]
import xlwings
import xlwings.udfs as xu
"""
