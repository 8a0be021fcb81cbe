"""`mukti backup` and `mukti restore`: the whole database in one encrypted, versioned archive.

The archive is a gzipped tar, encrypted with MUKTI_BACKUP_KEY (see ``archive.py``):

    tables/<table>/000001.jsonl ...  each table's rows in primary-key order (``selectors.py``),
                                     cut into parts of about 8 MiB
    manifest.json                    last, once every count and hash is known

Uploaded files (survivor photos, intake uploads) are stored encrypted in the database, so the
database is everything: the manifest's ``files`` list is empty on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import tarfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from mukti.audit.models import AuditAction
from mukti.audit.services import VerifyResult, audit_record, verify_chain
from mukti.backups.archive import ArchiveError, DecryptingReader, EncryptingWriter
from mukti.backups.selectors import (
    KNOWN_TYPES,
    applied_migrations,
    backed_up_models,
    columns,
    decode,
    instance_in_use,
    is_protected,
    raw_field,
    stored_type,
    table_digest,
    table_lines,
)
from mukti.core import crypto
from mukti.core.errors import ApplicationError
from mukti.documents.models import Document
from mukti.documents.services import storage as document_storage

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

FORMAT = 1
PART_BYTES = 8 * 1024 * 1024
INSERT_BATCH = 1000
MANIFEST = "manifest.json"
FILES = "files/"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# Progress is reported by the command: ``progress(label, total)`` starts a bar and returns the
# function that advances it.
Progress = Callable[[str, int], Callable[[int], object]]


def _no_progress(label: str, total: int) -> Callable[[int], object]:
    return lambda n: None


def mukti_version() -> str:
    try:
        return importlib.metadata.version("mukti")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_default_path(now: dt.datetime | None = None) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"mukti-{stamp}.mukti-backup"


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent read of every table, however long it takes, without blocking writers."""
    if connection.in_atomic_block:  # already inside a transaction: read in it
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # Must be the transaction's first statement: from here every query sees one snapshot.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite: Django begins its transactions IMMEDIATE (taking the write lock), which would stop
    # the application writing for as long as the backup runs. A deferred read transaction is a
    # snapshot in WAL mode and leaves writers alone.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


