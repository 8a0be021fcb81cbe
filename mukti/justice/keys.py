"""Blind indexes of accused persons: how "is this person already known?" is asked of names and
phones that are stored encrypted.

Each name, alias and phone is normalised (names: case, dots, commas and spacing ignored; phones:
E.164, Indian when no country code is given) and stored only as an HMAC digest
(``core.crypto.blind_index``) in ``AccusedKey``. A lookup computes the same digests and finds
equal ones through an index: exact matches of the normalised value, never partial ones.

Pure functions of their arguments and the field keys: the data migration that encrypted the
accused table builds its digests with them.
"""

from __future__ import annotations

import re
import unicodedata

from mukti.core.crypto import blind_index, blind_index_candidates
from mukti.core.names import match_keys, normal_phone

NAME, PHONE = "accused-name", "accused-phone"
# Each word of a name by its sound and skeleton, and the whole name (core.names.match_keys): the
# same man written in Bengali, Devanagari or another Latin spelling.
SOUND = "accused-name-sound"


def normal_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[.,;:'’\"()\-]", " ", text).split())


# What people type when they do not know a name. Every unnamed man would otherwise share the
# digest of "unknown" and be offered as "the same person" as every other.
PLACEHOLDER_NAMES = frozenset(
    {"unknown", "not known", "name not known", "name unknown", "unnamed", "unidentified",
     "na", "n/a", "nil", "none", "?", "??", "x"}
)  # fmt: skip


def is_placeholder(name: str) -> bool:
    return normal_name(name) in PLACEHOLDER_NAMES


def _values(name: str, aliases: str, phone: str, sounds: bool = True) -> list[tuple[str, str]]:
    # No key from an empty or placeholder name: it would match every other unnamed person.
    names = {normal_name(n) for n in [name, *aliases.split(",")]} - {""} - PLACEHOLDER_NAMES
    found = [(NAME, n) for n in sorted(names)]
    if sounds:
        found += [(SOUND, key) for key in sorted(set().union(*map(match_keys, names)))]
    if normal_phone(phone):
        found.append((PHONE, normal_phone(phone)))
    return found


def digests(*, name: str = "", aliases: str = "", phone: str = "") -> set[str]:
    """The digests to store for one person (under the newest field key)."""
    return {blind_index(purpose, value) for purpose, value in _values(name, aliases, phone)}


def lookup_digests(
    *, name: str = "", aliases: str = "", phone: str = "", sounds: bool = True
) -> set[str]:
    """The digests a match may be stored under (under every field key, for key rotation);
    without ``sounds``, only those of the exact names and phone."""
    return {
        digest
        for purpose, value in _values(name, aliases, phone, sounds)
        for digest in blind_index_candidates(purpose, value)
    }
