"""Reads for backups: every table's rows in a neutral encoding, their counts and hashes.

A row is a JSON list of its columns' stored values, in the model's concrete-field order:
numbers, booleans, text and JSON as themselves; dates, times, decimals, UUIDs and IP addresses
as strings; bytes as base64. Protected fields are read as their stored ciphertext, never
decrypted. The same row reads the same on SQLite and PostgreSQL, so a table's hash (SHA-256 of
its rows' lines in primary-key order) can be compared across the two.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Collate

from mukti.core.crypto import EncryptedBinaryField, EncryptedTextField

READ_CHUNK = 2000

# Stored types this encoding knows; a field of any other type stops the backup (and its test)
# rather than being written in a form that might not come back the same.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "FloatField",
}
_STRING = {"DecimalField", "GenericIPAddressField", "IPAddressField"}
KNOWN_TYPES = (
    _PLAIN
    | _STRING
    | {"DateField", "DateTimeField", "TimeField", "UUIDField", "JSONField", "BinaryField"}
)


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, of every installed app, including many-to-many tables.

    Nothing is left out: sessions and finished task results are restored too (an empty table
    costs nothing). What is not a model is not here: SQLite's full-text index is rebuilt by its
    triggers as rows are inserted, PostgreSQL's search vector is a generated column, and
    django_migrations is compared, not copied.
    """
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ),
        key=lambda model: model._meta.db_table,
    )


def stored_type(field: models.Field) -> str:
    """The type of what the column holds (a foreign key holds its target's key)."""
    while isinstance(field, models.ForeignKey):  # the concrete relations
        field = field.target_field
    return field.get_internal_type()


def is_protected(field: models.Field) -> bool:
    return isinstance(field, EncryptedTextField | EncryptedBinaryField)


def raw_field(field: models.Field) -> models.Field:
    """A plain field of the same column type: reads and writes the ciphertext as it is stored."""
    return models.BinaryField() if stored_type(field) == "BinaryField" else models.TextField()


def columns(model: type[models.Model]) -> list[str]:
    # A concrete field is one with a column (Field.concrete); the test is for mypy.
    return [field.column for field in model._meta.concrete_fields if field.column is not None]


def encode(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    kind = stored_type(field)
    if kind in _PLAIN or kind == "JSONField":
        return value
    if kind in _STRING:
        return str(value)
    if kind == "DateTimeField":
        return value.astimezone(dt.UTC).isoformat()
    if kind in {"DateField", "TimeField"}:
        return value.isoformat()
    if kind == "UUIDField":
        return str(value)
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Backups cannot store {field.model._meta.label}.{field.name} ({kind})")


def decode(field: models.Field, value: Any) -> Any:
    """The Python value ``encode`` was given, ready for the field's ``get_db_prep_save``."""
    if value is None:
        return None
    kind = stored_type(field)
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "DateTimeField":
        return dt.datetime.fromisoformat(value)
    if kind == "DateField":
        return dt.date.fromisoformat(value)
    if kind == "TimeField":
        return dt.time.fromisoformat(value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    return value


def line(row: list[Any]) -> bytes:
    """One row as it is hashed and archived: compact JSON, keys of JSON values sorted."""
    text = json.dumps(row, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode() + b"\n"


def _pk_order(model: type[models.Model]) -> Any:
    # Text keys (session keys) are ordered byte by byte on both databases, whatever the
    # database's collation, so the hashes compare across vendors.
    if stored_type(model._meta.pk) in {"CharField", "TextField"}:
        return Collate("pk", "C" if connection.vendor == "postgresql" else "BINARY")
    return "pk"


def table_lines(
    model: type[models.Model], queryset: models.QuerySet | None = None
) -> Iterator[bytes]:
    """The table's rows as encoded lines, in primary-key order, read in chunks."""
    fields = model._meta.concrete_fields
    selected = [
        # The stored token, not the decrypted value: the wrapper's plain output field has no
        # from_db_value to decrypt with.
        models.ExpressionWrapper(models.F(field.attname), output_field=raw_field(field))
        if is_protected(field)
        else field.attname
        for field in fields
    ]
    rows = (queryset if queryset is not None else model._base_manager.all()).order_by(
        _pk_order(model)
    )
    for values in rows.values_list(*selected).iterator(chunk_size=READ_CHUNK):
        yield line([encode(field, value) for field, value in zip(fields, values, strict=True)])


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


def table_digest(
    model: type[models.Model],
    queryset: models.QuerySet | None = None,
    on_rows: Callable[[int], object] | None = None,
) -> TableDigest:
    digest, count = hashlib.sha256(), 0
    for encoded in table_lines(model, queryset):
        digest.update(encoded)
        count += 1
        if on_rows is not None and count % READ_CHUNK == 0:
            on_rows(READ_CHUNK)
    if on_rows is not None and count % READ_CHUNK:
        on_rows(count % READ_CHUNK)
    return TableDigest(count, digest.hexdigest())


def database_digests() -> dict[str, TableDigest]:
    """Every backed-up table's row count and hash, by table name."""
    return {model._meta.db_table: table_digest(model) for model in backed_up_models()}


def applied_migrations() -> list[tuple[str, str]]:
    return sorted(MigrationRecorder(connection).applied_migrations())


def instance_in_use() -> list[str]:
    """Why this database is not an empty instance a backup may be restored into, if it is not."""
    from mukti.accounts.models import User
    from mukti.audit.models import AuditRecord
    from mukti.cases.models import Case

    # Audit records too: restoring over them would erase a trail nobody may erase.
    reasons = []
    for label, model in (("users", User), ("cases", Case), ("audit records", AuditRecord)):
        count = model._base_manager.count()
        if count:
            reasons.append(f"{label}: {count}")
    return reasons
