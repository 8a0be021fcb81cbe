"""Re-chain every audit record with HMAC-SHA256 under MUKTI_AUDIT_KEY.

The unkeyed chain is verified first: a chain already broken is not re-chained (that would
launder the break); the migration stops and names the record. The hashing is frozen here, as it
was and as it becomes, so later changes to audit.services cannot change what this migration did.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64


def _payload(record):
    return {
        "seq": record.seq,
        "at": record.at.isoformat(),
        "actor": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "changes": record.changes,
        "reason": record.reason,
        "ip": record.ip,
    }


def _body(prev_hash, record):
    payload = json.dumps(_payload(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{prev_hash}|{payload}".encode()


def _unkeyed(prev_hash, record):
    return hashlib.sha256(_body(prev_hash, record)).hexdigest()


def _keyed(prev_hash, record):
    key = hmac.new(
        settings.MUKTI_AUDIT_KEY.encode(), b"mukti.audit.chain", hashlib.sha256
    ).digest()
    return hmac.new(key, _body(prev_hash, record), hashlib.sha256).hexdigest()


def _rechain(apps, old, new):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    AuditHead = apps.get_model("audit", "AuditHead")
    old_prev = new_prev = GENESIS_HASH
    batch = []
    for expected, record in enumerate(AuditRecord.objects.order_by("seq").iterator(), start=1):
        if (
            record.seq != expected
            or record.prev_hash != old_prev
            or old(old_prev, record) != record.hash
        ):
            raise RuntimeError(
                f"The audit chain is already broken at record #{expected}: it is not re-chained "
                "with MUKTI_AUDIT_KEY, which would hide the break. Run `mukti audit verify` "
                "with the previous release, keep a copy of the database as evidence, and ask "
                "for help before migrating."
            )
        old_prev = record.hash
        record.prev_hash, record.hash = new_prev, new(new_prev, record)
        new_prev = record.hash
        batch.append(record)
        if len(batch) >= 2000:
            AuditRecord.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    AuditRecord.objects.bulk_update(batch, ["prev_hash", "hash"])
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None:
        if head.hash != old_prev:
            raise RuntimeError(
                "The audit chain's head does not match its last record (records removed from "
                "the end): it is not re-chained. Keep a copy of the database as evidence."
            )
        head.hash = new_prev
        head.save(update_fields=["hash"])


def key_the_chain(apps, schema_editor):
    _rechain(apps, _unkeyed, _keyed)


def unkey_the_chain(apps, schema_editor):
    _rechain(apps, _keyed, _unkeyed)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_backup_and_restore_actions")]

    operations = [migrations.RunPython(key_the_chain, unkey_the_chain)]
