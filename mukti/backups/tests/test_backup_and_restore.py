from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from mukti.accounts.models import Role, User
from mukti.audit.models import AuditAction, AuditHead, AuditRecord
from mukti.audit.services import audit_record, verify_chain
from mukti.backups import services
from mukti.backups.archive import MAGIC
from mukti.backups.selectors import TableDigest, database_digests, table_digest
from mukti.backups.services import _archive_members
from mukti.cases.models import Case, ProtectedIdentity
from mukti.cases.services import survivor_identity_update, survivor_reveal
from mukti.documents.models import Document

AUDIT_TABLES = {"audit_auditrecord", "audit_audithead"}
PHOTO = b"\x89PNG\r\n\x1a\n fictional photo bytes \x00\xff"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    message = str(error.value)
    assert "\n" not in message
    return message


def audit_prefix(seq: int) -> TableDigest:
    return table_digest(AuditRecord, AuditRecord._base_manager.filter(seq__lte=seq))


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_row_of_every_table(tmp_path: Path, settings: Any) -> None:
    run("demo", "--no-serve")
    # Rows of the types the demo lacks: task results (UUID keys, JSON), a session (a text key),
    # an IP address.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run("worker", "--once")
    Client().force_login(User.objects.get(username="meera"))
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.READ, object_type="test", ip="10.0.0.7")
    identity = ProtectedIdentity.objects.select_related("survivor").order_by("pk").first()
    assert identity is not None and identity.legal_name
    case = Case.objects.get(case_survivors__survivor=identity.survivor)
    # A photo, so a binary protected value makes the round trip too (read first: only who has
    # just revealed an identity may change it).
    survivor_reveal(
        actor=User.objects.get(username="rupa"), case=case, survivor=identity.survivor,
        reason="Adding the photo from her intake interview",
    )  # fmt: skip
    survivor_identity_update(
        actor=User.objects.get(username="rupa"), case=case, survivor=identity.survivor,
        reason="Adding the photo from her intake interview", photo=PHOTO,
        photo_content_type="image/png", expected_version=None,
    )  # fmt: skip
    legal_name, pseudonym = identity.legal_name, identity.survivor.pseudonym
    before = database_digests()
    written = before["audit_auditrecord"].rows
    for table in (
        "cases_protectedidentity",
        "justice_fir",
        "directory_office",
        "django_session",
        "django_tasks_database_dbtaskresult",
    ):
        assert before[table].rows, table

    path = tmp_path / "demo.mukti-backup"
    printed = run("backup", "--output", str(path))
    assert printed.startswith(f"Backup written to {path}: ")
    assert path.stat().st_mode & 0o777 == 0o600
    made = AuditRecord.objects.order_by("-seq").first()
    assert made is not None and made.action == AuditAction.BACKUP
    assert (made.seq, made.actor, made.object_id) == (written + 1, None, path.name)

    # Neither the file nor what it decrypts to holds a protected value in clear.
    archive = path.read_bytes()
    assert archive.startswith(MAGIC)
    for secret in (legal_name, pseudonym, "Rokeya"):
        assert secret.encode() not in archive
    with _archive_members(path) as members:
        plain = b"".join(stream.read() for _, stream in members)
    assert pseudonym.encode() in plain
    # The demo's attached documents travel as their stored (encrypted) files.
    blobs = sorted(Document.objects.values_list("blob", flat=True))
    assert len(blobs) == 2
    assert sorted(f["name"] for f in services.backup_read(path=path)["files"]) == blobs
    assert b"%PDF" not in plain
    assert legal_name.encode() not in plain

    call_command("flush", interactive=False)  # an empty instance
    assert not User.objects.exists()
    empty = database_digests()
    dry = run("restore", str(path))
    assert "Nothing was changed; run again with --yes" in dry
    assert database_digests() == empty

    restored = run("restore", str(path), "--yes")
    assert f"Audit chain intact: {written + 1} records verified." in restored
    after = database_digests()
    assert {t: d for t, d in after.items() if t not in AUDIT_TABLES} == {
        t: d for t, d in before.items() if t not in AUDIT_TABLES
    }
    # The audit log is the backup's, then exactly one record saying it was restored.
    assert after["audit_auditrecord"].rows == written + 1
    assert audit_prefix(written) == before["audit_auditrecord"]
    last = AuditRecord.objects.order_by("-seq").first()
    assert last is not None
    assert (last.seq, last.action, last.actor, last.object_id) == (
        written + 1, AuditAction.RESTORE, None, path.name,
    )  # fmt: skip
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (last.seq, last.hash)
    assert verify_chain().ok

    again = ProtectedIdentity.objects.get(pk=identity.pk)
    assert (again.legal_name, again.photo) == (legal_name, PHOTO)
    # New rows take keys after the restored ones (PostgreSQL sequences were moved on).
    newest = User.objects.order_by("pk").last()
    assert newest is not None
    zoya = User.objects.create(
        username="zoya", role=Role.CASEWORKER, organisation=newest.organisation
    )
    assert zoya.pk == newest.pk + 1


