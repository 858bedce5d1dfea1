"""Tests for addin.vbaproject: a source-only vbaProject.bin written without Excel.

Independent readers check the output: oletools' olevba (decompression, dir
stream, module text), olefile in strict mode and 7-Zip (compound file), and
LibreOffice, which must run a Chinese-named VBA function from a cell. The
vbaProject.bin files that xlwings ships (saved by Excel) are the reference
for record order and module attributes.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import subprocess
import warnings
import zipfile
from pathlib import Path

import olefile
import pytest
import xlsxwriter
import xlwings
from conftest import dir_records
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lo_support import run_vba, vba_office

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # oletools still uses pre-3.0 pyparsing names
    from oletools.olevba import VBA_Parser, decompress_stream

from addin.vbaproject import VbaModule, VbaProjectError, build_vba_project
from addin.vbaproject.cfb import write_compound_file
from addin.vbaproject.ovba import compress, decompress, pad_for_compression

XLWINGS_DIR = Path(xlwings.__file__).parent
_rng = random.Random(20240601)
NOISE_4095, NOISE_4096, NOISE_12000 = (_rng.randbytes(n) for n in (4095, 4096, 12000))

STANDARD_SOURCE = """Option Explicit

' 绩效自评函数：中文注释，中文函数名
Public Function 版本号() As String
    版本号 = "jixiao 0.1.0"
End Function

' 执行率得分 = 权重 × 执行率（封顶 100%）
Public Function 执行率得分(执行数 As Double, 预算数 As Double, Optional 权重 As Double = 10) As Double
    If 预算数 <= 0 Then
        执行率得分 = 0
    ElseIf 执行数 >= 预算数 Then
        执行率得分 = 权重
    Else
        执行率得分 = 权重 * 执行数 / 预算数
    End If
End Function
"""

WORKBOOK_SOURCE = "Option Explicit\n\nPrivate Sub Workbook_Open()\n    ' 打开工作簿时不做任何事\nEnd Sub\n"


def dictionary_class_source() -> str:
    """xlwings' Dictionary.cls without the .cls file header and module-level attributes."""
    text = (XLWINGS_DIR / "addin" / "Dictionary.cls").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("VERSION 1.0 CLASS") and lines[3] == "END"
    body = lines[4:]
    while body and re.match(r"Attribute VB_\w+ = ", body[0]):  # VB_Name ... VB_Description
        body.pop(0)
    return "\n".join(body) + "\n"


MODULES = [
    VbaModule("ThisWorkbook", "document", WORKBOOK_SOURCE),
    VbaModule("Sheet1", "document", ""),
    VbaModule("绩效自评函数", "standard", STANDARD_SOURCE),
    VbaModule("Dictionary", "class", dictionary_class_source()),
]


def crlf(text: str) -> str:
    return re.sub(r"\r\n?|\n", "\r\n", text)


def without_attributes(code: str) -> str:
    return "".join(line for line in code.splitlines(keepends=True) if not line.startswith("Attribute VB_"))


@pytest.fixture(scope="module")
def project_bin() -> bytes:
    return build_vba_project(MODULES)


@pytest.fixture(scope="module")
def project_xlsm(project_bin: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsm") / "绩效自评.xlsm"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_vba_name("ThisWorkbook")
    workbook.add_worksheet().set_vba_name("Sheet1")
    workbook.add_vba_project(io.BytesIO(project_bin), is_stream=True)
    workbook.close()
    return path


def reference_bin(filename: str) -> bytes:
    """The Excel-saved vbaProject.bin inside one of xlwings' shipped workbooks."""
    with zipfile.ZipFile(XLWINGS_DIR / filename) as archive:
        return archive.read("xl/vbaProject.bin")


def chunk_flags(container: bytes) -> list[int]:
    """CompressedChunkFlag of every chunk of a CompressedContainer."""
    flags, pos = [], 1
    while pos < len(container):
        (header,) = struct.unpack_from("<H", container, pos)
        flags.append(header >> 15)
        pos += (header & 0x0FFF) + 3
    return flags


# --- 1. Compression ------------------------------------------------------------

def test_compression_reproduces_the_spec_examples() -> None:
    # [MS-OVBA] 3.2.1 No Compression Example and 3.2.2 Normal Compression Example
    assert compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
    )
    assert compress(b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa") == bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E"
        " 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"
    )


