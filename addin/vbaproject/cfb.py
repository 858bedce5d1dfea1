"""Minimal writer for [MS-CFB] compound files (the container of ``vbaProject.bin``).

A compound file is a small FAT file system inside one file:

* a 512-byte header (2.2) naming the FAT sectors (through the DIFAT array kept
  in the header), the first directory sector and the first miniFAT sector;
* 512-byte sectors (version 3) chained by the FAT (2.3), with the special
  values FREESECT, ENDOFCHAIN and FATSECT;
* streams smaller than 4096 bytes live in 64-byte mini sectors of the *mini
  stream* (2.4, 2.5), itself a regular stream owned by the root entry and
  chained by the miniFAT;
* a directory (2.6) of 128-byte entries; the children of each storage form a
  red-black tree ordered by name length, then by upper-cased UTF-16 (2.6.4).

Only what a VBA project needs is written: one header, no DIFAT sectors (so at
most 109 FAT sectors, about 7 MB), no timestamps, no CLSIDs. Sectors are laid
out contiguously: FAT, directory, miniFAT, mini stream, then large streams.
"""

# Hand-written: no maintained PyPI library writes CFB (olefile only reads or overwrites same-size streams).

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR_SIZE = 512
MINI_SECTOR_SIZE = 64
MINI_STREAM_CUTOFF = 4096
_FAT_ENTRIES_PER_SECTOR = SECTOR_SIZE // 4
_HEADER_DIFAT_SLOTS = 109

# 2.1 Compound File Sector Numbers and Types
_FATSECT = 0xFFFFFFFD
_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_NOSTREAM = 0xFFFFFFFF

# 2.6.1 Compound File Directory Entry: object types and colours
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ILLEGAL_NAME_CHARS = set("/\\:!")
_MAX_NAME_UNITS = 31  # 32 UTF-16 code units including the terminating null


@dataclass(eq=False)
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = 0
    size: int = 0


def _name_units(name: str) -> int:
    return len(name.encode("utf-16-le")) // 2


def _name_sort_key(name: str) -> tuple[int, bytes]:
    """2.6.4: shorter names sort first; equal lengths compare upper-cased UTF-16 code units."""
    upper = "".join(c.upper() if len(c.upper()) == 1 else c for c in name)  # simple case mapping only
    return _name_units(name), upper.encode("utf-16-be")


