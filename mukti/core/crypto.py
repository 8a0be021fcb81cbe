"""Field-level encryption for protected identity (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ``settings.MUKTI_FIELD_KEYS``, newest first. Values are always written with the
newest key and read with any of them, so a key is rotated by putting a new one first, running
``mukti rotate_field_keys`` (which rewrites every value), then removing the old key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.MUKTI_FIELD_KEYS))


def encrypt_bytes(value: bytes) -> bytes:
    return cipher().encrypt(value)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return cipher().decrypt(token)
    except InvalidToken:
        raise ImproperlyConfigured(
            "A protected value cannot be decrypted with any key in MUKTI_FIELD_KEYS. "
            "Was a key removed before `mukti rotate_field_keys` ran?"
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. It cannot be searched or filtered, by design."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return value
        return decrypt_bytes(value.encode()).decode()

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_bytes(str(value).encode()).decode()


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict, list, ...) stored as a Fernet token of its JSON text.

    For structured data that quotes protected text (an intake draft's extraction holds the names
    and sentences of the narrative). No JSON lookups: the database sees only the token.
    """

    # The attribute holds the JSON value, not text (what django-stubs reads a field's types from).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else text

    def to_python(self, value: Any) -> Any:
        return value  # the Python value is the JSON value itself, never its text

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)


class EncryptedBinaryField(models.BinaryField):
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if not value:
            return value
        return decrypt_bytes(bytes(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value:
            value = encrypt_bytes(bytes(value))
        return super().get_db_prep_value(value, connection, prepared)


# --- Blind indexes --------------------------------------------------------------------------------
# An encrypted value cannot be looked up, yet some must be matched (is this accused person, by
# name or phone, already known?). A blind index stores HMAC-SHA256(key, purpose + normalised
# value) beside the token: equal values give equal digests, and the digest reveals nothing
# without the key. The HMAC key is derived from each field key (never used directly), so it
# rotates with them: values are indexed with the newest key and looked up under every key, so
# matching keeps working while `mukti rotate_field_keys` re-indexes.


@lru_cache(maxsize=8)
def _index_key(field_key: str) -> bytes:
    return hmac.new(field_key.encode(), b"mukti blind index v1", hashlib.sha256).digest()


def _digest(key: str, purpose: str, value: str) -> str:
    message = f"{purpose}\0{value}".encode()
    return hmac.new(_index_key(key), message, hashlib.sha256).hexdigest()


def blind_index(purpose: str, value: str) -> str:
    """The digest to store for ``value`` (already normalised), under the newest key."""
    return _digest(settings.MUKTI_FIELD_KEYS[0], purpose, value)


def blind_index_candidates(purpose: str, value: str) -> list[str]:
    """The digests ``value`` may be stored under: one per key in MUKTI_FIELD_KEYS."""
    return [_digest(key, purpose, value) for key in settings.MUKTI_FIELD_KEYS]


def encrypt_columns(
    schema_editor: Any, table: str, columns: list[str], *, reverse: bool = False
) -> None:
    """For data migrations: encrypt (or, going back, decrypt) the plain values of ``columns``,
    reading and writing the raw column so that no field's conversion runs on plain text."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        selected = ", ".join(quote(c) for c in columns)
        cursor.execute(f"SELECT id, {selected} FROM {quote(table)}")  # noqa: S608 (names quoted)
        rows = cursor.fetchall()
        for pk, *values in rows:
            changed = {}
            for column, value in zip(columns, values, strict=True):
                if not value:
                    continue
                is_token = value.startswith("gAAAAA")
                if reverse and is_token:
                    changed[column] = decrypt_bytes(value.encode()).decode()
                elif not reverse and not is_token:
                    changed[column] = encrypt_bytes(value.encode()).decode()
            if changed:
                assignments = ", ".join(f"{quote(c)} = %s" for c in changed)
                cursor.execute(
                    f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                    [*changed.values(), pk],
                )