def _repeated(unit: bytes, count: int) -> bytes:
    return unit * count


def check_chunks(container: bytes, data: bytes) -> list[int]:
    """[MS-OVBA] 2.4.1, chunk by chunk, read independently of addin.vbaproject; returns the flags.

    Signature byte 0x01; every chunk header has signature 0b011 and a size within
    the container; a raw chunk (flag 0) is header 0x3FFF plus exactly 4096 bytes;
    chunk k decompresses (oletools, one chunk at a time) to bytes k*4096 … of
    ``data``: 4096 of them for every chunk but the last, 1 to 4096 for the last.
    """
    assert container[:1] == b"\x01"
    flags, pos, k = [], 1, 0
    while pos < len(container):
        (header,) = struct.unpack_from("<H", container, pos)
        size, signature, flag = (header & 0x0FFF) + 3, (header >> 12) & 0b111, header >> 15
        assert signature == 0b011, (k, hex(header))
        assert pos + size <= len(container), k
        if flag == 0:
            assert header == 0x3FFF and size == 4098, (k, hex(header))
        expected = data[k * 4096 : (k + 1) * 4096]
        assert expected, f"chunk {k} stands for no data"
        assert decompress_stream(bytearray(b"\x01" + container[pos : pos + size])) == expected, k
        flags.append(flag)
        pos, k = pos + size, k + 1
    assert k == -(-len(data) // 4096)  # every non-final chunk stood for exactly 4096 bytes
    return flags


def _only_padding(extra: bytes) -> bool:
    return extra == b"" or (extra.endswith(b"\r\n") and set(extra) <= {0x20, 0x0D, 0x0A} and len(extra) <= 456)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=9000),
        st.binary(min_size=4090, max_size=4100),  # around one chunk
        st.binary(min_size=8187, max_size=8197),  # around two chunks
        st.builds(_repeated, st.binary(min_size=1, max_size=9), st.integers(0, 2500)),  # long runs
        st.text(alphabet="绩效自评得分 Dim x As Double\r\n'（）", max_size=3000).map(lambda s: s.encode("gbk")),
    )
)
@example(b"")
@example(b"\0" * 20000)
@example(NOISE_4095)  # a short final chunk that does not compress
@example(NOISE_4096)  # a full chunk that does not compress: RawChunk
@example(NOISE_12000)
@example(NOISE_4096 + b"a" * 5000 + NOISE_4095)
@example(NOISE_4096 + NOISE_4096[:3641])  # the shortest final chunk that literals cannot hold
def test_compression_follows_the_chunk_rules_or_refuses(data: bytes) -> None:
    """Round trip through oletools and our decoder, chunk rules checked; only text that cannot be encoded is padded."""
    padded = pad_for_compression(data)
    assert padded.startswith(data) and _only_padding(padded[len(data):])
    if padded != data:  # a short final chunk that does not compress: compress() refuses it
        assert 3640 < len(data) % 4096
        with pytest.raises(VbaProjectError, match="4096"):
            compress(data)
        assert len(padded) % 4096 in (0, 2)  # a full final chunk, or a 2-byte CRLF after one
    container = compress(padded)
    check_chunks(container, padded)
    assert decompress_stream(bytearray(container)) == padded
    assert decompress(container) == padded


