"""A test-only stand-in for the ``xlwings`` module the xlwings Lite add-in provides at run time.

Our own code, written from xlwings' documented API (``func``/``arg``/``ret``/``script``, the book
object of scripts) and Microsoft's rules for custom functions; it contains no xlwings code.  It
goes on ``sys.path`` in the tests only (CPython subprocesses and Pyodide under Node), never into a
workbook: there the add-in's own xlwings is imported.

* The decorators return the function itself with a ``__lite_func__``/``__lite_script__`` record
  (the real ``@func`` also returns the function; the real ``@script`` returns an async wrapper).
* :func:`functions_meta` lists what the add-in would register for a module, in the shape of the
  Office custom-functions JSON, and enforces Microsoft's naming rules (id: ``A–Z 0–9 _ .``, name:
  Unicode letters, ``_`` and ``.``, both at least 3 characters, starting with a letter;
  parameter names 1–64 characters, descriptions up to 512) and unique names.
* :func:`call_like_excel` passes cells the way the add-in does: a 1×1 range becomes a scalar, an
  empty argument takes the Python default, ``ndim`` shapes ranges, an :class:`Error` cell arrives
  as ``None`` or, with ``err_to_str``, as its text; ``*args`` take one cell or range each.
* :class:`Book` is an in-memory workbook with the part of the book API the project's scripts use;
  it applies what Excel would do for values and whole-row insertion (names grow) and logs every
  call in :attr:`Book.actions`.
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any, Callable

__all__ = ["func", "arg", "ret", "script", "Book", "Sheet", "Range", "Error", "functions_meta", "scripts_meta",
           "call_like_excel", "NamingError"]
__version__ = "0.36.12"  # the lowest version the generated module accepts
__stub__ = True

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.]{2,}")
_NAME = re.compile(r"[^\W\d_][\w.]*")  # a letter first (Python's \w is Unicode), then letters, digits, _ .


class NamingError(ValueError):
    """A function the add-in would register against Microsoft's rules."""


