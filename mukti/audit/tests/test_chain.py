from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import _chain_hash, audit_record, verify_chain

pytestmark = pytest.mark.django_db


def write(n: int, actor: User | None = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=actor, action=AuditAction.UPDATE, object_type="t", object_id=str(i))


def raw(sql: str, *params: str | int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_an_intact_chain_verifies(cast: dict[str, User]) -> None:
    write(5, cast["caseworker"])
    code, output = verify()
    assert code == 0
    assert "Audit chain intact: 5 records verified." in output


def test_an_altered_record_is_named(cast: dict[str, User]) -> None:
    write(5, cast["caseworker"])
    raw("UPDATE audit_auditrecord SET object_id = 'forged' WHERE seq = 3")
    code, output = verify()
    assert code == 1
    assert "record #3 was altered after it was written" in output


def test_a_reassigned_actor_is_detected(cast: dict[str, User]) -> None:
    write(3, cast["caseworker"])
    raw("UPDATE audit_auditrecord SET actor_id = %s WHERE seq = 2", cast["supervisor"].pk)
    assert verify_chain().bad_seq == 2


def test_a_deleted_record_is_named() -> None:
    write(5)
    raw("DELETE FROM audit_auditrecord WHERE seq = 2")
    code, output = verify()
    assert code == 1
    assert "record #2 is missing (deleted)" in output


def test_records_removed_from_the_end_are_detected() -> None:
    write(5)
    raw("DELETE FROM audit_auditrecord WHERE seq >= 4")
    result = verify_chain()
    assert not result.ok
    assert "records removed from the end" in (result.problem or "")


def test_a_rehashed_forgery_still_breaks_the_next_link() -> None:
    write(4)
    record = AuditRecord.objects.get(seq=2)
    record.object_id = "forged"
    forged_hash = _chain_hash(record.prev_hash, record.payload())
    raw("UPDATE audit_auditrecord SET object_id='forged', hash=%s WHERE seq=2", forged_hash)
    result = verify_chain()
    assert result.bad_seq == 3
    assert "does not link to record #2" in (result.problem or "")


def test_records_cannot_be_changed_or_deleted_through_the_orm() -> None:
    write(1)
    record = AuditRecord.objects.get()
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        AuditRecord.objects.all().update(reason="x")
    with pytest.raises(TypeError):
        AuditRecord.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_audit_must_be_written_inside_the_changes_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action=AuditAction.READ)


def test_a_rolled_back_change_leaves_no_audit_record() -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=None, action=AuditAction.UPDATE, object_type="t")
        1 / 0  # noqa: B018
    assert not AuditRecord.objects.exists()
    write(1)
    assert verify_chain().ok


# -- The chain is keyed (MUKTI_AUDIT_KEY) and its head can be anchored outside the database ----
#
# Each attacker below has write access to the database and knows the code, not the key: they
# recompute hashes with plain SHA-256 (the chain as it was) or with a key of their own.


