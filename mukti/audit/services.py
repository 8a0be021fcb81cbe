from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mukti.audit.models import GENESIS_HASH, AuditAction, AuditHead, AuditRecord
from mukti.core.compiled import compiled
from mukti.core.crypto import EncryptedBinaryField, EncryptedTextField

# Field values never written to the audit log in clear: protected identity and secrets.
REDACTED = "[protected]"
_ENCRYPTED = (EncryptedTextField, EncryptedBinaryField)


def _key(purpose: str) -> bytes:
    # One key, separate sub-keys: a chain hash can never be replayed as an anchor signature.
    return hmac.new(settings.MUKTI_AUDIT_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def _chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """HMAC-SHA256 under MUKTI_AUDIT_KEY: write access to the database is not enough to forge,
    alter or renumber a record and recompute the chain after it."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(
        _key("mukti.audit.chain"), f"{prev_hash}|{body}".encode(), hashlib.sha256
    ).hexdigest()


def keyed_digest(purpose: str, text: str) -> str:
    """A stable keyed hash of a text that must not be kept (a username typed wrongly may be a
    password). Whoever holds MUKTI_AUDIT_KEY can check a guess; the database alone reveals
    nothing."""
    return hmac.new(_key(f"mukti.digest.{purpose}"), text.encode(), hashlib.sha256).hexdigest()


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditRecord:
    """Append one record to the audit chain, inside the caller's transaction.

    It must run in the same transaction as the change it records: a rolled-back change then
    leaves no audit row, and a committed one always has its row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        # A model whose text names someone protected (an accused person) says what to show
        # instead (``audit_repr``): the log is read by administrators and kept in plain text.
        object_repr = object_repr or str(getattr(obj, "audit_repr", None) or obj)[:200]
        changes = _without_protected_values(obj, changes or {})
    # Lock the head: two transactions appending at once would otherwise chain onto the same
    # predecessor and fork the chain. (On SQLite the IMMEDIATE transaction already serialises.)
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # Only on a database whose rows were flushed (the data migration creates the head).
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    record = AuditRecord(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "",
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=_json_safe(changes or {}),
        reason=reason,
        ip=ip,
        prev_hash=head.hash,
    )
    record.hash = _chain_hash(record.prev_hash, record.payload())
    record.save(force_insert=True)
    head.seq, head.hash = record.seq, record.hash
    head.save(update_fields=["seq", "hash"])
    return record


def _without_protected_values(obj: models.Model, changes: dict[str, Any]) -> dict[str, Any]:
    """Values of encrypted fields never reach the log, whichever service wrote the change."""
    protected = {f.name for f in obj._meta.concrete_fields if isinstance(f, _ENCRYPTED)}
    return {
        name: [v if v in (None, "") else REDACTED for v in values]
        if name in protected and isinstance(values, list)
        else values
        for name, values in changes.items()
    }


@dataclass(frozen=True)
class Protected:
    """An encrypted field's value in a snapshot. Two snapshots of the same value compare equal
    (by a keyed digest held only in memory), so a change is still seen; it is written as
    ``REDACTED`` wherever it goes, so no service can put the plain value into the log."""

    digest: str

    def __str__(self) -> str:
        return REDACTED


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, to compare before and after a change.

    The value of every encrypted field is taken as a ``Protected`` marker, never in clear: the
    log is append-only, and a name written into it could never be taken back.
    """
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "updated_by", "version", "password"}:
            continue
        value = getattr(instance, field.attname)
        value = _json_safe(value.hex() if isinstance(value, bytes | memoryview) else value)
        if isinstance(field, _ENCRYPTED) and value not in (None, ""):
            text = json.dumps(value, sort_keys=True, ensure_ascii=False)
            value = Protected(keyed_digest("snapshot", f"{field.name}\0{text}"))
        values[field.name] = value
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """What changed, field by field. Protected fields say that they changed, never their values."""

    def shown(value: Any) -> Any:
        return REDACTED if isinstance(value, Protected) else value

    return {
        name: [shown(before.get(name)), shown(after.get(name))]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problem: str | None = None
    bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Anchor:
    """The chain's head at one moment, signed, to be kept away from the database."""

    seq: int
    hash: str

    PREFIX = "mukti-audit-anchor-v1"

    def signature(self) -> str:
        return hmac.new(
            _key("mukti.audit.anchor"), f"{self.seq}|{self.hash}".encode(), hashlib.sha256
        ).hexdigest()

    def __str__(self) -> str:
        return f"{self.PREFIX}:{self.seq}:{self.hash}:{self.signature()}"


class AnchorError(ValueError):
    pass


_ANCHOR = re.compile(r"mukti-audit-anchor-v1:(\d+):([0-9a-f]{64}):([0-9a-f]{64})")


def anchor_make() -> Anchor:
    """The signed head of the chain now (`mukti audit anchor`)."""
    head = AuditHead.objects.filter(pk=1).first() or AuditHead(seq=0, hash=GENESIS_HASH)
    return Anchor(seq=head.seq, hash=head.hash)


def anchors_parse(text: str) -> list[Anchor]:
    """Every anchor in a text (one string, or a file kept by appending one anchor a day).

    A line that looks like an anchor but whose signature is wrong is refused: it was edited, or
    made with another MUKTI_AUDIT_KEY.
    """
    found = []
    for match in _ANCHOR.finditer(text):
        anchor = Anchor(seq=int(match[1]), hash=match[2])
        if not hmac.compare_digest(anchor.signature(), match[3]):
            raise AnchorError(
                f"the anchor for record #{anchor.seq} is not signed with this MUKTI_AUDIT_KEY "
                "(edited, or from another installation)"
            )
        found.append(anchor)
    if not found:
        raise AnchorError("no audit anchor found (it starts with mukti-audit-anchor-v1:)")
    return found


def verify_chain(
    on_record: Callable[[], object] | None = None, anchors: Iterable[Anchor] = ()
) -> VerifyResult:
    """Walk the whole chain and name the first record that was altered, removed or inserted.

    Each anchor kept from earlier must still match its record: a chain cut below an anchor, or
    rewritten up to it, is refused even if whoever did it also rewrote the head row.
    """
    result = _verify_links(on_record)
    if not result.ok:
        return result
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq > result.checked:
            return VerifyResult(
                result.checked,
                f"the chain ends at record #{result.checked} but the anchor says record "
                f"#{anchor.seq} was written (records removed from the end)",
                result.checked + 1,
            )
        if anchor.seq == 0:
            continue
        stored = AuditRecord.objects.filter(seq=anchor.seq).values_list("hash", flat=True)
        if list(stored) != [anchor.hash]:
            return VerifyResult(
                result.checked,
                f"record #{anchor.seq} is not the one anchored (the chain was rewritten)",
                anchor.seq,
            )
    return result


def _verify_links(on_record: Callable[[], object] | None) -> VerifyResult:
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    records = AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)
    for record in records:
        if record.seq != expected_seq:
            return VerifyResult(
                checked, f"record #{expected_seq} is missing (deleted)", expected_seq
            )
        if record.prev_hash != prev_hash:
            return VerifyResult(
                checked,
                f"record #{record.seq} does not link to record #{record.seq - 1}",
                record.seq,
            )
        if _chain_hash(record.prev_hash, record.payload()) != record.hash:
            return VerifyResult(
                checked, f"record #{record.seq} was altered after it was written", record.seq
            )
        prev_hash, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
        if on_record is not None:
            on_record()
    head = AuditHead.objects.filter(pk=1).first() or AuditHead(seq=0, hash=GENESIS_HASH)
    if head.seq != checked or head.hash != prev_hash:
        return VerifyResult(
            checked,
            f"the chain ends at record #{checked} but record #{head.seq} was written "
            "(records removed from the end)",
            checked + 1,
        )
    return VerifyResult(checked)


