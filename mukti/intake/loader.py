"""Turn an uploaded or given file into narrative text, or say in one sentence why it can't be.

Plain UTF-8 text, Word (.docx, read as a zip of XML without any extra library) and PDF (pypdf,
pure Python). Everything else, and text in a script the extractor does not read yet, is refused
with a message a caseworker understands.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000  # 1 MB: a field report is a few KB; a bigger file is not a narrative

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SCRIPTS = {
    "BENGALI": "Bengali",
    "DEVANAGARI": "Hindi (Devanagari)",
    "GURMUKHI": "Punjabi (Gurmukhi)",
    "ORIYA": "Odia",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "GUJARATI": "Gujarati",
    "ARABIC": "Urdu (Arabic script)",
}


class UnreadableText(Exception):
    """The file cannot be read as a narrative; ``str()`` is the reason, for a person."""


def text_from_bytes(data: bytes, filename: str = "") -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableText(_("is larger than 1 MB"))
    if not data.strip():
        raise UnreadableText(_("is empty"))
    lower = filename.lower()
    if lower.endswith(".docx"):
        text = _docx_text(data)
    elif lower.endswith(".pdf"):
        text = _pdf_text(data)
    else:
        if data.startswith(b"%PDF-"):
            text = _pdf_text(data)
        elif data.startswith(b"PK\x03\x04"):
            text = _docx_text(data)
        else:
            text = _plain_text(data)
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse text that is empty or in a script the extractor does not read yet."""
    if not text.strip():
        raise UnreadableText(_("has no text"))
    script = dominant_foreign_script(text)
    if script:
        raise UnreadableText(
            _("is written in %(script)s, which is not supported yet: only English is read")
            % {"script": script}
        )


def dominant_foreign_script(text: str) -> str | None:
    """The name of a non-Latin script if it makes up more than a fifth of the letters."""
    counts: dict[str, int] = {}
    letters = 0
    for char in text[:20000]:
        if not char.isalpha():
            continue
        letters += 1
        if ord(char) < 0x250:
            continue
        script = unicodedata.name(char, "").split(" ")[0]
        if script in _SCRIPTS:
            counts[script] = counts.get(script, 0) + 1
    if not counts or not letters:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    return _SCRIPTS[script] if count / letters > 0.2 else None


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableText(_("is a binary file, not text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableText(
            _("is not UTF-8 text (byte %(position)d); save it as UTF-8 and try again")
            % {"position": error.start}
        ) from None
    controls = sum(
        1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f"
    )
    if controls > 8:
        raise UnreadableText(_("is a binary file, not text"))
    return text


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * MAX_BYTES:
                raise UnreadableText(_("is larger than 1 MB"))
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise UnreadableText(_("is not a Word document (.docx)")) from None
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - a document's own XML, no entities
    except ElementTree.ParseError:
        raise UnreadableText(_("is not a Word document (.docx)")) from None
    paragraphs = []
    for paragraph in root.iter(f"{_WORD}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_WORD}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_WORD}tab":
                parts.append("\t")
            elif node.tag in (f"{_WORD}br", f"{_WORD}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip() + "\n"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise UnreadableText(_("is not a PDF file"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableText(_("is a password-protected PDF"))
        pages = [page.extract_text() or "" for page in reader.pages[:50]]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise UnreadableText(_("is not a readable PDF file")) from None
    text = "\n".join(pages)
    text = re.sub(r"[ \t]+\n", "\n", text)
    if not text.strip():
        raise UnreadableText(_("has no text layer (a scanned PDF?): paste the text instead"))
    return text