def sha256_chain(prev_hash: str, record: AuditRecord) -> str:
    import hashlib
    import json

    body = json.dumps(record.payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def rewrite_from(seq: int, hasher: Callable[[str, AuditRecord], str]) -> None:
    """Recompute every hash from record #seq to the end, and the head, as an attacker would."""
    prev = AuditRecord.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for record in AuditRecord.objects.filter(seq__gte=seq).order_by("seq"):
        new = hasher(prev, record)
        raw("UPDATE audit_auditrecord SET prev_hash=%s, hash=%s WHERE id=%s", prev, new, record.pk)
        prev = new
    last = AuditRecord.objects.order_by("-seq").first()
    raw("UPDATE audit_audithead SET seq=%s, hash=%s", last.seq if last else 0, prev)


def test_an_altered_record_with_the_chain_recomputed_is_detected() -> None:
    write(5)
    raw("UPDATE audit_auditrecord SET object_id = 'forged' WHERE seq = 3")
    rewrite_from(3, sha256_chain)
    result = verify_chain()
    assert result.bad_seq == 3
    assert "record #3 was altered after it was written" in (result.problem or "")


def test_a_chain_recomputed_with_another_key_is_detected(settings: Any) -> None:
    write(3)
    raw("UPDATE audit_auditrecord SET reason = 'nothing happened' WHERE seq = 1")
    installation_key = settings.MUKTI_AUDIT_KEY
    settings.MUKTI_AUDIT_KEY = "the attacker's own key, long enough to be accepted"
    rewrite_from(1, lambda prev, record: _chain_hash(prev, record.payload()))
    settings.MUKTI_AUDIT_KEY = installation_key
    assert verify_chain().bad_seq == 1


def test_an_appended_forged_record_is_detected(cast: dict[str, User]) -> None:
    write(4)
    last = AuditRecord.objects.get(seq=4)
    forged = AuditRecord(
        seq=5,
        at=last.at,
        actor=cast["supervisor"],
        actor_label="rupa",
        action=AuditAction.UPDATE,
        object_type="cases.case",
        object_id="1",
        prev_hash=last.hash,
    )
    forged.hash = sha256_chain(last.hash, forged)
    forged.save(force_insert=True)
    raw("UPDATE audit_audithead SET seq=5, hash=%s", forged.hash)
    code, output = verify()
    assert code == 1
    assert "record #5 was altered after it was written" in output


def test_deleting_every_reveal_and_renumbering_is_detected(cast: dict[str, User]) -> None:
    with transaction.atomic():
        for action in ["read", "reveal", "update", "reveal", "read"]:
            audit_record(actor=cast["caseworker"], action=action, object_type="cases.survivor")
    raw("DELETE FROM audit_auditrecord WHERE action = 'reveal'")
    for new_seq, pk in enumerate(AuditRecord.objects.order_by("seq").values_list("pk", flat=True)):
        raw("UPDATE audit_auditrecord SET seq=%s WHERE id=%s", new_seq + 1, pk)
    rewrite_from(1, sha256_chain)
    assert AuditRecord.objects.count() == 3
    result = verify_chain()
    assert result.bad_seq == 1
    assert "record #1 was altered" in (result.problem or "")


def anchor() -> str:
    out = StringIO()
    call_command("audit", "anchor", stdout=out)
    return out.getvalue().strip()


def verify_with(*anchors: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    args = [a for given in anchors for a in ("--anchor", given)]
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_the_anchor_names_the_head_and_is_signed() -> None:
    write(3)
    text = anchor()
    head = AuditRecord.objects.get(seq=3)
    assert text.startswith(f"mukti-audit-anchor-v1:3:{head.hash}:")
    assert verify_with(text) == (0, "Audit chain intact: 3 records verified, 1 anchors matched.\n")


def test_a_tail_truncated_below_the_anchor_is_detected_even_with_the_head_rewritten(
    tmp_path: Path,
) -> None:
    write(3)
    anchors = tmp_path / "anchors.txt"
    anchors.write_text(anchor() + "\n")
    write(3)
    anchors.write_text(anchors.read_text() + anchor() + "\n")
    raw("DELETE FROM audit_auditrecord WHERE seq >= 5")
    last = AuditRecord.objects.get(seq=4)
    raw("UPDATE audit_audithead SET seq=4, hash=%s", last.hash)
    assert verify() == (0, "Audit chain intact: 4 records verified.\n")  # what the head cannot see
    code, output = verify_with(str(anchors))
    assert code == 1
    assert "the chain ends at record #4 but the anchor says record #6 was written" in output


def test_everything_removed_below_an_anchor_is_detected() -> None:
    write(2)
    text = anchor()
    raw("DELETE FROM audit_auditrecord")
    raw("UPDATE audit_audithead SET seq=0, hash=%s", "0" * 64)
    assert verify_with(text)[0] == 1


def test_an_edited_anchor_is_refused() -> None:
    write(3)
    signature = anchor().split(":")[-1]
    lowered = f"mukti-audit-anchor-v1:2:{AuditRecord.objects.get(seq=2).hash}:{signature}"
    code, output = verify_with(lowered)
    assert code == 2
    assert "not signed with this MUKTI_AUDIT_KEY" in output
    assert verify_with("nothing here")[0] == 2


def test_the_migration_rechains_an_unkeyed_chain_and_refuses_a_broken_one() -> None:
    from importlib import import_module

    from django.db.migrations.executor import MigrationExecutor

    migration = import_module("mukti.audit.migrations.0005_key_the_chain_with_the_audit_key")
    executor = MigrationExecutor(connection)
    old_apps = executor.loader.project_state(("audit", "0004_backup_and_restore_actions")).apps
    write(4)
    rewrite_from(1, sha256_chain)  # the chain as the previous release wrote it
    assert verify_chain().bad_seq == 1
    migration.key_the_chain(old_apps, None)
    assert verify_chain().ok
    assert verify_chain().checked == 4

    migration.unkey_the_chain(old_apps, None)
    raw("UPDATE audit_auditrecord SET reason = 'altered before the upgrade' WHERE seq = 2")
    with pytest.raises(RuntimeError, match="already broken at record #2"):
        migration.key_the_chain(old_apps, None)
