"""The encrypted container of a backup: a file header, then length-prefixed Fernet tokens.

    MUKTI-BACKUP\\x00v1\\n | archive id (16 random bytes) | frame | frame | ...
    frame = length (4 bytes, big-endian) | Fernet token
    token plaintext = archive id | index (8 bytes) | last (1 byte) | data

The plaintext (a gzipped tar) is cut into 1 MiB chunks, so neither writing nor reading holds the
whole archive in memory. Fernet authenticates each chunk; the archive id, the running index and
the flag on the last chunk make a reordered, spliced-in or truncated archive fail as surely as an
altered byte.
"""

from __future__ import annotations

import os
import struct
from typing import TYPE_CHECKING, BinaryIO

from cryptography.fernet import Fernet, InvalidToken

from mukti.core.errors import ApplicationError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

MAGIC = b"MUKTI-BACKUP\x00v1\n"
CHUNK = 1024 * 1024
_ID = 16
_PREFIX = struct.Struct(">QB")  # index, last
_LENGTH = struct.Struct(">I")
# A 1 MiB chunk becomes a token of about 1.4 MiB; anything far larger is not one of ours.
_MAX_TOKEN = 4 * CHUNK


class ArchiveError(ApplicationError):
    """The archive cannot be read: wrong key, altered, truncated or not a Mukti backup."""


class EncryptingWriter:
    """A write-only file object that encrypts what it is given into ``out``."""

    def __init__(self, out: SupportsWrite[bytes], key: str) -> None:
        self._out = out
        self._fernet = Fernet(key.encode())
        self._id = os.urandom(_ID)
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        out.write(MAGIC + self._id)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._frame(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Write the last frame (possibly empty); without it a reader reports a truncation."""
        if not self._closed:
            self._frame(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _frame(self, data: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(self._id + _PREFIX.pack(self._index, last) + data)
        self._out.write(_LENGTH.pack(len(token)) + token)
        self._index += 1


class DecryptingReader:
    """A read-only file object over an encrypted archive; raises ArchiveError on any fault."""

    def __init__(self, source: BinaryIO, key: str) -> None:
        self._source = source
        self._fernet = Fernet(key.encode())
        header = source.read(len(MAGIC) + _ID)
        if len(header) < len(MAGIC) + _ID or not header.startswith(MAGIC):
            raise ArchiveError("This file is not a Mukti backup (its header is wrong).")
        self._id = header[len(MAGIC) :]
        self._index = 0
        self._buffer = b""
        self._offset = 0
        self._done = False

    @property
    def archive_id(self) -> str:
        return self._id.hex()

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if self._offset >= len(self._buffer):
                if self._done or not self._next_frame():
                    break
                continue
            end = len(self._buffer) if wanted is None else self._offset + wanted
            part = self._buffer[self._offset : end]
            self._offset += len(part)
            parts.append(part)
            if wanted is not None:
                wanted -= len(part)
        return b"".join(parts)

    def _next_frame(self) -> bool:
        length_bytes = self._source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise ArchiveError("The backup is truncated (its last part is missing).")
        (length,) = _LENGTH.unpack(length_bytes)
        if length > _MAX_TOKEN:
            raise ArchiveError(f"The backup is damaged or altered (part {self._index + 1}).")
        token = self._source.read(length)
        if len(token) < length:
            raise ArchiveError("The backup is truncated (its last part is missing).")
        try:
            plain = self._fernet.decrypt(token)
        except InvalidToken:
            if self._index == 0:
                raise ArchiveError(
                    "Cannot decrypt the backup: MUKTI_BACKUP_KEY is not the key it was made "
                    "with, or the file was altered."
                ) from None
            raise ArchiveError(
                f"The backup is damaged or altered (part {self._index + 1} fails its check)."
            ) from None
        head = _ID + _PREFIX.size
        index, last = _PREFIX.unpack(plain[_ID:head])
        if plain[:_ID] != self._id or index != self._index:
            raise ArchiveError(
                f"The backup is damaged or altered (part {self._index + 1} is out of place)."
            )
        self._buffer, self._offset = plain[head:], 0
        self._index += 1
        if last:
            self._done = True
            if self._source.read(1):
                raise ArchiveError("The backup is damaged or altered (data after its end).")
        return True
