"""The Chinese frame of the ``jixiao`` command line: click's own texts, help layout and error display.

Why this way and not rich-click or a gettext catalogue:

* click marks every text it shows with ``gettext`` (``_("Usage:")``, ``_("Missing option")``,
  ``_("{name} {filename!r} is a directory.")`` …).  A catalogue (.mo) is chosen by LANGUAGE /
  LC_ALL / LANG, which Chinese Windows does not set, so it would show English to exactly our
  users, and it would change the process-wide ``messages`` domain of every library.  Instead the
  ``_`` and ``ngettext`` that click's modules bound at import are replaced by lookups in
  :data:`译文` (:func:`安装`): unconditional, limited to click, and tested against click's own
  source (tests/test_cli.py lists every msgid click has and fails on one without a translation).
* rich-click would add a dependency and start-up time (``jixiao --help`` imports neither rich nor
  the commands) and still leaves click's error messages in English.
* Help is laid out by :class:`中文格式器`: click measures text in characters, so its columns and
  line breaks go wrong with Chinese (two columns wide each); this one measures display width and
  breaks lines between Chinese characters, never before a closing mark.
* Usage errors are shown by :func:`显示错误` from the exception's fields (which option, which
  choices), so the message is one Chinese sentence, not click's English punctuation around
  translated words.

Importing this module installs the translations (the command modules import it before they
build their options: click's ``Path`` names its kind, "file" or "directory", when it is made).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import click

__all__ = [
    "中文命令",
    "中文命令组",
    "中文格式器",
    "中文语境",
    "可选",
    "安装",
    "开发者文本",
    "显示宽度",
    "显示错误",
    "错误消息",
    "折行",
    "译文",
]

# click's msgid -> the text shown.  Placeholders are click's; a translation may leave one out
# (``{number_type}``) or drop the !r (quotes are Chinese here).  Singular and plural of an
# ``ngettext`` pair map to the same Chinese text.
译文: dict[str, str] = {
    # help
    "Usage:": "用法：",
    "Options": "选项",
    "Positional arguments": "参数",  # click 8.5 lists arguments under this heading
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Do you want to continue?": "要继续吗？",
    "Confirm the action without prompting.": "不询问，直接执行。",
    # errors of usage
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "请用“{command} {option}”查看帮助。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Value must be an iterable.": "值应是一组值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令“{name}”已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提示：“{name}”已停用。{extra_message}",
    # values of parameters (click.types)
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}不存在（{filename}）",
    "{name} {filename!r} is a file.": "“{filename}”是文件，这里要给出文件夹",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹，这里要给出文件",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取（没有权限）",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入（没有权限）",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行",
    "Choose from:\n\t{choices}": "可选：{choices}",
    "{value!r} is not {choice}.": "“{value}”不是可选的值（可选：{choices}）",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值（可选：{choices}）",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值（可用：{states}）",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数字",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID",
    # prompts and the terminal
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
    "d": "天",
    "{editor}: Editing failed": "{editor}：编辑失败",
    "{editor}: Editing failed: {e}": "{editor}：编辑失败：{e}",
    "Windows error: {error}": "Windows 错误：{error}",
    "Couldn't detect Bash version, shell completion is not supported.": "无法判断 Bash 版本，不支持命令补全。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不支持命令补全。",
}

# msgids only a programmer meets (a command defined wrongly, a repr): left in English on purpose
开发者文本 = frozenset({
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Unknown color {colour!r}",
    "Choice({choices})",
    "Unknown standard stream '{name}'",
})

# click's modules that bind gettext's functions (click._termui_impl and click.shell_completion are
# patched when they are already loaded: they serve click's own progress bar, pager and completion,
# which jixiao does not use)
_点击模块 = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
            "click.termui", "click.types", "click.utils", "click._termui_impl", "click._winconsole",
            "click.shell_completion")


def _译(message: str) -> str:
    return 译文.get(message, message)


def _译复数(singular: str, plural: str, n: int) -> str:
    wanted = singular if n == 1 else plural
    return 译文.get(wanted) or 译文.get(singular) or wanted


def 安装() -> None:
    """Make click speak Chinese (idempotent)."""
    for name in _点击模块:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _译  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _译复数  # type: ignore[attr-defined]


安装()


# --- display width and line breaking ----------------------------------------------------------------

_不在行首 = frozenset("，。；：、？！）》」』”’〕】…—%,.;:!?)]}")
_不在行尾 = frozenset("（《「『“‘〔【([{")


def _宽(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def 显示宽度(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    return sum(_宽(ch) for ch in text)


def _单元(text: str) -> list[tuple[str, bool]]:
    """``text`` as unbreakable pieces, each with whether a space precedes it.

    A Latin word (or an option like ``--口径``, a number, a path) stays whole; each wide
    character is a piece; closing marks stick to the piece before, opening marks to the one after."""
    pieces: list[tuple[str, bool]] = []
    space = False
    word = ""

    def push(piece: str) -> None:
        nonlocal space
        pieces.append((piece, space))
        space = False

    for ch in text:
        if ch.isspace():
            if word:
                push(word)
                word = ""
            space = bool(pieces)
        elif _宽(ch) == 2 and not (word and word[-1] in "-/\\_.:"):
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    merged: list[tuple[str, bool]] = []
    for piece, spaced in pieces:
        if merged and not spaced and (piece[0] in _不在行首 or merged[-1][0][-1] in _不在行尾):
            merged[-1] = (merged[-1][0] + piece, merged[-1][1])
        else:
            merged.append((piece, spaced))
    return merged


def 折行(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """One paragraph broken into lines of at most ``width`` columns (a longer word is cut)."""
    subsequent = indent if subsequent is None else subsequent
    lines: list[str] = []
    line, used = indent, 显示宽度(indent)
    empty = True
    for piece, spaced in _单元(text):
        gap = " " if spaced and not empty else ""
        need = 显示宽度(gap + piece)
        if not empty and used + need > width:
            lines.append(line)
            line, used, empty, gap = subsequent, 显示宽度(subsequent), True, ""
            need = 显示宽度(piece)
        while empty and used + need > width and len(piece) > 1:  # a word longer than the line
            cut, taken = "", 0
            for ch in piece:
                if used + taken + _宽(ch) > width and cut:
                    break
                cut += ch
                taken += _宽(ch)
            lines.append(line + cut)
            piece = piece[len(cut):]
            line, used = subsequent, 显示宽度(subsequent)
            need = 显示宽度(piece)
        line += gap + piece
        used += need
        empty = False
    lines.append(line)
    return [ln.rstrip() for ln in lines]


def _段落(text: str) -> Iterator[tuple[str, bool]]:
    """Paragraphs of a help text (blank-line separated), each with whether it keeps its lines (click's \\b)."""
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [ln.strip() for ln in block.splitlines()]
        if lines and lines[0] == "\b":
            yield "\n".join(lines[1:]), True
            continue
        joined = ""
        for ln in lines:
            if joined and ln and not (_宽(joined[-1]) == 2 and _宽(ln[0]) == 2):
                joined += " "
            joined += ln
        yield joined, False


# --- help -------------------------------------------------------------------------------------------


class 中文格式器(click.HelpFormatter):
    """click's help formatter measuring display width (see the module docstring)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = _译("Usage:") if prefix is None else prefix
        head = f"{' ' * self.current_indent}{prefix}{prog}"
        hang = " " * (显示宽度(head) + 1)
        if not args:
            self.write(head + "\n")
            return
        if 显示宽度(head) + 1 + 显示宽度(args) <= self.width or 显示宽度(hang) > self.width // 2:
            lines = 折行(args, self.width, head + " ", hang)
        else:
            lines = [head, *折行(args, self.width, " " * (self.current_indent + 4))]
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        out: list[str] = []
        for i, (paragraph, keep) in enumerate(_段落(text)):
            if i:
                out.append("")
            if keep:
                out += [indent + ln for ln in paragraph.splitlines()]
            else:
                out += 折行(paragraph, self.width, indent)
        self.write("\n".join(out) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((显示宽度(a) for a, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        for term, definition in rows:
            head = indent + term
            if not definition:
                self.write(head + "\n")
                continue
            hang = " " * (self.current_indent + first + col_spacing)
            # click's "  [默认：万元]" stays whole, at the end of the last line or on its own
            text, _, extra = re.match(r"(.*?)(\s+(\[[^\[\]]*\]))?$", definition, re.S).groups()
            if 显示宽度(term) <= first:
                start = head + " " * (first - 显示宽度(term) + col_spacing)
                lines = 折行(text, self.width, start, hang)
            else:  # a long option name: its text on the next line
                lines = [head, *折行(text, self.width, hang)]
            if extra:
                if 显示宽度(lines[-1]) + 1 + 显示宽度(extra) <= self.width:
                    lines[-1] += " " + extra
                else:
                    lines.append(hang + extra)
            self.write("\n".join(lines) + "\n")


class 中文语境(click.Context):
    formatter_class = 中文格式器


class 中文命令(click.Command):
    """A command with the Chinese help layout; ``[选项]`` in its usage line."""

    context_class = 中文语境

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class 中文命令组(click.Group):
    context_class = 中文语境
    command_class = 中文命令

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


class 可选(click.Choice):
    """click.Choice with its messages as one Chinese sentence (choices joined by 、)."""

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        return f"可选：{'、'.join(map(str, self.choices))}"

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"“{value}”不是可选的值（可选：{'、'.join(map(str, self.choices))}）"


# --- errors -----------------------------------------------------------------------------------------


def _称呼(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """How a message names a parameter: its option names, or an argument's metavar."""
    if param is None:
        return ""
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    if ctx is not None:
        return param.make_metavar(ctx).strip("[]. ")
    return param.human_readable_name


def 错误消息(exc: click.ClickException) -> str:
    """The Chinese sentence for a click error (without the 错误： in front)."""
    if isinstance(exc, click.MissingParameter):
        param, ctx = exc.param, exc.ctx
        kind = "选项" if isinstance(param, click.Option) or exc.param_type == "option" else "参数"
        name = _称呼(param, ctx) or (exc.param_hint if isinstance(exc.param_hint, str) else "")
        extra = param.type.get_missing_message(param=param, ctx=ctx) if param is not None else None
        return f"缺少{kind} {name}" + (f"（{extra}）" if extra else "") + (f"：{exc.message}" if exc.message else "")
    if isinstance(exc, click.NoSuchOption):
        hint = f"；是否要用 {'、'.join(exc.possibilities)}？" if exc.possibilities else ""
        return f"没有选项“{exc.option_name}”{hint}"
    if isinstance(exc, click.exceptions.NoSuchCommand):
        possible = exc.possibilities
        if not possible and exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
            import difflib  # only for this message: `jixiao --help` does not pay for it

            possible = difflib.get_close_matches(exc.command_name, exc.ctx.command.list_commands(exc.ctx))
        hint = f"；是否要用 {'、'.join(possible)}？" if possible else ""
        return f"没有命令“{exc.command_name}”{hint}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        if isinstance(exc.param, click.Option):
            return f"{_称呼(exc.param, exc.ctx)} 的值无效：{exc.message}"
        return f"{_称呼(exc.param, exc.ctx)}：{exc.message}"
    return exc.format_message()


def 显示错误(exc: click.ClickException) -> None:
    """Show a click error on stderr in Chinese: the usage line and the help hint for usage errors."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):  # `jixiao` alone: the help, as click shows it
        exc.show()
        return
    if isinstance(exc, click.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        names = ctx.command.get_help_option_names(ctx)
        if names:
            click.echo(_译("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=max(names, key=len)), err=True)
        click.echo("", err=True)
    click.echo(_译("Error: {message}").format(message=错误消息(exc)), err=True)
