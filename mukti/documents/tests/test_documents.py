"""Documents attached to timeline entries: checked by content, encrypted at rest, seen and
downloaded only under the case's access rule, every download audited, nothing half-saved."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services as case_services
from mukti.cases.models import Case, Event
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.documents import services
from mukti.documents.models import Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"FIR No. 117/2024 Basirhat PS " * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return out.getvalue()


def entry(case: Case) -> Event:
    return Event.objects.filter(case=case).order_by("pk").first()  # type: ignore[return-value]


def attach(client: Any, case: Case, event: Event, name: str, data: bytes, **extra: Any) -> Any:
    return client.post(
        reverse("documents:add", args=[case.reference]),
        {
            "event": event.pk,
            "title": "FIR copy",
            "file": SimpleUploadedFile(name, data, "application/pdf"),
            **extra,
        },
    )


def stored_files(settings: Any) -> list[Any]:
    from pathlib import Path

    root = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_caseworker_attaches_a_pdf_and_downloads_it_back(
    client_as: Any, case: Case, settings: Any
) -> None:
    meera = client_as("caseworker")
    response = attach(meera, case, entry(case), "FIR Rokeya Begum.pdf", PDF)
    assert response.status_code == 302, response.content
    document = Document.objects.get()
    assert (document.content_type, document.size, document.filename) == (
        "application/pdf",
        len(PDF),
        "FIR Rokeya Begum.pdf",
    )
    page = meera.get(case.get_absolute_url())
    panel = page.text.split('data-testid="documents"')[1].split("</ul>")[0]
    assert "FIR copy" in panel and "Information received" in panel

    # At rest: the stored file and the row hold neither the content nor the names.
    (stored,) = stored_files(settings)
    raw = stored.read_bytes()
    assert b"%PDF" not in raw and b"Basirhat" not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, filename FROM documents_document")
        title, filename = cursor.fetchone()
    assert "FIR" not in title and "Rokeya" not in filename

    url = reverse("documents:download", args=[case.reference, document.pk])
    for _ in range(2):
        download = meera.get(url)
        assert download.status_code == 200
        assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    assert 'attachment; filename="FIR Rokeya Begum.pdf"' in download["Content-Disposition"]
    # Every download is audited, not only the first in an hour.
    downloads = AuditRecord.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(document.pk))
    assert downloads.count() == 2
    log = client_as("supervisor").get(reverse("reports:case-access", args=[case.reference]))
    assert "downloaded a document" in log.text
    # The audit log never holds the title or the file's name.
    assert not AuditRecord.objects.filter(changes__icontains="Rokeya").exists()
    assert "FIR copy" not in str(list(AuditRecord.objects.values_list("changes", flat=True)))


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("order.pdf", EXE, "none of those"),
        ("photo.png", HTML, "none of those"),
        ("letter.docx", plain_zip(), "none of those"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_a_file_that_is_not_what_mukti_keeps_is_refused_in_words_and_nothing_is_saved(
    client_as: Any, case: Case, settings: Any, name: str, data: bytes, words: str
) -> None:
    response = attach(client_as("caseworker"), case, entry(case), name, data)
    assert response.status_code == 200
    assert words in response.text
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_jpeg_png_and_word_files_are_kept(client_as: Any, case: Case) -> None:
    meera = client_as("caseworker")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    for name, data in (("a.png", png), ("b.jpeg", jpeg), ("c.docx", docx())):
        assert attach(meera, case, entry(case), name, data).status_code == 302
    kinds = sorted(Document.objects.values_list("content_type", flat=True))
    assert kinds == sorted(
        [
            "image/png",
            "image/jpeg",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ]
    )
    # A file named for another kind is named for what it is.
    assert Document.objects.get(content_type="image/png").filename == "a.png"


def test_a_file_over_the_limit_is_refused_before_it_is_kept(
    client_as: Any, case: Case, settings: Any
) -> None:
    settings.MUKTI_DOCUMENT_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = attach(client_as("caseworker"), case, entry(case), "big.pdf", big)
    assert response.status_code == 200
    assert "larger than 1 MB" in response.text
    huge = PDF + b"0" * (2 * 1024 * 1024)
    response = attach(client_as("caseworker"), case, entry(case), "huge.pdf", huge)
    assert "larger than 1 MB" in response.text
    assert not Document.objects.exists() and stored_files(settings) == []


def test_nobody_outside_the_case_sees_or_attaches_and_the_sides_keep_their_entries(
    client_as: Any, case: Case, cast: Any
) -> None:
    meera = cast["caseworker"]
    general = services.document_attach(
        actor=meera, event=entry(case), data=PDF, filename="fir.pdf", title="FIR copy"
    )
    order = case_services.event_record(
        actor=meera, case=case, type="cwc_order", when=parse_when("5 Mar 2024"), note="Order"
    )
    care_doc = services.document_attach(
        actor=meera, event=order, data=PDF, filename="cwc.pdf", title="CWC order"
    )
    # A caseworker outside the team: every address is a 404, the form too.
    outsider = client_as("other_caseworker")
    for document in (general, care_doc):
        url = reverse("documents:download", args=[case.reference, document.pk])
        assert outsider.get(url).status_code == 404
    assert outsider.get(reverse("documents:add", args=[case.reference])).status_code == 404

    # The legal officer on the team sees the general document, not the care side's order:
    # not in the panel, not by its address, not in the attach form's choice of entries.
    farida = client_as("legal_officer")
    page = farida.get(case.get_absolute_url()).text
    assert "FIR copy" in page and "CWC order" not in page
    hidden = reverse("documents:download", args=[case.reference, care_doc.pk])
    assert farida.get(hidden).status_code == 404
    form = farida.get(reverse("documents:add", args=[case.reference])).text
    assert f'value="{order.pk}"' not in form
    refused = attach(farida, case, order, "mine.pdf", PDF)
    assert refused.status_code == 200 and "Choose one of this case" in refused.text
    assert Document.objects.count() == 2


def test_a_document_is_removed_with_a_reason_and_its_file_goes(
    client_as: Any, case: Case, cast: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = services.document_attach(
        actor=cast["caseworker"], event=entry(case), data=PDF, filename="x.pdf", title="Wrong file"
    )
    url = reverse("documents:remove", args=[case.reference, document.pk])
    meera = client_as("caseworker")
    assert "Give" in meera.post(url, {"reason": ""}).text or Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = meera.post(url, {"reason": "The wrong file was attached"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(settings) == []
    removal = AuditRecord.objects.get(action=AuditAction.DELETE, object_type="documents.document")
    assert removal.reason == "The wrong file was attached"


def test_a_damaged_or_missing_file_is_said_plainly(client_as: Any, case: Case, cast: Any) -> None:
    document = services.document_attach(
        actor=cast["caseworker"], event=entry(case), data=PDF, filename="x.pdf", title="FIR"
    )
    services.storage().delete(document.blob)
    url = reverse("documents:download", args=[case.reference, document.pk])
    response = client_as("caseworker").get(url, follow=True)
    assert "missing from the storage" in response.text


def test_key_rotation_re_encrypts_the_files_and_loses_none(
    client_as: Any, case: Case, cast: Any, settings: Any
) -> None:
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    document = services.document_attach(
        actor=cast["caseworker"], event=entry(case), data=PDF, filename="x.pdf", title="FIR"
    )
    (before,) = stored_files(settings)
    old = before.read_bytes()
    new_key = Fernet.generate_key().decode()
    settings.MUKTI_FIELD_KEYS = [new_key, *settings.MUKTI_FIELD_KEYS]
    call_command("rotate_field_keys", stdout=StringIO(), stderr=StringIO())
    (after,) = stored_files(settings)
    assert after.read_bytes() != old
    settings.MUKTI_FIELD_KEYS = [new_key]  # the old key is gone: the file still reads
    url = reverse("documents:download", args=[case.reference, document.pk])
    assert client_as("caseworker").get(url).content == PDF


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_documents_and_a_restore_puts_them_back(
    client_as: Any, case: Case, cast: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.management import call_command

    from mukti.backups import services as backups

    document = services.document_attach(
        actor=cast["caseworker"], event=entry(case), data=PDF, filename="x.pdf", title="FIR"
    )
    path = tmp_path / "mukti.backup"
    backups.backup_write(actor=None, path=path)
    manifest = backups.backup_read(path=path)
    assert [f["name"] for f in manifest["files"]] == [document.blob]

    call_command("flush", interactive=False)  # an empty instance, and its storage emptied
    for stored in stored_files(settings):
        stored.unlink()
    backups.backup_restore(actor=None, path=path)
    (restored,) = stored_files(settings)
    assert restored.name == document.blob
    restored_document = Document.objects.get()
    assert services.document_download(actor=None, document=restored_document).data == PDF  # type: ignore[arg-type]

    # A backup that cannot read a document's file says so and leaves no archive behind.
    restored.unlink()
    with pytest.raises(ApplicationError, match="missing from the documents storage"):
        backups.backup_write(actor=None, path=tmp_path / "second.backup")
    assert not (tmp_path / "second.backup").exists()


def test_an_entry_with_a_document_is_not_removed_until_the_document_is(
    client_as: Any, case: Case, cast: Any
) -> None:
    event = entry(case)
    services.document_attach(
        actor=cast["caseworker"], event=event, data=PDF, filename="x.pdf", title="FIR"
    )
    url = reverse("cases:event-delete", args=[case.reference, event.pk])
    response = client_as("caseworker").post(url, follow=True)
    assert "This entry has documents attached: remove them first" in response.text
    assert Event.objects.filter(pk=event.pk).exists() and Document.objects.exists()


def test_the_case_page_reads_its_documents_in_one_query_however_many(
    client_as: Any, case: Case, cast: Any
) -> None:
    from django.test.utils import CaptureQueriesContext

    meera = client_as("caseworker")
    meera.get(case.get_absolute_url())  # the first read of the hour is noted in the audit log

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert meera.get(case.get_absolute_url()).status_code == 200
        return len(queries)

    services.document_attach(
        actor=cast["caseworker"], event=entry(case), data=PDF, filename="a.pdf", title="One"
    )
    one = count()
    for number in range(4):
        services.document_attach(
            actor=cast["caseworker"],
            event=entry(case),
            data=PDF,
            filename="b.pdf",
            title=f"{number}",
        )
    assert count() == one