class Error:
    """An error cell (#N/A, #DIV/0! …) handed to a custom function."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Error({self.text!r})"


def _record(f: Callable[..., Any]) -> dict[str, Any]:
    if "__lite_func__" not in f.__dict__:
        f.__lite_func__ = {"args": {}, "ret": {}, "name": None, "namespace": None, "volatile": False,
                           "help_url": None}
    return f.__lite_func__


def func(f: Callable[..., Any] | None = None, *, name: str | None = None, namespace: str | None = None,
         volatile: bool = False, help_url: str | None = None, **_ignored: Any) -> Any:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        params = inspect.signature(fn).parameters.values()
        for p in params:
            if p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD):
                raise TypeError(f"{fn.__name__}: custom functions take no keyword arguments")
        if any(p.kind is p.VAR_POSITIONAL for p in params) and any(p.default is not p.empty for p in params):
            raise TypeError(f"{fn.__name__}: *args cannot be combined with optional arguments")
        if name is not None and (len(name) > 128 or not _NAME.fullmatch(name)):
            raise NamingError(f"invalid custom function name {name!r}")
        _record(fn).update(name=name, namespace=namespace, volatile=bool(volatile), help_url=help_url)
        return fn

    return wrap(f) if f is not None else wrap


def arg(name: str, convert: Any = None, *, doc: str | None = None, **options: Any) -> Any:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        if name.lstrip("*") not in inspect.signature(fn).parameters:
            raise ValueError(f"{fn.__name__}: no argument named {name!r}")
        _record(fn)["args"][name.lstrip("*")] = {"convert": convert, "doc": doc, **options}
        return fn

    return wrap


def ret(convert: Any = None, **options: Any) -> Any:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        _record(fn)["ret"] = {"convert": convert, **options}
        return fn

    return wrap


def script(f: Callable[..., Any] | None = None, *, name: str | None = None, button: str | None = None,
           include: Any = None, exclude: Any = None, show_taskpane: bool | None = None, **_ignored: Any) -> Any:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        hints = typing.get_type_hints(fn)
        books = [p for p in inspect.signature(fn).parameters if hints.get(p) is Book]
        if len(books) != 1:
            raise TypeError(f"{fn.__name__}: a script needs exactly one argument typed xw.Book")
        fn.__lite_script__ = {"name": name, "button": button, "include": include, "exclude": exclude,
                              "show_taskpane": show_taskpane}
        return fn

    return wrap(f) if f is not None else wrap


def _options(fn: Callable[..., Any]) -> dict[str, dict[str, Any]]:
    """Per argument: the options of its ``Annotated[T, {...}]`` hint, then those of ``@arg``."""
    hints = typing.get_type_hints(fn, include_extras=True)
    out: dict[str, dict[str, Any]] = {}
    for pname in inspect.signature(fn).parameters:
        opts: dict[str, Any] = {}
        hint = hints.get(pname)
        if typing.get_origin(hint) is typing.Annotated:
            for extra in typing.get_args(hint)[1:]:
                if isinstance(extra, dict):
                    opts.update(extra)
                    break
        opts.update({k: v for k, v in _record(fn)["args"].get(pname, {}).items() if v is not None})
        out[pname] = opts
    return out


def functions_meta(*modules: Any) -> list[dict[str, Any]]:
    """What Excel would be told about the custom functions among the modules' attributes."""
    seen: set[str] = set()
    ids: set[str] = set()
    out = []
    for module in modules:
        for attr, fn in sorted(vars(module).items()):
            if not callable(fn) or "__lite_func__" not in getattr(fn, "__dict__", {}):
                continue
            meta = fn.__lite_func__
            fid = fn.__name__.upper()
            shown = meta["name"] or fid
            full = f"{meta['namespace']}.{shown}" if meta["namespace"] else shown
            if not _ID.fullmatch(fid) or not fid.isascii():
                raise NamingError(f"id {fid!r}: A–Z, 0–9, '_' and '.' only, a letter first, at least 3 characters")
            if not _NAME.fullmatch(shown) or len(full) < 3 or len(full) > 128:
                raise NamingError(f"name {full!r}: letters, digits, '_' and '.', a letter first, 3–128 characters")
            if full.upper() in seen or fid in ids:
                raise NamingError(f"duplicate custom function {full!r} / {fid!r}")
            seen.add(full.upper())
            ids.add(fid)
            opts = _options(fn)
            params = []
            for p in inspect.signature(fn).parameters.values():
                doc = opts[p.name].get("doc") or f"Positional argument {len(params) + 1}"
                if not 1 <= len(p.name) <= 64 or len(doc) > 512:
                    raise NamingError(f"{full}: parameter {p.name!r} or its description too long")
                entry: dict[str, Any] = {"name": p.name, "description": doc}
                if p.default is not p.empty:
                    entry["optional"] = True
                    entry["default"] = p.default
                if p.kind is p.VAR_POSITIONAL:
                    entry["repeating"] = True
                entry["options"] = {k: v for k, v in opts[p.name].items() if k != "doc"}
                params.append(entry)
            out.append({"id": fid, "name": full, "description": fn.__doc__ or f"Python function '{fn.__name__}'",
                        "volatile": meta["volatile"], "parameters": params, "python": attr})
    return out


def scripts_meta(*modules: Any) -> list[dict[str, Any]]:
    """The scripts the Run button would list."""
    out = []
    for module in modules:
        for attr, fn in sorted(vars(module).items()):
            if callable(fn) and "__lite_script__" in getattr(fn, "__dict__", {}):
                out.append({"python": attr, "name": fn.__lite_script__["name"] or attr, "doc": fn.__doc__ or ""})
    return out


def _scalar(v: Any) -> Any:
    if isinstance(v, list) and len(v) == 1:
        v = v[0]
        if isinstance(v, list) and len(v) == 1:
            v = v[0]
    return v


