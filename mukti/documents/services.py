"""Attaching, downloading and removing documents, each in a transaction with its audit record.

The file's bytes are encrypted with the field keys before they reach the storage, so a copied
storage directory or bucket holds nothing readable; a download decrypts and checks the file
against the hash taken at upload.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.audit.tracked import tracked_create, tracked_delete
from mukti.cases.access import event_edit_action
from mukti.cases.models import Event
from mukti.core.crypto import cipher, decrypt_bytes, encrypt_bytes
from mukti.core.errors import ApplicationError
from mukti.documents.content import ACCEPTED, KINDS, content_kind
from mukti.documents.models import Document


def storage() -> Storage:
    return storages["documents"]


def max_bytes() -> int:
    return int(settings.MUKTI_DOCUMENT_MAX_MB) * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(mb)d MB, the most Mukti keeps.") % {
        "mb": settings.MUKTI_DOCUMENT_MAX_MB
    }


def document_check(data: bytes) -> str:
    """The file's kind, or an error that says in words why it cannot be attached."""
    if not data:
        raise ApplicationError(_("The file is empty."))
    if len(data) > max_bytes():
        raise ApplicationError(too_large_message())
    kind = content_kind(data)
    if kind is None:
        raise ApplicationError(
            _(
                "Mukti keeps %(kinds)s files. This file is none of those, whatever its name says, "
                "so it was not attached."
            )
            % {"kinds": ACCEPTED}
        )
    return kind


def _clean_filename(name: str, kind: str) -> str:
    # Only the last part of a path, without control characters, ending in the kind's extension.
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip() or "document"
    extension = KINDS[kind][0]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:150]}{extension}"


@transaction.atomic
def document_attach(
    *, actor: User, event: Event, data: bytes, filename: str, title: str
) -> Document:
    """Attach a file to a timeline entry: whoever may record that kind of entry may attach."""
    require(actor, event_edit_action(event.type), event.case)
    kind = document_check(data)
    title = title.strip()
    if not title:
        raise ApplicationError(_("Say what the document is (for example: FIR copy)."))
    blob = f"{secrets.token_hex(16)}.bin"
    stored = storage().save(blob, ContentFile(encrypt_bytes(data)))
    # If the row cannot be saved, the stored file goes too.
    try:
        document = tracked_create(
            Document,
            actor=actor,
            case=event.case,
            event=event,
            title=title[:200],
            filename=_clean_filename(filename, kind),
            content_type=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            blob=stored,
            uploaded_by=actor,
        )
    except BaseException:
        storage().delete(stored)
        raise
    return document


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    content_type: str


def document_download(*, actor: User, document: Document, ip: str | None = None) -> Download:
    """The file, decrypted and checked; every download is audited (not only the first)."""
    try:
        with storage().open(document.blob, "rb") as stored:
            token = stored.read()
    except FileNotFoundError:
        raise ApplicationError(
            _("The file of this document is missing from the storage. Tell the administrator.")
        ) from None
    data = decrypt_bytes(token)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise ApplicationError(
            _("The file of this document is damaged (it does not match what was uploaded).")
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DOWNLOAD,
            obj=document,
            ip=ip,
            changes={"size": [None, document.size]},
        )
    return Download(data, document.filename, document.content_type)


@transaction.atomic
def document_remove(*, actor: User, document: Document, reason: str) -> None:
    """Remove a document (a wrong file attached); the reason is kept in the audit log."""
    require(actor, event_edit_action(document.event.type), document.case)
    if not reason.strip():
        raise ApplicationError(_("Give a reason for removing the document."))
    blob = document.blob
    tracked_delete(document, actor=actor, reason=reason.strip())
    transaction.on_commit(lambda: storage().delete(blob))


def documents_rotate(progress: Any = None) -> int:
    """Re-encrypt every stored file with the newest field key (``mukti rotate_field_keys``).

    Each file is written under a new name and the row moved to it in a transaction; the old
    file is deleted only after that commits, so a crash midway loses nothing."""
    count = 0
    rows = Document.objects.order_by("pk").values_list("pk", "blob")
    for pk, blob in rows.iterator():
        with storage().open(blob, "rb") as stored:
            token = stored.read()
        rotated = cipher().rotate(token)
        if rotated != token:
            new = storage().save(f"{secrets.token_hex(16)}.bin", ContentFile(rotated))
            with transaction.atomic():
                moved = Document.objects.filter(pk=pk, blob=blob).update(blob=new)
            storage().delete(blob if moved else new)
        count += 1
        if progress is not None:
            progress(1)
    return count
