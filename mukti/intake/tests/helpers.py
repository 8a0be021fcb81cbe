"""Small builders of test files (a real .docx and a real text PDF, made here, not shipped) and the
short readings of an extraction that the tests of the general forms compare."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from mukti.documents.demo import one_page_pdf
from mukti.intake.extraction import extract

REPORT_DAY = dt.date(2025, 3, 20)


def events(text: str, reference: dt.date | None = REPORT_DAY) -> list[tuple[str, str | None]]:
    """Each event's type and date, in order."""
    return [(e["type"], e["date"]) for e in extract(text, reference_date=reference)["events"]]


def rules_of(text: str, kind: str) -> list[str]:
    """The rules that read the events of one type (the report dated REPORT_DAY)."""
    found = extract(text, reference_date=REPORT_DAY)["events"]
    return [e["rule"] for e in found if e["type"] == kind]


def places(text: str) -> list[str]:
    return [p["name"] for p in extract(text)["places"]]


def officials(text: str) -> list[str]:
    return [o["title"] for o in extract(text)["officials"]]


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
        f'.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, ASCII only)."""
    return one_page_pdf(lines)