def _cell(v: Any, err_to_str: bool) -> Any:
    if isinstance(v, Error):
        return v.text if err_to_str else None
    if v == "":
        return None
    return v


def _read(v: Any, opts: dict[str, Any]) -> Any:
    err = bool(opts.get("err_to_str"))
    if isinstance(v, list):
        v = [[_cell(x, err) for x in row] if isinstance(row, list) else _cell(row, err) for row in v]
    else:
        v = _cell(v, err)
    ndim = opts.get("ndim")
    if ndim == 2:
        if not isinstance(v, list):
            v = [[v]]
        elif v and not isinstance(v[0], list):
            v = [v]
    elif ndim == 1:
        if not isinstance(v, list):
            v = [v]
        elif v and isinstance(v[0], list):
            v = [x for row in v for x in row]
    return v


def call_like_excel(fn: Callable[..., Any], *cells: Any) -> Any:
    """Call a custom function with cell values as the add-in passes them (see the module docstring)."""
    sig = list(inspect.signature(fn).parameters.values())
    opts = _options(fn)
    if len(cells) > len(sig) and not (sig and sig[-1].kind is sig[-1].VAR_POSITIONAL):
        raise TypeError(f"{fn.__name__}: {len(cells)} arguments for {len(sig)} parameters")
    args = []
    for i, raw in enumerate(cells):
        p = sig[min(i, len(sig) - 1)]
        v = _scalar(raw)
        if v is None or (isinstance(v, str) and v == ""):
            args.append(None if p.default is p.empty else p.default)
        else:
            args.append(_read(v, opts[p.name]))
    for p in sig[len(cells):]:  # arguments left out in the formula
        if p.kind is p.VAR_POSITIONAL:
            break
        args.append(None if p.default is p.empty else p.default)
    return fn(*args)


# --- an in-memory workbook for @script tests ------------------------------------------------------


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _parse(address: str) -> tuple[tuple[int, int], tuple[int, int]]:
    address = address.replace("$", "").upper()
    m = re.fullmatch(r"(\d+):(\d+)", address)
    if m:
        return (int(m[1]), 1), (int(m[2]), 16384)
    parts = address.split(":")
    cells = []
    for part in parts:
        m = re.fullmatch(r"([A-Z]{1,3})(\d+)", part)
        if not m:
            raise ValueError(f"not an address: {address!r}")
        cells.append((int(m[2]), _col_number(m[1])))
    return cells[0], cells[-1]


class _Font:
    def __init__(self, rng: Range):
        self._rng = rng

    @property
    def bold(self) -> Any:
        return None

    @bold.setter
    def bold(self, value: bool) -> None:
        self._rng._log("font.bold", value=value)


