"""Write a small but valid EVTX file holding given event records, for the EVTX reader's tests.

Usage: python tests/readers/make_evtx.py RECORDS.log OUT.evtx

Each record of RECORDS.log (one XmlWinEventLog `<Event>` document per line, as in the fixtures
beside it) becomes one EVTX record, so the EVTX fixture holds exactly the events of the XML one.
The layout is the one documented for Windows Vista and later (file header, one 64 KiB chunk,
records of Binary XML) with every checksum filled in. It is deliberately simpler than what Windows
writes: each record carries its own template, defined inline, with no substitutions, and every
text and attribute value is stored as a UTF-16 string, where Windows stores typed values (UInt16,
GUID, FILETIME, SID...). A parser renders both the same way, as the tests check through the
`evtx` package, which reads these files exactly as it reads real ones. `filetimes=True` stores
each SystemTime as Windows does, a FILETIME of 100 ns ticks, for the tests of how the parser
renders a time finer than its text shows.
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
import zlib
from datetime import datetime
from pathlib import Path

from lxml import etree

CHUNK_SIZE = 0x10000
CHUNK_HEADER_SIZE = 512
FILE_HEADER_SIZE = 4096
_EPOCH_AS_FILETIME = 116444736000000000  # 1970-01-01 in 100 ns ticks since 1601-01-01
_SYSTEM_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?")

# Binary XML tokens.
_END_OF_FRAGMENT = 0x00
_OPEN_START_ELEMENT = 0x01
_CLOSE_START_ELEMENT = 0x02
_CLOSE_EMPTY_ELEMENT = 0x03
_END_ELEMENT = 0x04
_VALUE = 0x05
_ATTRIBUTE = 0x06
_TEMPLATE_INSTANCE = 0x0C
_FRAGMENT_HEADER = 0x0F
_HAS_MORE = 0x40  # on an element: it has attributes; on an attribute: another one follows
_STRING = 0x01  # value type: UTF-16 string
_FILETIME = 0x11  # value type: FILETIME, 100 ns ticks since 1601-01-01


def write_evtx(records: list[bytes], path: Path, filetimes: bool = False) -> None:
    """An EVTX file at `path` whose records are the given `<Event>` documents, numbered from 1;
    with `filetimes`, SystemTime attributes are stored as FILETIME values."""
    chunk = _chunk(records, filetimes)
    header = struct.pack(
        "<8sQQQIHHHH", b"ElfFile\0", 0, 0, len(records) + 1, 128, 1, 3, FILE_HEADER_SIZE, 1
    ).ljust(120, b"\0") + struct.pack("<I", 0)  # file flags: neither dirty nor full
    header += struct.pack("<I", zlib.crc32(header[:120]))
    path.write_bytes(header.ljust(FILE_HEADER_SIZE, b"\0") + chunk)


def _chunk(records: list[bytes], filetimes: bool) -> bytes:
    body = bytearray()
    last_offset = CHUNK_HEADER_SIZE
    for number, record in enumerate(records, start=1):
        last_offset = CHUNK_HEADER_SIZE + len(body)
        body += _record(number, record, last_offset, filetimes)
    free = CHUNK_HEADER_SIZE + len(body)
    if free > CHUNK_SIZE:
        raise ValueError("too many records for one chunk")
    count = len(records)
    head = struct.pack(
        "<8sQQQQIIII", b"ElfChnk\0", 1, count, 1, count, 128, last_offset, free,
        zlib.crc32(bytes(body)),
    ).ljust(120, b"\0") + struct.pack("<I", 0)  # chunk flags
    tables = b"\0" * (CHUNK_HEADER_SIZE - 128)  # no common strings or templates to look up
    checksum = zlib.crc32(head[:120] + tables)
    chunk = head + struct.pack("<I", checksum) + tables + bytes(body)
    return chunk.ljust(CHUNK_SIZE, b"\0")


def _record(number: int, record: bytes, offset: int, filetimes: bool) -> bytes:
    """One event record at chunk offset `offset`: header, Binary XML, size again."""
    root = etree.fromstring(record)
    system_time = root.find("{*}System/{*}TimeCreated").get("SystemTime")
    binxml = _Fragment(offset + 24, filetimes).record(root)
    size = 24 + len(binxml) + 4
    head = struct.pack("<4sIQQ", b"**\0\0", size, number, _filetime(system_time))
    return head + binxml + struct.pack("<I", size)


class _Fragment:
    """Binary XML written at a known chunk offset, since names and templates are located by their
    offset in the chunk."""

    def __init__(self, offset: int, filetimes: bool) -> None:
        self.start = offset
        self.data = bytearray()
        self.filetimes = filetimes

    @property
    def offset(self) -> int:
        return self.start + len(self.data)

    def record(self, root: etree._Element) -> bytes:
        """A record's Binary XML: a template instance whose template, defined inline, holds the
        whole event and has no substitutions."""
        self.data += bytes([_FRAGMENT_HEADER, 1, 1, 0, _TEMPLATE_INSTANCE, 1])
        guid = hashlib.md5(etree.tostring(root)).digest()
        self.data += struct.pack("<I", int.from_bytes(guid[:4], "little"))
        self.data += struct.pack("<I", self.offset + 4)  # the definition follows at once
        self.data += struct.pack("<I", 0) + guid  # next template offset, template GUID
        size_at = len(self.data)
        self.data += b"\0\0\0\0"
        begin = len(self.data)
        self.data += bytes([_FRAGMENT_HEADER, 1, 1, 0])
        self.element(root, namespace=None)
        self.data.append(_END_OF_FRAGMENT)
        struct.pack_into("<I", self.data, size_at, len(self.data) - begin)
        self.data += struct.pack("<I", 0)  # number of substitution values
        self.data.append(_END_OF_FRAGMENT)
        return bytes(self.data)

    def element(self, element: etree._Element, namespace: str | None) -> None:
        qname = etree.QName(element)
        attributes = list(element.attrib.items())
        if qname.namespace != namespace:  # Windows keeps xmlns as an ordinary attribute
            attributes.insert(0, ("xmlns", qname.namespace or ""))
        if len(element) and (element.text or "").strip():
            raise ValueError(f"mixed content in <{qname.localname}>")
        self.data.append(_OPEN_START_ELEMENT | (_HAS_MORE if attributes else 0))
        self.data += b"\xff\xff"  # dependency identifier: none
        size_at = len(self.data)
        self.data += b"\0\0\0\0"
        self.name(qname.localname)
        if attributes:
            list_at = len(self.data)
            self.data += b"\0\0\0\0"
            for index, (name, value) in enumerate(attributes):
                more = index < len(attributes) - 1
                self.data.append(_ATTRIBUTE | (_HAS_MORE if more else 0))
                self.name(etree.QName(name).localname)
                if self.filetimes and name == "SystemTime":
                    self.data += bytes([_VALUE, _FILETIME]) + struct.pack("<Q", _filetime(value))
                else:
                    self.value(value)
            struct.pack_into("<I", self.data, list_at, len(self.data) - list_at - 4)
        if len(element):
            self.data.append(_CLOSE_START_ELEMENT)
            for child in element:
                self.element(child, qname.namespace)
            self.data.append(_END_ELEMENT)
        elif element.text:
            self.data.append(_CLOSE_START_ELEMENT)
            self.value(element.text)
            self.data.append(_END_ELEMENT)
        else:
            self.data.append(_CLOSE_EMPTY_ELEMENT)
        struct.pack_into("<I", self.data, size_at, len(self.data) - size_at - 4)

    def name(self, name: str) -> None:
        """A name, written in place: its offset (here), next-name offset, hash, length, UTF-16
        characters and a terminating NUL."""
        encoded = name.encode("utf-16-le")
        self.data += struct.pack("<IIHH", self.offset + 4, 0, _hash(name), len(name))
        self.data += encoded + b"\0\0"

    def value(self, text: str) -> None:
        encoded = text.encode("utf-16-le")
        self.data += bytes([_VALUE, _STRING]) + struct.pack("<H", len(encoded) // 2) + encoded


def _hash(name: str) -> int:
    value = 0
    for unit in struct.unpack(f"<{len(name.encode('utf-16-le')) // 2}H", name.encode("utf-16-le")):
        value = (value * 65599 + unit) & 0xFFFFFFFF
    return value & 0xFFFF


def _filetime(system_time: str) -> int:
    """A SystemTime ("2024-03-04T10:20:07.9999999Z", or with an offset) as FILETIME ticks; digits
    past the seventh, finer than a tick, are dropped."""
    clock, fraction, zone = _SYSTEM_TIME.fullmatch(system_time).groups()
    moment = datetime.fromisoformat(clock + ("+00:00" if zone in (None, "Z") else zone))
    ticks = int(((fraction or "") + "0000000")[:7])
    return _EPOCH_AS_FILETIME + int(moment.timestamp()) * 10_000_000 + ticks


def records_of(path: Path) -> list[bytes]:
    """The `<Event>` documents of a one-record-per-line XmlWinEventLog file."""
    return [line for line in path.read_bytes().splitlines() if line.strip()]


if __name__ == "__main__":
    source, target = map(Path, sys.argv[1:3])
    write_evtx(records_of(source), target)
