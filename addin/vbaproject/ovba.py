"""The streams of a source-only VBA project, per [MS-OVBA].

A VBA project (``vbaProject.bin``) is a compound file holding:

* ``PROJECT`` (2.3.1): INI-like text in the project code page listing the
  modules, the project name, the obfuscated protection state (CMG/DPB/GC,
  2.4.3) and the VBE window layout;
* ``PROJECTwm`` (2.3.3): every module name in MBCS and in UTF-16;
* ``VBA/_VBA_PROJECT`` (2.3.4.1): 7 bytes whose version 0xFFFF tells the
  host that there is no compiled cache, so it compiles from source;
* ``VBA/dir`` (2.3.4.2): compressed binary records describing the project,
  its references and its modules;
* one compressed stream per module (2.3.4.3): here only the source text,
  starting at offset 0 (no performance cache).

Text is encoded with the project code page (936 = GBK for Chinese Windows);
compression is the LZ77 variant of 2.4.1. Record order follows what Excel
writes, as seen in the ``vbaProject.bin`` files that xlwings ships.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import struct
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ModuleKind = Literal["standard", "class", "document"]

MAX_IDENTIFIER_LENGTH = 31  # VBA identifiers, module names and CFB stream names


class VbaProjectError(ValueError):
    """A module or project name or a line of source cannot go into the VBA project."""


@dataclass(frozen=True)
class VbaModule:
    """One VBA module.

    ``source`` is the module text without the ``Attribute VB_Name`` header,
    which the writer adds (with the class/document attributes Excel writes).
    A ``document`` module named ``ThisWorkbook`` stands for the workbook; every
    other document module stands for a worksheet whose ``codeName`` it matches.
    """

    name: str
    kind: ModuleKind
    source: str


# --- 2.4.1 Compression -------------------------------------------------------
#
# [MS-OVBA] 2.4.1 (https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-ovba/
# 4742b896-b32b-4eb0-8372-fbf01e3c65fd): a CompressedContainer is a signature byte and a
# sequence of chunks, each standing for 4096 decompressed bytes ("DecompressedChunk"); only
# the last may stand for fewer.  A chunk is compressed (flag 1) or raw (flag 0); a raw chunk
# holds exactly 4096 bytes (2.4.1.1.6: CompressedChunkSize 4095 + 1 bytes of data, header
# 0x3FFF), and its writer pads a short one to 4096 with zeros (2.4.1.3.10), which would
# change the text.  So this writer (see the memo /work/notes/excel_research.md §3):
#
#   * cuts the input at every 4096 bytes, never elsewhere;
#   * writes every chunk compressed when that fits in 4096 bytes (what Excel writes: no
#     chunk of the Excel-saved projects xlwings ships is raw);
#   * writes a raw chunk only for a full 4096-byte chunk that does not compress;
#   * refuses a short final chunk that does not compress (VbaProjectError): there is no
#     legal encoding for it.  Module text avoids that case by ending in padding
#     (pad_for_compression).

_CHUNK_SIZE = 4096
_MAX_LITERAL_CHUNK = 3640  # n literals cost n + ceil(n/8) bytes: at most 4096 up to n = 3640
_RAW_HEADER = 0x3FFF  # 2.4.1.1.5: size 4098 - 3, signature 0b011, flag 0


def compress(data: bytes) -> bytes:
    """2.4.1.3.6 Compression algorithm: a CompressedContainer for ``data``.

    Raises VbaProjectError when the final chunk is shorter than 4096 bytes and
    does not compress: use :func:`pad_for_compression` on text first.
    """
    data = bytes(data)
    out = bytearray(b"\x01")  # 2.4.1.1.1 SignatureByte
    for start in range(0, len(data), _CHUNK_SIZE):
        out += _compress_chunk(data, start, min(start + _CHUNK_SIZE, len(data)))
    return bytes(out)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """2.4.1.3.7 Compressing a DecompressedChunk."""
    body = _compress_tokens(data, start, end)
    if len(body) <= _CHUNK_SIZE:
        return _chunk_header(len(body), compressed=True) + body
    if end - start == _CHUNK_SIZE:
        return struct.pack("<H", _RAW_HEADER) + data[start:end]  # 2.4.1.3.10 RawChunk, no padding needed
    raise VbaProjectError(
        f"无法按 MS-OVBA 2.4.1 压缩：最后一块 {end - start} 字节不可压缩，"
        "而未压缩块必须正好 4096 字节（模块源代码应先用 pad_for_compression 补齐）"
    )


def pad_for_compression(text: bytes) -> bytes:
    """``text`` plus, when needed, one trailing line of spaces so that it compresses by 2.4.1.

    Needed only when the final chunk is 3641–4095 bytes of data that LZ77 cannot
    shrink (long runs of unrepeated 汉字, say): no compressed chunk holds it and a
    raw chunk must be 4096 bytes.  The spaces fill that chunk to exactly 4096, so it
    becomes a full chunk (compressed, or raw with header 0x3FFF as 2.4.1.1.6 allows);
    the CRLF ends the line.  A line of blanks at the end of a module changes nothing
    in VBA, unlike the zeros the spec's RawChunk would append.
    """
    tail = len(text) % _CHUNK_SIZE
    if tail <= _MAX_LITERAL_CHUNK or len(_compress_tokens(text, len(text) - tail, len(text))) <= _CHUNK_SIZE:
        return text
    missing = _CHUNK_SIZE - tail  # 1 to 455
    if missing >= 2:
        return text + b" " * (missing - 2) + b"\r\n"
    return text + b" \r\n"  # the space fills the chunk; CRLF opens a 2-byte final chunk, which compresses


def decompress(container: bytes) -> bytes:
    """2.4.1.3.1 Decompression algorithm, strict about the chunk rules this writer follows.

    Raises VbaProjectError for a bad signature, a chunk that overruns the
    container, a raw chunk that is not 4096 bytes, or a chunk other than the
    last that stands for fewer than 4096 bytes.
    """
    if not container or container[0] != 0x01:
        raise VbaProjectError("压缩容器应以 0x01 开头（MS-OVBA 2.4.1.1.1）")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if len(out) % _CHUNK_SIZE:
            raise VbaProjectError(f"第 {len(out) // _CHUNK_SIZE} 块解压后不足 4096 字节，却不是最后一块")
        if pos + 2 > len(container):
            raise VbaProjectError("压缩块头不完整")
        (header,) = struct.unpack_from("<H", container, pos)
        size, signature, flag = (header & 0x0FFF) + 3, (header >> 12) & 0b111, header >> 15
        if signature != 0b011:
            raise VbaProjectError(f"压缩块头的签名应为 0b011，实为 {signature:03b}（位置 {pos}）")
        end = pos + size
        if end > len(container):
            raise VbaProjectError(f"压缩块超出容器末尾（位置 {pos}，大小 {size}）")
        if flag == 0:
            if size != _CHUNK_SIZE + 2:
                raise VbaProjectError(f"未压缩块必须正好 4096 字节，实为 {size - 2}（位置 {pos}）")
            out += container[pos + 2 : end]
        else:
            out += _decompress_tokens(container, pos + 2, end)
        pos = end
    return bytes(out)


def _decompress_tokens(container: bytes, pos: int, end: int) -> bytearray:
    """2.4.1.3.2 Decompressing a CompressedChunk (flag 1): TokenSequences until ``end``."""
    chunk = bytearray()
    while pos < end:
        flags = container[pos]
        pos += 1
        for bit in range(8):
            if pos >= end:
                break
            if not flags >> bit & 1:
                chunk.append(container[pos])  # LiteralToken
                pos += 1
                continue
            if pos + 2 > end:
                raise VbaProjectError("复制标记不完整")
            (token,) = struct.unpack_from("<H", container, pos)
            pos += 2
            bit_count = _bit_count(len(chunk))  # 2.4.1.3.19.2 Unpack CopyToken
            length = (token & (0xFFFF >> bit_count)) + 3
            offset = (token >> (16 - bit_count)) + 1
            if offset > len(chunk):
                raise VbaProjectError(f"复制标记指向块开头之前（偏移 {offset}，已解出 {len(chunk)} 字节）")
            for _ in range(length):  # byte by byte: a copy may overlap what it produces
                chunk.append(chunk[-offset])
        if len(chunk) > _CHUNK_SIZE:
            raise VbaProjectError("压缩块解压后超过 4096 字节")
    return chunk


def _chunk_header(size: int, compressed: bool) -> bytes:
    """2.4.1.1.5 CompressedChunkHeader: size - 3, signature 0b011, flag."""
    return struct.pack("<H", (size + 2 - 3) | (0b011 << 12) | (int(compressed) << 15))


def _compress_tokens(data: bytes, start: int, end: int) -> bytearray:
    """2.4.1.3.8 Compressing a TokenSequence, repeated until the chunk is consumed."""
    out = bytearray()
    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos >= end:
                break
            offset, length = _match(data, start, pos, end)
            if length:
                bit_count = _bit_count(pos - start)
                # 2.4.1.3.19.3 Pack CopyToken
                out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                out[flag_at] |= 1 << bit
                pos += length
            else:
                out.append(data[pos])  # LiteralToken
                pos += 1
    return out


def _bit_count(difference: int) -> int:
    """2.4.1.3.19.1 CopyToken Help: offset bits, ceil(log2(difference)) but at least 4."""
    return max((difference - 1).bit_length(), 4)


def _match(data: bytes, chunk_start: int, pos: int, end: int) -> tuple[int, int]:
    """2.4.1.3.19.4 Matching: (offset, length) of the longest earlier match, or (0, 0).

    Like the spec's candidate loop: the longest match wins, the nearest one on
    ties, a match may run past ``pos`` (overlapping copy), and the length is
    capped to what the CopyToken can hold only after choosing.
    """
    def occurs(length: int) -> bool:
        return data.rfind(data[pos : pos + length], chunk_start, pos - 1 + length) >= 0

    longest = end - pos
    if pos == chunk_start or longest < 3 or not occurs(3):
        return 0, 0
    found, step = 3, 3  # gallop up, then bisect: most matches are short
    while found < longest:
        probe = min(found + step, longest)
        if not occurs(probe):
            longest = probe - 1
            break
        found, step = probe, step * 2
    while found < longest:
        probe = (found + longest + 1) // 2
        if occurs(probe):
            found = probe
        else:
            longest = probe - 1
    candidate = data.rfind(data[pos : pos + found], chunk_start, pos - 1 + found)
    maximum = (0xFFFF >> _bit_count(pos - chunk_start)) + 3
    return pos - candidate, min(found, maximum)


# --- 2.4.3 Data Encryption (CMG, DPB, GC in the PROJECT stream) --------------

def _encrypt(project_id: str, data: bytes, seed: int) -> str:
    """2.4.3.2 Encryption, as upper-case hex; the seed and ignored bytes are arbitrary."""
    version = 2
    proj_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted_1, encrypted_1, encrypted_2 = proj_key, out[2], out[1]
    ignored = bytes([seed]) * ((seed & 6) // 2)
    for byte in ignored + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


# --- Names, encodings and module text ----------------------------------------

# Module-level attributes the writer emits itself (procedure attributes such
# as "Attribute Item.VB_UserMemId = 0" stay in the source).
_HEADER_ATTRIBUTE = re.compile(
    r"^[ \t]*Attribute[ \t]+VB_(?:Name|Base|GlobalNameSpace|Creatable|PredeclaredId|Exposed|"
    r"TemplateDerived|Customizable)\b",
    re.IGNORECASE | re.MULTILINE,
)

# VB_Base type-library ids, as Excel writes them (2.3.4.3 module streams).
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

_LINE_BREAK = re.compile(r"\r\n?|\n")


def _codec(codepage: int) -> str:
    try:
        return codecs.lookup(f"cp{codepage}").name
    except LookupError:
        raise VbaProjectError(f"不支持的代码页 {codepage}") from None


def _check_identifier(name: str, what: str) -> None:
    if not (
        0 < len(name) <= MAX_IDENTIFIER_LENGTH
        and name[0].isalpha()
        and all(c.isalnum() or c == "_" for c in name)
    ):
        raise VbaProjectError(
            f"{what}“{name}”不是合法的 VBA 标识符：须以字母或汉字开头，"
            f"只含字母、汉字、数字和下划线，最长 {MAX_IDENTIFIER_LENGTH} 个字符"
        )


def _encode(text: str, codec: str, codepage: int, where: str, by_line: bool = False) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start]
        line = f"第 {len(_LINE_BREAK.split(text[: exc.start]))} 行" if by_line else ""
        message = f"{where}{line}含有代码页 {codepage} 无法表示的字符“{char}”（U+{ord(char):04X}）"
        raise VbaProjectError(message) from None


def _module_text(module: VbaModule) -> str:
    """Attribute header as Excel saves it, then the source with CRLF line ends."""
    if _HEADER_ATTRIBUTE.search(module.source):
        raise VbaProjectError(
            f"模块“{module.name}”的源代码不应包含 Attribute VB_Name 等模块头属性，它们由生成器写入"
        )
    lines = [f'Attribute VB_Name = "{module.name}"']
    if module.kind != "standard":
        if module.kind == "class":
            base, predeclared, exposed, customizable = _CLASS_BASE, False, False, False
        elif module.name.lower() == "thisworkbook":
            base, predeclared, exposed, customizable = _WORKBOOK_BASE, True, True, True
        else:
            base, predeclared, exposed, customizable = _WORKSHEET_BASE, True, True, True
        lines += [
            f'Attribute VB_Base = "{base}"',
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            f"Attribute VB_PredeclaredId = {predeclared}",
            f"Attribute VB_Exposed = {exposed}",
            "Attribute VB_TemplateDerived = False",
            f"Attribute VB_Customizable = {customizable}",
        ]
    source = _LINE_BREAK.sub("\r\n", module.source)  # VBA stores CRLF
    if source and not source.endswith("\r\n"):
        source += "\r\n"
    return "".join(line + "\r\n" for line in lines) + source


# --- 2.3.4.2 dir stream --------------------------------------------------------

# 2.3.4.2.2 PROJECTREFERENCES: the two registered type libraries Excel adds to
# every new project (OLE Automation, Microsoft Office), with 64-bit Office paths.
_REFERENCES = (
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared"
        r"\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)
_SYSKIND_WIN64 = 3
_LCID_EN_US = 0x0409  # PROJECTLCID and PROJECTLCIDINVOKE MUST be 0x409


def _record(record_id: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _pair(record_id: int, mbcs: bytes, unicode_id: int, text: str) -> bytes:
    """A record whose MBCS text is followed by a "Reserved" id and the UTF-16 copy."""
    return _record(record_id, mbcs) + _record(unicode_id, text.encode("utf-16-le"))


def _dir_stream(modules: Sequence[VbaModule], names: Sequence[bytes], project_name: bytes, codepage: int) -> bytes:
    out = bytearray()
    # 2.3.4.2.1 PROJECTINFORMATION. PROJECTCOMPATVERSION (0x004A) is left out:
    # it is optional, only Excel 365 writes it (since 2021), and readers that
    # predate it misparse everything after SYSKIND (olevba before 0.60.2 did).
    out += _record(0x0001, struct.pack("<I", _SYSKIND_WIN64))  # PROJECTSYSKIND
    out += _record(0x0002, struct.pack("<I", _LCID_EN_US))  # PROJECTLCID
    out += _record(0x0014, struct.pack("<I", _LCID_EN_US))  # PROJECTLCIDINVOKE
    out += _record(0x0003, struct.pack("<H", codepage))  # PROJECTCODEPAGE
    out += _record(0x0004, project_name)  # PROJECTNAME
    out += _pair(0x0005, b"", 0x0040, "")  # PROJECTDOCSTRING
    out += _pair(0x0006, b"", 0x003D, "")  # PROJECTHELPFILEPATH (HelpFile1, HelpFile2)
    out += _record(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # PROJECTVERSION: Reserved=4, major 1, minor 0 (free choice)
    out += _pair(0x000C, b"", 0x003C, "")  # PROJECTCONSTANTS
    # 2.3.4.2.2 PROJECTREFERENCES: REFERENCENAME + REFERENCEREGISTERED each
    for library, libid in _REFERENCES:
        out += _pair(0x0016, library.encode("ascii"), 0x003E, library)
        lib = libid.encode("ascii")
        out += _record(0x000D, struct.pack("<I", len(lib)) + lib + struct.pack("<IH", 0, 0))
    # 2.3.4.2.3 PROJECTMODULES
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE: MUST be 0xFFFF on write
    for module, mbcs_name in zip(modules, names, strict=True):
        # 2.3.4.2.3.2 MODULE
        out += _record(0x0019, mbcs_name)  # MODULENAME
        out += _record(0x0047, module.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _pair(0x001A, mbcs_name, 0x0032, module.name)  # MODULESTREAMNAME
        out += _pair(0x001C, b"", 0x0048, "")  # MODULEDOCSTRING
        out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source at 0, no cache
        out += _record(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _record(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE: MUST be 0xFFFF on write
        out += _record(0x0021 if module.kind == "standard" else 0x0022)  # MODULETYPE procedural / other
        out += _record(0x002B)  # Terminator
    out += _record(0x0010)  # dir Terminator
    return bytes(out)


# --- 2.3.1 PROJECT stream and 2.3.3 PROJECTwm ------------------------------------

_VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


def _project_stream(modules: Sequence[VbaModule], project_id: str, project_name: str) -> str:
    lines = [f'ID="{project_id}"']
    for module in modules:  # 2.3.1.3 ProjectModule
        if module.kind == "document":
            lines.append(f"Document={module.name}/&H00000000")
        elif module.kind == "class":
            lines.append(f"Class={module.name}")
        else:
            lines.append(f"Module={module.name}")
    seed = hashlib.sha256(project_id.encode("ascii")).digest()
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # 2.3.1.15-17: not protected (0), no password (one 0x00), visible (0xFF)
        f'CMG="{_encrypt(project_id, bytes(4), seed[0])}"',
        f'DPB="{_encrypt(project_id, bytes(1), seed[1])}"',
        f'GC="{_encrypt(project_id, bytes([0xFF]), seed[2])}"',
        "",
        "[Host Extender Info]",
        _VBE_HOST_EXTENDER,
        "",
        "[Workspace]",
        *(f"{module.name}=0, 0, 0, 0, C" for module in modules),
    ]
    return "".join(line + "\r\n" for line in lines)


def _projectwm_stream(modules: Sequence[VbaModule], names: Sequence[bytes]) -> bytes:
    pairs = (mbcs + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m, mbcs in zip(modules, names, strict=True))
    return b"".join(pairs) + b"\0\0"


# --- The whole project -------------------------------------------------------------

# 2.3.4.1 _VBA_PROJECT: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0001 (3.1.1 example)
_VBA_PROJECT = bytes.fromhex("CC61FFFF000100")


def project_streams(modules: Sequence[VbaModule], project_name: str, codepage: int) -> dict[str, bytes]:
    """All streams of the project, keyed by compound-file path."""
    codec = _codec(codepage)
    _check_identifier(project_name, "工程名")
    project_name_bytes = _encode(project_name, codec, codepage, f"工程名“{project_name}”")
    # VBA names are case-insensitive; a module may not share the project's or a referenced library's name.
    taken = {project_name.lower(), "vba", "excel", *(name.lower() for name, _ in _REFERENCES)}
    seen: set[str] = set()
    names: list[bytes] = []
    texts: list[bytes] = []
    for module in modules:
        if module.kind not in ("standard", "class", "document"):
            raise VbaProjectError(
                f"模块“{module.name}”的类型“{module.kind}”无效：应为 standard、class 或 document"
            )
        _check_identifier(module.name, "模块名")
        if module.name.lower() in seen:
            raise VbaProjectError(f"模块名“{module.name}”重复")
        if module.name.lower() in taken:
            raise VbaProjectError(f"模块名“{module.name}”与工程名或引用库（VBA、Excel、stdole、Office）同名")
        seen.add(module.name.lower())
        names.append(_encode(module.name, codec, codepage, f"模块名“{module.name}”"))
        _encode(module.source, codec, codepage, f"模块“{module.name}”源代码", by_line=True)
        texts.append(_module_text(module).encode(codec))

    # Deterministic project id: the same modules always give the same bytes.
    digest = hashlib.sha256(repr((project_name, codepage, tuple(modules))).encode("utf-8")).digest()
    project_id = "{" + str(uuid.UUID(bytes=digest[:16], version=4)).upper() + "}"

    streams = {
        "PROJECT": _project_stream(modules, project_id, project_name).encode(codec),
        "PROJECTwm": _projectwm_stream(modules, names),
        "VBA/_VBA_PROJECT": _VBA_PROJECT,
        "VBA/dir": compress(_dir_stream(modules, names, project_name_bytes, codepage)),
    }
    for module, text in zip(modules, texts, strict=True):
        streams[f"VBA/{module.name}"] = compress(pad_for_compression(text))  # 2.3.4.3: source at MODULEOFFSET 0
    return streams