class Range:
    def __init__(self, sheet: Sheet, first: tuple[int, int], last: tuple[int, int] | None = None,
                 options: dict[str, Any] | None = None):
        self.sheet = sheet
        self._first, self._last = first, last or first
        self._options = options or {}

    @property
    def row(self) -> int:
        return self._first[0]

    @property
    def column(self) -> int:
        return self._first[1]

    @property
    def shape(self) -> tuple[int, int]:
        return self._last[0] - self._first[0] + 1, self._last[1] - self._first[1] + 1

    @property
    def address(self) -> str:
        a = f"${_col_letters(self._first[1])}${self._first[0]}"
        b = f"${_col_letters(self._last[1])}${self._last[0]}"
        return a if a == b else f"{a}:{b}"

    @property
    def font(self) -> _Font:
        return _Font(self)

    @property
    def number_format(self) -> Any:
        raise NotImplementedError("xlwings Lite cannot read number formats")

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._log("number_format", value=value)

    def options(self, **options: Any) -> Range:
        return Range(self.sheet, self._first, self._last, {**self._options, **options})

    def _log(self, op: str, **more: Any) -> None:
        self.sheet.book.actions.append({"op": op, "sheet": self.sheet.name, "range": self.address.replace("$", ""),
                                        **more})

    @property
    def value(self) -> Any:
        if self.shape[1] == 16384:
            raise NotImplementedError("whole-row values are not modelled")
        err = bool(self._options.get("err_to_str"))
        rows = [[self.sheet._get(r, c, err) for c in range(self._first[1], self._last[1] + 1)]
                for r in range(self._first[0], self._last[0] + 1)]
        if self._options.get("ndim") == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if all(len(r) == 1 for r in rows):
            return [r[0] for r in rows]
        return rows

    @value.setter
    def value(self, v: Any) -> None:
        if isinstance(v, (list, tuple)) and v and isinstance(v[0], (list, tuple)):
            block = [list(r) for r in v]
        elif isinstance(v, (list, tuple)):
            block = [list(v)]
        else:
            block = [[v] * self.shape[1] for _ in range(self.shape[0])]
        for i, row in enumerate(block):
            for j, x in enumerate(row):
                self.sheet._set(self.row + i, self.column + j, x)
        self._log("value", value=block)

    def insert(self, shift: str | None = None, copy_origin: str | None = None) -> None:
        if shift not in ("down", "right") or copy_origin not in ("format_from_left_or_above",
                                                                 "format_from_right_or_below"):
            raise ValueError("range.insert() needs shift and copy_origin (as in xlwings Lite)")
        if shift != "down" or self.shape[1] != 16384:
            raise NotImplementedError("only whole rows inserted downwards are modelled")
        self.sheet._insert_rows(self.row, self.shape[0])
        self._log("insert", shift=shift, copy_origin=copy_origin)

    def copy_from(self, source_range: Range, copy_type: str = "all", skip_blanks: bool = False,
                  transpose: bool = False) -> None:
        # Excel copies the source's formulas with relative references adjusted; values are
        # computed by Excel afterwards, so the stand-in only logs the call.
        self._log("copy_from", source=f"{source_range.sheet.name}!{source_range.address.replace('$', '')}",
                  copy_type=copy_type)

    def select(self) -> None:
        self._log("select")


class Name:
    def __init__(self, sheet: Sheet, name: str):
        self._sheet, self._name = sheet, name

    @property
    def name(self) -> str:
        title = self._sheet.name
        return f"'{title}'!{self._name}" if " " in title else f"{title}!{self._name}"

    @property
    def refers_to_range(self) -> Range:
        r1, c1, r2, c2 = self._sheet._names[self._name]
        return Range(self._sheet, (r1, c1), (r2, c2))


class Names:
    def __init__(self, sheet: Sheet):
        self._sheet = sheet

    def __len__(self) -> int:
        return len(self._sheet._names)

    def __getitem__(self, i: int) -> Name:
        return Name(self._sheet, list(self._sheet._names)[i])


class Sheet:
    def __init__(self, book: Book, name: str):
        self.book, self.name = book, name
        self._cells: dict[tuple[int, int], Any] = {}
        self._names: dict[str, tuple[int, int, int, int]] = {}  # sheet-scoped name -> r1, c1, r2, c2

    def _get(self, r: int, c: int, err_to_str: bool = False) -> Any:
        v = self._cells.get((r, c))
        if isinstance(v, Error):
            return v.text if err_to_str else None  # as xlwings reads an error cell
        return None if v == "" else v

    def _set(self, r: int, c: int, v: Any) -> None:
        if v is None or v == "":
            self._cells.pop((r, c), None)
        else:
            self._cells[(r, c)] = v

    def _insert_rows(self, row: int, n: int) -> None:
        self._cells = {((r + n if r >= row else r), c): v for (r, c), v in self._cells.items()}
        for key, (r1, c1, r2, c2) in list(self._names.items()):
            if r1 >= row:  # below the insertion: moves down
                self._names[key] = (r1 + n, c1, r2 + n, c2)
            elif r2 >= row:  # the insertion lies inside: the range grows
                self._names[key] = (r1, c1, r2 + n, c2)

    def __getitem__(self, address: str) -> Range:
        return self.range(address)

    def range(self, first: Any, last: Any = None) -> Range:
        if isinstance(first, str):
            a, b = _parse(first)
            return Range(self, a, b)
        if last is None:
            return Range(self, tuple(first))
        return Range(self, tuple(first), tuple(last))

    @property
    def names(self) -> Names:
        return Names(self)

    def clear(self) -> None:
        self._cells.clear()
        self.book.actions.append({"op": "clear", "sheet": self.name})

    def activate(self) -> None:
        self.book.active = self.name
        self.book.actions.append({"op": "activate", "sheet": self.name})

    def delete(self) -> None:
        self.book.sheets._list.remove(self)
        self.book.actions.append({"op": "delete", "sheet": self.name})


