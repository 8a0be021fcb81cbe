from __future__ import annotations

import io
import os

import pytest
from cryptography.fernet import Fernet

from mukti.backups.archive import CHUNK, MAGIC, ArchiveError, DecryptingReader, EncryptingWriter

KEY = Fernet.generate_key().decode()
DATA = os.urandom(3 * CHUNK + 12345)  # four frames


def encrypt(data: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key)
    for start in range(0, len(data), 100_000):
        writer.write(data[start : start + 100_000])
    writer.close()
    return out.getvalue()


def decrypt(archive: bytes, key: str = KEY) -> bytes:
    reader = DecryptingReader(io.BytesIO(archive), key)
    parts = []
    while part := reader.read(65536):
        parts.append(part)
    return b"".join(parts)


def frames(archive: bytes) -> tuple[bytes, list[bytes]]:
    at, found = len(MAGIC) + 16, []
    while at < len(archive):
        end = at + 4 + int.from_bytes(archive[at : at + 4], "big")
        found.append(archive[at:end])
        at = end
    return archive[: len(MAGIC) + 16], found


def test_what_is_written_in_chunks_reads_back_the_same() -> None:
    archive = encrypt(DATA)
    assert len(frames(archive)[1]) == 4
    assert decrypt(archive) == DATA
    assert decrypt(encrypt(b"")) == b""


def test_a_dropped_reordered_or_borrowed_frame_is_detected() -> None:
    header, parts = frames(encrypt(DATA))
    _, other = frames(encrypt(DATA))
    for altered, message in (
        (header + b"".join(parts[:-1]), "truncated"),
        (header + b"".join([parts[0], parts[2], parts[1], parts[3]]), "part 2 is out of place"),
        (header + b"".join([parts[0], other[1], *parts[2:]]), "part 2 is out of place"),
        (header + b"".join([*parts, parts[-1]]), "data after its end"),
    ):
        with pytest.raises(ArchiveError, match=message):
            decrypt(altered)


def test_the_wrong_key_fails_on_the_first_frame() -> None:
    with pytest.raises(ArchiveError, match="MUKTI_BACKUP_KEY is not the key it was made with"):
        decrypt(encrypt(DATA), Fernet.generate_key().decode())
