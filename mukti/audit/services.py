from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from mukti.audit.models import GENESIS_HASH, AuditAction, AuditHead, AuditRecord

# Field values never written to the audit log in clear: protected identity and secrets.
REDACTED = "[protected]"


def _chain_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


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
        object_repr = object_repr or str(obj)[:200]
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


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, to compare before and after a change."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "updated_by", "version", "password"}:
            continue
        value = getattr(instance, field.attname)
        values[field.name] = value.hex() if isinstance(value, bytes | memoryview) else value
    return _json_safe(values)


def diff(
    before: dict[str, Any], after: dict[str, Any], *, redact: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """What changed, field by field. Redacted fields say that they changed, never their values."""
    hidden = set(redact)

    def shown(name: str, value: Any) -> Any:
        return REDACTED if name in hidden and value not in (None, "") else value

    return {
        name: [shown(name, before.get(name)), shown(name, after.get(name))]
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


def verify_chain(on_record: Callable[[], object] | None = None) -> VerifyResult:
    """Walk the whole chain and name the first record that was altered, removed or inserted."""
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
        recent = AuditRecord.objects.filter(
            object_type=object_type,
            object_id=object_id,
            actor=actor,
            action=AuditAction.READ,
            at__gte=timezone.now() - READ_WINDOW,
        ).values_list("changes", flat=True)
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
