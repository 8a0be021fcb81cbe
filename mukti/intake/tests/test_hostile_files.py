"""Hostile narratives are refused quickly, in plain words, and change nothing.

Each file is generated here: a PDF whose one page inflates to 60 MB, a PDF whose page is a few
megabytes of drawing operators (it once took a parser twenty minutes), a Word file whose text
inflates past any narrative, and a paste of almost a million characters. Each test bounds its
own wall-clock time.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mukti.core.tests.dbstate import snapshot
from mukti.intake.loader import UnreadableText, text_from_bytes
from mukti.intake.models import Draft


def pdf_with_page(content: bytes) -> bytes:
    """A minimal valid PDF whose one page draws ``content`` (stored deflated)."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_with(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def refused(data: bytes, name: str, budget: float) -> str:
    started = time.monotonic()
    with pytest.raises(UnreadableText) as error:
        text_from_bytes(data, name)
    elapsed = time.monotonic() - started
    assert elapsed < budget, f"{name} took {elapsed:.1f} s to refuse"
    return str(error.value)


def test_a_small_readable_pdf_is_still_read() -> None:
    page = b"BT /F1 12 Tf 72 700 Td (On 20 April 2024 the police rescued Mazina.) Tj ET"
    assert "rescued Mazina" in text_from_bytes(pdf_with_page(page), "report.pdf")


def test_a_deflate_bomb_pdf_is_refused_fast() -> None:
    bomb = pdf_with_page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" + b" " * 60_000_000)
    assert len(bomb) < 100_000
    message = refused(bomb, "bomb.pdf", budget=10)
    assert "unpacks to more than 10 MB" in message


def test_a_pdf_that_keeps_the_parser_busy_is_stopped_at_the_time_limit(settings: Any) -> None:
    settings.MUKTI_INTAKE_READ_SECONDS = 2
    # Under the 10 MB ceiling: 200,000 text objects of one letter each (about 15 s of parsing).
    busy = pdf_with_page(b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (a) Tj ET\n" * 200_000)
    assert len(busy) < 50_000
    message = refused(busy, "busy.pdf", budget=10)
    assert "took longer than 2 seconds to read, so reading was stopped" in message


def test_a_docx_zip_bomb_is_refused_fast() -> None:
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + paragraph * 500_000 + b"</w:body></w:document>"
    )
    bomb = docx_with(xml)
    assert len(bomb) < 200_000
    message = refused(bomb, "bomb.docx", budget=15)
    assert "has more than 200,000 characters" in message or "memory" in message


def test_a_docx_declaring_a_huge_document_is_refused_without_unpacking_it() -> None:
    bomb = docx_with(b"<w:document/>" + b" " * 30_000_000)
    assert "is larger than 1 MB" in refused(bomb, "big.docx", budget=5)


@pytest.mark.django_db
def test_a_paste_of_a_million_characters_is_refused_at_once(client_as: Any) -> None:
    client = client_as("caseworker")
    before = snapshot()
    started = time.monotonic()
    text = "On 20 April 2024 the police rescued Mazina. " * 22_700  # 999,000 characters
    response = client.post(reverse("intake:draft-new"), {"text": text})
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "has more than 200,000 characters of text" in response.text
    assert snapshot() == before and not Draft.objects.exists()


@pytest.mark.django_db
def test_a_form_body_over_the_limit_is_refused_in_words(client_as: Any) -> None:
    client = client_as("caseworker")
    response = client.post(reverse("intake:draft-new"), {"text": "x" * 3_000_000})
    assert response.status_code == 400
    assert "larger than Mukti accepts (2 MB of form data)" in response.text
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_hostile_upload_through_the_page_says_which_limit(client_as: Any) -> None:
    bomb = pdf_with_page(b" " * 60_000_000)
    response = client_as("caseworker").post(
        reverse("intake:draft-new"),
        {"upload": SimpleUploadedFile("bomb.pdf", bomb, content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert "bomb.pdf holds a part that unpacks to more than 10 MB" in response.text