def _build_tree(streams: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        *storages, leaf = path.split("/")
        parent = root
        for name in storages:
            parent = _child(parent, name, _STORAGE)
        if any(_name_sort_key(c.name) == _name_sort_key(leaf) for c in parent.children):
            raise ValueError(f"duplicate compound file entry: {path!r}")
        _check_name(leaf)
        parent.children.append(_Entry(leaf, _STREAM, bytes(data)))
    return root


def _child(parent: _Entry, name: str, kind: int) -> _Entry:
    for entry in parent.children:
        if _name_sort_key(entry.name) == _name_sort_key(name):
            if entry.kind != kind:
                raise ValueError(f"{name!r} is used both as a stream and as a storage")
            return entry
    _check_name(name)
    entry = _Entry(name, kind)
    parent.children.append(entry)
    return entry


def _check_name(name: str) -> None:
    if not name or _name_units(name) > _MAX_NAME_UNITS or _ILLEGAL_NAME_CHARS & set(name):
        raise ValueError(f"illegal compound file entry name: {name!r}")


def _link_siblings(children: list[_Entry]) -> int:
    """Arrange one storage's children as a balanced binary search tree; return its root's id.

    Splitting the sorted list at the middle fills every level but the last, so
    colouring that last level red (and everything else black) satisfies the
    red-black rules of 2.6.4: black root, no red child of a red node, and the
    same number of black nodes on every path.
    """
    ordered = sorted(children, key=lambda e: _name_sort_key(e.name))
    deepest = len(ordered).bit_length() - 1

    def link(lo: int, hi: int, depth: int) -> int:
        if lo >= hi:
            return _NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        node.left = link(lo, mid, depth + 1)
        node.right = link(mid + 1, hi, depth + 1)
        node.color = _RED if depth == deepest and depth > 0 else _BLACK
        return node.sid

    return link(0, len(ordered), 0)


def _sectors(size: int, unit: int = SECTOR_SIZE) -> int:
    return -(-size // unit)


def _pad(data: bytes | bytearray, unit: int) -> bytes:
    return bytes(data) + b"\0" * (-len(data) % unit)


def _chain(table: list[int], first: int, count: int) -> None:
    for i in range(first, first + count - 1):
        table[i] = i + 1
    if count:
        table[first + count - 1] = _ENDOFCHAIN


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Build a version 3 compound file from ``{"Storage/Stream": data}``."""
    root = _build_tree(streams)

    # Directory ids in breadth-first order; the root entry is always id 0.
    entries = [root]
    for entry in entries:
        entries.extend(entry.children)
    for sid, entry in enumerate(entries):
        entry.sid = sid
    for entry in entries:
        if entry.kind != _STREAM:
            entry.child = _link_siblings(entry.children)

    # Small streams go to the mini stream, large ones to regular sectors.
    streams_list = [e for e in entries if e.kind == _STREAM]
    small = [e for e in streams_list if 0 < len(e.data) < MINI_STREAM_CUTOFF]
    large = [e for e in streams_list if len(e.data) >= MINI_STREAM_CUTOFF]
    mini_fat: list[int] = []
    mini_stream = bytearray()
    for entry in small:
        entry.start, entry.size = len(mini_fat), len(entry.data)
        count = _sectors(entry.size, MINI_SECTOR_SIZE)
        mini_fat.extend([_FREESECT] * count)
        _chain(mini_fat, entry.start, count)
        mini_stream += _pad(entry.data, MINI_SECTOR_SIZE)
    for entry in streams_list:
        if not entry.data:
            entry.start = _ENDOFCHAIN  # empty stream: no sectors at all

    dir_count = _sectors(len(entries) * 128)
    mini_fat_count = _sectors(len(mini_fat) * 4)
    mini_stream_count = _sectors(len(mini_stream))
    data_count = dir_count + mini_fat_count + mini_stream_count + sum(_sectors(len(e.data)) for e in large)
    fat_count = 1
    while fat_count * _FAT_ENTRIES_PER_SECTOR < data_count + fat_count:
        fat_count += 1
    if fat_count > _HEADER_DIFAT_SLOTS:
        raise ValueError("compound file too large: DIFAT sectors are not supported")

    fat = [_FREESECT] * (fat_count * _FAT_ENTRIES_PER_SECTOR)
    fat[:fat_count] = [_FATSECT] * fat_count
    next_sector = fat_count

    def allocate(count: int) -> int:
        nonlocal next_sector
        first = next_sector
        _chain(fat, first, count)
        next_sector += count
        return first if count else _ENDOFCHAIN

    first_dir = allocate(dir_count)
    first_mini_fat = allocate(mini_fat_count)
    root.start, root.size = allocate(mini_stream_count), len(mini_stream)
    for entry in large:
        entry.start, entry.size = allocate(_sectors(len(entry.data))), len(entry.data)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        _SIGNATURE,
        b"\0" * 16,  # header CLSID
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # byte order: little-endian
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\0" * 6,
        0,  # number of directory sectors: must be 0 in version 3
        fat_count,
        first_dir,
        0,  # transaction signature
        MINI_STREAM_CUTOFF,
        first_mini_fat,
        mini_fat_count,
        _ENDOFCHAIN,  # first DIFAT sector: none
        0,  # number of DIFAT sectors
    )
    difat = list(range(fat_count)) + [_FREESECT] * (_HEADER_DIFAT_SLOTS - fat_count)
    header += struct.pack(f"<{_HEADER_DIFAT_SLOTS}I", *difat)

    directory = b"".join(_pack_entry(e) for e in entries)
    directory += _pack_unused_entry() * (dir_count * 4 - len(entries))
    mini_fat += [_FREESECT] * (mini_fat_count * _FAT_ENTRIES_PER_SECTOR - len(mini_fat))

    body = [
        struct.pack(f"<{len(fat)}I", *fat),
        directory,
        struct.pack(f"<{len(mini_fat)}I", *mini_fat),
        _pad(mini_stream, SECTOR_SIZE),
        *(_pad(e.data, SECTOR_SIZE) for e in large),
    ]
    return header + b"".join(body)


_ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")  # 2.6.1, 128 bytes


def _pack_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    return _ENTRY.pack(
        name,
        len(name),
        entry.kind,
        entry.color,
        entry.left,
        entry.right,
        entry.child,
        b"\0" * 16,  # CLSID
        0,  # state bits
        0,  # creation time: must be zero for streams and the root
        0,  # modified time
        entry.start,
        entry.size,
    )


def _pack_unused_entry() -> bytes:
    # 2.6.1: unused entries are all zero except the three sibling/child ids.
    return _ENTRY.pack(b"", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