def test_incompressible_data_uses_raw_chunks_only_when_full() -> None:
    assert chunk_flags(compress(NOISE_4096)) == [0]
    assert len(compress(NOISE_4096)) == 1 + 2 + 4096
    # A raw chunk always holds 4096 bytes: a short final one would need zeros that are not in the text.
    with pytest.raises(VbaProjectError, match="4096"):
        compress(NOISE_4095)
    padded = pad_for_compression(NOISE_4095)
    assert padded == NOISE_4095 + b" \r\n"  # one byte short: a space fills the chunk, CRLF follows
    assert check_chunks(compress(padded), padded) == [0, 1]
    padded = pad_for_compression(NOISE_4096[:3700])
    assert padded == NOISE_4096[:3700] + b" " * 394 + b"\r\n" and len(padded) == 4096
    assert check_chunks(compress(padded), padded) == [0]


def test_own_decompressor_is_strict_about_chunks() -> None:
    two = compress(b"a" * 5000)
    assert decompress(two) == b"a" * 5000
    short_first = compress(b"a" * 100)[1:]  # a chunk standing for 100 bytes, then another
    with pytest.raises(VbaProjectError, match="不足 4096"):
        decompress(b"\x01" + short_first + short_first)
    with pytest.raises(VbaProjectError, match="0x01"):
        decompress(b"\x02" + short_first)
    raw_short = struct.pack("<H", 0x3000 | (27 - 3)) + NOISE_4095[:25]
    with pytest.raises(VbaProjectError, match="正好 4096"):
        decompress(b"\x01" + raw_short)


def _random_hanzi(rng: random.Random, n: int) -> str:
    """``n`` random GB2312 level-1 汉字: two bytes each in GBK, next to nothing for LZ77 to find."""
    return "".join(bytes([rng.randint(0xB0, 0xD6), rng.randint(0xA1, 0xFE)]).decode("gb2312") for _ in range(n))


def _random_comment_module(name: str, length: int) -> VbaModule:
    """A module whose stream text (header + CRLF source in GBK) is exactly ``length`` bytes of comments of random 汉字."""
    rng = random.Random(length)
    size = len(f'Attribute VB_Name = "{name}"\r\n'.encode("gbk"))
    lines: list[str] = []
    while length - size > 1000:  # physical lines stay under VBA's 1023
        lines.append("' " + _random_hanzi(rng, 480))
        size += len(lines[-1].encode("gbk")) + 2
    odd, hanzi = divmod(length - size - 2 - 1, 2)[::-1]
    lines.append("'" + " " * odd + _random_hanzi(rng, hanzi))
    module = VbaModule(name, "standard", "\n".join(lines) + "\n")
    assert size + len(lines[-1].encode("gbk")) + 2 == length
    return module


@pytest.mark.parametrize("tail", [3000, 3700, 4000, 4094, 4095, 0])
def test_high_entropy_module_text_follows_the_chunk_rules(tail: int) -> None:
    """A module of random 汉字 comments whose final chunk holds ``tail`` bytes (0: exactly full).

    3700–4095 bytes of such text fit no compressed chunk; the writer pads the
    source with one line of blanks instead of zeros, and both decoders give back
    the text plus that line.
    """
    module = _random_comment_module("随机注释", 2 * 4096 + tail)
    project = build_vba_project([VbaModule("ThisWorkbook", "document", ""), module])
    stream = olefile.OleFileIO(project).openstream("VBA/随机注释").read()
    text = ('Attribute VB_Name = "随机注释"\r\n' + crlf(module.source)).encode("gbk")
    ours, theirs = decompress(stream), decompress_stream(bytearray(stream))
    assert ours == theirs and ours.startswith(text)
    padding = ours[len(text):]
    assert _only_padding(padding)
    assert bool(padding) == (tail > 3640)  # padded exactly when no compressed chunk could hold the tail
    flags = check_chunks(stream, ours)
    assert flags[:2] == [0, 0]  # random 汉字 do not compress: the full chunks are raw
    if padding:
        assert len(ours) % 4096 in (0, 2)  # the tail became a full chunk (plus, at most, a CRLF chunk)
    parser = VBA_Parser("vbaProject.bin", data=project)
    try:
        code = {Path(f).stem: c for _, _, f, c in parser.extract_macros()}["随机注释"]
    finally:
        parser.close()
    assert without_attributes(code).rstrip(" \r\n") == crlf(module.source).rstrip("\r\n")