# Reads of a case's pages are recorded at most once per user, object and page in this window:
# enough to answer "who saw this case, and when", without a record for every click.
READ_WINDOW = dt.timedelta(hours=1)


@compiled
def _reads_since(
    object_type: str, object_id: str, actor_id: int, since: dt.datetime
) -> QuerySet[AuditRecord, dict[str, Any]]:
    return AuditRecord.objects.filter(
        object_type=object_type,
        object_id=object_id,
        actor_id=actor_id,
        action=AuditAction.READ,
        at__gte=since,
    ).values_list("changes", flat=True)


def read_record(
    *, actor: Any, obj: models.Model, page: str, label: str = "", ip: str | None = None
) -> AuditRecord | None:
    """Note that ``actor`` opened ``page`` (the case, its care or justice page) of ``obj``.

    One indexed query when the read was already noted in the last hour; otherwise the append,
    in its own transaction, after checking again under the audit head's lock (two tabs opened
    at once would otherwise both write).
    """
    object_type, object_id = obj._meta.label_lower, str(obj.pk)

    def noted() -> bool:
        recent = _reads_since(object_type, object_id, actor.pk, timezone.now() - READ_WINDOW)
        return any(changes.get("page") == page for changes in recent)

    if noted():
        return None
    with transaction.atomic():
        AuditHead.objects.select_for_update().filter(pk=1).first()
        if noted():
            return None
        return audit_record(
            actor=actor,
            action=AuditAction.READ,
            obj=obj,
            object_repr=f"{obj} · {label or page}"[:200],
            changes={"page": page},
            ip=ip,
        )
