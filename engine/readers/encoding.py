"""The text encoding of a log file, told from its byte order mark, for every reader of text.

The readers work on UTF-8 bytes. Windows tools write other encodings: PowerShell's `>` and
`Out-File` write UTF-16 (little-endian, with a byte order mark) by default in Windows
PowerShell 5.1, and Notepad writes UTF-8 with a byte order mark. A file that starts with a UTF-16
byte order mark (LE `FF FE` or BE `FE FF`) is decoded from UTF-16 and handed over as UTF-8; any
other file is handed over as it is (a UTF-8 byte order mark is left for the readers, which pass
over it, as they do over the marks of files concatenated into one).

A UTF-16 code unit that is not a character (a lone surrogate, an odd byte at the end) comes out
as bytes that are not UTF-8, so the record holding it is reported and skipped as any other
undecodable record is, and the records around it are read.
"""

from __future__ import annotations

import codecs
import io
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

_UTF16_MARKS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BLOCK = 1 << 16


def utf16_codec(head: bytes) -> str | None:
    """The UTF-16 codec a file starting with `head` is written in, or None when it is not UTF-16
    (by its byte order mark)."""
    return next((codec for mark, codec in _UTF16_MARKS if head.startswith(mark)), None)


@contextmanager
def open_utf8(path: Path) -> Iterator[BinaryIO]:
    """The file opened for reading as UTF-8 bytes (by `read`, or line by line), for a `with`
    block: the file itself, or its UTF-16 text re-encoded as it is read."""
    with path.open("rb") as stream:
        codec = _codec(stream)
        yield stream if codec is None else io.BufferedReader(_Utf8(stream, codec), _BLOCK)


def read_utf8(path: Path) -> bytes:
    """The whole file as UTF-8 bytes."""
    with open_utf8(path) as stream:
        return stream.read()


def first_text(path: Path) -> bytes:
    """The file's first bytes (as UTF-8, up to a block of them) past blanks and byte order
    marks; b"" for a file holding nothing else. The readers tell a file's shape from them."""
    with path.open("rb") as stream:
        codec = _codec(stream)
        blocks = iter(lambda: stream.read(_BLOCK), b"") if codec is None else _utf8_blocks(
            stream, codec)
        for block in blocks:
            if head := block.lstrip(b"\xef\xbb\xbf \t\r\n"):
                return head
    return b""


def _codec(stream: BinaryIO) -> str | None:
    """The stream's UTF-16 codec (the stream left past its byte order mark), or None (the
    stream left at its start)."""
    codec = utf16_codec(stream.read(2))
    stream.seek(0 if codec is None else 2)
    return codec


def _utf8_blocks(stream: BinaryIO, codec: str) -> Iterator[bytes]:
    """A UTF-16 stream (past its byte order mark) as blocks of UTF-8. Lone surrogates pass
    through, and are not UTF-8 then; so does an odd byte at the end, as U+DCFF."""
    decoder = codecs.getincrementaldecoder(codec)("surrogatepass")
    while True:
        block = stream.read(_BLOCK)
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError:  # an odd byte at the end of the file
            text = "\udcff"
        if text:
            yield text.encode("utf-8", "surrogatepass")
        if not block:
            return


class _Utf8(io.RawIOBase):
    """A UTF-16 stream (past its byte order mark) read as UTF-8."""

    def __init__(self, stream: BinaryIO, codec: str) -> None:
        super().__init__()
        self.blocks = _utf8_blocks(stream, codec)
        self.block, self.offset = memoryview(b""), 0  # the block being read, and how far

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.offset == len(self.block):
            block = next(self.blocks, None)
            if block is None:
                return 0
            self.block, self.offset = memoryview(block), 0
        size = min(len(buffer), len(self.block) - self.offset)
        buffer[:size] = self.block[self.offset:self.offset + size]
        self.offset += size
        return size