def test_vba_source_compresses_without_raw_chunks() -> None:
    # Raw chunks are legal, but no chunk in xlwings' four Excel-saved projects
    # is raw, and a third-party writer (visi-core) reports that Excel
    # drops a module whose stream has one. Real source must not need them.
    sources = [p.read_bytes() for p in (XLWINGS_DIR / "addin").glob("*.bas")]
    sources += [(STANDARD_SOURCE * 20).encode("gbk")]
    for source in sources:
        container = compress(source)
        assert set(chunk_flags(container)) == {1}
        assert len(container) < len(source)


# --- 2. olevba reads every module back -------------------------------------------

def _expected_code(module: VbaModule) -> str:
    source = crlf(module.source)
    return source if not source or source.endswith("\r\n") else source + "\r\n"


@pytest.mark.parametrize("container", ["bin", "xlsm"])
def test_olevba_reads_every_module(container: str, project_bin: bytes, project_xlsm: Path) -> None:
    if container == "bin":
        parser = VBA_Parser("vbaProject.bin", data=project_bin)
    else:
        parser = VBA_Parser(str(project_xlsm))
    try:
        found = {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()
    assert list(found) == [m.name for m in MODULES]
    for module in MODULES:
        code = found[module.name]
        assert code.startswith(f'Attribute VB_Name = "{module.name}"\r\n')
        assert without_attributes(code) == _expected_code(module)
    assert "Public Function 执行率得分(执行数 As Double" in found["绩效自评函数"]


def test_module_streams_are_gbk_source_at_offset_zero(project_bin: bytes) -> None:
    ole = olefile.OleFileIO(project_bin)
    records = dir_records(project_bin)
    assert (0x0003, struct.pack("<H", 936)) in records  # PROJECTCODEPAGE
    assert [payload for rid, payload in records if rid == 0x0031] == [bytes(4)] * len(MODULES)  # MODULEOFFSET
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000100")  # version 0xFFFF
    text = decompress_stream(bytearray(ole.openstream("VBA/绩效自评函数").read()))
    assert text.decode("gbk") == 'Attribute VB_Name = "绩效自评函数"\r\n' + crlf(STANDARD_SOURCE)


# --- 3. The compound file passes strict readers ---------------------------------

EXPECTED_STREAMS = {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir"} | {f"VBA/{m.name}" for m in MODULES}


def test_olefile_opens_it_strictly(project_bin: bytes) -> None:
    ole = olefile.OleFileIO(project_bin, raise_defects=olefile.DEFECT_INCORRECT)
    assert {"/".join(path) for path in ole.listdir()} == EXPECTED_STREAMS
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE


def test_7zip_reports_no_errors(project_bin: bytes, seven_zip: str, tmp_path: Path) -> None:
    path = tmp_path / "vbaProject.bin"
    path.write_bytes(project_bin)
    result = subprocess.run([seven_zip, "t", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Everything is Ok" in result.stdout
    assert f"Files: {len(EXPECTED_STREAMS)}" in result.stdout


def _directory(data: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, colour, left, right, child) of every directory entry, read by hand."""
    fat = olefile.OleFileIO(data).fat
    entries = []
    sector = struct.unpack_from("<I", data, 48)[0]  # header: first directory sector
    while sector != 0xFFFFFFFE:
        block = data[512 + sector * 512 : 1024 + sector * 512]
        for i in range(4):
            name_bytes, name_len, kind, colour, left, right, child = struct.unpack_from("<64sHBBIII", block, i * 128)
            name = name_bytes[: max(name_len - 2, 0)].decode("utf-16-le")
            entries.append((name, kind, colour, left, right, child))
        sector = fat[sector]
    return entries


def cfb_order(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4 sibling order: shorter names first, then upper-case comparison (BMP names)."""
    return len(name), name.upper()


def _check_red_black(entries: list, root: int) -> list[str]:
    """Assert the 2.6.4 red-black rules for one storage's tree; return its names in order."""
    names: list[str] = []

    def walk(sid: int, parent_red: bool) -> int:
        if sid == 0xFFFFFFFF:
            return 1
        name, _, colour, left, right, _ = entries[sid]
        red = colour == 0
        assert not (red and parent_red), f"red child of a red node: {name}"
        left_black = walk(left, red)
        names.append(name)
        right_black = walk(right, red)
        assert left_black == right_black, f"unequal black height under {name}"
        return left_black + (not red)

    assert entries[root][2] == 1, "tree root must be black"
    walk(root, False)
    assert names == sorted(names, key=cfb_order), "siblings out of CFB name order"
    return names


def test_directory_trees_are_ordered_red_black_trees(project_bin: bytes) -> None:
    entries = _directory(project_bin)
    assert entries[0][0] == "Root Entry" and entries[0][1] == 5
    storages = [(sid, e) for sid, e in enumerate(entries) if e[1] in (1, 5)]
    seen = {name for sid, e in storages for name in _check_red_black(entries, e[5])}
    assert seen == {"PROJECT", "PROJECTwm", "VBA", "_VBA_PROJECT", "dir"} | {m.name for m in MODULES}


_stream_names = st.text(alphabet="abcXYZ_绩效自评0123", min_size=1, max_size=31)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(_stream_names, st.sampled_from([0, 1, 63, 64, 4095, 4096, 5000]), min_size=1, max_size=40))
def test_compound_file_writer_round_trips(sizes: dict[str, int]) -> None:
    unique = {}
    for name, size in sizes.items():  # CFB names are case-insensitive
        unique.setdefault(name.upper(), (name, size))
    streams = {f"S/{name}": bytes([len(name)]) * size for name, size in unique.values()}
    data = write_compound_file(streams)
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content
    entries = _directory(data)
    storage = next(e for e in entries if e[0] == "S")
    assert len(_check_red_black(entries, storage[5])) == len(streams)


# --- 4. dir record order equals Excel's --------------------------------------------

# Records in xlwings' Excel-saved projects that this source-only project leaves out, and why.
LEFT_OUT = {
    0x004A: "PROJECTCOMPATVERSION: optional; only Excel 365 writes it (since 2021), older readers misparse it",
}
LEFT_OUT_REFERENCES = {
    "MSForms": "REFERENCECONTROL for UserForms: the project has no forms",
    "xlwings": "REFERENCEPROJECT to the xlwings add-in: standalone projects carry their own code",
}


def _split_dir(records: list[tuple[int, bytes]]) -> tuple[list[int], dict[str, list[int]], list[int], list[list[int]]]:
    """PROJECTINFORMATION ids, reference ids by name, PROJECTMODULES header ids, per-module ids."""
    ids = [rid for rid, _ in records]
    first_ref, modules_at = ids.index(0x0016), ids.index(0x000F)
    references: dict[str, list[int]] = {}
    current: list[int] = []
    for i in range(first_ref, modules_at):
        rid, payload = records[i]
        if rid == 0x0016 and ids[i - 1] != 0x002F:  # a NameRecordExtended inside REFERENCECONTROL does not start one
            current = references.setdefault(payload.decode("ascii"), [])
        current.append(rid)
    modules: list[list[int]] = []
    for rid in ids[modules_at + 2 : -1]:
        if rid == 0x0019:
            modules.append([])
        modules[-1].append(rid)
    assert ids[-1] == 0x0010  # dir Terminator
    return ids[:first_ref], references, ids[modules_at : modules_at + 2], modules


@pytest.mark.parametrize("reference", ["quickstart_standalone.xlsm", "quickstart.xlsm"])
def test_dir_record_order_matches_excel(reference: str, project_bin: bytes) -> None:
    ours = _split_dir(dir_records(project_bin))
    theirs = _split_dir(dir_records(reference_bin(reference)))

    assert ours[0] == [rid for rid in theirs[0] if rid not in LEFT_OUT]
    their_refs = {name: ids for name, ids in theirs[1].items() if name not in LEFT_OUT_REFERENCES}
    assert list(their_refs) == ["Office"]
    assert ours[1] == {"stdole": their_refs["Office"], "Office": their_refs["Office"]}  # both REFERENCEREGISTERED
    assert ours[2] == theirs[2] == [0x000F, 0x0013]
    their_module_shapes = {tuple(ids) for ids in theirs[3]}
    for module, ids in zip(MODULES, ours[3], strict=True):
        assert tuple(ids) in their_module_shapes, module.name
        assert (0x0021 in ids) == (module.kind == "standard")


def test_references_name_the_registered_libraries(project_bin: bytes) -> None:
    def libids(project: bytes) -> list[bytes]:  # REFERENCEREGISTERED: SizeOfLibid, Libid, Reserved1, Reserved2
        return [p[4 : 4 + struct.unpack_from("<I", p)[0]] for rid, p in dir_records(project) if rid == 0x000D]

    stdole, office = libids(project_bin)
    assert stdole.startswith(rb"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#")  # OLE Automation
    assert office == libids(reference_bin("quickstart_standalone.xlsm"))[0]


# --- Module attributes, PROJECT and PROJECTwm as Excel writes them ---------------------

def _reference_module_text(project: bytes, name: str) -> str:
    records = dir_records(project)
    names = [p.decode("ascii") for rid, p in records if rid == 0x0019]
    offsets = [struct.unpack("<I", p)[0] for rid, p in records if rid == 0x0031]
    offset = offsets[names.index(name)]
    stream = olefile.OleFileIO(project).openstream(f"VBA/{name}").read()
    return decompress_stream(bytearray(stream[offset:])).decode("cp1252")


def _our_module_text(project: bytes, name: str) -> str:
    stream = olefile.OleFileIO(project).openstream(f"VBA/{name}").read()
    return decompress_stream(bytearray(stream)).decode("gbk")


def _attributes(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^Attribute (VB_\w+) = (.*)\r$", text, re.MULTILINE)


def test_document_module_headers_equal_excels(project_bin: bytes) -> None:
    excel = reference_bin("quickstart_standalone.xlsm")
    assert _our_module_text(project_bin, "Sheet1") == _reference_module_text(excel, "Sheet1")
    ours = _our_module_text(project_bin, "ThisWorkbook")
    assert ours == _reference_module_text(excel, "ThisWorkbook") + crlf(WORKBOOK_SOURCE)


def test_class_module_header_follows_excel(project_bin: bytes) -> None:
    excel = dict(_attributes(_reference_module_text(reference_bin("quickstart_standalone.xlsm"), "Dictionary")))
    ours = _attributes(_our_module_text(project_bin, "Dictionary"))
    # Dictionary.cls is PublicNotCreatable (VB_Exposed True) and has a description;
    # a new class module in Excel is Private (VB_Exposed False) without one.
    del excel["VB_Description"]
    excel["VB_Exposed"] = "False"
    assert ours == list(excel.items())


def _decrypt(project_id: str, hex_text: str) -> bytes:
    """[MS-OVBA] 2.4.3.3 Decryption; checks Version and ProjKey on the way."""
    data = bytes.fromhex(hex_text)
    seed, version_enc, proj_key_enc = data[:3]
    assert seed ^ version_enc == 2
    proj_key = seed ^ proj_key_enc
    assert proj_key == sum(project_id.encode("ascii")) & 0xFF
    unencrypted_1, encrypted_1, encrypted_2 = proj_key, proj_key_enc, version_enc
    plain = bytearray()
    for byte_enc in data[3:]:
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    plain = plain[(seed & 6) // 2 :]  # IgnoredEnc
    length = struct.unpack_from("<I", plain)[0]
    assert len(plain) == 4 + length
    return bytes(plain[4:])


def _project_lines(project: bytes, codec: str) -> list[str]:
    return olefile.OleFileIO(project).openstream("PROJECT").read().decode(codec).split("\r\n")


@pytest.mark.parametrize("source", ["ours", "quickstart_standalone.xlsm", "quickstart.xlsm"])
def test_project_stream_protection_is_none_and_visible(source: str, project_bin: bytes) -> None:
    project = project_bin if source == "ours" else reference_bin(source)
    values = dict(line.split("=", 1) for line in _project_lines(project, "gbk") if "=" in line)
    project_id = values["ID"].strip('"')
    assert _decrypt(project_id, values["CMG"].strip('"')) == bytes(4)  # no protection
    assert _decrypt(project_id, values["DPB"].strip('"')) == b"\0"  # no password
    assert _decrypt(project_id, values["GC"].strip('"')) == b"\xff"  # visible


def test_project_stream_lists_modules_like_excel(project_bin: bytes) -> None:
    ours = _project_lines(project_bin, "gbk")
    assert re.fullmatch(r'ID="\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}"', ours[0])
    assert ours[1:5] == [
        "Document=ThisWorkbook/&H00000000",
        "Document=Sheet1/&H00000000",
        "Module=绩效自评函数",
        "Class=Dictionary",
    ]
    assert ours[-6:] == [
        "[Workspace]",
        "ThisWorkbook=0, 0, 0, 0, C",
        "Sheet1=0, 0, 0, 0, C",
        "绩效自评函数=0, 0, 0, 0, C",
        "Dictionary=0, 0, 0, 0, C",
        "",
    ]

    def keys(lines: list[str]) -> list[str]:
        modules = ("Document=", "Module=", "Class=")
        return [line.split("=")[0] for line in lines if not line.startswith(modules)]

    excel = _project_lines(reference_bin("quickstart.xlsm"), "cp1252")  # saved by Excel
    assert keys(ours)[: keys(ours).index("[Workspace]") + 1] == keys(excel)[: keys(excel).index("[Workspace]") + 1]
    assert ours[ours.index("[Host Extender Info]") + 1] == excel[excel.index("[Host Extender Info]") + 1]


def test_projectwm_pairs_mbcs_and_utf16_names(project_bin: bytes) -> None:
    data = olefile.OleFileIO(project_bin).openstream("PROJECTwm").read()
    expected = b"".join(m.name.encode("gbk") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in MODULES)
    assert data == expected + b"\0\0"


def test_output_is_deterministic() -> None:
    assert build_vba_project(MODULES) == build_vba_project(MODULES)
    assert build_vba_project(MODULES) != build_vba_project(MODULES[:3])


# --- 5. LibreOffice runs a Chinese-named VBA function from a cell ---------------------

# Run in LibreOffice's Python with the workbook open (tests/lo_support.run_vba).
_READ_CELLS = """
doc.calculateAll()
sheet = doc.Sheets.getByIndex(0)
for row in range(int(argv[0])):
    print(sheet.getCellByPosition(0, row).getString())
"""

COUNTER_CLASS = """Option Explicit
Private m合计 As Double

Public Sub 增加(ByVal 数 As Double)
    m合计 = m合计 + 数
End Sub

Public Property Get 合计() As Double
    合计 = m合计
End Property
"""

LO_FUNCTIONS = STANDARD_SOURCE + """
' 用类模块累加两次
Public Function 加倍(数 As Double) As Double
    Dim 计数器 As 计数类
    Set 计数器 = New 计数类
    计数器.增加 数
    计数器.增加 数
    加倍 = 计数器.合计
End Function
"""


@pytest.mark.libreoffice
def test_libreoffice_runs_chinese_vba_function_from_a_cell(tmp_path: Path) -> None:
    office = vba_office()

    project = build_vba_project(
        [
            VbaModule("ThisWorkbook", "document", ""),
            VbaModule("Sheet1", "document", ""),
            VbaModule("绩效自评函数", "standard", LO_FUNCTIONS),
            VbaModule("计数类", "class", COUNTER_CLASS),
        ]
    )
    workbook_path = tmp_path / "udf.xlsm"
    workbook = xlsxwriter.Workbook(str(workbook_path))
    workbook.set_vba_name("ThisWorkbook")
    sheet = workbook.add_worksheet()
    sheet.set_vba_name("Sheet1")
    workbook.add_vba_project(io.BytesIO(project), is_stream=True)
    formulas = ["=版本号()", "=执行率得分(80,100,20)", "=加倍(21)"]
    for row, formula in enumerate(formulas):
        sheet.write_formula(row, 0, formula, None, "stale")
    workbook.close()

    result = run_vba(office, workbook_path, tmp_path, f"jixiao_vba_{os.getpid()}", _READ_CELLS, str(len(formulas)),
                     timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["jixiao 0.1.0", "16", "42"]


# --- 6. Clear Chinese errors ------------------------------------------------------------

@pytest.mark.parametrize(
    ("modules", "project_name", "fragment"),
    [
        ([VbaModule("1模块", "standard", "")], "VBAProject", "模块名“1模块”不是合法的 VBA 标识符"),
        ([VbaModule("自评 函数", "standard", "")], "VBAProject", "模块名“自评 函数”不是合法的 VBA 标识符"),
        ([VbaModule("自评-函数", "standard", "")], "VBAProject", "不是合法的 VBA 标识符"),
        ([VbaModule("绩" * 32, "standard", "")], "VBAProject", "最长 31 个字符"),
        ([VbaModule("Ő模块", "standard", "")], "VBAProject", "模块名“Ő模块”含有代码页 936 无法表示的字符“Ő”"),
        (
            [VbaModule("绩效自评函数", "standard", "Sub 测试()\n    ' 笑脸\n    MsgBox \"😀\"\nEnd Sub\n")],
            "VBAProject",
            "模块“绩效自评函数”源代码第 3 行含有代码页 936 无法表示的字符“😀”（U+1F600）",
        ),
        (
            [VbaModule("模块一", "standard", 'Attribute VB_Name = "模块一"\nSub 甲()\nEnd Sub\n')],
            "VBAProject",
            "模块“模块一”的源代码不应包含 Attribute VB_Name",
        ),
        (
            [VbaModule("Module1", "standard", ""), VbaModule("MODULE1", "class", "")],
            "VBAProject",
            "模块名“MODULE1”重复",
        ),
        ([VbaModule("VBAProject", "standard", "")], "VBAProject", "模块名“VBAProject”与工程名或引用库"),
        ([VbaModule("office", "standard", "")], "VBAProject", "模块名“office”与工程名或引用库"),
        ([VbaModule("模块一", "form", "")], "VBAProject", "模块“模块一”的类型“form”无效"),  # type: ignore[arg-type]
        ([VbaModule("模块一", "standard", "")], "绩效 工程", "工程名“绩效 工程”不是合法的 VBA 标识符"),
    ],
)
def test_bad_names_and_text_raise_clear_chinese_errors(
    modules: list[VbaModule], project_name: str, fragment: str
) -> None:
    with pytest.raises(VbaProjectError, match=re.escape(fragment)):
        build_vba_project(modules, project_name=project_name)


def test_errors_are_value_errors_and_good_names_pass() -> None:
    assert issubclass(VbaProjectError, ValueError)
    build_vba_project([VbaModule("绩" * 31, "standard", "' ā 与 ① 都在 GBK 中\n"), VbaModule("模块_2", "class", "")])
    with pytest.raises(VbaProjectError, match="不支持的代码页 12345"):
        build_vba_project([], codepage=12345)