class Sheets:
    def __init__(self, book: Book):
        self._book, self._list = book, []

    def __getitem__(self, key: int | str) -> Sheet:
        if isinstance(key, int):
            return self._list[key]
        for s in self._list:
            if s.name == key:
                return s
        raise KeyError(key)

    def __call__(self, key: int | str) -> Sheet:
        return self[key - 1] if isinstance(key, int) else self[key]

    def __iter__(self):
        return iter(list(self._list))

    def __len__(self) -> int:
        return len(self._list)

    @property
    def active(self) -> Sheet:
        return self[self._book.active] if self._book.active else self._list[0]

    def add(self, name: str | None = None, before: Sheet | None = None, after: Sheet | None = None) -> Sheet:
        name = name or f"Sheet{len(self._list) + 1}"
        if any(s.name == name for s in self._list):
            raise ValueError(f"a sheet named {name!r} exists")
        s = Sheet(self._book, name)
        if before is not None:
            self._list.insert(self._list.index(before), s)
        elif after is not None:
            self._list.insert(self._list.index(after) + 1, s)
        else:
            self._list.append(s)
        self._book.actions.append({"op": "add_sheet", "sheet": name})
        return s


class App:
    def __init__(self, book: Book):
        self._book = book

    @property
    def selection(self) -> Range | None:
        if self._book.selection is None:
            return None
        sheet, address = self._book.selection
        return self._book.sheets[sheet].range(address)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None,
              callback: str | None = None) -> None:
        self._book.actions.append({"op": "alert", "prompt": prompt, "title": title})


class Book:
    """An in-memory workbook: ``Book.from_dict({"sheets": [{"name", "cells": {"A1": v}, "names": {n: "B2:C3"}}],
    "selection": [sheet, "C14"]})``."""

    def __init__(self, sheet_names: tuple[str, ...] = ("Sheet1",)):
        self.sheets = Sheets(self)
        self.actions: list[dict[str, Any]] = []
        self.selection: tuple[str, str] | None = None
        self.active: str | None = None
        self.app = App(self)
        self.name = "Book1.xlsx"
        for n in sheet_names:
            self.sheets._list.append(Sheet(self, n))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Book:
        book = cls(())
        for s in data["sheets"]:
            sheet = Sheet(book, s["name"])
            for address, value in s.get("cells", {}).items():
                (r, c), _ = _parse(address)
                if isinstance(value, dict) and "error" in value:
                    value = Error(value["error"])
                sheet._set(r, c, value)
            for key, address in s.get("names", {}).items():
                (r1, c1), (r2, c2) = _parse(address)
                sheet._names[key] = (r1, c1, r2, c2)
            book.sheets._list.append(sheet)
        if data.get("selection"):
            book.selection = tuple(data["selection"])
        return book

    def to_dict(self) -> dict[str, Any]:
        sheets = []
        for s in self.sheets:
            cells = {f"{_col_letters(c)}{r}": ({"error": v.text} if isinstance(v, Error) else v)
                     for (r, c), v in sorted(s._cells.items())}
            names = {k: f"{_col_letters(c1)}{r1}:{_col_letters(c2)}{r2}" for k, (r1, c1, r2, c2) in s._names.items()}
            sheets.append({"name": s.name, "cells": cells, "names": names})
        return {"sheets": sheets, "actions": self.actions}
