"""What a file is, read from its bytes (never from its name or the type the browser claims)."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The kinds Mukti keeps, with the extension a download is named with and what a user calls it.
KINDS: dict[str, tuple[str, str]] = {
    PDF: (".pdf", "PDF"),
    JPEG: (".jpg", "JPEG"),
    PNG: (".png", "PNG"),
    DOCX: (".docx", "Word (.docx)"),
}
KIND_CHOICES = [(kind, label) for kind, (_ext, label) in KINDS.items()]
ACCEPTED = _("PDF, JPEG, PNG or Word (.docx)")


def content_kind(data: bytes) -> str | None:
    """The kind of a file from its content, or None when it is none Mukti keeps."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        # A .docx is a zip holding a Word document; any other zip (or a damaged one) is not.
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None