class _HashingFile:
    """Writes through to a file, hashing the bytes (the audit record names the archive's hash)."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self._out.write(data)


def _add(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o600
    tar.addfile(info, io.BytesIO(data))


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int
    size: int
    sha256: str


def _write_archive(out: SupportsWrite[bytes], progress: Progress) -> dict[str, Any]:
    created = timezone.now()
    mtime = created.timestamp()
    tables = []
    writer = EncryptingWriter(out, settings.MUKTI_BACKUP_KEY)
    # A stream ("w|") needs only write(); typeshed asks every file method of fileobj.
    with tarfile.open(fileobj=writer, mode="w|gz") as tar:  # type: ignore[call-overload]
        for model in backed_up_models():
            for field in model._meta.concrete_fields:
                if stored_type(field) not in KNOWN_TYPES:
                    raise ApplicationError(
                        f"Backups cannot store {model._meta.label}.{field.name} "
                        f"({stored_type(field)})."
                    )
            table = model._meta.db_table
            advance = progress(table, model._base_manager.count())
            digest, count, parts, buffer = hashlib.sha256(), 0, 0, bytearray()
            for encoded in table_lines(model):
                digest.update(encoded)
                buffer += encoded
                count += 1
                if len(buffer) >= PART_BYTES:
                    parts += 1
                    _add(tar, f"tables/{table}/{parts:06d}.jsonl", bytes(buffer), mtime)
                    advance(buffer.count(b"\n"))
                    buffer.clear()
            if buffer:
                parts += 1
                _add(tar, f"tables/{table}/{parts:06d}.jsonl", bytes(buffer), mtime)
                advance(buffer.count(b"\n"))
            tables.append(
                {
                    "table": table,
                    "model": model._meta.label,
                    "columns": columns(model),
                    "rows": count,
                    "sha256": digest.hexdigest(),
                    "parts": parts,
                }
            )
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "mukti_version": mukti_version(),
            "database": connection.vendor,
            "migrations": [list(migration) for migration in applied_migrations()],
            # Attached documents, as stored (encrypted with the field keys); photos and the
            # other uploads live encrypted in the database.
            "files": _write_files(tar, mtime, progress),
            "tables": tables,
        }
        _add(tar, MANIFEST, json.dumps(manifest, indent=1).encode(), mtime)
    writer.close()
    return manifest


def _write_files(tar: tarfile.TarFile, mtime: float, progress: Progress) -> list[dict[str, Any]]:
    """Every document's stored file, read in the snapshot the tables were read in."""
    blobs = list(Document.objects.order_by("pk").values_list("blob", flat=True))
    advance = progress("documents", len(blobs))
    files = []
    for blob in blobs:
        try:
            with document_storage().open(blob, "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            raise ApplicationError(
                f"The file of a document ({blob}) is missing from the documents storage, so the "
                "backup would not be whole. If a document was removed while the backup ran, run "
                "it again; otherwise restore the file from an earlier backup."
            ) from None
        _add(tar, f"{FILES}{blob}", data, mtime)
        files.append({"name": blob, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        advance(1)
    return files


def backup_write(*, actor: Any, path: Path, progress: Progress = _no_progress) -> BackupSummary:
    """Write the whole database into an encrypted archive at ``path`` (readable by owner only).

    Every table is read in one snapshot. The archive is written under a temporary name and
    renamed when complete, so a failed backup never leaves a file that looks like one.
    """
    if path.exists():
        raise ApplicationError(f"{path} already exists; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            hashing = _HashingFile(out)
            with _snapshot():
                manifest = _write_archive(hashing, progress)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    rows = sum(table["rows"] for table in manifest["tables"])
    summary = BackupSummary(
        path, len(manifest["tables"]), rows, hashing.size, hashing.sha256.hexdigest()
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.BACKUP,
            object_type="backups.archive",
            object_id=path.name[:64],
            object_repr=path.name[:200],
            changes={"rows": [None, rows], "sha256": [None, summary.sha256]},
        )
    return summary


@contextmanager
def _archive_members(path: Path) -> Iterator[Iterator[tuple[str, BinaryIO]]]:
    """The archive's members in order, each as (name, stream); any fault is an ArchiveError."""
    try:
        source = path.open("rb")
    except OSError as error:
        raise ArchiveError(f"Cannot read {path}: {error.strerror}.") from None
    with source:
        reader = DecryptingReader(source, settings.MUKTI_BACKUP_KEY)

        def members() -> Iterator[tuple[str, BinaryIO]]:
            # A stream ("r|") needs only read(); typeshed asks every file method of fileobj.
            with tarfile.open(fileobj=reader, mode="r|gz") as tar:  # type: ignore[call-overload]
                for member in tar:
                    stream = tar.extractfile(member)
                    if not member.isfile() or stream is None:
                        raise ArchiveError(f"The backup holds an unexpected entry {member.name}.")
                    yield member.name, stream

        try:
            yield members()
        except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as error:
            raise ArchiveError(f"The backup is damaged ({error}).") from None


def _table_of(name: str) -> str:
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "tables" or not parts[2].endswith(".jsonl"):
        raise ArchiveError(f"The backup holds an unexpected entry {name}.")
    return parts[1]


def backup_read(*, path: Path, progress: Progress = _no_progress) -> dict[str, Any]:
    """Decrypt and check the whole archive without touching the database; return its manifest.

    Every part is authenticated and every table's rows are counted and hashed against the
    manifest, so a restore starts only from an archive that is known to be whole.
    """
    found: dict[str, tuple[int, Any]] = {}
    manifest: dict[str, Any] | None = None
    # One stored token per protected column tells whether this instance's MUKTI_FIELD_KEYS can
    # read what the backup holds (checked once the manifest shows the columns are the same).
    by_table = {model._meta.db_table: model for model in backed_up_models()}
    wanted = {
        table: {i for i, field in enumerate(model._meta.concrete_fields) if is_protected(field)}
        for table, model in by_table.items()
    }
    samples: dict[str, dict[int, Any]] = {table: {} for table in by_table}
    files: dict[str, tuple[int, str]] = {}
    with _archive_members(path) as members:
        for name, stream in members:
            if manifest is not None:
                raise ArchiveError("The backup holds entries after its manifest.")
            if name == MANIFEST:
                try:
                    manifest = json.loads(stream.read())
                except ValueError:
                    raise ArchiveError("The backup's manifest is not readable.") from None
                continue
            if name.startswith(FILES):
                data = stream.read()
                files[name.removeprefix(FILES)] = (len(data), hashlib.sha256(data).hexdigest())
                continue
            table = _table_of(name)
            if table not in found:
                advance = progress(f"check {table}", 0)
            count, digest = found.get(table, (0, hashlib.sha256()))
            missing = wanted.get(table, set())
            part = 0
            for encoded in stream:
                digest.update(encoded)
                part += 1
                if missing:
                    _sample(json.loads(encoded), missing, samples[table])
                if part % INSERT_BATCH == 0:
                    advance(INSERT_BATCH)
            advance(part % INSERT_BATCH)
            found[table] = (count + part, digest)
    if manifest is None:
        raise ArchiveError("The backup is truncated (it has no manifest).")
    if manifest.get("format") != FORMAT:
        raise ArchiveError(
            f"The backup is in format {manifest.get('format')!r}; "
            f"this version of Mukti reads format {FORMAT}."
        )
    for entry in manifest["tables"]:
        count, digest = found.pop(entry["table"], (0, None))
        sha = digest.hexdigest() if digest is not None else EMPTY_SHA256
        if (count, sha) != (entry["rows"], entry["sha256"]):
            raise ArchiveError(
                f"The backup is damaged: table {entry['table']} does not match its manifest."
            )
    if found:
        raise ArchiveError(f"The backup holds tables its manifest omits: {', '.join(found)}.")
    for entry in manifest.get("files", []):
        if files.pop(entry["name"], None) != (entry["size"], entry["sha256"]):
            raise ArchiveError(
                f"The backup is damaged: document file {entry['name']} does not match its manifest."
            )
    if files:
        raise ArchiveError("The backup holds document files its manifest omits.")
    for entry in manifest["tables"]:
        model = by_table.get(entry["table"])
        if model is not None and entry["columns"] == columns(model):
            _check_field_keys(model, samples[entry["table"]])
    return manifest


def _sample(values: list[Any], missing: set[int], found: dict[int, Any]) -> None:
    for index in list(missing):
        if index < len(values) and values[index] not in (None, ""):
            found[index] = values[index]
            missing.discard(index)


def _check_field_keys(model: type[models.Model], samples: dict[int, Any]) -> None:
    fields = model._meta.concrete_fields
    for index, value in samples.items():
        token = decode(fields[index], value)
        try:
            crypto.cipher().decrypt(token if isinstance(token, bytes) else token.encode())
        except InvalidToken:
            raise ApplicationError(
                f"This instance's MUKTI_FIELD_KEYS cannot decrypt the backup's protected values "
                f"({model._meta.db_table}.{fields[index].column}): set MUKTI_FIELD_KEYS to the "
                "keys of the instance that made the backup."
            ) from None


def _listed(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def restore_problems(manifest: dict[str, Any]) -> list[str]:
    """Why this database cannot take the backup; empty when it can."""
    theirs = {tuple(migration) for migration in manifest["migrations"]}
    ours = set(applied_migrations())
    if not ours:
        return ["the database is not migrated: run `mukti migrate` first"]
    if theirs != ours:
        missing = sorted(f"{app}.{name}" for app, name in theirs - ours)
        extra = sorted(f"{app}.{name}" for app, name in ours - theirs)
        detail = []
        if missing:
            detail.append(f"not applied here: {_listed(missing)}")
        if extra:
            detail.append(f"applied here but not in the backup: {_listed(extra)}")
        # Nothing else is worth checking (the tables may not even exist yet).
        return [
            "the database is not migrated to the backup's migrations ("
            + "; ".join(detail)
            + "). Run the Mukti version that made the backup, or migrate to match"
        ]
    problems = []
    ours_tables = {model._meta.db_table: columns(model) for model in backed_up_models()}
    theirs_tables = {entry["table"]: entry["columns"] for entry in manifest["tables"]}
    differ = sorted(
        table
        for table in ours_tables.keys() | theirs_tables.keys()
        if ours_tables.get(table) != theirs_tables.get(table)
    )
    if differ:
        problems.append(f"these tables differ from the backup's: {_listed(differ)}")
    in_use = instance_in_use()
    if in_use:
        problems.append(
            f"the database is not empty ({', '.join(in_use)}); restore only into a new, "
            "migrated instance"
        )
    return problems


def _insert_rows(
    model: type[models.Model], lines: Iterator[bytes], advance: Callable[[int], object]
) -> None:
    fields = model._meta.concrete_fields
    preps = [
        (field, (raw_field(field) if is_protected(field) else field).get_db_prep_save)
        for field in fields
    ]
    quote = connection.ops.quote_name
    # Table and column names come from the models, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns(model)),
        ", ".join(["%s"] * len(fields)),
    )
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for encoded in lines:
            values = json.loads(encoded)
            batch.append(
                [
                    prep(decode(field, value), connection)
                    for (field, prep), value in zip(preps, values, strict=True)
                ]
            )
            if len(batch) >= INSERT_BATCH:
                cursor.executemany(sql, batch)
                advance(len(batch))
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            advance(len(batch))


@dataclass(frozen=True)
class RestoreSummary:
    manifest: dict[str, Any]
    tables: int
    rows: int
    chain: VerifyResult


def _restore_file(name: str, data: bytes) -> None:
    """Put a document's stored file back under its own name (the rows name it). A file left
    there by a rolled-back restore, or any other, is replaced."""
    store = document_storage()
    if store.exists(name):
        store.delete(name)
    saved = store.save(name, ContentFile(data))
    if saved != name:
        raise ApplicationError(f"The documents storage kept {name} as {saved}; restore stopped.")


def backup_restore(*, actor: Any, path: Path, progress: Progress = _no_progress) -> RestoreSummary:
    """Replace every row of this (empty, identically migrated) database with the backup's.

    One transaction: rows deleted, the backup's inserted with their keys, foreign keys checked,
    sequences moved past the restored keys, every table's count and hash compared with the
    manifest, and the restore audited. Any difference rolls all of it back.
    """
    manifest = backup_read(path=path, progress=progress)
    by_table = {model._meta.db_table: model for model in backed_up_models()}
    with transaction.atomic():
        problems = restore_problems(manifest)
        if problems:
            raise ApplicationError(f"Refusing to restore: {'; '.join(problems)}.")
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # Foreign keys are DEFERRABLE INITIALLY DEFERRED on both databases: checked below
            # and at commit, so the order of deletes and inserts does not matter.
            for table in by_table:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (a model's table)
        expected = {entry["table"]: entry for entry in manifest["tables"]}
        current = ""
        try:
            with _archive_members(path) as members:
                for name, stream in members:
                    if name == MANIFEST:
                        continue
                    if name.startswith(FILES):
                        _restore_file(name.removeprefix(FILES), stream.read())
                        continue
                    table = _table_of(name)
                    if table != current:
                        advance = progress(f"restore {table}", expected[table]["rows"])
                        current = table
                    _insert_rows(by_table[table], iter(stream), advance)
            connection.check_constraints(table_names=list(by_table))
        except DatabaseError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ApplicationError(
                f"Restore rolled back: the database refused the backup's rows ({first})."
            ) from None
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                cursor.execute(sql)
        for table, model in by_table.items():
            entry = expected[table]
            got = table_digest(model, on_rows=progress(f"verify {table}", entry["rows"]))
            if got.rows != entry["rows"]:
                raise ApplicationError(
                    f"Restore rolled back: table {table} has {got.rows} rows after the restore, "
                    f"the backup {entry['rows']}."
                )
            if got.sha256 != entry["sha256"]:
                raise ApplicationError(
                    f"Restore rolled back: table {table} has the backup's {got.rows} rows but "
                    "not their content."
                )
        rows = sum(entry["rows"] for entry in manifest["tables"])
        audit_record(
            actor=actor,
            action=AuditAction.RESTORE,
            object_type="backups.archive",
            object_id=path.name[:64],
            object_repr=path.name[:200],
            changes={
                "backup_made": [None, manifest["created_at"]],
                "database": [None, manifest["database"]],
                "rows": [None, rows],
                "files": [None, len(manifest.get("files", []))],
            },
        )
    return RestoreSummary(manifest, len(by_table), rows, verify_chain())
