"""Turn an uploaded or given file into narrative text, or say in one sentence why it can't be.

Plain UTF-8 text, Word (.docx, read as a zip of XML without any extra library) and PDF (pypdf,
pure Python). Everything else, and text in a script the extractor does not read yet, is refused
with a message a caseworker understands.

Word and PDF files are read in a child process with limits on time, memory and the length of
the text (``sandbox.py``): a small hostile file must not hold a worker for minutes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000  # 1 MB: a field report is a few KB; a bigger file is not a narrative
# The longest narrative read: about 60 pages. Reading takes time in proportion (a 999,000-character
# paste once took a minute), and a longer text is better read in parts.
MAX_TEXT_CHARS = 200_000

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


class TextTooLong(UnreadableText):
    pass


def too_long_message() -> str:
    return _("has more than %(max)s characters of text: split it into parts and read each one") % {
        "max": f"{MAX_TEXT_CHARS:,}"
    }


def _read_limited(data: bytes, kind: str) -> str:
    from django.conf import settings

    from mukti.intake import sandbox

    limits = sandbox.Limits(
        seconds=settings.MUKTI_INTAKE_READ_SECONDS,
        memory_mb=settings.MUKTI_INTAKE_READ_MEMORY_MB,
        max_chars=MAX_TEXT_CHARS,
    )
    try:
        return sandbox.read_bounded(data, kind, limits)
    except sandbox.Unreadable as error:
        raise UnreadableText(_(str(error))) from None
    except sandbox.LimitHit as hit:
        if hit.kind == sandbox.TOO_LONG:
            raise TextTooLong(too_long_message()) from None
        if hit.kind == sandbox.NO_MEMORY:
            raise UnreadableText(
                _(
                    "needs more than %(mb)d MB of memory to read, so it was not read (it may be "
                    "damaged, or built to overload the server): paste its text instead"
                )
                % {"mb": limits.memory_mb}
            ) from None
        raise UnreadableText(
            _(
                "took longer than %(seconds)d seconds to read, so reading was stopped (it may be "
                "damaged, or built to overload the server): paste its text instead"
            )
            % {"seconds": limits.seconds}
        ) from None


def text_from_bytes(data: bytes, filename: str = "") -> str:
    if len(data) > MAX_BYTES:
        raise UnreadableText(_("is larger than 1 MB"))
    if not data.strip():
        raise UnreadableText(_("is empty"))
    lower = filename.lower()
    if lower.endswith(".docx"):
        text = _read_limited(data, "docx")
    elif lower.endswith(".pdf"):
        text = _read_limited(data, "pdf")
    else:
        if data.startswith(b"%PDF-"):
            text = _read_limited(data, "pdf")
        elif data.startswith(b"PK\x03\x04"):
            text = _read_limited(data, "docx")
        else:
            text = _plain_text(data)
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse text that is empty or in a script the extractor does not read yet."""
    if not text.strip():
        raise UnreadableText(_("has no text"))
    if len(text.strip()) > MAX_TEXT_CHARS:
        raise TextTooLong(too_long_message())
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


def docx_text(data: bytes, *, max_chars: int = MAX_TEXT_CHARS) -> str:
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
    paragraphs, length = [], 0
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
        length += len(paragraphs[-1]) + 1
        if length > max_chars:
            raise TextTooLong(too_long_message())
    return "\n".join(paragraphs).strip() + "\n"


def pdf_text(data: bytes, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    import pypdf
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    # No stream may inflate past 10 MB (pypdf allows 75 MB): a narrative's page is a few KB.
    ceiling = 10_000_000
    pypdf.overwrite_configuration(
        zlib_maximum_output_length=ceiling,
        lzw_maximum_output_length=ceiling,
        run_length_maximum_output_length=ceiling,
        array_based_stream_maximum_output_length=ceiling,
        maximum_declared_stream_length=ceiling,
    )

    if not data.startswith(b"%PDF-"):
        raise UnreadableText(_("is not a PDF file"))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableText(_("is a password-protected PDF"))
        pages, length = [], 0
        for page in reader.pages[:50]:  # page by page, stopping once the text is too long
            pages.append(page.extract_text() or "")
            length += len(pages[-1]) + 1
            if length > max_chars:
                raise TextTooLong(too_long_message())
    except LimitReachedError:
        raise UnreadableText(
            _(
                "holds a part that unpacks to more than 10 MB, far more than a narrative needs, "
                "so it was not read (it may be built to overload the server): paste its text "
                "instead"
            )
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise UnreadableText(_("is not a readable PDF file")) from None
    text = "\n".join(pages)
    text = re.sub(r"[ \t]+\n", "\n", text)
    if not text.strip():
        raise UnreadableText(_("has no text layer (a scanned PDF?): paste the text instead"))
    return text
