"""Every file upload is checked by its content and its size, never by its name or the type the
browser claims: a refused file gets a clear message and nothing is saved.

The two FileFields: the survivor's photo (cases.forms.IdentityForm, on "add survivor" and on the
identity edit reached from the audited reveal) and the narrative upload (intake.forms.DraftNewForm).
"""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mukti.cases.forms import PHOTO_MAX_BYTES
from mukti.cases.models import ProtectedIdentity, Survivor
from mukti.core.tests.dbstate import snapshot
from mukti.intake.loader import MAX_BYTES
from mukti.intake.models import Draft

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# The first bytes of a Windows executable and of a Linux one: headers with NULs, as real ones have.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + bytes(range(256)) * 8
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# Parameters hold (name, content, claimed type): each test makes its own file, read only once.
File = tuple[str, bytes, str]


def survivor_form(photo: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "pseudonym": "Shapla",
        "gender": "female",
        "age_years": "19",
        "nationality": "BD",
        "legal_name": "Amina Khatun Uploadtest",
        "photo": photo,
    }


BAD_PHOTOS = [
    pytest.param(
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * PHOTO_MAX_BYTES, "image/jpeg"),
        "The photo is larger than 2 MB.",
        id="a JPEG of more than 2 MB",
    ),
    pytest.param(
        ("photo.jpg", HTML, "image/jpeg"),
        "The photo must be a JPEG, PNG or WebP image.",
        id="an HTML page named photo.jpg",
    ),
    pytest.param(
        ("photo.png", EXE, "image/png"),
        "The photo must be a JPEG, PNG or WebP image.",
        id="an executable named photo.png",
    ),
    pytest.param(
        ("photo.webp", b"RIFF\x00\x00\x00\x00AVI LIST", "image/webp"),
        "The photo must be a JPEG, PNG or WebP image.",
        id="a video named photo.webp",
    ),
]


@pytest.mark.parametrize(("photo", "message"), BAD_PHOTOS)
def test_adding_a_survivor_refuses_a_photo_that_is_too_big_or_not_an_image(
    photo: File, message: str, client_as: Any, case: Any
) -> None:
    client = client_as("caseworker")
    before = snapshot()
    response = client.post(
        reverse("cases:survivor-add", kwargs={"reference": case.reference}),
        survivor_form(upload(*photo)),
    )
    assert response.status_code == 200
    assert message in response.text
    assert snapshot() == before


@pytest.mark.parametrize(("photo", "message"), BAD_PHOTOS)
def test_the_identity_edit_refuses_a_photo_that_is_too_big_or_not_an_image(
    photo: File, message: str, client_as: Any, case: Any
) -> None:
    client = client_as("caseworker")
    survivor = case.case_survivors.get().survivor
    url = reverse(
        "cases:survivor-identity-edit",
        kwargs={"reference": case.reference, "survivor_id": survivor.pk},
    )
    before = snapshot()
    response = client.post(
        url,
        {"reason": "Photo from the family", "legal_name": "Rokeya Begum", "photo": upload(*photo)},
    )
    assert response.status_code == 200
    assert message in response.text
    assert snapshot() == before


def test_a_real_photo_is_saved_with_the_type_read_from_its_bytes_not_the_browsers(
    client_as: Any, case: Any
) -> None:
    client = client_as("caseworker")
    photo = upload("photo.jpg", PNG, "text/html")
    response = client.post(
        reverse("cases:survivor-add", kwargs={"reference": case.reference}), survivor_form(photo)
    )
    assert response.status_code == 302
    identity = ProtectedIdentity.objects.get(survivor=Survivor.objects.get(pseudonym="Shapla"))
    assert (identity.photo, identity.photo_content_type) == (PNG, "image/png")


def docx_without_a_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE)
    return buffer.getvalue()


BAD_NARRATIVES = [
    pytest.param(
        ("report.txt", b"On 20 April 2024 she was taken.\n" * 40_000, "text/plain"),
        "report.txt is larger than 1 MB.",
        id="a text file of more than 1 MB",
    ),
    pytest.param(
        ("report.pdf", EXE, "application/pdf"),
        "report.pdf is not a PDF file.",
        id="an executable named report.pdf",
    ),
    pytest.param(
        ("report.pdf", HTML, "application/pdf"),
        "report.pdf is not a PDF file.",
        id="an HTML page named report.pdf",
    ),
    pytest.param(
        ("report.txt", ELF, "text/plain"),
        "report.txt is a binary file, not text.",
        id="an executable named report.txt",
    ),
    pytest.param(
        ("report.docx", docx_without_a_document(), "application/vnd.openxmlformats"),
        "report.docx is not a Word document (.docx).",
        id="a zip of an executable named report.docx",
    ),
    pytest.param(
        ("report.exe", b"On 20 April 2024 she was taken.\n", "text/plain"),
        "report.exe is not a .txt, .docx or .pdf file.",
        id="a file named .exe whatever the browser says",
    ),
]


@pytest.mark.parametrize(("narrative", "message"), BAD_NARRATIVES)
def test_a_narrative_upload_is_refused_by_its_content_and_size(
    narrative: File, message: str, client_as: Any, cast: Any
) -> None:
    client = client_as("caseworker")
    before = snapshot()
    response = client.post(reverse("intake:draft-new"), {"upload": upload(*narrative)})
    assert response.status_code == 200
    assert message in response.text
    assert snapshot() == before
    assert not Draft.objects.exists()


@pytest.mark.slow
def test_a_narrative_upload_at_the_size_limit_is_read(client_as: Any, cast: Any) -> None:
    line = b"On 20 April 2024 the caseworker called the Basirhat police station.\n"
    # One sentence padded with blank lines to exactly the limit: the extractor reads little.
    content = line + b"\n" * (MAX_BYTES - len(line))
    client = client_as("caseworker")
    response = client.post(
        reverse("intake:draft-new"), {"upload": upload("report.txt", content, "text/html")}
    )
    assert response.status_code == 302
    assert Draft.objects.get().filename == "report.txt"