@pytest.fixture
def archive(case: Case, tmp_path: Path) -> Path:
    path = tmp_path / "small.mukti-backup"
    services.backup_write(actor=None, path=path)
    return path


def frames(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each length-prefixed frame after the header."""
    spans, at = [], len(MAGIC) + 16
    while at < len(data):
        end = at + 4 + int.from_bytes(data[at : at + 4], "big")
        spans.append((at, end))
        at = end
    return spans


def test_a_wrong_key_is_one_clear_error_and_changes_nothing(archive: Path, settings: Any) -> None:
    settings.MUKTI_BACKUP_KEY = Fernet.generate_key().decode()
    before = database_digests()
    assert refused("restore", str(archive), "--yes") == (
        "Cannot decrypt the backup: MUKTI_BACKUP_KEY is not the key it was made with, "
        "or the file was altered."
    )
    assert database_digests() == before


def test_a_truncated_or_altered_archive_is_refused_and_changes_nothing(archive: Path) -> None:
    data = archive.read_bytes()
    (last_start, _), *_ = reversed(frames(data))
    middle = len(data) // 2
    before = database_digests()
    for damaged, expected in (
        (data[:last_start], "The backup is truncated (its last part is missing)."),
        (data[:-100], "The backup is truncated (its last part is missing)."),
        (data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :], "altered"),
        (b"PK\x03\x04" + data[4:], "This file is not a Mukti backup (its header is wrong)."),
    ):
        archive.write_bytes(damaged)
        assert expected in refused("restore", str(archive), "--yes")
    assert database_digests() == before


def test_it_refuses_field_keys_that_cannot_read_the_protected_values(
    archive: Path, settings: Any
) -> None:
    settings.MUKTI_FIELD_KEYS = [Fernet.generate_key().decode()]
    assert refused("restore", str(archive)) == (
        "This instance's MUKTI_FIELD_KEYS cannot decrypt the backup's protected values "
        "(cases_protectedidentity.legal_name): set MUKTI_FIELD_KEYS to the keys of the instance "
        "that made the backup."
    )


def test_it_refuses_a_database_that_is_in_use(archive: Path) -> None:
    before = database_digests()
    message = refused("restore", str(archive), "--yes")
    assert message == (
        "Refusing to restore: the database is not empty (users: 7, cases: 1, audit records: "
        f"{before['audit_auditrecord'].rows}); restore only into a new, migrated instance."
    )
    assert refused("restore", str(archive)).startswith("Cannot restore: the database is not empty")
    assert database_digests() == before


def test_it_refuses_a_database_migrated_differently_naming_the_migrations(
    archive: Path,
) -> None:
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("audit", "0004_backup_and_restore_actions")
    recorder.record_applied("cases", "9999_from_the_future")
    message = refused("restore", str(archive))
    assert (
        "the database is not migrated to the backup's migrations (not applied here: "
        "audit.0004_backup_and_restore_actions; applied here but not in the backup: "
        "cases.9999_from_the_future)"
    ) in message


def test_a_restore_that_reads_back_differently_is_rolled_back(
    archive: Path, monkeypatch: Any
) -> None:
    before = database_digests()
    monkeypatch.setattr(services, "instance_in_use", lambda: [])
    real_decode = services.decode
    monkeypatch.setattr(
        services,
        "decode",
        lambda field, value: "Kusum2" if value == "Kusum" else real_decode(field, value),
    )
    message = refused("restore", str(archive), "--yes")
    # "Kusum" is also in the audit log, the first table checked; the archive holds every record
    # but the one saying it was made.
    assert message == (
        "Restore rolled back: table audit_auditrecord has the backup's "
        f"{before['audit_auditrecord'].rows - 1} rows but not their content."
    )
    assert database_digests() == before


def test_a_backup_never_overwrites_a_file(archive: Path) -> None:
    assert refused("backup", "--output", str(archive)) == (
        f"{archive} already exists; choose another name."
    )


DIGESTS = """
import json, sys
import django
django.setup()
from mukti.audit.models import AuditRecord
from mukti.backups.selectors import database_digests, table_digest
digests = {t: [d.rows, d.sha256] for t, d in database_digests().items()}
upto = int(sys.argv[1])
prefix = table_digest(AuditRecord, AuditRecord._base_manager.filter(seq__lte=upto))
print(json.dumps({"tables": digests, "audit_prefix": [prefix.rows, prefix.sha256]}))
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_another_instance_and_across_databases(
    tmp_path: Path, settings: Any, migrated_sqlite: Any
) -> None:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MUKTI_ENV"}}
    base["DJANGO_SETTINGS_MODULE"] = "mukti.settings"
    base["MUKTI_FIELD_KEYS"] = Fernet.generate_key().decode()
    base["MUKTI_BACKUP_KEY"] = Fernet.generate_key().decode()
    base["MUKTI_AUDIT_KEY"] = "the audit key moves with the backup, " * 2
    first = {**base, "MUKTI_DATA_DIR": str(tmp_path / "a")}
    second = {**base, "MUKTI_DATA_DIR": str(tmp_path / "b")}
    path = tmp_path / "a.mukti-backup"
    migrated_sqlite(tmp_path / "a")
    migrated_sqlite(tmp_path / "b")

    def mukti(env: dict[str, str], *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "mukti.cli", *args],
            env=env, capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        return done.stdout

    def digests(env: dict[str, str], upto: int = 0) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", DIGESTS, str(upto)],
            env=env, capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return json.loads(done.stdout)

    mukti(first, "demo", "--no-serve")
    source = digests(first)["tables"]
    mukti(first, "backup", "--output", str(path))
    mukti(second, "migrate")
    assert "Audit chain intact" in mukti(second, "restore", str(path), "--yes")
    written = source["audit_auditrecord"][0]
    restored = digests(second, upto=written)
    assert {t: d for t, d in restored["tables"].items() if t not in AUDIT_TABLES} == {
        t: d for t, d in source.items() if t not in AUDIT_TABLES
    }
    assert restored["audit_prefix"] == source["audit_auditrecord"]
    assert restored["tables"]["audit_auditrecord"][0] == written + 1
    if connection.vendor != "postgresql":
        return
    # The SQLite instance's archive restores into PostgreSQL with the same hashes.
    settings.MUKTI_FIELD_KEYS = [base["MUKTI_FIELD_KEYS"]]
    settings.MUKTI_BACKUP_KEY = base["MUKTI_BACKUP_KEY"]
    settings.MUKTI_AUDIT_KEY = base["MUKTI_AUDIT_KEY"]
    run("restore", str(path), "--yes")
    here = {t: [d.rows, d.sha256] for t, d in database_digests().items()}
    assert {t: d for t, d in here.items() if t not in AUDIT_TABLES} == {
        t: d for t, d in source.items() if t not in AUDIT_TABLES
    }
    prefix = audit_prefix(written)
    assert [prefix.rows, prefix.sha256] == source["audit_auditrecord"]
    assert "Rokeya Begum (demo)" in {p.legal_name for p in ProtectedIdentity.objects.all()}
    assert verify_chain().ok
