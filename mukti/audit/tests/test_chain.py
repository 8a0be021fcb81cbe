from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import audit_record, verify_chain

pytestmark = pytest.mark.django_db


def write(n: int, actor: User | None = None) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=actor, action=AuditAction.UPDATE, object_type="t", object_id=str(i))


def raw(sql: str, *params: object) -> None:
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
    from mukti.audit.services import _chain_hash

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
