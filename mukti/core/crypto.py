"""Field-level encryption for protected identity (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from ``settings.MUKTI_FIELD_KEYS``, newest first. Values are always written with the
newest key and read with any of them, so a key is rotated by putting a new one first, running
``mukti rotate_field_keys`` (which rewrites every value), then removing the old key.
"""

from __future__ import annotations

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
